//! The Calendar sheet: monthly hours per person against capacity, and each
//! client's touches month by month.

use rust_xlsxwriter::{Chart, ChartType, Table, TableColumn, TableStyle, Worksheet, XlsxError};

use crate::plan::{Deliverer, MONTHS};
use crate::write::cells::{write_input, write_text};
use crate::write::{print_setup, Context};

/// People drawn in the monthly-hours chart: more lines are unreadable.
const CHART_LINES: usize = 10;

/// Writes the Calendar sheet.
pub fn write(cx: &Context) -> Result<Worksheet, XlsxError> {
    let (book, seg, st, cal) = (cx.book, cx.seg, &cx.styles, &cx.plan.calendar);
    let mut ws = Worksheet::new();
    ws.set_name("Calendar")?;
    ws.write_string_with_format(0, 0, "Calendar", &st.title)?;
    ws.write_string(
        1,
        0,
        format!(
            "The year from {} to {}: each service spaced evenly through the year, start months chosen to keep each person's months level.",
            cal.month_label(0),
            cal.month_label(MONTHS - 1)
        ),
    )?;
    let months: Vec<String> = (0..MONTHS).map(|m| cal.month_label(m)).collect();

    let top = 3u32;
    let mut row = top;
    let mut headers: Vec<String> = vec!["Who".into(), "Role".into(), "Capacity per Month".into()];
    headers.extend(months.iter().cloned());
    headers.extend(["Peak", "Low", "Spread"].map(String::from));
    for (who, load) in &cal.loads {
        row += 1;
        let (name, role, cap) = match who {
            Deliverer::Staff(k) => {
                (book.staff[*k].name.clone(), book.staff[*k].role.clone(), Some(book.staff[*k].capacity / 12.0))
            }
            Deliverer::Role(r) => (format!("All {r} staff"), r.clone(), None),
            Deliverer::Unassigned => ("No primary contact".to_string(), String::new(), None),
        };
        write_text(&mut ws, row, 0, &name, st)?;
        write_text(&mut ws, row, 1, &role, st)?;
        if let Some(c) = cap {
            ws.write_number_with_format(row, 2, c, &st.hours)?;
        }
        for (m, h) in load.iter().enumerate() {
            ws.write_number_with_format(row, (3 + m) as u16, *h, &st.hours)?;
        }
        let peak = load.iter().copied().fold(f64::MIN, f64::max);
        let low = load.iter().copied().fold(f64::MAX, f64::min);
        ws.write_number_with_format(row, 15, peak, &st.hours)?;
        ws.write_number_with_format(row, 16, low, &st.hours)?;
        ws.write_number_with_format(row, 17, peak - low, &st.hours)?;
    }
    let cols: Vec<TableColumn> = headers.iter().map(|h| TableColumn::new().set_header(h)).collect();
    let loads_end = row.max(top + 1);
    ws.add_table(
        top,
        0,
        loads_end,
        17,
        &Table::new().set_name("MonthlyHours").set_style(TableStyle::Medium11).set_columns(&cols),
    )?;

    row = loads_end + 2;
    let clients_top = row;
    let mut headers: Vec<String> = vec!["Client ID".into(), "Name".into(), "Tier".into(), "Primary Contact".into()];
    headers.extend(months.iter().cloned());
    let clients = &book.clients;
    let mut cell: Vec<Vec<(usize, usize)>> = vec![Vec::new(); MONTHS];
    for i in 0..seg.len() {
        row += 1;
        let c = &clients.rows[i];
        write_input(&mut ws, row, 0, &c.cells[clients.id_column], st)?;
        write_text(&mut ws, row, 1, &c.name, st)?;
        ws.write_string(row, 2, &book.tiers[seg.tier[i]].code)?;
        write_text(&mut ws, row, 3, cx.contact_name(i), st)?;
        for v in cell.iter_mut() {
            v.clear();
        }
        for s in 0..book.services.len() {
            for m in cal.months(seg, i, s) {
                match cell[m].iter_mut().find(|(x, _)| *x == s) {
                    Some(e) => e.1 += 1,
                    None => cell[m].push((s, 1)),
                }
            }
        }
        for (m, touches) in cell.iter().enumerate() {
            if touches.is_empty() {
                continue;
            }
            let text: Vec<String> = touches
                .iter()
                .map(
                    |&(s, k)| {
                        if k > 1 {
                            format!("{} ×{k}", book.services[s].name)
                        } else {
                            book.services[s].name.clone()
                        }
                    },
                )
                .collect();
            ws.write_string(row, (4 + m) as u16, text.join(", "))?;
        }
    }
    let cols: Vec<TableColumn> = headers.iter().map(|h| TableColumn::new().set_header(h)).collect();
    ws.add_table(
        clients_top,
        0,
        row.max(clients_top + 1),
        15,
        &Table::new().set_name("Touches").set_style(TableStyle::Medium11).set_columns(&cols),
    )?;

    let staff_rows: Vec<u32> = cal
        .loads
        .iter()
        .enumerate()
        .filter(|(_, (w, _))| matches!(w, Deliverer::Staff(_)))
        .map(|(k, _)| top + 1 + k as u32)
        .take(CHART_LINES)
        .collect();
    if !staff_rows.is_empty() {
        let mut chart = Chart::new(ChartType::Line);
        chart.title().set_name("Monthly hours per person");
        for r in staff_rows {
            chart
                .add_series()
                .set_name(("Calendar", r, 0))
                .set_categories(("Calendar", top, 3, top, 14))
                .set_values(("Calendar", r, 3, r, 14));
        }
        chart.y_axis().set_name("Hours");
        ws.insert_chart(1, 19, &chart)?;
    }
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 22)?;
    ws.set_column_width(2, 10)?;
    ws.set_column_width(3, 18)?;
    for c in 4..16 {
        ws.set_column_width(c, 16)?;
    }
    ws.set_freeze_panes(clients_top + 1, 2)?;
    print_setup(&mut ws, "Calendar")?;
    Ok(ws)
}
