use super::*;

#[derive(Debug, serde::Deserialize)]
struct P {
    #[serde(default)]
    amount: Option<Amount>,
    #[serde(default)]
    d: Option<Date>,
    #[serde(default)]
    t: Option<Timestamp>,
    #[serde(default)]
    tod: Option<TimeOfDay>,
    #[serde(default)]
    p: Option<Percent>,
    #[serde(default)]
    dur: Option<Duration>,
    #[serde(default)]
    per: Option<Period>,
}

#[test]
fn probe() {
    for s in ["2026-3-1", " 2026-03-14", "2026-03-14 ", "+2026-03-14", "20260-03-14", "2026-03-1"] {
        println!("Date {s:?} -> {:?}", s.parse::<Date>());
    }
    for s in ["-0", "12,50", "1e3", ".5", "-0.00", "1,000.5", "1_000.5", "12.", "+5"] {
        println!("Amount {s:?} -> {:?}", s.parse::<Amount>().map(|a| (a, a.to_string())));
    }
    for s in ["-0", "100%%", "NaN", "1e2", " 50 % "] {
        println!("Percent {s:?} -> {:?}", s.parse::<Percent>().map(|a| (a, a.to_string())));
    }
    for s in ["2026-Q01", "2026-Q+1", "2026-+3", "+202", "2026-W+7", "2026-3-1", "2026-W53", "2025-W53", "0000"] {
        println!("Period {s:?} -> {:?}", s.parse::<Period>().map(|a| (a, a.to_string())));
    }
    for s in ["2026-03-14T09:12+01:00", "2026-03-14T09:12:00Z", "2026-03-14T09:12:45", "2026-03-14t09:12:00+01:00", "2026-03-14T09:12:00.5", "2026-03-14T09:12:00.5+01:00"] {
        println!("Ts {s:?} -> {:?}", s.parse::<Timestamp>().map(|a| (a, a.to_string())));
    }
    for s in ["9:00", "09:00:00", "24:00", " 09:00", "23:59"] {
        println!("Tod {s:?} -> {:?}", s.parse::<TimeOfDay>());
    }
    println!("{:?}", Duration::from_seconds(-60).to_string());
    println!("{:?}", 99.9f64 / 100.0);
    for y in ["amount: 12345678901234.5678", "amount: 12.50", "amount: 1_000.5", "d: 2026-03-14", "tod: 09:00", "tod: 24:00", "p: 99.9%", "p: 99.9", "dur: 1h30m", "per: 2026-03", "per: 2026", "t: 2026-03-14T09:12:00+01:00", "amount: 1200", "amount: '12.50'", "amount: 0.1", "amount: 1e3", "amount: .inf", "amount: ~", "amount: 012"] {
        println!("YAML {y:?} -> {:?}", serde_saphyr::from_str::<P>(y));
    }
    for t in ["amount = 12.5", "amount = 12345678901234.5678", "amount = \"12345678901234.5678\"", "d = 2026-03-14", "t = 2026-03-14T09:12:00+01:00", "t = 2026-03-14T09:12:00", "t = 2026-03-14 09:12:00", "tod = 09:00:00", "tod = 09:00", "amount = 1200", "p = 99.9", "per = 2026", "amount = 1e17", "amount = 0.1", "t = 2026-03-14T09:12:00Z", "d = 2026-03-14T09:12:00"] {
        println!("TOML {t:?} -> {:?}", toml::from_str::<P>(t).map_err(|e| e.to_string()));
    }
}
