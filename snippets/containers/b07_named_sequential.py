from collections import OrderedDict

from torch import nn

net = nn.Sequential(OrderedDict([
    ("hidden", nn.Linear(20, 256)),
    ("act", nn.ReLU()),
    ("output", nn.Linear(256, 10)),
]))
print(net)
print(net.hidden)
print(net.hidden is net[0])
print(list(net.state_dict()))
