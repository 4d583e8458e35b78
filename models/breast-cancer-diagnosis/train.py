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

import sys

import numpy as np
import torch
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import pack  # noqa: E402

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


def plausible_range(column):
    """No clinical reference range exists for these image measurements, so the plausible range
    is the observed one widened by half its width on each side (never below zero)."""
    lo, hi = float(column.min()), float(column.max())
    return {"plausibleMin": round(max(0.0, lo - (hi - lo) / 2), 6),
            "plausibleMax": round(hi + (hi - lo) / 2, 6),
            "plausibleRangeRule": "observed range widened by 50 % each side; not a clinical "
                                  "reference range"}


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
    pack.seed_everything(SEED)
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
        for batch in pack.minibatches(len(xt), 32):
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
    metrics = pack.classification_metrics(y_test, p)
    print("held-out metrics", metrics)

    pack.export_onnx(model, torch.from_numpy(x_test[:1]), os.path.join(OUT, "model.onnx"),
                     "features", ["probability"],
                     {"features": {0: "batch"}, "probability": {0: "batch"}})

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
                         "observedMin": float(x[:, j].min()), "observedMax": float(x[:, j].max()),
                         **plausible_range(x[:, j])}
                        for j, (n, m) in enumerate(zip(names, x_train.mean(axis=0)))]
    pack.write_card(card_path, card)

if __name__ == "__main__":
    main()
