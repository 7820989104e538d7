"""Claims of the distributed chapter that its printed output alone does not prove."""

import multiprocessing

import torch


def test_g08_runs_and_both_loops_log_the_same_losses(snippet):
    ns = snippet("distributed/g08_sync_in_loop")
    every_step, at_end = ns["results"][True], ns["results"][False]
    assert len(every_step) == len(at_end) == 50
    assert all(isinstance(v, float) for v in every_step + at_end)
    assert torch.allclose(torch.tensor(every_step), torch.tensor(at_end))


def test_g09_ranks_end_with_equal_parameters_that_average_their_gradients(snippet):
    ns = snippet("distributed/g09_ddp")
    results = ns["results"]
    assert len(results) == ns["WORLD_SIZE"] == 2
    first = results[0]["state"]
    assert set(first) == {"weight", "bias"}
    for r in results[1:]:
        assert all(torch.equal(r["state"][k], first[k]) for k in first), "ranks ended with different parameters"
    assert results[0]["loss"] != results[1]["loss"], "each rank must have trained on its own shard"

    whole, X, y = ns["make_model_and_data"]()
    assert not torch.equal(whole.weight, first["weight"]), "the step must have changed the parameters"
    ns["train_step"](whole, X, y)
    assert all(torch.allclose(p, first[k]) for k, p in whole.state_dict().items()), "not the whole-batch step"

    shard, X, y = ns["make_model_and_data"]()
    ns["train_step"](shard, X[0::2], y[0::2])
    assert not torch.allclose(shard.weight, first["weight"]), "rank 0's own gradient alone gives other parameters"
    assert multiprocessing.active_children() == [], "a worker process was left behind"
