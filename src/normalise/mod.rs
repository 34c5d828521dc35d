//! Normalise: raw sheets into the canonical records. Units sheets are read
//! first (names, 别名, 分组), then intake rows in file order (deduplicated),
//! then reply rows matched to the cases. Every row ends up used, a counted
//! duplicate, a counted blank/footer, or an anomaly; each sheet's tally shows it.

pub mod datetime;
pub mod frames;
pub mod intake;
pub mod ledger;
pub mod replies;
pub mod units;

use crate::ingest::cell::Cell;
use crate::ingest::header::Field;
use crate::ingest::{DataRow, FileData, SheetData};
use crate::model::{
    Anomaly, AnomalyKind, Assignment, Case, FileReport, Reply, SheetKind, SheetReport, Unit,
};
use chrono::NaiveDateTime;
use ledger::{Ledger, RowId};
use rayon::prelude::*;
use std::collections::BTreeMap;
use units::Directory;

/// The normalised data set: what the rules and judging stages consume.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub cases: Vec<Case>,
    /// One per (case, unit), in case order.
    pub assignments: Vec<Assignment>,
    /// Matched replies, in reading order.
    pub replies: Vec<Reply>,
    /// Every unit: listed ones and those seen on cases, by group then name.
    pub units: Vec<Unit>,
    pub anomalies: Vec<Anomaly>,
    pub files: Vec<FileReport>,
    /// Groups in display order: as first listed in a units sheet, then
    /// inferred ones, 未分组 last.
    pub groups: Vec<String>,
    /// Whether a units sheet was found.
    pub has_units_sheet: bool,
    /// The latest time stamp in the inputs (交办时间 or 反馈时间).
    pub latest: Option<NaiveDateTime>,
}

impl Dataset {
    /// Number of anomalies by kind.
    pub fn anomaly_counts(&self) -> BTreeMap<AnomalyKind, usize> {
        let mut counts = BTreeMap::new();
        for a in &self.anomalies {
            *counts.entry(a.kind).or_insert(0) += 1;
        }
        counts
    }
}

/// Rows parsed at a time: parsing runs across cores, adding in order; the
/// parsed rows of one chunk are all that exists besides the records. The
/// last chunk is added with nothing left to parse beside it, so chunks are
/// kept small (16,384 rows: 1<<16 left one core idle for ~0.04 s at the end of
/// each phase on the 100k set; 1<<12 and 1<<13 measured the same as this).
const CHUNK: usize = 1 << 14;

