#!/usr/bin/env bash
# Where the campaign's base stands against the targets (issue 14): exports the run's last checkpoint as a
# model, codes Kodak and B100 with it (real .sth files, effort 1) and prints the rate it needs against
# HEVC, WebP and JPEG 2000 at its own quality, and against the shipped PSNR family. Evaluation only:
# nothing here trains on it.
# Usage: trainer/bench/campaign-probe.sh [OUT_DIR]   (default docs/results/campaign; needs ../shared/data)
#   RUNS: run folders (default ../runs); NICE: niceness (default 19: beside the training run).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-../runs}
OUT=${1:-docs/results/campaign}
RUN=$RUNS/campaign
MODELS=$RUNS/campaign-models
mkdir -p "$OUT" "$RUNS/jars"
JAR=$RUNS/jars/probe.jar
cp trainer/target/sth-trainer.jar "$JAR"
T=(nice -n "${NICE:-19}" java -jar "$JAR")
step=$(tar -xOf "$RUN/checkpoint.tar" state.properties | sed -n 's/^step=//p')
name=campaign-$step
rm -rf "$MODELS"
"${T[@]}" export --run "$RUN" --out "$MODELS" --name "$name" --family psnr --level 1
for set in kodak b100; do
  "${T[@]}" eval --dataset "../shared/data/$set" --models "$MODELS" --tune psnr --levels 1 --no-jpeg \
    --out "$OUT/probe-$set.json"
  p=docs/results/$set/peers
  "${T[@]}" bdrate --anchor "$p/hevc.json" --test "$OUT/probe-$set.json" --test "docs/results/$set/sth-psnr.json" \
    --test "$p/webp.json" --test "$p/jpeg2000.json" --out "$OUT/probe-$set.md"
  # A base far below the peers' quality range is only extrapolated against them: the shipped family
  # spans it, so it is the anchor that can be trusted there.
  "${T[@]}" bdrate --anchor "docs/results/$set/sth-psnr.json" --test "$OUT/probe-$set.json" --out "$OUT/probe-$set-vs-shipped.md"
done
echo "probe of step $step: $OUT/probe-kodak.md, $OUT/probe-b100.md"
