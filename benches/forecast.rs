//! How long the automatic choice takes per series, in release mode:
//! `cargo bench --bench forecast`. Prints the median of several rounds
//! over the example demand series and the public test series.

use std::time::Instant;

use itsm::forecast::{Options, forecast};

fn series(path: &str) -> Vec<f64> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines().skip(1).filter_map(|l| l.split(',').nth(1)?.parse().ok()).collect()
}

fn main() {
    let cases = [
        ("examples/northwind/demand/booking-sessions.csv", 12),
        ("examples/northwind/demand/portal-sessions.csv", 12),
        ("examples/northwind/demand/dwh-storage.csv", 4),
        ("examples/northwind/demand/servicedesk-tickets.csv", 52),
        ("tests/data/forecast/airpassengers.csv", 12),
        ("tests/data/forecast/ausbeer.csv", 4),
    ];
    println!("{:55} {:>6} {:>12} {:>10} {:>10}", "series", "points", "model", "median ms", "least ms");
    for (path, season) in cases {
        let y = series(path);
        let options = Options { season, horizon: season, levels: vec![80.0, 95.0] };
        let mut times = Vec::new();
        let mut model = String::new();
        for _ in 0..25 {
            let start = Instant::now();
            let f = forecast(std::hint::black_box(&y), &options).expect("forecast");
            times.push(start.elapsed().as_secs_f64() * 1e3);
            model = f.model.code();
        }
        times.sort_by(f64::total_cmp);
        println!("{path:55} {:>6} {model:>12} {:>10.2} {:>10.2}", y.len(), times[times.len() / 2], times[0]);
        if std::env::var_os("FORECAST_BREAKDOWN").is_some() {
            let bare = Options { levels: vec![], ..options.clone() };
            let start = Instant::now();
            for _ in 0..9 {
                forecast(std::hint::black_box(&y), &bare).expect("forecast");
            }
            println!("  without intervals {:.2} ms", start.elapsed().as_secs_f64() * 1e3 / 9.0);
        }
    }
}
