#!/usr/bin/python3
"""Trains the breast-cancer-diagnosis demo model and writes model.onnx, card.json,
validation.csv and examples.json into ./1/.

Data: the Wisconsin Diagnostic Breast Cancer data as shipped by Debian's python3-sklearn
(see DATA.md). Run with Debian's python (/usr/bin/python3), which sees python3-torch.
Deterministic for a fixed seed on one machine; tests use the committed files and never train.
"""
import csv
import json
import os
import re

import numpy as np
import onnx
import torch
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import accuracy_score, brier_score_loss, roc_auc_score
from sklearn.model_selection import train_test_split

SEED = 20261128
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "1")


def unit(name):
    if "area" in name:
        return "image units^2 (pixels of the digitised FNA image)"
    if "radius" in name or "perimeter" in name:
        return "image units (pixels of the digitised FNA image)"
    if "texture" in name:
        return "grey-scale standard deviation"
    return "dimensionless"


def snake(name):
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


class Mlp(torch.nn.Module):
    """Dense 64 relu, Dense 32 relu, Dense 1 sigmoid, with standardisation inside the graph."""

    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))
        self.net = torch.nn.Sequential(
            torch.nn.Linear(30, 64), torch.nn.ReLU(),
            torch.nn.Linear(64, 32), torch.nn.ReLU(),
            torch.nn.Linear(32, 1), torch.nn.Sigmoid())

    def forward(self, features):
        return self.net((features - self.mean) / self.std)


def main():
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    data = load_breast_cancer()
    names = [snake(n) for n in data.feature_names]
    x = data.data.astype(np.float32)
    y = (data.target == 0).astype(np.float32)  # sklearn: 0 = malignant; we predict malignant = 1
    idx = np.arange(len(y))
    train_idx, test_idx = train_test_split(idx, test_size=0.2, stratify=y, random_state=SEED)
    x_train, y_train, x_test, y_test = x[train_idx], y[train_idx], x[test_idx], y[test_idx]

    model = Mlp(x_train.mean(axis=0), x_train.std(axis=0) + 1e-6)
    optimiser = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
    loss_fn = torch.nn.BCELoss()
    xt, yt = torch.from_numpy(x_train), torch.from_numpy(y_train).unsqueeze(1)
    for epoch in range(200):
        perm = torch.randperm(len(xt))
        for start in range(0, len(xt), 32):
            batch = perm[start:start + 32]
            optimiser.zero_grad()
            loss = loss_fn(model(xt[batch]), yt[batch])
            loss.backward()
            optimiser.step()
        if epoch % 50 == 0:
            print(f"epoch {epoch} loss {loss.item():.4f}")

    model.eval()
    with torch.no_grad():
        p = model(torch.from_numpy(x_test)).squeeze(1).numpy()
    pred = (p >= 0.5).astype(np.float32)
    tp = float(((pred == 1) & (y_test == 1)).sum())
    tn = float(((pred == 0) & (y_test == 0)).sum())
    metrics = {
        "auc": round(float(roc_auc_score(y_test, p)), 4),
        "accuracy": round(float(accuracy_score(y_test, pred)), 4),
        "sensitivity": round(tp / float((y_test == 1).sum()), 4),
        "specificity": round(tn / float((y_test == 0).sum()), 4),
        "brier": round(float(brier_score_loss(y_test, p)), 4),
    }
    print("held-out metrics", metrics)

    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "model.onnx")
    torch.onnx.export(model, torch.from_numpy(x_test[:1]), path, opset_version=17,
                      input_names=["features"], output_names=["probability"],
                      dynamic_axes={"features": {0: "batch"}, "probability": {0: "batch"}})
    proto = onnx.load(path)
    proto.model_version = 1
    proto.producer_name = "medmaas-models"
    onnx.checker.check_model(proto)
    onnx.save(proto, path)

    with open(os.path.join(OUT, "validation.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(names + ["label"])
        for row, label in zip(x_test, y_test):
            writer.writerow([f"{v:.6g}" for v in row] + ["malignant" if label == 1 else "benign"])

    # Two rows of the held-out split, one of each class, that the model classifies correctly:
    # the end-to-end test sends them and expects these labels.
    examples = []
    for wanted in (1.0, 0.0):
        for i, row in enumerate(x_test):
            if y_test[i] == wanted and pred[i] == wanted:
                examples.append({
                    "datasetRow": int(test_idx[i]),
                    "label": "malignant" if wanted == 1 else "benign",
                    "instance": {n: float(f"{v:.6g}") for n, v in zip(names, row)}})
                break
    with open(os.path.join(OUT, "examples.json"), "w") as f:
        json.dump(examples, f, indent=2)

    card_path = os.path.join(OUT, "card.json")
    card = json.load(open(card_path)) if os.path.exists(card_path) else {}
    card["metrics"] = metrics
    card["training"] = {"seed": SEED, "trainRows": int(len(train_idx)),
                        "heldOutRows": int(len(test_idx)),
                        "split": "stratified 80/20 split of the 569 rows, random_state=seed"}
    card["features"] = [{**next((f for f in card.get("features", []) if f["name"] == n), {}),
                         "name": n, "unit": unit(n), "trainingMean": round(float(m), 6),
                         "observedMin": float(x[:, j].min()), "observedMax": float(x[:, j].max())}
                        for j, (n, m) in enumerate(zip(names, x_train.mean(axis=0)))]
    with open(card_path, "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
