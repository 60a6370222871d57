//! `tierbook run BOOK [-o OUT] [--template T]`: the main job, one book in,
//! one report out.

use std::path::{Path, PathBuf};

use crate::analysis::analyse;
use crate::cli::RunArgs;
use crate::cmd::{file_name, guarded, load, load_template, LoadError, EXIT_OK};
use crate::error::Error;
use crate::model::Book;
use crate::plan::plan;
use crate::portfolio::{metrics, Metrics};
use crate::read::read_previous;
use crate::review::{previous_tiers, review};
use crate::segment::segment;
use crate::template::Template;
use crate::write::{write_crm_csv, write_report, Parts, RunFacts};

/// What a successful run produced.
#[derive(Debug, Clone, PartialEq)]
pub struct RunOutcome {
    /// The report written.
    pub output: PathBuf,
    /// Clients tiered.
    pub clients: usize,
    /// Clients per final tier, top first.
    pub tiers: Vec<(String, usize)>,
    /// Input issues listed on the Issues sheet.
    pub issues: usize,
    /// Warnings on the Summary.
    pub warnings: Vec<String>,
    /// The advisor named in Settings, if any.
    pub advisor: Option<String>,
    /// SHA-256 of the book's bytes.
    pub sha256: String,
    /// The figures the coach's roll-up compares.
    pub metrics: Metrics,
}

/// Where a processed book's outputs go, decided once the book is read (a
/// batch files reports under the advisor named in Settings).
#[derive(Debug, Clone, PartialEq)]
pub struct Outputs {
    /// The report workbook.
    pub report: PathBuf,
    /// The CRM re-import list (Client ID, Name, Tier, Primary Contact), if
    /// wanted.
    pub crm_csv: Option<PathBuf>,
}

/// The default report path: `practice.xlsx` → `practice.tiers.xlsx`.
pub fn default_output(book: &Path) -> PathBuf {
    let stem = book.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "book".into());
    book.with_file_name(format!("{stem}.tiers.xlsx"))
}

/// Tiers one book and writes its report.
pub fn run(opts: &RunArgs, today: chrono::NaiveDate) -> Result<RunOutcome, Error> {
    let template = load_template(opts.template.as_deref())?;
    let output = opts.output.clone().unwrap_or_else(|| default_output(&opts.book));
    check_output(&opts.book, &output)?;
    if crate::lock::is_lock_file(&opts.book) {
        return Err(Error::LockFile { path: opts.book.clone(), book: crate::lock::locked_book(&opts.book) });
    }
    if let Some(lock) = crate::lock::open_lock(&output) {
        return Err(Error::ReportOpen { path: output, lock });
    }
    let mut outcome = process(&opts.book, template.as_ref(), opts.previous.as_deref(), today, |_| Outputs {
        report: output.clone(),
        crm_csv: None,
    })?;
    if let Some(lock) = crate::lock::open_lock(&opts.book) {
        outcome.warnings.insert(0, open_book_warning(&opts.book, &lock));
    }
    Ok(outcome)
}

/// The warning for a book open in Excel or LibreOffice while it is tiered.
pub fn open_book_warning(book: &Path, lock: &Path) -> String {
    format!(
        "{} is open in Excel or LibreOffice ({}): changes not yet saved are not in this report.",
        file_name(book),
        file_name(lock)
    )
}

