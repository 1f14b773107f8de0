//! Generates a realistic records directory of any size, for benchmarks
//! and load tests: `cargo run --release --example generate -- --services
//! 10000 --out /tmp/estate [--seed 7]`. The proportions follow the example
//! estate (per service: about one and a half components, half an SLA, an
//! outage and an incident, one and a half costs); every reference is valid,
//! so `itsm validate --dir DIR` exits 0. The same seed gives the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// A small deterministic generator (xorshift64*): enough for test data,
/// and no dependency for the sake of it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

struct Args {
    services: usize,
    out: PathBuf,
    seed: u64,
}

fn args() -> Result<Args, String> {
    let mut services = None;
    let mut out = None;
    let mut seed = 7;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let value = it.next().ok_or(format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--services" => services = Some(value.parse().map_err(|_| "--services takes a whole number")?),
            "--out" => out = Some(PathBuf::from(value)),
            "--seed" => seed = value.parse().map_err(|_| "--seed takes a whole number")?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(Args {
        services: services.ok_or("--services N is required")?,
        out: out.ok_or("--out DIR is required")?,
        seed: seed.max(1),
    })
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, text)
}

const SITES: [&str; 3] = ["fra-dc1", "ber-dc2", "cloud"];
const TYPES: [&str; 5] = ["virtual-machine", "database", "container", "storage", "application"];
const CRIT: [&str; 4] = ["critical", "high", "medium", "low"];
const CATEGORIES: [&str; 5] = ["hosting", "licences", "staff", "support", "software"];

fn main() {
    let args = match args() {
        Ok(args) => args,
        Err(why) => {
            eprintln!("error: {why}\nusage: generate --services N --out DIR [--seed S]");
            std::process::exit(2);
        }
    };
    if let Err(err) = generate(&args) {
        eprintln!("error: {err}");
        std::process::exit(2);
    }
}

