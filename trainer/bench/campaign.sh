#!/usr/bin/env bash
# The training campaign (issue 14; docs/MODELS.md, "The campaign"): one long base run that every session
# advances, in the background, under nice, on both threads.
#
# Usage: trainer/bench/campaign.sh [--until HH:MM] [--drop]
#   Starts the base run, or resumes it: from RUNS/campaign when that folder is further along, else from the
#   committed snapshot in models/campaign (a fresh machine). --until leaves a STOP file in the run folder at
#   that time (today, local), so the run checkpoints, validates and exits. --drop (once the stopping rule is
#   met: docs/MODELS.md) starts the learning rate's ×0.1 drop now: the resume gets a new --steps total of which
#   the current step is the first 90% (--decay-from 0.9), so the drop runs for a ninth of the steps so far.
#   RUNS: run folders (default ../runs); DATA: the campaign's images (default RUNS/campaign-data, built by
#   trainer/data/campaign-data.sh when missing); JAR_SOURCE: the trainer jar to copy and run.
# When the run stops cleanly (STOP file, or its last step) this script writes the snapshot to commit
# (trainer/bench/campaign-snapshot.sh) and the learning curve (campaign-report) itself. While it trains, it
# also refreshes the base's snapshot in models/campaign every SNAPSHOT_EVERY_MIN minutes (default 60; 0: never),
# so that a session whose machine is lost before the stop still leaves a recent one in the working tree.
set -euo pipefail
# One block, read whole before it runs: bash reads a script as it goes, so editing this file while a run is
# in progress (it lasts hours) would otherwise change the commands it runs next.
{
cd "$(dirname "$0")/../.."
# The total N whose last 10% begin at STEP: the largest N with 0.9 N <= STEP - 0.1 (the trainer drops the rate
# from step >= 0.9 N, in floating point; the 0.1 keeps its rounding from moving the start a step later).
drop_total() { echo $(( ($1 * 10 - 1) / 9 )); }
RUNS=${RUNS:-../runs}
RUN=$RUNS/campaign
DATA=${DATA:-$RUNS/campaign-data}
SNAPSHOT=models/campaign
if pid=$(trainer/bench/run-in-use.sh "$RUN"); then
  echo "campaign: $RUN is already training (pid $pid); to stop it: touch $RUN/STOP" >&2; exit 2
fi
[ -d "$DATA" ] || trainer/data/campaign-data.sh "$DATA"
mkdir -p "$RUNS/jars" "$RUN"
# A copy, so that rebuilding the project cannot change the classes under the running JVM.
JAR=$RUNS/jars/campaign.jar
cp "${JAR_SOURCE:-trainer/target/sth-trainer.jar}" "$JAR"

# A STOP file left by an earlier session's --until timer (which fires even after the run stopped) would
# end this run after one step.
rm -f "$RUN/STOP"
DROP=false
while [ $# -gt 0 ]; do
  case $1 in
    --until)
      stop=$(date -d "$2" +%s)
      (sleep $((stop - $(date +%s))) && touch "$RUN/STOP") >/dev/null 2>&1 &
      echo "campaign: STOP file at $2"
      shift 2 ;;
    --drop) DROP=true; shift ;;
    *) echo "campaign: unknown argument $1 (usage: campaign.sh [--until HH:MM] [--drop])" >&2; exit 2 ;;
  esac
done

# The recipe (docs/MODELS.md): the network chosen by the architecture study (docs/RESULTS.md), crops of
# 256² (as fast per pixel as 128², measured), Adam at 2e-4 dropped ×0.1 for the last 10% of the steps (a
# resume with a new --steps total moves the drop), the coder's own rate term held near the base level's
# target, validation every 500 steps with real coded bits.
RECIPE=(--channels 96 --res-blocks 0 --nonlinearity gdn --rate CONTEXT --latent-channels 32 --centers 6 --vector-dim 1
  --crop 256 --batch 4 --downscale 0.75 --max-side 1024 --steps 150000 --decay-from 0.9
  --warmup-steps 1000 --anneal-steps 10000 --sigma0 1 --sigma1 10 --lr 2e-4 --beta 1000 --target-bpp 0.45
  --distortion MSE --seed 1 --validate-every 500 --checkpoint-every 250)

