import torch

for spec in ["cpu", "cuda", "cuda:1"]:
    device = torch.device(spec)
    print(f"{spec!r:8} -> {device!r}, type {device.type!r}, index {device.index}")
print("cuda == cuda:0:", torch.device("cuda") == torch.device("cuda:0"))  # (1)!
print("CUDA available:", torch.cuda.is_available())  # (2)!
print("CUDA devices:", torch.cuda.device_count())
