#!/usr/bin/env bash
# Codec speed on Kodak (or any folder), in one run so the ratios hold:
#  1. sth in one warm JVM (per-image median encode/decode), with ImageIO JPEG as in-JVM baseline;
#  2. cjxl/djxl (libjxl-tools, effort 7 = the default) on the same images, per-image CPU-bound wall time;
#  3. the user's view: `java -jar` over the whole folder (JVM start, model load, every image).
# Usage: trainer/bench/codec-speed.sh [DATASET_DIR] [MODEL_DIR]
#   defaults: ../shared/data/kodak and the default shipped model; MODEL_DIR is a bundle folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:-../shared/data/kodak}
MODEL_DIR=${2:-}
[ -d "$DATA" ] || { echo "codec-speed: $DATA not found" >&2; exit 2; }
for j in trainer/target/sth-trainer.jar encoder/target/sth-encoder.jar decoder/target/sth-decoder.jar; do
  [ -f "$j" ] || mvn -B -q package -DskipTests
done
command -v cjxl >/dev/null || { echo "codec-speed: needs cjxl/djxl (apt-get install libjxl-tools)" >&2; exit 2; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
N=$(ls "$DATA"/*.png | wc -l)

echo "## 1. sth in one JVM (tuned ND4J settings via relaunch)"
java -jar trainer/target/sth-trainer.jar bench-codec --dataset "$DATA" ${MODEL_DIR:+--model-dir "$MODEL_DIR"} | tail -2

echo "## 2. libjxl 0.7 (cjxl -d 1 -e 7 / djxl), same images, per image"
start=$(date +%s.%N)
for f in "$DATA"/*.png; do cjxl --quiet -d 1 -e 7 "$f" "$TMP/$(basename "$f" .png).jxl" 2>/dev/null; done
mid=$(date +%s.%N)
for f in "$TMP"/*.jxl; do djxl --quiet "$f" "$TMP/$(basename "$f" .jxl).ppm" 2>/dev/null; done
end=$(date +%s.%N)
awk -v a="$start" -v b="$mid" -v c="$end" -v n="$N" 'BEGIN { printf "cjxl %.1f ms/image, djxl %.1f ms/image (wall, process start included)\n", (b-a)*1000/n, (c-b)*1000/n }'

echo "## 3. user's view: java -jar over the folder"
mkdir -p "$TMP/sth" "$TMP/png"
start=$(date +%s.%N)
java -jar encoder/target/sth-encoder.jar --quiet ${MODEL_DIR:+--model-dir "$MODEL_DIR"} -d "$TMP/sth" "$DATA"/*.png
mid=$(date +%s.%N)
java -jar decoder/target/sth-decoder.jar --quiet ${MODEL_DIR:+--model-dir "$MODEL_DIR"} -d "$TMP/png" "$TMP"/sth/*.sth
end=$(date +%s.%N)
awk -v a="$start" -v b="$mid" -v c="$end" -v n="$N" 'BEGIN { printf "java -jar sth-encoder: %.2f s total, %.1f ms/image; sth-decoder: %.2f s total, %.1f ms/image (%d images, JVM start and model load included)\n", b-a, (b-a)*1000/n, c-b, (c-b)*1000/n, n }'