/// Normalises the files read by [`crate::ingest::read_folder`] (in path order),
/// consuming them: each row's cells are freed once the row is decided.
pub fn normalise(files: Vec<FileData>) -> Dataset {
    let sheets_of = |kinds: &[SheetKind]| -> Vec<RowId> {
        let mut out = Vec::new();
        for (f, file) in files.iter().enumerate() {
            if let Ok(sheets) = &file.sheets {
                for (s, sheet) in sheets.iter().enumerate() {
                    if kinds.contains(&sheet.kind) {
                        out.extend((0..sheet.rows.len()).map(|row| RowId {
                            file: f,
                            sheet: s,
                            row,
                        }));
                    }
                }
            }
        }
        out
    };
    let unit_rows = sheets_of(&[SheetKind::Units]);
    let intake_rows = sheets_of(&[SheetKind::Intake, SheetKind::Combined]);
    let reply_rows = sheets_of(&[SheetKind::Reply, SheetKind::Combined]);
    let mut ledger = Ledger::new(files);

    let mut dir = Directory::default();
    for id in unit_rows {
        add_unit_row(&mut dir, &ledger, id);
        drop(ledger.release(id));
    }
    let mut cases = intake::CaseBook::with_capacity(intake_rows.len());
    let mut adder = intake::Adder::default();
    parse_and_add(
        &mut ledger,
        &intake_rows,
        |ledger, id| intake::parse(ledger.sheet(id), ledger.row(id), &dir),
        |ledger, id, row| adder.add(&mut cases, ledger, id, row),
        // A combined row is read again for its reply. A row still gathered
        // into a merged 事项编号 is undecided, so it is kept anyway.
        |ledger, id| ledger.sheet(id).kind == SheetKind::Intake,
    );
    adder.finish(&mut cases, &ledger);
    let first_assignment = first_assignments(&cases.cases);
    let mut replies = replies::ReplyBook::with_capacity(reply_rows.len());
    // The cases are final: their assignments are made while replies are read.
    let ((), (assignments, units)) = rayon::join(
        || {
            parse_and_add(
                &mut ledger,
                &reply_rows,
                |ledger, id| {
                    let combined = ledger.sheet(id).kind == SheetKind::Combined;
                    replies::parse(&cases, &first_assignment, ledger, &dir, id, combined)
                },
                |ledger, id, row| replies::add(&mut replies, ledger, id, row),
                |_, _| true,
            )
        },
        || assign(&cases.cases, &dir),
    );
    ledger.finish_undecided();

    let mut anomalies = Vec::new();
    let mut reports = Vec::new();
    for (f, file) in ledger.files().iter().enumerate() {
        let (sheets, error) = match &file.sheets {
            Ok(sheets) => (
                sheets
                    .iter()
                    .enumerate()
                    .map(|(s, sheet)| SheetReport {
                        name: sheet.name.to_string(),
                        kind: sheet.kind,
                        header_row: sheet.header_row,
                        tally: ledger.tally(f, s),
                    })
                    .collect(),
                None,
            ),
            Err(e) => {
                anomalies.push(Anomaly {
                    file: file.relative.clone(),
                    sheet: "".into(),
                    row: 0,
                    case_id: None,
                    kind: AnomalyKind::UnreadableFile,
                    message: e.clone(),
                    raw: String::new(),
                });
                (Vec::new(), Some(e.clone()))
            }
        };
        reports.push(FileReport {
            path: file.relative.clone(),
            sha256: file.sha256.clone(),
            size: file.size,
            sheets,
            error,
        });
    }
    anomalies.extend(ledger.into_anomalies());

    let mut groups: Vec<String> = dir.group_order().to_vec();
    let mut extra: Vec<String> = units
        .iter()
        .map(|u| u.group.clone())
        .filter(|g| !groups.contains(g))
        .collect();
    extra.sort_by_key(|g| (g == units::UNGROUPED, g.clone()));
    extra.dedup();
    groups.extend(extra);
    let latest = cases
        .cases
        .iter()
        .map(|c| c.assigned_at)
        .chain(replies.replies.iter().map(|r| r.replied_at))
        .max();
    Dataset {
        cases: cases.cases,
        assignments,
        replies: replies.replies,
        units,
        anomalies,
        files: reports,
        groups,
        has_units_sheet: dir.is_listed(),
        latest,
    }
}

/// Rows parsed in parallel, a chunk at a time (the costly part: text, dates,
/// units), and added in file order (deduplication depends on what came
/// before). While one thread adds a chunk, the other cores parse the next
/// and free the cells of the one before (freeing millions of strings is no
/// small part); `release` says whether a row's cells may go once added.
fn parse_and_add<P: Send>(
    ledger: &mut Ledger,
    rows: &[RowId],
    parse: impl Fn(&Ledger, RowId) -> P + Sync,
    mut add: impl FnMut(&Ledger, RowId, P) + Send,
    release: impl Fn(&Ledger, RowId) -> bool,
) {
    let chunks: Vec<&[RowId]> = rows.chunks(CHUNK).collect();
    let parse_chunk =
        |ledger: &Ledger, chunk: &[RowId]| chunk.par_iter().map(|&id| parse(ledger, id)).collect();
    let mut next: Option<Vec<P>> = chunks.first().map(|c| parse_chunk(ledger, c));
    let mut freed: Vec<Vec<Cell>> = Vec::new();
    for (k, chunk) in chunks.iter().enumerate() {
        let parsed = next.take().unwrap_or_default();
        let shared = &*ledger;
        let add = &mut add;
        let following = chunks.get(k + 1).copied();
        let parse_chunk = &parse_chunk;
        ((), next) = rayon::join(
            move || {
                for (&id, row) in chunk.iter().zip(parsed) {
                    add(shared, id, row);
                }
            },
            move || {
                drop(freed);
                following.map(|c| parse_chunk(shared, c))
            },
        );
        let releasable: Vec<RowId> = chunk
            .iter()
            .copied()
            .filter(|&id| release(ledger, id))
            .collect();
        freed = releasable
            .into_iter()
            .map(|id| ledger.release(id))
            .collect();
    }
}

