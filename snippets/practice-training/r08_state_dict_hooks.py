import torch
from torch import nn


class NetV1(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Linear(4, 8)
        self.fc = nn.Linear(8, 2)


class NetV2(nn.Module):  # (1)!
    def __init__(self, migrate=True):
        super().__init__()
        self.body = nn.Linear(4, 8)
        self.head = nn.Linear(8, 2)
        if migrate:
            self.register_load_state_dict_pre_hook(rename_fc)


def rename_fc(module, state_dict, prefix, *args):  # (2)!
    for key in [k for k in state_dict if k.startswith(prefix + "fc.")]:
        state_dict[prefix + "head." + key.removeprefix(prefix + "fc.")] = state_dict.pop(key)


torch.manual_seed(0)
old = NetV1().state_dict()
try:
    NetV2(migrate=False).load_state_dict(old)
except RuntimeError as e:
    print(f"RuntimeError: {e}")
print(NetV2().load_state_dict(old))
print(nn.Sequential(NetV2()).load_state_dict({"0." + k: v for k, v in old.items()}))  # (3)!


def frozen_out(module, state_dict, prefix, local_metadata):  # (4)!
    for name, p in module.named_parameters():
        if not p.requires_grad:
            del state_dict[prefix + name]


net = NetV2()
net.body.requires_grad_(False)
net.register_state_dict_post_hook(frozen_out)
print(list(net.state_dict()))
kept = net.state_dict(keep_vars=True)  # (5)!
print(net.state_dict()["head.weight"] is net.head.weight, kept["head.weight"] is net.head.weight)
