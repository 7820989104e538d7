import logging
import os
import tempfile
import warnings

import onnx
import onnxruntime
import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(16, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Linear(32, 2))
model.train()(torch.randn(64, 16))  # some BatchNorm statistics
model.eval()  # (1)!
X, X5 = torch.randn(3, 16), torch.randn(5, 16)
logging.getLogger("torch.onnx").setLevel(logging.ERROR)  # (2)!

with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
    warnings.filterwarnings("ignore", r"`isinstance\(treespec, LeafSpec\)` is deprecated", FutureWarning)  # (3)!
    program = torch.onnx.export(model, (X,), dynamo=True, verbose=False,
                                dynamic_shapes=({0: torch.export.Dim("batch")},))  # (4)!
    path = os.path.join(tmp, "model.onnx")
    program.save(path)  # (5)!
    graph = onnx.load(path).graph
    print("nodes:", [node.op_type for node in graph.node])
    print("initializers:", {i.name: list(i.dims) for i in graph.initializer})  # (6)!
    print("state_dict keys not in the file:", sorted(set(model.state_dict()) - {i.name for i in graph.initializer}))

    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])  # (7)!
    name = session.get_inputs()[0].name
    print("input:", name, session.get_inputs()[0].shape)
    (out,) = session.run(None, {name: X5.numpy()})
    with torch.no_grad():
        print("batch of 5, onnxruntime == torch:", torch.allclose(torch.tensor(out), model(X5), atol=1e-5))

    fixed = os.path.join(tmp, "fixed.onnx")
    torch.onnx.export(model, (X,), fixed, dynamo=True, verbose=False)  # (8)!
    print("export(model, args, path) wrote:", sorted(os.listdir(tmp)))
    stored = onnx.load(fixed, load_external_data=False).graph.initializer
    print("  in fixed.onnx.data:", [i.name for i in stored if i.data_location == onnx.TensorProto.EXTERNAL])
    try:
        onnxruntime.InferenceSession(fixed, providers=["CPUExecutionProvider"]).run(None, {name: X5.numpy()})
    except Exception as e:  # (9)!
        print(f"{type(e).__name__}:", " ".join(str(e).split(" : ")[-1].split()))
