import os
import tempfile

import torch

state = {"w": torch.ones(2)}
with tempfile.TemporaryDirectory() as tmp:
    folder = os.path.join(tmp, "runs", "exp1")
    try:
        torch.save(state, os.path.join(folder, "model.pt"))
    except RuntimeError as e:
        print("RuntimeError:", str(e).replace(tmp, "<tmp>"))  # (1)!

    os.makedirs(folder, exist_ok=True)
    torch.save(state, os.path.join(folder, "model.pt"))
    torch.save(state, os.path.join(folder, "mlp.params"))  # (2)!
    torch.save(state, os.path.join(folder, "last.pt.tmp"))
    os.replace(os.path.join(folder, "last.pt.tmp"), os.path.join(folder, "last.pt"))  # (3)!
    print(sorted(os.listdir(folder)))
    print("mlp.params:", torch.load(os.path.join(folder, "mlp.params")))
