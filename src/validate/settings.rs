//! The Settings sheet: `Setting` / `Value` rows. Unknown or unreadable
//! settings are Issues, never errors: a typo in a setting should not stop a
//! nightly run, and the default is always a safe answer.

use calamine::Data;
use chrono::NaiveDate;

use crate::error::Issue;
use crate::model::{Settings, TierBy};
use crate::names::{closest, normalize, ColumnName};
use crate::read::Table;
use crate::value::{self, Parsed, Points};

/// Reads the Settings sheet (if any) over the defaults.
pub fn read(table: Option<&Table>, today: NaiveDate, issues: &mut Vec<Issue>) -> Settings {
    let mut s = Settings::defaults(today);
    let Some(t) = table else { return s };
    let Some(key_col) = t.column(&ColumnName::plain("Setting")) else { return s };
    let value_col = t.column(&ColumnName::plain("Value"));
    for row in &t.rows {
        let Some(key) = value::text(&row.cells[key_col]) else { continue };
        let key = key.into_owned();
        let empty = Data::Empty;
        let cell = value_col.map(|c| &row.cells[c]).unwrap_or(&empty);
        let at = t.cell_location(row.row, value_col.unwrap_or(key_col));
        let mut bad = |what: &str, default: String| {
            issues.push(Issue::new(
                at.clone(),
                value::display(cell),
                format!("setting '{key}': {what}"),
                format!("used the default ({default})"),
            ));
        };
        match normalize(&key).trim_end_matches('%') {
            "advisor" => s.advisor = value::text(cell).map(|t| t.into_owned()),
            "asof" => match value::date(cell) {
                Parsed::Value(d) => s.as_of = d,
                Parsed::Blank => {}
                Parsed::Invalid => bad("not a date (write it as a date cell or 2026-12-31)", format!("today, {today}")),
            },
            "hourlycost" => match value::number(cell) {
                Parsed::Value(v) if v >= 0.0 => s.hourly_cost = Some(v),
                Parsed::Blank => {}
                _ => bad("not an amount", "none".into()),
            },
            "maxexceptions" => match share(cell) {
                Parsed::Value(v) => s.max_exceptions = v,
                Parsed::Blank => {}
                Parsed::Invalid => bad("not a percentage such as 10%", "10%".into()),
            },
            "maxunprofitable" => match share(cell) {
                Parsed::Value(v) => s.max_unprofitable = v,
                Parsed::Blank => {}
                Parsed::Invalid => bad("not a percentage such as 20%", "20%".into()),
            },
            "borderlinemargin" => match value::number(cell) {
                Parsed::Value(v) if v >= 0.0 => match Points::from_f64(v) {
                    Some(p) => s.borderline_margin = p,
                    None => bad("not a number of points", "1".into()),
                },
                Parsed::Blank => {}
                _ => bad("not a number of points", "1".into()),
            },
            "stickytiers" => match value::boolean(cell) {
                Parsed::Value(b) => s.sticky_tiers = b,
                Parsed::Blank => {}
                Parsed::Invalid => bad("not yes or no", "no".into()),
            },
            "revenuecolumn" => s.revenue_column = value::text(cell).map(|t| t.into_owned()),
            "assetscolumn" => s.assets_column = value::text(cell).map(|t| t.into_owned()),
            "currency" => {
                if let Some(c) = value::text(cell) {
                    s.currency = c.into_owned();
                }
            }
            "tierby" => match value::text(cell).map(|t| normalize(&t)) {
                Some(v) if v == "client" || v == "clients" => s.tier_by = TierBy::Client,
                Some(v) if v == "household" || v == "households" => s.tier_by = TierBy::Household,
                None => {}
                Some(_) => bad("not 'client' or 'household'", "client".into()),
            },
            "dateorder" => match value::text(cell).map(|t| normalize(&t).replace('/', "")) {
                Some(v) if v == "mdy" => s.date_order = Some(crate::dates::DateOrder::Mdy),
                Some(v) if v == "dmy" => s.date_order = Some(crate::dates::DateOrder::Dmy),
                None => {}
                Some(_) => bad("not MDY or DMY", "MDY".into()),
            },
            "decimalmark" => match value::text(cell).map(|t| t.trim().to_lowercase()).as_deref() {
                Some("." | "dot" | "point" | "period") => s.decimal_mark = Some('.'),
                Some("," | "comma") => s.decimal_mark = Some(','),
                None => {}
                Some(_) => bad("not . or ,", "read from the file".into()),
            },
            _ => {
                let hint = closest(&key, crate::schema::SETTINGS.iter().map(|s| s.name))
                    .map(|k| format!("; did you mean '{k}'?"))
                    .unwrap_or_default();
                issues.push(Issue::new(
                    t.cell_location(row.row, key_col),
                    &key,
                    format!("unknown setting{hint}"),
                    "ignored",
                ));
            }
        }
    }
    s
}

