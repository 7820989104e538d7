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


# backs: blocks.md "`add_module(name, module)` registers the module as attribute assignment does ... `setattr(self, "0", module)` would register it too"
def test_b03_add_module_and_setattr_register_a_non_identifier_name_alike(snippet):
    mine = snippet("blocks/b03_my_sequential")["mine"]
    by_setattr = nn.Module()
    for name, module in mine.named_children():
        setattr(by_setattr, name, module)
    assert list(by_setattr._modules) == list(mine._modules) == ["0", "1", "2"]
    assert all(by_setattr._modules[k] is mine._modules[k] for k in mine._modules)
    assert dict(by_setattr.named_parameters()).keys() == dict(mine.named_parameters()).keys()


# backs: blocks.md "`self._modules`, a plain `dict` (it keeps the order of registration)"
def test_b03_modules_registry_is_a_plain_dict_in_registration_order(snippet):
    mine = snippet("blocks/b03_my_sequential")["mine"]
    assert type(mine._modules) is dict, "not collections.OrderedDict"
    assert not hasattr(mine._modules, "move_to_end")
    late = nn.Module()
    for name in ["z", "a", "m"]:
        late.add_module(name, nn.Identity())
    assert list(late._modules) == ["z", "a", "m"] == [n for n, _ in late.named_children()]
