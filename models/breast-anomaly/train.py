#!/usr/bin/python3
"""Trains breast-anomaly: an autoencoder on the BENIGN cases of the Wisconsin diagnostic data
only. Its anomaly score is the mean squared reconstruction error in standardised units; it also
returns a 4-dimensional embedding and the per-feature reconstruction errors.
Writes ./1/model.onnx, card.json, validation.csv."""
import csv
import json
import os
import re
import sys

import numpy as np
import torch
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import pack  # noqa: E402

SEED = 20261128
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "1")
EMBEDDING = 4


class AnomalyAutoencoder(torch.nn.Module):
    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))
        self.encoder = torch.nn.Sequential(torch.nn.Linear(30, 16), torch.nn.ReLU(),
                                           torch.nn.Linear(16, EMBEDDING))
        self.decoder = torch.nn.Sequential(torch.nn.Linear(EMBEDDING, 16), torch.nn.ReLU(),
                                           torch.nn.Linear(16, 30))

    def forward(self, features):
        z = (features - self.mean) / self.std
        embedding = self.encoder(z)
        feature_errors = (self.decoder(embedding) - z) ** 2
        return feature_errors.mean(1, keepdim=True), embedding, feature_errors


def main():
    pack.seed_everything(SEED)
    data = load_breast_cancer()
    names = [re.sub(r"[^a-z0-9]+", "_", n.lower()).strip("_") for n in data.feature_names]
    x = data.data.astype(np.float32)
    malignant = (data.target == 0).astype(np.float32)
    idx = np.arange(len(x))
    tr, te = train_test_split(idx, test_size=0.3, stratify=malignant, random_state=SEED)
    benign_tr = tr[malignant[tr] == 0]  # malignant training rows are never seen

    xb = x[benign_tr]
    model = AnomalyAutoencoder(xb.mean(0), xb.std(0) + 1e-6)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3, weight_decay=1e-4)
    xt = torch.from_numpy(xb)
    for epoch in range(300):
        model.train()
        for b in pack.minibatches(len(xt), 32):
            opt.zero_grad()
            loss = model(xt[b])[0].mean()
            loss.backward()
            opt.step()
        if epoch % 100 == 0:
            print(f"epoch {epoch} loss {loss.item():.4f}")
    model.eval()
    with torch.no_grad():
        train_scores = model(xt)[0].squeeze(1).numpy()
        scores = model(torch.from_numpy(x[te]))[0].squeeze(1).numpy()
    threshold = float(np.quantile(train_scores, 0.95))
    y = malignant[te]
    flagged = scores > threshold
    metrics = {"auc": round(float(roc_auc_score(y, scores)), 4),
               "sensitivity": round(float((flagged & (y == 1)).sum() / (y == 1).sum()), 4),
               "specificity": round(float((~flagged & (y == 0)).sum() / (y == 0).sum()), 4)}
    print("held-out", metrics, "threshold", threshold)

    pack.export_onnx(model, torch.from_numpy(x[te][:1]), os.path.join(OUT, "model.onnx"),
                     "features", ["score", "embedding", "feature_errors"],
                     {"features": {0: "batch"}, "score": {0: "batch"}, "embedding": {0: "batch"},
                      "feature_errors": {0: "batch"}})
    with open(os.path.join(OUT, "validation.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(names + ["label"])
        for row, label in zip(x[te], y):
            w.writerow([f"{v:.6g}" for v in row] + ["malignant" if label else "benign"])
    diagnosis_card = json.load(open(os.path.join(OUT, "..", "..", "breast-cancer-diagnosis", "1",
                                                 "card.json")))
    pack.write_card(os.path.join(OUT, "card.json"), {
        "name": "breast-anomaly", "version": "1", "task": "anomaly-detection",
        "summary": "Scores how unlike the benign breast masses of the training data a fine-needle "
                   "aspirate's 30 nuclear features are, and places it in a 4-dimensional "
                   "embedding.",
        "notForClinicalUse": True, "intendedUse": pack.NOT_FOR_CLINICAL_USE,
        "intendedUsers": ["platform engineers", "clinical informatics teams evaluating medmaas"],
        "outOfScope": ["diagnosis", "data from other imaging pipelines or populations"],
        "architecture": "autoencoder 30-16-4-16-30 (ReLU) trained with mean squared error on "
                        "benign cases only; standardisation with the benign training mean and "
                        "standard deviation inside the graph",
        "input": {"name": "features", "type": "float32", "shape": [-1, 30],
                  "order": "the features list below (as breast-cancer-diagnosis)"},
        "output": {"name": "score", "type": "float32", "shape": [-1, 1],
                   "meaning": "anomaly score: mean squared reconstruction error (standardised "
                              "units); above the threshold the case is flagged unusual"},
        "outputs": {"embedding": {"shape": [-1, EMBEDDING]},
                    "feature_errors": {"shape": [-1, 30],
                                       "meaning": "squared reconstruction error per feature"}},
        "anomalyThreshold": round(threshold, 6),
        "thresholdRule": "95th percentile of the benign training cases' scores",
        "labels": {"positive": "malignant", "negative": "benign",
                   "note": "labels are used only to evaluate; the model never saw a malignant case"},
        "features": [{**next(f for f in diagnosis_card["features"] if f["name"] == n),
                      "trainingMean": round(float(m), 6)}
                     for n, m in zip(names, xb.mean(0))],
        "featureNote": "units and plausible ranges as in breast-cancer-diagnosis's card; "
                       "trainingMean here is the benign training rows' mean",
        "trainingData": "Wisconsin Diagnostic Breast Cancer (Debian python3-sklearn), benign rows "
                        "of the training split only; see ../breast-cancer-diagnosis/DATA.md",
        "preprocessing": "none outside the graph",
        "metrics": metrics,
        "training": {"seed": SEED, "benignTrainRows": int(len(benign_tr)),
                     "heldOutRows": int(len(te)),
                     "split": "stratified 70/30 split (random_state=seed); the held-out 30 % "
                              "has both classes and is validation.csv"},
        "limitations": "An unusual case is not necessarily malignant and vice versa; the score "
                       "depends on the benign training population; small dataset.",
        "biases": ("Inherits the Wisconsin data's selection: patients of one centre referred for "
                   "fine-needle aspiration, with no demographic data; 'unusual' means unusual "
                   "for that centre's benign cases.")})


if __name__ == "__main__":
    main()
