#!/usr/bin/env bash
# Training step cost of the architecture-study variants (docs/RESULTS.md, "Equal-compute study"), and the
# settings that could still cut a step's cost: periodic gc, the soft quantizer, crop and batch size.
# Run it on a quiet machine (no training in the background): it prints one line per configuration.
# Usage: trainer/bench/study-throughput.sh [JAR]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=${1:-trainer/target/sth-trainer.jar}
[ -f "$JAR" ] || mvn -B -q package -DskipTests -pl trainer -am
B=(bench-train --latent-channels 32 --steps 12 --warmup 4)
# (an option given twice is a picocli usage error: each line names --res-blocks itself)
run() { java -jar "$JAR" "${B[@]}" "$@" 2>&1 | grep -a "median" || echo "$* failed"; }
echo "# the variants, 128x128 crops, batch 8 (the study's setting)"
run --res-blocks 1 --label relu64 --channels 64 --crop 128 --batch 8
run --res-blocks 1 --label gdn64 --channels 64 --crop 128 --batch 8 --nonlinearity gdn
run --res-blocks 1 --label gdn128 --channels 128 --crop 128 --batch 8 --nonlinearity gdn
run --res-blocks 1 --label gdn128-ctx --channels 128 --crop 128 --batch 8 --nonlinearity gdn --rate CONTEXT
run --label gdn128-r0-ctx --channels 128 --res-blocks 0 --crop 128 --batch 8 --nonlinearity gdn --rate CONTEXT
echo "# what could cut a step (gdn128): gc interval, the quantizer, crop x batch at about the same pixels"
run --res-blocks 1 --label gc-every-20 --channels 128 --crop 128 --batch 8 --nonlinearity gdn --gc-every 20
run --res-blocks 1 --label gc-never --channels 128 --crop 128 --batch 8 --nonlinearity gdn --gc-every 0
run --res-blocks 1 --label no-quantizer --channels 128 --crop 128 --batch 8 --nonlinearity gdn --no-quantizer
run --res-blocks 1 --label crop256-b2 --channels 128 --crop 256 --batch 2 --nonlinearity gdn
run --res-blocks 1 --label crop192-b4 --channels 128 --crop 192 --batch 4 --nonlinearity gdn
run --res-blocks 1 --label crop96-b14 --channels 128 --crop 96 --batch 14 --nonlinearity gdn
run --res-blocks 1 --label crop128-b16 --channels 128 --crop 128 --batch 16 --nonlinearity gdn
