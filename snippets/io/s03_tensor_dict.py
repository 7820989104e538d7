import os
import tempfile

import torch

mydict = {"x": torch.arange(4), "y": torch.zeros(4), "step": 10, "note": "any plain data"}
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "mydict.pt")
    torch.save(mydict, path)
    mydict2 = torch.load(path)  # (1)!
print(mydict2)
print("x equal:", torch.equal(mydict2["x"], mydict["x"]))
