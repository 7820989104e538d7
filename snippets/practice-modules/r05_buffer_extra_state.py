import torch
from torch import nn


class Tokenizer(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.vocab = list(vocab)  # (1)!
        self.scale = nn.Buffer(torch.ones(3))  # (2)!
        self.cache = nn.Buffer(torch.zeros(3), persistent=False)


class SavedTokenizer(Tokenizer):
    def get_extra_state(self):  # (3)!
        return {"vocab": self.vocab}

    def set_extra_state(self, state):
        self.vocab = state["vocab"]


for cls in (Tokenizer, SavedTokenizer):
    saved, fresh = cls(["<pad>", "hello", "world"]), cls([])
    print(cls.__name__, [name for name, _ in saved.named_buffers()], list(saved.state_dict()))
    print(fresh.load_state_dict(saved.state_dict()), fresh.vocab)
print(SavedTokenizer(["<pad>"]).state_dict()["_extra_state"])
