//! What the book cannot tell about its clients: a column tierbook needs that
//! is missing, or a column a criterion or rule reads that is blank for every
//! client. Each becomes a Summary warning (issue 12, "never a silent zero"):
//! a report whose revenue is blank because the list calls it `Commissions`,
//! or whose clients all land in C because `Cooperative` was never filled in,
//! must say so on its first page.

use crate::model::{Clients, Criterion, Rule, Test};
use crate::names::closest;
use crate::schema::{client_column, ASSETS, FIRST_NAME, LAST_NAME, NAME, REVENUE};
use crate::value;

/// Words in a header that suggest it holds revenue, though it is not a
/// name tierbook reads as Revenue (a hint only; never used in its place).
const REVENUE_WORDS: &[&str] = &["commission", "fee", "revenue", "income", "production", "billing", "gross", "t12"];
/// Words that suggest assets.
const ASSETS_WORDS: &[&str] = &["aum", "asset", "balance", "holdings", "market value", "portfolio"];

/// The warnings for `clients` read by `criteria` and `rules`, in the order
/// the Summary shows them.
pub fn warnings(clients: &Clients, criteria: &[Criterion], rules: &[Rule]) -> Vec<String> {
    let mut out = Vec::new();
    let n = clients.rows.len();
    let own_headers = || clients.headers.iter().map(String::as_str).filter(|h| client_column(h).is_none());
    for (col, what, setting, present, stems) in [
        (&REVENUE, "revenue", "Revenue Column", clients.revenue_column.is_some(), REVENUE_WORDS),
        (&ASSETS, "assets", "Assets Column", clients.assets_column.is_some(), ASSETS_WORDS),
    ] {
        if present {
            continue;
        }
        let hinted = own_headers().find(|h| {
            let h = h.to_lowercase();
            stems.iter().any(|s| h.contains(s))
        });
        let near = hinted
            .or_else(|| closest(col.canonical, own_headers()))
            .map(|h| format!(" If '{h}' holds them, add a Settings row {setting} = {h}."))
            .unwrap_or_else(|| format!(" Add a {} column, or name yours in Settings {setting}.", col.canonical));
        out.push(format!(
            "No {} column (looked for {}): {what} and every figure made from it are left blank, not zero.{near}",
            col.canonical,
            col.names().collect::<Vec<_>>().join(", ")
        ));
    }
    let has_name = clients.headers.iter().any(|h| NAME.matches(h) || FIRST_NAME.matches(h) || LAST_NAME.matches(h));
    if !has_name {
        out.push(format!(
            "No Name column (looked for {}, or First Name and Last Name): names are blank on every sheet.",
            NAME.names().collect::<Vec<_>>().join(", ")
        ));
    }
    if n == 0 {
        return out;
    }
    let blank_for_all = |c: usize| clients.rows.iter().all(|r| r.cells.get(c).is_none_or(value::is_blank));
    let mut unmet: Vec<String> = Vec::new();
    let mut met: Vec<String> = Vec::new();
    for cr in criteria.iter().filter(|cr| blank_for_all(cr.column)) {
        let list = if matches!(cr.test, Test::No) { &mut met } else { &mut unmet };
        list.push(format!("{} ({})", cr.name, cr.column_name));
    }
    if !unmet.is_empty() {
        out.push(format!(
            "{} blank for all {n} clients, so nobody meets {}: {}. Fill {} in on the {} sheet.",
            plural(unmet.len(), "criterion reads a column", "criteria read columns"),
            if unmet.len() == 1 { "it" } else { "them" },
            unmet.join(", "),
            if unmet.len() == 1 { "it" } else { "them" },
            clients.sheet
        ));
    }
    if !met.is_empty() {
        out.push(format!(
            "{} blank for all {n} clients, so everyone meets {}: {}.",
            plural(met.len(), "\"no\" criterion reads a column", "\"no\" criteria read columns"),
            if met.len() == 1 { "it" } else { "them" },
            met.join(", ")
        ));
    }
    let idle: Vec<String> = rules
        .iter()
        .filter_map(|r| r.condition.as_ref().map(|(c, t)| (r, *c, t)))
        .filter(|(_, c, t)| blank_for_all(*c) && !matches!(t, Test::No))
        .map(|(r, c, _)| format!("{} ({})", r.name, clients.headers[c]))
        .collect();
    if !idle.is_empty() {
        out.push(format!(
            "{} blank for all {n} clients, so {} never {}: {}.",
            plural(idle.len(), "rule reads a column", "rules read columns"),
            if idle.len() == 1 { "it" } else { "they" },
            if idle.len() == 1 { "applies" } else { "apply" },
            idle.join(", ")
        ));
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Client;
    use calamine::Data;

    fn clients(headers: &[&str], rows: &[&[&str]]) -> Clients {
        let cell = |v: &&str| if v.is_empty() { Data::Empty } else { Data::String(v.to_string()) };
        Clients {
            sheet: "Clients".into(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            revenue_column: headers.iter().position(|h| REVENUE.matches(h)),
            assets_column: headers.iter().position(|h| ASSETS.matches(h)),
            rows: rows.iter().map(|r| Client { cells: r.iter().map(cell).collect(), ..Client::default() }).collect(),
            ..Clients::default()
        }
    }

    fn criterion(name: &str, column: usize, header: &str, test: Test) -> Criterion {
        Criterion {
            name: name.into(),
            column,
            column_name: header.into(),
            test,
            weight: value::Points::whole(1),
            required_for: vec![],
            group: None,
            value: calamine::Data::Empty,
        }
    }

    #[test]
    fn missing_money_columns_name_the_closest_header_and_the_setting() {
        let c = clients(&["Client ID", "Name", "Commissions", "AUM"], &[&["1", "Ann", "5", "9"]]);
        let w = warnings(&c, &[], &[]);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("No Revenue column (looked for Revenue, Fees,"), "{}", w[0]);
        assert!(w[0].ends_with(
            "revenue and every figure made from it are left blank, not zero. Add a Revenue column, or name yours in Settings Revenue Column."
        ) || w[0].contains("Settings row Revenue Column = "), "{}", w[0]);
        let c = clients(&["Client ID", "Revenu"], &[&["1", "5"]]);
        let w = warnings(&c, &[], &[]);
        assert!(w[0].ends_with("If 'Revenu' holds them, add a Settings row Revenue Column = Revenu."), "{}", w[0]);
        assert!(w[1].starts_with("No Assets column"), "{}", w[1]);
        assert!(w[2].starts_with("No Name column"), "{}", w[2]);
    }

    #[test]
    fn columns_blank_for_everyone_are_named() {
        let c = clients(
            &["Client ID", "Name", "Revenue", "Assets", "Cooperative", "Vip"],
            &[&["1", "Ann", "5", "9", "", ""], &["2", "Bo", "5", "9", "n/a", "yes"]],
        );
        let crit = [
            criterion("Cooperative", 4, "Cooperative", Test::Yes),
            criterion("Not difficult", 4, "Cooperative", Test::No),
            criterion("VIP", 5, "Vip", Test::Yes),
        ];
        let w = warnings(&c, &crit, &[]);
        assert_eq!(
            w,
            [
                "1 criterion reads a column blank for all 2 clients, so nobody meets it: Cooperative (Cooperative). Fill it in on the Clients sheet.",
                "1 \"no\" criterion reads a column blank for all 2 clients, so everyone meets it: Not difficult (Cooperative)."
            ]
        );
    }
}
