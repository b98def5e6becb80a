#!/bin/bash
# For each bundled image and bank: ADMM's objective after 100 iterations (SPORCO's settings), then
# FISTA until its objective is within 1e-3 of it. One line per pair; 2 threads each.
# Usage: bash benchmarks/fista_vs_admm.sh [path/to/hsc]   (from the source directory)
set -euo pipefail
hsc=${1:-build/bin/hsc}
field() { sed "s/.*\"$1\": \([^,}]*\).*/\1/"; }
for image in astronaut camera chelsea coffee grass; do
  for bank in heterogeneous homogeneous; do
    admm=$($hsc encode tests/data/natural/$image.pgm --bank $bank --solver admm --threads 2)
    objective=$(echo "$admm" | field objective)
    target=$(awk -v o="$objective" 'BEGIN { printf "%.9g", o * 1.001 }')
    fista=$($hsc encode tests/data/natural/$image.pgm --bank $bank --solver fista --threads 2 --iters 3000 \
      --tol 0 --target-objective "$target")
    echo "$image $bank admm_objective $objective admm_seconds $(echo "$admm" | field seconds)" \
      "fista_iterations $(echo "$fista" | field iterations) fista_seconds $(echo "$fista" | field seconds)" \
      "fista_sparseness $(echo "$fista" | field sparseness) fista_psnr $(echo "$fista" | field psnr_db)" \
      "fista_stop $(echo "$fista" | field stop)"
  done
done
