//! Shared by the book-level targets: the pure pipeline a run goes through
//! after reading (validate, segment, plan, totals), which must never panic
//! whatever the bytes.

use std::path::Path;

use chrono::NaiveDate;

/// tierbook catches panics inside calamine (a malformed .xls) and refuses the
/// book; libfuzzer-sys's hook would abort on those caught panics too. This
/// hook only prints the message: a panic that escapes `read_and_tier` still
/// aborts the run (libfuzzer-sys catches it and aborts), so it is found.
pub fn quiet_caught_panics() {
    std::panic::set_hook(Box::new(|info| eprintln!("panic (caught or not): {info}")));
}

/// Reads `bytes` as the book `name` and, when it is accepted, runs the core.
pub fn read_and_tier(name: &str, bytes: &[u8]) {
    let Ok(raw) = tierbook::read::read_book_bytes(Path::new(name), bytes.to_vec()) else { return };
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
    let Ok(book) = tierbook::validate::validate(raw, today) else { return };
    let (previous, _) = tierbook::review::previous_tiers(&book, None);
    let seg = tierbook::segment::segment(&book, &previous);
    assert_eq!(seg.tier.len(), book.clients.rows.len(), "every client row gets exactly one tier");
    let plan = tierbook::plan::plan(&book, &seg);
    let totals = tierbook::totals::tier_totals(&book, &seg, &plan);
    let placed: usize = totals.iter().map(|t| t.clients).sum();
    assert_eq!(placed, book.clients.rows.len(), "conservation");
    let _ = tierbook::totals::warnings(&book, &seg, &plan, &totals);
}
