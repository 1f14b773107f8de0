//! The stable diagnostic codes. A code, once published, keeps its meaning;
//! `docs/diagnostics.md` has one section per code, and a test checks that
//! codes are unique and that each is documented.

use serde::Serialize;
use std::fmt;

/// How bad a finding is. Errors fail `itsm validate`; warnings fail it only
/// under `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(match self {
            Self::Error => "error",
            Self::Warning => "warning",
        })
    }
}

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $summary:literal;)*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as printed and documented, such as `unknown-field`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// The severity findings with this code have.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// One line saying what the code means.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }
        }
    };
}

codes! {
    IoError = "io-error", Error, "a file or folder could not be read";
    NotUtf8 = "not-utf8", Error, "a records file is not valid UTF-8 text";
    Syntax = "syntax", Error, "a file is not well-formed YAML or TOML";
    DuplicateKey = "duplicate-key", Error, "a mapping names the same key twice";
    MissingProject = "missing-project", Error, "the records directory has no itsm.toml";
    SchemaVersion = "schema-version", Error, "itsm.toml declares a schema version this itsm does not read";
    NotARecord = "not-a-record", Error, "a document is not a mapping, so it cannot be a record";
    MissingKind = "missing-kind", Error, "a record does not say which kind it is";
    UnknownKind = "unknown-kind", Error, "a record's kind is not one itsm knows";
    UnknownField = "unknown-field", Error, "a record has a field its kind does not define";
    MissingField = "missing-field", Error, "a record lacks a field its kind requires";
    InvalidType = "invalid-type", Error, "a field holds the wrong type of value";
    InvalidChoice = "invalid-choice", Error, "a field holds a value outside its allowed set";
    InvalidValue = "invalid-value", Error, "a value does not parse: a duration, percentage, amount, date or period";
    InvalidId = "invalid-id", Error, "an id is not a slug";
    DuplicateId = "duplicate-id", Error, "two records share one id";
    DanglingReference = "dangling-reference", Error, "a record names an id that no record has";
    WrongReferenceKind = "wrong-reference-kind", Error, "a record names an id that belongs to a record of the wrong kind";
    DependencyCycle = "dependency-cycle", Error, "services or components depend on each other in a circle";
    InvalidRange = "invalid-range", Error, "an interval ends before it starts";
    UnknownTimezone = "unknown-timezone", Error, "a time zone is not an IANA time zone name";
    UnknownCurrency = "unknown-currency", Error, "an amount is in a currency the estate has no exchange rate for";
    DegradationMismatch = "degradation-mismatch", Error, "a partial outage has no degradation, or a full one has one";
    PipelineWithoutDate = "pipeline-without-date", Error, "a pipeline service has no available_from date";
    RetiredWithoutDate = "retired-without-date", Error, "a retired service has no retired_on date";
    RetiredWithSla = "retired-with-sla", Error, "a retired service still has an SLA in force";
    DependsOnRetired = "depends-on-retired", Error, "a live or pipeline service depends on a retired service";
    DemandFileMissing = "demand-file-missing", Error, "a demand record's series file does not exist";
    DemandMalformed = "demand-malformed", Error, "a demand series file is not `period,value` CSV";
    DemandDuplicatePeriod = "demand-duplicate-period", Error, "a demand series lists one period twice";
    DemandGap = "demand-gap", Error, "a demand series skips periods";
    CapacityUnitMismatch = "capacity-unit-mismatch", Error, "a demand is counted in another unit than its service's capacity";
    EmptyFile = "empty-file", Warning, "a records file holds no record";
    PipelineOverdue = "pipeline-overdue", Warning, "a pipeline service's available_from date has passed";
    InfeasibleTarget = "infeasible-target", Warning, "an SLA's availability target is above what its dependency chain can reach";
    WeakCommitment = "weak-commitment", Warning, "a supplier commits to less than an SLA that depends on it";
    DimensionGap = "dimension-gap", Warning, "a live service says nothing about one of the four dimensions";
    RtoBelowDependency = "rto-below-dependency", Warning, "a service promises a shorter RTO than something it depends on";
    RpoBelowBackup = "rpo-below-backup", Warning, "a service promises a shorter RPO than its backup interval allows";
    RecoveryExceedsRto = "recovery-exceeds-rto", Warning, "restoring a service and what it depends on takes longer than its RTO";
    ContinuityGap = "continuity-gap", Warning, "a critical service has no recovery steps, no owner on call, or a supplier with no contact";
    ExerciseOverdue = "exercise-overdue", Warning, "a continuity plan is overdue for an exercise";
    DemandTooShort = "demand-too-short", Warning, "a demand series is too short to forecast";
    CapacityExceeded = "capacity-exceeded", Warning, "the last observed demand, or a component's utilisation, is already above capacity";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}