/// A units-sheet row: name, group (inferred when blank) and aliases; `Err`
/// with the reason when the row names no unit.
fn read_unit_row(
    sheet: &SheetData,
    row: &DataRow,
) -> Result<(String, String, Vec<String>), String> {
    let col = |f: Field| sheet.columns.get(f);
    for (field, label) in [(Field::UnitName, "单位名称"), (Field::Group, "分组")] {
        if let crate::ingest::cell::Cell::Error(e) = row.cell(col(field)) {
            return Err(format!("单位名单行的{label}为错误值“{e}”"));
        }
    }
    let name = crate::text::key(&row.cell(col(Field::UnitName)).text());
    if name.is_empty() {
        return Err("单位名单行缺少单位名称".into());
    }
    let group = crate::text::key(&row.cell(col(Field::Group)).text());
    let group = if group.is_empty() {
        units::infer_group(&name).to_owned()
    } else {
        group
    };
    let aliases: Vec<String> = col(Field::Alias)
        .map(|c| units::split_units(&row.cell(Some(c)).text(), false))
        .unwrap_or_default()
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| *n != name)
        .collect();
    Ok((name, group, aliases))
}

/// One units-sheet row into the directory.
fn add_unit_row(dir: &mut Directory, ledger: &Ledger, id: RowId) {
    let (name, group, aliases) = match read_unit_row(ledger.sheet(id), ledger.row(id)) {
        Ok(unit) => unit,
        Err(msg) => return ledger.anomaly(id, AnomalyKind::BadUnitsRow, None, msg),
    };
    match dir.add(&name, &group, &aliases) {
        Ok(true) => ledger.used(id),
        Ok(false) => ledger.duplicate(id),
        Err(conflicts) => {
            let text = conflicts
                .iter()
                .map(|c| match c {
                    units::DirectoryConflict::GroupChanged { earlier } => {
                        format!("单位“{name}”此前分组为“{earlier}”，以本行“{group}”为准")
                    }
                    units::DirectoryConflict::AliasTaken { alias, unit } => {
                        format!("别名“{alias}”已属于“{unit}”，本行的该别名不采用")
                    }
                    units::DirectoryConflict::NameWasAlias { unit } => {
                        format!("“{name}”此前列为“{unit}”的别名，现按本行作为单独的单位")
                    }
                })
                .collect::<Vec<_>>()
                .join("；");
            ledger.anomaly(id, AnomalyKind::BadUnitsRow, None, text);
        }
    }
}

/// The index [`assign`] gives each case's first assignment (a case's
/// assignments follow its units in order), known before it runs.
fn first_assignments(cases: &[Case]) -> Vec<usize> {
    cases
        .iter()
        .scan(0, |next, case| {
            let first = *next;
            *next += case.units.len();
            Some(first)
        })
        .collect()
}

/// Assignments for every case (one per distinct unit), and the unit list.
fn assign(cases: &[Case], dir: &Directory) -> (Vec<Assignment>, Vec<Unit>) {
    let mut assignments = Vec::with_capacity(cases.iter().map(|c| c.units.len()).sum());
    let mut units: BTreeMap<String, Unit> =
        dir.units().map(|u| (u.name.clone(), u.clone())).collect();
    for (i, case) in cases.iter().enumerate() {
        for ur in &case.units {
            // The case's units are canonical names already.
            let group = dir.group_of(&ur.unit);
            if !units.contains_key(ur.unit.as_str()) {
                let unit = Unit {
                    name: ur.unit.to_string(),
                    group: group.to_owned(),
                    aliases: Vec::new(),
                    listed: false,
                };
                units.insert(ur.unit.to_string(), unit);
            }
            assignments.push(Assignment {
                case_index: i,
                unit: ur.unit.clone(),
                group: group.into(),
                role: ur.role,
                unit_count: case.units.len(),
            });
        }
    }
    let mut units: Vec<Unit> = units.into_values().collect();
    units.sort_by(|a, b| (&a.group, &a.name).cmp(&(&b.group, &b.name)));
    (assignments, units)
}
