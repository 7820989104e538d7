import torch
from torch import nn


class TinyLM(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 4)
        self.head = nn.Linear(4, 10, bias=False)
        self.tie()

    def tie(self):  # (1)!
        self.head.weight = self.embed.weight


with torch.device("meta"):
    lm = TinyLM()
lm.to_empty(device=torch.get_default_device())  # (2)!
print("after to_empty:", lm.head.weight is lm.embed.weight, len(list(lm.parameters())))
lm.tie()
for module in lm.modules():
    if hasattr(module, "reset_parameters"):
        module.reset_parameters()
print("re-tied:       ", lm.head.weight is lm.embed.weight, len(list(lm.parameters())))

torch.manual_seed(0)
lm = TinyLM()


def init(module):
    if isinstance(module, nn.Embedding):
        nn.init.normal_(module.weight, std=0.02)
    elif isinstance(module, nn.Linear):
        nn.init.zeros_(module.weight)


lm.apply(init)  # (3)!
print("apply:", lm.embed.weight[0].detach())
print([name for name, _ in lm.named_parameters(remove_duplicate=False)])  # (4)!
print([name for name, _ in lm.named_parameters()])
for name, p in lm.named_parameters():  # (5)!
    if name == "embed.weight":
        nn.init.normal_(p, std=0.02)
print("by name:", lm.embed.weight[0].detach())
