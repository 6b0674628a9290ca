#!/usr/bin/env bash
# Network compression of the shipped PSNR family (issue 6): every variant compresses each psnr-* model, encodes
# and decodes Kodak through real .sth files, and is compared with the uncompressed family by BD-rate.
#
#   trainer/bench/compress-models.sh WORK_DIR [VARIANT ...]
#
# Variants (default: the cheap ones, no fine-tuning):
#   uniform8      baseline: 8-bit uniform per kernel (packed size; measured on dequantized float32)
#   kfixed32      baseline: k-means, 32 centers, 5-bit fixed-length indices (Deep Compression without Huffman)
#   km32          k-means, 32 centers, entropy coded, no fine-tune
#   grid25        uniform grid, step 0.25 × RMS, entropy coded, no fine-tune
#   grid12        uniform grid, step 0.125 × RMS, entropy coded, no fine-tune
#   grid06        uniform grid, step 0.0625 × RMS, entropy coded, no fine-tune
#   s2h16         soft-to-hard fine-tune: k-means 16 centers, β 30, 300 steps (≈ 9 CPU-min per model)
#   s2h8          soft-to-hard fine-tune: k-means 8 centers, β 30, 300 steps
#   st-gentle, st-mild, st-mild1k, st-mid, st-aggr, st-long
#                 grids allocated by measured sensitivity for a 0.15 / 0.3 / 0.3 / 1.0 / 2.0 / 1.5 dB loss, then a
#                 straight-through fine-tune of 500 / 500 / 1000 / 800 / 2000 / 3000 steps (lr 1e-5; st-aggr and
#                 st-long 1e-4), about 3–18 CPU-minutes per model
#   cs-mild, cs-mid, cs-aggr
#                 as st-mild / a 0.6 dB, 800-step one / st-aggr, with --channel-scales 1 (per-channel steps)
#   t5-vgentle, t5-gentle, t5-mild, m5-gentle, m5-mild
#                 0.1 / 0.2 / 0.3 / 0.12 / 0.2 dB (mean PSNR, or mean MS-SSIM dB for an MS-SSIM model), 500 steps,
#                 lr 1e-5, with --channel-scales 0.5 (tempered per-channel steps)
# STH_TUNE=ms-ssim runs the MS-SSIM family instead of the PSNR one.
# Then: compression-report writes table.md and curve.png into $STH_REPORT_DIR (default docs/results/compression).
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=${1:?work dir}; shift
VARIANTS=${*:-uniform8 kfixed32 km32 grid25 grid12}
JAR=${STH_TRAINER_JAR:-trainer/target/sth-trainer.jar}
DATA=${STH_DATA:-../shared/data}
REPORT=${STH_REPORT_DIR:-docs/results/compression}
TUNE=${STH_TUNE:-psnr}
MODELS=$(grep "^$TUNE-" models/bundles/index.txt)
# The float16 model: models/sources/ keeps it for every model that ships compressed.
source_of() { if [ -d models/sources/$1 ]; then echo models/sources/$1; else echo models/bundles/$1; fi; }