/// The whole job for one book — read, validate, segment, plan, write — with
/// the outputs placed by `outputs` once the book is known. Shared by `run`
/// and `batch`; a panic inside becomes an error naming the book.
pub fn process(
    path: &Path,
    template: Option<&Template>,
    previous_report: Option<&Path>,
    today: chrono::NaiveDate,
    outputs: impl FnOnce(&mut Book) -> Outputs,
) -> Result<RunOutcome, Error> {
    guarded(path, || {
        let (book, facts) = match load(path, template, today) {
            Ok(x) => x,
            Err(LoadError::Fatal(e)) => return Err(e),
            Err(LoadError::Rejected(r)) => {
                return Err(Error::Invalid { path: path.to_path_buf(), problems: r.problems })
            }
        };
        let mut book = book;
        let out = outputs(&mut book);
        let output = out.report.clone();
        let last_year = previous_report.map(read_previous).transpose()?;
        let (previous, departed) = previous_tiers(&book, last_year.as_ref());
        let seg = segment(&book, &previous);
        let review = review(&book, &seg, departed);
        let plan = plan(&book, &seg);
        let run_facts = RunFacts {
            input: file_name(&facts.path),
            sha256: facts.sha256,
            version: env!("CARGO_PKG_VERSION").to_string(),
            template: template.as_ref().map(|t| t.name.clone()),
            previous: last_year.map(|p| p.source),
        };
        let sha256 = run_facts.sha256.clone();
        let analysis = analyse(&book, &seg, &plan);
        let parts = Parts { book: &book, seg: &seg, plan: &plan, review: &review, analysis: &analysis };
        write_report(parts, &run_facts, &output)?;
        if let Some(csv) = &out.crm_csv {
            write_crm_csv(&book, &seg, &plan, csv)?;
        }
        Ok(RunOutcome {
            output,
            clients: seg.len(),
            tiers: analysis.tier_counts(&book),
            issues: analysis.issues.len(),
            metrics: metrics(&book, &seg, &plan, &analysis.totals, &analysis.warnings),
            warnings: analysis.warnings,
            advisor: book.settings.advisor.clone(),
            sha256,
        })
    })
}

/// Refuses an output that is the input itself, not an .xlsx file, or in a
/// folder that does not exist.
fn check_output(book: &Path, output: &Path) -> Result<(), Error> {
    let is_xlsx = output.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        return Err(Error::BadOutput {
            path: output.to_path_buf(),
            detail: "the report is an .xlsx workbook; give the output a name ending in .xlsx".into(),
        });
    }
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            return Err(Error::BadOutput {
                path: output.to_path_buf(),
                detail: format!("the folder {} does not exist; create it first, or choose another path", dir.display()),
            });
        }
    }
    let canon = |p: &Path| -> Option<PathBuf> {
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        Some(parent.canonicalize().ok()?.join(p.file_name()?))
    };
    if let (Some(a), Some(b)) = (canon(book), canon(output)) {
        let same = if cfg!(any(windows, target_os = "macos")) {
            a.to_string_lossy().eq_ignore_ascii_case(&b.to_string_lossy())
        } else {
            a == b
        };
        if same {
            return Err(Error::OutputIsInput { path: book.to_path_buf() });
        }
    }
    Ok(())
}

/// Runs the command and prints its outcome; returns the exit code.
pub fn execute(opts: &RunArgs) -> Result<i32, Error> {
    let o = run(opts, crate::cmd::today())?;
    if !opts.quiet {
        let tiers: Vec<String> = o.tiers.iter().map(|(c, n)| format!("{c} {n}")).collect();
        println!(
            "{}: {} clients → {}; {} input issue{}; wrote {}",
            file_name(&opts.book),
            o.clients,
            tiers.join(" · "),
            o.issues,
            if o.issues == 1 { "" } else { "s" },
            o.output.display()
        );
        for w in &o.warnings {
            println!("  warning: {w}");
        }
    }
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_output_sits_beside_the_book() {
        assert_eq!(default_output(Path::new("/x/practice.xlsx")), PathBuf::from("/x/practice.tiers.xlsx"));
        assert_eq!(default_output(Path::new("list.CSV")), PathBuf::from("list.tiers.xlsx"));
    }

    #[test]
    fn output_must_be_xlsx() {
        assert!(check_output(Path::new("a.xlsx"), Path::new("b.xls")).is_err());
        assert!(check_output(Path::new("a.xlsx"), Path::new("b.XLSX")).is_ok());
    }
}
