//! Atomic replacement of the report file: the bytes go to a hidden temporary
//! file in the same folder, are flushed to disk, and only then renamed over the
//! target, so a reader never sees a half-written workbook and a failed run
//! leaves the previous report as it was. Errors are explained in Chinese.

use super::ReportError;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The temporary file used while writing `target`:
/// `.通报_2017-W03.xlsx.tmp-<pid>` next to it.
pub(crate) fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Creates `dir` (and its parents) if needed.
pub(crate) fn ensure_dir(dir: &Path) -> Result<(), ReportError> {
    fs::create_dir_all(dir).map_err(|e| io_error(dir, "创建文件夹失败", &e))?;
    if !dir.is_dir() {
        return Err(ReportError::Io {
            dir: dir.display().to_string(),
            message: "该路径不是文件夹".to_owned(),
        });
    }
    Ok(())
}

/// Writes `target` atomically with whatever `fill` writes into the temporary
/// file. On any error the temporary file is removed and `target` is untouched.
pub(crate) fn replace_atomically(
    target: &Path,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<(), ReportError> {
    let dir = target.parent().unwrap_or_else(|| Path::new("."));
    let tmp = temp_path(target);
    let result = write_temp(&tmp, fill)
        .map_err(|e| io_error(dir, "写入临时文件失败", &e))
        .and_then(|()| {
            fs::rename(&tmp, target).map_err(|e| {
                let mut err = io_error(dir, "替换报表文件失败", &e);
                if let ReportError::Io { message, .. } = &mut err {
                    message.push_str("；若该文件正在 Excel/WPS 中打开，请先关闭后重试");
                }
                err
            })
        });
    if result.is_err() {
        // Best effort: the temporary file may not exist at all.
        let _ = fs::remove_file(&tmp);
    } else {
        sync_dir(dir);
    }
    result
}

fn write_temp(tmp: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let mut file = File::create(tmp)?;
    fill(&mut file)?;
    file.flush()?;
    file.sync_all()
}

/// Makes the rename durable where the platform allows it (not on Windows).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// A [`ReportError::Io`] for `dir` saying what failed and why, in Chinese.
pub(crate) fn io_error(dir: &Path, what: &str, err: &io::Error) -> ReportError {
    ReportError::Io {
        dir: dir.display().to_string(),
        message: format!("{what}：{}", crate::error::io_reason(err)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_previous_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("通报_2017-W03.xlsx");
        replace_atomically(&target, |f| f.write_all(b"good")).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"good");

        let err = replace_atomically(&target, |f| {
            f.write_all(b"half")?;
            Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
        })
        .unwrap_err();
        assert!(
            matches!(&err, ReportError::Io { message, .. } if message.contains("磁盘空间不足")),
            "{err}"
        );
        assert_eq!(fs::read(&target).unwrap(), b"good");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("通报_2017-W03.xlsx")]);
    }

    #[test]
    fn temp_file_is_hidden_and_next_to_the_target() {
        let tmp = temp_path(Path::new("/r/通报_2017-W03.xlsx"));
        let name = tmp.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(".通报_2017-W03.xlsx.tmp-"), "{name}");
        assert_eq!(tmp.parent(), Some(Path::new("/r")));
    }

    #[test]
    fn a_file_in_the_way_of_the_folder_is_a_chinese_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("occupied");
        fs::write(&file, b"x").unwrap();
        let err = ensure_dir(&file.join("sub")).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("无法写入报表目录"), "{text}");
        assert!(text.contains("创建文件夹失败"), "{text}");
    }
}
