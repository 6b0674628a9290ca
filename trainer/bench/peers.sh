#!/usr/bin/env bash
# Classical peer codecs on a dataset, measured with the same metric code as `eval`:
#   JPEG (libjpeg-turbo cjpeg -baseline, 4:2:0), WebP (cwebp defaults, -q), JPEG 2000 (OpenJPEG opj_compress -I: 9/7,
#   -r ratio, raw .j2k codestream),
#   JPEG XL (cjxl -e 7, -d distance), AVIF (avifenc speed 4, 4:4:4, fixed quantizer), and
#   HEVC-intra 4:4:4 with libbpg's x265 settings (ffmpeg + libx265: one intra frame, preset veryslow, tune ssim,
#   constant QP, no info SEI, full-range BT.601 YCbCr 4:4:4) as the stand-in for BPG.
# Five rate points per codec at the settings that give anchors.md's Kodak points (≈0.15–1.05 bpp).
# Every image is encoded to a real file and decoded back to PNG/BMP; bpp = file bytes × 8 / pixels.
# For HEVC the file is the raw Annex-B bitstream (VPS+SPS+PPS, 87 bytes here, + one IDR slice; no SEI, no
# container). A .bpg file replaces the parameter sets by its own short header, so BPG would be roughly 70 bytes
# per image smaller (≈0.0014 bpp on Kodak's 768×512, ≈0.004 bpp on B100's 481×321). anchors.md's HEVC points
# are reproduced exactly with the raw bitstream.
#
# Usage: trainer/bench/peers.sh DATASET_DIR OUT_DIR
#   writes OUT_DIR/{jpeg,webp,jpeg2000,jpegxl,avif,hevc}.json (CompressAI schema), OUT_DIR/<codec>.csv
#   (per image), OUT_DIR/bdrate.md (BD-rate vs HEVC) and OUT_DIR/versions.txt.
# Environment: CODECS="jpeg webp ..." (subset/order; default all six), HEVC_PRESET (default veryslow),
#   WORK (scratch folder; default ${TMPDIR:-/tmp}/sth-peers.PID), KEEP=1 keeps the encoded/decoded files there, STH_TRAINER="java -cp ... dev.sth.train.SthTrainer"
#   overrides the default `java -jar trainer/target/sth-trainer.jar`, NICE (default "nice -n 10"; NICE= runs at normal priority).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -eq 2 ] || { echo "usage: $0 DATASET_DIR OUT_DIR" >&2; exit 2; }
DATA=$(realpath "$1")
OUT=$2
[ -d "$DATA" ] || { echo "peers: $DATA not found" >&2; exit 2; }
mkdir -p "$OUT"
OUT=$(realpath "$OUT")
CODECS=${CODECS:-"jpeg webp jpeg2000 jpegxl avif hevc"}
HEVC_PRESET=${HEVC_PRESET:-veryslow}
NICE=${NICE-nice -n 10}

# Rate points (chosen to reproduce anchors.md's Kodak bpp values).
JPEG_Q="5 10 20 30 60"            # cjpeg -quality
WEBP_Q="5 15 30 50 75"            # cwebp -q
J2K_R="160 64 48 32 24"           # opj_compress -r (compression ratio vs 24 bpp)
JXL_D="14 9 6 4 2"                # cjxl -d (butteraugli distance)
AVIF_Q="50 44 38 32 26"           # avifenc --min Q --max Q (0..63)
HEVC_QP="42 39 36 33 30"          # x265 constant QP (= bpgenc -q 41 38 35 32 29: libbpg passes qp+1 to x265)

# ---------------------------------------------------------------- tools
need() { # command package
  command -v "$1" >/dev/null && return 0
  echo "peers: installing $2 (for $1)" >&2
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }
  else
    sudo apt-get install -y -qq "$2" >/dev/null
  fi
}
need cjpeg libjpeg-turbo-progs; need djpeg libjpeg-turbo-progs
need cwebp webp; need dwebp webp
need opj_compress libopenjp2-tools; need opj_decompress libopenjp2-tools
need cjxl libjxl-tools; need djxl libjxl-tools
need avifenc libavif-bin; need avifdec libavif-bin
need ffmpeg ffmpeg
ffmpeg -hide_banner -encoders 2>/dev/null | grep -c libx265 >/dev/null || { echo "peers: ffmpeg lacks libx265" >&2; exit 2; }

if [ -n "${STH_TRAINER:-}" ]; then
  read -r -a TRAINER <<<"$STH_TRAINER"
