//! `itsm init`: a new records directory with `itsm.toml` and one commented
//! example of each record kind, which validates clean.
//!
//! It never overwrites: when any file it would write exists, it writes
//! nothing. Each file is written atomically, and a file that appears
//! meanwhile is not replaced.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{Context, Fatal, Outcome, files};

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create the records in [default: the current folder]
    pub dir: Option<PathBuf>,
}

/// The files of a new records directory: path, then content. The examples
/// live in `templates/init/` as ordinary records, so they can be read and
/// checked as such.
pub const FILES: [(&str, &str); 12] = [
    ("itsm.toml", include_str!("../../../templates/init/itsm.toml")),
    ("teams/teams.yaml", include_str!("../../../templates/init/teams/teams.yaml")),
    ("services/services.yaml", include_str!("../../../templates/init/services/services.yaml")),
    ("slas/slas.yaml", include_str!("../../../templates/init/slas/slas.yaml")),
    ("suppliers/suppliers.toml", include_str!("../../../templates/init/suppliers/suppliers.toml")),
    ("components/components.yaml", include_str!("../../../templates/init/components/components.yaml")),
    ("operations/outages.yaml", include_str!("../../../templates/init/operations/outages.yaml")),
    ("operations/incidents.yaml", include_str!("../../../templates/init/operations/incidents.yaml")),
    ("demand/demand.yaml", include_str!("../../../templates/init/demand/demand.yaml")),
    ("demand/mail-mailboxes.csv", include_str!("../../../templates/init/demand/mail-mailboxes.csv")),
    ("costs/costs.toml", include_str!("../../../templates/init/costs/costs.toml")),
    ("feedback/feedback.yaml", include_str!("../../../templates/init/feedback/feedback.yaml")),
];

/// Writes a new records directory into `args.dir`.
pub fn init(_context: &Context, args: &InitArgs, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let dir = args.dir.clone().unwrap_or_default();
    let taken: Vec<String> =
        FILES.iter().map(|(path, _)| dir.join(path)).filter(|path| exists(path)).map(|p| shown(&p)).collect();
    if let Some(first) = taken.first() {
        let which = match taken.len() {
            1 => format!("{first} already exists"),
            n => format!("{first} and {} more of its files already exist", n - 1),
        };
        return Err(Fatal(format!("{which}; itsm init never overwrites a file, so it wrote nothing")));
    }
    let mut written = Vec::new();
    for (path, text) in FILES {
        let target = dir.join(path);
        if let Err(err) = files::create(&target, text.as_bytes()) {
            // Leave the folder as it was: without any of the examples.
            for done in &written {
                let _ = fs::remove_file(done);
            }
            return Err(Fatal(format!("cannot write {}: {err}; wrote nothing", shown(&target))));
        }
        written.push(target);
    }
    let place = if dir.as_os_str().is_empty() { "the current folder".into() } else { shown(&dir) };
    let mut report = format!("created a records directory in {place}:\n");
    for (path, _) in FILES {
        report.push_str(&format!("  {path}\n"));
    }
    let validate = if dir.as_os_str().is_empty() {
        "itsm validate".into()
    } else {
        format!("itsm --dir {} validate", shown(&dir))
    };
    report.push_str(&format!("next: edit the examples into your own records, and run `{validate}`\n"));
    out.write_all(report.as_bytes()).map_err(Fatal::from_io)?;
    Ok(Outcome::Clean)
}

/// Whether anything, even a broken link, is at `path`.
fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}
