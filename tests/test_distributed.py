"""Claims of the distributed chapter that its printed output alone does not prove."""

import multiprocessing

import torch


def test_g08_runs_and_both_loops_log_the_same_losses(snippet):
    ns = snippet("distributed/g08_sync_in_loop")
    every_step, at_end = ns["results"][True], ns["results"][False]
    assert len(every_step) == len(at_end) == 50
    assert all(isinstance(v, float) for v in every_step + at_end)
    assert torch.allclose(torch.tensor(every_step), torch.tensor(at_end))


def test_g09_ranks_end_with_equal_parameters_that_average_their_gradients(snippet):
    ns = snippet("distributed/g09_ddp")
    results = ns["results"]
    assert len(results) == ns["WORLD_SIZE"] == 2
    first = results[0]["state"]
    assert set(first) == {"weight", "bias"}
    for r in results[1:]:
        assert all(torch.equal(r["state"][k], first[k]) for k in first), "ranks ended with different parameters"
    assert results[0]["loss"] != results[1]["loss"], "each rank must have trained on its own shard"

    worker = ns["worker"]
    whole, X, y = worker["make_model_and_data"]()
    assert not torch.equal(whole.weight, first["weight"]), "the step must have changed the parameters"
    worker["train_step"](whole, X, y)
    assert all(torch.allclose(p, first[k]) for k, p in whole.state_dict().items()), "not the whole-batch step"

    shard, X, y = worker["make_model_and_data"]()
    worker["train_step"](shard, X[0::2], y[0::2])
    assert not torch.allclose(shard.weight, first["weight"]), "rank 0's own gradient alone gives other parameters"
    assert multiprocessing.active_children() == [], "a worker process was left behind"


# backs: distributed.md "across machines use the local rank, the GPU's index on its own machine"
def test_g09_across_two_nodes_the_global_rank_is_not_the_local_device_index(tmp_path):
    """Two torchrun "nodes" of two processes each, on this machine: ranks 2 and 3 are GPUs 0 and 1 of node 1.
    They meet at a store this test holds open (c10d rendezvous, is_host=false): its port, picked
    by the system, stays bound until the end, so no other process can take it in between."""
    import subprocess
    import sys
    from datetime import timedelta

    from torch.distributed import TCPStore

    worker = tmp_path / "worker.py"
    worker.write_text(
        "import os, sys\n"
        "open(os.path.join(sys.argv[1], 'rank' + os.environ['RANK']), 'w').write(os.environ['LOCAL_RANK'])\n"
    )
    store = TCPStore("127.0.0.1", 0, is_master=True, wait_for_workers=False, timeout=timedelta(seconds=300))
    nodes = [
        subprocess.Popen(
            [sys.executable, "-m", "torch.distributed.run", "--nnodes=2", "--nproc-per-node=2", "--rdzv-backend=c10d",
             f"--rdzv-endpoint=127.0.0.1:{store.port}", "--rdzv-conf=is_host=false", "--rdzv-id=two-nodes",
             str(worker), str(tmp_path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    try:
        assert [node.wait(timeout=300) for node in nodes] == [0, 0]
    finally:
        for node in nodes:
            node.kill()
    local = {rank: int((tmp_path / f"rank{rank}").read_text()) for rank in range(4)}
    assert local == {0: 0, 1: 1, 2: 0, 3: 1}

def test_g09_workers_are_fresh_interpreters_not_forks_and_no_process_is_left():
    # backs: distributed.md "Fresh interpreters, not copies of this one"
    import psutil
    from snippet_runner import SNIPPETS_DIR

    source = (SNIPPETS_DIR / "distributed/g09_ddp.py").read_text()
    assert "subprocess.Popen([sys.executable" in source and "fork" not in source.replace("faulthandler", "")
    from test_sharded import launched_workers

    assert launched_workers() == [], "a worker process was left behind"


def test_g09_launcher_turns_a_hang_into_an_error_that_says_where(tmp_path):
    # backs: distributed.md "A hang becomes an error message that says where"
    # backs: distributed.md "When one worker fails, the others are killed"
    import pytest
    from snippet_runner import SNIPPETS_DIR

    source = (SNIPPETS_DIR / "distributed/g09_ddp.py").read_text()
    ns = {}
    exec(source[: source.index("\nuse_gpus")], ns)  # the imports, WORKER and run_workers
    hang = "import time\nprint('waiting', flush=True)\ntime.sleep(600)\n"
    with pytest.raises(RuntimeError, match=r"(?s)exit code -6.*waiting.*Fatal Python error: Aborted.*line 3"):
        ns["run_workers"](hang, str(tmp_path), timeout=2)
    fail = "import sys, time\nif sys.argv[1] == '1':\n    raise SystemExit('rank 1 fails')\ntime.sleep(600)\n"
    with pytest.raises(RuntimeError, match=r"(?s)rank 0, exit code -9.*rank 1, exit code 1:\nrank 1 fails"):
        ns["run_workers"](fail, str(tmp_path), timeout=300)
