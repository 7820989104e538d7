import torch
from torch import nn
from torch.nn import functional as F


class RepeatMLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(4, 8)
        self.shared = nn.Linear(8, 8)
        self.out = nn.Linear(8, 1)

    def forward(self, X):
        X = F.relu(self.hidden(X))
        for _ in range(2):
            X = F.relu(self.shared(X))  # (1)!
        return self.out(X)


class TiedEmbedding(nn.Module):
    def __init__(self, vocab_size=10, dim=4):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, dim)
        self.head = nn.Linear(dim, vocab_size, bias=False)
        self.head.weight = self.embed.weight  # (2)!

    def forward(self, tokens):
        return self.head(self.embed(tokens))


torch.manual_seed(0)
net = RepeatMLP()
print(net(torch.rand(2, 4)))
print([name for name, _ in net.named_parameters()])

lm = TiedEmbedding()
print(lm(torch.tensor([1, 2, 3])).shape)
print([name for name, _ in lm.named_parameters()], lm.head.weight is lm.embed.weight)
print("parameters:", sum(p.numel() for p in lm.parameters()), " state_dict entries:", len(lm.state_dict()))
