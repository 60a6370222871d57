//! The Criteria sheet: each criterion as read, and how many clients met it.

use calamine::Data;
use rust_xlsxwriter::{TableStyle, Worksheet, XlsxError};

use crate::model::{Comparison, Test};
use crate::write::cells::{write_figure, write_input, write_text};
use crate::write::layout::{declared_columns, place_table, print_setup, Kind, Print};
use crate::write::Context;

/// The columns. Value is the cell as typed (a number or a date, or text in
/// its own case), so it is headed like text: left.
const HEADERS: [(&str, Kind); 9] = [
    ("Criterion", Kind::Text),
    ("Column", Kind::Text),
    ("Test", Kind::Text),
    ("Value", Kind::Text),
    ("Weight", Kind::Number),
    ("Required For", Kind::Centered),
    ("Group", Kind::Text),
    ("Clients Met", Kind::Number),
    ("Share Met", Kind::Percent),
];

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
        write_text(&mut ws, row, 0, &c.name, st)?;
        write_text(&mut ws, row, 1, &c.column_name, st)?;
        write_text(&mut ws, row, 2, test_word(&c.test), st)?;
        // Numbers left, like the text Values around them and the header.
        match &c.value {
            Data::Float(v) if (v * 100.0).round() == v * 100.0 => {
                ws.write_number_with_format(row, 3, *v, &st.number_left).map(|_| ())?
            }
            Data::Int(v) => ws.write_number_with_format(row, 3, *v as f64, &st.number_left).map(|_| ())?,
            other => write_input(&mut ws, row, 3, other, st)?,
        }
        write_figure(&mut ws, row, 4, c.weight.as_f64(), st)?;
        let required: Vec<&str> = c.required_for.iter().map(|&t| book.tiers[t].code.as_str()).collect();
        if !required.is_empty() {
            ws.write_string_with_format(row, 5, required.join(", "), &st.center)?;
        }
        if let Some(g) = c.group {
            write_text(&mut ws, row, 6, &book.groups[g], st)?;
        }
        ws.write_number(row, 7, met_counts[k] as f64)?;
        let share = if n > 0 { met_counts[k] as f64 / n as f64 } else { 0.0 };
        ws.write_number_with_format(row, 8, share, &st.percent)?;
    }
    let columns = declared_columns(&HEADERS, st);
    let last = book.criteria.len().max(1) as u32;
    place_table(&mut ws, "Criteria", TableStyle::Medium9, (0, last), &columns)?;
    for (c, w) in [32, 24, 10, 24, 8, 10, 14, 9, 9].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 1)?;
    print_setup(&mut ws, Print::new("Criteria").header_row(0))?;
    Ok(ws)
}

/// The Test column as an advisor would write it.
pub fn test_word(test: &Test) -> &'static str {
    match test {
        Test::Compare(Comparison::AtLeast, _) => ">=",
        Test::Compare(Comparison::Above, _) => ">",
        Test::Compare(Comparison::AtMost, _) => "<=",
        Test::Compare(Comparison::Below, _) => "<",
        Test::Equals(_) => "=",
        Test::NotEquals(_) => "<>",
        Test::Between(..) => "between",
        Test::Yes => "yes",
        Test::No => "no",
        Test::OneOf(_) => "one of",
        Test::Contains(_) => "contains",
        Test::NotBlank => "not blank",
    }
}
