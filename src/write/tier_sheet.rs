//! One sheet per tier: an Excel table of the tier's clients, best first.

use rust_xlsxwriter::{Color, TableStyle, Worksheet, XlsxError};

use crate::model::{DELIVERY_COLUMNS, HOUSEHOLD_COLUMNS, TIER_SHEET_COLUMNS};
use crate::plan::why_note;
use crate::segment::why;
use crate::write::cells::{
    fit_row, input_kind, width_of, wrapped_lines, write_figure, write_input, write_money, write_text, write_wrapped,
};
use crate::write::layout::{columns, place_table, print_setup, Kind, Print};
use crate::write::{sheet_name_for_tier, table_headers, table_name, Context};

/// Tab colours by tier position: green, blue, amber, then greys.
const TAB_COLORS: [u32; 6] = [0x2E7D32, 0x1565C0, 0xF9A825, 0x757575, 0x9E9E9E, 0xBDBDBD];

/// The kinds of [`TIER_SHEET_COLUMNS`] after the Client ID.
const TIER_KINDS: [Kind; 11] = [
    Kind::Text,
    Kind::Number,
    Kind::Centered,
    Kind::Centered,
    Kind::Text,
    Kind::Text,
    Kind::Money,
    Kind::Money,
    Kind::Hours,
    Kind::Money,
    Kind::Money,
];

/// The kinds of [`DELIVERY_COLUMNS`].
const DELIVERY_KINDS: [Kind; 6] = [Kind::Date, Kind::Date, Kind::Number, Kind::Number, Kind::Number, Kind::Centered];

/// Column widths of [`TIER_SHEET_COLUMNS`] (the ID, Name and Primary
/// Contact grow with what they hold): narrow numeric columns under wrapped
/// headers, and `Why` wide and wrapped, so the printed page stays readable.
const TIER_WIDTHS: [usize; 12] = [9, 18, 6, 6, 5, WHY_WIDTH, 14, 11, 12, 6, 9, 10];

/// Width of `Why`, the column the advisor reads most: wide, and wrapped.
const WHY_WIDTH: usize = 42;

/// Width of a date column (`yyyy-mm-dd` centred, clear of its neighbours).
const DATE_WIDTH: usize = 11;

/// Width of the delivery, household and score columns.
const NARROW: usize = 8;

/// Rows sampled to size columns: enough to be representative, few enough
/// that a million-row book does not pay for it.
const WIDTH_SAMPLE: usize = 2000;

/// The Excel table name of tier `t`: `Tier_A`; codes that differ only in
/// characters a table name cannot hold (`A+`, `A-`) get their position added.
fn tier_table_name(book: &crate::model::Book, t: usize) -> String {
    let base = |k: usize| table_name(&format!("Tier_{}", book.tiers[k].code)).to_lowercase();
    let name = table_name(&format!("Tier_{}", book.tiers[t].code));
    if (0..book.tiers.len()).any(|k| k != t && base(k) == base(t)) {
        format!("{name}_{}", t + 1)
    } else {
        name
    }
}

