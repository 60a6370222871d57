//! One sheet per tier: an Excel table of the tier's clients, best first.

use std::collections::HashMap;

use rust_xlsxwriter::{Color, Table, TableColumn, TableStyle, Worksheet, XlsxError};

use crate::model::Book;
use crate::segment::{why, Change, Segmentation};
use crate::totals::HouseholdTotals;
use crate::write::cells::{width_of, write_input, write_money, write_text};
use crate::write::style::Styles;
use crate::write::{print_setup, sheet_name_for_tier, table_name};

/// Columns every tier sheet begins with.
pub const LEADING: [&str; 8] = ["Client ID", "Name", "Score", "Scored Tier", "Tier", "Why", "Revenue", "Assets"];

/// Household totals, shown when tiering by household.
pub const HOUSEHOLD_COLUMNS: [&str; 2] = ["Household Revenue", "Household Assets"];

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

/// Writes the sheet of tier `t`, holding the clients in `rows`.
#[allow(clippy::too_many_arguments)]
pub fn write(
    book: &Book,
    seg: &Segmentation,
    changes: &[Vec<&Change>],
    households: Option<&HashMap<String, HouseholdTotals>>,
    t: usize,
    rows: &[usize],
    st: &Styles,
) -> Result<Worksheet, XlsxError> {
    let tier = &book.tiers[t];
    let mut ws = Worksheet::new();
    ws.set_name(sheet_name_for_tier(&tier.code))?;
    ws.set_tab_color(Color::RGB(TAB_COLORS[t.min(TAB_COLORS.len() - 1)]));
    let clients = &book.clients;
    let mut headers: Vec<String> = LEADING.iter().map(|s| s.to_string()).collect();
    // Household tiering shows the household's totals beside the member's own.
    let with_households = households.is_some();
    if with_households {
        headers.extend(HOUSEHOLD_COLUMNS.iter().map(|s| s.to_string()));
    }
    let groups_at = headers.len();
    headers.extend(book.groups.iter().map(|g| format!("Score: {g}")));
    let carried_at = headers.len();
    headers.extend(clients.carried.iter().map(|c| c.header.clone()));
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count() + 3).collect();

    for (r, &i) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        let client = &clients.rows[i];
        write_input(&mut ws, row, 0, &client.cells[clients.id_column], st)?;
        write_text(&mut ws, row, 1, &client.name, st)?;
        ws.write_number_with_format(row, 2, seg.scores[i].as_f64(), &st.number)?;
        ws.write_string(row, 3, &book.tiers[seg.scored_tier[i]].code)?;
        ws.write_string(row, 4, &book.tiers[seg.tier[i]].code)?;
        let why = why(book, seg, i, &changes[i]);
        ws.write_string(row, 5, &why)?;
        write_money(&mut ws, row, 6, client.revenue, st)?;
        write_money(&mut ws, row, 7, client.assets, st)?;
        if let (Some(totals), Some(h)) = (households, &client.household) {
            if let Some(t) = totals.get(&h.to_lowercase()) {
                write_money(&mut ws, row, 8, Some(t.revenue), st)?;
                write_money(&mut ws, row, 9, Some(t.assets), st)?;
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
            for (k, col) in clients.carried.iter().enumerate() {
                let w = &mut widths[carried_at + k];
                *w = (*w).max(width_of(&client.cells[col.index]));
            }
        }
    }

    let columns: Vec<TableColumn> = headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            let col = TableColumn::new().set_header(h);
            match c {
                6 | 7 => col.set_format(&st.money),
                8 | 9 if with_households => col.set_format(&st.money),
                _ => col,
            }
        })
        .collect();
    let last_row = rows.len().max(1) as u32;
    let table = Table::new()
        .set_name(table_name(&format!("Tier_{}", tier.code)))
        .set_style(TableStyle::Medium2)
        .set_columns(&columns);
    ws.add_table(0, 0, last_row, (headers.len() - 1) as u16, &table)?;

    widths[5] = 70;
    widths[6] = widths[6].max(12);
    widths[7] = widths[7].max(14);
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
