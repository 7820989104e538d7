"""Claims of the checkpoints-with-several-processes page (d02, d03) that the printed output
alone does not prove, and of the launcher every multi-process example shares (g09, d02–d04).
Each snippet starts its 2 workers once per session (the runner memoises its run)."""

import gc
import os
import re
from pathlib import Path

import pytest
import torch
import torch.distributed as dist

from snippet_runner import SNIPPETS_DIR


def launched_workers() -> list[int]:
    """This process's children started by the examples' launcher (`python -X faulthandler worker.py …`);
    other children of the test session (a Jupyter kernel, the browser) are not the examples'.
    Read from /proc (Linux), so that the version matrix's lean environments run it too."""
    workers = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            argv = (stat.parent / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
        if ppid == os.getpid() and b"faulthandler" in argv[1:3]:
            workers.append(int(stat.parent.name))
    return workers


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
    """What the rank's worker printed, less the lines the gloo of torch 2.8–2.10 writes to the
    terminal itself ("[Gloo] Rank 0 is connected to 1 peer ranks. …")."""
    return [line for line in ns["printed"][rank].splitlines() if not line.startswith("[Gloo] ")]


def test_d02_one_rank_saves_all_wait_every_rank_loads(snippet):
    # backs: sharded.md "Rank 0 alone writes the file"
    ns = snippet("sharded/d02_ddp_checkpoints")
    worker = ns["WORKER"]
    assert worker.index("if rank == 0:") < worker.index("torch.save(model.module.state_dict(), path)")
    assert worker.index("torch.save(") < worker.index("dist.barrier()") < worker.index("torch.load(path, map_location=device)")
    for rank in (0, 1):
        assert any("loaded <All keys matched successfully>" in line for line in _printed(ns, rank))
    # backs: sharded.md "each rank computed them on its own half"
    # backs: sharded.md "DDP averages only the gradients of the parameters"
    after_step = [_printed(ns, r)[0].split("tensor")[1] for r in (0, 1)]
    after_forward = [_printed(ns, r)[1].split("tensor")[1] for r in (0, 1)]
    assert after_step[0] != after_step[1] and after_forward[0] == after_forward[1] == after_step[0]
    import inspect

    from torch.nn.parallel import DistributedDataParallel as DDP

    if "forward_sync_buffers" not in inspect.signature(DDP).parameters:
        return  # torch 2.10: only `broadcast_buffers`, which does not warn
    # backs: sharded.md "which deprecates the older `broadcast_buffers` (it warns with a `FutureWarning`"
    assert "FutureWarning: `broadcast_buffers` is deprecated" in ns["printed"][0]
    # backs: sharded.md "`broadcast_buffers=False` also skips the broadcast at construction, `forward_sync_buffers=False` does not"
    # backs: sharded.md "rank 1 keeps its 1s with the old switch, and gets rank 0's 0s with the new one"
    # backs: sharded.md pitfall "The new switch still broadcasts rank 0's buffers when `DDP(...)` is built"
    built = {r: [line for line in _printed(ns, r) if "running_mean after DDP(...)" in line] for r in (0, 1)}
    assert [line.split(": ", 1)[1].split(",")[0] for line in built[1]] == ["broadcast_buffers=False", "forward_sync_buffers=False"]
    assert [line.split("tensor(")[1][:12] for line in built[1]] == ["[1., 1., 1.]", "[0., 0., 0.]"]
    assert [line.split("tensor(")[1][:12] for line in built[0]] == ["[0., 0., 0.]", "[0., 0., 0.]"]


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


def test_d02_ddp_syncs_buffers_before_a_forward_unless_the_last_one_ran_without_grad():
    # backs: sharded.md "not after a forward pass run under `torch.no_grad()` or `no_sync()`"
    # backs: sharded.md "It needs its input on a GPU (or an HPU, XPU or other accelerator)"
    from torch import nn
    from torch.nn.parallel import DistributedDataParallel as DDP

    dist.init_process_group("gloo", store=dist.HashStore(), rank=0, world_size=1)
    try:
        model = DDP(nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2)))
        calls = []
        sync = model._sync_buffers
        model._sync_buffers = lambda: (calls.append(torch.is_grad_enabled()), sync())
        X = torch.randn(4, 2)
        model(X).sum().backward()
        with torch.no_grad():
            model(X)  # follows a forward with grad: synced
            model(X)  # follows a no_grad forward: not synced
        model(X).sum().backward()  # not synced either
        model(X).sum().backward()  # synced again
        with model.no_sync():
            model(X).sum().backward()  # synced (the one before had grad), and stops the next sync
        model(X).sum().backward()  # follows a no_sync forward: not synced
        assert calls == [True, False, True, True], calls
        assert model.forward_sync_buffers, "on by default"

        sync_bn = nn.SyncBatchNorm(2)
        with pytest.raises(ValueError, match="expected input tensor to be on GPU"):
            sync_bn(X)
        sync_bn.eval()
        sync_bn(X)  # eval mode uses the running statistics: no communication, works on the CPU
        del model, sync_bn
        gc.collect()
    finally:
        dist.destroy_process_group()


def test_d02_the_deprecation_is_dated_2_13_and_its_warning_says_the_init_sync_differs():
    # backs: sharded.md "`forward_sync_buffers` is the switch from torch 2.13"
    # backs: sharded.md pitfall "Torch 2.13's warning says to keep `broadcast_buffers=False` for such buffers for now"
    import inspect
    import warnings

    from torch import nn
    from torch.nn.parallel import DistributedDataParallel as DDP

    if "forward_sync_buffers" not in inspect.signature(DDP).parameters:
        pytest.skip("a torch without forward_sync_buffers")
    doc = " ".join(DDP.__doc__.split())
    assert "broadcast_buffers (bool or None)" in doc and ".. deprecated:: 2.13 Use ``forward_sync_buffers`` instead." in doc
    assert "the deprecated ``broadcast_buffers=False`` excludes buffers from this init sync" in doc
    assert "``forward_sync_buffers`` does not affect init sync" in doc
    dist.init_process_group("gloo", store=dist.HashStore(), rank=0, world_size=1)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model = DDP(nn.Linear(2, 2), broadcast_buffers=False)
        message = " ".join(str(w.message) for w in caught if w.category is FutureWarning)
        assert "`forward_sync_buffers=False` still syncs buffers at init" in message
        assert "keep using `broadcast_buffers=False`" in message
        del model
        gc.collect()
    finally:
        dist.destroy_process_group()
