//! The data set as polars frames (cases, assignments, replies, units) for the
//! judging stage's joins and group-bys.
