"""Claims of the page Averaging gradients by hand (f10) that the printed output alone does not
prove: the shared launcher, the defaults of all_reduce and DDP's buckets, and the overlap of
communication with backward(), checked in a process group of one."""

import gc
import inspect
import re

import pytest
import torch
import torch.distributed as dist
from torch import nn

from snippet_runner import SNIPPETS_DIR

F10 = "gradient-averaging/f10_average_gradients"


def _launcher(name):
    source = (SNIPPETS_DIR / f"{name}.py").read_text()
    return re.sub(r"  # \(\d\)!", "", source[source.index("def run_workers"): source.index("\n\nuse_gpus")]).strip()


def test_f10_uses_g09s_launcher_word_for_word_and_frees_the_model_first():
    # backs: gradient-averaging.md "started by the launcher of"
    assert _launcher(F10) == _launcher("distributed/g09_ddp")
    worker = (SNIPPETS_DIR / f"{F10}.py").read_text().split("WORKER = '''", 1)[1].split("'''", 1)[0]
    assert worker.index("gc.collect()") < worker.index("dist.destroy_process_group()")
    assert 'torch.device("cuda", rank) if backend == "nccl"' in worker and "torch.cuda.set_device(device)" in worker


def test_f10_all_reduce_sums_by_default_and_ddps_buckets_are_25_mib_the_first_smaller():
    # backs: gradient-averaging.md "its default `op` is `ReduceOp.SUM`"
    assert inspect.signature(dist.all_reduce).parameters["op"].default == dist.ReduceOp.SUM
    # backs: gradient-averaging.md "25 MiB each by default, the first one smaller"
    from torch.nn.parallel import distributed

    assert distributed._DEFAULT_BUCKET_CAP_MB == 25 and dist._DEFAULT_FIRST_BUCKET_BYTES < 25 * 2**20


@pytest.fixture
def group_of_one():
    dist.init_process_group("gloo", store=dist.HashStore(), rank=0, world_size=1)
    try:
        yield
    finally:
        gc.collect()
        dist.destroy_process_group()


def test_f10_ddp_sends_a_bucket_while_backward_still_computes_earlier_gradients(group_of_one):
    # backs: gradient-averaging.md "all-reduces a bucket as soon as every gradient in it is ready, while"
    from torch.distributed.algorithms.ddp_comm_hooks.default_hooks import allreduce_hook
    from torch.nn.parallel import DistributedDataParallel as DDP

    torch.manual_seed(0)
    model = DDP(nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 64)), bucket_cap_mb=0.01)
    events = []
    model.register_comm_hook(dist.group.WORLD, lambda state, bucket: (events.append("all_reduce"), allreduce_hook(state, bucket))[1])
    for name, p in model.module.named_parameters():
        p.register_hook(lambda grad, name=name: events.append(name))
    for _ in range(2):  # buckets are rebuilt in gradient order after the first step
        events.clear()
        model(torch.randn(4, 64)).sum().backward()
    assert events.count("all_reduce") >= 2
    assert events.index("all_reduce") < events.index("0.weight"), events
    del model


def test_f10_broadcasting_a_parameter_under_no_grad_works(group_of_one):
    # backs: gradient-averaging.md "`dist.broadcast(p, src=0)` for each, under `torch.no_grad()`"
    net = nn.Linear(2, 2)
    with torch.no_grad():
        for p in net.parameters():
            dist.broadcast(p, src=0)
    assert all(p.requires_grad for p in net.parameters())
