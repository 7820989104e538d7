import time

import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
X, y = torch.ones(8, 16, device=device), torch.zeros(8, 1, device=device)


def train(steps, item_every_step):
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1)).to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    losses = []
    for _ in range(steps):
        loss = nn.functional.mse_loss(net(X), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item() if item_every_step else loss.detach())  # (1)!
    return losses if item_every_step else torch.stack(losses).tolist()  # (2)!


print(f"device: {device}, CPU threads: {torch.get_num_threads()}")
for item_every_step in (True, False):
    train(5, item_every_step)  # (3)!
results, times = {}, {True: [], False: []}
for _ in range(5):
    for item_every_step in (True, False):
        start = time.perf_counter()
        results[item_every_step] = train(50, item_every_step)
        if device.type == "cuda":
            torch.cuda.synchronize()  # (4)!
        times[item_every_step].append(time.perf_counter() - start)
print(f".item() every step:      {min(times[True]) * 1000:.1f} ms (best of 5)")
print(f"one transfer at the end: {min(times[False]) * 1000:.1f} ms (best of 5)")
print("same losses:", results[True] == results[False])
