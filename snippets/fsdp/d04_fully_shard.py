import os
import runpy
import signal
import subprocess
import sys
import tempfile
import time

import torch
from torch import nn

WORLD_SIZE = 2

WORKER = '''
import gc
import sys
from datetime import timedelta

import torch
import torch.distributed as dist
from torch import nn
from torch.distributed.checkpoint.state_dict import StateDictOptions, get_model_state_dict
from torch.distributed.fsdp import fully_shard


def make_model_and_data():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 2))
    X, y = torch.randn(8, 4), torch.randn(8, 2)
    return net, X, y


def train_step(net, X, y):
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    nn.functional.mse_loss(net(X), y).backward()
    opt.step()


def train(rank, world_size, device, workdir):
    net, X, y = make_model_and_data()
    net.to(device)
    for layer in (net[0], net[2]):
        fully_shard(layer)  # each Linear is one unit, gathered whole just before it runs
    fully_shard(net)  # the root: the parameters left over (none here); call it last
    for name, p in net.named_parameters():
        print(f"rank {rank}: {name:8} {type(p).__name__} {p.placements} global {tuple(p.shape)} local {tuple(p.to_local().shape)}")
    train_step(net, X[rank::world_size].to(device), y[rank::world_size].to(device))  # half the batch each
    local = net.state_dict()["0.weight"]
    print(f"rank {rank}: net.state_dict() holds {type(local).__name__}s, local {tuple(local.to_local().shape)}")
    full = get_model_state_dict(net, options=StateDictOptions(full_state_dict=True, cpu_offload=True))
    print(f"rank {rank}: full state dict with {len(full)} tensors")
    if rank == 0:
        torch.save(full, f"{workdir}/full.pt")


if __name__ == "__main__":
    rank, world_size, workdir, backend = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    device = torch.device("cuda", rank) if backend == "nccl" else torch.device("cpu")
    if device.type == "cuda":
        torch.cuda.set_device(device)
    dist.init_process_group(backend, init_method=f"file://{workdir}/store", rank=rank,
                            world_size=world_size, timeout=timedelta(seconds=60))
    try:
        train(rank, world_size, device, workdir)
        gc.collect()  # free the model before its process group
    finally:
        dist.destroy_process_group()
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
with tempfile.TemporaryDirectory() as workdir:
    printed = run_workers(WORKER, workdir, backend)
    full = torch.load(os.path.join(workdir, "full.pt"))  # (1)!
    worker = runpy.run_path(os.path.join(workdir, "worker.py"))
print("".join(printed), end="")

reference, X, y = worker["make_model_and_data"]()
worker["train_step"](reference, X, y)  # (2)!
print("one process, whole batch, allclose:", all(torch.allclose(full[k], v) for k, v in reference.state_dict().items()))  # (3)!
plain = nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 2))
print("loads into a plain model:", plain.load_state_dict(full))  # (4)!
