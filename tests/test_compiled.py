"""Claims of the compiled-models page (d01) that its printed output alone does not prove."""

import torch
import torch.distributed as dist
from torch.nn.modules.utils import consume_prefix_in_state_dict_if_present


def test_d01_the_wrapper_shares_the_parameters_and_prefixes_every_key(snippet):
    # backs: compiled.md "holds `net` as its submodule"
    ns = snippet("compiled/d01_compiled_state_dict")
    net, compiled = ns["net"], ns["compiled"]
    assert compiled._orig_mod is net
    assert all(a is b for a, b in zip(compiled.parameters(), net.parameters()))
    assert all(k.startswith("_orig_mod.") for k in compiled.state_dict())


def test_d01_strict_false_loads_nothing(snippet):
    # backs: compiled.md "loads nothing, since no key matches"
    ns = snippet("compiled/d01_compiled_state_dict")
    plain, before = ns["make_net"](seed=1), ns["make_net"](seed=1).state_dict()
    result = plain.load_state_dict(ns["compiled"].state_dict(), strict=False)
    assert len(result.missing_keys) == len(result.unexpected_keys) == 4
    assert all(torch.equal(v, before[k]) for k, v in plain.state_dict().items()), "strict=False loaded something"
    assert not torch.equal(before["0.weight"], ns["net"].state_dict()["0.weight"]), "the seeds must give other values"


def test_d01_the_fixes_load_the_compiled_models_values(snippet):
    # backs: compiled.md "Removes the prefix from the keys of the dict itself"
    ns = snippet("compiled/d01_compiled_state_dict")
    net = ns["net"]
    assert all(torch.equal(a, b) for a, b in zip(ns["plain"].state_dict().values(), net.state_dict().values()))
    state = dict(ns["compiled"].state_dict())
    assert consume_prefix_in_state_dict_if_present(state, "_orig_mod.") is None
    assert list(state) == list(net.state_dict())
    # backs: compiled.md "compiles in place"
    assert type(ns["in_place"]) is torch.nn.Sequential and ns["in_place"]._compiled_call_impl is not None


def test_d01_stacked_prefixes_strip_outer_first_and_the_group_is_gone(snippet):
    # backs: compiled.md "strip the outer one first"
    ns = snippet("compiled/d01_compiled_state_dict")
    net = ns["make_net"]()
    state = {"module._orig_mod." + k: v for k, v in net.state_dict().items()}
    consume_prefix_in_state_dict_if_present(state, "_orig_mod.")
    assert list(state)[0].startswith("module._orig_mod."), "the inner prefix alone matches nothing"
    consume_prefix_in_state_dict_if_present(state, "module.")
    consume_prefix_in_state_dict_if_present(state, "_orig_mod.")
    assert ns["make_net"](seed=1).load_state_dict(state).missing_keys == []
    assert not dist.is_initialized(), "the snippet must leave no process group behind"
