//! `demand forecast --plot FILE.svg`: an SVG chart of every series with
//! history, forecast and interval band; refuses to overwrite without
//! `--force`; the table still goes to stdout.

use std::process::Command;

fn itsm(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_itsm"))
        .args(["--dir", "tests/fixtures/capacity", "--as-of", "2026-11-22", "demand", "forecast"])
        .args(args)
        .output()
        .expect("itsm runs")
}

#[test]
fn draws_every_series_and_refuses_to_overwrite() {
    let dir = std::env::temp_dir().join(format!("itsm-plot-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let file = dir.join("charts/forecast.svg");
    let path = file.to_str().expect("utf-8 path");

    let first = itsm(&["--plot", path]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(String::from_utf8_lossy(&first.stdout).contains("demand-web"), "the table is still printed");
    let svg = std::fs::read_to_string(&file).expect("chart written");
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "a whole SVG document");
    // One chart per forecast series (the kiosk series is too short), each
    // with its caption, the interval band (a polygon) and two lines.
    for demand in ["demand-archive", "demand-chat", "demand-web"] {
        assert!(svg.contains(demand), "{demand} has a chart");
    }
    assert!(!svg.contains("demand-kiosk"), "a series not forecast has no chart");
    assert_eq!(svg.matches("<polygon").count(), 3, "one interval band per chart");
    assert!(svg.matches("<polyline").count() >= 6, "history and forecast lines per chart");
    assert!(svg.contains("95% interval"), "the band is labelled with the widest level");
    assert!(svg.contains("capacity 40000"), "the web portal's capacity is drawn across its chart");

    // The same records give the same bytes.
    let again = dir.join("again.svg");
    assert!(itsm(&["--plot", again.to_str().expect("utf-8")]).status.success());
    assert_eq!(std::fs::read(&again).expect("second chart"), svg.as_bytes());

    std::fs::write(&file, "mine").expect("overwrite by hand");
    let refused = itsm(&["--plot", path]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&file).expect("still there"), "mine");
    assert!(itsm(&["--plot", path, "--force"]).status.success());
    assert!(std::fs::read_to_string(&file).expect("replaced").starts_with("<svg"));
    let leftovers: Vec<_> = std::fs::read_dir(file.parent().expect("folder"))
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .filter(|n| n.to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left: {leftovers:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