else
  JAR=trainer/target/sth-trainer.jar
  if [ ! -f "$JAR" ] || ! unzip -l "$JAR" 2>/dev/null | grep -c 'dev/sth/eval/MetricsCommand.class' >/dev/null; then
    echo "peers: building $JAR" >&2
    mvn -B -q -o package -pl trainer -am -DskipTests
  fi
  TRAINER=(java -jar "$JAR")
fi
export STH_NO_RELAUNCH=1 # metrics need no native settings

{
  echo "dataset: $(realpath --relative-to="$PWD" "$DATA") ($(ls "$DATA" | grep -ciE '\.(png|jpe?g)$') images), $(date -u +%Y-%m-%dT%H:%MZ)"
  dpkg-query -W -f='${Package} ${Version}\n' libjpeg-turbo-progs webp libwebp7 libopenjp2-tools libopenjp2-7 \
    libjxl-tools libjxl0.7 libavif-bin libavif15 libaom3 ffmpeg libavcodec59 libx265-199 2>/dev/null || true
} >"$OUT/versions.txt"

WORK=${WORK:-${TMPDIR:-/tmp}/sth-peers.$$}
mkdir -p "$WORK/ppm"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
mapfile -t IMAGES < <(find "$DATA" -maxdepth 1 -type f -iname '*.png' | sort)
N=${#IMAGES[@]}
[ "$N" -gt 0 ] || { echo "peers: no PNG images in $DATA" >&2; exit 2; }
# cjpeg 2.1 reads PPM, not PNG
for f in "${IMAGES[@]}"; do ffmpeg -v error -y -i "$f" -pix_fmt rgb24 "$WORK/ppm/$(basename "${f%.*}").ppm"; done

# ---------------------------------------------------------------- codecs: enc IN OUT_BASE PARAM / dec FILE OUT_BASE
HEVC_RGB2YUV="scale=out_color_matrix=bt601:out_range=full:flags=accurate_rnd+full_chroma_int"
HEVC_YUV2RGB="scale=in_color_matrix=bt601:in_range=full:flags=accurate_rnd+full_chroma_int"
enc_jpeg()     { $NICE cjpeg -quality "$3" -baseline -sample 2x2 -outfile "$2.jpg" "$WORK/ppm/$(basename "${1%.*}").ppm"; }
dec_jpeg()     { $NICE djpeg -bmp -outfile "$2.bmp" "$1"; }
enc_webp()     { $NICE cwebp -quiet -q "$3" "$1" -o "$2.webp"; }
dec_webp()     { $NICE dwebp -quiet "$1" -o "$2.png"; }
enc_jpeg2000() { $NICE opj_compress -i "$1" -o "$2.j2k" -I -r "$3" >/dev/null; }
dec_jpeg2000() { $NICE opj_decompress -i "$1" -o "$2.png" >/dev/null; }
enc_jpegxl()   { $NICE cjxl --quiet -e 7 -d "$3" "$1" "$2.jxl" 2>/dev/null; }
dec_jpegxl()   { $NICE djxl --quiet "$1" "$2.png" 2>/dev/null; }
enc_avif()     { $NICE avifenc -j 1 -s 4 -y 444 --min "$3" --max "$3" "$1" "$2.avif" >/dev/null; }
dec_avif()     { $NICE avifdec -j 1 -d 8 "$1" "$2.png" >/dev/null; }
enc_hevc() {
  $NICE ffmpeg -v error -y -threads 1 -i "$1" -vf "$HEVC_RGB2YUV" -pix_fmt yuv444p -color_range pc -colorspace bt470bg \
    -c:v libx265 -preset "$HEVC_PRESET" -tune ssim -x265-params "qp=$3:keyint=1:info=0:pools=1:frame-threads=1:log-level=error" \
    -frames:v 1 -f hevc "$2.hevc"
}
dec_hevc() { $NICE ffmpeg -v error -y -threads 1 -i "$1" -vf "$HEVC_YUV2RGB" -pix_fmt rgb24 "$2.png"; }

declare -A NAME=([jpeg]="JPEG" [webp]="WebP" [jpeg2000]="JPEG 2000" [jpegxl]="JPEG XL" [avif]="AVIF"
  [hevc]="HEVC-intra 4:4:4 (BPG settings)")
declare -A PARAM=([jpeg]=quality [webp]=quality [jpeg2000]=ratio [jpegxl]=distance [avif]=quantizer [hevc]=qp)
declare -A POINTS=([jpeg]="$JPEG_Q" [webp]="$WEBP_Q" [jpeg2000]="$J2K_R" [jpegxl]="$JXL_D" [avif]="$AVIF_Q"
  [hevc]="$HEVC_QP")
declare -A DESC=(
  [jpeg]="libjpeg-turbo cjpeg -quality Q -baseline -sample 2x2 (4:2:0) from PPM, djpeg to BMP"
  [webp]="libwebp cwebp -q Q (defaults), dwebp to PNG"
  [jpeg2000]="OpenJPEG opj_compress -I (9/7) -r RATIO to a raw .j2k codestream, opj_decompress to PNG"
  [jpegxl]="libjxl cjxl -e 7 -d DISTANCE, djxl to PNG"
  [avif]="libavif avifenc (libaom) -s 4 -y 444 --min Q --max Q, full range; avifdec -d 8 to PNG"
  [hevc]="x265 via ffmpeg, libbpg's settings: 1 intra frame, preset $HEVC_PRESET, tune ssim (psy-rd 0, psy-rdoq 0; AQ off under constant QP), constant QP, info SEI off, full-range BT.601 YCbCr 4:4:4; bpp of the raw Annex-B .hevc bitstream; decoded with ffmpeg to PNG"
)

now() { date +%s.%N; }
START=$(now)
for codec in $CODECS; do
  [ -n "${NAME[$codec]:-}" ] || { echo "peers: unknown codec $codec" >&2; exit 2; }
  partial="$OUT/$codec.json.partial"
  rm -f "$partial" "$OUT/$codec.csv"
  points=(${POINTS[$codec]})
  for i in "${!points[@]}"; do
    p=${points[$i]}
    enc="$WORK/$codec/$p/enc"; dec="$WORK/$codec/$p/dec"
    mkdir -p "$enc" "$dec"
    t0=$(now); k=0
    for f in "${IMAGES[@]}"; do
      k=$((k + 1)); printf '\r[%s %d/%d] %s=%s  encode %d/%d ' "$codec" $((i + 1)) ${#points[@]} "${PARAM[$codec]}" "$p" $k "$N" >&2
      "enc_$codec" "$f" "$enc/$(basename "${f%.*}")" "$p"
    done
    t1=$(now); k=0
    for c in "$enc"/*; do
      k=$((k + 1)); printf '\r[%s %d/%d] %s=%s  decode %d/%d ' "$codec" $((i + 1)) ${#points[@]} "${PARAM[$codec]}" "$p" $k "$N" >&2
      "dec_$codec" "$c" "$dec/$(basename "${c%.*}")"
    done
    t2=$(now)
    printf '\r[%s %d/%d] %s=%s  metrics...      ' "$codec" $((i + 1)) ${#points[@]} "${PARAM[$codec]}" "$p" >&2
    line=$($NICE "${TRAINER[@]}" metrics --originals "$DATA" --decoded "$dec" --compressed "$enc" --out "$partial" --append \
      --name "${NAME[$codec]}" --description "${DESC[$codec]}; $(basename "$DATA"), $N images, bpp = file bytes*8/pixels; times = wall s per image incl. process start" \
      --param "${PARAM[$codec]}=$p" --csv "$OUT/$codec.csv" \
      --encoding-time "$(echo "($t1 - $t0) / $N" | bc -l)" --decoding-time "$(echo "($t2 - $t1) / $N" | bc -l)")
    printf '\r%-100s\r' '' >&2
    printf '[%s %d/%d] %s  (enc %.2f s, dec %.2f s per image; %.0f s elapsed)\n' "$codec" $((i + 1)) ${#points[@]} "$line" \
      "$(echo "($t1 - $t0) / $N" | bc -l)" "$(echo "($t2 - $t1) / $N" | bc -l)" "$(echo "$(now) - $START" | bc -l)"
    [ "${KEEP:-0}" = 1 ] || rm -rf "${WORK:?}/$codec/$p"
  done
  mv "$partial" "$OUT/$codec.json"
done

if [ -f "$OUT/hevc.json" ]; then
  tests=()
  for codec in jpeg webp jpeg2000 jpegxl avif; do [ -f "$OUT/$codec.json" ] && tests+=(--test "$OUT/$codec.json"); done
  if [ ${#tests[@]} -gt 0 ]; then
    echo
    "${TRAINER[@]}" bdrate --anchor "$OUT/hevc.json" "${tests[@]}" --out "$OUT/bdrate.md"
  fi
fi
printf 'peers: done in %.0f s; results in %s\n' "$(echo "$(now) - $START" | bc -l)" "$OUT"
