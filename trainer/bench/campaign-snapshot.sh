#!/usr/bin/env bash
# End of a session: the campaign's run in RUNS/campaign as the compact snapshot to commit (models/campaign),
# and its learning curve for docs/RESULTS.md. Stop the run first (touch RUNS/campaign/STOP, wait for it).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-../runs}
JAR=${JAR:-trainer/target/sth-trainer.jar}
java -jar "$JAR" snapshot --run "$RUNS/campaign" --out models/campaign
du -h models/campaign/*