/// Writes the sheet of tier `t`, holding the clients in `rows`.
pub fn write(cx: &Context, mut ws: Worksheet, t: usize, rows: &[usize]) -> Result<Worksheet, XlsxError> {
    let (book, seg, plan, st) = (cx.book, cx.seg, cx.plan, &cx.styles);
    let tier = &book.tiers[t];
    ws.set_name(sheet_name_for_tier(&tier.code))?;
    ws.set_tab_color(Color::RGB(TAB_COLORS[t.min(TAB_COLORS.len() - 1)]));
    let clients = &book.clients;
    let mut headers: Vec<String> = TIER_SHEET_COLUMNS.iter().map(|s| s.to_string()).collect();
    let delivery_at = headers.len();
    if plan.delivery.is_some() {
        headers.extend(DELIVERY_COLUMNS.iter().map(|s| s.to_string()));
    }
    // Household tiering shows the household's totals beside the member's own.
    let household_at = headers.len();
    if cx.analysis.households.is_some() {
        headers.extend(HOUSEHOLD_COLUMNS.iter().map(|s| s.to_string()));
    }
    let groups_at = headers.len();
    headers.extend(book.groups.iter().map(|g| format!("Score: {g}")));
    let carried_at = headers.len();
    headers.extend(clients.carried.iter().map(|c| c.header.clone()));
    let headers = table_headers(headers);
    let sample = || rows.iter().take(WIDTH_SAMPLE).map(|&i| &clients.rows[i]);
    let mut kinds = vec![input_kind(sample().map(|c| &c.cells[clients.id_column]))];
    kinds.extend(TIER_KINDS);
    if plan.delivery.is_some() {
        kinds.extend(DELIVERY_KINDS);
    }
    if cx.analysis.households.is_some() {
        kinds.extend([Kind::Money, Kind::Money]);
    }
    kinds.extend(book.groups.iter().map(|_| Kind::Number));
    kinds.extend(clients.carried.iter().map(|col| input_kind(sample().map(|c| &c.cells[col.index]))));
    let mut widths: Vec<usize> = TIER_WIDTHS.to_vec();
    widths.resize(carried_at, NARROW);
    if plan.delivery.is_some() {
        // Next Review and Next Contact: a date and a space each side.
        widths[delivery_at] = DATE_WIDTH;
        widths[delivery_at + 1] = DATE_WIDTH;
        // "Contacts" is the widest word of the delivery headers.
        widths[delivery_at + 4] = NARROW + 1;
    }
    // Household totals are amounts of up to $99,999,999.
    for w in &mut widths[household_at..groups_at] {
        *w = 12;
    }
    // The advisor's own columns: as wide as their header's longest word or
    // their values, whichever is wider (headers wrap).
    widths.extend(
        headers[carried_at..].iter().map(|h| h.split_whitespace().map(|w| w.chars().count() + 1).max().unwrap_or(0)),
    );

    // The table goes in first: in constant-memory mode rows are written
    // strictly in order, so its header row must be written before the data.
    let columns = columns(&headers, &kinds, st);
    let last_row = rows.len().max(1) as u32;
    place_table(&mut ws, &tier_table_name(book, t), TableStyle::Medium2, (0, last_row), &columns)?;

    for (r, &i) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        let client = &clients.rows[i];
        let mut why = why(book, seg, i, &cx.changes[i]);
        if let Some(note) = why_note(book, seg, plan, i) {
            why.push(' ');
            why.push_str(&note);
        }
        fit_row(&mut ws, row, wrapped_lines(&why, WHY_WIDTH as f64))?;
        write_input(&mut ws, row, 0, &client.cells[clients.id_column], st)?;
        write_text(&mut ws, row, 1, &client.name, st)?;
        write_figure(&mut ws, row, 2, seg.scores[i].as_f64(), st)?;
        ws.write_string_with_format(row, 3, &book.tiers[seg.scored_tier[i]].code, &st.center)?;
        ws.write_string_with_format(row, 4, &book.tiers[seg.tier[i]].code, &st.center)?;
        write_wrapped(&mut ws, row, 5, &why, st)?;
        let contact = cx.contact_name(i);
        write_text(&mut ws, row, 6, contact, st)?;
        write_money(&mut ws, row, 7, client.revenue, st)?;
        write_money(&mut ws, row, 8, client.assets, st)?;
        ws.write_number_with_format(row, 9, plan.hours(seg, i), &st.hours)?;
        write_money(&mut ws, row, 10, Some(plan.cost(seg, i)), st)?;
        write_money(&mut ws, row, 11, plan.margin(book, seg, i), st)?;
        if let Some(d) = plan.delivery.as_ref().map(|d| &d[i]) {
            let c = delivery_at as u16;
            if let Some(n) = d.next_review {
                ws.write_datetime_with_format(row, c, n, &st.date_cell)?;
            }
            if let Some(n) = d.next_contact {
                ws.write_datetime_with_format(row, c + 1, n, &st.date_cell)?;
            }
            ws.write_number(row, c + 2, d.overdue_days() as f64)?;
            write_figure(&mut ws, row, c + 3, d.reviews_due, st)?;
            write_figure(&mut ws, row, c + 4, d.contacts_due, st)?;
            ws.write_string_with_format(row, c + 5, if d.on_track() { "yes" } else { "no" }, &st.center)?;
        }
        if let (Some(totals), Some(h)) = (&cx.analysis.households, &client.household) {
            if let Some(t) = totals.get(&crate::value::id_key(h)) {
                write_money(&mut ws, row, household_at as u16, t.revenue, st)?;
                write_money(&mut ws, row, household_at as u16 + 1, t.assets, st)?;
            }
        }
        for (g, pts) in seg.group_scores(i).iter().enumerate() {
            write_figure(&mut ws, row, (groups_at + g) as u16, pts.as_f64(), st)?;
        }
        for (k, col) in clients.carried.iter().enumerate() {
            write_input(&mut ws, row, (carried_at + k) as u16, &client.cells[col.index], st)?;
        }
        if r < WIDTH_SAMPLE {
            widths[0] = widths[0].max(client.id.chars().count() + 1);
            widths[1] = widths[1].max(client.name.chars().count() + 1);
            widths[6] = widths[6].max(contact.chars().count() + 1);
            for (k, col) in clients.carried.iter().enumerate() {
                let w = &mut widths[carried_at + k];
                *w = (*w).max(width_of(&client.cells[col.index]));
            }
        }
    }

    for (c, w) in widths.iter().enumerate() {
        // Names and contacts may grow to 30 characters, then wrap on screen
        // only as far as their cell shows.
        let cap = if c == 5 { WHY_WIDTH } else { 30 };
        ws.set_column_width(c as u16, (*w).clamp(5, cap) as f64)?;
    }
    ws.set_freeze_panes(1, 2)?;
    let title = format!("Tier {} — {}", tier.code, tier.label);
    print_setup(&mut ws, Print::new(&title).header_row(0))?;
    // Printed, the working list is the tierbook columns up to the delivery
    // and household figures; the per-group scores and the advisor's own
    // columns (on screen, to the right) would shrink a page-wide print to
    // illegible.
    ws.set_print_area(0, 0, last_row, (groups_at.max(1) - 1) as u16)?;
    Ok(ws)
}
