//! The Staff sheet: who serves which tiers, with how many hours a year.

use crate::error::{Issue, Problem};
use crate::model::{StaffMember, TierRule};
use crate::read::Table;
use crate::validate::sheet::Sheet;
use crate::value::{self, Parsed};

/// Reads the team.
pub fn read(t: &Table, tiers: &[TierRule], problems: &mut Vec<Problem>, issues: &mut Vec<Issue>) -> Vec<StaffMember> {
    let Some(sheet) = Sheet::keyed(t, "Name") else { return Vec::new() };
    let [role_c, tiers_c, cap_c, tenure_c] = sheet.columns(["Role", "Tiers", "Capacity Hours", "Tenure Years"]);
    let mut out: Vec<StaffMember> = Vec::new();
    for r in sheet.rows() {
        let Some(name) = r.key_text() else {
            issues.push(Issue::new(r.at_key(), "", "this staff row has no name", "ignored"));
            continue;
        };
        if out.iter().any(|s| s.name.eq_ignore_ascii_case(&name)) {
            problems.push(Problem::new(
                r.at_key(),
                format!("staff member '{name}' is listed twice"),
                "give each person one row (add an initial to tell two people apart)",
            ));
            continue;
        }
        // Nobody would be assigned to a person serving no tier; blank means
        // every tier, as in a one-person practice.
        let served = r
            .tier_list(tiers_c, tiers, &format!("staff member '{name}' serves"), problems)
            .unwrap_or_else(|| (0..tiers.len()).collect());
        let capacity = match value::number(r.get(cap_c)) {
            Parsed::Value(v) if v >= 0.0 => v,
            Parsed::Blank => {
                issues.push(Issue::new(
                    r.at(cap_c),
                    "",
                    format!("no Capacity Hours for {name}"),
                    "counted as 0 hours a year: any client assigned shows as over capacity",
                ));
                0.0
            }
            _ => {
                problems.push(Problem::new(
                    r.at(cap_c),
                    format!("Capacity Hours for {name} is not a number of hours"),
                    "write hours a year for client service, e.g. 1200",
                ));
                0.0
            }
        };
        let tenure = r
            .parse_or_note(
                tenure_c,
                value::number,
                issues,
                format!("Tenure Years for {name} is not a number"),
                "counted as 0 years",
            )
            .value()
            .unwrap_or(0.0);
        out.push(StaffMember { name, role: r.text(role_c).unwrap_or_default(), tiers: served, capacity, tenure });
    }
    out
}
