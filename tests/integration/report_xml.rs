//! A report read back from its XML parts, for the layout checks: cells with
//! their formats, tables, chart anchors, column widths and print titles.
//! rust_xlsxwriter writes plain, regular XML, so a small scanner will do.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// One written cell.
#[derive(Debug, Clone, PartialEq)]
pub struct XCell {
    /// Zero-based row and column.
    pub row: u32,
    pub col: u32,
    /// Index into the style sheet's cell formats.
    pub xf: usize,
    /// True for a number (no type attribute, or `t="n"`).
    pub numeric: bool,
    /// The `<v>` text, if any.
    pub value: Option<String>,
}

/// A table: its cell range (zero-based, inclusive) and column count.
#[derive(Debug, Clone, PartialEq)]
pub struct XTable {
    pub name: String,
    pub first: (u32, u32),
    pub last: (u32, u32),
    pub columns: usize,
}

/// A cell format's number format and alignment.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Xf {
    pub num_fmt: u32,
    /// The number format's code (`General` for the built-in 0).
    pub code: String,
    pub horizontal: Option<String>,
    pub wrap: bool,
}

/// One sheet of a report.
#[derive(Debug, Clone, Default)]
pub struct XSheet {
    pub name: String,
    pub cells: Vec<XCell>,
    pub tables: Vec<XTable>,
    /// Chart anchors: (from col, from row, to col, to row), zero-based.
    pub charts: Vec<(u32, u32, u32, u32)>,
    /// Column widths by zero-based column.
    pub widths: HashMap<u32, f64>,
    /// The `<pageSetup …/>` element, if any.
    pub page_setup: Option<String>,
    /// Its `<drawing>`'s chart parts' XML.
    pub chart_xml: Vec<String>,
}

/// A whole report.
#[derive(Debug, Clone, Default)]
pub struct XReport {
    pub sheets: Vec<XSheet>,
    pub xfs: Vec<Xf>,
    /// `_xlnm.Print_Titles` by sheet name.
    pub print_titles: HashMap<String, String>,
}

impl XReport {
    /// The sheet called `name`.
    pub fn sheet(&self, name: &str) -> &XSheet {
        self.sheets.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no sheet {name}"))
    }
}

impl XSheet {
    /// The cell at (row, col), if written.
    pub fn cell(&self, row: u32, col: u32) -> Option<&XCell> {
        self.cells.iter().find(|c| c.row == row && c.col == col)
    }
}

fn member(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> Option<String> {
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).expect("member is UTF-8");
    Some(s)
}

/// The value of attribute `name` in the tag text `tag`.
pub fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')? + at;
    Some(tag[at..end].to_string())
}

/// Every element `<name …>` or `<name …/>` in `xml`, as (tag, body): the
/// tag's text and what lies before its closing tag (empty when self-closed).
fn elements<'a>(xml: &'a str, name: &str) -> Vec<(&'a str, &'a str)> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        // A longer name with the same start (`<col` vs `<cols`) is not ours.
        if !after.starts_with([' ', '>', '/']) {
            rest = after;
            continue;
        }
        let end = after.find('>').expect("tag ends");
        let tag = &rest[at..at + open.len() + end + 1];
        if tag.ends_with("/>") {
            out.push((tag, ""));
            rest = &after[end + 1..];
        } else {
            let body_start = &after[end + 1..];
            let stop = body_start.find(&close).expect("element closes");
            out.push((tag, &body_start[..stop]));
            rest = &body_start[stop + close.len()..];
        }
    }
    out
}

/// Zero-based (row, column) of an A1 reference.
pub fn a1(r: &str) -> (u32, u32) {
    let letters: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let col = letters.bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1)) - 1;
    let row: u32 = r[letters.len()..].trim_start_matches('$').parse::<u32>().expect("row number") - 1;
    (row, col)
}

fn tag_text(body: &str, name: &str) -> u32 {
    let open = format!("<{name}>");
    let at = body.find(&open).expect("element present") + open.len();
    body[at..body[at..].find('<').expect("text ends") + at].parse().expect("a number")
}

/// The targets of a part's relationships of a type ending in `kind`.
fn targets(rels: Option<String>, kind: &str) -> Vec<String> {
    let Some(rels) = rels else { return Vec::new() };
    elements(&rels, "Relationship")
        .into_iter()
        .filter(|(tag, _)| attr(tag, "Type").is_some_and(|t| t.ends_with(kind)))
        .filter_map(|(tag, _)| attr(tag, "Target"))
        .collect()
}

