//! The Issues sheet: every input value tierbook could not use as written.

use rust_xlsxwriter::{TableStyle, Worksheet, XlsxError};

use crate::error::Issue;
use crate::write::cells::{fit_row, wrapped_lines, write_text, write_wrapped};
use crate::write::layout::{columns, place_table, print_setup, Print};
use crate::write::style::Styles;
use crate::write::Fit;

const HEADERS: [&str; 5] = ["Sheet", "Cell", "Value", "Problem", "What tierbook did"];

/// Column widths; Value, Problem and What tierbook did wrap.
const WIDTHS: [f64; 5] = [12.0, 8.0, 24.0, 55.0, 45.0];

/// Writes the Issues sheet (an empty table when the book was clean).
pub fn write(issues: &[Issue], st: &Styles, mut ws: Worksheet) -> Result<Worksheet, XlsxError> {
    ws.set_name("Issues")?;
    // The table goes in before its rows: in constant-memory mode rows are
    // written strictly in order.
    // More issues than a sheet holds (a million clients, each with two bad
    // cells) are summed up in the last row; `check` lists them all.
    let fit = Fit::new(0, issues.len());
    let shown = &issues[..fit.shown];
    let columns = columns(&HEADERS, &[], st);
    let last = fit.last_row();
    place_table(&mut ws, "Issues", TableStyle::Medium3, (0, last), &columns)?;
    for (k, issue) in shown.iter().enumerate() {
        let row = k as u32 + 1;
        let lines = [(&issue.value, 2), (&issue.problem, 3), (&issue.action, 4)]
            .iter()
            .map(|(text, c)| wrapped_lines(text, WIDTHS[*c]))
            .max()
            .unwrap_or(1);
        fit_row(&mut ws, row, lines)?;
        write_text(&mut ws, row, 0, &issue.location.sheet, st)?;
        write_text(&mut ws, row, 1, &issue.location.cell_ref(), st)?;
        write_wrapped(&mut ws, row, 2, &issue.value, st)?;
        write_wrapped(&mut ws, row, 3, &issue.problem, st)?;
        write_wrapped(&mut ws, row, 4, &issue.action, st)?;
    }
    // Last, as rows are written in order when the sheet is streamed.
    if fit.left_out > 0 {
        ws.write_string(last, 3, format!("… and {} more issues than fit on one sheet", fit.left_out))?;
        ws.write_string(last, 4, "run `tierbook check` on the book to list them all")?;
    }
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    print_setup(&mut ws, Print::new("Input issues").header_row(0))?;
    Ok(ws)
}
