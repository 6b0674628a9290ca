#!/usr/bin/env bash
# The campaign's second stage (issue 14, point 5; docs/MODELS.md, "The campaign"): the families, each level
# a fine-tune of the base, run one after another in the background under nice, on both threads. Start it
# once the base has stopped for good.
#
# Usage: trainer/bench/campaign-families.sh [--until HH:MM] [NAME ...]
#   Each level of LEVELS (default trainer/bench/campaign-levels.tsv; NAMEs: only those) is a run in
#   RUNS/families/NAME. A level whose run has exported its model (RUNS/families/NAME/export/NAME) is done
#   and skipped; one with a checkpoint resumes from its run folder, or on a fresh machine from its
#   committed snapshot (models/campaign/families/NAME); a new one starts from its "from": the base
#   (RUNS/campaign, else the committed models/campaign) or an earlier level (its run, else its exported
#   model). The network is the base's (its config.properties); only the latent width can change (widening).
#   A resumed level takes the table's steps as its new total. When a level has run all its steps it is
#   exported (float16 bundle) and the next one starts.
#   --until leaves STOP files at that time (today, local): the running level checkpoints, validates and
#   exits, and no further level starts.
#   RUNS (default ../runs), DATA (default RUNS/campaign-data), JAR_SOURCE (the trainer jar to copy and run),
#   SNAPSHOTS (default models/campaign), LR (default 2e-4, ×0.1 after DECAY_FROM, default 0.7, of the steps).
# At the end of a session: trainer/bench/campaign-snapshot.sh also writes every level's snapshot to commit.
set -euo pipefail
# One block, read whole before it runs: bash reads a script as it goes, so editing this file while a run is
# in progress (it lasts hours) would otherwise change the commands it runs next.
{
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-../runs}
DATA=${DATA:-$RUNS/campaign-data}
LEVELS=${LEVELS:-trainer/bench/campaign-levels.tsv}
SNAPSHOTS=${SNAPSHOTS:-models/campaign}
LR=${LR:-2e-4}
DECAY_FROM=${DECAY_FROM:-0.7}
FAMILIES=$RUNS/families
UNTIL=
if [ "${1:-}" = "--until" ]; then UNTIL=$2; shift 2; fi
ONLY=("$@")

die() { echo "campaign-families: $*" >&2; exit 1; }
[ -f "$LEVELS" ] || die "$LEVELS: no level table"
[ -d "$DATA" ] || trainer/data/campaign-data.sh "$DATA"
if pid=$(trainer/bench/run-in-use.sh "$RUNS/campaign"); then
  die "the base run ($RUNS/campaign) is still training (pid $pid): stop it first (touch $RUNS/campaign/STOP)"
