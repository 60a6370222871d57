//! `portfolio.xlsx`: the coach's roll-up — one row per advisor, charts
//! comparing them, the alerts to act on, and every book's last result.

use std::path::Path;

use rust_xlsxwriter::{Chart, ChartType, TableColumn, TableStyle, Workbook, Worksheet, XlsxError};

use crate::batch::portfolio::{BookResult, Rollup, Status};
use crate::batch::run_report::status_text;
use crate::error::Error;
use crate::write::cells::write_text;
use crate::write::layout::place_table;
use crate::write::style::Styles;
use crate::write::{print_setup, save_atomically};

/// Writes the roll-up to `out` atomically.
pub fn write_portfolio(rollup: &Rollup, results: &[BookResult], out: &Path) -> Result<(), Error> {
    let fail = |e: XlsxError| Error::Write { path: out.to_path_buf(), detail: e.to_string() };
    let st = Styles::new("");
    let mut wb = Workbook::new();
    wb.push_worksheet(advisors(rollup, &st).map_err(fail)?);
    wb.push_worksheet(alerts(rollup, &st).map_err(fail)?);
    wb.push_worksheet(books(results, &st).map_err(fail)?);
    save_atomically(&mut wb, out)
}

fn advisors(r: &Rollup, st: &Styles) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Advisors")?;
    let mut headers: Vec<String> = ["Advisor", "Books", "Failed", "Clients"].map(String::from).to_vec();
    let shares_at = headers.len();
    headers.extend(r.tier_codes.iter().map(|c| format!("Tier {c} Share")));
    let rest_at = headers.len();
    headers.extend(["Exceptions Rate", "Unprofitable Share", "Staff Utilisation", "Warnings"].map(String::from));
    for (k, a) in r.advisors.iter().enumerate() {
        let row = k as u32 + 1;
        write_text(&mut ws, row, 0, &a.advisor, st)?;
        ws.write_number(row, 1, a.books as f64)?;
        ws.write_number(row, 2, a.failed as f64)?;
        ws.write_number(row, 3, a.clients as f64)?;
        for (t, n) in a.tier_clients.iter().enumerate() {
            let share = if a.clients > 0 { *n as f64 / a.clients as f64 } else { 0.0 };
            ws.write_number_with_format(row, (shares_at + t) as u16, share, &st.percent)?;
        }
        let c = rest_at as u16;
        ws.write_number_with_format(row, c, a.exceptions_rate(), &st.percent)?;
        // Blank, not 0 %, when no book of the advisor has revenue to tell.
        if let Some(share) = a.unprofitable_share() {
            ws.write_number_with_format(row, c + 1, share, &st.percent)?;
        }
        ws.write_number_with_format(row, c + 2, a.utilisation(), &st.percent)?;
        ws.write_number(row, c + 3, a.warnings as f64)?;
    }
    let last = r.advisors.len().max(1) as u32;
    let cols: Vec<TableColumn> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let col = TableColumn::new().set_header(h);
            if i >= shares_at && i < rest_at + 3 {
                col.set_format(&st.percent)
            } else {
                col
            }
        })
        .collect();
    place_table(&mut ws, "Advisors", TableStyle::Medium2, (0, last), &cols)?;
    if !r.advisors.is_empty() {
        // A night on which no book was tiered has no tiers to chart (and a
        // chart of no series would lose the whole roll-up).
        if !r.tier_codes.is_empty() {
            let mut mix = Chart::new(ChartType::BarPercentStacked);
            mix.title().set_name("Tier mix by advisor");
            for t in 0..r.tier_codes.len() {
                let c = (shares_at + t) as u16;
                mix.add_series()
                    .set_name(("Advisors", 0, c))
                    .set_categories(("Advisors", 1, 0, last, 0))
                    .set_values(("Advisors", 1, c, last, c));
            }
            ws.insert_chart(last + 2, 0, &mix)?;
        }
        let mut health = Chart::new(ChartType::Column);
        health.title().set_name("Exceptions, unprofitable share and utilisation");
        for k in 0..3u16 {
            let c = rest_at as u16 + k;
            health
                .add_series()
                .set_name(("Advisors", 0, c))
                .set_categories(("Advisors", 1, 0, last, 0))
                .set_values(("Advisors", 1, c, last, c));
        }
        health.y_axis().set_num_format("0%");
        ws.insert_chart(last + 2, 6, &health)?;
    }
    ws.set_column_width(0, 28)?;
    for c in 1..headers.len() as u16 {
        ws.set_column_width(c, 14)?;
    }
    ws.set_freeze_panes(1, 1)?;
    print_setup(&mut ws, "Advisors")?;
    Ok(ws)
}

fn alerts(r: &Rollup, st: &Styles) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Alerts")?;
    for (k, a) in r.alerts.iter().enumerate() {
        let row = k as u32 + 1;
        write_text(&mut ws, row, 0, &a.advisor, st)?;
        write_text(&mut ws, row, 1, a.kind, st)?;
        write_text(&mut ws, row, 2, &a.detail, st)?;
    }
    let cols: Vec<TableColumn> =
        ["Advisor", "Alert", "Detail"].iter().map(|h| TableColumn::new().set_header(*h)).collect();
    place_table(&mut ws, "Alerts", TableStyle::Medium3, (0, r.alerts.len() as u32), &cols)?;
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 22)?;
    ws.set_column_width(2, 90)?;
    ws.set_freeze_panes(1, 0)?;
    print_setup(&mut ws, "Alerts")?;
    Ok(ws)
}

fn books(results: &[BookResult], st: &Styles) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name("Books")?;
    let headers = [
        "Book",
        "Advisor",
        "Status",
        "Error",
        "Advisor Note",
        "Clients",
        "Exceptions",
        "Unprofitable",
        "Warnings",
        "Report",
    ];
    for (k, r) in results.iter().enumerate() {
        let row = k as u32 + 1;
        write_text(&mut ws, row, 0, &r.book, st)?;
        write_text(&mut ws, row, 1, &r.advisor, st)?;
        write_text(&mut ws, row, 2, &status_text(r), st)?;
        write_text(&mut ws, row, 3, &r.error, st)?;
        write_text(&mut ws, row, 4, &r.advisor_note, st)?;
        // A book without a report tonight shows no figures: blank, not 0
        // and not last night's.
        if r.status.is_some_and(Status::reported) {
            ws.write_number(row, 5, r.metrics.clients as f64)?;
            ws.write_number(row, 6, r.metrics.exceptions as f64)?;
            if let Some(n) = r.metrics.unprofitable {
                ws.write_number(row, 7, n as f64)?;
            }
            ws.write_number(row, 8, r.metrics.warnings.len() as f64)?;
            write_text(&mut ws, row, 9, &r.report, st)?;
        }
    }
    let cols: Vec<TableColumn> = headers.iter().map(|h| TableColumn::new().set_header(*h)).collect();
    place_table(&mut ws, "Books", TableStyle::Medium9, (0, results.len() as u32), &cols)?;
    for (c, w) in [36, 24, 30, 60, 40, 9, 11, 13, 10, 40].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 1)?;
    print_setup(&mut ws, "Books")?;
    Ok(ws)
}