fn generate(a: &Args) -> std::io::Result<()> {
    let mut rng = Rng(a.seed);
    let n = a.services;
    let teams = (n / 25).max(1);
    let suppliers = (n / 40).max(1);
    let out = &a.out;
    write(
        &out.join("itsm.toml"),
        "schema_version = 1\norganisation = \"Generated Estate\"\ncurrency = \"EUR\"\ntimezone = \"Europe/Berlin\"\n",
    )?;
    let mut text = String::new();
    for t in 0..teams {
        let _ = write!(
            text,
            "---\nkind: team\nid: team-{t}\nname: Team {t}\nemail: team-{t}@example.org\nmembers:\n  - {{name: Person {t}a, role: Lead}}\n  - {{name: Person {t}b, role: Engineer, fte: 0.8}}\nskills: [linux, postgresql]\non_call: {{phone: \"+49 30 555 {t:04}\", hours: 24x7}}\n"
        );
    }
    write(&out.join("teams.yaml"), &text)?;
    text.clear();
    for s in 0..suppliers {
        let _ = write!(
            text,
            "---\nkind: supplier\nid: supplier-{s}\nname: Supplier {s} GmbH\nhotline: \"+49 800 555 {s:04}\"\ncontacts:\n  - {{name: Account {s}, email: account-{s}@example.com}}\ncommitments:\n  availability: 99.95\n  support_hours: 24x7\nreview_every: 1 year\nlast_review: 2026-06-01\ncontracts:\n  - {{id: contract-{s}, start: 2025-01-01, end: 2027-12-31, notice: 3 months, auto_renew: true, value: {}, billing: monthly}}\n",
            1000 + rng.below(9000)
        );
    }
    write(&out.join("suppliers.yaml"), &text)?;
    // Components in chunks of 200 per file; each service gets one or two.
    let mut comps = Vec::new();
    let mut chunk = String::new();
    for c in 0..(n * 3 / 2).max(1) {
        let redundant = rng.below(2) == 0;
        let site = rng.pick(&SITES);
        let mut rec = format!(
            "---\nkind: component\nid: comp-{c}\nname: Component {c}\ntype: {}\nsite: {site}\nowner: team-{}\nsupplier: supplier-{}\navailability: 99.9\nrecovery_time: 1h\n",
            rng.pick(&TYPES),
            c % teams,
            c % suppliers
        );
        if redundant {
            rec.push_str("redundancy: {instances: 2, required: 1, sites: [fra-dc1, ber-dc2]}\n");
        }
        chunk.push_str(&rec);
        comps.push(c);
        if (c + 1) % 200 == 0 {
            write(&out.join(format!("components/components-{:04}.yaml", c / 200)), &chunk)?;
            chunk.clear();
        }
    }
    if !chunk.is_empty() {
        write(&out.join(format!("components/components-{:04}.yaml", comps.len() / 200)), &chunk)?;
    }
    // One file per service, about 35 lines, like a real catalog.
    for i in 0..n {
        let team = i % teams;
        let first = i * 3 / 2;
        let depends = if i > 0 && rng.below(3) == 0 {
            format!("[comp-{first}, svc-{}]", rng.below(i as u64))
        } else {
            format!("[comp-{first}]")
        };
        let service = format!(
            "kind: service\nid: svc-{i}\nname: Service {i}\nsummary: Generated service number {i}\nowner: team-{team}\nlifecycle: live\navailable_from: 2024-01-01\ntype: customer-facing\ncriticality: {}\ncustomers: [Customers {}, Partners {}]\ntags: [generated, group-{}]\ndepends_on: {depends}\nsuppliers: [supplier-{}]\ncharacteristics:\n  - Available around the clock\n  - Self-service sign-up\ncharge: {{amount: 2.50, per: user, every: month}}\ncapacity: {{limit: 100000, unit: requests}}\ncontinuity:\n  rto: 1d\n  rpo: 1d\n  backup_interval: 1d\n  recovery_steps:\n    - Restore the database from the last backup.\n    - Redeploy the application.\n  invocation: Unavailable for more than an hour.\nsecurity:\n  availability: medium\n  confidentiality: medium\n  integrity: medium\n  authenticity: medium\n  non_repudiation: low\n  controls: [access-control, encryption-in-transit, backup]\ndimensions:\n  skills: [linux]\n  technologies: [PostgreSQL]\n  data: [customer records]\n  value_streams: [customer service]\n  practices: [incident management]\n",
            rng.pick(&CRIT),
            i % 7,
            i % 5,
            i % 10,
            i % suppliers
        );
        write(&out.join(format!("services/team-{team}/svc-{i}.yaml")), &service)?;
    }
    // SLAs, outages, incidents, costs and feedback in files of 500 records.
    let mut groups: Vec<(&str, String)> = vec![
        ("slas", String::new()),
        ("outages", String::new()),
        ("incidents", String::new()),
        ("costs", String::new()),
        ("feedback", String::new()),
    ];
    for i in 0..n {
        if i % 2 == 0 {
            let _ = write!(
                groups[0].1,
                "---\nkind: sla\nid: sla-{i}\nservice: svc-{i}\ncustomer: Customers {}\navailability: 99.0\nsupport_hours: 24x7\nresponse: {{p1: 1h, p2: 4h}}\nstart: 2025-01-01\n",
                i % 7
            );
        }
        let day = 1 + rng.below(28);
        let month = 1 + rng.below(10);
        let _ = write!(
            groups[1].1,
            "---\nkind: outage\nid: outage-{i}\nservices: [svc-{i}]\nstart: 2026-{month:02}-{day:02}T10:00:00+01:00\nend: 2026-{month:02}-{day:02}T10:{:02}:00+01:00\ncause: {{component: comp-{}}}\n",
            5 + rng.below(50),
            i * 3 / 2
        );
        let _ = write!(
            groups[2].1,
            "---\nkind: incident\nid: incident-{i}\nservice: svc-{i}\npriority: p{}\nopened: 2026-{month:02}-{day:02}T10:02:00+01:00\nresponded: 2026-{month:02}-{day:02}T10:30:00+01:00\nresolved: 2026-{month:02}-{day:02}T12:00:00+01:00\n",
            1 + rng.below(4)
        );
        let _ = write!(
            groups[3].1,
            "---\nkind: cost\nid: cost-{i}\nname: Running cost {i}\ncategory: {}\namount: {}\nrecurrence: monthly\nfrom: 2025-01-01\nservice: svc-{i}\n",
            rng.pick(&CATEGORIES),
            500 + rng.below(5000)
        );
        if i % 2 == 1 {
            let _ = write!(
                groups[3].1,
                "---\nkind: cost\nid: shared-{i}\nname: Shared cost {i}\ncategory: hosting\namount: 1000\nrecurrence: annual\nfrom: 2025-01-01\nallocation: {{rule: even, services: [svc-{}, svc-{i}]}}\n",
                i - 1
            );
        }
        let _ = write!(
            groups[4].1,
            "---\nkind: feedback\nid: feedback-{i}\nservice: svc-{i}\ncustomer: Customers {}\nperiod: 2026-Q2\nscore: {}.{}\nresponses: {}\n",
            i % 7,
            2 + rng.below(3),
            rng.below(10),
            5 + rng.below(200)
        );
        if (i + 1) % 500 == 0 || i + 1 == n {
            for (name, text) in &mut groups {
                if !text.is_empty() {
                    write(&out.join(format!("{name}/{name}-{:04}.yaml", i / 500)), text)?;
                    text.clear();
                }
            }
        }
    }
    // Demand for one service in five, with 36 months of seasonal history.
    for i in (0..n).step_by(5) {
        write(
            &out.join(format!("demand/demand-{i}.yaml")),
            &format!("kind: demand\nid: demand-{i}\nservice: svc-{i}\nunit: requests\nseries: demand-{i}.csv\n"),
        )?;
        let mut csv = String::from("period,value\n");
        for m in 0..36 {
            let season = [90, 85, 100, 105, 110, 95, 80, 75, 100, 115, 120, 130][m % 12];
            let _ = writeln!(csv, "{}-{:02},{}", 2023 + m / 12, m % 12 + 1, season * (100 + m) as u64 + rng.below(500));
        }
        write(&out.join(format!("demand/demand-{i}.csv")), &csv)?;
    }
    Ok(())
}
