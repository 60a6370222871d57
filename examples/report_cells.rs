//! Prints every cell of every sheet of a workbook, one per line, as
//! `Sheet!A1<TAB>kind<TAB>value`, so two reports can be compared with
//! `diff` (see `bench/compare-cells.sh`).
//!
//! ```sh
//! cargo run --release --example report_cells -- report.xlsx > cells.tsv
//! ```

use calamine::{open_workbook_auto, Data, Reader};

fn column_letters(mut c: u32) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (c % 26) as u8) as char);
        if c < 26 {
            return s;
        }
        c = c / 26 - 1;
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: report_cells REPORT.xlsx")?;
    let mut wb = open_workbook_auto(&path)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name)?;
        let Some((r0, c0)) = range.start() else { continue };
        for (r, c, v) in range.used_cells() {
            let (kind, text) = match v {
                Data::Float(f) => ("n", format!("{f}")),
                Data::Int(i) => ("n", i.to_string()),
                Data::String(s) => ("s", s.replace('\n', "\\n")),
                Data::Bool(b) => ("b", b.to_string()),
                Data::DateTime(d) => ("d", d.to_string()),
                other => ("o", other.to_string()),
            };
            use std::io::Write;
            writeln!(out, "{name}!{}{}\t{kind}\t{text}", column_letters(c0 + c as u32), r0 as usize + r + 1)?;
        }
    }
    Ok(())
}
