#!/usr/bin/env bash
# Rebuilds Dictionary/words.txt from Debian's `scowl` package (apt-get install scowl).
# Level 60 of SCOWL, English + American + British spellings, lowercase a-z words only,
# minus every word in SCOWL's abbreviation lists, single letters and consonant-letter plurals.
set -euo pipefail
level=${1:-60}
dir=/usr/share/dict/scowl
[ -d "$dir" ] || { echo "error: $dir not found; install it with: apt-get install scowl" >&2; exit 1; }
cd "$dir"
words=() abbrevs=()
for f in english-words.* american-words.* british-words.*; do
  [ "${f##*.}" -le "$level" ] && words+=("$f")
done
for f in *-abbreviations.*; do abbrevs+=("$f"); done
out=$(cd - >/dev/null && pwd)/words.txt
cat "${words[@]}" | iconv -f iso-8859-1 -t utf-8 | grep -E '^[a-z]{2,}$' \
  | grep -vE '^[b-df-hj-np-tv-z]s$' \
  | grep -vxF -f <(cat "${abbrevs[@]}" | iconv -f iso-8859-1 -t utf-8 | grep -E '^[a-z]+$') \
  | LC_ALL=C sort -u > "$out"
echo "wrote $(wc -l < "$out") words to $out"
