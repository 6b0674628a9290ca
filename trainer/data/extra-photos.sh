#!/usr/bin/env bash
# Rebuild the extra training photo set listed in extra-photos.tsv (same folder)
# from Debian 12 (bookworm) packages. See EXTRA-PHOTOS.md.
#
# Usage: trainer/data/extra-photos.sh [--from-extracted DIR] [OUT]
#   OUT                   output folder (default: ../runs/extra-photos relative
#                         to the repository root)
#   --from-extracted DIR  do not download; read DIR/PACKAGE/<path in package>
#                         (trees made with `dpkg-deb -x PKG.deb DIR/PACKAGE`)
#
# Needs: apt-get (download only, works as any user; the package lists must be
# current: `apt-get update` as root), dpkg-deb, sha256sum. No root needed.
# Every file is copied byte for byte and checked against the sha256 in the TSV.
# Idempotent: files already in OUT with the right sha256 are left alone, and
# packages are fetched only if some file is missing or wrong.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
tsv="$here/extra-photos.tsv"

from_extracted=""
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --from-extracted) [ $# -ge 2 ] || { echo "error: --from-extracted needs a folder" >&2; exit 2; }
                      from_extracted=$(cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "error: unknown option $1" >&2; exit 2 ;;
    *) [ -z "$out" ] || { echo "error: more than one output folder given" >&2; exit 2; }
       out="$1"; shift ;;
  esac
done
[ -n "$out" ] || out="$repo/../runs/extra-photos"
out=$(realpath -m -- "$out")

die() { echo "ERROR: $*" >&2; exit 1; }
log() { echo "[extra-photos] $*"; }
warn() { echo "[extra-photos] WARNING: $*" >&2; }

for t in sha256sum dpkg-deb; do command -v "$t" >/dev/null || die "$t not found"; done
[ -n "$from_extracted" ] || command -v apt-get >/dev/null || die "apt-get not found"
[ -f "$tsv" ] || die "list not found: $tsv"

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# ---- read the list ---------------------------------------------------------
files=(); pkgs=(); vers=(); paths=(); shas=()
declare -A pkgver=()
lineno=1
while IFS=$'\t' read -r f pkg ver path sha _lic _attr _cls _w _h; do
  lineno=$((lineno + 1))
  [ -n "$f" ] || continue
  case "$f" in */*|.*) die "$tsv line $lineno: bad file name '$f'" ;; esac
  case "$path" in /*|*..*) die "$tsv line $lineno: bad path '$path'" ;; esac
  [[ "$sha" =~ ^[0-9a-f]{64}$ ]] || die "$tsv line $lineno: bad sha256 for $f"
  if [ -n "${pkgver[$pkg]:-}" ] && [ "${pkgver[$pkg]}" != "$ver" ]; then
    die "$tsv line $lineno: $pkg listed with two versions (${pkgver[$pkg]}, $ver)"
  fi
  pkgver[$pkg]=$ver
  files+=("$f"); pkgs+=("$pkg"); vers+=("$ver"); paths+=("$path"); shas+=("$sha")
done < <(tail -n +2 "$tsv")
n=${#files[@]}
[ "$n" -gt 0 ] || die "no rows in $tsv"
log "$n photos listed in $tsv"
log "output folder: $out"
mkdir -p "$out"

# ---- which files are missing or wrong? ------------------------------------
todo=()
declare -A need=()
for i in "${!files[@]}"; do
  dst="$out/${files[$i]}"
  if [ -f "$dst" ] && [ "$(sha_of "$dst")" = "${shas[$i]}" ]; then
    log "ok (already present): ${files[$i]}"
  else
    [ ! -e "$dst" ] || warn "${files[$i]} exists with a different sha256; it will be replaced"
    todo+=("$i"); need[${pkgs[$i]}]=1
  fi
done

if [ ${#todo[@]} -eq 0 ]; then
  log "nothing to do"
else
  # ---- get the packages ----------------------------------------------------
  if [ -n "$from_extracted" ]; then
    root="$from_extracted"
    log "using extracted trees under $root (no download)"
  else
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/extra-photos.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    root="$tmp/x"
    # apt's download sandbox user must be able to write there when run as root
    if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then chmod 755 "$tmp"; fi
    for pkg in $(printf '%s\n' "${!need[@]}" | sort); do
      ver=${pkgver[$pkg]}
      dl="$tmp/deb/$pkg"; mkdir -p "$dl"
      if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$tmp/deb" "$dl"; fi
      log "downloading $pkg=$ver"
      if ! (cd "$dl" && apt-get download -q "$pkg=$ver"); then
        warn "$pkg version $ver is not available; falling back to the current version of $pkg (the sha256 checks will tell whether the files changed)"
        (cd "$dl" && apt-get download -q "$pkg") || die "apt-get download $pkg failed (no network, or stale package lists: run 'apt-get update' as root)"
      fi
      debs=("$dl"/*.deb)
      [ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || die "expected one .deb for $pkg in $dl"
      got=$(dpkg-deb -f "${debs[0]}" Version)
      [ "$got" = "$ver" ] || warn "$pkg: got version $got, list was made from $ver"
      log "extracting $(basename "${debs[0]}")"
      mkdir -p "$root/$pkg"
      dpkg-deb -x "${debs[0]}" "$root/$pkg"
    done
  fi

  # ---- verify and copy -----------------------------------------------------
  for i in "${todo[@]}"; do
    f=${files[$i]}; src="$root/${pkgs[$i]}/${paths[$i]}"
    [ -f "$src" ] || die "$f: ${paths[$i]} not found in package ${pkgs[$i]}"
    got=$(sha_of "$src")
    [ "$got" = "${shas[$i]}" ] || die "$f: sha256 mismatch for ${pkgs[$i]}:${paths[$i]} (expected ${shas[$i]}, got $got)"
    cp "$src" "$out/.$f.part"
    mv -f "$out/.$f.part" "$out/$f"
    log "wrote $f"
  done
fi

# ---- final check -------------------------------------------------------------
bytes=0
for i in "${!files[@]}"; do
  dst="$out/${files[$i]}"
  [ -f "$dst" ] && [ "$(sha_of "$dst")" = "${shas[$i]}" ] || die "final check failed for ${files[$i]}"
  bytes=$((bytes + $(stat -c %s "$dst")))
done
log "done: $n photos verified in $out ($bytes bytes)"
