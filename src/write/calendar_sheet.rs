//! The Calendar sheet: monthly hours per person against capacity, and each
//! client's touches month by month.

use rust_xlsxwriter::{Chart, ChartType, Table, TableColumn, TableStyle, Worksheet, XlsxError};

use crate::plan::{ClientDelivery, Deliverer, MONTHS};
use crate::write::cells::{write_input, write_text};
use crate::write::{print_setup, rows_below, Context};

/// People drawn in the monthly-hours chart: more lines are unreadable.
const CHART_LINES: usize = 10;

/// Writes the Calendar sheet.
pub fn write(cx: &Context, mut ws: Worksheet) -> Result<Worksheet, XlsxError> {
    let (book, seg, st, cal) = (cx.book, cx.seg, &cx.styles, &cx.plan.calendar);
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
    // Each table goes in before its rows: in constant-memory mode rows are
    // written strictly in order.
    let cols: Vec<TableColumn> = headers.iter().map(|h| TableColumn::new().set_header(h)).collect();
    let loads_end = (top + cal.loads.len() as u32).max(top + 1);
    ws.add_table(
        top,
        0,
        loads_end,
        17,
        &Table::new().set_name("MonthlyHours").set_style(TableStyle::Medium11).set_columns(&cols),
    )?;
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

    row = loads_end + 2;
    if let Some(delivery) = &cx.plan.delivery {
        row = staff_delivery(cx, &mut ws, row, delivery)? + 2;
    }
    let clients_top = row;
    let mut headers: Vec<String> = vec!["Client ID".into(), "Name".into(), "Tier".into(), "Primary Contact".into()];
    let delivery = cx.plan.delivery.as_deref();
    if delivery.is_some() {
        headers.extend(["Next Review", "Next Contact", "Days Overdue", "On Track"].map(String::from));
    }
    let months_at = headers.len();
    headers.extend(months.iter().cloned());
    let clients = &book.clients;
    let mut cell: Vec<Vec<(usize, usize)>> = vec![Vec::new(); MONTHS];
    // The morning list: overdue clients first, top tier first, most overdue
    // first; then everyone else in the book's order.
    let mut order: Vec<usize> = (0..seg.len()).collect();
    if let Some(d) = delivery {
        order.sort_by_key(|&i| {
            let days = d[i].overdue_days();
            (days == 0, if days > 0 { seg.tier[i] } else { 0 }, std::cmp::Reverse(days), i)
        });
    }
    // A book at Excel's row limit leaves no room under the tables above; the
    // last row then says how many clients did not fit (every client is on
    // its tier sheet regardless).
    let left_out = order.len().saturating_sub(rows_below(clients_top));
    if left_out > 0 {
        order.truncate(rows_below(clients_top) - 1);
    }
    let cols: Vec<TableColumn> = headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            let col = TableColumn::new().set_header(h);
            if delivery.is_some() && (c == 4 || c == 5) {
                col.set_format(&st.date)
            } else {
                col
            }
        })
        .collect();
    ws.add_table(
        clients_top,
        0,
        (clients_top + (order.len() + usize::from(left_out > 0)) as u32).max(clients_top + 1),
        (headers.len() - 1) as u16,
        &Table::new().set_name("Touches").set_style(TableStyle::Medium11).set_columns(&cols),
    )?;
    for i in order {
        row += 1;
        let c = &clients.rows[i];
        write_input(&mut ws, row, 0, &c.cells[clients.id_column], st)?;
        write_text(&mut ws, row, 1, &c.name, st)?;
        ws.write_string(row, 2, &book.tiers[seg.tier[i]].code)?;
        write_text(&mut ws, row, 3, cx.contact_name(i), st)?;
        if let Some(d) = delivery.map(|d| &d[i]) {
            if let Some(n) = d.next_review {
                ws.write_datetime_with_format(row, 4, n, &st.date)?;
            }
            if let Some(n) = d.next_contact {
                ws.write_datetime_with_format(row, 5, n, &st.date)?;
            }
            ws.write_number(row, 6, d.overdue_days() as f64)?;
            ws.write_string(row, 7, if d.on_track() { "yes" } else { "no" })?;
        }
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
            ws.write_string(row, (months_at + m) as u16, text.join(", "))?;
        }
    }

    if left_out > 0 {
        row += 1;
        ws.write_string(
            row,
            0,
            format!("… and {} more clients than fit on one sheet: every client is on its tier sheet", left_out + 1),
        )?;
    }

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
    for c in 4..(months_at + MONTHS) as u16 {
        ws.set_column_width(c, 16)?;
    }
    ws.set_freeze_panes(clients_top + 1, 2)?;
    print_setup(&mut ws, "Calendar")?;
    Ok(ws)
}

/// Per staff member: touches due this year against those held, and the
/// share of their clients on track. Returns the last row written.
fn staff_delivery(cx: &Context, ws: &mut Worksheet, mut row: u32, d: &[ClientDelivery]) -> Result<u32, XlsxError> {
    let (book, st) = (cx.book, &cx.styles);
    #[derive(Default, Clone)]
    struct Tally {
        clients: usize,
        reviews_due: f64,
        reviews_held: f64,
        contacts_due: f64,
        contacts_held: f64,
        overdue: usize,
        on_track: usize,
    }
    // One more slot for clients with no primary contact.
    let mut tally = vec![Tally::default(); book.staff.len() + 1];
    for (i, x) in d.iter().enumerate() {
        let t = &mut tally[cx.plan.assignment.contact[i].unwrap_or(book.staff.len())];
        t.clients += 1;
        t.reviews_due += x.reviews_due;
        t.reviews_held += x.reviews_held;
        t.contacts_due += x.contacts_due;
        t.contacts_held += x.contacts_held;
        t.overdue += usize::from(x.overdue_days() > 0);
        t.on_track += usize::from(x.on_track());
    }
    let top = row;
    let headers = [
        "Primary Contact",
        "Clients",
        "Reviews Due YTD",
        "Reviews Held YTD",
        "Contacts Due YTD",
        "Contacts Held YTD",
        "Overdue",
        "On Track",
        "On Track Share",
    ];
    let cols: Vec<TableColumn> = headers.iter().map(|h| TableColumn::new().set_header(*h)).collect();
    let shown = tally.iter().filter(|t| t.clients > 0).count() as u32;
    let last = (top + shown).max(top + 1);
    ws.add_table(
        top,
        0,
        last,
        8,
        &Table::new().set_name("DeliveryByStaff").set_style(TableStyle::Medium11).set_columns(&cols),
    )?;
    for (k, t) in tally.iter().enumerate() {
        if t.clients == 0 {
            continue;
        }
        row += 1;
        let name = book.staff.get(k).map_or("No primary contact", |s| s.name.as_str());
        write_text(ws, row, 0, name, st)?;
        ws.write_number(row, 1, t.clients as f64)?;
        ws.write_number(row, 2, t.reviews_due)?;
        ws.write_number(row, 3, t.reviews_held)?;
        ws.write_number(row, 4, t.contacts_due)?;
        ws.write_number(row, 5, t.contacts_held)?;
        ws.write_number(row, 6, t.overdue as f64)?;
        ws.write_number(row, 7, t.on_track as f64)?;
        ws.write_number_with_format(row, 8, t.on_track as f64 / t.clients as f64, &st.percent)?;
    }
    Ok(last)
}