/// Reads the report at `path`.
pub fn read(path: &Path) -> XReport {
    let file = std::fs::File::open(path).expect("report opens");
    let mut zip = zip::ZipArchive::new(file).expect("report is a zip");
    let styles = member(&mut zip, "xl/styles.xml").expect("styles");
    let xfs_xml = &styles[styles.find("<cellXfs").expect("cellXfs")..];
    let xfs_xml = &xfs_xml[..xfs_xml.find("</cellXfs>").expect("cellXfs ends")];
    let mut codes: HashMap<u32, String> = HashMap::from([(0, "General".to_string())]);
    for (tag, _) in elements(&styles, "numFmt") {
        let id = attr(tag, "numFmtId").expect("numFmtId").parse().expect("numFmtId");
        codes.insert(id, attr(tag, "formatCode").expect("formatCode"));
    }
    let xfs = elements(xfs_xml, "xf")
        .into_iter()
        .map(|(tag, body)| Xf {
            num_fmt: attr(tag, "numFmtId").map_or(0, |n| n.parse().expect("numFmtId")),
            code: attr(tag, "numFmtId")
                .and_then(|n| codes.get(&n.parse().expect("numFmtId")).cloned())
                .unwrap_or_default(),
            horizontal: elements(body, "alignment").first().and_then(|(a, _)| attr(a, "horizontal")),
            wrap: elements(body, "alignment").first().is_some_and(|(a, _)| attr(a, "wrapText").as_deref() == Some("1")),
        })
        .collect();
    let workbook = member(&mut zip, "xl/workbook.xml").expect("workbook");
    let names: Vec<String> =
        elements(&workbook, "sheet").iter().map(|(tag, _)| attr(tag, "name").expect("sheet name")).collect();
    let mut print_titles = HashMap::new();
    for (tag, body) in elements(&workbook, "definedName") {
        if attr(tag, "name").as_deref() == Some("_xlnm.Print_Titles") {
            let sheet: usize = attr(tag, "localSheetId").expect("local").parse().expect("index");
            print_titles.insert(names[sheet].clone(), body.to_string());
        }
    }
    let mut sheets = Vec::new();
    for (k, name) in names.iter().enumerate() {
        let xml = member(&mut zip, &format!("xl/worksheets/sheet{}.xml", k + 1)).expect("sheet part");
        let rels = member(&mut zip, &format!("xl/worksheets/_rels/sheet{}.xml.rels", k + 1));
        let cells = elements(&xml, "c")
            .into_iter()
            .filter(|(_, body)| body.contains("<v>") || body.contains("<is>"))
            .map(|(tag, body)| {
                let (row, col) = a1(&attr(tag, "r").expect("cell ref"));
                let t = attr(tag, "t");
                let value = elements(body, "v").first().map(|(_, v)| v.to_string());
                XCell {
                    row,
                    col,
                    xf: attr(tag, "s").map_or(0, |s| s.parse().expect("style index")),
                    numeric: t.is_none() || t.as_deref() == Some("n"),
                    value,
                }
            })
            .collect();
        let mut widths = HashMap::new();
        for (tag, _) in elements(&xml, "col") {
            let min: u32 = attr(tag, "min").expect("min").parse().expect("min");
            let max: u32 = attr(tag, "max").expect("max").parse().expect("max");
            let width: f64 = attr(tag, "width").expect("width").parse().expect("width");
            for c in min..=max {
                widths.insert(c - 1, width);
            }
        }
        let tables = targets(rels.clone(), "/table")
            .iter()
            .map(|t| {
                let part = format!("xl/{}", t.trim_start_matches("../"));
                let x = member(&mut zip, &part).expect("table part");
                let (tag, _) = elements(&x, "table")[0];
                let range = attr(tag, "ref").expect("table ref");
                let (a, b) = range.split_once(':').expect("a range");
                XTable {
                    name: attr(tag, "name").expect("table name"),
                    first: a1(a),
                    last: a1(b),
                    columns: elements(&x, "tableColumn").len(),
                }
            })
            .collect();
        let mut charts = Vec::new();
        let mut chart_xml = Vec::new();
        for d in targets(rels, "/drawing") {
            let part = format!("xl/{}", d.trim_start_matches("../"));
            let x = member(&mut zip, &part).expect("drawing part");
            for (_, body) in elements(&x, "xdr:twoCellAnchor") {
                let from = elements(body, "xdr:from")[0].1;
                let to = elements(body, "xdr:to")[0].1;
                charts.push((
                    tag_text(from, "xdr:col"),
                    tag_text(from, "xdr:row"),
                    tag_text(to, "xdr:col"),
                    tag_text(to, "xdr:row"),
                ));
            }
            let drels = member(&mut zip, &part.replace("drawings/", "drawings/_rels/").replace(".xml", ".xml.rels"));
            for c in targets(drels, "/chart") {
                chart_xml.push(member(&mut zip, &format!("xl/{}", c.trim_start_matches("../"))).expect("chart part"));
            }
        }
        let page_setup = elements(&xml, "pageSetup").first().map(|(tag, _)| tag.to_string());
        sheets.push(XSheet { name: name.clone(), cells, tables, charts, widths, page_setup, chart_xml });
    }
    XReport { sheets, xfs, print_titles }
}
