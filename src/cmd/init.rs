//! `tierbook init NEW.xlsx [--template T] [--from LIST]`: write a starter
//! book the advisor fills in.
//!
//! The book itself is laid out by [`crate::write::starter`]; with `--from`,
//! the template is first fitted to the advisor's own client list
//! ([`crate::adopt`]). The new file never replaces an existing one: it is
//! written to a temporary file beside its target and moved into place only if
//! nothing has appeared there meanwhile.

use std::io::Write;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::Workbook;

use crate::adopt::{self, Fitted};
use crate::cli::InitArgs;
use crate::cmd::{file_name, EXIT_OK};
use crate::error::Error;
use crate::read::Role;
use crate::template;
use crate::write::starter::build;
use crate::write::{stage_and_place, Placing};

/// What `init` wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct InitOutcome {
    /// The new book.
    pub path: PathBuf,
    /// The template it was filled from.
    pub template: String,
    /// Example clients written.
    pub clients: usize,
    /// Criteria written.
    pub criteria: usize,
    /// With `--from`: the list it was built around, and how the template was
    /// fitted to it.
    pub from: Option<(PathBuf, Fitted)>,
}

/// Writes the starter book.
pub fn init(opts: &InitArgs) -> Result<InitOutcome, Error> {
    let path = &opts.book;
    let fail = |detail: String| Error::Init { path: path.clone(), detail };
    if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
        return Err(Error::BadOutput {
            path: path.clone(),
            detail: "init writes an .xlsx workbook; give the new book a name ending in .xlsx".into(),
        });
    }
    let t = template::load(opts.template.as_deref().unwrap_or(template::DEFAULT))?;
    if path.symlink_metadata().is_ok() {
        return Err(fail(exists_message()));
    }
    let (t, fitted) = match &opts.from {
        Some(list) => {
            let (t, fitted) = adopt::fit(&t, list, path)?;
            (t, Some((list.clone(), fitted)))
        }
        None => (t, None),
    };
    let mut wb = build(&t, &file_name(path)).map_err(|e| fail(e.to_string()))?;
    save_new(&mut wb, path)?;
    Ok(InitOutcome {
        path: path.clone(),
        template: t.name.clone(),
        clients: t.table(Role::Clients).map_or(0, |c| c.rows.len()),
        criteria: t.table(Role::Criteria).map_or(0, |c| c.rows.len()),
        from: fitted,
    })
}

fn exists_message() -> String {
    "the file already exists, and init never overwrites a file; choose a new name, or move the old file away first"
        .to_string()
}

/// Runs the command and prints what it wrote; returns the exit code.
pub fn execute(opts: &InitArgs) -> Result<i32, Error> {
    let o = init(opts)?;
    let name = file_name(&o.path);
    let plural = if o.clients == 1 { "" } else { "s" };
    let Some((list, fitted)) = &o.from else {
        println!(
            "wrote {} from template {}: {} example client{plural}, {} criteria",
            o.path.display(),
            o.template,
            o.clients,
            o.criteria
        );
        println!(
            "next: replace the example clients with yours, then `tierbook check {name}` and `tierbook run {name}`"
        );
        return Ok(EXIT_OK);
    };
    println!(
        "wrote {} from {} and template {}: {} client{plural}, {} criteria",
        o.path.display(),
        file_name(list),
        o.template,
        o.clients,
        o.criteria
    );
    if !fitted.mapped.is_empty() {
        let m: Vec<String> = fitted.mapped.iter().map(|(c, h)| format!("{c} → {h}")).collect();
        println!("  criteria reading your columns: {}", m.join(", "));
    }
    if !fitted.added.is_empty() {
        let added: Vec<String> = fitted
            .added
            .iter()
            .map(|(h, near)| match near {
                Some(n) => format!("{h} (or is it your {n}? then write {n} in the criterion's Column)"),
                None => h.clone(),
            })
            .collect();
        println!("  columns added at the right of Clients, blank for you to fill in: {}", added.join(", "));
    }
    for i in &fitted.issues {
        println!("  {}", i.in_file(&file_name(list)));
    }
    println!("next: `tierbook run {name}` works now; fill in the added columns to score on them");
    Ok(EXIT_OK)
}

/// Saves `wb` at `out` without ever replacing a file there: written to a
/// temporary file in the same folder, then linked into place only if the
/// name is still free.
fn save_new(wb: &mut Workbook, out: &Path) -> Result<(), Error> {
    let fail = |detail: String| Error::Init { path: out.to_path_buf(), detail };
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(fail(format!("the folder {} does not exist; create it first", dir.display())));
    }
    stage_and_place(out, true, |file| {
        let mut writer = std::io::BufWriter::new(file);
        wb.save_to_writer(&mut writer).map_err(|e| e.to_string())?;
        writer.flush().map_err(|e| e.to_string())
    })
    .map_err(|e| match e {
        Placing::Taken => fail(exists_message()),
        Placing::Failed(detail) => fail(detail),
    })
}
