"""Helpers shared by the demo model pack's training scripts (Debian's python3-torch/onnx/sklearn).

Every script writes <model>/1/model.onnx, card.json and a held-out validation set; the card's
metrics are what the script measured on that held-out set, so the registry can check them.
"""
import json
import os

import numpy as np
import onnx
import torch

NOT_FOR_CLINICAL_USE = "Demonstration of the medmaas platform only. Not for clinical use."


def seed_everything(seed):
    torch.manual_seed(seed)
    np.random.seed(seed)


def export_onnx(model, example, path, input_name, output_names, dynamic_axes, version=1):
    """Exports with opset 17 (torch 1.13's maximum), sets model_version, checks the graph."""
    model.eval()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.onnx.export(model, example, path, opset_version=17, input_names=[input_name],
                      output_names=output_names, dynamic_axes=dynamic_axes)
    proto = onnx.load(path)
    proto.model_version = version
    proto.producer_name = "medmaas-models"
    onnx.checker.check_model(proto)
    onnx.save(proto, path)


def write_card(path, card):
    with open(path, "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")


def regression_metrics(y, p):
    err = p - y
    ss_res = float((err ** 2).sum())
    ss_tot = float(((y - y.mean()) ** 2).sum())
    return {"r2": round(1 - ss_res / ss_tot, 4), "mae": round(float(np.abs(err).mean()), 4),
            "rmse": round(float(np.sqrt((err ** 2).mean())), 4)}


def classification_metrics(y, p, threshold=0.5):
    from sklearn.metrics import roc_auc_score
    pred = (p >= threshold).astype(np.float32)
    pos, neg = float((y == 1).sum()), float((y == 0).sum())
    return {"auc": round(float(roc_auc_score(y, p)), 4),
            "accuracy": round(float((pred == y).mean()), 4),
            "sensitivity": round(float(((pred == 1) & (y == 1)).sum()) / pos, 4),
            "specificity": round(float(((pred == 0) & (y == 0)).sum()) / neg, 4),
            "brier": round(float(((p - y) ** 2).mean()), 4)}


def minibatches(n, size):
    """Index tensors of one shuffled epoch, in batches of `size` (the last may be smaller)."""
    perm = torch.randperm(n)
    for start in range(0, n, size):
        yield perm[start:start + size]
