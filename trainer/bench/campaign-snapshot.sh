#!/usr/bin/env bash
# End of a session: the campaign's run in RUNS/campaign as the compact snapshot to commit (models/campaign),
# and its learning curve for docs/RESULTS.md. Stop the run first (touch RUNS/campaign/STOP, wait for it).
# The families' levels (trainer/bench/campaign-families.sh) go to models/campaign/families/NAME: a level
# still training as its compact snapshot, a finished one as its exported float16 model and its records.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-../runs}
JAR=${JAR:-trainer/target/sth-trainer.jar}
OUT=${SNAPSHOTS:-models/campaign}
java -jar "$JAR" snapshot --run "$RUNS/campaign" --out "$OUT"
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
