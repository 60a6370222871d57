//! One sheet per tier: an Excel table of the tier's clients, best first.

use rust_xlsxwriter::{Color, Table, TableColumn, TableStyle, Worksheet, XlsxError};

use crate::model::{DELIVERY_COLUMNS, HOUSEHOLD_COLUMNS, TIER_SHEET_COLUMNS};
use crate::plan::why_note;
use crate::segment::{why, Segmentation};
use crate::write::cells::{width_of, write_input, write_money, write_text};
use crate::write::{print_setup, sheet_name_for_tier, table_headers, table_name, Context};

/// Tab colours by tier position: green, blue, amber, then greys.
const TAB_COLORS: [u32; 6] = [0x2E7D32, 0x1565C0, 0xF9A825, 0x757575, 0x9E9E9E, 0xBDBDBD];

/// Rows sampled to size columns: enough to be representative, few enough
/// that a million-row book does not pay for it.
const WIDTH_SAMPLE: usize = 2000;

/// The clients of each tier (final tier), each list in the order the sheet
/// shows them: highest score first, then input order.
pub fn members(seg: &Segmentation, tiers: usize) -> Vec<Vec<usize>> {
    let mut by_tier: Vec<Vec<usize>> = vec![Vec::new(); tiers];
    for (i, &t) in seg.tier.iter().enumerate() {
        by_tier[t].push(i);
    }
    for list in &mut by_tier {
        list.sort_by(|&a, &b| seg.scores[b].cmp(&seg.scores[a]).then(a.cmp(&b)));
    }
    by_tier
}

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
    if cx.households.is_some() {
        headers.extend(HOUSEHOLD_COLUMNS.iter().map(|s| s.to_string()));
    }
    let groups_at = headers.len();
    headers.extend(book.groups.iter().map(|g| format!("Score: {g}")));
    let carried_at = headers.len();
    headers.extend(clients.carried.iter().map(|c| c.header.clone()));
    let headers = table_headers(headers);
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count() + 3).collect();

    // The table goes in first: in constant-memory mode rows are written
    // strictly in order, so its header row must be written before the data.
    let columns: Vec<TableColumn> = headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            let col = TableColumn::new().set_header(h);
            let is_money = matches!(c, 7 | 8 | 10 | 11) || (household_at..groups_at).contains(&c);
            let is_date = (delivery_at..household_at).contains(&c) && c < delivery_at + 2;
            if c == 9 {
                col.set_format(&st.hours)
            } else if is_money {
                col.set_format(&st.money)
            } else if is_date {
                col.set_format(&st.date)
            } else {
                col
            }
        })
        .collect();
    let last_row = rows.len().max(1) as u32;
    let table = Table::new().set_name(tier_table_name(book, t)).set_style(TableStyle::Medium2).set_columns(&columns);
    ws.add_table(0, 0, last_row, (headers.len() - 1) as u16, &table)?;

    for (r, &i) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        let client = &clients.rows[i];
        write_input(&mut ws, row, 0, &client.cells[clients.id_column], st)?;
        write_text(&mut ws, row, 1, &client.name, st)?;
        ws.write_number_with_format(row, 2, seg.scores[i].as_f64(), &st.number)?;
        ws.write_string(row, 3, &book.tiers[seg.scored_tier[i]].code)?;
        ws.write_string(row, 4, &book.tiers[seg.tier[i]].code)?;
        let mut why = why(book, seg, i, &cx.changes[i]);
        if let Some(note) = why_note(book, seg, plan, i) {
            why.push(' ');
            why.push_str(&note);
        }
        write_text(&mut ws, row, 5, &why, st)?;
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
                ws.write_datetime_with_format(row, c, n, &st.date)?;
            }
            if let Some(n) = d.next_contact {
                ws.write_datetime_with_format(row, c + 1, n, &st.date)?;
            }
            ws.write_number(row, c + 2, d.overdue_days() as f64)?;
            ws.write_number(row, c + 3, d.reviews_due)?;
            ws.write_number(row, c + 4, d.contacts_due)?;
            ws.write_string(row, c + 5, if d.on_track() { "yes" } else { "no" })?;
        }
        if let (Some(totals), Some(h)) = (&cx.households, &client.household) {
            if let Some(t) = totals.get(&h.to_lowercase()) {
                write_money(&mut ws, row, household_at as u16, t.revenue, st)?;
                write_money(&mut ws, row, household_at as u16 + 1, t.assets, st)?;
            }
        }
        for (g, pts) in seg.group_scores(i).iter().enumerate() {
            ws.write_number_with_format(row, (groups_at + g) as u16, pts.as_f64(), &st.number)?;
        }
        for (k, col) in clients.carried.iter().enumerate() {
            write_input(&mut ws, row, (carried_at + k) as u16, &client.cells[col.index], st)?;
        }
        if r < WIDTH_SAMPLE {
            widths[0] = widths[0].max(client.id.chars().count());
            widths[1] = widths[1].max(client.name.chars().count());
            widths[6] = widths[6].max(contact.chars().count());
            for (k, col) in clients.carried.iter().enumerate() {
                let w = &mut widths[carried_at + k];
                *w = (*w).max(width_of(&client.cells[col.index]));
            }
        }
    }

    widths[5] = 70;
    for w in widths.iter_mut().take(groups_at).skip(7) {
        *w = (*w).max(12);
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w).clamp(8, 60) as f64)?;
    }
    ws.set_freeze_panes(1, 2)?;
    print_setup(&mut ws, &format!("Tier {} — {}", tier.code, tier.label))?;
    ws.set_repeat_rows(0, 0)?;
    // Printed, the tierbook columns are the working list; the advisor's own
    // columns would shrink a page-wide print to illegible.
    ws.set_print_area(0, 0, last_row, (carried_at.max(1) - 1) as u16)?;
    Ok(ws)
}
