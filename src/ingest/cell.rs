//! One spreadsheet cell as ingest sees it, whatever format it came from.

use chrono::{NaiveDate, NaiveDateTime};
use std::fmt;
use std::sync::Arc;

/// A cell value. Excel date-time cells are already instants (rounded to the second).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    /// Text; shared, so that an xlsx shared string read in many cells is
    /// held once, and a cell's copy costs a count, not an allocation.
    Text(Arc<str>),
    Number(f64),
    DateTime(NaiveDateTime),
    /// A date-only value (ODS dates, or an Excel date cell exactly at midnight
    /// whose format shows no time).
    Date(NaiveDate),
    Bool(bool),
    /// An error value such as `#N/A`.
    Error(Box<str>),
}

impl Cell {
    /// A field read as text (a CSV field): empty when it holds no characters.
    /// `="0012"` — how systems keep Excel from turning long IDs and phone
    /// numbers into numbers — is the text inside, as Excel shows it.
    pub fn from_field(text: &str) -> Cell {
        let text = text
            .trim()
            .strip_prefix("=\"")
            .and_then(|t| t.strip_suffix('"'))
            .filter(|inner| !inner.contains('"'))
            .unwrap_or(text);
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text.into())
        }
    }

    /// Whether the cell holds nothing visible.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.chars().all(crate::text::is_blank_char),
            _ => false,
        }
    }

    /// The text of a cell as an analyst would read it (for headers, names, raw content).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            // The common case: borrowed, without the formatting machinery.
            Cell::Text(s) => std::borrow::Cow::Borrowed(s),
            Cell::Empty => "".into(),
            _ => self.to_string().into(),
        }
    }
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Empty => Ok(()),
            Cell::Text(s) => f.write_str(s),
            Cell::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    write!(f, "{}", *n as i64)
                } else {
                    write!(f, "{n}")
                }
            }
            Cell::DateTime(t) => write!(f, "{}", t.format("%Y-%m-%d %H:%M:%S")),
            Cell::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Cell::Bool(b) => f.write_str(if *b { "TRUE" } else { "FALSE" }),
            Cell::Error(e) => f.write_str(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cell;

    #[test]
    fn a_field_kept_as_text_for_excel_is_its_text() {
        assert_eq!(
            Cell::from_field("=\"201701160001\""),
            Cell::Text("201701160001".into())
        );
        assert_eq!(Cell::from_field("=\"\""), Cell::Empty);
        assert_eq!(Cell::from_field(" =\"0014\" "), Cell::Text("0014".into()));
        // Anything else stays as written.
        for field in ["=SUM(A1:A2)", "=\"a\"&\"b\"", "路灯 \"不亮\""] {
            assert_eq!(Cell::from_field(field), Cell::Text(field.into()));
        }
    }
}
