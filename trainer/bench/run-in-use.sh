#!/usr/bin/env bash
# Whether a trainer is training in a run folder: prints its pid and exits 0 if one is, exits 1 if none is.
# Compares the folders themselves (each process's --run resolved against its own working directory), so
# ../runs/campaign and /work/runs/campaign are the same run. Two trainers in one folder would overwrite each
# other's checkpoints, and a fine-tune started from a base that is still training starts from the wrong step.
# Usage: trainer/bench/run-in-use.sh RUN_DIR
set -euo pipefail
want=$(realpath -m "${1:?usage: run-in-use.sh RUN_DIR}")
for pid in $(pgrep -f -- " train --run " || true); do
  [ -r "/proc/$pid/cmdline" ] || continue
  run=$(tr '\0' '\n' < "/proc/$pid/cmdline" | sed -n '/^--run$/{n;p;q}')
  [ -n "$run" ] || continue
  cwd=$(readlink "/proc/$pid/cwd") || continue
  [ "$(cd "$cwd" && realpath -m "$run")" = "$want" ] && { echo "$pid"; exit 0; }
done
exit 1