# The periodic snapshot: polls every 30 s so that the end routine below never waits long for it, and never
# runs beside that routine's own snapshot. The trainer replaces its checkpoint atomically, and the snapshot
# cuts the log at the checkpoint's step, so reading a live run is safe.
SNAPSHOT_EVERY_MIN=${SNAPSHOT_EVERY_MIN:-60}
DONE=$RUN/.campaign-done
rm -f "$DONE"
if [ "$SNAPSHOT_EVERY_MIN" -gt 0 ]; then
  (
    next=$(( $(date +%s) + SNAPSHOT_EVERY_MIN * 60 ))
    while [ ! -f "$DONE" ]; do
      sleep 30
      if [ ! -f "$DONE" ] && [ "$(date +%s)" -ge "$next" ]; then
        echo "campaign: periodic snapshot at $(date +%H:%M)"
        nice -n 15 java -jar "$JAR" snapshot --run "$RUN" --out "$SNAPSHOT" || echo "campaign: periodic snapshot failed"
        next=$(( $(date +%s) + SNAPSHOT_EVERY_MIN * 60 ))
      fi
    done
  ) >>"$RUNS/campaign-snapshots.log" 2>&1 &
  SNAPPER=$!
fi
stop_snapper() { touch "$DONE"; [ -z "${SNAPPER:-}" ] || wait "$SNAPPER" || true; }
trap stop_snapper EXIT

if [ -f "$RUN/checkpoint.tar" ] || [ -f "$SNAPSHOT/checkpoint.compact.tar" ]; then
  FROM=()
  [ -f "$SNAPSHOT/checkpoint.compact.tar" ] && FROM=(--from "$SNAPSHOT")
  STEPS=()
  if $DROP; then
    # The step the resume starts from: the further along of the run folder and the snapshot (as the trainer picks).
    last() { [ -f "$1" ] && tail -1 "$1" | cut -d, -f1 || echo 0; }
    LOG=$RUN/log.csv
    [ "$(last "$SNAPSHOT/log.csv")" -gt "$(last "$LOG")" ] && LOG=$SNAPSHOT/log.csv
    step=$(last "$LOG")
    # Once only: a second --drop would stretch a drop that has begun.
    if awk -F, 'END { exit !($9 < 1.5e-4) }' "$LOG"; then
      echo "campaign: the learning rate has been dropped already ($(tail -1 "$LOG" | cut -d, -f9) at step $step): resume without --drop" >&2
      exit 2
    fi
    total=$(drop_total "$step")
    echo "campaign: the ×0.1 learning-rate drop from step $step: --steps $total"
    STEPS=(--steps "$total")
  fi
  nice -n 10 java -jar "$JAR" train --run "$RUN" --resume "${FROM[@]}" "${STEPS[@]}" --data "$DATA" >>"$RUN.out" 2>&1
else
  if $DROP; then echo "campaign: --drop needs a run to resume (no $RUN/checkpoint.tar, no $SNAPSHOT)" >&2; exit 2; fi
  nice -n 10 java -jar "$JAR" train --run "$RUN" --data "$DATA" "${RECIPE[@]}" >>"$RUN.out" 2>&1
fi

# Stopped cleanly: write the snapshot and the learning curve into the working tree at once, so that a
# session cut off before its end routine still leaves them there to commit (a fresh machine keeps only
# what the repository holds).
echo "campaign: the run stopped at $(date +%H:%M); writing the snapshot and the learning curve"
stop_snapper
JAR="$JAR" RUNS="$RUNS" trainer/bench/campaign-snapshot.sh
java -jar "$JAR" campaign-report --run "$RUN" --out docs/results/campaign >/dev/null
echo "campaign: snapshot in $SNAPSHOT, learning curve in docs/results/campaign"
exit
}
