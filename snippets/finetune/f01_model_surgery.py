import copy

import torch
from torch import nn


class Net(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU())
        self.fc = nn.Linear(16, num_classes)

    def forward(self, x):
        return self.fc(self.features(x))


torch.manual_seed(0)
pretrained = copy.deepcopy(Net().state_dict())  # stands in for downloaded weights
X, y = torch.randn(4, 8), torch.tensor([0, 1, 2, 1])

model = Net()
model.load_state_dict(pretrained)  # (1)!
print("before:", {k: tuple(v.shape) for k, v in model.state_dict().items() if k.startswith("fc.")})
model.fc = nn.Linear(model.fc.in_features, 3)  # (2)!
print("after: ", {k: tuple(v.shape) for k, v in model.state_dict().items() if k.startswith("fc.")})

extractor = copy.deepcopy(model)
extractor.fc = nn.Identity()  # (3)!
print("features:", tuple(extractor.eval()(X).shape), [k for k in extractor.state_dict() if k.startswith("fc.")])

broken = copy.deepcopy(model)
try:
    for name, module in broken.named_modules():
        if isinstance(module, nn.ReLU):
            setattr(broken, name, nn.GELU())  # (4)!
except RuntimeError as e:
    print(f"RuntimeError: {e}")
print("children:", [name for name, _ in broken.named_children()], type(broken.features[2]).__name__)

relus = [name for name, module in model.named_modules() if isinstance(module, nn.ReLU)]  # (5)!
for name in relus:
    model.set_submodule(name, nn.GELU(), strict=True)
print("swapped:", relus, "->", [type(model.get_submodule(name)).__name__ for name in relus])

model.requires_grad_(False)  # (6)!
model.features[3].requires_grad_(True)
model.fc.requires_grad_(True)
model.features[1].eval()
optimizer = torch.optim.AdamW([  # (7)!
    {"params": model.features[3].parameters(), "lr": 1e-4},
    {"params": model.fc.parameters(), "lr": 1e-2},
])
print("trainable:", [name for name, p in model.named_parameters() if p.requires_grad])
print("lr per group:", [group["lr"] for group in optimizer.param_groups])

before = copy.deepcopy(model.state_dict())
nn.functional.cross_entropy(model(X), y).backward()
optimizer.step()
changed = [k for k, v in model.state_dict().items() if not torch.equal(v, before[k])]
print("changed by one step:", changed)
