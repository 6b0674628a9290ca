#!/usr/bin/env bash
# The cost of running the transforms in strips (sth.strip.mb) in a read loop: two plain JVMs (-Xmx1g, decoder
# jar only) side by side on the same 12 Kodak files, one with the default strips and one with whole tiles
# (sth.strip.mb=0), each printing ImageIoMemory's resident-set figures and ms per read. Side by side, so
# that both see the same load; the ratio of their ms/op is the figure, not the absolute times.
# Usage: decoder/bench/imageio-strips.sh [READS]   (default 200; needs ../shared/data/kodak)
set -euo pipefail
cd "$(dirname "$0")/../.."
READS=${1:-200}
KODAK=../shared/data/kodak
[ -d "$KODAK" ] || { echo "needs $KODAK" >&2; exit 2; }
for j in encoder/target/sth-encoder.jar decoder/target/sth-decoder.jar; do
  [ -f "$j" ] || mvn -B -q package -DskipTests
done
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/png" "$TMP/sth"
cp decoder/target/sth-decoder.jar "$TMP/decoder.jar"
cp encoder/target/sth-encoder.jar "$TMP/encoder.jar"
for i in 01 02 03 04 05 06 07 08 09 10 11 12; do cp "$KODAK/kodim$i.png" "$TMP/png/"; done
java -jar "$TMP/encoder.jar" --quiet -d "$TMP/sth" "$TMP"/png/*.png
javac -d "$TMP/bench" decoder/bench/ImageIoMemory.java
java -Xmx1g -cp "$TMP/decoder.jar:$TMP/bench" ImageIoMemory "$TMP/sth" "$READS" > "$TMP/strips.txt" 2>/dev/null &
java -Xmx1g -Dsth.strip.mb=0 -cp "$TMP/decoder.jar:$TMP/bench" ImageIoMemory "$TMP/sth" "$READS" > "$TMP/whole.txt" 2>/dev/null &
wait
echo "== strips (default)"; cat "$TMP/strips.txt"
echo "== whole tiles (sth.strip.mb=0)"; cat "$TMP/whole.txt"
