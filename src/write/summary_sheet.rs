//! The Summary sheet: the run's facts, per-tier totals, warnings and charts.

use rust_xlsxwriter::{Chart, ChartType, TableStyle, Worksheet, XlsxError};

use crate::totals::TierTotals;
use crate::write::cells::{write_figure, write_note, write_text};
use crate::write::layout::{declared_columns, place_table, print_setup, Kind, Print};
use crate::write::Context;

/// The per-tier table's columns; each tier's row writes exactly these.
const TIER_HEADERS: [(&str, Kind); 15] = [
    ("Tier", Kind::Text),
    ("Label", Kind::Text),
    ("Clients", Kind::Number),
    ("Scored", Kind::Number),
    ("Share of Clients", Kind::Percent),
    ("Assets", Kind::Money),
    ("Revenue", Kind::Money),
    ("Hours", Kind::Hours),
    ("Cost", Kind::Money),
    ("Margin", Kind::Money),
    ("Share of Time", Kind::Percent),
    ("Share of Revenue", Kind::Percent),
    ("Mean Score", Kind::Number),
    ("Borderline", Kind::Number),
    ("Unprofitable", Kind::Number),
];

/// The delivery table's columns.
const DELIVERY_HEADERS: [(&str, Kind); 5] = [
    ("Tier", Kind::Text),
    ("Clients", Kind::Number),
    ("Overdue", Kind::Number),
    ("On Track", Kind::Number),
    ("On Track Share", Kind::Percent),
];

/// Column widths, in characters.
const WIDTHS: [f64; 15] = [18.0, 22.0, 9.0, 9.0, 9.0, 15.0, 13.0, 9.0, 12.0, 13.0, 9.0, 9.0, 9.0, 11.0, 12.0];

