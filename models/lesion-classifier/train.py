#!/usr/bin/python3
"""Trains lesion-classifier: a small CNN on SYNTHETIC single-channel 64x64 images of round,
smooth "regular" blobs and lobulated, heterogeneous "irregular" blobs on textured noise. No
medical image set is packaged on this machine; this model demonstrates the imaging path only.
Writes ./1/model.onnx, card.json, validation.json (8-bit pixels)."""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import pack  # noqa: E402

SEED = 20261128
SIZE = 64
TRAIN, HELD_OUT = 2000, 150
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "1")


def smooth_noise(rng, size):
    noise = rng.normal(0, 1, (size, size))
    kernel = np.outer(*(2 * [np.exp(-np.linspace(-2, 2, 9) ** 2)]))
    padded = np.pad(noise, 4, mode="wrap")
    out = np.zeros_like(noise)
    for dy in range(9):
        for dx in range(9):
            out += kernel[dy, dx] * padded[dy:dy + size, dx:dx + size]
    return (out - out.mean()) / (out.std() + 1e-6)


def image(rng, irregular):
    yy, xx = np.mgrid[0:SIZE, 0:SIZE]
    cy, cx = rng.uniform(20, 44, 2)
    radius = rng.uniform(8, 14)
    angle = np.arctan2(yy - cy, xx - cx)
    dist = np.hypot(yy - cy, xx - cx)
    if irregular:  # lobulated, spiculated border and a heterogeneous interior
        lobes = rng.integers(3, 8)
        border = radius * (1 + rng.uniform(0.15, 0.35) * np.sin(lobes * angle + rng.uniform(0, 6))
                           + rng.uniform(0.05, 0.15) * np.sin(rng.integers(9, 15) * angle))
        interior = 0.55 + 0.25 * smooth_noise(rng, SIZE)
    else:  # round or slightly oval, smooth border, homogeneous interior
        border = radius * (1 + rng.uniform(0, 0.08) * np.sin(2 * angle + rng.uniform(0, 6)))
        interior = 0.6 + 0.05 * smooth_noise(rng, SIZE)
    edge = 1 / (1 + np.exp((dist - border) / rng.uniform(0.6, 1.2)))
    background = 0.25 + 0.08 * smooth_noise(rng, SIZE) + rng.normal(0, 0.03, (SIZE, SIZE))
    img = background * (1 - edge) + interior * edge + rng.normal(0, 0.03, (SIZE, SIZE))
    return np.clip(np.round(img * 255), 0, 255).astype(np.uint8)


def dataset(rng, n):
    labels = rng.integers(0, 2, n).astype(np.float32)
    images = np.stack([image(rng, bool(y)) for y in labels])
    return images, labels


class LesionCnn(torch.nn.Module):
    """Input [batch, 1, 64, 64] pixel intensities in [0, 1]; output P(irregular)."""

    def __init__(self):
        super().__init__()
        self.features = torch.nn.Sequential(
            torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
            torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(),
            torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten())
        self.head = torch.nn.Linear(32, 1)

    def forward(self, image):
        return torch.sigmoid(self.head(self.features(image)))


def main():
    pack.seed_everything(SEED)
    rng = np.random.default_rng(SEED)
    x_tr, y_tr = dataset(rng, TRAIN)
    x_te, y_te = dataset(rng, HELD_OUT)
    xt = torch.from_numpy(x_tr.astype(np.float32) / 255).unsqueeze(1)
    yt = torch.from_numpy(y_tr).unsqueeze(1)
    model = LesionCnn()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    for epoch in range(15):
        model.train()
        for b in pack.minibatches(len(xt), 64):
            opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy(model(xt[b]), yt[b])
            loss.backward()
            opt.step()
        print(f"epoch {epoch} loss {loss.item():.4f}")
    model.eval()
    with torch.no_grad():
        p = model(torch.from_numpy(x_te.astype(np.float32) / 255).unsqueeze(1)).squeeze(1).numpy()
    metrics = pack.classification_metrics(y_te, p)
    print("held-out", metrics)

    pack.export_onnx(model, torch.zeros(1, 1, SIZE, SIZE), os.path.join(OUT, "model.onnx"),
                     "image", ["probability"], {"image": {0: "batch"}, "probability": {0: "batch"}})
    with open(os.path.join(OUT, "validation.json"), "w") as f:
        json.dump([{"pixels": img.tolist(), "label": "irregular" if y else "regular"}
                   for img, y in zip(x_te, y_te)], f, separators=(",", ":"))
    pack.write_card(os.path.join(OUT, "card.json"), {
        "name": "lesion-classifier", "version": "1", "task": "image-binary-classification",
        "summary": "Classifies a SYNTHETIC single-channel image of a blob as regular (round, "
                   "smooth, homogeneous) or irregular (lobulated, heterogeneous).",
        "syntheticData": True, "notForClinicalUse": True,
        "intendedUse": "Demonstration of the imaging path only. " + pack.NOT_FOR_CLINICAL_USE,
        "intendedUsers": ["platform engineers testing the imaging API"],
        "outOfScope": ["any real medical image", "any diagnostic use whatsoever"],
        "architecture": "CNN: Conv 8, pool, Conv 16, pool, Conv 32, global average pool, Dense 1 "
                        "sigmoid; binary cross-entropy",
        "input": {"name": "image", "type": "float32", "shape": [-1, 1, SIZE, SIZE],
                  "image": {"width": SIZE, "height": SIZE, "channels": 1,
                            "values": "8-bit grey levels divided by 255 (0 black, 1 white)"}},
        "output": {"name": "probability", "type": "float32", "shape": [-1, 1],
                   "meaning": "probability that the blob is irregular"},
        "labels": {"positive": "irregular", "negative": "regular", "threshold": 0.5},
        "features": [],
        "trainingData": "generated by train.py (seeded): textured noise background, one blob "
                        "per image; no real image of any person was used. See DATA.md",
        "preprocessing": "grey levels / 255 (the caller sends values in [0, 1] or a PNG)",
        "metrics": metrics,
        "training": {"seed": SEED, "trainImages": TRAIN, "heldOutImages": HELD_OUT,
                     "split": "held-out images generated after the training images from the same "
                              "seeded generator; the held-out set is validation.json"},
        "limitations": "Synthetic shapes only: the task is far easier than any real imaging "
                       "task and says nothing about clinical performance.",
        "biases": ("No patient population: the labels are decided by the image generator, so the "
                   "model carries the generator's assumptions, not any clinical distribution.")})


if __name__ == "__main__":
    main()
