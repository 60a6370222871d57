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
    /// Whole amounts in the book's currency. Amounts, hours and shares end
    /// in a space the width of `)`, so text in the next column does not
    /// touch them.
    pub money: Format,
    /// Shares, one decimal.
    pub percent: Format,
    /// Dates, ISO order (unambiguous in every locale).
    pub date: Format,
    /// Dates in a table column: centred under a centred header, clear of
    /// the right-aligned number beside them.
    pub date_cell: Format,
    /// Hours, one decimal.
    pub hours: Format,
    /// Text that starts like a formula (`=`, `+`, `-`, `@`): kept as text
    /// even if someone edits the cell in Excel.
    pub quoted: Format,
    /// Wrapped text for long notes.
    pub wrap: Format,
    /// Warnings.
    pub warning: Format,
    /// Warnings wrapped across a merged range of columns.
    pub warning_wrap: Format,
    /// Numbers aligned left, like the text around them (a criterion's
    /// Value column holds both).
    pub number_left: Format,
    /// Small grey type for facts kept for the record (a file's fingerprint).
    pub record: Format,
    /// Wrapped text that starts like a formula.
    pub wrap_quoted: Format,
    /// Numbers with more decimals than General should show: two decimals.
    pub decimal: Format,
    /// A signed change with one decimal (`+5.4`, `-2.0`): drift in points.
    pub change: Format,
    /// A signed whole change (`+3`, `-2`).
    pub change_whole: Format,
    /// Points in thousandths (a weight of 0.125): three decimals.
    pub thousandths: Format,
    /// Table header over text and dates: left, like the cells under it,
    /// wrapped so long headers take more lines, not the next column.
    pub head_text: Format,
    /// Table header over a column of both counts and text standards, and
    /// the cells under it: centred, so either sits under its header.
    pub head_center: Format,
    /// A centred, wrapped cell (see `head_center`).
    pub center: Format,
    /// Table header over numbers: right, like the numbers under it (on
    /// paper, where table styles are not drawn, alignment is what ties a
    /// number to its header).
    pub head_number: Format,
}

impl Styles {
    /// Formats for a book whose amounts are in `currency` (code or symbol).
    pub fn new(currency: &str) -> Styles {
        let money = match currency_symbol(currency) {
            Some(sym) => format!("\"{sym}\"#,##0_);-\"{sym}\"#,##0_)"),
            None if currency.trim().is_empty() => "#,##0_)".to_string(),
            None => format!("#,##0 \"{}\"_)", currency.trim().replace('"', "")),
        };
        // Every cell is aligned to the top of its row: a row grown for a
        // wrapped `Why` then reads across from its first line.
        let top = |f: Format| f.set_align(FormatAlign::Top);
        Styles {
            title: top(Format::new().set_bold().set_font_size(16)),
            bold: top(Format::new().set_bold()),
            header: Format::new()
                .set_bold()
                .set_background_color(Color::Theme(3, 1))
                .set_border_bottom(FormatBorder::Thin),
            money: top(Format::new().set_num_format(money)),
            percent: top(Format::new().set_num_format("0.0%_)")),
            date: top(Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Left)),
            date_cell: top(Format::new().set_num_format("yyyy-mm-dd").set_align(FormatAlign::Center)),
            hours: top(Format::new().set_num_format("#,##0.0_)")),
            quoted: top(Format::new().set_quote_prefix()),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            warning: top(Format::new().set_font_color(Color::RGB(0x9C0006))),
            warning_wrap: Format::new()
                .set_font_color(Color::RGB(0x9C0006))
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_align(FormatAlign::Left),
            number_left: top(Format::new().set_align(FormatAlign::Left)),
            record: top(Format::new().set_font_size(8).set_font_color(Color::RGB(0x767676))),
            wrap_quoted: Format::new().set_text_wrap().set_align(FormatAlign::Top).set_quote_prefix(),
            decimal: top(Format::new().set_num_format("#,##0.00")),
            change: top(Format::new().set_num_format("+0.0;-0.0;0.0")),
            change_whole: top(Format::new().set_num_format("+0;-0;0")),
            thousandths: top(Format::new().set_num_format("#,##0.000")),
            head_text: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Bottom),
            head_center: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Bottom),
            center: Format::new().set_text_wrap().set_align(FormatAlign::Center).set_align(FormatAlign::Top),
            head_number: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Right)
                .set_align(FormatAlign::Bottom),
        }
    }
}

impl Styles {
    /// Every format, in a fixed order (the compiler checks that none is
    /// missed): see [`crate::write::build`], which registers them all before
    /// the sheets are filled in parallel.
    pub fn all(&self) -> [&Format; 23] {
        // One list: the pattern must name every field, and the array holds
        // what the pattern names.
        macro_rules! every {
            ($($field:ident),*) => {{
                let Styles { $($field),* } = self;
                [$($field),*]
            }};
        }
        every!(
            title,
            bold,
            header,
            money,
            percent,
            date,
            date_cell,
            hours,
            quoted,
            wrap,
            warning,
            warning_wrap,
            number_left,
            record,
            wrap_quoted,
            decimal,
            change,
            change_whole,
            thousandths,
            head_text,
            head_center,
            center,
            head_number
        )
    }
}

/// True when text would look like a formula to Excel if typed in.
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@'])
}
