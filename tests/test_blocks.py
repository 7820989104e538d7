"""Claims of the Layers and blocks page that the printed output alone does not prove."""

import torch
from torch import nn


# backs: blocks.md "runs the forward pre-hooks, then `net.forward(X)`, then the forward hooks"
def test_b01_call_runs_pre_hooks_then_forward_then_forward_hooks(snippet):
    net = snippet("blocks/b01_sequential")["net"]
    order = []

    class Traced(nn.Sequential):
        def forward(self, X):
            order.append("forward")
            return super().forward(X)

    traced = Traced(*net)
    pre = traced.register_forward_pre_hook(lambda module, args: order.append("pre-hook"))
    post = traced.register_forward_hook(lambda module, args, output: order.append("forward hook"))
    X = torch.rand(2, 20, device=net[0].weight.device)
    traced(X)
    assert order == ["pre-hook", "forward", "forward hook"]
    order.clear()
    traced.forward(X)
    assert order == ["forward"], "calling forward directly skips the hooks"
    pre.remove(), post.remove()


# backs: blocks.md "Do not swap in the public `self.children()`: it yields a module registered under two names only once"
def test_b03_children_skips_a_module_registered_twice_so_forward_with_it_runs_the_layer_once(snippet):
    ns = snippet("blocks/b03_my_sequential")
    MySequential = ns["MySequential"]

    class WithChildren(MySequential):
        def forward(self, X):
            for module in self.children():
                X = module(X)
            return X

    torch.manual_seed(0)
    shared = nn.Linear(3, 3)
    X = torch.rand(2, 3)
    twice = shared(shared(X))
    assert torch.equal(nn.Sequential(shared, shared)(X), twice)
    assert torch.equal(MySequential(shared, shared)(X), twice), "the page's loop runs the layer twice"
    assert torch.equal(WithChildren(shared, shared)(X), shared(X)), "children() runs it once"
    assert list(nn.Sequential(shared, shared)) == [shared, shared]  # what Sequential iterates
    assert len(ns["twice"]._modules) == 2 and len(list(ns["twice"].children())) == 1
