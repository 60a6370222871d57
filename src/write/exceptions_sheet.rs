//! The Exceptions sheet: every client served at a tier other than the one
//! its score reaches, with where the change came from and why.

use rust_xlsxwriter::{Table, TableColumn, TableStyle, Worksheet, XlsxError};

use crate::segment::Source;
use crate::write::cells::{write_input, write_money, write_text};
use crate::write::{print_setup, Context};

const HEADERS: [&str; 11] = [
    "Client ID",
    "Name",
    "Scored Tier",
    "Tier",
    "Source",
    "Reason",
    "Approved By",
    "Until",
    "Revenue",
    "Assets",
    "Applied",
];

/// Writes the Exceptions sheet.
pub fn write(cx: &Context, mut ws: Worksheet) -> Result<Worksheet, XlsxError> {
    let (book, seg, st, changes) = (cx.book, cx.seg, &cx.styles, &cx.changes);
    ws.set_name("Exceptions")?;
    let clients = &book.clients;
    // The table goes in before its rows: in constant-memory mode rows are
    // written strictly in order.
    let columns: Vec<TableColumn> = HEADERS
        .iter()
        .enumerate()
        .map(|(c, h)| {
            let col = TableColumn::new().set_header(*h);
            if (8..=10).contains(&c) {
                col.set_format(&st.money)
            } else {
                col
            }
        })
        .collect();
    ws.add_table(
        0,
        0,
        seg.exception_count().max(1) as u32,
        (HEADERS.len() - 1) as u16,
        &Table::new().set_name("Exceptions").set_style(TableStyle::Medium7).set_columns(&columns),
    )?;
    let mut row = 0u32;
    for (i, client) in clients.rows.iter().enumerate() {
        if seg.tier[i] == seg.scored_tier[i] {
            continue;
        }
        row += 1;
        write_input(&mut ws, row, 0, &client.cells[clients.id_column], st)?;
        write_text(&mut ws, row, 1, &client.name, st)?;
        ws.write_string(row, 2, &book.tiers[seg.scored_tier[i]].code)?;
        ws.write_string(row, 3, &book.tiers[seg.tier[i]].code)?;
        // The last change is the one that set the final tier.
        if let Some(last) = changes[i].last() {
            write_text(&mut ws, row, 4, &last.source.label(), st)?;
            write_text(&mut ws, row, 5, &last.reason, st)?;
            if let Source::Manual { approved_by, until } = &last.source {
                write_text(&mut ws, row, 6, approved_by.as_deref().unwrap_or(""), st)?;
                if let Some(u) = until {
                    ws.write_datetime_with_format(row, 7, *u, &st.date)?;
                }
            }
        }
        write_money(&mut ws, row, 8, client.revenue, st)?;
        write_money(&mut ws, row, 9, client.assets, st)?;
        write_money(&mut ws, row, 10, Some(cx.plan.cost(seg, i)), st)?;
        let trail: Vec<String> = changes[i]
            .iter()
            .map(|c| format!("{} {}→{}", c.source.label(), book.tiers[c.from].code, book.tiers[c.to].code))
            .collect();
        write_text(&mut ws, row, 11, &trail.join("; "), st)?;
    }
    for (c, w) in [12, 24, 11, 8, 24, 50, 16, 12, 12, 14, 12, 40].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 2)?;
    print_setup(&mut ws, "Exceptions")?;
    Ok(ws)
}
