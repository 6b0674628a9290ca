#!/usr/bin/env bash
# A 6000×4000 photo through the CLIs with -Xmx1g: peak RSS and wall time of encode and decode.
# Usage: [W=6000 H=4000] [EFFORT=1] [MODEL=psnr-4] trainer/bench/large-image.sh [SOURCE_IMAGE]
#   (default image: testdata/coffee.png, upscaled; MODEL: a shipped level, e.g. ms-ssim-2, default the encoder's)
# EFFORT above 1 refines the latent tile by tile (1024 px tiles): its peak memory should not grow with the
# image, so compare, say, W=1024 H=1024 (one tile) with the default size at the same effort.
set -euo pipefail
cd "$(dirname "$0")/../.."
SRC=${1:-testdata/coffee.png}
for j in encoder/target/sth-encoder.jar decoder/target/sth-decoder.jar; do
  [ -f "$j" ] || mvn -B -q package -DskipTests
done
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
# Copies, so that rebuilding the project while this runs cannot change the classes under it.
cp encoder/target/sth-encoder.jar "$TMP/encoder.jar"
cp decoder/target/sth-decoder.jar "$TMP/decoder.jar"
W=${W:-6000}
H=${H:-4000}
EFFORT=${EFFORT:-1}
MODEL_ARGS=(); [ -n "${MODEL:-}" ] && MODEL_ARGS=(--model "$MODEL")
java -Xmx2g trainer/bench/Mosaic.java "$SRC" "$TMP/big.png" "$W" "$H"
# Set the ND4J settings here so the tools do not relaunch: /usr/bin/time then measures the one JVM.
export OMP_WAIT_POLICY=PASSIVE MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736 MALLOC_TOP_PAD_=268435456
for step in encode decode; do
  # The GC log gives the heap's committed size, to tell the Java heap's part of the peak from native memory.
  gc=(-Xlog:gc:file="$TMP/gc.txt")
  if [ $step = encode ]; then cmd=(java -Xmx1g "${gc[@]}" -jar "$TMP/encoder.jar" --quiet -e "$EFFORT" "${MODEL_ARGS[@]}" -o "$TMP/big.sth" "$TMP/big.png")
  else cmd=(java -Xmx1g "${gc[@]}" -jar "$TMP/decoder.jar" -o "$TMP/big.out.png" "$TMP/big.sth"); fi
  if ! /usr/bin/time -v "${cmd[@]}" 2> "$TMP/time.txt" >/dev/null; then
    # Say why, before the temporary folder (and the tool's own message in it) goes.
    echo "$step ${W}x${H} failed:"; grep -v '^\s' "$TMP/time.txt" | tail -20; exit 1
  fi
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$TMP/time.txt")
  wall=$(awk -F': ' '/Elapsed \(wall/ {print $2}' "$TMP/time.txt")
  label=$step; [ $step = encode ] && label="encode (effort $EFFORT${MODEL:+, $MODEL})"
  heap=$(grep -o '([0-9]*M)' "$TMP/gc.txt" | tr -d '()M' | sort -n | tail -1)
  printf '%s %sx%s with -Xmx1g: peak RSS %.0f MiB (Java heap committed at most %s MiB), wall %s\n' \
    "$label" "$W" "$H" "$(echo "$rss / 1024" | bc -l)" "${heap:-?}" "$wall"
done
ls -l "$TMP/big.sth" | awk -v px=$((W * H)) '{printf "file: %d bytes, %.4f bpp\n", $5, $5*8/px}'
