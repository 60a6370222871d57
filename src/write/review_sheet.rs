//! The Review sheet: movement since last year, tier drift, sticky-tier
//! suggestions and the borderline clients to look at first.

use rust_xlsxwriter::{TableStyle, Worksheet, XlsxError};

use crate::review::{Movement, PreviousEntry, ReviewLine};
use crate::write::cells::{write_figure, write_input, write_text};
use crate::write::layout::{declared_columns, place_table, print_setup, Kind, Print};
use crate::write::{Context, Fit};

/// The tier-size table's columns. Drift is in percentage points, one
/// decimal: 21.4 % last year and 26.8 % this year is +5.4.
const SIZE_HEADERS: [(&str, Kind); 7] = [
    ("Tier", Kind::Text),
    ("Last Year", Kind::Number),
    ("This Year", Kind::Number),
    ("Change", Kind::Number),
    ("Last Year Share", Kind::Percent),
    ("This Year Share", Kind::Percent),
    ("Drift (points)", Kind::Number),
];

/// The per-client table's columns.
const LINE_HEADERS: [(&str, Kind); 9] = [
    ("Client ID", Kind::Text),
    ("Name", Kind::Text),
    ("Previous Tier", Kind::Centered),
    ("Scored Tier", Kind::Centered),
    ("Tier", Kind::Centered),
    ("Movement", Kind::Text),
    ("Borderline", Kind::Text),
    ("Suggestion", Kind::Text),
    ("Score", Kind::Number),
];

/// Writes the Review sheet.
pub fn write(cx: &Context, mut ws: Worksheet) -> Result<Worksheet, XlsxError> {
    let (book, seg, review, st) = (cx.book, cx.seg, cx.review, &cx.styles);
    ws.set_name("Review")?;
    ws.write_string_with_format(0, 0, "Annual review", &st.title)?;
    let mut row = 1;
    if !review.has_previous {
        ws.write_string_with_format(
            row,
            0,
            "No previous tiers known: add a Previous Tier column to Clients, or pass --previous last-year.tiers.xlsx.",
            &st.warning,
        )?;
    }
    row += 1;
    let counts = [
        ("Borderline (look at these first)", review.lines.iter().filter(|l| l.borderline).count()),
        ("Demotions held by sticky tiers", seg.suggested.len()),
        ("Promoted", review.count(Movement::Promoted)),
        ("Demoted", review.count(Movement::Demoted)),
        ("New", review.count(Movement::New)),
        ("Departed", review.count(Movement::Departed)),
        ("Unchanged", review.count(Movement::Unchanged)),
    ];
    for (label, n) in counts {
        ws.write_string_with_format(row, 0, label, &st.bold)?;
        ws.write_number(row, 2, n as f64)?;
        row += 1;
    }

    row += 1;
    let sizes_top = row;
    let (last_total, this_total) =
        (review.last_year.iter().sum::<usize>().max(1) as f64, review.this_year.iter().sum::<usize>().max(1) as f64);
    // Each table goes in before its rows: in constant-memory mode rows are
    // written strictly in order.
    let size_cols = declared_columns(&SIZE_HEADERS, st);
    place_table(
        &mut ws,
        "TierSizes",
        TableStyle::Medium2,
        (sizes_top, sizes_top + book.tiers.len() as u32),
        &size_cols,
    )?;
    for (t, tier) in book.tiers.iter().enumerate() {
        row += 1;
        let (last, this) = (review.last_year[t], review.this_year[t]);
        ws.write_string(row, 0, &tier.code)?;
        ws.write_number(row, 1, last as f64)?;
        ws.write_number(row, 2, this as f64)?;
        ws.write_number_with_format(row, 3, this as f64 - last as f64, &st.change_whole)?;
        let (ls, ts) = (last as f64 / last_total, this as f64 / this_total);
        ws.write_number_with_format(row, 4, ls, &st.percent)?;
        ws.write_number_with_format(row, 5, ts, &st.percent)?;
        ws.write_number_with_format(row, 6, (ts - ls) * 100.0, &st.change)?;
    }

    row += 2;
    let lines_top = row;
    let clients = &book.clients;
    let code = |t: usize| book.tiers[t].code.as_str();
    // Departed clients come before the unchanged ones; at Excel's row limit
    // the unchanged are the ones left out, and the last row says so.
    enum Entry<'a> {
        Line(&'a ReviewLine),
        Departed(&'a PreviousEntry),
    }
    // Quiet: unchanged, not borderline, nothing held back.
    let quiet = |l: &ReviewLine| l.movement == Movement::Unchanged && !l.borderline && l.suggested.is_none();
    let changed = review.lines.iter().filter(|l| !quiet(l)).map(Entry::Line);
    let unchanged = review.lines.iter().filter(|l| quiet(l)).map(Entry::Line);
    let mut entries: Vec<Entry> = changed.chain(review.departed.iter().map(Entry::Departed)).chain(unchanged).collect();
    let fit = Fit::new(lines_top, entries.len());
    entries.truncate(fit.shown);
    let line_cols = declared_columns(&LINE_HEADERS, st);
    place_table(&mut ws, "Movements", TableStyle::Medium9, (lines_top, fit.last_row()), &line_cols)?;
    for entry in entries {
        row += 1;
        let line = match entry {
            Entry::Line(line) => line,
            Entry::Departed(d) => {
                write_text(&mut ws, row, 0, &d.id, st)?;
                write_text(&mut ws, row, 1, &d.name, st)?;
                ws.write_string_with_format(row, 2, crate::error::shorten(&d.tier, 40), &st.center)?;
                ws.write_string(row, 5, Movement::Departed.label())?;
                continue;
            }
        };
        let i = line.client;
        let c = &clients.rows[i];
        write_input(&mut ws, row, 0, &c.cells[clients.id_column], st)?;
        write_text(&mut ws, row, 1, &c.name, st)?;
        if let Some(p) = seg.previous[i] {
            ws.write_string_with_format(row, 2, code(p), &st.center)?;
        }
        ws.write_string_with_format(row, 3, code(seg.scored_tier[i]), &st.center)?;
        ws.write_string_with_format(row, 4, code(seg.tier[i]), &st.center)?;
        ws.write_string(row, 5, line.movement.label())?;
        if let Some(b) = seg.borderline[i] {
            let side = if b.made_it { "just made" } else { "just missed" };
            ws.write_string(row, 6, format!("{side} {}", code(b.tier)))?;
        }
        if let Some(t) = line.suggested {
            ws.write_string(row, 7, format!("demote to {} (held by sticky tiers)", code(t)))?;
        }
        write_figure(&mut ws, row, 8, seg.scores[i].as_f64(), st)?;
    }
    if fit.left_out > 0 {
        row += 1;
        ws.write_string(row, 0, format!("… and {} more unchanged clients than fit on one sheet", fit.left_out))?;
    }
    for (c, w) in [12, 22, 9, 9, 9, 11, 13, 30, 8].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    print_setup(&mut ws, Print::new("Annual review").header_row(lines_top))?;
    Ok(ws)
}
