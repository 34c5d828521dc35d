//! The ledger of every data row: what became of it (used, duplicate, anomaly)
//! and the anomalies found, so that each sheet's reconciliation is exact.

use crate::ingest::cell::Cell;
use crate::ingest::{DataRow, FileData, SheetData};
use crate::model::{Anomaly, AnomalyKind, Tally};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

/// A row's address: file, sheet and row index within the sheet's data rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowId {
    pub file: usize,
    pub sheet: usize,
    pub row: usize,
}

/// What became of a row, as bits (a row can be an anomaly and used).
const USED: u8 = 1;
const DUPLICATE: u8 = 2;
const ANOMALY: u8 = 4;

/// Row states and anomalies for every sheet of every file, and the files
/// themselves: a row's cells are freed once the row is decided.
///
/// Marking a row takes `&self` (the states are atomics, the anomaly list is
/// behind a lock, both uncontended: rows are added by one thread at a time),
/// so that rows are parsed from the same ledger while others are added.
pub struct Ledger {
    files: Vec<FileData>,
    states: Vec<Vec<Vec<AtomicU8>>>,
    anomalies: Mutex<Vec<Anomaly>>,
}

impl Ledger {
    /// A ledger for `files`, every row still undecided.
    pub fn new(files: Vec<FileData>) -> Self {
        let states = files
            .iter()
            .map(|f| match &f.sheets {
                Ok(sheets) => sheets
                    .iter()
                    .map(|s| (0..s.rows.len()).map(|_| AtomicU8::new(0)).collect())
                    .collect(),
                Err(_) => Vec::new(),
            })
            .collect();
        Ledger {
            files,
            states,
            anomalies: Mutex::default(),
        }
    }

