//! Shared helpers: scratch directories, fixture workbooks, running the
//! binary, and reading reports back with calamine.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use calamine::{open_workbook_auto, Data, Reader};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Formula, Workbook};
use sha2::{Digest, Sha256};

/// Builds one row of fixture cells: `row!["C-01", 12.5, true]`.
#[macro_export]
macro_rules! row {
    ($($x:expr),* $(,)?) => { vec![$($crate::util::Cell::from($x)),*] };
}

/// One cell of a fixture sheet, written with its proper type.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing written.
    Empty,
    /// A string cell (never a formula, whatever it starts with).
    Text(String),
    /// A number cell.
    Num(f64),
    /// A boolean cell.
    Bool(bool),
    /// A date cell with a `yyyy-mm-dd` format.
    Date(NaiveDate),
    /// A formula with its cached result.
    Formula(String, String),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::from(s.as_str())
    }
}
impl From<f64> for Cell {
    fn from(v: f64) -> Self {
        Cell::Num(v)
    }
}
impl From<i32> for Cell {
    fn from(v: i32) -> Self {
        Cell::Num(v as f64)
    }
}
impl From<bool> for Cell {
    fn from(v: bool) -> Self {
        Cell::Bool(v)
    }
}
impl From<NaiveDate> for Cell {
    fn from(v: NaiveDate) -> Self {
        Cell::Date(v)
    }
}

/// A sheet of fixture cells, row by row from A1.
pub type Rows = Vec<Vec<Cell>>;

/// Writes fixture workbooks with rust_xlsxwriter.
#[derive(Debug, Clone, Default)]
pub struct BookBuilder {
    sheets: Vec<(String, Rows)>,
    hidden: Vec<String>,
}

impl BookBuilder {
    /// An empty workbook.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a sheet whose rows start at A1 (blank rows are `vec![]`).
    pub fn sheet(mut self, name: &str, rows: Rows) -> Self {
        self.sheets.push((name.to_string(), rows));
        self
    }

    /// Hides sheet `name` (not the first one: Excel needs one visible).
    pub fn hide(mut self, name: &str) -> Self {
        self.hidden.push(name.to_string());
        self
    }

    /// Changes the rows of sheet `name` (which must exist).
    pub fn edit_sheet(mut self, name: &str, edit: impl FnOnce(&mut Rows)) -> Self {
        let rows = self.sheets.iter_mut().find(|(n, _)| n == name).map(|(_, r)| r).expect("no such sheet");
        edit(rows);
        self
    }

    /// The workbook as .xlsx bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut wb = Workbook::new();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        for (name, rows) in &self.sheets {
            let ws = wb.add_worksheet();
            ws.set_name(name).expect("sheet name");
            if self.hidden.contains(name) {
                ws.set_hidden(true);
            }
            for (r, cells) in rows.iter().enumerate() {
                for (c, cell) in cells.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    let written = match cell {
                        Cell::Empty => continue,
                        Cell::Text(s) => ws.write_string(r, c, s).map(|_| ()),
                        Cell::Num(v) => ws.write_number(r, c, *v).map(|_| ()),
                        Cell::Bool(b) => ws.write_boolean(r, c, *b).map(|_| ()),
                        Cell::Date(d) => ws.write_datetime_with_format(r, c, d, &date).map(|_| ()),
                        Cell::Formula(f, v) => ws.write_formula(r, c, Formula::new(f).set_result(v)).map(|_| ()),
                    };
                    written.expect("write fixture cell");
                }
            }
        }
        wb.save_to_buffer().expect("build fixture workbook")
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh scratch directory under `<tmp>/tierbook-tests/`, removed when the
/// test passes and kept (for a look) when it fails.
pub struct Workdir {
    /// The directory.
    pub dir: PathBuf,
}

