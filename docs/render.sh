#!/usr/bin/env bash
# Renders tierbook reports as a person sees them on paper: each workbook is
# printed to PDF by LibreOffice headless (with the report's own page setup),
# then each PDF page becomes a PNG with pdftoppm, for a human to look at.
#
# Usage: docs/render.sh OUT_DIR REPORT.xlsx [REPORT.xlsx ...]
#        docs/render.sh OUT_DIR            (renders the sample and a 2,000-client report)
# Needs: apt-get install libreoffice-calc poppler-utils fonts-crosextra-carlito
# (Carlito has Calibri's metrics: without it pages lay out in another font
# and row heights look wrong)
# Not part of `cargo test`: it takes a minute and its output is for eyes.
set -euo pipefail

out=${1:?usage: docs/render.sh OUT_DIR [REPORT.xlsx ...]}
shift
mkdir -p "$out"
here=$(cd "$(dirname "$0")/.." && pwd)

for tool in soffice pdftoppm; do
  command -v "$tool" >/dev/null || { echo "render.sh: $tool not found: apt-get install libreoffice-calc poppler-utils fonts-crosextra-carlito" >&2; exit 1; }
done
fc-match Calibri | grep -q Carlito ||
  echo "render.sh: no Carlito font (apt-get install fonts-crosextra-carlito): pages will not look as in Excel" >&2

reports=("$@")
if [ ${#reports[@]} -eq 0 ]; then
  bin="${CARGO_TARGET_DIR:-$here/target}/release/tierbook"
  (cd "$here" && cargo build --release --quiet --bin tierbook --example make_bench_book)
  cp "$here/samples/practice.xlsx" "$out/practice.xlsx"
  "$bin" run "$out/practice.xlsx" -o "$out/practice.tiers.xlsx"
  "${CARGO_TARGET_DIR:-$here/target}/release/examples/make_bench_book" "$out/bench-2000.xlsx" 2000 >/dev/null
  "$bin" run "$out/bench-2000.xlsx" -o "$out/bench-2000.tiers.xlsx"
  reports=("$out/practice.tiers.xlsx" "$out/bench-2000.tiers.xlsx")
fi

# A private LibreOffice profile: a desktop session's instance (or another
# render) would otherwise take the conversion over or lock the profile.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for report in "${reports[@]}"; do
  name=$(basename "$report" .xlsx)
  soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out" "$report" >/dev/null
  rm -f "$out/$name"-page-*.png
  pdftoppm -r 60 -png "$out/$name.pdf" "$out/$name-page"
  echo "$out/$name.pdf: $(ls "$out/$name"-page-*.png | wc -l) pages as $out/$name-page-*.png"
done
