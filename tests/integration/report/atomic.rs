//! Writing the report file: missing folders are created, an unwritable
//! place is a Chinese I/O error, and a failed write leaves no temporary file
//! and the previous report as it was.

use super::fixture::{demo_model, small_model};
use mashang::report::{write_workbook, ReportError};
use std::fs;
use std::path::Path;

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn missing_folders_are_created() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("reports").join("2017");
    let path = write_workbook(&small_model(), &out).unwrap();
    assert_eq!(entries(&out), ["通报_2017-W03.xlsx"]);
    assert!(path.is_file());
}

#[test]
fn uncreatable_folder_is_a_chinese_io_error_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    fs::write(&file, b"x").unwrap();
    let err = write_workbook(&small_model(), &file.join("reports")).unwrap_err();
    assert!(matches!(err, ReportError::Io { .. }), "{err:?}");
    assert!(err.to_string().starts_with("无法写入报表目录"), "{err}");
    assert_eq!(entries(dir.path()), ["not-a-folder"]);
}

#[test]
fn read_only_folder_is_an_io_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(dir.path().join("probe"), b"").is_ok() {
        eprintln!("skipped: permissions are not enforced for this user (root)");
        return;
    }
    let err = write_workbook(&small_model(), dir.path()).unwrap_err();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    assert!(
        matches!(&err, ReportError::Io { message, .. } if message.contains("没有写入权限")),
        "{err}"
    );
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn a_failed_write_leaves_the_previous_report_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_workbook(&small_model(), dir.path()).unwrap();
    let good = fs::read(&path).unwrap();
    // Block the temporary file's name with a folder, so the next write fails.
    let blocker = dir
        .path()
        .join(format!(".通报_2017-W03.xlsx.tmp-{}", std::process::id()));
    fs::create_dir(&blocker).unwrap();
    fs::write(blocker.join("keep"), b"").unwrap();
    let err = write_workbook(&demo_model(), dir.path()).unwrap_err();
    assert!(
        matches!(&err, ReportError::Io { message, .. } if message.contains("写入临时文件失败")),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), good);
    fs::remove_dir_all(&blocker).unwrap();
    assert_eq!(entries(dir.path()), ["通报_2017-W03.xlsx"]);
    // And with the way clear the new report replaces the old one.
    write_workbook(&demo_model(), dir.path()).unwrap();
    assert_ne!(fs::read(&path).unwrap(), good);
}

#[test]
fn a_folder_in_place_of_the_report_fails_without_a_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("通报_2017-W03.xlsx");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("keep"), b"").unwrap();
    let err = write_workbook(&small_model(), dir.path()).unwrap_err();
    assert!(
        matches!(&err, ReportError::Io { message, .. } if message.contains("替换报表文件失败")),
        "{err}"
    );
    assert_eq!(entries(dir.path()), ["通报_2017-W03.xlsx"]);
    assert!(target.join("keep").exists());
}
