import torch


def try_gpu(i=0):
    if i < torch.cuda.device_count():
        return torch.device(f"cuda:{i}")
    return torch.device("cpu")


def try_all_gpus():
    gpus = [torch.device(f"cuda:{i}") for i in range(torch.cuda.device_count())]
    return gpus or [torch.device("cpu")]


def try_accelerator():
    if torch.accelerator.is_available():  # (1)!
        return torch.accelerator.current_accelerator()
    return torch.device("cpu")


print("try_gpu():", try_gpu())
print("try_gpu(10):", try_gpu(10))
print("try_all_gpus():", try_all_gpus())
print("accelerator available:", torch.accelerator.is_available())
print("accelerator devices:", torch.accelerator.device_count() if torch.accelerator.is_available() else 0)  # (2)!
print("try_accelerator():", try_accelerator())
