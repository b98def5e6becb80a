#!/usr/bin/env bash
# Per-sample inference latency of the default Fashion-MNIST classifier, in one run: hsc as shipped
# (first layer skipping zero inputs), hsc with a plain conv2d first layer, and PyTorch CPU on the
# same network and the same input (Debian python3-torch; 1 thread and all cores). Debian's PyTorch
# calls the system BLAS: the reference one by default, OpenBLAS once libopenblas0-pthread is
# installed (about 5x faster here); the script prints which one is in use.
#   bash benchmarks/classifier_vs_torch.sh [BUILD_DIR]      (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
python=/usr/bin/python3 # Debian's interpreter, where python3-torch installs
if ! "$python" -c "import torch" 2>/dev/null; then
  echo "PyTorch is missing: apt-get install python3-torch" >&2
  exit 1
fi
echo "BLAS behind PyTorch: $(readlink -f /etc/alternatives/libblas.so.3-x86_64-linux-gnu 2>/dev/null || echo unknown)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$build/benchmarks/hsc_bench_classifier" --sample "$tmp/sample.npy" --benchmark_min_time=1 \
  --benchmark_out="$tmp/hsc.json" --benchmark_out_format=json > /dev/null
"$python" benchmarks/peers/classifier_torch.py "$tmp/sample.npy" > "$tmp/torch.txt"
"$python" - "$tmp/hsc.json" "$tmp/torch.txt" <<'PY'
import json, sys
runs = {b["name"]: b["real_time"] for b in json.load(open(sys.argv[1]))["benchmarks"]}  # ns
hsc, plain = runs["classifier_inference/hsc"], runs["classifier_inference/baseline"]
print(f"hsc (shipped, sparse-input first layer)  {hsc:10.0f} ns/sample")
print(f"hsc (plain conv2d first layer)           {plain:10.0f} ns/sample")
for line in open(sys.argv[2]):
    fields = dict(item.split("=") for item in line.split()[1:])
    torch_ns = float(fields["ns_per_sample"])
    print(f"PyTorch CPU, {fields['threads']} thread(s)               {torch_ns:10.0f} ns/sample"
          f"   -> hsc shipped {torch_ns / hsc:.1f}x faster, hsc plain {torch_ns / plain:.2f}x")
PY
