import os
import runpy
import signal
import subprocess
import sys
import tempfile
import time

import torch
from torch.distributed.checkpoint.format_utils import dcp_to_torch_save

WORLD_SIZE = 2

WORKER = '''
import gc
import os
import sys
from datetime import timedelta

import torch
import torch.distributed as dist
import torch.distributed.checkpoint as dcp
from torch import nn
from torch.distributed.checkpoint.state_dict import get_model_state_dict, set_model_state_dict
from torch.distributed.fsdp import fully_shard


def make_net(seed):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 2))


def sharded(net, device):
    net.to(device)
    fully_shard(net[0])
    fully_shard(net[2])
    return fully_shard(net)


def main(rank, device, checkpoint):
    net = sharded(make_net(seed=0), device)
    dcp.save({"model": get_model_state_dict(net)}, checkpoint_id=checkpoint)  # every rank writes its shards
    if rank == 0:
        print("checkpoint folder:", sorted(os.listdir(checkpoint)))

    fresh = sharded(make_net(seed=1), device)  # other values, the same sharding
    state = {"model": get_model_state_dict(fresh)}
    dcp.load(state, checkpoint_id=checkpoint)  # each rank reads the pieces its shards need
    set_model_state_dict(fresh, state["model"])
    same = all(torch.equal(a.to_local(), b.to_local()) for a, b in zip(net.parameters(), fresh.parameters()))
    print(f"rank {rank}: fresh model loaded, its shards equal the saved ones: {same}")


if __name__ == "__main__":
    rank, world_size, workdir, backend = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    device = torch.device("cuda", rank) if backend == "nccl" else torch.device("cpu")
    if device.type == "cuda":
        torch.cuda.set_device(device)
    dist.init_process_group(backend, init_method=f"file://{workdir}/store", rank=rank,
                            world_size=world_size, timeout=timedelta(seconds=60))
    try:
        main(rank, device, f"{workdir}/checkpoint")
        gc.collect()  # free the models before their process group
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
    dcp_to_torch_save(os.path.join(workdir, "checkpoint"), os.path.join(workdir, "one_file.pt"))  # (1)!
    state = torch.load(os.path.join(workdir, "one_file.pt"))
    try:
        torch.load(os.path.join(workdir, "checkpoint"))  # (2)!
    except IsADirectoryError as e:
        print("torch.load(checkpoint folder):", type(e).__name__)
    worker = runpy.run_path(os.path.join(workdir, "worker.py"))
print("one file:", {k: tuple(v.shape) for k, v in state["model"].items()})
plain = worker["make_net"](seed=2)
print("a plain model in one process:", plain.load_state_dict(state["model"]))  # (3)!
print("equal to the saved model:", all(torch.equal(v, state["model"][k]) for k, v in worker["make_net"](seed=0).state_dict().items()))
