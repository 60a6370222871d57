//! Rows under the Clients header that are not clients: totals and
//! subtotals, report footers, the header repeated by a page break, and notes
//! typed beside the table. Each is skipped by the caller and named on
//! Issues; nothing else is ever skipped.

use calamine::Data;

use crate::location::column_letters;
use crate::names::normalize;
use crate::value;

/// Why a row under the header is not a client, if it is not: a totals or
/// subtotal line, a report footer, or the header repeated by a page break.
/// Only the Client ID cell is read (or, when it is blank, the first cell with
/// text): a client with an odd name, such as `Total Wealth LLC`, has an ID
/// and stays a client. Returns the column, the text and the reason.
pub(super) fn not_a_client<'a>(
    cells: &'a [Data],
    id_col: usize,
    id_header: &str,
) -> Option<(usize, &'a str, &'static str)> {
    let (c, text) = match &cells[id_col] {
        Data::String(s) if !s.trim().is_empty() => (id_col, s.as_str()),
        Data::Empty => cells.iter().enumerate().find_map(|(c, v)| match v {
            Data::String(s) if !s.trim().is_empty() => Some((c, s.as_str())),
            _ => None,
        })?,
        _ => return None,
    };
    let label = text.trim();
    if c == id_col && normalize(label) == normalize(id_header) {
        return Some((c, label, "the header row repeated (a page break in an export)"));
    }
    if is_totals_label(label) {
        return Some((c, label, "a totals row"));
    }
    if is_footer_label(label) {
        return Some((c, label, "a report footer"));
    }
    None
}

/// A row whose only cells sit in columns without a header (a note typed far
/// from the table): not a client. Returns the first such cell.
pub(super) fn outside_the_table<'a>(
    cells: &'a [Data],
    headers: &[String],
    columns: &[u32],
) -> Option<(usize, &'a str, &'static str)> {
    let unheaded = |c: usize| {
        let letter = column_letters(columns.get(c).copied().unwrap_or(c as u32));
        headers[c] == format!("Column {letter}")
    };
    let filled: Vec<usize> = (0..cells.len()).filter(|&c| !value::is_empty_cell(&cells[c])).collect();
    if filled.is_empty() || !filled.iter().all(|&c| unheaded(c)) {
        return None;
    }
    let c = filled[0];
    let label = match &cells[c] {
        Data::String(s) => s.trim(),
        _ => "",
    };
    Some((c, label, "a note outside the table (no header above it)"))
}

/// `Total`, `Grand Totals (4 records)`, `Subtotal: East`, `Count: 12`, `Sum`.
fn is_totals_label(label: &str) -> bool {
    let l = label.to_lowercase();
    // `total` or `totals`, alone or after `grand`, `sub-`, `sub ` or `sub`.
    let total = ["grand ", "sub-", "sub ", "sub", ""]
        .iter()
        .find_map(|p| l.strip_prefix(p)?.strip_prefix("total"))
        .map(|rest| rest.strip_prefix('s').unwrap_or(rest));
    let Some(rest) = total.or_else(|| ["count", "sum", "average", "avg"].iter().find_map(|w| l.strip_prefix(w))) else {
        return false;
    };
    let rest = rest.trim_start();
    rest.is_empty()
        || rest.starts_with(['(', ':', '=', '#'])
        || rest.starts_with(|c: char| c.is_ascii_digit())
        || ["clients", "records", "rows", "accounts", "for ", "of "].iter().any(|w| rest.starts_with(w))
}

/// `Confidential …`, `Generated on …`, `Page 2 of 3`, `Printed …`.
fn is_footer_label(label: &str) -> bool {
    let l = label.to_lowercase();
    const STARTS: [&str; 6] =
        ["confidential", "generated:", "report generated", "do not distribute", "end of report", "copyright"];
    // `Generated on …`, `Printed by …`, `Exported on …`.
    let stamped = ["generated", "printed", "exported"]
        .iter()
        .any(|v| l.strip_prefix(v).is_some_and(|rest| rest.starts_with(" on") || rest.starts_with(" by")));
    if stamped || STARTS.iter().any(|s| l.starts_with(s)) || l.starts_with('©') {
        return true;
    }
    // Page 2 of 3
    let words: Vec<&str> = l.split_whitespace().collect();
    matches!(words.as_slice(), ["page", n, "of", m] if n.parse::<u32>().is_ok() && m.parse::<u32>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_and_footer_labels() {
        for t in [
            "Total",
            "TOTALS",
            "Grand Total",
            "Grand Totals (4 records)",
            "Subtotal: East",
            "Sub-total",
            "Count: 12",
            "Sum",
            "Average 3",
            "Total clients: 40",
            "grand totals",
            "Sub Totals: West",
            "sub-total (3)",
            "SUBTOTALS",
            "Avg 4",
            "average: 2",
        ] {
            assert!(is_totals_label(t), "{t}");
        }
        for t in
            ["Total Wealth LLC", "TOTAL-7", "Sumner", "Summit Trust", "Counter", "Totalis", "Subtotaling", "Totally"]
        {
            assert!(!is_totals_label(t), "{t}");
        }
        for t in
            ["Confidential Information - Do Not Distribute", "Generated on 11/29/2026", "Page 2 of 3", "© 2026 CRM"]
        {
            assert!(is_footer_label(t), "{t}");
        }
        for t in [
            "Generated by CRM",
            "generated: today",
            "Report generated 2026-11-29",
            "Printed on 11/29",
            "printed by JA",
            "Exported on Monday",
            "EXPORTED BY admin",
            "Do not distribute",
            "End of report",
            "Copyright 2026",
        ] {
            assert!(is_footer_label(t), "{t}");
        }
        for t in ["Page Turner Books", "Pagez 2 of 3", "Generator Co", "Printer Supplies Inc", "Exporters Ltd"] {
            assert!(!is_footer_label(t), "{t}");
        }
    }

    #[test]
    fn only_rows_without_an_id_or_with_a_label_for_id_are_not_clients() {
        let s = |t: &str| Data::String(t.into());
        assert_eq!(not_a_client(&[s("T-1"), s("Total")], 0, "Client ID"), None);
        assert_eq!(not_a_client(&[Data::Empty, s("Total")], 0, "Client ID").map(|x| x.0), Some(1));
        assert_eq!(
            not_a_client(&[s("client id"), s("Name")], 0, "Client ID").map(|x| x.2),
            Some("the header row repeated (a page break in an export)")
        );
        assert_eq!(not_a_client(&[Data::Float(7.0), s("Sum")], 0, "Client ID"), None);
    }
}