impl Workdir {
    /// A new empty directory named after the test.
    pub fn new(name: &str) -> Workdir {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join("tierbook-tests").join(format!("{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create workdir");
        Workdir { dir }
    }

    /// A path inside the directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Writes raw bytes to `name`; returns its path.
    pub fn write_bytes(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write fixture");
        p
    }

    /// Writes a fixture workbook to `name`; returns its path.
    pub fn write_book(&self, name: &str, book: &BookBuilder) -> PathBuf {
        self.write_bytes(name, &book.to_bytes())
    }

    /// Copies a committed fixture (`tests/fixtures/<from>`) in as `to`.
    pub fn copy_fixture(&self, from: &str, to: &str) -> PathBuf {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(from);
        let bytes = std::fs::read(&src).unwrap_or_else(|e| panic!("read {}: {e}", src.display()));
        self.write_bytes(to, &bytes)
    }

    /// Runs the tierbook binary with `args`, in this directory.
    pub fn run(&self, args: &[&str]) -> Outcome {
        let out = Command::new(env!("CARGO_BIN_EXE_tierbook"))
            .args(args)
            .current_dir(&self.dir)
            .output()
            .expect("start tierbook");
        Outcome {
            cmd: format!("(cd {} && tierbook {})", self.dir.display(), args.join(" ")),
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs `tierbook run <book> -o <book stem>.out.xlsx`, asserts success
    /// and conservation, and returns the outcome and the report's path.
    pub fn tier(&self, book: &str) -> (Outcome, PathBuf) {
        let stem = Path::new(book).file_stem().unwrap().to_string_lossy().into_owned();
        let out_name = format!("{stem}.out.xlsx");
        let outcome = self.run(&["run", book, "-o", &out_name]).expect_code(0);
        let out = self.path(&out_name);
        assert!(out.is_file(), "no report at {}\n{outcome}", out.display());
        crate::conservation::assert_conserved(&self.path(book), &out);
        (outcome, out)
    }

    /// Runs `args` and asserts exit `code`, the whole of stderr, and that
    /// the directory then holds exactly `files` (so no report and no
    /// temporary file): how a refused command is checked.
    pub fn refuses(&self, args: &[&str], code: i32, stderr: &str, files: &[&str]) -> Outcome {
        let out = self.run(args).expect_code(code);
        out.assert_stderr_is(stderr);
        self.assert_files(files, &out);
        out
    }

    /// File names in the directory, sorted (hidden ones included).
    pub fn files(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&self.dir)
            .expect("list workdir")
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    /// Asserts the directory holds exactly `names` (so no report, no temp file).
    pub fn assert_files(&self, names: &[&str], context: &Outcome) {
        let mut want: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(self.files(), want, "unexpected files in {}\n{context}", self.dir.display());
    }
}

/// A book written into a scratch directory of its own and tiered there
/// ([`Workdir::tier`]: exit 0, a report, every client conserved), with the
/// report's client rows read back: how most tests of a good book begin.
/// The directory is removed when `wd` is dropped: a destructuring `let`
/// that leaves `wd` out may keep `out` and `rows`, never use `report`.
pub struct Tiered {
    /// The scratch directory, kept (and removed) with the value.
    pub wd: Workdir,
    /// What `run` printed.
    pub out: Outcome,
    /// The report's path.
    pub report: PathBuf,
    /// Every client row of the report's tier sheets ([`tier_rows`]).
    pub rows: Vec<ClientRow>,
}

impl Tiered {
    /// Writes `book` as `file` in a new [`Workdir`] named `test` and tiers it.
    pub fn book(test: &str, file: &str, book: &BookBuilder) -> Tiered {
        let wd = Workdir::new(test);
        wd.write_book(file, book);
        let (out, report) = wd.tier(file);
        let rows = tier_rows(&report);
        Tiered { wd, out, report, rows }
    }

    /// The single row whose Client ID is `id` ([`client`]).
    pub fn client(&self, id: &str) -> &ClientRow {
        client(&self.rows, id)
    }

    /// Sheet `name` of the report ([`read_sheet`]).
    pub fn sheet(&self, name: &str) -> Vec<Vec<Data>> {
        read_sheet(&self.report, name)
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// What one run of the binary did. Its `Display` is the full record, for
/// assertion messages.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The command line, with its directory.
    pub cmd: String,
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "command: {}\nexit: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.cmd, self.code, self.stdout, self.stderr
        )
    }
}

impl Outcome {
    /// Asserts the exit code; returns self for chaining.
    pub fn expect_code(self, code: i32) -> Outcome {
        assert_eq!(self.code, Some(code), "wrong exit code\n{self}");
        self
    }

    /// Asserts stderr holds every one of `parts`.
    pub fn stderr_has(&self, parts: &[&str]) -> &Outcome {
        for p in parts {
            assert!(self.stderr.contains(p), "stderr lacks {p:?}\n{self}");
        }
        self
    }

    /// Asserts the whole of stderr, so a changed message is a visible diff.
    pub fn assert_stderr_is(&self, whole: &str) -> &Outcome {
        assert_eq!(self.stderr, whole, "stderr differs\n{self}");
        self
    }

    /// Asserts the whole of stdout.
    pub fn assert_stdout_is(&self, whole: &str) -> &Outcome {
        assert_eq!(self.stdout, whole, "stdout differs\n{self}");
        self
    }

    /// Asserts stdout holds every one of `parts`.
    pub fn stdout_has(&self, parts: &[&str]) -> &Outcome {
        for p in parts {
            assert!(self.stdout.contains(p), "stdout lacks {p:?}\n{self}");
        }
        self
    }
}

/// Lower-case hex SHA-256 of a file.
pub fn sha256_file(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("read for sha256");
    Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Sheet names of a workbook, in order.
pub fn sheet_names(path: &Path) -> Vec<String> {
    let wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    wb.sheet_names()
}

/// A sheet as a grid anchored at A1 (calamine trims leading blank rows and
/// columns; this puts them back so indices are absolute).
pub fn read_sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb = open_workbook_auto(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let range = wb.worksheet_range(name).unwrap_or_else(|e| panic!("sheet {name} of {}: {e}", path.display()));
    let Some((_, _)) = range.start() else { return Vec::new() };
    let (r1, c1) = range.end().unwrap();
    let mut grid = vec![vec![Data::Empty; c1 as usize + 1]; r1 as usize + 1];
    for (r, c, v) in range.used_cells() {
        let (r0, c0) = range.start().unwrap();
        grid[r + r0 as usize][c + c0 as usize] = v.clone();
    }
    grid
}

/// A cell as text: integral numbers without `.0`, blanks as "".
pub fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// Index of the column whose header (row 0) is exactly `header`.
pub fn column(grid: &[Vec<Data>], header: &str) -> usize {
    grid.first()
        .and_then(|h| h.iter().position(|c| text(c) == header))
        .unwrap_or_else(|| panic!("no column {header:?} in {:?}", grid.first()))
}

/// One client row of a tier sheet, with that sheet's headers.
#[derive(Debug, Clone)]
pub struct ClientRow {
    /// The tier sheet it sits on.
    pub sheet: String,
    /// Headers of the sheet.
    pub headers: Vec<String>,
    /// The row's cells.
    pub cells: Vec<Data>,
}

impl ClientRow {
    /// The cell under `header`.
    pub fn get(&self, header: &str) -> &Data {
        let i = self
            .headers
            .iter()
            .position(|h| h == header)
            .unwrap_or_else(|| panic!("no column {header:?} on {}: {:?}", self.sheet, self.headers));
        self.cells.get(i).unwrap_or(&Data::Empty)
    }

    /// The cell under `header`, as text.
    pub fn text(&self, header: &str) -> String {
        text(self.get(header))
    }

    /// The number under `header` (panics if it is not a number cell).
    pub fn num(&self, header: &str) -> f64 {
        match self.get(header) {
            Data::Float(f) => *f,
            Data::Int(i) => *i as f64,
            other => panic!("{header} of {} on {} is not a number: {other:?}", self.text("Client ID"), self.sheet),
        }
    }
}

/// Every client row of every `Tier …` sheet, sheet by sheet, in sheet order.
pub fn tier_rows(report: &Path) -> Vec<ClientRow> {
    let mut out = Vec::new();
    for sheet in sheet_names(report).into_iter().filter(|s| s.starts_with("Tier ")) {
        let grid = read_sheet(report, &sheet);
        let headers: Vec<String> = grid.first().map(|h| h.iter().map(text).collect()).unwrap_or_default();
        for cells in grid.into_iter().skip(1) {
            if cells.iter().all(|c| matches!(c, Data::Empty)) {
                continue;
            }
            out.push(ClientRow { sheet: sheet.clone(), headers: headers.clone(), cells });
        }
    }
    out
}

/// The single row whose Client ID is `id` (panics on none or several).
pub fn client<'a>(rows: &'a [ClientRow], id: &str) -> &'a ClientRow {
    let found: Vec<&ClientRow> = rows.iter().filter(|r| r.text("Client ID") == id).collect();
    assert_eq!(found.len(), 1, "Client ID {id:?} found {} times in the report", found.len());
    found[0]
}

/// `(Client ID, Tier)` of every client row, in report order.
pub fn ids_and_tiers(rows: &[ClientRow]) -> Vec<(String, String)> {
    rows.iter().map(|r| (r.text("Client ID"), r.text("Tier"))).collect()
}

/// The value beside a label in column A of a sheet (Summary facts).
pub fn fact(grid: &[Vec<Data>], label: &str) -> Data {
    grid.iter()
        .find(|r| r.first().map(text).as_deref() == Some(label))
        .and_then(|r| r.get(1).cloned())
        .unwrap_or_else(|| panic!("no {label:?} line on the sheet"))
}

/// Rewrites one member of a zip (an .xlsx) with `edit` applied to its text.
pub fn edit_zip_member(bytes: &[u8], member: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("open zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut found = false;
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).expect("zip member");
        let name = f.name().expect("zip member name").to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read zip member");
        if name == member {
            found = true;
            data = edit(&String::from_utf8(data).expect("utf-8 member")).into_bytes();
        }
        out.start_file(name, opts).expect("zip start");
        out.write_all(&data).expect("zip write");
    }
    assert!(found, "no {member} in the zip");
    out.finish().expect("zip finish").into_inner()
}
