#!/usr/bin/env bash
# The equal-compute architecture study (docs/RESULTS.md, "Equal-compute architecture study"): every variant
# trains from scratch with the same data, crops, optimizer and λ, for the same CPU time, one after another.
#
# Variant A (today's network) set the budget: it ran 45 min of wall time on 2 threads,
#   java -jar trainer/target/sth-trainer.jar train --run RUNS/study-relu64 --data ../shared/data/train \
#     --channels 64 --res-blocks 1 --latent-channels 32 --centers 6 --vector-dim 1 --crop 128 --batch 8 --steps 100000 \
#     --warmup-steps 500 --anneal-steps 2000 --sigma0 1 --sigma1 10 --lr 2e-4 --beta 1000 --target-bpp 0.15 \
#     --distortion MSE --seed 1 --validate-every 500 --checkpoint-every 250
# stopped at its first checkpoint after 2700 s, when its training process had used 3,385 CPU seconds.
#
# Usage: trainer/bench/study-queue.sh [BUDGET_CPU_SECONDS]   (RUNS: run folders, default ../runs)
# A variant that is interrupted (end of a session) resumes from its checkpoint with the same total budget;
# a finished one leaves RUNS/NAME.done. Training runs under nice, on both threads.
set -uo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-../runs}
BUDGET=${1:-3385}
# A copy, so that rebuilding the project while the queue runs cannot change the classes under a running JVM.
mkdir -p "$RUNS/jars" && cp "${JAR_SOURCE:-trainer/target/sth-trainer.jar}" "$RUNS/jars/study-queue.jar" || exit 1
JAR=$RUNS/jars/study-queue.jar
COMMON=(--data ../shared/data/train --latent-channels 32 --centers 6 --vector-dim 1 --crop 128 --batch 8 --steps 100000
  --sigma0 1 --sigma1 10 --lr 2e-4 --beta 1000 --target-bpp 0.15 --distortion MSE
  --seed 1 --validate-every 250 --checkpoint-every 250)

# The schedule is a fraction of each variant's own step budget, so that a slower variant is not cut off
# mid-anneal: warm-up for the first 10% of its steps, σ annealed until 50%, hard after. EXPECTED_STEPS is the
# budget over the variant's CPU seconds per step, measured on its first few hundred steps.
run() { # NAME, EXPECTED_STEPS, network options
  local name=$1 expected=$2; shift 2
  local warmup=$((expected / 10)) anneal=$((expected * 4 / 10))
  [ -f "$RUNS/$name.done" ] && return
  if [ -f "$RUNS/$name/checkpoint.tar" ]; then
    nice -n 10 java -jar "$JAR" train --run "$RUNS/$name" --resume --cpu-budget "$BUDGET" >>"$RUNS/$name.out" 2>&1
  else
    nice -n 10 java -jar "$JAR" train --run "$RUNS/$name" "${COMMON[@]}" --warmup-steps "$warmup" --anneal-steps "$anneal" \
      --cpu-budget "$BUDGET" "$@" >"$RUNS/$name.out" 2>&1
  fi
  grep -aq "done at step" "$RUNS/$name.out" && touch "$RUNS/$name.done"
}

# (B, study-gdn64, ran before this rule with warm-up 500 and anneal 2000 of its 3,745 steps: 13% and 67%;
#  A had 10% and 50% of 5,000.)
run study-gdn64 3745 --channels 64 --res-blocks 1 --nonlinearity gdn
run study-gdn128-ctx 1460 --channels 128 --res-blocks 1 --nonlinearity gdn --rate CONTEXT
run study-gdn128 1880 --channels 128 --res-blocks 1 --nonlinearity gdn
# E, this study's own variant: a cheaper synthesis for the decode-time limit (2x today's). Untrained
# bundles of each candidate shape decoded 6 Kodak images, in one batch beside training, at 2.96x (N=128 R=1),
# 2.65x (N=128 R=0), 2.15x (N=96 R=1) and 1.50x (N=96 R=0) psnr-4's time (docs/results/study/decode-screen.txt).
# Its step took 0.73x variant D's in the same bench-train batch, so 1,345 / 0.73 = 1,850 expected steps.
run study-gdn96-r0-ctx 1850 --channels 96 --res-blocks 0 --nonlinearity gdn --rate CONTEXT
