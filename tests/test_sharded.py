"""Claims of the checkpoints-with-several-processes page (d02, d03) that the printed output
alone does not prove, and of the launcher every multi-process example shares (g09, d02–d04).
Each snippet starts its 2 workers once per session (the runner memoises its run)."""

import re

import psutil
import torch
import torch.distributed as dist

from snippet_runner import SNIPPETS_DIR

def launched_workers() -> list:
    """This process's children started by the examples' launcher (`python -X faulthandler worker.py …`);
    other children of the test session (a Jupyter kernel, the browser) are not the examples'."""
    return [p for p in psutil.Process().children(recursive=True) if "faulthandler" in p.cmdline()[1:3]]


MULTI_PROCESS = ["distributed/g09_ddp", "sharded/d02_ddp_checkpoints", "sharded/d03_dcp", "fsdp/d04_fully_shard"]


def _launcher(name):
    source = (SNIPPETS_DIR / f"{name}.py").read_text()
    return re.sub(r"  # \(\d\)!", "", source[source.index("def run_workers"): source.index("\n\nuse_gpus")]).strip()


def test_every_multi_process_example_repeats_the_same_launcher():
    # backs: sharded.md "They use the `run_workers`"
    # backs: distributed.md "every multi-process example on this site repeats this `run_workers` word for word"
    first = _launcher(MULTI_PROCESS[0])
    for name in MULTI_PROCESS[1:]:
        assert _launcher(name) == first, f"{name}: run_workers differs from g09's"
    for name in MULTI_PROCESS:
        worker = (SNIPPETS_DIR / f"{name}.py").read_text().split("WORKER = '''", 1)[1].split("'''", 1)[0]
        # backs: distributed.md "Free the model first"
        assert worker.index("gc.collect()") < worker.index("dist.destroy_process_group()"), name
        # backs: sharded.md "Only the device lines change for NCCL"
        assert 'torch.device("cuda", rank) if backend == "nccl"' in worker and "torch.cuda.set_device(device)" in worker, name


def _printed(ns, rank):
    return ns["printed"][rank].splitlines()


def test_d02_one_rank_saves_all_wait_every_rank_loads(snippet):
    # backs: sharded.md "Rank 0 alone writes the file"
    ns = snippet("sharded/d02_ddp_checkpoints")
    worker = ns["WORKER"]
    assert worker.index("if rank == 0:") < worker.index("torch.save(model.module.state_dict(), path)")
    assert worker.index("torch.save(") < worker.index("dist.barrier()") < worker.index("torch.load(path, map_location=device)")
    for rank in (0, 1):
        assert any("loaded <All keys matched successfully>" in line for line in _printed(ns, rank))
    # backs: sharded.md "each rank computed them on its own half"
    after_step = [_printed(ns, r)[0].split("tensor")[1] for r in (0, 1)]
    after_forward = [_printed(ns, r)[1].split("tensor")[1] for r in (0, 1)]
    assert after_step[0] != after_step[1] and after_forward[0] == after_forward[1] == after_step[0]
    # backs: sharded.md "`broadcast_buffers`, is deprecated and warns"
    assert "FutureWarning: `broadcast_buffers` is deprecated" in ns["printed"][0]


def test_d03_each_rank_writes_its_part_and_one_process_reads_the_converted_file(snippet):
    # backs: sharded.md "dcp_to_torch_save` needs no process group"
    ns = snippet("sharded/d03_dcp")
    assert not dist.is_initialized()
    assert "['.metadata', '__0_0.distcp', '__1_0.distcp']" in ns["printed"][0]
    saved = ns["worker"]["make_net"](seed=0).state_dict()
    assert set(ns["state"]) == {"model"}
    assert all(torch.equal(saved[k], v) and type(v) is torch.Tensor for k, v in ns["state"]["model"].items())
    fresh = ns["worker"]["make_net"](seed=1).state_dict()
    assert not any(torch.equal(saved[k], fresh[k]) for k in saved), "the fresh model must start from other values"


def test_no_worker_outlives_its_example(snippet):
    for name in MULTI_PROCESS:
        snippet(name)
    assert launched_workers() == [], "a worker process was left behind"
