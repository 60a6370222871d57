//! Cell formats shared by every output sheet.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

use crate::value::currency_symbol;

/// The formats of one report, built once per workbook.
#[derive(Debug, Clone)]
pub struct Styles {
    /// Sheet titles.
    pub title: Format,
    /// Bold labels.
    pub bold: Format,
    /// Section headers outside tables.
    pub header: Format,
    /// Whole amounts in the book's currency.
    pub money: Format,
    /// Shares, one decimal.
    pub percent: Format,
    /// Dates, ISO order (unambiguous in every locale).
    pub date: Format,
    /// Points and other plain numbers.
    pub number: Format,
    /// Hours, one decimal.
    pub hours: Format,
    /// Text that starts like a formula (`=`, `+`, `-`, `@`): kept as text
    /// even if someone edits the cell in Excel.
    pub quoted: Format,
    /// Wrapped text for long notes.
    pub wrap: Format,
    /// Warnings.
    pub warning: Format,
}

impl Styles {
    /// Formats for a book whose amounts are in `currency` (code or symbol).
    pub fn new(currency: &str) -> Styles {
        let money = match currency_symbol(currency) {
            Some(sym) => format!("\"{sym}\"#,##0;-\"{sym}\"#,##0"),
            None if currency.trim().is_empty() => "#,##0".to_string(),
            None => format!("#,##0 \"{}\"", currency.trim().replace('"', "")),
        };
        Styles {
            title: Format::new().set_bold().set_font_size(16),
            bold: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_background_color(Color::Theme(3, 1))
                .set_border_bottom(FormatBorder::Thin),
            money: Format::new().set_num_format(money),
            percent: Format::new().set_num_format("0.0%"),
            date: Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left),
            number: Format::new().set_num_format("General"),
            hours: Format::new().set_num_format("#,##0.0"),
            quoted: Format::new().set_quote_prefix(),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            warning: Format::new().set_font_color(Color::RGB(0x9C0006)),
        }
    }
}

/// True when text would look like a formula to Excel if typed in.
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@'])
}
