import io
import os
import pickle
import runpy
import subprocess
import sys
import tempfile

import numpy as np
import torch

TRAIN = '''
import random
import sys

import numpy as np
import torch
from torch import nn

device = "cuda" if torch.cuda.is_available() else "cpu"
data = torch.Generator().manual_seed(1)
X, y = torch.randn(64, 4, generator=data), torch.randn(64, 1, generator=data)


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def build():
    model = nn.Sequential(nn.Linear(4, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 1)).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=0.01)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    scaler = torch.amp.GradScaler(device, enabled=device == "cuda")  # (1)!
    return model, opt, sched, scaler


def train(model, opt, sched, scaler, steps):
    losses = []
    for _ in range(steps):
        rows = random.sample(range(64), 16)  # (2)!
        noise = torch.from_numpy(np.random.normal(0, 0.1, (16, 4))).float()
        loss = nn.functional.mse_loss(model((X[rows] + noise).to(device)), y[rows].to(device))
        opt.zero_grad()
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()
        sched.step()
        losses.append(f"{loss.item():.4f}")
    return losses


def rng_states():
    kind, keys, pos, has_gauss, gauss = np.random.get_state()
    return {
        "torch": torch.get_rng_state(),
        "cuda": torch.cuda.get_rng_state_all(),  # (3)!
        "python": random.getstate(),
        "numpy": (kind, keys.tolist(), pos, has_gauss, gauss),  # (4)!
    }


def set_rng_states(states):
    torch.set_rng_state(states["torch"])
    torch.cuda.set_rng_state_all(states["cuda"])
    random.setstate(states["python"])
    kind, keys, pos, has_gauss, gauss = states["numpy"]
    np.random.set_state((kind, np.array(keys, dtype=np.uint32), pos, has_gauss, gauss))


def save(path, step, model, opt, sched, scaler):
    torch.save({"step": step, "model": model.state_dict(), "optimizer": opt.state_dict(),
                "scheduler": sched.state_dict(), "scaler": scaler.state_dict(), "rng": rng_states()}, path)


def resume(path, restore_rng=True):
    model, opt, sched, scaler = build()
    checkpoint = torch.load(path, map_location="cpu")  # (5)!
    model.load_state_dict(checkpoint["model"])
    opt.load_state_dict(checkpoint["optimizer"])
    sched.load_state_dict(checkpoint["scheduler"])
    scaler.load_state_dict(checkpoint["scaler"])
    if restore_rng:
        set_rng_states(checkpoint["rng"])
    return model, opt, sched, scaler


if __name__ == "__main__":
    for restore_rng in (True, False):
        seed_everything(0)  # (6)!
        print(" ".join(train(*resume(sys.argv[1], restore_rng), steps=3)))
'''

with tempfile.TemporaryDirectory() as tmp:
    script, path = os.path.join(tmp, "train.py"), os.path.join(tmp, "checkpoint.pt")
    with open(script, "w") as f:
        f.write(TRAIN)
    t = runpy.run_path(script)  # (7)!

    t["seed_everything"](0)
    uninterrupted = t["train"](*t["build"](), steps=6)

    t["seed_everything"](0)
    model, opt, sched, scaler = t["build"]()
    first = t["train"](model, opt, sched, scaler, steps=3)
    t["save"](path, 3, model, opt, sched, scaler)
    print("checkpoint:", sorted(torch.load(path)), "| lr now", sched.get_last_lr())

    fresh = subprocess.run([sys.executable, script, path], capture_output=True, text=True, timeout=120)  # (8)!
    if fresh.returncode or fresh.stderr:
        raise RuntimeError(fresh.stderr)
    resumed, without_rng = fresh.stdout.splitlines()

print("uninterrupted:            ", " ".join(uninterrupted))
print("saved after 3, then fresh:", " ".join(first), resumed)
print("same:", " ".join(first) + " " + resumed == " ".join(uninterrupted))
print("fresh, RNG not restored:  ", " ".join(first), without_rng)

buffer = io.BytesIO()
torch.save({"numpy": np.random.get_state()}, buffer)
buffer.seek(0)
try:
    torch.load(buffer)  # (9)!
except pickle.UnpicklingError as e:
    print("np.random.get_state() as is:", str(e).split("WeightsUnpickler error: ")[1].split(" was not")[0])
