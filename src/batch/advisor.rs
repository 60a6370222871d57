//! Who a book's advisor is, when the inbox folder and the book's Settings
//! `Advisor` disagree.
//!
//! The rule: **the inbox folder decides.** The office files each advisor's
//! books in the advisor's folder, and a book's `Advisor` setting is often
//! stale (a copy of a colleague's book, a template left unchanged). So the
//! report goes under the folder, the roll-up counts the book in the folder's
//! row, and `send` mails it to the folder's advisor. The Settings name is
//! used as the row's label only when it agrees with the folder (`ann` and
//! "Ann Archer" agree); when it does not, the book is filed under the folder
//! name and the disagreement is written on the run report and raised as an
//! alert in the roll-up.

/// The folder a book at the top of the inbox is filed under.
pub(crate) const TOP: &str = "(inbox)";

/// The advisor a book is filed under, and the note when its Settings
/// disagree with its folder. `folder` is the book's inbox folder ("" at the
/// top of the inbox); `named` its Settings `Advisor`, if any.
pub(crate) fn decide(folder: &str, named: Option<&str>) -> (String, Option<String>) {
    let folder_name = if folder.is_empty() { TOP } else { folder };
    let named = named.map(str::trim).filter(|n| !n.is_empty());
    match named {
        None => (folder_name.to_string(), None),
        Some(name) if folder.is_empty() || agrees(folder, name) => (name.to_string(), None),
        Some(name) => (
            folder_name.to_string(),
            Some(format!(
                "the book's Settings name the advisor \"{name}\", but it is in the folder \"{folder}\": filed under \"{folder}\" (the folder decides; move the book or correct its Advisor setting)"
            )),
        ),
    }
}

/// True when a folder name plausibly stands for the named advisor: the
/// whole name, any one of its words, the initials, or an initial with the
/// first or last name ("jordan.avery", "Avery", "ja", "javery", "averyj"),
/// without regard to case, blanks or punctuation.
pub(crate) fn agrees(folder: &str, name: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect()
    };
    let f = words(folder).concat();
    let n = words(name);
    let (Some(first), Some(last)) = (n.first(), n.last()) else { return false };
    if f.is_empty() {
        return false;
    }
    let initial = |w: &str| w.chars().next().map(String::from).unwrap_or_default();
    let initials: String = n.iter().map(|w| initial(w)).collect();
    let candidates = [
        n.concat(),
        initials,
        format!("{}{last}", initial(first)),
        format!("{last}{}", initial(first)),
        format!("{first}{}", initial(last)),
        format!("{last}{first}"),
    ];
    n.contains(&f) || candidates.contains(&f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_that_stand_for_the_name_agree() {
        for folder in ["ann", "Ann Archer", "ann.archer", "archer", "AA", "aarcher", "archer_a", "annA", "archerann"] {
            assert!(agrees(folder, "Ann Archer"), "{folder}");
        }
        for folder in ["bob", "an", "annarcher2", "", "jordan"] {
            assert!(!agrees(folder, "Ann Archer"), "{folder}");
        }
        assert!(agrees("zoë", "Zoë Ång"));
    }

    #[test]
    fn the_folder_decides() {
        assert_eq!(decide("ann", Some("Ann Archer")), ("Ann Archer".into(), None));
        assert_eq!(decide("ann", None), ("ann".into(), None));
        assert_eq!(decide("ann", Some("  ")), ("ann".into(), None));
        assert_eq!(decide("", Some("Ann Archer")), ("Ann Archer".into(), None));
        assert_eq!(decide("", None), ("(inbox)".into(), None));
        let (who, note) = decide("bob", Some("Jordan Avery"));
        assert_eq!(who, "bob");
        assert_eq!(
            note.as_deref(),
            Some("the book's Settings name the advisor \"Jordan Avery\", but it is in the folder \"bob\": filed under \"bob\" (the folder decides; move the book or correct its Advisor setting)")
        );
    }
}