fi
for d in "$FAMILIES"/*/; do
  [ -d "$d" ] || continue
  if pid=$(trainer/bench/run-in-use.sh "$d"); then die "level $d is already training (pid $pid)"; fi
done
mkdir -p "$RUNS/jars" "$FAMILIES"
# A copy, so that rebuilding the project cannot change the classes under the running JVM.
JAR=$RUNS/jars/families.jar
cp "${JAR_SOURCE:-trainer/target/sth-trainer.jar}" "$JAR"
T=(nice -n 10 java -jar "$JAR")
run_t() { "${T[@]}" "$@" </dev/null; }

# STOP files an earlier session's timer left would end a level after one step.
rm -f "$FAMILIES/STOP" "$FAMILIES"/*/STOP
if [ -n "$UNTIL" ]; then
  stop=$(date -d "$UNTIL" +%s)
  # Touches the marker, then the running level's STOP until this script has gone (a level may be starting).
  (sleep $((stop - $(date +%s))); touch "$FAMILIES/STOP"
   while kill -0 $$ 2>/dev/null; do for d in "$FAMILIES"/*/; do [ -f "$d/checkpoint.tar" ] && touch "$d/STOP"; done; sleep 5; done
  ) >/dev/null 2>&1 &
  timer=$!
  trap 'kill $timer 2>/dev/null || true' EXIT
  echo "campaign-families: STOP at $UNTIL"
fi

prop() { sed -n "s/^$2=//p" "$1/config.properties"; }
step_of() { tar -xOf "$1/checkpoint.tar" state.properties | sed -n 's/^step=//p'; }
exported() { echo "$FAMILIES/$1/export/$1"; }

# Where a level (or the base) starts a fine-tune from on this machine.
source_of() {
  if [ "$1" = base ]; then
    if [ -f "$RUNS/campaign/checkpoint.tar" ]; then echo "$RUNS/campaign"; else echo "$SNAPSHOTS"; fi
  elif [ -f "$FAMILIES/$1/checkpoint.tar" ]; then echo "$FAMILIES/$1"
  elif [ -d "$(exported "$1")" ]; then exported "$1"
  else die "level $1 is needed as a starting point but has not been trained here"
  fi
}

BASE=$(source_of base)
[ -f "$BASE/config.properties" ] || die "$BASE: no base run or snapshot"
NETWORK=(--channels "$(prop "$BASE" network.channels)" --res-blocks "$(prop "$BASE" network.residualBlocks)"
  --nonlinearity "$(prop "$BASE" network.nonlinearity)" --centers "$(prop "$BASE" quantizer.centers)"
  --vector-dim "$(prop "$BASE" quantizer.vectorDim)" --rate "$(prop "$BASE" rate)")
# The base's images, and the same held-out validation images and crops, so levels compare with the base.
IMAGES=(--downscale "$(prop "$BASE" downscale)" --max-side "$(prop "$BASE" maxSide)"
  --validation-every "$(prop "$BASE" validationEvery)" --validation-crop "$(prop "$BASE" validationCrop)")
SIGMA=$(prop "$BASE" sigma1)

while IFS=$'\t' read -r name from distortion beta target latent crop batch steps; do
  [[ -z "$name" || "$name" == \#* || "$name" == name ]] && continue
  if [ ${#ONLY[@]} -gt 0 ] && [[ ! " ${ONLY[*]} " == *" $name "* ]]; then continue; fi
  [ -f "$FAMILIES/STOP" ] && { echo "campaign-families: stopped before $name"; break; }
  run=$FAMILIES/$name
  if [ -d "$(exported "$name")" ]; then echo "campaign-families: $name done"; continue; fi
  # A fresh machine: the level's model, or its unfinished run, as committed.
  if [ -d "$SNAPSHOTS/families/$name/export/$name" ] && [ ! -f "$run/checkpoint.tar" ]; then
    mkdir -p "$run/export" && cp -r "$SNAPSHOTS/families/$name/export/$name" "$run/export/"
    echo "campaign-families: $name done (restored from $SNAPSHOTS/families/$name)"; continue
  fi
  echo "campaign-families: $name ($distortion, β $beta, target $target bpp, C $latent, ${crop}² × $batch, $steps steps) at $(date +%H:%M)"
  if [ -f "$run/checkpoint.tar" ] || [ -f "$SNAPSHOTS/families/$name/checkpoint.compact.tar" ]; then
    FROM=()
    [ -f "$SNAPSHOTS/families/$name/checkpoint.compact.tar" ] && FROM=(--from "$SNAPSHOTS/families/$name")
    run_t train --run "$run" --resume "${FROM[@]}" --data "$DATA" --steps "$steps" >>"$run.out" 2>&1
  else
    init=$(source_of "$from")
    run_t train --run "$run" --init-from "$init" --data "$DATA" "${NETWORK[@]}" "${IMAGES[@]}" \
      --latent-channels "$latent" --crop "$crop" --batch "$batch" --steps "$steps" \
      --warmup-steps 0 --anneal-steps 0 --sigma0 "$SIGMA" --sigma1 "$SIGMA" --lr "$LR" --decay-from "$DECAY_FROM" \
      --distortion "$distortion" --beta "$beta" --target-bpp "$target" --seed 1 \
      --validate-every 250 --checkpoint-every 250 >>"$run.out" 2>&1
  fi
  done_steps=$(step_of "$run")
  if [ "$done_steps" -lt "$(prop "$run" steps)" ]; then
    echo "campaign-families: $name stopped at step $done_steps of $(prop "$run" steps)"; break
  fi
  family=${name%-*}; level=${name##*-}
  rm -rf "$run/export.tmp"
  run_t export --run "$run" --out "$run/export.tmp" --name "$name" --family "$family" --level "$level" >>"$run.out" 2>&1
  mv "$run/export.tmp" "$run/export"
  echo "campaign-families: $name exported to $(exported "$name") at $(date +%H:%M)"
done < "$LEVELS"

# As the base's script does: the levels' snapshots into the working tree at once, for a session cut off
# before its end routine.
JAR="$JAR" RUNS="$RUNS" SNAPSHOTS="$SNAPSHOTS" trainer/bench/campaign-snapshot.sh
exit
}
