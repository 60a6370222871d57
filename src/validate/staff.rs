//! The Staff sheet: who serves which tiers, with how many hours a year.

use calamine::Data;

use crate::error::{Issue, Problem};
use crate::model::{StaffMember, TierRule};
use crate::names::ColumnName;
use crate::read::Table;
use crate::value::{self, Parsed};

/// Reads the team.
pub fn read(t: &Table, tiers: &[TierRule], problems: &mut Vec<Problem>, issues: &mut Vec<Issue>) -> Vec<StaffMember> {
    let Some(name_c) = t.column(&ColumnName::plain("Name")) else { return Vec::new() };
    let col = |n: &'static str| t.column(&ColumnName::plain(n));
    let (role_c, tiers_c, cap_c, tenure_c) = (col("Role"), col("Tiers"), col("Capacity Hours"), col("Tenure Years"));
    let empty = Data::Empty;
    let mut out: Vec<StaffMember> = Vec::new();
    for row in &t.rows {
        let get = |c: Option<usize>| c.map(|c| &row.cells[c]).unwrap_or(&empty);
        let at = |c: Option<usize>| t.cell_location(row.row, c.unwrap_or(name_c));
        let Some(name) = value::text(&row.cells[name_c]).map(|v| v.into_owned()) else {
            issues.push(Issue::new(at(Some(name_c)), "", "this staff row has no name", "ignored"));
            continue;
        };
        if out.iter().any(|s| s.name.eq_ignore_ascii_case(&name)) {
            problems.push(Problem::new(
                at(Some(name_c)),
                format!("staff member '{name}' is listed twice"),
                "give each person one row (add an initial to tell two people apart)",
            ));
            continue;
        }
        let mut served = Vec::new();
        match value::text(get(tiers_c)) {
            // Nobody would be assigned to a person serving no tier; blank
            // means every tier, as in a one-person practice.
            None => served.extend(0..tiers.len()),
            Some(codes) => {
                for code in codes.split([',', ';', ' ', '/']).map(str::trim).filter(|c| !c.is_empty()) {
                    match tiers.iter().position(|t| t.code.eq_ignore_ascii_case(code)) {
                        Some(i) => served.push(i),
                        None => problems.push(Problem::new(
                            at(tiers_c),
                            format!("staff member '{name}' serves tier \"{code}\", which does not exist"),
                            format!(
                                "use tier codes from the Tiers sheet ({})",
                                tiers.iter().map(|t| t.code.as_str()).collect::<Vec<_>>().join(", ")
                            ),
                        )),
                    }
                }
            }
        }
        let capacity = match value::number(get(cap_c)) {
            Parsed::Value(v) if v >= 0.0 => v,
            Parsed::Blank => {
                issues.push(Issue::new(
                    at(cap_c),
                    "",
                    format!("no Capacity Hours for {name}"),
                    "counted as 0 hours a year: any client assigned shows as over capacity",
                ));
                0.0
            }
            _ => {
                problems.push(Problem::new(
                    at(cap_c),
                    format!("Capacity Hours for {name} is not a number of hours"),
                    "write hours a year for client service, e.g. 1200",
                ));
                0.0
            }
        };
        let tenure = match value::number(get(tenure_c)) {
            Parsed::Value(v) => v,
            Parsed::Blank => 0.0,
            Parsed::Invalid => {
                issues.push(Issue::new(
                    at(tenure_c),
                    value::display(get(tenure_c)),
                    format!("Tenure Years for {name} is not a number"),
                    "counted as 0 years",
                ));
                0.0
            }
        };
        out.push(StaffMember {
            name,
            role: value::text(get(role_c)).map(|v| v.into_owned()).unwrap_or_default(),
            tiers: served,
            capacity,
            tenure,
        });
    }
    out
}
