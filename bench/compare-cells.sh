#!/usr/bin/env bash
# Compares the report cells two tierbook binaries write for the same books:
# every cell of every sheet, as text, diffed. Used to show that a refactor
# changes nothing an advisor sees (issues 15 and 17).
#
#   bench/compare-cells.sh OLD_TIERBOOK NEW_TIERBOOK BOOK...
#
# Prints one line per book ("same" or the number of differing lines, with the
# diff's first lines) and exits 1 when any differ.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 OLD_TIERBOOK NEW_TIERBOOK BOOK..." >&2; exit 2; }
old=$1 new=$2; shift 2
here=$(cd "$(dirname "$0")/.." && pwd)
cargo build --quiet --release --example report_cells --manifest-path "$here/Cargo.toml"
cells="${CARGO_TARGET_DIR:-$here/target}/release/examples/report_cells"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
status=0
for book in "$@"; do
  name=$(basename "$book")
  # A run that fails writes no report: say so, never compare a stale one.
  rm -f "$work/old.xlsx" "$work/new.xlsx"
  if ! "$old" run -q "$book" -o "$work/old.xlsx"; then echo "$name: the old binary failed"; status=1; continue; fi
  if ! "$new" run -q "$book" -o "$work/new.xlsx"; then echo "$name: the new binary failed"; status=1; continue; fi
  "$cells" "$work/old.xlsx" > "$work/old.tsv"
  "$cells" "$work/new.xlsx" > "$work/new.tsv"
  if diff -q "$work/old.tsv" "$work/new.tsv" >/dev/null; then
    echo "$name: same ($(wc -l < "$work/new.tsv") cells)"
  else
    echo "$name: $(diff "$work/old.tsv" "$work/new.tsv" | grep -c '^[<>]') differing lines"
    diff "$work/old.tsv" "$work/new.tsv" | head -40
    status=1
  fi
done
exit $status