    /// The anomalies listed, in the order found; the files are freed.
    pub fn into_anomalies(self) -> Vec<Anomaly> {
        self.anomalies
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The files read.
    pub fn files(&self) -> &[FileData] {
        &self.files
    }

    /// The sheet of a row.
    pub fn sheet(&self, id: RowId) -> &SheetData {
        match &self.files[id.file].sheets {
            Ok(sheets) => &sheets[id.sheet],
            Err(_) => unreachable!("rows exist only in readable files"),
        }
    }

    /// The data row itself.
    pub fn row(&self, id: RowId) -> &DataRow {
        &self.sheet(id).rows[id.row]
    }

    /// The file path of a row.
    pub fn file(&self, id: RowId) -> &Arc<str> {
        &self.files[id.file].relative
    }

    /// The origin of a row.
    pub fn origin(&self, id: RowId) -> crate::model::Origin {
        crate::model::Origin {
            file: self.file(id).clone(),
            sheet: self.sheet(id).name.clone(),
            row: self.row(id).row,
        }
    }

    /// Frees a decided row's cells (its row number stays, for origins), so
    /// that the raw rows shrink as the records grow. An undecided row keeps
    /// them for [`Ledger::finish_undecided`].
    /// Returns the cells, for the caller to drop where it suits.
    pub fn release(&mut self, id: RowId) -> Vec<Cell> {
        if self.state(id) == 0 {
            return Vec::new();
        }
        match &mut self.files[id.file].sheets {
            Ok(sheets) => std::mem::take(&mut sheets[id.sheet].rows[id.row].cells),
            Err(_) => Vec::new(),
        }
    }

    fn cell(&self, id: RowId) -> &AtomicU8 {
        &self.states[id.file][id.sheet][id.row]
    }

    fn state(&self, id: RowId) -> u8 {
        self.cell(id).load(Ordering::Relaxed)
    }

    /// Part of the row is used for judging.
    pub fn used(&self, id: RowId) {
        self.cell(id).fetch_or(USED, Ordering::Relaxed);
    }

    /// The row was superseded by a later conflicting row.
    pub fn superseded(&self, id: RowId) {
        let cell = self.cell(id);
        cell.fetch_and(!USED, Ordering::Relaxed);
        cell.fetch_or(DUPLICATE, Ordering::Relaxed);
    }

    /// The row repeats one already seen.
    pub fn duplicate(&self, id: RowId) {
        self.cell(id).fetch_or(DUPLICATE, Ordering::Relaxed);
    }

    /// Lists an anomaly for the row.
    pub fn anomaly(&self, id: RowId, kind: AnomalyKind, case_id: Option<&str>, message: String) {
        self.cell(id).fetch_or(ANOMALY, Ordering::Relaxed);
        let row = self.row(id);
        let anomaly = Anomaly {
            file: self.file(id).clone(),
            sheet: self.sheet(id).name.clone(),
            row: row.row,
            case_id: case_id.map(str::to_owned),
            kind,
            message,
            raw: row.raw(),
        };
        self.anomalies
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(anomaly);
    }

    /// The reconciliation of one sheet: anomaly rows first, then used, then
    /// duplicates. A row nothing was decided for cannot exist: it would be
    /// counted as an anomaly by [`Ledger::finish_undecided`].
    pub fn tally(&self, file: usize, sheet: usize) -> Tally {
        let data = match &self.files[file].sheets {
            Ok(sheets) => &sheets[sheet],
            Err(_) => return Tally::default(),
        };
        let mut t = Tally {
            read: data.read,
            blank: data.blank,
            footer: data.footer,
            ..Tally::default()
        };
        for s in &self.states[file][sheet] {
            let s = s.load(Ordering::Relaxed);
            if s & ANOMALY != 0 {
                t.anomalies += 1;
            } else if s & USED != 0 {
                t.used += 1;
            } else {
                t.duplicates += 1;
            }
        }
        t
    }

    /// Any row left undecided is listed as an anomaly (a safety net: every
    /// path through normalisation decides its rows).
    pub fn finish_undecided(&self) {
        let mut undecided = Vec::new();
        for (f, sheets) in self.states.iter().enumerate() {
            for (s, rows) in sheets.iter().enumerate() {
                for (r, st) in rows.iter().enumerate() {
                    if st.load(Ordering::Relaxed) == 0 {
                        undecided.push(RowId {
                            file: f,
                            sheet: s,
                            row: r,
                        });
                    }
                }
            }
        }
        for id in undecided {
            self.anomaly(
                id,
                AnomalyKind::UnusableRow,
                None,
                "该行未能归入任何统计".to_owned(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SheetKind;

    fn file() -> FileData {
        let row = |n: u32| DataRow {
            row: n,
            cells: vec![Cell::Text(format!("LT-{n}").into()), Cell::Number(1.0)],
            continues: false,
        };
        FileData {
            relative: Arc::from("交办.xlsx"),
            sha256: String::new(),
            size: 0,
            sheets: Ok(vec![SheetData {
                name: Arc::from("交办登记"),
                kind: SheetKind::Intake,
                header_row: 1,
                columns: Default::default(),
                rows: vec![row(2), row(3), row(4)],
                read: 3,
                blank: 0,
                footer: 0,
            }]),
        }
    }

    #[test]
    fn a_decided_row_is_freed_and_keeps_its_place() {
        let mut ledger = Ledger::new(vec![file()]);
        let id = |row| RowId {
            file: 0,
            sheet: 0,
            row,
        };
        ledger.used(id(0));
        ledger.anomaly(id(1), AnomalyKind::MissingUnit, Some("LT-3"), "缺".into());
        let freed: Vec<usize> = (0..3).map(|r| ledger.release(id(r)).len()).collect();
        assert_eq!(freed, [2, 2, 0]);
        assert!(ledger.row(id(0)).cells.is_empty());
        assert!(ledger.row(id(1)).cells.is_empty());
        assert_eq!(ledger.row(id(2)).cells.len(), 2, "undecided: kept");
        assert_eq!(ledger.origin(id(1)).row, 3);
        ledger.finish_undecided();
        let anomalies = ledger.into_anomalies();
        assert_eq!(anomalies[0].raw, "LT-3 | 1");
        assert_eq!(
            anomalies[1].raw, "LT-4 | 1",
            "the safety net still sees the cells"
        );
    }
}
