//! End-to-end benchmarks of `itsm` on generated estates, measured as the
//! issue asks: wall time and peak memory of the release binary, as ratios
//! within one run. `cargo bench --bench estate` (see docs/performance.md).
//!
//! Each round runs, for every size, a parse-only baseline, `itsm validate`,
//! every report, and ajv-cli checking the service files against
//! `itsm schema service`; the medians of the times and of the per-round
//! ratios are printed as a markdown table. Each round first reads each
//! estate once, unmeasured, so that every command runs on a warm page
//! cache (the machine trims it in the background between rounds). The machine is shared and noisy,
//! which is why the ratios are taken within a round before the median.
//!
//! Settings, by environment variable:
//! - `ITSM_BENCH_SIZES`: service counts, default `1000,10000`;
//!   `ITSM_BENCH_LARGE=1` adds 100000 (about 240 MB of estate, plus JSON).
//! - `ITSM_BENCH_LARGE_REPORTS=1`: run the reports at 100000 too (by
//!   default only the baseline, validate and ajv run there; with the
//!   reports a round at 100000 takes about a minute).
//! - `ITSM_BENCH_ROUNDS`: rounds, default 5.
//! - `ITSM_BENCH_DIR`: where estates and ajv go, default `/tmp/itsm-bench`.
//! - `ITSM_BENCH_ONLY`: comma-separated command names to run (e.g.
//!   `baseline,validate`), for a quick look.
//! - `ITSM_BENCH_NO_AJV=1`: skip ajv (no npm needed).
//!
//! The baseline is this same executable run as `estate --parse-only DIR`:
//! it walks the directory like itsm does, reads every file and parses every
//! YAML document, TOML file and CSV file into a generic value the way itsm
//! parses them (YAML with itsm's fast path, and serde-saphyr into a
//! `serde_json::Value` where the fast path gives up), on all cores with
//! rayon, and does nothing else: no typed decoding, no checks.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use rayon::prelude::*;

/// The allocator itsm itself runs with (`src/main.rs`), so that the
/// parse-only baseline allocates its values as itsm allocates records.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const AS_OF: &str = "2026-01-01";
const SEED: &str = "7";

/// Every command measured: a name and the itsm arguments (before `--dir`).
const REPORTS: &[(&str, &[&str])] = &[
    ("catalog list", &["catalog", "list"]),
    ("sla check", &["sla", "check"]),
    ("availability", &["availability"]),
    ("supplier review", &["supplier", "review"]),
    ("satisfaction report", &["satisfaction", "report"]),
    ("dimensions report", &["dimensions", "report"]),
    ("continuity plan", &["continuity", "plan"]),
    ("security report", &["security", "report"]),
    ("cost report", &["cost", "report"]),
    ("portfolio review", &["portfolio", "review"]),
    ("graph", &["graph"]),
    ("demand forecast", &["demand", "forecast"]),
    ("capacity report", &["capacity", "report"]),
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--parse-only") {
        let dir = args.get(at + 1).expect("--parse-only DIR");
        std::process::exit(parse_only(Path::new(dir)));
    }
    if let Err(message) = harness() {
        eprintln!("estate bench: {message}");
        std::process::exit(2);
    }
}

// ---------------------------------------------------------------- baseline

/// Reads and parses every file under `dir` into generic values; prints the
/// counts. Returns the exit code: 1 when any file failed to parse.
fn parse_only(dir: &Path) -> i32 {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !(e.file_name().to_string_lossy().starts_with('.') || e.file_name() == "target")
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    let counts: Vec<(usize, usize)> = files
        .par_iter()
        .map(|path| {
            let Ok(text) = fs::read_to_string(path) else {
                eprintln!("{}: cannot read", path.display());
                return (0, 1);
            };
            match path.extension().and_then(|e| e.to_str()) {
                // Split on document markers as itsm does, so that each
                // document gets the parser's own size budget, as in itsm.
                Some("yaml" | "yml") => itsm::load::split_documents(&text).into_iter().fold((0, 0), |(n, f), range| {
                    if itsm::load::fast_parses(&text[range.clone()]) {
                        return (n + 1, f);
                    }
                    match serde_saphyr::from_str::<serde_json::Value>(&text[range]) {
                        Ok(_) => (n + 1, f),
                        Err(e) => {
                            eprintln!("{}: {e}", path.display());
                            (n, f + 1)
                        }
                    }
                }),
                Some("toml") => text.parse::<toml::Table>().map_or((0, 1), |_| (1, 0)),
                Some("csv") => {
                    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
                    let rows = reader.records().map(|r| r.map(|r| r.len())).collect::<Result<Vec<_>, _>>();
                    rows.map_or((0, 1), |rows| (rows.len(), 0))
                }
                _ => (0, 0),
            }
        })
        .collect();
    let (values, failures) = counts.iter().fold((0, 0), |(v, f), (a, b)| (v + a, f + b));
    println!("parsed {values} documents and rows from {} files, {failures} failures", files.len());
    i32::from(failures > 0)
}

