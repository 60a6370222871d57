//! The benchmark floor: the least work any tool that reads a client book and
//! writes a report workbook has to do.
//!
//! ```text
//! cargo run --release --example floor -- BOOK.xlsx OUT.xlsx
//! ```
//!
//! It opens BOOK with calamine (`open_workbook_auto`), reads the `Clients` sheet
//! into a range, copies every cell to a new rust_xlsxwriter workbook (strings as
//! strings, numbers as numbers, booleans as booleans, dates as dates with a date
//! format), writes three numbers (client rows, the sum of `Revenue`, the largest
//! `Assets`) into three further sheets, and saves OUT. Nothing else: no other
//! input sheet, no validation, no scoring, no formats beyond dates, no tables.
//!
//! Every sheet is made with `add_worksheet_with_constant_memory()`: rows go to a
//! temporary file as they are written (inline strings, no shared-string table,
//! no per-cell map in memory), which is rust_xlsxwriter's cheapest way to write
//! a sheet whose rows come in order. The zip level is the library's default.
//! This is the least the two libraries allow (issue 15); the standard-mode floor
//! that `bench/README.md` quotes as history held every cell in memory.
//!
//! Why it exists: `bench/run.sh` times `tierbook run` against this program on the
//! same book, in the same run, alternating them. tierbook / floor tells how much
//! of tierbook's time is its own work and how much is the cost of parsing and
//! writing xlsx with these two libraries, which no optimisation inside tierbook
//! can remove. Keep it this small; if it grows, the ratio stops meaning anything.

use calamine::{open_workbook_auto, Data, Reader};
use rust_xlsxwriter::{Format, Workbook};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: floor BOOK.xlsx OUT.xlsx";
    let book = args.next().ok_or(usage)?;
    let out = args.next().ok_or(usage)?;

    let mut workbook = open_workbook_auto(&book)?;
    let range = workbook.worksheet_range("Clients")?;
    let (row0, col0) = range.start().unwrap_or((0, 0));

    // The header row is the first row of the range; find two columns by name.
    let headers = range.headers().unwrap_or_default();
    let find = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let revenue_col = find("Revenue");
    let assets_col = find("Assets");

    let mut out_book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut rows = 0u64;
    let mut revenue_sum = 0.0f64;
    let mut assets_max = f64::NEG_INFINITY;
    {
        let sheet = out_book.add_worksheet_with_constant_memory()?.set_name("Clients")?;
        for (r, cells) in range.rows().enumerate() {
            let row = row0 + r as u32;
            for (c, cell) in cells.iter().enumerate() {
                let col = (col0 as usize + c) as u16;
                match cell {
                    Data::Empty => {}
                    Data::String(s) => {
                        sheet.write_string(row, col, s)?;
                    }
                    Data::Float(x) => {
                        sheet.write_number(row, col, *x)?;
                    }
                    Data::Int(i) => {
                        sheet.write_number(row, col, *i as f64)?;
                    }
                    Data::Bool(b) => {
                        sheet.write_boolean(row, col, *b)?;
                    }
                    Data::DateTime(d) => match d.as_datetime() {
                        Some(dt) => {
                            sheet.write_datetime_with_format(row, col, dt, &date)?;
                        }
                        None => {
                            sheet.write_number(row, col, d.as_f64())?;
                        }
                    },
                    Data::DateTimeIso(s) | Data::DurationIso(s) => {
                        sheet.write_string(row, col, s)?;
                    }
                    Data::Error(e) => {
                        sheet.write_string(row, col, e.to_string())?;
                    }
                }
            }
            if r > 0 {
                rows += 1;
                let num = |k: Option<usize>| match k.and_then(|k| cells.get(k)) {
                    Some(Data::Float(x)) => Some(*x),
                    Some(Data::Int(i)) => Some(*i as f64),
                    _ => None,
                };
                revenue_sum += num(revenue_col).unwrap_or(0.0);
                if let Some(a) = num(assets_col) {
                    assets_max = assets_max.max(a);
                }
            }
        }
    }
    let facts = [
        ("Count", "Client rows", rows as f64),
        ("Revenue", "Total revenue", revenue_sum),
        ("Assets", "Largest assets", if assets_max.is_finite() { assets_max } else { 0.0 }),
    ];
    for (name, label, value) in facts {
        let sheet = out_book.add_worksheet_with_constant_memory()?.set_name(name)?;
        sheet.write_string(0, 0, label)?;
        sheet.write_number(0, 1, value)?;
    }
    out_book.save(&out)?;
    Ok(())
}
