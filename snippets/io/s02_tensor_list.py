import os
import tempfile

import torch

x, y = torch.arange(4), torch.zeros(4)
big = torch.arange(1_000_000)
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "xy.pt")
    torch.save([x, y], path)
    x2, y2 = torch.load(path)
    print(x2, y2)

    torch.save([x, x[:2]], path)  # (1)!
    whole, view = torch.load(path)
    view[0] = 100
    print("view still shares memory:", whole)

    for name, t in [("big[:2]", big[:2]), ("big[:2].clone()", big[:2].clone())]:
        torch.save(t, path)  # (2)!
        print(f"{name:16} {os.path.getsize(path) / 1e6:.3f} MB")
