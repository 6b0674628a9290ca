#!/usr/bin/env bash
# Training throughput (issue: 128×128 crops, batch 16, N = 128) with the ND4J settings from
# ../shared/notes/nd4j.md, and without each of them, in one run so the ratios hold.
# Usage: trainer/bench/train-throughput.sh [extra bench-train args]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=trainer/target/sth-trainer.jar
[ -f "$JAR" ] || mvn -B -q package -DskipTests -pl trainer -am
ARGS=(bench-train --channels 128 --crop 128 --batch 16 --steps 15 --warmup 4 "$@")
TUNED=(OMP_WAIT_POLICY=PASSIVE MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736 MALLOC_TOP_PAD_=268435456)

run() { env -i PATH="$PATH" HOME="$HOME" "$@" 2>&1 | grep -a "median" ; }

echo "# all settings: oneDNN, passive OpenMP (2 threads), tuned malloc, gc every 5 steps"
run "${TUNED[@]}" OMP_NUM_THREADS=2 java -jar "$JAR" "${ARGS[@]}" --label tuned-2t
run "${TUNED[@]}" OMP_NUM_THREADS=1 java -jar "$JAR" "${ARGS[@]}" --label tuned-1t
echo "# without oneDNN"
# (without oneDNN a step takes ~9 s at this size: one timed step after one warm-up step)
run "${TUNED[@]}" OMP_NUM_THREADS=2 java -jar "$JAR" "${ARGS[@]}" --steps 1 --warmup 1 --no-onednn --label no-onednn
echo "# without passive OpenMP waiting (spin-wait default, 2 threads), malloc tuned"
run STH_NO_RELAUNCH=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736 MALLOC_TOP_PAD_=268435456 OMP_NUM_THREADS=2 java -jar "$JAR" "${ARGS[@]}" --steps 8 --warmup 3 --label spin-wait
echo "# without malloc tuning and without periodic gc (passive OpenMP)"
run STH_NO_RELAUNCH=1 OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=2 java -jar "$JAR" "${ARGS[@]}" --steps 8 --warmup 3 --gc-every 0 --label untuned-malloc
echo "# none of the settings (what a plain 'java -jar' would get without the relaunch)"
run STH_NO_RELAUNCH=1 java -jar "$JAR" "${ARGS[@]}" --steps 1 --warmup 1 --no-onednn --gc-every 0 --label none
