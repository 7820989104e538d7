import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4), nn.Dropout(0.5))
X = torch.rand(8, 4)


def run(label):
    seen = model[1].num_batches_tracked.item()
    Y = model(X)
    updated = model[1].num_batches_tracked.item() > seen
    flags = model.training, bool((Y == 0).any()), updated, Y.requires_grad, Y.is_inference()
    print((f"{label:<27}" + "".join(f"{flag!s:<10}" for flag in flags)).rstrip())
    return Y


print(" " * 27 + "training  dropout   BN stats  grad      inference")
model.train()
run("train()")
model.eval()  # (1)!
run("eval()")
model.train()
with torch.no_grad():  # (2)!
    run("train() + no_grad()")
model.eval()
with torch.inference_mode():  # (3)!
    features = run("eval() + inference_mode()")

head = nn.Linear(4, 1)
try:
    head(features).sum().backward()
except RuntimeError as e:
    print(f"{type(e).__name__}: {e}")
head(features.clone()).sum().backward()  # (4)!
print(head.weight.grad.shape)
