#!/usr/bin/env bash
# Retrains every model of the demo pack from the data Debian ships. The tests never run this:
# they use the committed ONNX files. Needs (Debian 12, as root):
#   apt-get install -y --no-install-recommends python3-torch python3-onnx python3-sklearn r-cran-survival
set -euo pipefail
cd "$(dirname "$0")"
for model in breast-cancer-diagnosis diabetes-progression pbc-progression lesion-classifier breast-anomaly; do
  echo "== $model"
  /usr/bin/python3 "$model/train.py"
done
