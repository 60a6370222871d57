//! The Issues sheet: every input value tierbook could not use as written.

use rust_xlsxwriter::{Table, TableColumn, TableStyle, Worksheet, XlsxError};

use crate::error::Issue;
use crate::write::cells::write_text;
use crate::write::style::Styles;
use crate::write::{print_setup, rows_below};

const HEADERS: [&str; 5] = ["Sheet", "Cell", "Value", "Problem", "What tierbook did"];

/// Writes the Issues sheet (an empty table when the book was clean).
pub fn write(issues: &[Issue], st: &Styles, mut ws: Worksheet) -> Result<Worksheet, XlsxError> {
    ws.set_name("Issues")?;
    // The table goes in before its rows: in constant-memory mode rows are
    // written strictly in order.
    // More issues than a sheet holds (a million clients, each with two bad
    // cells) are summed up in the last row; `check` lists them all.
    let room = rows_below(0);
    let left_out = if issues.len() > room { issues.len() - (room - 1) } else { 0 };
    let shown = &issues[..issues.len() - left_out];
    let columns: Vec<TableColumn> = HEADERS.iter().map(|h| TableColumn::new().set_header(*h)).collect();
    let last = (shown.len() + usize::from(left_out > 0)).max(1) as u32;
    ws.add_table(0, 0, last, 4, &Table::new().set_name("Issues").set_style(TableStyle::Medium3).set_columns(&columns))?;
    for (k, issue) in shown.iter().enumerate() {
        let row = k as u32 + 1;
        write_text(&mut ws, row, 0, &issue.location.sheet, st)?;
        write_text(&mut ws, row, 1, &issue.location.cell_ref(), st)?;
        write_text(&mut ws, row, 2, &issue.value, st)?;
        write_text(&mut ws, row, 3, &issue.problem, st)?;
        write_text(&mut ws, row, 4, &issue.action, st)?;
    }
    // Last, as rows are written in order when the sheet is streamed.
    if left_out > 0 {
        ws.write_string(last, 3, format!("… and {left_out} more issues than fit on one sheet"))?;
        ws.write_string(last, 4, "run `tierbook check` on the book to list them all")?;
    }
    for (c, w) in [14, 8, 30, 60, 50].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    print_setup(&mut ws, "Input issues")?;
    Ok(ws)
}
