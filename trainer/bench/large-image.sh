#!/usr/bin/env bash
# A 6000×4000 photo through the CLIs with -Xmx1g: peak RSS and wall time of encode and decode.
# Usage: trainer/bench/large-image.sh [SOURCE_IMAGE]   (default: testdata/coffee.png, upscaled)
set -euo pipefail
cd "$(dirname "$0")/../.."
SRC=${1:-testdata/coffee.png}
for j in encoder/target/sth-encoder.jar decoder/target/sth-decoder.jar; do
  [ -f "$j" ] || mvn -B -q package -DskipTests
done
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
java trainer/bench/Mosaic.java "$SRC" "$TMP/big.png" 6000 4000
# Set the ND4J settings here so the tools do not relaunch: /usr/bin/time then measures the one JVM.
export OMP_WAIT_POLICY=PASSIVE MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736 MALLOC_TOP_PAD_=268435456
for step in encode decode; do
  if [ $step = encode ]; then cmd=(java -Xmx1g -jar encoder/target/sth-encoder.jar -o "$TMP/big.sth" "$TMP/big.png")
  else cmd=(java -Xmx1g -jar decoder/target/sth-decoder.jar -o "$TMP/big.out.png" "$TMP/big.sth"); fi
  /usr/bin/time -v "${cmd[@]}" 2> "$TMP/time.txt" >/dev/null
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$TMP/time.txt")
  wall=$(awk -F': ' '/Elapsed \(wall/ {print $2}' "$TMP/time.txt")
  printf '%s 6000x4000 with -Xmx1g: peak RSS %.0f MiB, wall %s\n' "$step" "$(echo "$rss / 1024" | bc -l)" "$wall"
done
ls -l "$TMP/big.sth" | awk '{printf "file: %d bytes, %.4f bpp\n", $5, $5*8/24000000}'
