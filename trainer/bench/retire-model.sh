#!/usr/bin/env bash
# Retires shipped models before new ones take their names (issue 14, point 5; docs/MODELS.md, "Retired
# models"): a .sth file names its model, so a replaced model's synthesis half stays in the decoder jar.
# For each NAME (e.g. psnr-3), with the jars as built from the current models:
#   1. encodes testdata/golden/retire-probe.png with it and decodes that file: testdata/golden/retired/ENTRY.sth and
#      .png (ENTRY = NAME@HASH12, the file's model name and the first 12 hex digits of its hash), which
#      RetiredModelFilesTest decodes from then on;
#   2. moves its synthesis.sthm and MANIFEST.md to models/bundles/retired/ENTRY/ and adds ENTRY to
#      models/bundles/retired/index.txt and to docs/MODELS.md's list;
#   3. removes the rest (analysis half, float16 source in models/sources) and NAME from models/bundles/index.txt,
#      so the encoder no longer offers it. Ship the new model under NAME afterwards.
# Checks everything before changing anything; a failure leaves the tree as it was.
# Usage: trainer/bench/retire-model.sh NAME...   then rebuild (mvn -B -q install -DskipTests) and test.
set -euo pipefail
cd "$(dirname "$0")/../.."
die() { echo "retire-model: $*" >&2; exit 1; }
[ $# -gt 0 ] || die "usage: trainer/bench/retire-model.sh NAME..."
ENC=encoder/target/sth-encoder.jar
DEC=decoder/target/sth-decoder.jar
PROBE=testdata/golden/retire-probe.png
RETIRED=models/bundles/retired
grep -qF '<!-- retired models: trainer/bench/retire-model.sh adds a line each -->' docs/MODELS.md \
  || die "docs/MODELS.md has no retired-models marker line"
for j in "$ENC" "$DEC"; do [ -f "$j" ] || die "$j is missing: build first (mvn -B -q install -DskipTests)"; done
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT

# First every check and every file, in TMP; then the moves.
declare -a ENTRIES
[ "$(printf '%s\n' "$@" | sort | uniq -d)" = "" ] || die "a model is named twice: $*"
for NAME in "$@"; do
  [ -f "models/bundles/$NAME/synthesis.sthm" ] || die "models/bundles/$NAME/synthesis.sthm: no such shipped model"
  grep -qx "$NAME" models/bundles/index.txt || die "$NAME is not in models/bundles/index.txt"
  FAMILY=${NAME%-*}; LEVEL=${NAME##*-}
  java -jar "$ENC" --quiet --tune "$FAMILY" -q "$LEVEL" -o "$TMP/$NAME.sth" "$PROBE" \
    || die "$NAME: encoding $PROBE failed"
  INFO=$(java -jar "$DEC" --info "$TMP/$NAME.sth")
  MODEL=$(sed -n 's/^  model: *//p' <<<"$INFO")
  SHA=$(sed -n 's/^  model sha256: *//p' <<<"$INFO")
  [ "$MODEL" = "$NAME" ] || die "$NAME: --tune $FAMILY -q $LEVEL wrote a file with model '$MODEL' (the jars are not built from these models?)"
  [[ $SHA =~ ^[0-9a-f]{64}$ ]] || die "$NAME: no model hash in the file's header"
  ENTRY=$NAME@${SHA:0:12}
  [ ! -e "$RETIRED/$ENTRY" ] || die "$ENTRY is already retired"
  java -jar "$DEC" --quiet -o "$TMP/$NAME.png" "$TMP/$NAME.sth" || die "$NAME: decoding its file failed"
  ENTRIES+=("$ENTRY")
done

mkdir -p "$RETIRED" testdata/golden/retired
[ -f "$RETIRED/index.txt" ] || printf '# Retired models (dev.sth.model.RetiredModels): NAME@HASH12, one per line; each is a folder beside this file.\n' > "$RETIRED/index.txt"
i=0
for NAME in "$@"; do
  ENTRY=${ENTRIES[$i]}; i=$((i + 1))
  cp "$TMP/$NAME.sth" "testdata/golden/retired/$ENTRY.sth"
  cp "$TMP/$NAME.png" "testdata/golden/retired/$ENTRY.png"
  mkdir "$RETIRED/$ENTRY"
  mv "models/bundles/$NAME/synthesis.sthm" "models/bundles/$NAME/MANIFEST.md" "$RETIRED/$ENTRY/"
  rm -rf "models/bundles/$NAME" "models/sources/$NAME"
  echo "$ENTRY" >> "$RETIRED/index.txt"
  { grep -vx "$NAME" models/bundles/index.txt || true; } > "$TMP/index.txt"; cat "$TMP/index.txt" > models/bundles/index.txt
  # docs/MODELS.md's list of retired models: one line each, after the marker line.
  python3 - "$ENTRY" "$(date -u +%F)" <<'PY'
import sys
entry, day = sys.argv[1], sys.argv[2]
p = 'docs/MODELS.md'
s = open(p, encoding='utf-8').read()
marker = '<!-- retired models: trainer/bench/retire-model.sh adds a line each -->\n'
if marker not in s: sys.exit('retire-model: docs/MODELS.md has no retired-models marker line')
line = f'- `{entry}`: retired {day}; its manifest is `models/bundles/retired/{entry}/MANIFEST.md`, its file `testdata/golden/retired/{entry}.sth`\n'
i = s.index(marker) + len(marker)
while s.startswith('- `', i): i = s.index('\n', i) + 1  # after the earlier ones: oldest first
s = s[:i] + line + s[i:]
s = s.replace('\nRetired so far: none yet.\n', '', 1)
open(p, 'w', encoding='utf-8').write(s)
PY
  echo "retired $NAME as $ENTRY"
done
echo "next: ship the new models under these names, rebuild (mvn -B -q install -DskipTests), run the tests"
