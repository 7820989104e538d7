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
from torch.distributed.algorithms.ddp_comm_hooks.default_hooks import allreduce_hook
from torch.nn.parallel import DistributedDataParallel as DDP


def make_model_and_data(seed=0):
    torch.manual_seed(seed)
    net = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))
    torch.manual_seed(0)
    X, y = torch.randn(8, 3), torch.randn(8, 1)
    return net, X, y


def step(net, X, y, world_size, by_hand):
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    nn.functional.mse_loss(net(X), y).backward()
    calls = 0
    if by_hand:
        for p in net.parameters():  # (1)!
            dist.all_reduce(p.grad)
            p.grad /= world_size
            calls += 1
    grads = [p.grad.clone() for p in net.parameters()]
    opt.step()
    return grads, calls


def train(rank, world_size, device):
    by_hand, X, y = make_model_and_data()
    by_hand = by_hand.to(device)
    X, y = X[rank::world_size].to(device), y[rank::world_size].to(device)
    grads_by_hand, calls = step(by_hand, X, y, world_size, by_hand=True)
    print(f"by hand: {calls} all_reduce calls, after backward()")

    net, _, _ = make_model_and_data(seed=rank)  # (2)!
    ddp = DDP(net.to(device), device_ids=[device] if device.type == "cuda" else None)
    events = []

    def counting_hook(state, bucket):  # (3)!
        events.append(f"all_reduce of one bucket of {len(bucket.gradients())} gradients")
        return allreduce_hook(state, bucket)

    ddp.register_comm_hook(dist.group.WORLD, counting_hook)
    for name, p in ddp.module.named_parameters():
        p.register_hook(lambda grad, name=name: events.append(f"gradient of {name}"))
    grads_ddp, _ = step(ddp, X, y, world_size, by_hand=False)
    print("DDP:", "; ".join(events))
    print("same averaged gradients as by hand:", all(torch.equal(a, b) for a, b in zip(grads_by_hand, grads_ddp)))

    unsynced, _, _ = make_model_and_data(seed=rank)  # (4)!
    step(unsynced.to(device), X, y, world_size, by_hand=True)
    return {"by_hand": {k: v.cpu() for k, v in by_hand.state_dict().items()},
            "ddp": {k: v.cpu() for k, v in ddp.module.state_dict().items()},
            "unsynced": {k: v.cpu() for k, v in unsynced.state_dict().items()}}


if __name__ == "__main__":
    rank, world_size, workdir, backend = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    device = torch.device("cuda", rank) if backend == "nccl" else torch.device("cpu")
    if device.type == "cuda":
        torch.cuda.set_device(device)
    dist.init_process_group(backend, init_method=f"file://{workdir}/store", rank=rank,
                            world_size=world_size, timeout=timedelta(seconds=60))
    try:
        result = train(rank, world_size, device)
        gc.collect()  # the DDP model is freed before its process group
    finally:
        dist.destroy_process_group()
    torch.save(result, f"{workdir}/rank{rank}.pt")
'''


def run_workers(code, workdir, *args, timeout=120):
    script = os.path.join(workdir, "worker.py")
    with open(script, "w") as f:
        f.write(code)
    env = dict(os.environ, OMP_NUM_THREADS="1", GLOO_SOCKET_IFNAME="lo0" if sys.platform == "darwin" else "lo")
    logs = [open(os.path.join(workdir, f"rank{rank}.log"), "w+") for rank in range(WORLD_SIZE)]
    procs = [subprocess.Popen([sys.executable, "-X", "faulthandler", script, str(rank), str(WORLD_SIZE), workdir, *args],
                              stdout=log, stderr=subprocess.STDOUT, env=env) for rank, log in enumerate(logs)]
    deadline = time.monotonic() + timeout
    try:
        codes = [p.poll() for p in procs]
        while None in codes and not any(codes):  # until all have ended or one has failed
            if time.monotonic() > deadline:
                for p in procs:
                    p.send_signal(signal.SIGABRT)
                    p.wait(timeout=10)
            time.sleep(0.05)
            codes = [p.poll() for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
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
backend = "nccl" if use_gpus else "gloo"
print(f"backend: {backend}, {WORLD_SIZE} processes" + (", one GPU each" if use_gpus else " on the CPU"))
with tempfile.TemporaryDirectory() as workdir:
    printed = run_workers(WORKER, workdir, backend)
    results = [torch.load(os.path.join(workdir, f"rank{rank}.pt")) for rank in range(WORLD_SIZE)]
    worker = runpy.run_path(os.path.join(workdir, "worker.py"))
print(printed[0], end="")


def same(key):
    return all(torch.equal(v, results[1][key][k]) for k, v in results[0][key].items())


print("ranks hold equal parameters: by hand", same("by_hand"), "| DDP", same("ddp"), "| by hand, seeded per rank", same("unsynced"))
net, X, y = worker["make_model_and_data"]()
worker["step"](net, X, y, world_size=1, by_hand=False)  # (5)!
print("by hand == one process on the whole batch:",
      all(torch.allclose(v, results[0]["by_hand"][k]) for k, v in net.state_dict().items()))
