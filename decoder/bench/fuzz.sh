#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of the container parser, the entropy decoder and the whole ImageReader
# decode path (as is, and with its checksums made valid), one target after another, each for the duration
# in its @FuzzTest (30 min), outside CI.
# Findings are written next to each target's committed inputs (src/test/resources/.../<Test>Inputs/<method>/),
# where every plain build replays them. Logs: RUNS/fuzz-<target>.log (executions, coverage, findings).
# Usage: decoder/bench/fuzz.sh [TARGET...]   (default: all four; NICE: niceness, default 19, so training keeps the cores)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-../runs}
mkdir -p "$RUNS"
RUNS=$(cd "$RUNS" && pwd)  # absolute: each target runs inside its module's folder
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(codec-format:FormatFuzzTest#container codec-format:FormatFuzzTest#entropyDecoder decoder:ImageReaderFuzzTest#read decoder:ImageReaderFuzzTest#readWithValidChecksums)
mvn -B -q -o install -DskipTests
for t in "${TARGETS[@]}"; do
  module=${t%%:*}; test=${t#*:}
  log="$RUNS/fuzz-${test/\#/-}.log"
  echo "fuzzing $test in $module (log: $log)"
  (cd "$module" && nice -n "${NICE:-19}" mvn -B -o -Pfuzz test -Dtest="$test" >"$log" 2>&1) || echo "  $test: the run failed or found something (see the log)"
  grep -a "#[0-9]*.*DONE\|Done [0-9]* runs\|== Java Exception\|crash-\|Tests run:" "$log" | tail -4 || true
done
