#!/usr/bin/env bash
# A large image through ImageIO as an application meets it (plain JVM, only the decoder jar, -Xmx1g):
# the size answered from the header, a whole read, and a 512×512 source region, each with its peak RSS.
# Usage: decoder/bench/imageio-large.sh [SIDE] [SOURCE_IMAGE]   (default 8000, testdata/coffee.png tiled)
set -euo pipefail
cd "$(dirname "$0")/../.."
SIDE=${1:-8000}
SRC=${2:-testdata/coffee.png}
for j in encoder/target/sth-encoder.jar decoder/target/sth-decoder.jar; do
  [ -f "$j" ] || mvn -B -q package -DskipTests
done
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
java trainer/bench/Mosaic.java "$SRC" "$TMP/big.png" "$SIDE" "$SIDE"
java -Xmx1g -jar encoder/target/sth-encoder.jar --quiet -o "$TMP/big.sth" "$TMP/big.png"
ls -l "$TMP/big.sth" | awk -v s="$SIDE" '{printf "file: %d bytes, %.4f bpp\n", $5, $5*8/(s*s)}'
run() { # LABEL, region args
  local label=$1; shift
  /usr/bin/time -v java -Xmx1g -cp decoder/target/sth-decoder.jar decoder/bench/ImageIoRegion.java "$TMP/big.sth" "$@" \
    2> "$TMP/time.txt" | sed "s/^/$label: /"
  awk -F': ' -v l="$label" '/Maximum resident/ {printf "%s: peak RSS %.0f MiB\n", l, $2/1024}' "$TMP/time.txt"
}
run whole
run region $((SIDE / 2)) $((SIDE / 2)) 512 512
