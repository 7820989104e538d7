import os
import tempfile

import torch

x = torch.arange(4)
with tempfile.TemporaryDirectory() as tmp:  # (1)!
    path = os.path.join(tmp, "x.pt")
    torch.save(x, path)
    x2 = torch.load(path)
print(x2)
print("equal:", torch.equal(x2, x), "| same object:", x2 is x)
