import torch

A = torch.ones(2, 3)
B = torch.ones(3, 4)
batch = torch.ones(5, 2, 3)

print(torch.mm(A, B).shape)
print(torch.matmul(batch, B).shape)  # (1)!
print((batch @ B).shape)
try:
    torch.mm(batch, B)
except RuntimeError as e:
    print("RuntimeError:", e)
