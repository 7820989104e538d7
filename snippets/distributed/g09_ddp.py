import os
import runpy
import signal
import subprocess
import sys
import tempfile
import time

import torch

WORLD_SIZE = 2

WORKER = '''
import gc
import sys
from datetime import timedelta

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP


def make_model_and_data():
    torch.manual_seed(0)
    net = nn.Linear(3, 1)
    X, y = torch.randn(8, 3), torch.randn(8, 1)
    return net, X, y


def train_step(net, X, y):
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    loss = nn.functional.mse_loss(net(X), y)
    loss.backward()  # DDP averages the gradients of all ranks here
    opt.step()
    return loss.item()


def train(rank, world_size, device):
    net, X, y = make_model_and_data()
    model = DDP(net.to(device), device_ids=[device] if device.type == "cuda" else None)
    X, y = X[rank::world_size].to(device), y[rank::world_size].to(device)  # each rank its own samples
    loss = train_step(model, X, y)
    return {"loss": loss, "state": {k: v.cpu() for k, v in model.module.state_dict().items()}}


if __name__ == "__main__":
    rank, world_size, workdir, backend = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    device = torch.device("cuda", rank) if backend == "nccl" else torch.device("cpu")
    if device.type == "cuda":
        torch.cuda.set_device(device)
    dist.init_process_group(backend, init_method=f"file://{workdir}/store", rank=rank,
                            world_size=world_size, timeout=timedelta(seconds=60))
    try:
        result = train(rank, world_size, device)
        gc.collect()  # the DDP model is freed before its process group (see the pitfall below)
    finally:
        dist.destroy_process_group()
    torch.save(result, f"{workdir}/rank{rank}.pt")
'''


def run_workers(code, workdir, *args, timeout=120):  # (1)!
    script = os.path.join(workdir, "worker.py")
    with open(script, "w") as f:
        f.write(code)
    env = dict(os.environ, OMP_NUM_THREADS="1", GLOO_SOCKET_IFNAME="lo0" if sys.platform == "darwin" else "lo")  # (2)!
    logs = [open(os.path.join(workdir, f"rank{rank}.log"), "w+") for rank in range(WORLD_SIZE)]
    procs = [subprocess.Popen([sys.executable, "-X", "faulthandler", script, str(rank), str(WORLD_SIZE), workdir, *args],
                              stdout=log, stderr=subprocess.STDOUT, env=env) for rank, log in enumerate(logs)]  # (3)!
    deadline = time.monotonic() + timeout
    try:
        codes = [p.poll() for p in procs]
        while None in codes and not any(codes):  # until all have ended or one has failed
            if time.monotonic() > deadline:
                for p in procs:
                    p.send_signal(signal.SIGABRT)  # (4)!
                    p.wait(timeout=10)
            time.sleep(0.05)
            codes = [p.poll() for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()  # (5)!
            p.wait()
        outputs = []
        for log in logs:
            log.seek(0)
            outputs.append(log.read())
            log.close()
    if any(p.returncode for p in procs):
        raise RuntimeError("a worker failed or timed out:\n" + "".join(
            f"--- rank {rank}, exit code {p.returncode}:\n{out}" for rank, (p, out) in enumerate(zip(procs, outputs))))
    return outputs


use_gpus = torch.cuda.device_count() >= WORLD_SIZE and torch.distributed.is_nccl_available()
backend = "nccl" if use_gpus else "gloo"  # (6)!
print(f"backend: {backend}, {WORLD_SIZE} processes" + (", one GPU each" if use_gpus else " on the CPU"))
with tempfile.TemporaryDirectory() as workdir:
    run_workers(WORKER, workdir, backend)
    results = [torch.load(os.path.join(workdir, f"rank{rank}.pt")) for rank in range(WORLD_SIZE)]
    worker = runpy.run_path(os.path.join(workdir, "worker.py"))  # (7)!
for rank, result in enumerate(results):
    print(f"rank {rank}: local loss {result['loss']:.4f}, weight {result['state']['weight']}")
same = all(torch.equal(r["state"][k], results[0]["state"][k]) for r in results for k in r["state"])
print("all ranks hold the same parameters:", same)

net, X, y = worker["make_model_and_data"]()
worker["train_step"](net, X, y)  # (8)!
single = all(torch.allclose(p, results[0]["state"][k]) for k, p in net.state_dict().items())
print("same as one process on the whole batch:", single)
