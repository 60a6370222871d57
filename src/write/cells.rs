//! Writing input values back out with their types: numbers as numbers, dates
//! as dates, text as text (never as a formula).

use std::borrow::Cow;

use calamine::Data;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use crate::validate::{cut_to_cell, MAX_CELL_CHARS};
use crate::value::{self, Parsed};
use crate::write::layout::Kind;
use crate::write::style::{looks_like_formula, Styles};

/// Writes one input cell as the value it holds.
pub fn write_input(ws: &mut Worksheet, row: u32, col: u16, cell: &Data, st: &Styles) -> Result<(), XlsxError> {
    match cell {
        Data::Empty | Data::Error(_) => Ok(()),
        Data::String(s) => write_text(ws, row, col, s, st),
        Data::Float(f) => write_figure(ws, row, col, *f, st),
        Data::Int(i) => write_figure(ws, row, col, *i as f64, st),
        Data::Bool(b) => ws.write_boolean(row, col, *b).map(|_| ()),
        Data::DateTime(_) | Data::DateTimeIso(_) => match value::date(cell) {
            Parsed::Value(d) => ws.write_datetime_with_format(row, col, d, &st.date).map(|_| ()),
            _ => write_text(ws, row, col, &value::display(cell), st),
        },
        Data::DurationIso(s) => write_text(ws, row, col, s, st),
    }
}

/// `text` cut to Excel's cell limit, its last character an ellipsis when
/// cut. Input text was cut when read (and noted on Issues); text tierbook
/// composes (a `Why` naming hundreds of criteria, a suggestion naming every
/// busy colleague of a large practice) is cut here, since a report that
/// fails to save helps no one.
pub fn fit_to_cell(text: &str) -> Cow<'_, str> {
    if text.len() <= MAX_CELL_CHARS {
        return Cow::Borrowed(text);
    }
    let mut owned = text.to_string();
    if cut_to_cell(&mut owned).is_some() {
        owned.pop();
        owned.push('…');
    }
    Cow::Owned(owned)
}

/// Writes text as a string cell; formula-like text gets a quote prefix.
/// Input text was cut to fit a cell when read (and noted on Issues); text
/// tierbook composes, such as a `Why` naming hundreds of long criteria, is
/// cut here, since a report that fails to save helps no one.
pub fn write_text(ws: &mut Worksheet, row: u32, col: u16, text: &str, st: &Styles) -> Result<(), XlsxError> {
    if text.is_empty() {
        return Ok(());
    }
    let text = fit_to_cell(text);
    let text = text.as_ref();
    if looks_like_formula(text) {
        ws.write_string_with_format(row, col, text, &st.quoted)?;
    } else {
        ws.write_string(row, col, text)?;
    }
    Ok(())
}

/// Writes `text` wrapped within its column (a long `Why`, a note), so on
/// screen and on paper it takes more lines rather than running off the page.
pub fn write_wrapped(ws: &mut Worksheet, row: u32, col: u16, text: &str, st: &Styles) -> Result<(), XlsxError> {
    if text.is_empty() {
        return Ok(());
    }
    let text = fit_to_cell(text);
    let text = text.as_ref();
    let format = if looks_like_formula(text) { &st.wrap_quoted } else { &st.wrap };
    ws.write_string_with_format(row, col, text, format)?;
    Ok(())
}

/// Height of one line of 11-point text, in points.
pub const LINE_HEIGHT: f64 = 15.0;

/// Excel's tallest row, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// Lines `text` takes when wrapped at word boundaries in a column `width`
/// characters wide (Excel's width unit is one digit; average text is a
/// little narrower: 1.25 characters a unit, measured on LibreOffice's
/// rendering of the sample's `Why`). Neither Excel nor LibreOffice grows a
/// row for wrapped text when they open a file, so the writer sets each
/// row's height from this.
pub fn wrapped_lines(text: &str, width: f64) -> usize {
    let room = ((width * 1.25).floor() as usize).max(1);
    text.split('\n')
        .map(|para| {
            let (mut lines, mut used) = (1usize, 0usize);
            for word in para.split_whitespace() {
                let len = word.chars().count();
                let need = if used == 0 { len } else { used + 1 + len };
                if need <= room {
                    used = need;
                } else if used == 0 {
                    // A word longer than the column is broken across lines.
                    lines += (len - 1) / room;
                    used = len - (len - 1) / room * room;
                } else {
                    lines += 1 + (len.max(1) - 1) / room;
                    used = len - (len.max(1) - 1) / room * room;
                }
            }
            lines
        })
        .sum()
}

/// Sets `row` tall enough for `lines` lines (nothing for one line: the
/// default height stays, and the row keeps growing with a larger font).
pub fn fit_row(ws: &mut Worksheet, row: u32, lines: usize) -> Result<(), XlsxError> {
    if lines > 1 {
        ws.set_row_height(row, (lines as f64 * LINE_HEIGHT).min(MAX_ROW_HEIGHT))?;
    }
    Ok(())
}