args_for() {
  case $1 in
    uniform8) echo "--method uniform8" ;;
    kfixed32) echo "--method kmeans-fixed --centers 32" ;;
    km32)     echo "--steps 0 --centers 32" ;;
    grid25)   echo "--steps 0 --centers 64 --grid-step 0.25" ;;
    grid12)   echo "--steps 0 --centers 128 --grid-step 0.125" ;;
    grid06)   echo "--steps 0 --centers 256 --grid-step 0.0625" ;;
    s2h16)    echo "--steps 300 --anneal-steps 150 --lr 1e-4 --centers 16 --beta 30" ;;
    s2h8)     echo "--steps 300 --anneal-steps 150 --lr 1e-4 --centers 8 --beta 30" ;;
    st-gentle) echo "--allocate 0.15 --straight-through --steps 500 --lr 1e-5 --beta 0 --centers 20000" ;;
    st-mild)  echo "--allocate 0.3 --straight-through --steps 500 --lr 1e-5 --beta 0 --centers 20000" ;;
    st-mild1k) echo "--allocate 0.3 --straight-through --steps 1000 --lr 1e-5 --beta 0 --centers 20000" ;;
    st-mid)   echo "--allocate 1.0 --straight-through --steps 800 --lr 1e-5 --beta 0 --centers 20000" ;;
    st-aggr)  echo "--allocate 2.0 --straight-through --steps 2000 --lr 1e-4 --beta 0 --centers 20000" ;;
    st-long)  echo "--allocate 1.5 --straight-through --steps 3000 --lr 1e-4 --beta 0 --centers 20000" ;;
    cs-mild)  echo "--allocate 0.3 --straight-through --channel-scales 1 --steps 500 --lr 1e-5 --beta 0 --centers 20000" ;;
    cs-mid)   echo "--allocate 0.6 --straight-through --channel-scales 1 --steps 800 --lr 1e-5 --beta 0 --centers 20000" ;;
    cs-aggr)  echo "--allocate 2.0 --straight-through --channel-scales 1 --steps 2000 --lr 1e-4 --beta 0 --centers 20000" ;;
    t5-vgentle) echo "--allocate 0.1 --straight-through --channel-scales 0.5 --steps 500 --lr 1e-5 --beta 0 --centers 20000" ;;
    t5-gentle) echo "--allocate 0.2 --straight-through --channel-scales 0.5 --steps 500 --lr 1e-5 --beta 0 --centers 20000" ;;
    m5-gentle) echo "--allocate 0.12 --straight-through --channel-scales 0.5 --steps 500 --lr 1e-5 --beta 0 --centers 20000" ;;
    m5-mild)  echo "--allocate 0.2 --straight-through --channel-scales 0.5 --steps 500 --lr 1e-5 --beta 0 --centers 20000" ;;
    t5-mild)  echo "--allocate 0.3 --straight-through --channel-scales 0.5 --steps 500 --lr 1e-5 --beta 0 --centers 20000" ;;
    *) echo "unknown variant $1" >&2; exit 2 ;;
  esac
}

for v in $VARIANTS; do
  dir=$WORK/$v
  mkdir -p "$dir"
  printf '%s\n' $MODELS > "$dir/index.txt"
  for m in $MODELS; do
    if [ ! -f "$dir/$m/synthesis.sthm" ]; then
      java -jar "$JAR" compress-model --model "$(source_of $m)" --out "$dir/$m" --data "$DATA/train" \
        --prior-images 150 $(args_for $v $m) | grep -E '×|all kernels'
    fi
  done
  [ -f "$dir/kodak.json" ] || java -jar "$JAR" eval --dataset "$DATA/kodak" --tune $TUNE --models "$dir" \
      --out "$dir/kodak.json" --no-jpeg | tail -4
done

mkdir -p "$WORK/anchor"
printf '%s\n' $MODELS > "$WORK/anchor/index.txt"
for m in $MODELS; do [ -e "$WORK/anchor/$m" ] || ln -s "$PWD/$(source_of $m)" "$WORK/anchor/$m"; done
[ -f "$WORK/anchor/kodak.json" ] || java -jar "$JAR" eval --dataset "$DATA/kodak" --tune $TUNE --models "$WORK/anchor" \
    --out "$WORK/anchor/kodak.json" --no-jpeg | tail -4
report=()
for v in $(ls "$WORK"); do
  [ "$v" = anchor ] || [ ! -f "$WORK/$v/kodak.json" ] || report+=(--variant "$v=$WORK/$v")
done
java -jar "$JAR" compression-report --quality $TUNE --anchor "float16=$WORK/anchor" "${report[@]}" \
  --out "$REPORT/table.md" --plot "$REPORT/curve.png"
