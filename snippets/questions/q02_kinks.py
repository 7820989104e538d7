import torch

x = torch.tensor([-1.0, 0.0, 1.0], requires_grad=True)


def grad(f):
    (g,) = torch.autograd.grad(f(x).sum(), x)
    return g.tolist()


def leaky(t):
    return torch.where(t > 0, t, 0.25 * t)


def step(t):
    return (t > 0).float()


class StraightThroughStep(torch.autograd.Function):  # (1)!
    @staticmethod
    def forward(ctx, t):
        return (t > 0).to(t.dtype)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output


print("x:                ", x.tolist())
print("relu:             ", grad(torch.relu))  # (2)!
print("abs:              ", grad(torch.abs))
print("clamp(min=0):     ", grad(lambda t: t.clamp(min=0)))  # (3)!
print("maximum(t, 0):    ", grad(lambda t: torch.maximum(t, torch.zeros_like(t))))
print("leaky via where:  ", grad(leaky))  # (4)!
print("sign:             ", grad(torch.sign))  # (5)!
try:
    grad(step)
except RuntimeError as e:
    print("step: RuntimeError:", e)
print("straight-through: ", grad(StraightThroughStep.apply))
