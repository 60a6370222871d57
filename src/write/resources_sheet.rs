//! The Resources sheet: hours and cost to serve each tier against its
//! revenue, each person's load against capacity, and the gap.

use rust_xlsxwriter::{Chart, ChartLine, ChartLineDashType, ChartType, Color, TableStyle, Worksheet, XlsxError};

use crate::write::cells::{write_figure, write_note, write_text};
use crate::write::layout::{declared_columns, place_table, print_setup, Kind, Print};
use crate::write::Context;

/// The per-tier table's columns.
const TIER_HEADERS: [(&str, Kind); 12] = [
    ("Tier", Kind::Text),
    ("Clients", Kind::Number),
    ("Hours per Client", Kind::Hours),
    ("Hours", Kind::Hours),
    ("Cost", Kind::Money),
    ("Revenue", Kind::Money),
    ("Margin", Kind::Money),
    ("Revenue per Hour", Kind::Money),
    ("Share of Clients", Kind::Percent),
    ("Share of Time", Kind::Percent),
    ("Share of Revenue", Kind::Percent),
    ("Unprofitable", Kind::Number),
];

/// The per-person table's columns.
const STAFF_HEADERS: [(&str, Kind); 11] = [
    ("Name", Kind::Text),
    ("Role", Kind::Text),
    ("Tiers", Kind::Text),
    ("Tenure Years", Kind::Number),
    ("Clients", Kind::Number),
    ("Primary Hours", Kind::Hours),
    ("Role Hours", Kind::Hours),
    ("Hours Required", Kind::Hours),
    ("Capacity", Kind::Hours),
    ("Utilisation", Kind::Percent),
    ("Over By", Kind::Hours),
];

/// Staff shown in the utilisation chart: more bars than this are unreadable.
const CHART_STAFF: usize = 40;

/// Column widths, in characters.
const WIDTHS: [f64; 12] = [22.0, 12.0, 10.0, 9.0, 11.0, 12.0, 13.0, 10.0, 10.0, 10.0, 10.0, 12.0];

