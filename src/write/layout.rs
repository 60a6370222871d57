//! How tables and pages are laid out, shared by every sheet: table columns
//! whose header sits over its values the way the values sit in their cells,
//! and a print setup that gives a readable page.

use rust_xlsxwriter::{Table, TableColumn, TableStyle, Worksheet, XlsxError};

use crate::write::style::Styles;

/// What a table column holds, which decides its cell format and how its
/// header is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text, left-aligned.
    Text,
    /// Dates (`yyyy-mm-dd`), centred under a centred header.
    Date,
    /// Counts, points and other plain numbers, right-aligned.
    Number,
    /// Amounts in the book's currency.
    Money,
    /// Hours, one decimal.
    Hours,
    /// Shares, one decimal of a percent.
    Percent,
    /// Short codes (a tier, yes/no) and columns mixing counts and text (a
    /// tier's column on the Service Grid): header and cells centred.
    Centered,
}

impl Kind {
    /// True for the kinds whose cells are right-aligned numbers.
    pub fn is_numeric(self) -> bool {
        !matches!(self, Kind::Text | Kind::Date | Kind::Centered)
    }
}

/// Table columns for `headers`, each formatted for its kind: numeric
/// headers right-aligned over their numbers, text headers left-aligned,
/// every header wrapped so a long one takes two lines instead of running
/// into the next (on paper, where table styles are not drawn, alignment is
/// all that ties a value to its header). `kinds` shorter than `headers`
/// leaves the rest as text.
pub fn columns<S: AsRef<str>>(headers: &[S], kinds: &[Kind], st: &Styles) -> Vec<TableColumn> {
    headers
        .iter()
        .enumerate()
        .map(|(c, h)| {
            let kind = kinds.get(c).copied().unwrap_or(Kind::Text);
            let head = match kind {
                Kind::Centered | Kind::Date => &st.head_center,
                k if k.is_numeric() => &st.head_number,
                _ => &st.head_text,
            };
            let col = TableColumn::new().set_header(h.as_ref()).set_header_format(head);
            match kind {
                Kind::Money => col.set_format(&st.money),
                Kind::Hours => col.set_format(&st.hours),
                Kind::Percent => col.set_format(&st.percent),
                Kind::Date => col.set_format(&st.date_cell),
                Kind::Centered => col.set_format(&st.center),
                Kind::Text | Kind::Number => col,
            }
        })
        .collect()
}

/// Table columns for a declared list of (header, kind) pairs: the fixed
/// tables of the Summary, Resources, Review and the other small sheets.
pub fn declared_columns(headers: &[(&str, Kind)], st: &Styles) -> Vec<TableColumn> {
    let (names, kinds): (Vec<&str>, Vec<Kind>) = headers.iter().copied().unzip();
    columns(&names, &kinds, st)
}

/// Places the Excel table `name` with `columns` from row `top` (its header)
/// down to row `last`, starting in column A. A table with no data row gets
/// one blank row, as Excel requires. In constant-memory mode a table must go
/// in before its rows, since rows are written strictly in order.
pub fn place_table(
    ws: &mut Worksheet,
    name: &str,
    style: TableStyle,
    (top, last): (u32, u32),
    columns: &[TableColumn],
) -> Result<(), XlsxError> {
    let last_col = columns.len().max(1) as u16 - 1;
    let table = Table::new().set_name(name).set_style(style).set_columns(columns);
    ws.add_table(top, 0, last.max(top + 1), last_col, &table)?;
    Ok(())
}

/// How a sheet is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Print<'a> {
    /// Left header of every page.
    pub title: &'a str,
    /// Rows printed at the top of every page (a table's header row), if any.
    pub repeat_rows: Option<(u32, u32)>,
    /// Columns printed at the left of every page (who a row is about), if
    /// the sheet is printed more than one page wide.
    pub repeat_columns: Option<(u16, u16)>,
    /// Pages wide the sheet is scaled to fit; as many pages tall as needed.
    pub pages_wide: u16,
}

impl<'a> Print<'a> {
    /// One page wide, as many tall as needed, nothing repeated.
    pub fn new(title: &'a str) -> Print<'a> {
        Print { title, repeat_rows: None, repeat_columns: None, pages_wide: 1 }
    }

    /// Repeats `row` (a table's header) at the top of every page.
    pub fn header_row(self, row: u32) -> Print<'a> {
        Print { repeat_rows: Some((row, row)), ..self }
    }
}

/// Landscape, fit to the page width (or `pages_wide`) and as many pages tall
/// as the rows need, narrow margins, a title header and page numbers in
/// the footer.
pub fn print_setup(ws: &mut Worksheet, print: Print) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_print_fit_to_pages(print.pages_wide.max(1), 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    // Across, then down: a wide sheet's months stay beside the same clients.
    ws.set_page_order(false);
    let safe = crate::error::shorten(print.title, 80).replace('&', "&&");
    ws.set_header(format!("&L&\"-,Bold\"{safe}&R&D"));
    ws.set_footer("&LMade by tierbook&RPage &P of &N");
    if let Some((first, last)) = print.repeat_rows {
        ws.set_repeat_rows(first, last)?;
    }
    if let Some((first, last)) = print.repeat_columns {
        ws.set_repeat_columns(first, last)?;
    }
    Ok(())
}
