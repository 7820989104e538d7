"""Claims of the FSDP2 page (d04) that the printed output alone does not prove."""

import torch


def test_d04_one_sharded_step_matches_one_process_on_the_whole_batch(snippet):
    # backs: fsdp.md "allclose` (relative tolerance 1e-5), not bit for bit"
    ns = snippet("fsdp/d04_fully_shard")
    full, reference = ns["full"], ns["reference"].state_dict()
    assert list(full) == list(reference)
    assert all(type(v) is torch.Tensor and v.device.type == "cpu" for v in full.values())
    assert all(torch.allclose(full[k], v) for k, v in reference.items())
    assert max((full[k] - v).abs().max().item() for k, v in reference.items()) < 1e-6
    # the average matters: rank 0's half of the batch alone gives other parameters
    half, X, y = ns["worker"]["make_model_and_data"]()
    ns["worker"]["train_step"](half, X[0::2], y[0::2])
    assert not all(torch.allclose(full[k], v) for k, v in half.state_dict().items())
    start, _, _ = ns["worker"]["make_model_and_data"]()
    assert not torch.allclose(start.state_dict()["0.weight"], full["0.weight"]), "the step must change the parameters"
    # backs: fsdp.md "the other ranks get an empty dict"
    assert "rank 1: full state dict with 0 tensors" in ns["printed"][1]
