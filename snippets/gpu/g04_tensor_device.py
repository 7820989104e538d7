import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")  # (1)!
x = torch.tensor([1.0, 2.0, 3.0], device="cpu")
print("x:", x.device)
print("created there:", torch.ones(2, device=device).device)  # (2)!
print("copied there: ", x.to(device).device, "| x stays on", x.device)

if torch.cuda.device_count() >= 2:  # (3)!
    print("x.cuda(1):", x.cuda(1).device)
else:
    print(f"x.cuda(1) skipped: {torch.cuda.device_count()} CUDA device(s) here")
try:
    x.cuda(1)
except (AssertionError, RuntimeError) as e:
    print(f"unguarded x.cuda(1): {type(e).__name__}: {str(e).splitlines()[0]}")
