//! Writing input values back out with their types: numbers as numbers, dates
//! as dates, text as text (never as a formula).

use calamine::Data;
use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::validate::{cut_to_cell, MAX_CELL_CHARS};
use crate::value::{self, Parsed};
use crate::write::style::{looks_like_formula, Styles};

/// Writes one input cell as the value it holds.
pub fn write_input(ws: &mut Worksheet, row: u32, col: u16, cell: &Data, st: &Styles) -> Result<(), XlsxError> {
    match cell {
        Data::Empty | Data::Error(_) => Ok(()),
        Data::String(s) => write_text(ws, row, col, s, st),
        Data::Float(f) if f.is_finite() => ws.write_number(row, col, *f).map(|_| ()),
        Data::Float(_) => Ok(()),
        Data::Int(i) => ws.write_number(row, col, *i as f64).map(|_| ()),
        Data::Bool(b) => ws.write_boolean(row, col, *b).map(|_| ()),
        Data::DateTime(_) | Data::DateTimeIso(_) => match value::date(cell) {
            Parsed::Value(d) => ws.write_datetime_with_format(row, col, d, &st.date).map(|_| ()),
            _ => write_text(ws, row, col, &value::display(cell), st),
        },
        Data::DurationIso(s) => write_text(ws, row, col, s, st),
    }
}

/// Writes text as a string cell; formula-like text gets a quote prefix.
/// Input text was cut to fit a cell when read (and noted on Issues); text
/// tierbook composes, such as a `Why` naming hundreds of long criteria, is
/// cut here, since a report that fails to save helps no one.
pub fn write_text(ws: &mut Worksheet, row: u32, col: u16, text: &str, st: &Styles) -> Result<(), XlsxError> {
    if text.is_empty() {
        return Ok(());
    }
    let mut owned;
    let mut text = text;
    if text.len() > MAX_CELL_CHARS {
        owned = text.to_string();
        if cut_to_cell(&mut owned).is_some() {
            owned.pop();
            owned.push('…');
        }
        text = &owned;
    }
    if looks_like_formula(text) {
        ws.write_string_with_format(row, col, text, &st.quoted)?;
    } else {
        ws.write_string(row, col, text)?;
    }
    Ok(())
}

/// Writes an optional amount with the money format.
pub fn write_money(ws: &mut Worksheet, row: u32, col: u16, v: Option<f64>, st: &Styles) -> Result<(), XlsxError> {
    if let Some(v) = v.filter(|v| v.is_finite()) {
        ws.write_number_with_format(row, col, v, &st.money)?;
    }
    Ok(())
}

/// Display width of a cell's value in characters, for column widths.
pub fn width_of(cell: &Data) -> usize {
    match cell {
        Data::DateTime(_) | Data::DateTimeIso(_) => 10,
        _ => value::text(cell).map(|t| t.chars().count()).unwrap_or(0),
    }
}
