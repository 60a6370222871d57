//! The cover note: what an advisor reads before opening the attachment.
//!
//! Written only from the reports' own figures ([`Report`]), one section per
//! attached report, in plain text and in HTML with the same content. Pure.

use std::fmt::Write as _;

use crate::send::report::Report;

/// At most this many input issues are listed in the note; the rest are
/// counted and left to the report's Issues sheet.
pub const ISSUES_LISTED: usize = 10;

/// A cover note in its two forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// `Client tiers — <Advisor> — <As Of>`.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body (the same content).
    pub html: String,
}

/// One block of the note: a heading and its lines.
struct Block {
    heading: String,
    lines: Vec<String>,
}

/// Writes the note for `advisor` about `reports` (at least one), with the
/// coach's own words when there are any.
pub fn compose(advisor: &str, reports: &[&Report], coach_note: Option<&str>) -> Note {
    let as_of = reports.iter().map(|r| r.as_of).max().map(|d| d.to_string()).unwrap_or_default();
    let subject = format!("Client tiers — {advisor} — {as_of}");
    let names: Vec<String> = reports.iter().map(|r| file_name(&r.relative)).collect();
    let opening = match names.as_slice() {
        [one] => format!("Your client tiers as of {as_of} are attached: {one}."),
        many => format!("Your client tiers as of {as_of} are attached, one report per book: {}.", many.join(", ")),
    };
    let mut sections: Vec<(Option<String>, Vec<Block>)> = Vec::new();
    for r in reports {
        let title = (reports.len() > 1).then(|| {
            let book = if r.input_file.is_empty() { String::new() } else { format!(" (book {})", r.input_file) };
            format!("{}{book}, as of {}", file_name(&r.relative), r.as_of)
        });
        sections.push((title, blocks(r)));
    }
    let closing =
        "Every figure above is taken from the attached report; its Summary, Review and Issues sheets hold the detail.";

    let mut text = format!("Hello {advisor},\n\n{opening}\n");
    let mut html = format!(
        "<!DOCTYPE html>\n<html><body style=\"font-family:sans-serif\">\n<p>Hello {},</p>\n<p>{}</p>\n",
        escape(advisor),
        escape(&opening)
    );
    if let Some(note) = coach_note {
        let _ = write!(text, "\nA note from your coach:\n{note}\n");
        let _ = write!(html, "<h3>A note from your coach</h3>\n<p>{}</p>\n", escape(note).replace('\n', "<br>"));
    }
    for (title, blocks) in &sections {
        if let Some(title) = title {
            let _ = write!(text, "\n== {title} ==\n");
            let _ = writeln!(html, "<h2>{}</h2>", escape(title));
        }
        for b in blocks {
            let _ = write!(text, "\n{}\n", b.heading);
            let _ = writeln!(html, "<h3>{}</h3>\n<ul>", escape(&b.heading));
            for line in &b.lines {
                let _ = writeln!(text, "  - {line}");
                let _ = writeln!(html, "<li>{}</li>", escape(line));
            }
            html.push_str("</ul>\n");
        }
    }
    let _ = write!(text, "\n{closing}\n");
    let _ = write!(html, "<p>{}</p>\n</body></html>\n", escape(closing));
    Note { subject, text, html }
}

/// The blocks of one report: tiers and movement, reviews overdue, warnings,
/// input issues.
fn blocks(r: &Report) -> Vec<Block> {
    let mut out = Vec::new();
    let mut tiers: Vec<String> = r
        .tiers
        .iter()
        .map(|t| {
            let label = if t.label.is_empty() { String::new() } else { format!(" ({})", t.label) };
            let change = match t.last {
                Some(last) if last == t.clients => format!(" ({last} before, no change)"),
                Some(last) => format!(" ({last} before, {})", signed(t.clients as i64 - last as i64)),
                None => String::new(),
            };
            format!("Tier {}{label}: {} {}{change}", t.code, t.clients, plural(t.clients, "client", "clients"))
        })
        .collect();
    match &r.movement {
        Some((source, m)) => {
            let source = if source.is_empty() { String::new() } else { format!(" ({source})") };
            tiers.push(format!(
                "Since the previous tiers{source}: {} promoted, {} demoted, {} new, {} departed",
                m.promoted, m.demoted, m.new, m.departed
            ));
        }
        None => tiers.push("No previous tiers are known, so no movement is shown.".to_string()),
    }
    out.push(Block {
        heading: format!("Clients per tier ({} {})", r.clients, plural(r.clients, "client", "clients")),
        lines: tiers,
    });

    if r.tiers.iter().any(|t| t.overdue.is_some()) {
        let lines = r
            .tiers
            .iter()
            .map(|t| match t.overdue {
                Some(n) => format!("Tier {}: {n} of {} overdue", t.code, t.clients),
                None => format!("Tier {}: not tracked", t.code),
            })
            .collect();
        out.push(Block { heading: "Reviews overdue".into(), lines });
    } else {
        out.push(Block {
            heading: "Reviews overdue".into(),
            lines: vec!["Not tracked: the book has no Last Review column.".into()],
        });
    }

    let heading = format!("Warnings ({})", r.warnings.len());
    let lines = if r.warnings.is_empty() { vec!["None.".to_string()] } else { r.warnings.clone() };
    out.push(Block { heading, lines });

    let heading = format!("Input issues to fix ({})", r.input_issues);
    let mut lines: Vec<String> = r.issues.iter().take(ISSUES_LISTED).cloned().collect();
    if r.issues.len() > ISSUES_LISTED {
        lines.push(format!("… and {} more on the report's Issues sheet.", r.issues.len() - ISSUES_LISTED));
    }
    if lines.is_empty() {
        lines.push("None.".into());
    }
    out.push(Block { heading, lines });
    out
}

