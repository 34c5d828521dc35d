//! The data set as polars frames — cases, assignments, replies and units —
//! for the judging stage's joins and group-bys. Instants are millisecond
//! `Datetime` columns (naive local time).

use super::Dataset;
use chrono::NaiveDateTime;
use polars::prelude::*;

/// Milliseconds since the epoch of a naive local instant.
pub fn millis(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp_millis()
}

fn datetime_column(name: &str, values: Vec<Option<i64>>) -> Column {
    Series::new(name.into(), values)
        .into_datetime(TimeUnit::Milliseconds, None)
        .into_column()
}

/// The four frames of a data set.
pub struct Frames {
    pub cases: DataFrame,
    pub assignments: DataFrame,
    pub replies: DataFrame,
    pub units: DataFrame,
}

impl Dataset {
    /// The data set as polars frames.
    pub fn frames(&self) -> PolarsResult<Frames> {
        let c = &self.cases;
        let cases = DataFrame::new(
            c.len(),
            vec![
                Column::new(
                    "事项编号".into(),
                    c.iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "来源".into(),
                    c.iter().map(|x| x.source.as_deref()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "紧急程度".into(),
                    c.iter().map(|x| x.urgency.as_deref()).collect::<Vec<_>>(),
                ),
                datetime_column(
                    "交办时间",
                    c.iter().map(|x| Some(millis(x.assigned_at))).collect(),
                ),
                datetime_column(
                    "办理时限",
                    c.iter().map(|x| x.explicit_due.map(millis)).collect(),
                ),
                Column::new(
                    "承办单位数".into(),
                    c.iter().map(|x| x.units.len() as u32).collect::<Vec<_>>(),
                ),
            ],
        )?;
        let a = &self.assignments;
        let assignments = DataFrame::new(
            a.len(),
            vec![
                Column::new(
                    "事项编号".into(),
                    a.iter()
                        .map(|x| c[x.case_index].id.as_str())
                        .collect::<Vec<_>>(),
                ),
                Column::new(
                    "承办单位".into(),
                    a.iter().map(|x| x.unit.as_str()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "分组".into(),
                    a.iter().map(|x| x.group.as_str()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "角色".into(),
                    a.iter().map(|x| x.role.label()).collect::<Vec<_>>(),
                ),
                datetime_column(
                    "交办时间",
                    a.iter()
                        .map(|x| Some(millis(c[x.case_index].assigned_at)))
                        .collect(),
                ),
            ],
        )?;
        let r = &self.replies;
        let replies = DataFrame::new(
            r.len(),
            vec![
                Column::new(
                    "事项编号".into(),
                    r.iter()
                        .map(|x| c[a[x.assignment].case_index].id.as_str())
                        .collect::<Vec<_>>(),
                ),
                Column::new(
                    "承办单位".into(),
                    r.iter()
                        .map(|x| a[x.assignment].unit.as_str())
                        .collect::<Vec<_>>(),
                ),
                datetime_column(
                    "反馈时间",
                    r.iter().map(|x| Some(millis(x.replied_at))).collect(),
                ),
                Column::new(
                    "办理状态".into(),
                    r.iter().map(|x| x.status.as_deref()).collect::<Vec<_>>(),
                ),
            ],
        )?;
        let u = &self.units;
        let units = DataFrame::new(
            u.len(),
            vec![
                Column::new(
                    "单位名称".into(),
                    u.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "分组".into(),
                    u.iter().map(|x| x.group.as_str()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "在名单中".into(),
                    u.iter().map(|x| x.listed).collect::<Vec<_>>(),
                ),
            ],
        )?;
        Ok(Frames {
            cases,
            assignments,
            replies,
            units,
        })
    }
}
