#!/usr/bin/env bash
# Encoder effort levels, measured paired (issue 17; docs/RESULTS.md "Encoder effort"): the same images at
# effort 1 and at efforts 3, 6 and 9, four levels per family, BD-rate on the family's own metric and the
# encode time per image; then the top effort on images it was not tuned on (the other 12 Kodak images and
# 25 B100 images, PSNR family). A few CPU-hours: run it beside training, not instead of it.
# Usage: trainer/bench/effort.sh [OUT_DIR]   (needs ../shared/data/kodak and ../shared/data/b100)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-docs/results/effort}
mkdir -p "$OUT"
[ -f trainer/target/sth-trainer.jar ] || mvn -B -q package -DskipTests -pl trainer -am
# A copy, so that rebuilding the project while this runs cannot change the classes under it.
JAR=$(mktemp --suffix=.jar); trap 'rm -f "$JAR"' EXIT
cp trainer/target/sth-trainer.jar "$JAR"
# NICE: 19 runs it on what training leaves idle (a training process keeps about 1.1 of the 2 cores busy).
T=(nice -n "${NICE:-5}" java -jar "$JAR")
# An eval whose results exist is not run again, and one that was interrupted keeps the images it had
# measured (--resume reads them back from its CSV), so the measurement can be done a session at a time.
ev() { local out=${*: -1}; [ -s "$out" ] && { echo "have $out"; return; }; "${T[@]}" eval --resume "$@"; }
KODAK=../shared/data/kodak
B100=../shared/data/b100
declare -A LEVELS=([psnr]=1,3,5,7 [ms-ssim]=1,2,4,5)

for fam in psnr ms-ssim; do
  for e in 1 3 6 9; do
    # Every second Kodak image (kodim01, 03, ...): the tuning half.
    ev --dataset "$KODAK" --tune "$fam" --levels "${LEVELS[$fam]}" --effort "$e" --every 2 --offset 0 \
      --no-jpeg --out "$OUT/$fam-kodak-even-e$e.json"
  done
  "${T[@]}" bdrate --anchor "$OUT/$fam-kodak-even-e1.json" --test "$OUT/$fam-kodak-even-e3.json" \
    --test "$OUT/$fam-kodak-even-e6.json" --test "$OUT/$fam-kodak-even-e9.json" --out "$OUT/$fam-kodak-even-bdrate.md"
done
# The top effort on held-out images, PSNR family.
for e in 1 9; do
  ev --dataset "$KODAK" --tune psnr --levels "${LEVELS[psnr]}" --effort "$e" --every 2 --offset 1 --no-jpeg \
    --out "$OUT/psnr-kodak-odd-e$e.json"
  ev --dataset "$B100" --tune psnr --levels "${LEVELS[psnr]}" --effort "$e" --limit 25 --no-jpeg \
    --out "$OUT/psnr-b100-25-e$e.json"
done
"${T[@]}" bdrate --anchor "$OUT/psnr-kodak-odd-e1.json" --test "$OUT/psnr-kodak-odd-e9.json" --out "$OUT/psnr-kodak-odd-bdrate.md"
"${T[@]}" bdrate --anchor "$OUT/psnr-b100-25-e1.json" --test "$OUT/psnr-b100-25-e9.json" --out "$OUT/psnr-b100-25-bdrate.md"
echo "results in $OUT (encode time per image: encoding_time in each JSON and the per-image CSVs)"