// ---------------------------------------------------------------- harness

struct Settings {
    sizes: Vec<usize>,
    rounds: usize,
    dir: PathBuf,
    only: Option<Vec<String>>,
    ajv: bool,
    large_reports: bool,
}

fn settings() -> Settings {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let mut sizes: Vec<usize> = var("ITSM_BENCH_SIZES")
        .map_or_else(|| vec![1_000, 10_000], |v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect());
    if var("ITSM_BENCH_LARGE").is_some_and(|v| v != "0") && !sizes.contains(&100_000) {
        sizes.push(100_000);
    }
    Settings {
        sizes,
        rounds: var("ITSM_BENCH_ROUNDS").and_then(|v| v.parse().ok()).unwrap_or(5).max(1),
        dir: var("ITSM_BENCH_DIR").map_or_else(|| PathBuf::from("/tmp/itsm-bench"), PathBuf::from),
        only: var("ITSM_BENCH_ONLY").map(|v| v.split(',').map(|s| s.trim().to_string()).collect()),
        ajv: var("ITSM_BENCH_NO_AJV").is_none_or(|v| v == "0"),
        large_reports: var("ITSM_BENCH_LARGE_REPORTS").is_some_and(|v| v != "0"),
    }
}

/// One command to measure.
struct Job {
    name: String,
    program: PathBuf,
    args: Vec<String>,
}

/// One measurement: wall seconds and peak resident kilobytes.
#[derive(Clone, Copy)]
struct Sample {
    secs: f64,
    kb: u64,
}

struct Estate {
    services: usize,
    dir: PathBuf,
    files: usize,
    bytes: u64,
}

fn harness() -> Result<(), String> {
    let settings = settings();
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let itsm = PathBuf::from(env!("CARGO_BIN_EXE_itsm"));
    // target/release/deps/estate-HASH -> target/release
    let profile_dir = exe.parent().and_then(Path::parent).ok_or("cannot find the target directory")?.to_path_buf();
    fs::create_dir_all(&settings.dir).map_err(|e| format!("{}: {e}", settings.dir.display()))?;
    if !Path::new("/usr/bin/time").exists() {
        return Err("/usr/bin/time is needed for peak memory (apt-get install time)".into());
    }
    let generate = build_generator(&profile_dir)?;
    let schema = settings.dir.join("service.schema.json");
    let output = Command::new(&itsm).args(["schema", "service"]).output().map_err(|e| e.to_string())?;
    fs::write(&schema, &output.stdout).map_err(|e| e.to_string())?;
    let ajv = if settings.ajv { install_ajv(&settings.dir)? } else { None };

    let estates: Vec<Estate> = settings
        .sizes
        .iter()
        .map(|&n| prepare(&generate, &settings.dir, n, ajv.is_some()))
        .collect::<Result<_, _>>()?;

    let wanted = |name: &str| settings.only.as_ref().is_none_or(|only| only.iter().any(|o| o == name));
    let mut jobs_of: Vec<Vec<Job>> = Vec::new();
    for estate in &estates {
        let dir = estate.dir.to_string_lossy().to_string();
        let mut jobs =
            vec![Job { name: "baseline".into(), program: exe.clone(), args: vec!["--parse-only".into(), dir.clone()] }];
        let itsm_job = |name: &str, words: &[&str]| Job {
            name: name.into(),
            program: itsm.clone(),
            args: words
                .iter()
                .map(|w| w.to_string())
                .chain(["--dir".into(), dir.clone(), "--as-of".into(), AS_OF.into()])
                .collect(),
        };
        jobs.push(itsm_job("validate", &["validate"]));
        jobs.extend(REPORTS.iter().map(|(name, words)| itsm_job(name, words)));
        if let Some(ajv) = &ajv {
            let json = json_dir(&estate.dir);
            jobs.push(Job {
                name: "ajv".into(),
                program: ajv.clone(),
                args: [
                    "validate",
                    "--spec=draft7",
                    "-c",
                    "ajv-formats",
                    "-s",
                    &schema.to_string_lossy(),
                    "-d",
                    &format!("{}/**/*.json", json.display()),
                ]
                .map(String::from)
                .to_vec(),
            });
        }
        let report = |name: &str| REPORTS.iter().any(|(r, _)| *r == name);
        jobs.retain(|job| {
            wanted(&job.name) && (estate.services < 100_000 || settings.large_reports || !report(&job.name))
        });
        jobs_of.push(jobs);
    }

    // samples[estate][job][round]
    let mut samples: Vec<Vec<Vec<Sample>>> =
        jobs_of.iter().map(|jobs| jobs.iter().map(|_| Vec::new()).collect()).collect();
    for round in 0..settings.rounds {
        for (e, jobs) in jobs_of.iter().enumerate() {
            // Read the estate once, unmeasured, so that the first command
            // of the round (the baseline) does not pay alone for a page
            // cache the machine trimmed since the last round: every
            // command is measured on a warm cache.
            let warm = Job {
                name: "warm-up".into(),
                program: exe.clone(),
                args: vec!["--parse-only".into(), estates[e].dir.to_string_lossy().to_string()],
            };
            measure(&warm)?;
            for (j, job) in jobs.iter().enumerate() {
                let sample = measure(job)?;
                eprintln!(
                    "round {}/{} N={} {:<20} {:>8.3} s {:>8} KB",
                    round + 1,
                    settings.rounds,
                    estates[e].services,
                    job.name,
                    sample.secs,
                    sample.kb
                );
                samples[e][j].push(sample);
            }
        }
    }
    print_tables(&estates, &jobs_of, &samples);
    Ok(())
}

