#!/usr/bin/env bash
# A five-minute rehearsal (beside the training run) of the families stage on a tiny network and the
# testdata photos, in a temporary folder: levels from the base and from earlier levels (one widened, one
# MS-SSIM), a level stopped by --until and snapshotted by the script, then a "fresh machine" (no run
# folders) that restores the finished levels from the snapshots, resumes the stopped one from its compact
# checkpoint and fine-tunes a new one from the base's compact snapshot. Exits non-zero at the first step
# that does not do that.
# Usage: trainer/bench/campaign-families-smoke.sh [WORK_DIR]   (needs trainer/target/sth-trainer.jar)
set -euo pipefail
cd "$(dirname "$0")/../.."
W=${1:-$(mktemp -d)}
mkdir -p "$W/data" "$W/runs"
for f in chelsea.png coffee.png rocket.jpg; do cp "testdata/$f" "$W/data/"; done
cp testdata/chelsea.png "$W/data/chelsea2.png"
java -jar trainer/target/sth-trainer.jar train --run "$W/runs/campaign" --data "$W/data" --channels 8 --res-blocks 0 \
  --nonlinearity gdn --rate CONTEXT --latent-channels 8 --centers 6 --crop 64 --batch 2 --steps 20 --warmup-steps 5 \
  --anneal-steps 5 --validation-every 2 --validate-every 10 --checkpoint-every 10 --validation-crop 64 --max-side 256 \
  >"$W/base.out" 2>&1
printf 'name\tfrom\tdistortion\tbeta\ttarget\tlatent\tcrop\tbatch\tsteps\n' >"$W/levels.tsv"
printf 'psnr-2\tbase\tMSE\t1000\t0.3\t8\t64\t2\t12\npsnr-1\tpsnr-2\tMSE\t3000\t0.1\t8\t64\t2\t12\n' >>"$W/levels.tsv"
printf 'psnr-3\tpsnr-2\tMSE\t1000\t0.6\t16\t64\t2\t100000\nms-ssim-1\tpsnr-1\tMS_SSIM\t1000\t0.1\t8\t64\t2\t12\n' >>"$W/levels.tsv"
export DATA=$W/data LEVELS=$W/levels.tsv SNAPSHOTS=$W/snap
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

# Session 1 (150 s: enough for two tiny levels beside the training run): psnr-2 and psnr-1 finish; psnr-3 (widened) is stopped by the timer; ms-ssim-1 does not start.
RUNS=$W/runs trainer/bench/campaign-families.sh --until "$(date -d '+150 sec' +%H:%M:%S)" | tee "$W/session1.log"
for l in psnr-2 psnr-1; do [ -d "$W/runs/families/$l/export/$l" ] || fail "$l was not exported"; done
grep -q "psnr-3 stopped at step" "$W/session1.log" || fail "psnr-3 did not stop at the timer"
[ ! -e "$W/runs/families/ms-ssim-1" ] || fail "a level started after the timer"
# The script wrote the snapshots itself when it stopped.
[ -f "$W/snap/families/psnr-3/checkpoint.compact.tar" ] || fail "no snapshot of the unfinished level"
[ ! -f "$W/snap/families/psnr-2/checkpoint.compact.tar" ] && [ -d "$W/snap/families/psnr-2/export/psnr-2" ] \
  || fail "a finished level is not committed as its model"

# Session 2 on a fresh machine: only the snapshots. psnr-3 resumes; a new level starts from the base's snapshot.
stopped=$(tar -xOf "$W/runs/families/psnr-3/checkpoint.tar" state.properties | sed -n 's/^step=//p')
sed -i "s/\t100000\$/\t$((stopped + 10))/" "$W/levels.tsv"
printf 'psnr-4\tbase\tMSE\t1000\t0.8\t8\t64\t2\t12\n' >>"$W/levels.tsv"
mv "$W/runs" "$W/runs-session1" && mkdir "$W/runs"
RUNS=$W/runs trainer/bench/campaign-families.sh | tee "$W/session2.log"
grep -q "psnr-2 done (restored" "$W/session2.log" || fail "psnr-2 was not restored from its snapshot"
grep -q "seeded .*psnr-3 from the snapshot" "$W/runs/families/psnr-3.out" || fail "psnr-3 did not resume from its snapshot"
for l in psnr-3 ms-ssim-1 psnr-4; do [ -d "$W/runs/families/$l/export/$l" ] || fail "$l was not exported"; done
grep -q -- "--init-from $W/snap " "$W/runs/families/psnr-4/commands.txt" || fail "psnr-4 did not start from the base's snapshot"
[ -d "$W/snap/families/psnr-4/export/psnr-4" ] || fail "psnr-4 was not snapshotted (without a base run folder here)"
echo "smoke: the families stage stops, snapshots, restores and resumes as documented ($W)"
