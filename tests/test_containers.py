"""Claims of the Containers and patterns page that the printed output alone does not prove."""

import pytest
from torch import nn


# backs: containers.md "Keys must be strings; the `ModuleDict` keeps them in insertion order"
def test_b09_module_dict_keys_are_strings_kept_in_insertion_order(snippet):
    acts = snippet("containers/b09_module_dict")["head"].acts
    assert list(acts) == ["relu", "tanh", "sigmoid"], "the key added later comes last"
    unsorted = nn.ModuleDict({"b": nn.ReLU(), "a": nn.Tanh()})
    unsorted["0"] = nn.Sigmoid()
    assert list(unsorted) == ["b", "a", "0"], "not sorted: insertion order"
    with pytest.raises(TypeError, match="module name should be a string"):
        nn.ModuleDict({1: nn.ReLU()})
