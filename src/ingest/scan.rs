//! Finding the input files: the folder read recursively, spreadsheet and
//! delimited-text extensions only, hidden files and Excel lock files skipped,
//! in lexicographic order of their path relative to the folder.

use std::path::{Path, PathBuf};

/// The extensions read, lower-case.
pub const EXTENSIONS: [&str; 7] = ["xlsx", "xlsm", "xls", "xlsb", "ods", "csv", "tsv"];

/// An input file: its path relative to the input folder (`/`-separated) and on disk.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    pub relative: String,
    pub path: PathBuf,
}

/// Lists the input files under `dir`, skipping `exclude` (the report folder
/// when it lies inside the input folder).
pub fn scan(dir: &Path, exclude: Option<&Path>) -> std::io::Result<Vec<InputFile>> {
    let mut files = Vec::new();
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    let mut seen = std::collections::HashSet::new();
    walk(dir, dir, exclude.as_deref(), &mut seen, &mut files)?;
    files.sort();
    Ok(files)
}

/// `seen` holds the folders already listed (canonical paths), so that a
/// symbolic link back up the tree is not followed round and round.
fn walk(
    root: &Path,
    dir: &Path,
    exclude: Option<&Path>,
    seen: &mut std::collections::HashSet<PathBuf>,
    out: &mut Vec<InputFile>,
) -> std::io::Result<()> {
    if !seen.insert(dir.canonicalize()?) {
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if is_hidden(&name) {
            continue;
        }
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        let is_dir = file_type.is_dir() || (file_type.is_symlink() && path.is_dir());
        if is_dir {
            if exclude.is_some_and(|ex| path.canonicalize().is_ok_and(|p| p == ex)) {
                continue;
            }
            walk(root, &path, exclude, seen, out)?;
        } else if has_input_extension(&name) && !is_special(&path) {
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push(InputFile { relative, path });
        }
    }
    Ok(())
}

/// A pipe, socket or device (also behind a link): reading it could block or
/// never end. A link to nothing is not special: it is reported as unreadable.
fn is_special(path: &Path) -> bool {
    path.metadata().is_ok_and(|m| !m.is_file())
}

/// Hidden files (`.x`) and Excel lock files (`~$x`).
fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$")
}

fn has_input_extension(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_and_lock_files() {
        assert!(is_hidden(".DS_Store"));
        assert!(is_hidden("~$交办登记.xlsx"));
        assert!(!is_hidden("交办登记.xlsx"));
        assert!(has_input_extension("a.XLSX"));
        assert!(!has_input_extension("a.txt"));
    }
}
