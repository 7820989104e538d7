import torch

X = torch.arange(3.0, device="cpu")
print("X.to('cpu') is X:", X.to("cpu") is X)  # (1)!

other = torch.device("cuda" if torch.cuda.is_available() else "meta")  # (2)!
Y = torch.ones(3, device=other)
try:
    X + Y
except RuntimeError as e:
    print(f"X + Y -> RuntimeError: {e}")
print("X.to(Y.device) + Y is on", (X.to(Y.device) + Y).device)
print("CPU scalar tensor * Y is on", (torch.tensor(2.0, device="cpu") * Y).device)  # (3)!
