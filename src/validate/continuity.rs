//! Continuity objectives as warnings: RTOs shorter than a dependency's,
//! RPOs shorter than the backup interval, recoveries longer than the RTO,
//! critical services without steps, on-call or supplier contact, and
//! overdue exercises (see `docs/continuity.md`).

use super::Options;
use crate::diag::Diagnostic;
use crate::model::Estate;
use crate::report::continuity::checks;

pub fn check(estate: &Estate, options: &Options, out: &mut Vec<Diagnostic>) {
    for risk in checks(estate, options.as_of) {
        let Some(origin) = risk.origin else { continue };
        let help = match risk.code {
            crate::diag::Code::RtoBelowDependency => {
                "a service cannot come back before what it stands on: shorten the dependency's RTO or relax this one"
            }
            crate::diag::Code::RpoBelowBackup => "back up at least as often as the RPO, or relax the RPO",
            crate::diag::Code::RecoveryExceedsRto => {
                "shorten recovery times on the critical path, recover in parallel, or relax the RTO (see `itsm continuity plan --service`)"
            }
            crate::diag::Code::ContinuityGap => {
                "add continuity.recovery_steps, an on_call contact for the owner team, and contacts or a hotline for each supplier"
            }
            _ => "run the exercise and record continuity.last_exercise",
        };
        out.push(
            Diagnostic::new(risk.code, risk.message).at_field(origin, risk.path, "continuity objective").help(help),
        );
    }
}
