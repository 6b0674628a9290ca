#!/usr/bin/env bash
# The campaign's run in RUNS/campaign as the compact snapshot to commit (models/campaign). campaign.sh and
# campaign-families.sh run it when they stop; by hand, stop a run first (touch its STOP, wait for it).
# The families' levels (trainer/bench/campaign-families.sh) go to models/campaign/families/NAME: a level
# still training as its compact snapshot, a finished one as its exported float16 model and its records.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-../runs}
JAR=${JAR:-trainer/target/sth-trainer.jar}
OUT=${SNAPSHOTS:-models/campaign}
# The base, unless this machine only ran the families (from the base's committed snapshot).
[ -f "$RUNS/campaign/checkpoint.tar" ] && java -jar "$JAR" snapshot --run "$RUNS/campaign" --out "$OUT"
for run in "$RUNS"/families/*/; do
  [ -f "$run/checkpoint.tar" ] || continue
  name=$(basename "$run")
  snap=$OUT/families/$name
  if [ -d "$run/export/$name" ]; then
    # Done: the model and how it was made; its optimizer state is no longer needed.
    mkdir -p "$snap/export"
    rm -rf "$snap/export/$name" "$snap/checkpoint.compact.tar"
    cp -r "$run/export/$name" "$snap/export/"
    cp "$run/config.properties" "$run/log.csv" "$run/commands.txt" "$snap/"
  else
    java -jar "$JAR" snapshot --run "$run" --out "$snap"
  fi
done
du -h "$OUT"/* | sort -k2
