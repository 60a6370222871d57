//! Last year's tiers, from last year's tierbook report (`--previous`).
//!
//! The report's tier sheets (`Tier A`, `Tier B`, …) each hold a table with
//! `Client ID`, `Name` and `Tier`. A CRM export or the batch's `.tiers.csv`
//! works too: any sheet with a Client ID column and a `Tier` (or `Segment`)
//! column.

use std::path::Path;

use calamine::{Reader, SheetType};

use crate::error::Error;
use crate::names::{normalize, ColumnName};
use crate::read::sheet::SheetCells;
use crate::read::{open, read_cells, read_list, sniff, Format, CLIENT_ID};
use crate::review::{PreviousEntry, PreviousTiers};
use crate::value;

const TIER: ColumnName = ColumnName { canonical: "Tier", aliases: &["Segment", "Current Tier"] };
const NAME: ColumnName = ColumnName { canonical: "Name", aliases: &["Client Name", "Full Name"] };

/// Reads last year's tiers from a report or a list of Client ID + Tier.
pub fn read_previous(path: &Path) -> Result<PreviousTiers, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    if bytes.is_empty() {
        return Err(Error::EmptyFile { path: path.to_path_buf() });
    }
    let format = sniff(path, &bytes)?;
    let source = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut sheets: Vec<(String, SheetCells)> = Vec::new();
    if format == Format::Csv {
        sheets.push((source.clone(), read_list(path, &bytes)?.cells));
    } else {
        let mut wb = open(path, bytes, format)?;
        let names: Vec<String> =
            wb.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect();
        // A tierbook report: only its tier sheets hold one row per client.
        let tier_sheets: Vec<String> = names.iter().filter(|n| normalize(n).starts_with("tier")).cloned().collect();
        let wanted = if tier_sheets.is_empty() { names } else { tier_sheets };
        for name in wanted {
            let cells = read_cells(path, &mut wb, &name)?;
            sheets.push((name, cells));
        }
    }
    let mut entries = Vec::new();
    let mut found = false;
    for (name, cells) in sheets {
        let Some(t) = super::locate(path, &name, cells, &CLIENT_ID)? else { continue };
        let (Some(id_c), Some(tier_c)) = (t.column(&CLIENT_ID), t.column(&TIER)) else { continue };
        found = true;
        let name_c = t.column(&NAME);
        for row in &t.rows {
            let text = |c: usize| value::text(&row.cells[c]).map(|v| v.into_owned()).unwrap_or_default();
            let tier = text(tier_c);
            if tier.is_empty() {
                continue;
            }
            entries.push(PreviousEntry { id: text(id_c), name: name_c.map(text).unwrap_or_default(), tier });
        }
    }
    if !found {
        return Err(Error::NotAWorkbook {
            path: path.to_path_buf(),
            detail: "no sheet with a Client ID and a Tier column; --previous takes last year's tierbook report".into(),
        });
    }
    Ok(PreviousTiers { source, entries })
}
