import tempfile

from safetensors.torch import load_file, load_model, save_file, save_model
from torch import nn


def tiny_lm(tied=True):
    model = nn.ModuleDict({"embed": nn.Embedding(10, 4), "head": nn.Linear(4, 10, bias=False)})
    if tied:
        model.head.weight = model.embed.weight  # (1)!
    return model


model = tiny_lm()
with tempfile.TemporaryDirectory() as folder:
    path = f"{folder}/model.safetensors"
    save_file(model.embed.state_dict(), path)  # (2)!
    loaded = load_file(path)
    print(list(loaded), loaded["weight"].shape)
    try:
        save_file(model.state_dict(), path)
    except RuntimeError as e:
        print(f"{type(e).__name__}: {str(e).strip().split(': [')[0]}")  # (3)!
    save_model(model, path)  # (4)!
    restored = tiny_lm()
    print(list(load_file(path)), load_model(restored, path), restored.head.weight is restored.embed.weight)
    try:
        load_model(tiny_lm(tied=False), path)
    except RuntimeError as e:
        print(f"{type(e).__name__}: {str(e).splitlines()[1].strip()}")  # (5)!
