//! The Service Grid sheet: what each tier gets, who delivers it, and what a
//! client of each tier costs in a year.

use rust_xlsxwriter::{TableStyle, Worksheet, XlsxError};

use crate::model::Provision;
use crate::write::cells::{fit_row, wrapped_lines, write_figure, write_text, write_wrapped};
use crate::write::layout::{columns, declared_columns, place_table, print_setup, Kind, Print};
use crate::write::Context;

/// Width of a tier's column (and of the cost table's figures below).
const TIER_WIDTH: f64 = 13.0;

/// The cost table's columns.
const COST_HEADERS: [(&str, Kind); 9] = [
    ("Tier", Kind::Text),
    ("Primary Contact Role", Kind::Text),
    ("Touches a Year", Kind::Number),
    ("Hours per Client", Kind::Hours),
    ("Cost per Client", Kind::Money),
    ("Of Which Out of Pocket", Kind::Money),
    ("Clients", Kind::Number),
    ("Hours", Kind::Hours),
    ("Cost", Kind::Money),
];

/// Writes the Service Grid sheet.
pub fn write(cx: &Context) -> Result<Worksheet, XlsxError> {
    let (book, st) = (cx.book, &cx.styles);
    let mut ws = Worksheet::new();
    ws.set_name("Service Grid")?;
    ws.write_string_with_format(0, 0, "Service grid", &st.title)?;
    let note = if book.default_services {
        "Default plan: the book has no Services sheet. Add one (Service, Category, one column per tier, Hours Each, Cost Each, Delivered By) to write your own."
    } else {
        "From the book's Services sheet. Counts are per client per year; text is a standard."
    };
    ws.write_string(1, 0, note)?;

    let nt = book.tiers.len();
    let top = 3u32;
    let mut headers: Vec<String> = vec!["Service".into(), "Category".into()];
    headers.extend(book.tiers.iter().map(|t| t.code.clone()));
    headers.extend(["Hours Each", "Cost Each", "Delivered By"].map(String::from));
    let mut kinds = vec![Kind::Text, Kind::Text];
    kinds.extend(book.tiers.iter().map(|_| Kind::Centered));
    kinds.extend([Kind::Number, Kind::Money, Kind::Text]);
    let mut row = top;
    for s in &book.services {
        row += 1;
        let lines = s.per_tier.iter().map(|p| match p {
            Provision::Standard(text) => wrapped_lines(text, TIER_WIDTH),
            _ => 1,
        });
        fit_row(&mut ws, row, lines.max().unwrap_or(1))?;
        write_text(&mut ws, row, 0, &s.name, st)?;
        write_text(&mut ws, row, 1, &s.category, st)?;
        for (t, p) in s.per_tier.iter().enumerate() {
            let col = (2 + t) as u16;
            match p {
                Provision::PerYear(n) => ws.write_number_with_format(row, col, *n, &st.center).map(|_| ())?,
                Provision::Standard(text) => write_centered(&mut ws, row, col, text, st)?,
                Provision::None => {}
            }
        }
        write_figure(&mut ws, row, (2 + nt) as u16, s.hours_each, st)?;
        ws.write_number_with_format(row, (3 + nt) as u16, s.cost_each, &st.money)?;
        write_text(&mut ws, row, (4 + nt) as u16, s.delivered_by.as_deref().unwrap_or("primary contact"), st)?;
    }
    row += 1;
    let roles = book.tiers.iter().map(|t| t.primary_contact_role.as_deref().unwrap_or("any staff serving the tier"));
    fit_row(&mut ws, row, roles.map(|r| wrapped_lines(r, TIER_WIDTH)).max().unwrap_or(1))?;
    ws.write_string(row, 0, "Primary contact")?;
    ws.write_string(row, 1, "Team")?;
    for (t, tier) in book.tiers.iter().enumerate() {
        write_centered(
            &mut ws,
            row,
            (2 + t) as u16,
            tier.primary_contact_role.as_deref().unwrap_or("any staff serving the tier"),
            st,
        )?;
    }
    row += 1;
    ws.write_string(row, 0, "Invited to appreciation events")?;
    ws.write_string(row, 1, "Appreciation")?;
    for t in 0..nt {
        let invited = book
            .services
            .iter()
            .any(|s| s.category.eq_ignore_ascii_case("appreciation") && s.per_tier[t].per_year() > 0.0);
        ws.write_string_with_format(row, (2 + t) as u16, if invited { "yes" } else { "no" }, &st.center)?;
    }
    let grid_cols = columns(&headers, &kinds, st);
    place_table(&mut ws, "ServiceGrid", TableStyle::Medium4, (top, row), &grid_cols)?;

    row += 2;
    let totals_top = row;
    for (t, tier) in book.tiers.iter().enumerate() {
        row += 1;
        let c = &cx.plan.tier_cost[t];
        let touches: f64 = book.services.iter().map(|s| s.per_tier[t].per_year()).sum();
        let clients = cx.analysis.totals[t].clients;
        write_text(&mut ws, row, 0, &tier.code, st)?;
        write_text(&mut ws, row, 1, tier.primary_contact_role.as_deref().unwrap_or(""), st)?;
        write_figure(&mut ws, row, 2, touches, st)?;
        ws.write_number_with_format(row, 3, c.hours, &st.hours)?;
        ws.write_number_with_format(row, 4, c.cost, &st.money)?;
        ws.write_number_with_format(row, 5, c.out_of_pocket, &st.money)?;
        ws.write_number(row, 6, clients as f64)?;
        ws.write_number_with_format(row, 7, c.hours * clients as f64, &st.hours)?;
        ws.write_number_with_format(row, 8, c.cost * clients as f64, &st.money)?;
    }
    let t_cols = declared_columns(&COST_HEADERS, st);
    place_table(&mut ws, "TierCosts", TableStyle::Medium4, (totals_top, row), &t_cols)?;

    ws.set_column_width(0, 44)?;
    ws.set_column_width(1, 18)?;
    for c in 2..(2 + nt.max(7)) as u16 {
        ws.set_column_width(c, TIER_WIDTH)?;
    }
    ws.set_column_width((4 + nt) as u16, 18)?;
    print_setup(&mut ws, Print::new("Service grid").header_row(top))?;
    Ok(ws)
}

/// Writes text centred and wrapped under a tier's header (input text was
/// cut to fit a cell when read; formula-like text keeps its quote prefix).
fn write_centered(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    st: &crate::write::style::Styles,
) -> Result<(), XlsxError> {
    if text.is_empty() {
        return Ok(());
    }
    if crate::write::style::looks_like_formula(text) {
        return write_wrapped(ws, row, col, text, st);
    }
    ws.write_string_with_format(row, col, text, &st.center)?;
    Ok(())
}
