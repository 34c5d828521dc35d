//! Benchmark of the working-day calendar (issue 3): builds the calendar once
//! (timed), then runs 10,000,000 mixed queries — is_workday, nth_workday_after
//! with a small n, workdays_between and working_seconds_between — over random
//! dates in 2010–2026 from a fixed-seed PRNG, and prints ns per query overall
//! and per kind, plus is_workday on a year without data under
//! `--assume-weekends` (the path that records provisional years).
//!
//! Run: `cargo run --release --example bench_calendar [QUERIES]`.
//! Arguments are generated in chunks outside the timed loops.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use mashang::calendar::Calendar;
use std::hint::black_box;
use std::time::Instant;

const CHUNK: usize = 1 << 14;

/// One query and its arguments.
#[derive(Clone, Copy)]
enum Query {
    IsWorkday(NaiveDate),
    Nth(NaiveDate, u32),
    Between(NaiveDate, NaiveDate),
    Seconds(NaiveDateTime, NaiveDateTime),
}

const KINDS: [&str; 4] = [
    "is_workday",
    "nth_workday_after (n 0..=10)",
    "workdays_between (≤ 60 days)",
    "working_seconds_between (≤ 60 days, ±)",
];

struct Gen {
    rng: fastrand::Rng,
    /// Every date from 2010-01-01 to 2026-10-31 (so that spans of 60 days stay in 2026).
    dates: Vec<NaiveDate>,
}

impl Gen {
    fn date(&mut self) -> NaiveDate {
        self.dates[self.rng.usize(..self.dates.len())]
    }

    fn instant(&mut self) -> NaiveDateTime {
        self.date().and_hms_opt(0, 0, 0).unwrap() + Duration::seconds(self.rng.i64(0..86_400))
    }

    fn query(&mut self, kind: usize) -> Query {
        match kind {
            0 => Query::IsWorkday(self.date()),
            1 => Query::Nth(self.date(), self.rng.u32(0..=10)),
            2 => {
                let a = self.date();
                Query::Between(a, a + Duration::days(self.rng.i64(0..=60)))
            }
            _ => {
                let a = self.instant();
                let b = a + Duration::seconds(self.rng.i64(0..=60 * 86_400));
                if self.rng.bool() {
                    Query::Seconds(a, b)
                } else {
                    Query::Seconds(b, a)
                }
            }
        }
    }
}

/// Runs `queries` and returns a checksum of the answers (and that all succeeded).
#[inline(never)]
fn run(cal: &Calendar, queries: &[Query]) -> i64 {
    let mut sum = 0i64;
    for q in queries {
        sum += match *q {
            Query::IsWorkday(d) => i64::from(cal.is_workday(d).expect("query ok")),
            Query::Nth(d, n) => i64::from(chrono::Datelike::ordinal(
                &cal.nth_workday_after(d, n).expect("query ok"),
            )),
            Query::Between(a, b) => i64::from(cal.workdays_between(a, b).expect("query ok")),
            Query::Seconds(a, b) => cal.working_seconds_between(a, b).expect("query ok"),
        };
    }
    sum
}

/// Times `total` queries drawn by `pick`, in chunks; returns (seconds, checksum).
fn time(
    cal: &Calendar,
    g: &mut Gen,
    total: usize,
    mut pick: impl FnMut(&mut Gen) -> Query,
) -> (f64, i64) {
    let (mut secs, mut sum, mut done) = (0.0, 0i64, 0);
    let mut buf = Vec::with_capacity(CHUNK);
    while done < total {
        buf.clear();
        buf.extend((0..CHUNK.min(total - done)).map(|_| pick(g)));
        let t = Instant::now();
        sum = sum.wrapping_add(black_box(run(cal, black_box(&buf))));
        secs += t.elapsed().as_secs_f64();
        done += buf.len();
    }
    (secs, sum)
}

fn main() {
    let total: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000_000);

    let t = Instant::now();
    let cal = Calendar::load(None, false).expect("built-in calendar");
    let build = t.elapsed();
    println!(
        "build: {:.3} ms (17 built-in files, day table 1950–2150)",
        build.as_secs_f64() * 1e3
    );

    let first = NaiveDate::from_ymd_opt(2010, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    let dates: Vec<NaiveDate> = first.iter_days().take_while(|d| *d <= last).collect();
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(0x006d_6173_6861_6e67),
        dates,
    };

    let (secs, sum) = time(&cal, &mut g, total, |g| {
        let kind = g.rng.usize(..4);
        g.query(kind)
    });
    println!(
        "mixed: {total} queries in {secs:.3} s = {:.1} ns/query (checksum {sum})",
        secs * 1e9 / total as f64
    );

    let each = total / 4;
    for (kind, label) in KINDS.iter().enumerate() {
        let (secs, _) = time(&cal, &mut g, each, |g| g.query(kind));
        println!(
            "  {label:<38} {:>7.1} ns/query ({each} queries)",
            secs * 1e9 / each as f64
        );
    }

    // Years without data under --assume-weekends: each query records its year.
    let assumed = Calendar::load(None, true).expect("built-in calendar");
    let far: Vec<NaiveDate> = NaiveDate::from_ymd_opt(2027, 1, 1)
        .unwrap()
        .iter_days()
        .take(4 * 365)
        .collect();
    let mut g2 = Gen {
        rng: fastrand::Rng::with_seed(7),
        dates: far,
    };
    let (secs, _) = time(&assumed, &mut g2, each, |g| g.query(0));
    println!(
        "  {:<38} {:>7.1} ns/query (assumed years {:?})",
        "is_workday, 2027–2030 assumed",
        secs * 1e9 / each as f64,
        assumed.assumed_years()
    );
}
