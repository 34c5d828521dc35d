//! One module per sheet, in workbook order: 通报, 逾期清单, 明细, 异常数据, 数据说明.

pub(crate) mod anomalies;
pub(crate) mod details;
pub(crate) mod notes;
pub(crate) mod overdue;
pub(crate) mod ranking;
