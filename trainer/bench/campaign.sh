#!/usr/bin/env bash
# The training campaign (issue 14; docs/MODELS.md, "The campaign"): one long base run that every session
# advances, in the background, under nice, on both threads.
#
# Usage: trainer/bench/campaign.sh [--until HH:MM]
#   Starts the base run, or resumes it: from RUNS/campaign when that folder is further along, else from the
#   committed snapshot in models/campaign (a fresh machine). --until leaves a STOP file in the run folder at
#   that time (today, local), so the run checkpoints, validates and exits.
#   RUNS: run folders (default ../runs); DATA: the campaign's images (default RUNS/campaign-data, built by
#   trainer/data/campaign-data.sh when missing); JAR_SOURCE: the trainer jar to copy and run.
# When the run stops cleanly (STOP file, or its last step) this script writes the snapshot to commit
# (trainer/bench/campaign-snapshot.sh) and the learning curve (campaign-report) itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-../runs}
RUN=$RUNS/campaign
DATA=${DATA:-$RUNS/campaign-data}
SNAPSHOT=models/campaign
[ -d "$DATA" ] || trainer/data/campaign-data.sh "$DATA"
mkdir -p "$RUNS/jars" "$RUN"
# A copy, so that rebuilding the project cannot change the classes under the running JVM.
JAR=$RUNS/jars/campaign.jar
cp "${JAR_SOURCE:-trainer/target/sth-trainer.jar}" "$JAR"

# A STOP file left by an earlier session's --until timer (which fires even after the run stopped) would
# end this run after one step.
rm -f "$RUN/STOP"
if [ "${1:-}" = "--until" ]; then
  stop=$(date -d "$2" +%s)
  (sleep $((stop - $(date +%s))) && touch "$RUN/STOP") >/dev/null 2>&1 &
  echo "campaign: STOP file at $2"
fi

# The recipe (docs/MODELS.md): the network chosen by the architecture study (docs/RESULTS.md), crops of
# 256² (as fast per pixel as 128², measured), Adam at 2e-4 dropped ×0.1 for the last 10% of the steps (a
# resume with a new --steps total moves the drop), the coder's own rate term held near the base level's
# target, validation every 500 steps with real coded bits.
RECIPE=(--channels 96 --res-blocks 0 --nonlinearity gdn --rate CONTEXT --latent-channels 32 --centers 6 --vector-dim 1
  --crop 256 --batch 4 --downscale 0.75 --max-side 1024 --steps 150000 --decay-from 0.9
  --warmup-steps 1000 --anneal-steps 10000 --sigma0 1 --sigma1 10 --lr 2e-4 --beta 1000 --target-bpp 0.45
  --distortion MSE --seed 1 --validate-every 500 --checkpoint-every 250)

if [ -f "$RUN/checkpoint.tar" ] || [ -f "$SNAPSHOT/checkpoint.compact.tar" ]; then
  FROM=()
  [ -f "$SNAPSHOT/checkpoint.compact.tar" ] && FROM=(--from "$SNAPSHOT")
  nice -n 10 java -jar "$JAR" train --run "$RUN" --resume "${FROM[@]}" --data "$DATA" >>"$RUN.out" 2>&1
else
  nice -n 10 java -jar "$JAR" train --run "$RUN" --data "$DATA" "${RECIPE[@]}" >>"$RUN.out" 2>&1
fi

# Stopped cleanly: write the snapshot and the learning curve into the working tree at once, so that a
# session cut off before its end routine still leaves them there to commit (a fresh machine keeps only
# what the repository holds).
echo "campaign: the run stopped at $(date +%H:%M); writing the snapshot and the learning curve"
JAR="$JAR" RUNS="$RUNS" trainer/bench/campaign-snapshot.sh
java -jar "$JAR" campaign-report --run "$RUN" --out docs/results/campaign >/dev/null
echo "campaign: snapshot in $SNAPSHOT, learning curve in docs/results/campaign"