/// Writes the Resources sheet.
pub fn write(cx: &Context) -> Result<Worksheet, XlsxError> {
    let (book, st, plan) = (cx.book, &cx.styles, cx.plan);
    let a = &plan.assignment;
    let mut ws = Worksheet::new();
    ws.set_name("Resources")?;
    ws.write_string_with_format(0, 0, "Resources", &st.title)?;

    let top = 2u32;
    let mut row = top;
    for (t, tier) in book.tiers.iter().enumerate() {
        row += 1;
        let x = &cx.analysis.totals[t];
        write_text(&mut ws, row, 0, &tier.code, st)?;
        ws.write_number(row, 1, x.clients as f64)?;
        ws.write_number_with_format(row, 2, plan.tier_cost[t].hours, &st.hours)?;
        ws.write_number_with_format(row, 3, x.hours, &st.hours)?;
        ws.write_number_with_format(row, 4, x.cost, &st.money)?;
        ws.write_with_format(row, 5, x.revenue, &st.money)?;
        ws.write_with_format(row, 6, x.margin, &st.money)?;
        if let (true, Some(revenue)) = (x.hours > 0.0, x.revenue) {
            ws.write_number_with_format(row, 7, revenue / x.hours, &st.money)?;
        }
        ws.write_number_with_format(row, 8, x.share, &st.percent)?;
        ws.write_number_with_format(row, 9, x.time_share, &st.percent)?;
        ws.write_with_format(row, 10, x.revenue_share, &st.percent)?;
        ws.write(row, 11, x.unprofitable.map(|u| u as f64))?;
    }
    let cols = declared_columns(&TIER_HEADERS, st);
    place_table(&mut ws, "TierResources", TableStyle::Medium6, (top, row), &cols)?;

    row += 2;
    let staff_top = row;
    for (k, s) in book.staff.iter().enumerate() {
        row += 1;
        let l = &a.load[k];
        write_text(&mut ws, row, 0, &s.name, st)?;
        write_text(&mut ws, row, 1, &s.role, st)?;
        let codes: Vec<&str> = s.tiers.iter().map(|&t| book.tiers[t].code.as_str()).collect();
        write_text(&mut ws, row, 2, &codes.join(", "), st)?;
        write_figure(&mut ws, row, 3, s.tenure, st)?;
        ws.write_number(row, 4, l.clients as f64)?;
        ws.write_number_with_format(row, 5, l.primary_hours, &st.hours)?;
        ws.write_number_with_format(row, 6, l.role_hours, &st.hours)?;
        ws.write_number_with_format(row, 7, l.total(), &st.hours)?;
        ws.write_number_with_format(row, 8, s.capacity, &st.hours)?;
        if s.capacity > 0.0 {
            ws.write_number_with_format(row, 9, l.total() / s.capacity, &st.percent)?;
        }
        ws.write_number_with_format(row, 10, (l.total() - s.capacity).max(0.0), &st.hours)?;
    }
    if book.staff.is_empty() {
        // No table of no one: one line saying what is missing.
        ws.write_string_with_format(
            row,
            0,
            "No Staff sheet: add one (Name, Role, Tiers, Capacity Hours, Tenure Years) to assign contacts and check capacity.",
            &st.warning,
        )?;
    } else {
        let cols = declared_columns(&STAFF_HEADERS, st);
        place_table(&mut ws, "StaffLoad", TableStyle::Medium6, (staff_top, row), &cols)?;
    }

    // The gap and what would close it.
    row += 2;
    ws.write_string_with_format(row, 0, "Capacity", &st.header)?;
    let crate::capacity::Capacity { demand, capacity, over, suggestions } = &cx.analysis.capacity;
    let (demand, capacity, over) = (*demand, *capacity, *over);
    let lines: [(&str, f64); 4] = [
        ("Hours required a year", demand),
        ("Staff capacity a year", capacity),
        ("Team gap (required less capacity)", (demand - capacity).max(0.0)),
        ("Hours over capacity, person by person", over),
    ];
    // Without a Staff sheet there is no capacity to set against, and the
    // gap lines would read as if the team had none.
    let shown_lines = if book.staff.is_empty() { &lines[..1] } else { &lines[..] };
    for (label, v) in shown_lines {
        row += 1;
        ws.write_string_with_format(row, 0, *label, &st.bold)?;
        ws.write_number_with_format(row, 3, *v, &st.hours)?;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "What would close it", &st.bold)?;
    for s in suggestions {
        row += 1;
        write_note(&mut ws, row, (0, 11), WIDTHS.iter().sum(), s, &st.wrap)?;
    }

    if !book.staff.is_empty() {
        let shown = book.staff.len().min(CHART_STAFF) as u32;
        let mut chart = Chart::new(ChartType::Bar);
        chart.title().set_name("Staff utilisation (red line: full capacity)");
        chart
            .add_series()
            .set_name("Utilisation")
            .set_categories(("Resources", staff_top + 1, 0, staff_top + shown, 0))
            .set_values(("Resources", staff_top + 1, 9, staff_top + shown, 9));
        // The 100 % line: the value axis has a major gridline only every
        // 100 %, drawn red and dashed; quarters are faint minor gridlines.
        let most = book
            .staff
            .iter()
            .zip(&a.load)
            .filter(|(s, _)| s.capacity > 0.0)
            .map(|(s, l)| l.total() / s.capacity)
            .fold(1.0, f64::max);
        let axis = chart.x_axis();
        // A quarter past the busiest person, so the one red line is 100 %.
        let top = ((most * 4.0).floor() + 1.0) / 4.0;
        axis.set_num_format("0%").set_min(0.0).set_max(top.min(10.0)).set_major_unit(1.0).set_minor_unit(0.25);
        axis.set_major_gridlines(true).set_major_gridlines_line(
            ChartLine::new().set_color(Color::RGB(0xC00000)).set_width(1.5).set_dash_type(ChartLineDashType::Dash),
        );
        axis.set_minor_gridlines(true).set_minor_gridlines_line(ChartLine::new().set_color(Color::RGB(0xD9D9D9)));
        chart.legend().set_hidden();
        // A bar a person: taller for a bigger team, so every name shows.
        chart.set_height((80 + 18 * shown).max(288));
        // Below everything written, so it covers no figure on screen or paper.
        ws.insert_chart(row + 2, 0, &chart)?;
    }
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    print_setup(&mut ws, Print::new("Resources"))?;
    Ok(ws)
}
