//! The Exceptions sheet: every client served at a tier other than the one
//! its score reaches, with where the change came from and why.

use rust_xlsxwriter::{TableStyle, Worksheet, XlsxError};

use crate::segment::Source;
use crate::write::cells::{fit_row, wrapped_lines, write_input, write_money, write_text, write_wrapped};
use crate::write::layout::{declared_columns, place_table, print_setup, Kind, Print};
use crate::write::Context;

/// The columns, in order: each row writes exactly these.
const HEADERS: [(&str, Kind); 12] = [
    ("Client ID", Kind::Text),
    ("Name", Kind::Text),
    ("Scored Tier", Kind::Centered),
    ("Tier", Kind::Centered),
    ("Source", Kind::Text),
    ("Reason", Kind::Text),
    ("Approved By", Kind::Text),
    ("Until", Kind::Date),
    ("Revenue", Kind::Money),
    ("Assets", Kind::Money),
    ("Cost", Kind::Money),
    ("Applied", Kind::Text),
];

/// Column widths; Reason and Applied wrap.
const WIDTHS: [f64; 12] = [11.0, 20.0, 7.0, 6.0, 18.0, 36.0, 18.0, 11.0, 11.0, 13.0, 10.0, 30.0];

/// Writes the Exceptions sheet.
pub fn write(cx: &Context, mut ws: Worksheet) -> Result<Worksheet, XlsxError> {
    let (book, seg, st, changes) = (cx.book, cx.seg, &cx.styles, &cx.changes);
    ws.set_name("Exceptions")?;
    let clients = &book.clients;
    // The table goes in before its rows: in constant-memory mode rows are
    // written strictly in order.
    let columns = declared_columns(&HEADERS, st);
    place_table(&mut ws, "Exceptions", TableStyle::Medium7, (0, seg.exception_count() as u32), &columns)?;
    let mut row = 0u32;
    for (i, client) in clients.rows.iter().enumerate() {
        if seg.tier[i] == seg.scored_tier[i] {
            continue;
        }
        row += 1;
        let trail: Vec<String> = changes[i]
            .iter()
            .map(|c| format!("{} {}→{}", c.source.label(), book.tiers[c.from].code, book.tiers[c.to].code))
            .collect();
        let trail = trail.join("; ");
        let reason = changes[i].last().map_or("", |c| c.reason.as_str());
        let source = changes[i].last().map(|c| c.source.label()).unwrap_or_default();
        let lines = [(source.as_str(), 4), (reason, 5), (trail.as_str(), 11)]
            .iter()
            .map(|(text, c)| wrapped_lines(text, WIDTHS[*c]))
            .max()
            .unwrap_or(1);
        fit_row(&mut ws, row, lines)?;
        write_input(&mut ws, row, 0, &client.cells[clients.id_column], st)?;
        write_text(&mut ws, row, 1, &client.name, st)?;
        ws.write_string_with_format(row, 2, &book.tiers[seg.scored_tier[i]].code, &st.center)?;
        ws.write_string_with_format(row, 3, &book.tiers[seg.tier[i]].code, &st.center)?;
        // The last change is the one that set the final tier.
        if let Some(last) = changes[i].last() {
            write_wrapped(&mut ws, row, 4, &source, st)?;
            write_wrapped(&mut ws, row, 5, reason, st)?;
            if let Source::Manual { approved_by, until } = &last.source {
                write_text(&mut ws, row, 6, approved_by.as_deref().unwrap_or(""), st)?;
                if let Some(u) = until {
                    ws.write_datetime_with_format(row, 7, *u, &st.date_cell)?;
                }
            }
        }
        write_money(&mut ws, row, 8, client.revenue, st)?;
        write_money(&mut ws, row, 9, client.assets, st)?;
        write_money(&mut ws, row, 10, Some(cx.plan.cost(seg, i)), st)?;
        write_wrapped(&mut ws, row, 11, &trail, st)?;
    }
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 2)?;
    print_setup(&mut ws, Print::new("Exceptions").header_row(0))?;
    Ok(ws)
}
