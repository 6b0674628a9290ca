#!/usr/bin/env bash
# The training campaign's image folder (docs/MODELS.md, "The campaign"): the shared training photos
# plus the extra licensed photos (EXTRA-PHOTOS.md), as links in one folder, because `train --data`
# reads one folder. Kodak and B100 are never in it.
#
# Usage: trainer/data/campaign-data.sh [OUT]   (default: ../runs/campaign-data from the repository root)
#   TRAIN  the shared training photos (default: ../shared/data/train)
#   EXTRA  the extra photos, built by extra-photos.sh if missing (default: ../runs/extra-photos)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-../runs/campaign-data}
TRAIN=${TRAIN:-../shared/data/train}
EXTRA=${EXTRA:-../runs/extra-photos}
[ -d "$TRAIN" ] || { echo "campaign-data: $TRAIN not found (set TRAIN)" >&2; exit 2; }
if [ "$(ls "$EXTRA" 2>/dev/null | wc -l)" -lt "$(($(wc -l < trainer/data/extra-photos.tsv) - 1))" ]; then
  trainer/data/extra-photos.sh "$EXTRA"
fi
mkdir -p "$OUT"
n=0
for f in "$TRAIN"/* "$EXTRA"/*; do
  case "$f" in *.png|*.jpg|*.jpeg|*.PNG|*.JPG|*.JPEG) ;; *) continue ;; esac
  ln -sfn "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" "$OUT/$(basename "$f")"
  n=$((n + 1))
done
echo "campaign-data: $n images linked in $OUT ($(ls "$TRAIN" | wc -l) from $TRAIN, $(ls "$EXTRA" | wc -l) from $EXTRA)"
