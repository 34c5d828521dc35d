//! The committed sample folder (`samples/`, see its README) through the
//! binary: every sheet there, exactly the ten anomalies of the README's key,
//! ranks consistent with SPEC §5 within each group, and the default period.

use super::*;

fn samples() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .display()
        .to_string()
}

fn samples_report(w: &Work, args: &[&str]) -> PathBuf {
    let input = samples();
    let mut all = vec!["report", input.as_str()];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", "out"]);
    let run = w.run(&all);
    assert_eq!(run.status.code(), Some(0), "{}", show(&run));
    let files = files_in(&w.path().join("out"));
    assert_eq!(files.len(), 1, "{files:?}");
    files.into_iter().next().unwrap()
}

#[test]
fn samples_week_5_has_every_sheet_and_exactly_the_readme_anomalies() {
    let w = Work::new();
    let path = samples_report(&w, W05);
    assert!(path.ends_with("out/通报_2017-W05.xlsx"));
    let wb = calamine::open_workbook_auto(&path).unwrap();
    use calamine::Reader;
    assert_eq!(
        wb.sheet_names(),
        ["通报", "逾期清单", "明细", "异常数据", "数据说明"]
    );
    // samples/README.md, 异常答案 / Anomaly key: file, sheet, row, 事项编号.
    let key = [
        ["交办登记_2017-W02.xlsx", "交办登记", "34", "LT2017-0032"],
        ["交办登记_2017-W03.xlsx", "Sheet1", "90", ""],
        ["交办登记_2017-W04.xlsx", "交办登记", "19", "LT2017-0142"],
        ["交办登记_2017-W06.xlsx", "Sheet1", "5", "LT2017-0284"],
        ["交办登记_2017-W06.xlsx", "Sheet1", "69", "LT2017-0348"],
        ["反馈登记_2017-01.xlsx", "反馈登记", "14", "LT2016-0018"],
        ["反馈登记_2017-01.xlsx", "反馈登记", "33", "LT2017-0026"],
        ["反馈登记_2017-02.xls", "Sheet1", "4", "LT2017-0282"],
        ["反馈登记_春节.csv", "反馈登记_春节", "3", "LT2017-0250"],
        ["反馈登记_春节.csv", "反馈登记_春节", "21", "LT2017-0239"],
    ];
    let mut got: Vec<[String; 4]> = sheet(&path, "异常数据")[1..]
        .iter()
        .map(|r| [r[0].clone(), r[1].clone(), r[2].clone(), r[3].clone()])
        .collect();
    let mut key: Vec<[String; 4]> = key.iter().map(|k| k.map(str::to_owned)).collect();
    got.sort();
    key.sort();
    assert_eq!(got, key);
    // 县旅游局 (deliberately absent from 单位名单) is judged in 未分组.
    let rows = ranking(&path);
    assert_eq!(unit_row(&rows, "县旅游局")[0], "未分组");
    let mut groups = column(&rows, 0);
    groups.dedup();
    assert_eq!(groups, ["镇街", "县直部门", "公共服务企业", "未分组"]);
}

/// 得分 to 2 decimals, 按时反馈率, 平均反馈时长 (blank last) of a 通报 row.
fn triple(r: &[String]) -> (i64, f64, f64) {
    let score: f64 = r[11].parse().unwrap();
    let rate: f64 = r[7].parse().unwrap();
    let hours = if r[9].is_empty() {
        f64::INFINITY
    } else {
        r[9].parse().unwrap()
    };
    ((score * 100.0).round() as i64, rate, hours)
}

#[test]
fn samples_ranks_are_one_plus_the_units_strictly_better_in_each_group() {
    let w = Work::new();
    let path = samples_report(&w, W05);
    let rows = ranking(&path);
    let mut start = 0;
    while start < rows.len() {
        let group = rows[start][0].clone();
        let end = start + rows[start..].iter().take_while(|r| r[0] == group).count();
        let block = &rows[start..end];
        // Ranked units first, by rank; then those with nothing due, no rank.
        let ranked: Vec<&Vec<String>> = block.iter().filter(|r| !r[1].is_empty()).collect();
        assert!(
            block[..ranked.len()].iter().all(|r| !r[1].is_empty()),
            "{group}: unranked before ranked"
        );
        for r in &block[ranked.len()..] {
            assert_eq!(r[3], "0", "{group}: {r:?} has something due but no rank");
        }
        let ranks: Vec<u32> = ranked.iter().map(|r| r[1].parse().unwrap()).collect();
        assert!(ranks.windows(2).all(|p| p[0] <= p[1]), "{group}: {ranks:?}");
        // SPEC §5: rank = 1 + the number of units strictly better on the triple.
        // (Numbers are read back at 6 decimals: ties from the same counts agree.)
        for r in &ranked {
            let (s, rate, h) = triple(r);
            let better = ranked
                .iter()
                .filter(|o| {
                    let (os, orate, oh) = triple(o);
                    os > s
                        || (os == s && orate > rate + 1e-9)
                        || (os == s && (orate - rate).abs() <= 1e-9 && oh < h - 1e-9)
                })
                .count();
            assert_eq!(r[1], (better + 1).to_string(), "{group}: {r:?}");
        }
        start = end;
    }
    assert!(rows.iter().filter(|r| !r[1].is_empty()).count() > 20);
}

#[test]
fn samples_default_period_is_week_6() {
    // The latest time stamp is a reply of 2017-02-13 (W07), so the week before.
    let w = Work::new();
    let path = samples_report(&w, &[]);
    assert!(path.ends_with("out/通报_2017-W06.xlsx"), "{path:?}");
}

#[test]
fn samples_twice_give_byte_identical_workbooks() {
    // Two processes (their own hash seeds and thread timings), one county-sized input.
    let (a, b) = (Work::new(), Work::new());
    let first = std::fs::read(samples_report(&a, W05)).unwrap();
    let second = std::fs::read(samples_report(&b, W05)).unwrap();
    assert!(first == second, "the two workbooks differ");
}
