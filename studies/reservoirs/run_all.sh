#!/bin/bash
# The whole reservoir study of docs/results/reservoirs.md: every section of that page and its
# figures, from a build's hsc tool. About 10 minutes on 2 cores.
#   bash studies/reservoirs/run_all.sh [build/bin/hsc]
set -euo pipefail
cd "$(dirname "$0")/../.."
hsc=${1:-build/bin/hsc}
page=docs/results/reservoirs.md
figures=docs/figures
json=${HSC_RESERVOIR_JSON:-build/reservoir-json} # every JSON line (and the other figures), per part
mkdir -p "$json"
run() { # NAME, then the options of this part of the study; the page shows the figures of two parts
  local name=$1 out=$json
  shift
  [[ $name == reservoir || $name == reservoir-lowpass ]] && out=$figures
  echo "== $name: hsc reservoir $*" >&2
  "$hsc" reservoir "$@" --name "$name" --out "$out" --page "$page" > "$json/$name.jsonl"
}
# Best against best and matched mean, every size and law at CV 0.5, NARMA-10 and Mackey-Glass.
run reservoir
# The laws compared where clamping at dt is negligible (CV 0.25, mean tau >= 2) and where it is not.
run reservoir-laws --sizes 100,400 --cv 0.25,1,2 --standard-tasks off
# Recurrence removed, with and without the neuron biases.
run reservoir-recurrence --sizes 100,400 --distributions gamma,normal --recurrent both --standard-tasks off
run reservoir-recurrence-nobias --sizes 100,400 --distributions gamma,normal --recurrent both --bias off \
  --standard-tasks off
# Tasks a reservoir can do beyond recall of white noise: a correlated input (prediction possible),
# and three input channels to keep apart.
run reservoir-lowpass --sizes 100,400 --distributions gamma,normal --input lowpass --correlation 5 --max-shift 5 \
  --standard-tasks off
run reservoir-channels --sizes 100,400 --distributions gamma,normal --channels 3 --standard-tasks off
# "Less training data": the training length swept.
run reservoir-data --sizes 50,100 --distributions gamma,normal --train-steps 200,500,1000,2000 --standard-tasks off
# Resilience to the recurrent hyperparameters: J, density, mu_e.
run reservoir-gain --sizes 100 --distributions gamma,normal --gains 0.5,1,1.5,3 --standard-tasks off
run reservoir-density --sizes 100 --distributions gamma,normal --densities 0.05,0.1,0.2,0.5 --standard-tasks off
run reservoir-mu --sizes 100 --distributions gamma,normal --excitatory-means 0.25,1,2 --standard-tasks off
# The spiking network (readout filtered with each neuron's own tau), with and without a refractory period.
run reservoir-lif --model lif --sizes 100,400 --distributions gamma,normal
run reservoir-lif-norefractory --model lif --sizes 100,400 --distributions gamma,normal --refractory 0 \
  --standard-tasks off
