//! The Calendar sheet: monthly hours per person against capacity, and each
//! client's touches month by month.

use rust_xlsxwriter::{Chart, ChartType, TableStyle, Worksheet, XlsxError};

use crate::plan::{Deliverer, StaffDelivery, MONTHS};
use crate::write::cells::{fit_row, input_kind, wrapped_lines, write_figure, write_input, write_text, write_wrapped};
use crate::write::layout::{columns, place_table, print_setup, Kind, Print};
use crate::write::{Context, Fit};

/// People drawn in the monthly-hours chart: more lines are unreadable.
const CHART_LINES: usize = 10;

/// Rows kept free for the monthly-hours chart (288 pixels at the default
/// 20-pixel row): it sits between the tables, over no cell.
const CHART_ROWS: u32 = 16;

/// Width of a month's column of touches, wrapped.
const MONTH_WIDTH: f64 = 14.0;

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
    let mut kinds = vec![Kind::Text, Kind::Text];
    kinds.resize(headers.len(), Kind::Hours);
    let cols = columns(&headers, &kinds, st);
    let loads_end = (top + cal.loads.len() as u32).max(top + 1);
    place_table(&mut ws, "MonthlyHours", TableStyle::Medium11, (top, loads_end), &cols)?;
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

    let staff_rows: Vec<u32> = cal
        .loads
        .iter()
        .enumerate()
        .filter(|(_, (w, _))| matches!(w, Deliverer::Staff(_)))
        .map(|(k, _)| top + 1 + k as u32)
        .take(CHART_LINES)
        .collect();
    row = loads_end + 2;
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
        // From column C: printed two pages wide, columns A:B repeat on the
        // second page, and a chart reaching into them would be cut there.
        chart.set_width(600);
        ws.insert_chart(row, 2, &chart)?;
        row += CHART_ROWS;
    }
    if let Some(tally) = &cx.analysis.delivery_by_staff {
        row = staff_delivery(cx, &mut ws, row, tally)? + 2;
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
    let order = &cx.analysis.calendar_order;
    // A book at Excel's row limit leaves no room under the tables above; the
    // last row then says how many clients did not fit (every client is on
    // its tier sheet regardless).
    let fit = Fit::new(clients_top, order.len());
    let order = &order[..fit.shown];
    let id_kind = input_kind(order.iter().take(2000).map(|&i| &clients.rows[i].cells[clients.id_column]));
    let mut kinds = vec![id_kind, Kind::Text, Kind::Centered, Kind::Text];
    if delivery.is_some() {
        kinds.extend([Kind::Date, Kind::Date, Kind::Number, Kind::Centered]);
    }
    kinds.resize(headers.len(), Kind::Text);
    let cols = columns(&headers, &kinds, st);
    place_table(&mut ws, "Touches", TableStyle::Medium11, (clients_top, fit.last_row()), &cols)?;
    for &i in order {
        row += 1;
        let c = &clients.rows[i];
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
        // "Review, Call ×2": one string a month, built in place (a million
        // clients make twelve million of them).
        let texts: Vec<String> = cell
            .iter()
            .map(|touches| {
                let mut text = String::new();
                for (n, &(s, k)) in touches.iter().enumerate() {
                    if n > 0 {
                        text.push_str(", ");
                    }
                    text.push_str(&book.services[s].name);
                    if k > 1 {
                        text.push_str(" ×");
                        text.push_str(&k.to_string());
                    }
                }
                text
            })
            .collect();
        // The row's height first: a streamed row cannot change once written.
        fit_row(&mut ws, row, texts.iter().map(|t| wrapped_lines(t, MONTH_WIDTH)).max().unwrap_or(1))?;
        write_input(&mut ws, row, 0, &c.cells[clients.id_column], st)?;
        write_text(&mut ws, row, 1, &c.name, st)?;
        ws.write_string_with_format(row, 2, &book.tiers[seg.tier[i]].code, &st.center)?;
        write_text(&mut ws, row, 3, cx.contact_name(i), st)?;
        if let Some(d) = delivery.map(|d| &d[i]) {
            if let Some(n) = d.next_review {
                ws.write_datetime_with_format(row, 4, n, &st.date_cell)?;
            }
            if let Some(n) = d.next_contact {
                ws.write_datetime_with_format(row, 5, n, &st.date_cell)?;
            }
            ws.write_number(row, 6, d.overdue_days() as f64)?;
            ws.write_string_with_format(row, 7, if d.on_track() { "yes" } else { "no" }, &st.center)?;
        }
        for (m, text) in texts.iter().enumerate() {
            write_wrapped(&mut ws, row, (months_at + m) as u16, text, st)?;
        }
    }

    if fit.left_out > 0 {
        row += 1;
        ws.write_string(
            row,
            0,
            format!("… and {} more clients than fit on one sheet: every client is on its tier sheet", fit.left_out),
        )?;
    }

    // The first columns are shared by the tables above (names of people)
    // and the grid (IDs and names of clients); the month columns wrap.
    let longest = cx.book.staff.iter().map(|s| s.name.chars().count() + 1).max().unwrap_or(0);
    // Column A holds staff names above and client IDs below; column D the
    // clients' primary contacts.
    let names = (longest as f64).clamp(18.0, 30.0);
    for (c, w) in [names, 20.0, 10.0, (longest as f64).clamp(14.0, 30.0)].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for c in 4..months_at as u16 {
        ws.set_column_width(c, 11)?;
    }
    for c in months_at as u16..(months_at + MONTHS) as u16 {
        ws.set_column_width(c, MONTH_WIDTH)?;
    }
    ws.set_freeze_panes(clients_top + 1, 2)?;
    // Twelve months of touches do not fit one page at a readable size: the
    // grid prints two pages wide (each client's row continued on the next
    // page, ID and name repeated), header row on every page.
    print_setup(
        &mut ws,
        Print { repeat_columns: Some((0, 1)), pages_wide: 2, ..Print::new("Calendar").header_row(clients_top) },
    )?;
    Ok(ws)
}

/// Per staff member: touches due this year against those held, and the
/// share of their clients on track. Returns the last row written.
fn staff_delivery(cx: &Context, ws: &mut Worksheet, mut row: u32, tally: &[StaffDelivery]) -> Result<u32, XlsxError> {
    let (book, st) = (cx.book, &cx.styles);
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
    let mut kinds = vec![Kind::Number; headers.len()];
    kinds[0] = Kind::Text;
    kinds[8] = Kind::Percent;
    let cols = columns(&headers, &kinds, st);
    let shown = tally.iter().filter(|t| t.clients > 0).count() as u32;
    let last = (top + shown).max(top + 1);
    place_table(ws, "DeliveryByStaff", TableStyle::Medium11, (top, last), &cols)?;
    for (k, t) in tally.iter().enumerate() {
        if t.clients == 0 {
            continue;
        }
        row += 1;
        let name = book.staff.get(k).map_or("No primary contact", |s| s.name.as_str());
        write_text(ws, row, 0, name, st)?;
        ws.write_number(row, 1, t.clients as f64)?;
        write_figure(ws, row, 2, t.reviews_due, st)?;
        write_figure(ws, row, 3, t.reviews_held, st)?;
        write_figure(ws, row, 4, t.contacts_due, st)?;
        write_figure(ws, row, 5, t.contacts_held, st)?;
        ws.write_number(row, 6, t.overdue as f64)?;
        ws.write_number(row, 7, t.on_track as f64)?;
        ws.write_number_with_format(row, 8, t.on_track as f64 / t.clients as f64, &st.percent)?;
    }
    Ok(last)
}