/// A share written as `10%`, `0.1` or `10` (a number above 1 is read as a
/// percentage, since no one caps exceptions at ten times the client count).
pub fn share(cell: &Data) -> Parsed<f64> {
    match value::number(cell) {
        Parsed::Value(v) if v < 0.0 => Parsed::Invalid,
        Parsed::Value(v) if v > 1.0 => {
            if v <= 100.0 {
                Parsed::Value(v / 100.0)
            } else {
                Parsed::Invalid
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::TableRow;

    fn table(rows: &[(&str, Data)]) -> Table {
        Table {
            sheet: "Settings".into(),
            headers: vec!["Setting".into(), "Value".into()],
            header_row: 0,
            columns: Vec::new(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, (k, v))| TableRow { row: i as u32 + 1, cells: vec![Data::String(k.to_string()), v.clone()] })
                .collect(),
        }
    }

    #[test]
    fn reads_known_settings_and_reports_unknown_ones() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let t = table(&[
            ("Advisor", Data::String("Jordan".into())),
            ("As Of", Data::String("2026-11-30".into())),
            ("Max Exceptions %", Data::Float(0.15)),
            ("Max Unprofitable", Data::String("25%".into())),
            ("Sticky Tiers", Data::String("Yes".into())),
            ("Tier By", Data::String("Household".into())),
            ("Borderline Margin", Data::Float(2.0)),
            ("Hourly Cost", Data::String("$150".into())),
            ("Curency", Data::String("EUR".into())),
            ("Borderline Margin", Data::String("lots".into())),
            ("Decimal Mark", Data::String(",".into())),
        ]);
        let mut issues = Vec::new();
        let s = read(Some(&t), today, &mut issues);
        assert_eq!(s.advisor.as_deref(), Some("Jordan"));
        assert_eq!(s.as_of, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert!((s.max_exceptions - 0.15).abs() < 1e-12);
        assert!((s.max_unprofitable - 0.25).abs() < 1e-12);
        assert!(s.sticky_tiers);
        assert_eq!(s.tier_by, TierBy::Household);
        assert_eq!(s.borderline_margin, Points::whole(2));
        assert_eq!(s.hourly_cost, Some(150.0));
        assert_eq!(s.currency, "USD");
        assert_eq!(s.decimal_mark, Some(','));
        assert_eq!(issues.len(), 2, "{issues:?}");
        assert_eq!(issues[0].location.to_string(), "Settings!A10");
        assert!(issues[0].problem.contains("did you mean 'Currency'"), "{}", issues[0].problem);
        assert_eq!(issues[1].location.to_string(), "Settings!B11");
    }

    #[test]
    fn shares() {
        assert_eq!(share(&Data::Float(10.0)), Parsed::Value(0.1));
        assert_eq!(share(&Data::String("10%".into())), Parsed::Value(0.1));
        assert_eq!(share(&Data::Float(0.1)), Parsed::Value(0.1));
        assert_eq!(share(&Data::Float(-1.0)), Parsed::Invalid);
        assert_eq!(share(&Data::Float(500.0)), Parsed::Invalid);
    }
}