/// Builds the estate generator (an example) in release mode, returning its path.
fn build_generator(profile_dir: &Path) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--example", "generate", "--manifest-path", manifest])
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("cannot build examples/generate.rs".into());
    }
    Ok(profile_dir.join("examples").join("generate"))
}

/// Installs ajv-cli and ajv-formats into `dir/ajv` with npm, once.
fn install_ajv(dir: &Path) -> Result<Option<PathBuf>, String> {
    let folder = dir.join("ajv");
    let bin = folder.join("node_modules/.bin/ajv");
    if bin.exists() {
        return Ok(Some(bin));
    }
    fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
    eprintln!("installing ajv-cli@5 and ajv-formats@2 into {}", folder.display());
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
        .arg(&folder)
        .args(["ajv-cli@5", "ajv-formats@2"])
        .status();
    match status {
        Ok(status) if status.success() && bin.exists() => Ok(Some(bin)),
        _ => {
            eprintln!("npm install failed: ajv is left out (set ITSM_BENCH_NO_AJV=1 to skip it quietly)");
            Ok(None)
        }
    }
}

fn json_dir(estate: &Path) -> PathBuf {
    let mut name = estate.file_name().unwrap_or_default().to_os_string();
    name.push("-services-json");
    estate.with_file_name(name)
}

/// Generates the estate of `services` services (once; a marker file says it
/// is complete) and, for ajv, its service files as JSON.
fn prepare(generate: &Path, dir: &Path, services: usize, json: bool) -> Result<Estate, String> {
    let estate = dir.join(format!("estate-{services}"));
    let done = dir.join(format!("estate-{services}.done"));
    if !done.exists() {
        let _ = fs::remove_dir_all(&estate);
        eprintln!("generating {services} services into {}", estate.display());
        let status = Command::new(generate)
            .args(["--services", &services.to_string(), "--seed", SEED, "--out"])
            .arg(&estate)
            .stdout(Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("generating {services} services failed"));
        }
        fs::write(&done, "").map_err(|e| e.to_string())?;
    }
    let json_done = dir.join(format!("estate-{services}-json.done"));
    if json && !json_done.exists() {
        eprintln!("writing the service files of {} as JSON for ajv", estate.display());
        to_json(&estate.join("services"), &json_dir(&estate))?;
        fs::write(&json_done, "").map_err(|e| e.to_string())?;
    }
    let (files, bytes) = walkdir::WalkDir::new(&estate)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(n, b), e| (n + 1, b + e.metadata().map_or(0, |m| m.len())));
    Ok(Estate { services, dir: estate, files, bytes })
}

/// Converts every YAML file under `from` into a JSON file under `to`. ajv
/// reads YAML too, but its YAML reader turns dates into Date objects that
/// fail `"type": "string"`; JSON is also the faster input for it.
fn to_json(from: &Path, to: &Path) -> Result<(), String> {
    let _ = fs::remove_dir_all(to);
    let files: Vec<PathBuf> = walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "yaml"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.par_iter().try_for_each(|path| {
        let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
        let value: serde_json::Value = serde_saphyr::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let target = to.join(path.strip_prefix(from).unwrap_or(path)).with_extension("json");
        fs::create_dir_all(target.parent().unwrap_or(to)).map_err(|e| e.to_string())?;
        fs::write(&target, serde_json::to_string_pretty(&value).unwrap_or_default()).map_err(|e| e.to_string())
    })
}