/// Writes the Summary sheet.
pub fn write(cx: &Context) -> Result<Worksheet, XlsxError> {
    let (book, seg, st, facts, totals) = (cx.book, cx.seg, &cx.styles, cx.facts, &cx.analysis.totals);
    let mut ws = Worksheet::new();
    ws.set_name("Summary")?;
    let advisor = book.settings.advisor.as_deref().unwrap_or("");
    let title = if advisor.is_empty() { "Client tiers".to_string() } else { format!("Client tiers — {advisor}") };
    write_text(&mut ws, 0, 0, &title, st)?;
    ws.set_cell_format(0, 0, &st.title)?;

    let mut row = 2;
    let fact = |ws: &mut Worksheet, row: &mut u32, label: &str| -> Result<u32, XlsxError> {
        ws.write_string_with_format(*row, 0, label, &st.bold)?;
        *row += 1;
        Ok(*row - 1)
    };
    let r = fact(&mut ws, &mut row, "Advisor")?;
    write_text(&mut ws, r, 1, advisor, st)?;
    let r = fact(&mut ws, &mut row, "As of")?;
    ws.write_datetime_with_format(r, 1, book.settings.as_of, &st.date)?;
    let r = fact(&mut ws, &mut row, "Input file")?;
    write_text(&mut ws, r, 1, &facts.input, st)?;
    let r = fact(&mut ws, &mut row, "Template")?;
    write_text(&mut ws, r, 1, facts.template.as_deref().unwrap_or("none (the book's own sheets)"), st)?;
    let r = fact(&mut ws, &mut row, "Previous tiers")?;
    let previous = match &facts.previous {
        Some(p) => format!("from {p}"),
        None if seg.previous.iter().any(Option::is_some) => "from the Previous Tier column".to_string(),
        None => "none".to_string(),
    };
    write_text(&mut ws, r, 1, &previous, st)?;
    let r = fact(&mut ws, &mut row, "Clients")?;
    ws.write_number(r, 1, seg.len() as f64)?;
    let r = fact(&mut ws, &mut row, "Maximum score")?;
    write_figure(&mut ws, r, 1, seg.max_score.as_f64(), st)?;
    let r = fact(&mut ws, &mut row, "Exceptions")?;
    ws.write_number(r, 1, seg.exception_count() as f64)?;
    let r = fact(&mut ws, &mut row, "Input issues")?;
    ws.write_number(r, 1, cx.analysis.issues.len() as f64)?;
    let r = fact(&mut ws, &mut row, "Hourly cost")?;
    match book.settings.hourly_cost {
        Some(c) => ws.write_number_with_format(r, 1, c, &st.money).map(|_| ())?,
        None => ws.write_string(r, 1, "not set: costs count only each service's Cost Each").map(|_| ())?,
    }
    // For the record (which bytes made this report, with which tierbook),
    // in small type: the advisor reads the lines above.
    for (label, value) in [("tierbook version", &facts.version), ("Input SHA-256", &facts.sha256)] {
        ws.write_string_with_format(row, 0, label, &st.record)?;
        ws.write_string_with_format(row, 1, value, &st.record)?;
        row += 1;
    }

    let first = row + 1;
    for (k, (tier, t)) in book.tiers.iter().zip(totals.iter()).enumerate() {
        let r = first + 1 + k as u32;
        write_text(&mut ws, r, 0, &tier.code, st)?;
        write_text(&mut ws, r, 1, &tier.label, st)?;
        ws.write_number(r, 2, t.clients as f64)?;
        ws.write_number(r, 3, t.scored as f64)?;
        ws.write_number_with_format(r, 4, t.share, &st.percent)?;
        ws.write_with_format(r, 5, t.assets, &st.money)?;
        ws.write_with_format(r, 6, t.revenue, &st.money)?;
        ws.write_number_with_format(r, 7, t.hours, &st.hours)?;
        ws.write_number_with_format(r, 8, t.cost, &st.money)?;
        ws.write_with_format(r, 9, t.margin, &st.money)?;
        ws.write_number_with_format(r, 10, t.time_share, &st.percent)?;
        ws.write_with_format(r, 11, t.revenue_share, &st.percent)?;
        ws.write_number_with_format(r, 12, t.mean_score, &st.hours)?;
        ws.write_number(r, 13, t.borderline as f64)?;
        ws.write(r, 14, t.unprofitable.map(|u| u as f64))?;
    }
    let last = first + book.tiers.len() as u32;
    let tier_cols = declared_columns(&TIER_HEADERS, st);
    place_table(&mut ws, "Tiers", TableStyle::Medium2, (first, last), &tier_cols)?;
    // Totals are written as values under the table, not as a table total
    // row: LibreOffice misreads the SUBTOTAL formulas of table total rows.
    let total_row = last + 1;
    let sum = |f: fn(&TierTotals) -> f64| totals.iter().map(f).sum::<f64>();
    // A total of figures the book does not have is blank, like the figures.
    let sum_known = |f: fn(&TierTotals) -> Option<f64>| totals.iter().map(f).sum::<Option<f64>>();
    ws.write_string_with_format(total_row, 0, "Total", &st.bold)?;
    ws.write_number_with_format(total_row, 2, seg.len() as f64, &st.bold)?;
    ws.write_number_with_format(total_row, 3, seg.len() as f64, &st.bold)?;
    ws.write_number_with_format(total_row, 4, if seg.is_empty() { 0.0 } else { 1.0 }, &st.percent)?;
    ws.write_with_format(total_row, 5, sum_known(|t| t.assets), &st.money)?;
    ws.write_with_format(total_row, 6, sum_known(|t| t.revenue), &st.money)?;
    ws.write_number_with_format(total_row, 7, sum(|t| t.hours), &st.hours)?;
    ws.write_number_with_format(total_row, 8, sum(|t| t.cost), &st.money)?;
    ws.write_with_format(total_row, 9, sum_known(|t| t.margin), &st.money)?;
    ws.write_number(total_row, 13, sum(|t| t.borderline as f64))?;
    ws.write(total_row, 14, sum_known(|t| t.unprofitable.map(|u| u as f64)))?;

    let mut r = total_row + 2;
    if cx.plan.delivery.is_some() {
        ws.write_string_with_format(r, 0, "Delivery so far this year", &st.header)?;
        let top = r + 1;
        for (k, (tier, t)) in book.tiers.iter().zip(totals.iter()).enumerate() {
            let row = top + 1 + k as u32;
            write_text(&mut ws, row, 0, &tier.code, st)?;
            ws.write_number(row, 1, t.clients as f64)?;
            ws.write_number(row, 2, t.overdue as f64)?;
            ws.write_number(row, 3, t.on_track as f64)?;
            let share = if t.clients > 0 { t.on_track as f64 / t.clients as f64 } else { 1.0 };
            ws.write_number_with_format(row, 4, share, &st.percent)?;
        }
        let cols = declared_columns(&DELIVERY_HEADERS, st);
        let last = top + book.tiers.len() as u32;
        place_table(&mut ws, "Delivery", TableStyle::Medium4, (top, last), &cols)?;
        r = last + 2;
    }
    ws.write_string_with_format(r, 0, "Warnings", &st.header)?;
    r += 1;
    if cx.analysis.warnings.is_empty() {
        ws.write_string(
            r,
            0,
            "None: every tier is within its caps, every person within capacity, every input value read.",
        )?;
        r += 1;
    }
    for w in &cx.analysis.warnings {
        write_note(&mut ws, r, (0, 14), WIDTHS.iter().sum(), w, &st.warning_wrap)?;
        r += 1;
    }

    let chart_row = r + 1;
    let series = |chart: &mut Chart, col: u16| {
        chart
            .add_series()
            .set_name(("Summary", first, col))
            .set_categories(("Summary", first + 1, 0, last, 0))
            .set_values(("Summary", first + 1, col, last, col));
    };
    let mut clients_chart = Chart::new(ChartType::Column);
    clients_chart.title().set_name("Clients per tier");
    series(&mut clients_chart, 2);
    series(&mut clients_chart, 3);
    clients_chart.x_axis().set_name("Tier");
    clients_chart.y_axis().set_name("Clients");
    ws.insert_chart(chart_row, 0, &clients_chart)?;

    let mut share_chart = Chart::new(ChartType::Column);
    share_chart.title().set_name("Share of clients, time and revenue");
    series(&mut share_chart, 4);
    series(&mut share_chart, 10);
    series(&mut share_chart, 11);
    share_chart.y_axis().set_num_format("0%");
    ws.insert_chart(chart_row, 5, &share_chart)?;

    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_active(true);
    print_setup(&mut ws, Print::new(&title))?;
    Ok(ws)
}
