//! Matching sheet and column names the way an advisor writes them.
//!
//! Names are compared case-insensitively, ignoring surrounding blanks, spaces,
//! `_`, `-` and `.`: `Client_ID`, `client id` and `CLIENT-ID` are one name, but
//! `Client #` is `client#`, not `client`. An exact header wins over an alias,
//! and aliases are tried in the order they are listed.

/// The comparison key of a name (see the module docs).
pub fn normalize(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A column that may be spelled several ways: its canonical name first.
#[derive(Debug, Clone, Copy)]
pub struct ColumnName {
    /// The name the spec gives the column.
    pub canonical: &'static str,
    /// Other spellings accepted, in order of preference.
    pub aliases: &'static [&'static str],
}

impl ColumnName {
    /// A column with no aliases.
    pub const fn plain(canonical: &'static str) -> Self {
        ColumnName { canonical, aliases: &[] }
    }

    /// Every name of the column: the canonical one, then the aliases.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.canonical).chain(self.aliases.iter().copied())
    }

    /// Finds this column among `headers`: the canonical name first, then each
    /// alias in order. Returns the header's index.
    pub fn find(&self, headers: &[String]) -> Option<usize> {
        let keys: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
        std::iter::once(self.canonical)
            .chain(self.aliases.iter().copied())
            .map(normalize)
            .find_map(|want| keys.iter().position(|k| *k == want))
    }

    /// True when `header` is this column under any of its names.
    pub fn matches(&self, header: &str) -> bool {
        let key = normalize(header);
        std::iter::once(self.canonical).chain(self.aliases.iter().copied()).any(|n| normalize(n) == key)
    }
}

/// The name among `candidates` closest to `wanted`, if any is close enough to
/// be a plausible typo. Used for "did you mean …?" hints.
pub fn closest<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let key = normalize(wanted);
    let mut best: Option<(f64, &str)> = None;
    for cand in candidates {
        let ckey = normalize(cand);
        if ckey.is_empty() {
            continue;
        }
        let mut score = strsim::normalized_damerau_levenshtein(&key, &ckey);
        let shorter = key.chars().count().min(ckey.chars().count());
        if shorter >= 3 && (ckey.contains(&key) || key.contains(&ckey)) {
            score = score.max(0.75);
        }
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, cand));
        }
    }
    best.filter(|(s, _)| *s >= 0.5).map(|(_, c)| c)
}

/// A header row of `names`, for tests.
#[cfg(test)]
pub(crate) fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::headers as h;

    #[test]
    fn normalization() {
        for (written, key) in [
            ("  Client_ID ", "clientid"),
            ("client-id", "clientid"),
            ("client id", "clientid"),
            ("CLIENT-ID", "clientid"),
            ("Client\u{a0}ID", "clientid"),
            ("A.U.M.", "aum"),
            ("Client #", "client#"),
            ("Zoë Ångström", "zoëångström"),
        ] {
            assert_eq!(normalize(written), key, "{written:?}");
        }
        assert_ne!(normalize("Client #"), normalize("Client"));
    }

    const ID: ColumnName = ColumnName { canonical: "Client ID", aliases: &["ID", "Client #", "Account ID"] };

    #[test]
    fn exact_header_wins_over_alias() {
        assert_eq!(ID.find(&h(&["ID", "Name", "client_id"])), Some(2));
        assert_eq!(ID.find(&h(&["Name", "Account ID", "ID"])), Some(2), "aliases in listed order");
        assert_eq!(ID.find(&h(&["Name", "Client"])), None);
        assert_eq!(ID.find(&h(&["CLIENT #"])), Some(0));
    }

    #[test]
    fn suggestions() {
        let headers = ["Client ID", "Name", "Assets", "Revenue", "Refers Others"];
        assert_eq!(closest("Asets", headers), Some("Assets"));
        assert_eq!(closest("Refers", headers), Some("Refers Others"));
        assert_eq!(closest("zzzz", headers), None);
        assert_eq!(closest("=>", [">=", ">", "<=", "between"]), Some(">="));
    }
}
