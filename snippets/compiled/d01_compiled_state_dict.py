import gc

import torch
import torch.distributed as dist
from torch import nn
from torch.nn.modules.utils import consume_prefix_in_state_dict_if_present
from torch.nn.parallel import DistributedDataParallel as DDP


def make_net(seed=0):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))


net = make_net()
compiled = torch.compile(net)  # (1)!
print(type(compiled).__name__, "wraps", type(compiled._orig_mod).__name__)
state = compiled.state_dict()
print("keys:", list(state))

plain = make_net(seed=1)
try:
    plain.load_state_dict(state)  # (2)!
except RuntimeError as e:
    print("RuntimeError:", e)
print(plain.load_state_dict(state, strict=False))  # (3)!

print("fix 1, save the original:", list(compiled._orig_mod.state_dict())[:2])
in_place = make_net()
in_place.compile()  # (4)!
print("fix 2, compile in place:", type(in_place).__name__, list(in_place.state_dict())[:2])
consume_prefix_in_state_dict_if_present(state, "_orig_mod.")  # (5)!
print("fix 3, strip the prefix:", plain.load_state_dict(state))

dist.init_process_group("gloo", store=dist.HashStore(), rank=0, world_size=1)  # (6)!
try:
    print("DDP(compile(net)):", list(DDP(torch.compile(make_net())).state_dict())[0])
    print("compile(DDP(net)):", list(torch.compile(DDP(make_net())).state_dict())[0])  # (7)!
    gc.collect()  # the DDP models go before their process group
finally:
    dist.destroy_process_group()
