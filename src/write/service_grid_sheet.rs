//! The Service Grid sheet: what each tier gets, who delivers it, and what a
//! client of each tier costs in a year.

use rust_xlsxwriter::{Table, TableColumn, TableStyle, Worksheet, XlsxError};

use crate::model::Provision;
use crate::write::cells::write_text;
use crate::write::{print_setup, Context};

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
    let mut row = top;
    for s in &book.services {
        row += 1;
        write_text(&mut ws, row, 0, &s.name, st)?;
        write_text(&mut ws, row, 1, &s.category, st)?;
        for (t, p) in s.per_tier.iter().enumerate() {
            let col = (2 + t) as u16;
            match p {
                Provision::PerYear(n) => ws.write_number_with_format(row, col, *n, &st.number).map(|_| ())?,
                Provision::Standard(text) => write_text(&mut ws, row, col, text, st)?,
                Provision::None => {}
            }
        }
        ws.write_number_with_format(row, (2 + nt) as u16, s.hours_each, &st.number)?;
        ws.write_number_with_format(row, (3 + nt) as u16, s.cost_each, &st.money)?;
        write_text(&mut ws, row, (4 + nt) as u16, s.delivered_by.as_deref().unwrap_or("primary contact"), st)?;
    }
    row += 1;
    ws.write_string(row, 0, "Primary contact")?;
    ws.write_string(row, 1, "Team")?;
    for (t, tier) in book.tiers.iter().enumerate() {
        write_text(
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
        ws.write_string(row, (2 + t) as u16, if invited { "yes" } else { "no" })?;
    }
    let columns: Vec<TableColumn> = headers.iter().map(|h| TableColumn::new().set_header(h)).collect();
    ws.add_table(
        top,
        0,
        row,
        (headers.len() - 1) as u16,
        &Table::new().set_name("ServiceGrid").set_style(TableStyle::Medium4).set_columns(&columns),
    )?;

    row += 2;
    let totals_top = row;
    let t_headers = [
        "Tier",
        "Primary Contact Role",
        "Touches a Year",
        "Hours per Client",
        "Cost per Client",
        "Of Which Out of Pocket",
        "Clients",
        "Hours",
        "Cost",
    ];
    for (t, tier) in book.tiers.iter().enumerate() {
        row += 1;
        let c = &cx.plan.tier_cost[t];
        let touches: f64 = book.services.iter().map(|s| s.per_tier[t].per_year()).sum();
        let clients = cx.totals[t].clients;
        write_text(&mut ws, row, 0, &tier.code, st)?;
        write_text(&mut ws, row, 1, tier.primary_contact_role.as_deref().unwrap_or(""), st)?;
        ws.write_number_with_format(row, 2, touches, &st.number)?;
        ws.write_number_with_format(row, 3, c.hours, &st.hours)?;
        ws.write_number_with_format(row, 4, c.cost, &st.money)?;
        ws.write_number_with_format(row, 5, c.out_of_pocket, &st.money)?;
        ws.write_number(row, 6, clients as f64)?;
        ws.write_number_with_format(row, 7, c.hours * clients as f64, &st.hours)?;
        ws.write_number_with_format(row, 8, c.cost * clients as f64, &st.money)?;
    }
    let t_cols: Vec<TableColumn> = t_headers.iter().map(|h| TableColumn::new().set_header(*h)).collect();
    ws.add_table(
        totals_top,
        0,
        row,
        8,
        &Table::new().set_name("TierCosts").set_style(TableStyle::Medium4).set_columns(&t_cols),
    )?;

    ws.set_column_width(0, 44)?;
    ws.set_column_width(1, 20)?;
    for c in 2..(2 + nt.max(7)) as u16 {
        ws.set_column_width(c, 15)?;
    }
    ws.set_column_width((4 + nt) as u16, 18)?;
    print_setup(&mut ws, "Service grid")?;
    Ok(ws)
}
