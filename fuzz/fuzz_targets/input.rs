//! How the `workbook` target turns fuzz input into a file (shared with the
//! regression tests in `tests/integration/hostile/fuzzed.rs`). The first byte
//! chooses the kind; the rest is either the whole file, or one XML part put
//! into an otherwise valid xlsx or ods, so that mutations reach the sheet
//! parser instead of failing the zip's checksums.

use std::io::Write;

/// The file a fuzz input stands for: its extension and bytes.
pub fn file_of(data: &[u8]) -> Option<(&'static str, Vec<u8>)> {
    let (&kind, rest) = data.split_first()?;
    Some(match kind % 5 {
        // The readers detect xls, xlsx, xlsb and ods whatever the extension.
        0 => ("xlsx", rest.to_vec()),
        1 => ("csv", rest.to_vec()),
        2 => ("tsv", rest.to_vec()),
        3 => ("xlsx", zipped(&xlsx_parts(rest))),
        _ => ("ods", zipped(&ods_parts(rest))),
    })
}

const XLSX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;

const XLSX_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const XLSX_WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="交办登记" sheetId="1" r:id="rId1"/></sheets></workbook>"#;

const XLSX_WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// Style 1 is a date-time format, style 2 a date.
const XLSX_STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

fn xlsx_parts(sheet: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("[Content_Types].xml", XLSX_TYPES.into()),
        ("_rels/.rels", XLSX_RELS.into()),
        ("xl/workbook.xml", XLSX_WORKBOOK.into()),
        ("xl/_rels/workbook.xml.rels", XLSX_WORKBOOK_RELS.into()),
        ("xl/styles.xml", XLSX_STYLES.into()),
        ("xl/worksheets/sheet1.xml", sheet.to_vec()),
    ]
}

const ODS_MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

const ODS_MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

fn ods_parts(content: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("mimetype", ODS_MIMETYPE.into()),
        ("META-INF/manifest.xml", ODS_MANIFEST.into()),
        ("content.xml", content.to_vec()),
    ]
}

/// A zip of the parts, stored (no compression: quick, and the checksums right).
fn zipped(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts {
        zip.start_file(*name, stored).expect("zip entry");
        zip.write_all(bytes).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}
