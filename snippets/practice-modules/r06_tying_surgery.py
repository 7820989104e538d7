import io

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


def show(label, lm):
    head, embed = lm.head.weight, lm.embed.weight
    print(f"{label:15} same object: {head is embed}, same memory: {head.data_ptr() == embed.data_ptr()},",
          f"parameters(): {len(list(lm.parameters()))}")


with torch.device("meta"):
    lm = TinyLM()
lm.to_empty(device=torch.get_default_device())  # (2)!
show("after to_empty:", lm)
lm.tie()
for module in lm.modules():
    if hasattr(module, "reset_parameters"):
        module.reset_parameters()
show("re-tied:", lm)

file = io.BytesIO()
torch.save(lm.state_dict(), file)  # a checkpoint of the tied model
file.seek(0)
lm = TinyLM()
lm.load_state_dict(torch.load(file), assign=True)  # (3)!
show("assign=True:", lm)

torch.manual_seed(0)
lm = TinyLM()


def init(module):
    if isinstance(module, nn.Embedding):
        nn.init.normal_(module.weight, std=0.02)
    elif isinstance(module, nn.Linear):
        nn.init.zeros_(module.weight)


lm.apply(init)  # (4)!
print("apply:", lm.embed.weight[0].detach())
print([name for name, _ in lm.named_parameters(remove_duplicate=False)])  # (5)!
print([name for name, _ in lm.named_parameters()])
for name, p in lm.named_parameters():  # (6)!
    if name == "embed.weight":
        nn.init.normal_(p, std=0.02)
print("by name:", lm.embed.weight[0].detach())