/// Runs a job under `/usr/bin/time`, timing it from here.
fn measure(job: &Job) -> Result<Sample, String> {
    let rss_file = std::env::temp_dir().join(format!("itsm-bench-rss-{}", std::process::id()));
    let start = Instant::now();
    let status = Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(&rss_file)
        .arg(&job.program)
        .args(&job.args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("{}: {e}", job.name))?;
    let secs = start.elapsed().as_secs_f64();
    let text = fs::read_to_string(&rss_file).unwrap_or_default();
    // On failure, time(1) writes "Command exited with non-zero status N" first.
    let kb = text.lines().last().and_then(|l| l.trim().parse().ok()).unwrap_or(0);
    if !status.success() && job.name != "ajv" {
        return Err(format!("{} failed: {} {}", job.name, job.program.display(), job.args.join(" ")));
    }
    Ok(Sample { secs, kb })
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn print_tables(estates: &[Estate], jobs_of: &[Vec<Job>], samples: &[Vec<Vec<Sample>>]) {
    let find = |e: usize, name: &str| jobs_of[e].iter().position(|j| j.name == name);
    let secs = |e: usize, j: usize| median(samples[e][j].iter().map(|s| s.secs).collect());
    let kb = |e: usize, j: usize| median(samples[e][j].iter().map(|s| s.kb as f64).collect());
    // The median over rounds of a ratio taken within each round.
    let ratio = |(e1, j1): (usize, usize), (e2, j2): (usize, usize)| {
        median(samples[e1][j1].iter().zip(&samples[e2][j2]).map(|(a, b)| a.secs / b.secs).collect())
    };

    println!("\n## Estates\n");
    println!("| services | files | MB on disk |");
    println!("|---:|---:|---:|");
    for estate in estates {
        println!("| {} | {} | {:.1} |", estate.services, estate.files, estate.bytes as f64 / 1e6);
    }

    println!("\n## Median wall time (s) and peak RSS (MB); ratio to validate in the same round\n");
    for (e, estate) in estates.iter().enumerate() {
        println!("### N = {}\n", estate.services);
        println!("| command | seconds | peak MB | × validate |");
        println!("|---|---:|---:|---:|");
        let validate = find(e, "validate");
        for (j, job) in jobs_of[e].iter().enumerate() {
            let versus = validate.map_or_else(|| "-".into(), |v| format!("{:.2}", ratio((e, j), (e, v))));
            println!("| {} | {:.3} | {:.0} | {versus} |", job.name, secs(e, j), kb(e, j) / 1024.0);
        }
        println!();
    }

    println!("## Targets\n");
    println!("| target | measured | met |");
    println!("|---|---:|:---:|");
    let row = |what: String, value: f64, ok: bool| {
        println!("| {what} | {value:.2} | {} |", if ok { "yes" } else { "**no**" });
    };
    for (e, estate) in estates.iter().enumerate() {
        let n = estate.services;
        if let (Some(v), Some(b)) = (find(e, "validate"), find(e, "baseline")) {
            let r = ratio((e, v), (e, b));
            row(format!("N={n}: validate / parse-only baseline ≤ 1.3"), r, r <= 1.3);
        }
        if let (Some(v), Some(a)) = (find(e, "validate"), find(e, "ajv")) {
            let r = ratio((e, a), (e, v));
            row(format!("N={n}: ajv / validate ≥ 3"), r, r >= 3.0);
        }
        if let Some(v) = find(e, "validate") {
            let r = kb(e, v) * 1024.0 / estate.bytes as f64;
            row(format!("N={n}: validate peak RSS / bytes on disk < 4"), r, r < 4.0);
            let worst = REPORTS
                .iter()
                .filter_map(|(name, _)| find(e, name).map(|j| (name, ratio((e, j), (e, v)))))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((name, r)) = worst {
                row(format!("N={n}: slowest report ({name}) / validate ≤ 1.5"), r, r <= 1.5);
            }
        }
    }
    let small = estates.iter().position(|e| e.services == 10_000);
    let large = estates.iter().position(|e| e.services == 100_000);
    if let (Some(s), Some(l)) = (small, large) {
        for name in ["baseline", "validate"] {
            if let (Some(js), Some(jl)) = (find(s, name), find(l, name)) {
                let r = ratio((l, jl), (s, js));
                row(format!("{name}: N=100000 / N=10000 ≤ 11"), r, r <= 11.0);
            }
        }
    }
}
