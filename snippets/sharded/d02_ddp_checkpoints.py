import os
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
import warnings
from datetime import timedelta

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP


def make_net():
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 3), nn.BatchNorm1d(3), nn.ReLU(), nn.Linear(3, 1))


def main(rank, world_size, device, workdir):
    model = DDP(make_net().to(device), device_ids=[device] if device.type == "cuda" else None)
    torch.manual_seed(1)
    X, y = torch.randn(8, 4), torch.randn(8, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    X, y = X[rank::world_size].to(device), y[rank::world_size].to(device)
    nn.functional.mse_loss(model(X), y).backward()
    opt.step()
    print(f"rank {rank}: running_mean after the step  {model.module[1].running_mean}")
    model.eval()
    with torch.no_grad():
        model(X)  # DDP first broadcasts rank 0's buffers
    print(f"rank {rank}: running_mean after a forward {model.module[1].running_mean}")

    path = f"{workdir}/checkpoint.pt"
    if rank == 0:
        print("DDP keys:", list(model.state_dict())[:2], "module keys:", list(model.module.state_dict())[:2])
        torch.save(model.module.state_dict(), path)  # one rank writes
    dist.barrier()  # no rank reads before rank 0 has finished writing
    state = torch.load(path, map_location=device)  # onto this rank's own device
    fresh = make_net().to(device)
    print(f"rank {rank}: loaded", fresh.load_state_dict(state), "on", state["0.weight"].device.type)

    sync = nn.SyncBatchNorm.convert_sync_batchnorm(make_net()).to(device)
    print(f"rank {rank}: converted", type(sync[1]).__name__)
    try:
        sync(X)
    except ValueError as e:
        print(f"rank {rank}: ValueError:", e)
    for switch in ("broadcast_buffers", "forward_sync_buffers"):
        net = make_net().to(device)
        net[1].running_mean.fill_(rank)  # a rank-local buffer
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                DDP(net, device_ids=[device] if device.type == "cuda" else None, **{switch: False})
            except TypeError as e:  # a torch without forward_sync_buffers
                print(f"rank {rank}: TypeError:", e)
                continue
        print(f"rank {rank}: {switch}=False, running_mean after DDP(...) {net[1].running_mean}")
        if rank == 0:
            for w in caught:  # none where the old name is not deprecated
                print(f"{w.category.__name__}:", str(w.message).split(". ")[0])


if __name__ == "__main__":
    rank, world_size, workdir, backend = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    device = torch.device("cuda", rank) if backend == "nccl" else torch.device("cpu")
    if device.type == "cuda":
        torch.cuda.set_device(device)
    dist.init_process_group(backend, init_method=f"file://{workdir}/store", rank=rank,
                            world_size=world_size, timeout=timedelta(seconds=60))
    try:
        main(rank, world_size, device, workdir)
        gc.collect()  # free the DDP models before their process group
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
print("".join(printed), end="")
