import os
import sys
import tempfile
import time
from datetime import timedelta

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP

WORLD_SIZE = 2
TIMEOUT = timedelta(seconds=60)


def make_model_and_data():
    torch.manual_seed(0)
    net = nn.Linear(3, 1, device="cpu")
    X, y = torch.randn(8, 3, device="cpu"), torch.randn(8, 1, device="cpu")
    return net, X, y


def train_step(net, X, y):
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    loss = nn.functional.mse_loss(net(X), y)
    loss.backward()
    opt.step()
    return loss.item()


def worker(rank, backend, workdir):
    if backend == "nccl":
        device = torch.device("cuda", rank)
        torch.cuda.set_device(device)
    else:
        device = torch.device("cpu")
        os.environ["GLOO_SOCKET_IFNAME"] = "lo0" if sys.platform == "darwin" else "lo"  # (1)!
    dist.init_process_group(
        backend,
        init_method="file://" + os.path.join(workdir, "store"),  # (2)!
        rank=rank,
        world_size=WORLD_SIZE,
        timeout=TIMEOUT,
    )
    try:
        net, X, y = make_model_and_data()
        model = DDP(net.to(device), device_ids=[rank] if backend == "nccl" else None)  # (3)!
        X, y = X[rank::WORLD_SIZE].to(device), y[rank::WORLD_SIZE].to(device)  # (4)!
        loss = train_step(model, X, y)  # (5)!
        state = {k: v.cpu() for k, v in model.module.state_dict().items()}
        torch.save({"loss": loss, "state": state}, os.path.join(workdir, f"rank{rank}.pt"))
    finally:
        dist.destroy_process_group()


def run_workers(backend, workdir, start_method):
    context = mp.start_processes(  # (6)!
        worker, args=(backend, workdir), nprocs=WORLD_SIZE, join=False, start_method=start_method
    )
    deadline = time.monotonic() + 2 * TIMEOUT.total_seconds()
    try:
        while not context.join(timeout=max(deadline - time.monotonic(), 0)):
            if time.monotonic() >= deadline:
                raise TimeoutError("the workers did not finish in time")
    finally:
        for process in context.processes:
            if process.is_alive():
                process.kill()
            process.join()


if __name__ == "__main__":
    from_file = getattr(sys.modules["__main__"], "__file__", None) is not None  # (7)!
    if from_file and torch.cuda.device_count() >= WORLD_SIZE and dist.is_nccl_available():
        backend = "nccl"
        print(f"backend: nccl, {WORLD_SIZE} processes, one GPU each")
    else:
        backend = "gloo"
        print(f"backend: gloo, {WORLD_SIZE} processes on the CPU")
    with tempfile.TemporaryDirectory() as workdir:
        run_workers(backend, workdir, "spawn" if from_file else "fork")
        results = [torch.load(os.path.join(workdir, f"rank{r}.pt")) for r in range(WORLD_SIZE)]
    for rank, result in enumerate(results):
        print(f"rank {rank}: local loss {result['loss']:.4f}, weight {result['state']['weight']}")
    same = all(torch.equal(r["state"][k], results[0]["state"][k]) for r in results for k in r["state"])
    print("all ranks hold the same parameters:", same)

    net, X, y = make_model_and_data()
    train_step(net, X, y)  # (8)!
    single = all(torch.allclose(p, results[0]["state"][k]) for k, p in net.state_dict().items())
    print("same as one process on the whole batch:", single)
