#!/usr/bin/env bash
# The ImageIO plugin's memory as a long-running application sees it (issue 16): a plain JVM with -Xmx1g,
# nothing else set. Twelve Kodak-size files (kodim01..12, 768×512 and 512×768) through ImageIO.read and,
# with the encoder jar, ImageIO.write; the resident set size after the first 50 operations, at the end,
# and its peak (sampled every 5 ms), each split into the Java heap's resident part and the rest. Four runs:
# the baseline (the JDK's PNG reader on the same images); reads only (decoder jar); reads, then writes; and
# the same operations interleaved. About forty minutes of one core. Before them, two short floor runs: one
# .sth read, then the PNG baseline's loop (what the plugin's presence alone costs the host, with its decoder
# kept for the next read, and with nothing kept: sth.codec.idle=0).
# Usage: decoder/bench/imageio-memory.sh [READS] [WRITES]   (default 1000 and 200; needs ../shared/data/kodak)
#        decoder/bench/imageio-memory.sh --strips [READS]   (default 200): instead, the cost of the transforms'
#   strips (sth.strip.mb): two decoder-jar JVMs side by side on the same files, the default strips and whole
#   tiles (sth.strip.mb=0). Side by side, so both see the same load: their ratio is the figure.
set -euo pipefail
cd "$(dirname "$0")/../.."
STRIPS=false
if [ "${1:-}" = "--strips" ]; then STRIPS=true; shift; set -- "${1:-200}"; fi
READS=${1:-1000}
WRITES=${2:-200}
KODAK=../shared/data/kodak
[ -d "$KODAK" ] || { echo "needs $KODAK" >&2; exit 2; }
for j in encoder/target/sth-encoder.jar decoder/target/sth-decoder.jar; do
  [ -f "$j" ] || mvn -B -q package -DskipTests
done
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/png" "$TMP/sth"
# Copies, so that rebuilding the project while this runs cannot change the classes under it.
cp decoder/target/sth-decoder.jar "$TMP/decoder.jar"
cp encoder/target/sth-encoder.jar "$TMP/encoder.jar"
for i in 01 02 03 04 05 06 07 08 09 10 11 12; do cp "$KODAK/kodim$i.png" "$TMP/png/"; done
java -jar "$TMP/encoder.jar" --quiet -d "$TMP/sth" "$TMP"/png/*.png
# Compiled first: as a source file it would be compiled inside the measured JVM, javac's garbage in its heap.
javac -d "$TMP/bench" decoder/bench/ImageIoMemory.java
B=ImageIoMemory
if $STRIPS; then
  java -Xmx1g -cp "$TMP/decoder.jar:$TMP/bench" $B "$TMP/sth" "$READS" > "$TMP/strips.txt" 2>/dev/null &
  java -Xmx1g -Dsth.strip.mb=0 -cp "$TMP/decoder.jar:$TMP/bench" $B "$TMP/sth" "$READS" > "$TMP/whole.txt" 2>/dev/null &
  wait
  echo "== reads, decoder jar, strips (default)"; cat "$TMP/strips.txt"
  echo "== reads, decoder jar, whole tiles (sth.strip.mb=0)"; cat "$TMP/whole.txt"
  exit 0
fi
echo "== baseline: the JDK's PNG reader, the same images and loop (the heap any image-reading loop fills)"
java -Xmx1g -cp "$TMP/bench" $B "$TMP/png" "$READS" 2>/dev/null
FIRST=$TMP/sth/kodim01.sth
echo "== floor: one .sth read, then the baseline's PNG loop (the plugin present, its decoder kept for the next read)"
java -Xmx1g -Dbench.first="$FIRST" -cp "$TMP/decoder.jar:$TMP/bench" $B "$TMP/png" "$READS" 2>/dev/null
echo "== floor, nothing kept: the same with sth.codec.idle=0 and sth.codec.linger.ms=0 (the decoder and its pools freed)"
java -Xmx1g -Dsth.codec.idle=0 -Dsth.codec.linger.ms=0 -Dbench.first="$FIRST" -cp "$TMP/decoder.jar:$TMP/bench" $B "$TMP/png" "$READS" 2>/dev/null
echo "== reads only, decoder jar"
java -Xmx1g -cp "$TMP/decoder.jar:$TMP/bench" $B "$TMP/sth" "$READS" 2>/dev/null
echo "== reads, then writes, encoder jar"
java -Xmx1g -cp "$TMP/encoder.jar:$TMP/bench" $B "$TMP/sth" "$READS" "$TMP/png" "$WRITES" 2>/dev/null
echo "== reads and writes interleaved, encoder jar"
java -Xmx1g -cp "$TMP/encoder.jar:$TMP/bench" $B "$TMP/sth" "$READS" "$TMP/png" "$WRITES" interleaved 2>/dev/null
