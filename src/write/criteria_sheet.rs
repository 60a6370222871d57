//! The Criteria sheet: each criterion as read, and how many clients met it.

use rust_xlsxwriter::{Table, TableColumn, TableStyle, Worksheet, XlsxError};

use crate::model::{Comparison, Operand, Test};
use crate::value::format_number;
use crate::write::cells::write_text;
use crate::write::{print_setup, Context};

const HEADERS: [&str; 9] =
    ["Criterion", "Column", "Test", "Value", "Weight", "Required For", "Group", "Clients Met", "Share Met"];

/// Writes the Criteria sheet.
pub fn write(cx: &Context) -> Result<Worksheet, XlsxError> {
    let (book, seg, st) = (cx.book, cx.seg, &cx.styles);
    let mut ws = Worksheet::new();
    ws.set_name("Criteria")?;
    let n = seg.len();
    let mut met_counts = vec![0usize; book.criteria.len()];
    for i in 0..n {
        for (k, m) in seg.met(i).iter().enumerate() {
            met_counts[k] += usize::from(*m);
        }
    }
    for (k, c) in book.criteria.iter().enumerate() {
        let row = k as u32 + 1;
        let (test, value) = describe(&c.test);
        write_text(&mut ws, row, 0, &c.name, st)?;
        write_text(&mut ws, row, 1, &c.column_name, st)?;
        write_text(&mut ws, row, 2, test, st)?;
        write_text(&mut ws, row, 3, &value, st)?;
        ws.write_number_with_format(row, 4, c.weight.as_f64(), &st.number)?;
        let required: Vec<&str> = c.required_for.iter().map(|&t| book.tiers[t].code.as_str()).collect();
        write_text(&mut ws, row, 5, &required.join(", "), st)?;
        if let Some(g) = c.group {
            write_text(&mut ws, row, 6, &book.groups[g], st)?;
        }
        ws.write_number(row, 7, met_counts[k] as f64)?;
        let share = if n > 0 { met_counts[k] as f64 / n as f64 } else { 0.0 };
        ws.write_number_with_format(row, 8, share, &st.percent)?;
    }
    let columns: Vec<TableColumn> = HEADERS.iter().map(|h| TableColumn::new().set_header(*h)).collect();
    let last = book.criteria.len().max(1) as u32;
    ws.add_table(
        0,
        0,
        last,
        (HEADERS.len() - 1) as u16,
        &Table::new().set_name("Criteria").set_style(TableStyle::Medium9).set_columns(&columns),
    )?;
    for (c, w) in [32, 24, 10, 30, 8, 13, 14, 12, 11].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 1)?;
    print_setup(&mut ws, "Criteria")?;
    Ok(ws)
}

/// The Test and Value columns as an advisor would write them.
pub fn describe(test: &Test) -> (&'static str, String) {
    let op = |o: &Operand| match o {
        Operand::Number(n) => format_number(*n),
        Operand::Date(d) => d.to_string(),
        Operand::Text(t) => t.clone(),
    };
    match test {
        Test::Compare(c, o) => (
            match c {
                Comparison::AtLeast => ">=",
                Comparison::Above => ">",
                Comparison::AtMost => "<=",
                Comparison::Below => "<",
            },
            op(o),
        ),
        Test::Equals(o) => ("=", op(o)),
        Test::NotEquals(o) => ("<>", op(o)),
        Test::Between(a, b) => ("between", format!("{}..{}", op(a), op(b))),
        Test::Yes => ("yes", String::new()),
        Test::No => ("no", String::new()),
        Test::OneOf(v) => ("one of", v.join("; ")),
        Test::Contains(t) => ("contains", t.clone()),
        Test::NotBlank => ("not blank", String::new()),
    }
}