/// Writes a line of prose (a warning, a suggestion) wrapped across columns
/// `first..=last`, merged, with its row as tall as its lines: a long line
/// would otherwise run past the table and shrink the printed page to fit.
/// `width` is the merged columns' total width in characters.
#[allow(clippy::too_many_arguments)]
pub fn write_note(
    ws: &mut Worksheet,
    row: u32,
    (first, last): (u16, u16),
    width: f64,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let text = fit_to_cell(text);
    let text = text.as_ref();
    fit_row(ws, row, wrapped_lines(text, width))?;
    if first == last {
        ws.write_string_with_format(row, first, text, format)?;
    } else {
        ws.merge_range(row, first, row, last, text, format)?;
    }
    Ok(())
}

/// Writes a plain figure (points, counts, a drift) so it never shows a raw
/// float: whole numbers and up to two decimals in General, thousandths
/// (scores and weights are kept to 0.001 point) with three decimals,
/// anything finer rounded on screen to two decimals (the cell keeps the
/// full value).
pub fn write_figure(ws: &mut Worksheet, row: u32, col: u16, v: f64, st: &Styles) -> Result<(), XlsxError> {
    if !v.is_finite() {
        return Ok(());
    }
    let has = |scale: f64| ((v * scale).round() - v * scale).abs() < 1e-6 * scale.max(v.abs());
    if has(100.0) {
        ws.write_number(row, col, v)?;
    } else if has(1000.0) {
        ws.write_number_with_format(row, col, v, &st.thousandths)?;
    } else {
        ws.write_number_with_format(row, col, v, &st.decimal)?;
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

/// The kind of an input column from a sample of its cells: numbers when
/// every filled cell is a number, dates when every one is a date, else text.
pub fn input_kind<'a>(cells: impl Iterator<Item = &'a Data>) -> Kind {
    let (mut numbers, mut dates, mut others) = (0, 0, 0);
    for cell in cells {
        match cell {
            Data::Empty => {}
            Data::Float(_) | Data::Int(_) => numbers += 1,
            Data::DateTime(_) | Data::DateTimeIso(_) => dates += 1,
            _ => others += 1,
        }
    }
    match (numbers, dates, others) {
        (n, 0, 0) if n > 0 => Kind::Number,
        (0, d, 0) if d > 0 => Kind::Date,
        _ => Kind::Text,
    }
}

/// Display width of a cell's value in characters, for column widths.
pub fn width_of(cell: &Data) -> usize {
    match cell {
        Data::DateTime(_) | Data::DateTimeIso(_) => 10,
        _ => value::text(cell).map(|t| t.chars().count()).unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_break_at_words_and_inside_long_ones() {
        // Width 8 holds 10 characters a line.
        assert_eq!(wrapped_lines("", 8.0), 1);
        assert_eq!(wrapped_lines("Phone call", 8.0), 1);
        assert_eq!(wrapped_lines("Phone call, Review", 8.0), 3);
        assert_eq!(wrapped_lines("a\nb\nc", 8.0), 3);
        assert_eq!(wrapped_lines("abcdefghijklmnopqrstuvwxy", 8.0), 3);
        assert_eq!(wrapped_lines("ab abcdefghijklmnopqrstu", 8.0), 4);
    }

    #[test]
    fn input_kinds_follow_the_filled_cells() {
        let n = Data::Float(1.5);
        let t = Data::String("x".into());
        assert_eq!(input_kind([&n, &Data::Empty, &n].into_iter()), Kind::Number);
        assert_eq!(input_kind([&n, &t].into_iter()), Kind::Text);
        assert_eq!(input_kind([&Data::Empty].into_iter()), Kind::Text);
    }

    #[test]
    fn composed_text_over_the_cell_limit_is_cut_and_still_saves() {
        // ASCII, and a two-unit character that would straddle the limit.
        for text in ["Alexandra Whitfield, ".repeat(2_000), format!("{}😀 tail", "x".repeat(MAX_CELL_CHARS - 1))] {
            let fitted = fit_to_cell(&text);
            assert!(fitted.encode_utf16().count() <= MAX_CELL_CHARS, "{}", fitted.len());
            assert!(fitted.ends_with('…'));
            assert!(text.starts_with(fitted.trim_end_matches('…')));
            let st = Styles::new("USD");
            let mut ws = Worksheet::new();
            write_text(&mut ws, 0, 0, &text, &st).expect("a long Why is written");
            write_wrapped(&mut ws, 1, 0, &text, &st).expect("a long note is written");
            write_note(&mut ws, 2, (0, 3), 40.0, &text, &st.wrap).expect("a long suggestion is written");
            write_note(&mut ws, 3, (0, 0), 40.0, &text, &st.wrap).expect("a long one-cell note is written");
            let mut wb = rust_xlsxwriter::Workbook::new();
            wb.push_worksheet(ws);
            wb.save_to_buffer().expect("the workbook saves");
        }
        assert!(matches!(fit_to_cell("short"), Cow::Borrowed("short")));
    }
}