fn file_name(relative: &str) -> String {
    relative.rsplit('/').next().unwrap_or(relative).to_string()
}

fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `+3`, `−2` (a true minus sign), `0`.
fn signed(n: i64) -> String {
    match n {
        n if n > 0 => format!("+{n}"),
        n if n < 0 => format!("−{}", -n),
        _ => "0".into(),
    }
}

/// Text made safe inside HTML elements and attributes.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::send::report::{Movement, TierLine};
    use chrono::NaiveDate;

    fn report() -> Report {
        let tier = |code: &str, clients, last, overdue| TierLine {
            code: code.into(),
            label: format!("{code} clients"),
            clients,
            last,
            overdue,
        };
        Report {
            path: "r/Ann/book.tiers.xlsx".into(),
            relative: "Ann/book.tiers.xlsx".into(),
            sha256: "00".into(),
            advisor: "Ann <Archer> & Co".into(),
            as_of: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            input_file: "book.xlsx".into(),
            clients: 13,
            tiers: vec![tier("A", 3, Some(1), Some(2)), tier("B", 10, Some(12), Some(0))],
            movement: Some((
                "from the Previous Tier column".into(),
                Movement { promoted: 2, demoted: 1, new: 1, departed: 0 },
            )),
            warnings: vec!["Tier A holds 23.1% of clients, over its Max Share of 20.0% (3 clients, 1 over).".into()],
            input_issues: 12,
            issues: (1..=12).map(|k| format!("Clients!G{k}: Assets is not an amount")).collect(),
        }
    }

    #[test]
    fn the_note_gives_the_reports_figures() {
        let r = report();
        let n = compose("Ann Archer", &[&r], Some("Great quarter.\nCall me."));
        assert_eq!(n.subject, "Client tiers — Ann Archer — 2026-11-30");
        let expected_start = "Hello Ann Archer,\n\nYour client tiers as of 2026-11-30 are attached: book.tiers.xlsx.\n\n\
A note from your coach:\nGreat quarter.\nCall me.\n\n\
Clients per tier (13 clients)\n  - Tier A (A clients): 3 clients (1 before, +2)\n  - Tier B (B clients): 10 clients (12 before, −2)\n  \
- Since the previous tiers (from the Previous Tier column): 2 promoted, 1 demoted, 1 new, 0 departed\n\n\
Reviews overdue\n  - Tier A: 2 of 3 overdue\n  - Tier B: 0 of 10 overdue\n\n\
Warnings (1)\n  - Tier A holds 23.1% of clients, over its Max Share of 20.0% (3 clients, 1 over).\n\n\
Input issues to fix (12)\n  - Clients!G1: Assets is not an amount\n";
        assert!(n.text.starts_with(expected_start), "{}", n.text);
        assert!(n
            .text
            .contains("  - Clients!G10: Assets is not an amount\n  - … and 2 more on the report's Issues sheet.\n"));
        assert!(!n.text.contains("G11"));
        assert!(n.html.contains("<li>Tier A (A clients): 3 clients (1 before, +2)</li>"));
        assert!(n.html.contains("<p>Great quarter.<br>Call me.</p>"));
    }

    #[test]
    fn html_is_escaped_and_sections_split_per_report() {
        let mut r2 = report();
        r2.relative = "Ann/second.tiers.xlsx".into();
        r2.movement = None;
        r2.warnings.clear();
        for t in &mut r2.tiers {
            t.overdue = None;
        }
        let r1 = report();
        let n = compose("Ann <Archer> & Co", &[&r1, &r2], None);
        assert!(n.html.contains("<p>Hello Ann &lt;Archer&gt; &amp; Co,</p>"));
        assert!(n.text.contains("\n== book.tiers.xlsx (book book.xlsx), as of 2026-11-30 ==\n"));
        assert!(n.text.contains("\n== second.tiers.xlsx (book book.xlsx), as of 2026-11-30 ==\n"));
        assert!(n.text.contains("No previous tiers are known, so no movement is shown."));
        assert!(n.text.contains("Reviews overdue\n  - Not tracked: the book has no Last Review column.\n"));
        assert!(n.text.contains("Warnings (0)\n  - None.\n"));
        assert!(!n.text.contains("coach"));
    }
}
