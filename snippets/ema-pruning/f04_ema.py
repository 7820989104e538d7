import copy
import io

import torch
from torch import nn
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn, update_bn

torch.manual_seed(0)
w_true = torch.randn(8, 1)
X, X_val = torch.randn(256, 8), torch.randn(256, 8)
y, y_val = X @ w_true + 0.3 * torch.randn(256, 1), X_val @ w_true + 0.3 * torch.randn(256, 1)
model = nn.Sequential(nn.Linear(8, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Linear(32, 1))
opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)

ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.9), use_buffers=True)  # (1)!
slow = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.999))  # (2)!
for step in range(100):
    batch = torch.randint(0, 256, (32,))
    loss = nn.functional.mse_loss(model(X[batch]), y[batch])
    opt.zero_grad()
    loss.backward()
    opt.step()
    ema.update_parameters(model)  # (3)!
    slow.update_parameters(model)

print("EMA keys:", list(ema.state_dict())[:3], "...", len(ema.state_dict()), "entries")  # (4)!
print("n_averaged:", ema.n_averaged.item())


@torch.no_grad()
def val_loss(net):
    net.eval()  # (5)!
    return round(nn.functional.mse_loss(net(X_val), y_val).item(), 4)


print("validation loss: model", val_loss(model), "| EMA 0.9", val_loss(ema), "| EMA 0.999", val_loss(slow))
same_stats = torch.equal(slow.module[1].running_mean, model[1].running_mean)
print("EMA 0.999 BatchNorm statistics are the model's:", same_stats)  # (6)!
update_bn([X[i:i + 32] for i in range(0, 256, 32)], slow)
print("after update_bn:", val_loss(slow))

buffer = io.BytesIO()
torch.save(ema.module.state_dict(), buffer)  # (7)!
buffer.seek(0)
fresh = copy.deepcopy(model)
print(fresh.load_state_dict(torch.load(buffer)), val_loss(fresh))
try:
    fresh.load_state_dict(ema.state_dict())
except RuntimeError as e:
    for line in str(e).splitlines()[1:]:
        print(line.strip()[:60], "...")
