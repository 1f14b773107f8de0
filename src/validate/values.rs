//! Rules about values within one record that the types alone cannot say:
//! intervals in order, time zones that exist, currencies with a rate,
//! impact and degradation that agree, redundancy that adds up.

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use crate::diag::{Code, Diagnostic, FieldPath};
use crate::model::common::SupportHours;
use crate::model::events::Impact;
use crate::model::units::{Currency, Timestamp};
use crate::model::{Estate, Origin};

pub fn check(estate: &Estate, out: &mut Vec<Diagnostic>) {
    let project_tz = estate.project.timezone.parse::<Tz>().ok();
    let mut rules = Rules { estate, out, tz: project_tz.unwrap_or(Tz::UTC) };
    rules.ranges();
    rules.hours();
    rules.scores();
    rules.timezones();
    // Without a readable itsm.toml there is no estate currency to check
    // against; its own findings say why.
    if estate.project_origin.is_some() {
        rules.currencies();
    }
    rules.outages();
    rules.redundancy();
}

struct Rules<'a> {
    estate: &'a Estate,
    out: &'a mut Vec<Diagnostic>,
    tz: Tz,
}

impl Rules<'_> {
    fn order<T: PartialOrd + std::fmt::Display>(
        &mut self,
        origin: Origin,
        from: (&str, T),
        to: (&str, Option<T>),
        what: &str,
    ) {
        let (start_key, start) = from;
        let (end_key, end) = to;
        if let Some(end) = end.filter(|end| *end < start) {
            self.out.push(
                Diagnostic::new(Code::InvalidRange, format!("{what} ends ({end}) before it starts ({start})"))
                    .at_field(origin, FieldPath::parse(end_key), format!("before {}", last_segment(start_key)))
                    .help(format!(
                        "make `{}` the same as or later than `{}`",
                        last_segment(end_key),
                        last_segment(start_key)
                    )),
            );
        }
    }

    /// A timestamp as UTC, reading one without an offset in the estate's zone.
    fn instant(&self, t: &Timestamp) -> NaiveDateTime {
        match t.offset {
            Some(offset) => t.local - offset,
            None => self.tz.from_local_datetime(&t.local).earliest().map_or(t.local, |d| d.naive_utc()),
        }
    }

    fn ranges(&mut self) {
        let estate = self.estate;
        for s in &estate.slas {
            self.order(s.origin, ("start", s.start), ("end", s.end), "the SLA");
        }
        for c in &estate.costs {
            self.order(c.origin, ("from", c.from), ("to", c.to), "the cost");
        }
        for s in &estate.suppliers {
            for (i, contract) in s.contracts.iter().enumerate() {
                let end = format!("contracts[{i}].end");
                let start = format!("contracts[{i}].start");
                self.order(s.origin, (&start, contract.start), (&end, Some(contract.end)), "the contract");
            }
        }
        for o in &estate.outages {
            let (start, end) = (self.instant(&o.start), self.instant(&o.end));
            self.order(o.origin, ("start", start), ("end", Some(end)), "the outage");
        }
        for i in &estate.incidents {
            let opened = self.instant(&i.opened);
            for (key, time) in [("responded", &i.responded), ("resolved", &i.resolved)] {
                let time = time.as_ref().map(|t| self.instant(t));
                self.order(i.origin, ("opened", opened), (key, time), &format!("the incident's {key} time"));
            }
        }
    }

    /// Support hours that open after they close give no support time.
    fn hours(&mut self) {
        let estate = self.estate;
        let check = |out: &mut Vec<Diagnostic>, origin: Origin, at: &str, hours: Option<&SupportHours>| {
            let Some(SupportHours::Business(b)) = hours else { return };
            if b.start >= b.end {
                out.push(
                    Diagnostic::new(
                        Code::InvalidRange,
                        format!("support hours end ({}) before they start ({})", b.end, b.start),
                    )
                    .at_field(origin, FieldPath::parse(&format!("{at}.end")), "not after start")
                    .help("support hours run from `start` to a later `end` on each day; use 24:00 for midnight"),
                );
            }
            if b.days.is_empty() {
                out.push(
                    Diagnostic::new(Code::InvalidValue, "support hours cover no day of the week")
                        .at_field(origin, FieldPath::parse(&format!("{at}.days")), "no days")
                        .help("list the days covered, such as [mon, tue, wed, thu, fri]"),
                );
            }
        };
        for s in &estate.slas {
            check(self.out, s.origin, "support_hours", Some(&s.support_hours));
        }
        for s in &estate.suppliers {
            let hours = s.commitments.as_ref().and_then(|c| c.support_hours.as_ref());
            check(self.out, s.origin, "commitments.support_hours", hours);
        }
    }

    /// Feedback scores are on a 1 to 5 scale.
    fn scores(&mut self) {
        for f in &self.estate.feedback {
            if !(1.0..=5.0).contains(&f.score) {
                self.out.push(
                    Diagnostic::new(Code::InvalidValue, format!("score {} is outside the 1 to 5 scale", f.score))
                        .at_field(f.origin, FieldPath::key("score"), "not between 1 and 5")
                        .help("write the mean score on the 1 (very dissatisfied) to 5 (very satisfied) scale"),
                );
            }
        }
    }

    fn timezones(&mut self) {
        let estate = self.estate;
        if estate.project.timezone.parse::<Tz>().is_err()
            && let Some(origin) = estate.project_origin
        {
            self.bad_zone(origin, FieldPath::key("timezone"), &estate.project.timezone);
        }
        for s in &estate.slas {
            if let SupportHours::Business(hours) = &s.support_hours
                && let Some(zone) = hours.timezone.as_ref().filter(|z| z.parse::<Tz>().is_err())
            {
                self.bad_zone(s.origin, FieldPath::parse("support_hours.timezone"), zone);
            }
        }
        for s in &estate.suppliers {
            let hours = s.commitments.as_ref().and_then(|c| c.support_hours.as_ref());
            if let Some(SupportHours::Business(hours)) = hours
                && let Some(zone) = hours.timezone.as_ref().filter(|z| z.parse::<Tz>().is_err())
            {
                self.bad_zone(s.origin, FieldPath::parse("commitments.support_hours.timezone"), zone);
            }
        }
    }

    fn bad_zone(&mut self, origin: Origin, at: FieldPath, zone: &str) {
        let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
        let help = crate::diag::suggest(zone, names, "use an IANA time zone name such as Europe/Berlin or UTC");
        self.out.push(
            Diagnostic::new(Code::UnknownTimezone, format!("`{zone}` is not an IANA time zone"))
                .at_field(origin, at, "unknown time zone")
                .help(help),
        );
    }

    fn currencies(&mut self) {
        let estate = self.estate;
        let check = |out: &mut Vec<Diagnostic>, origin: Origin, at: &str, currency: Option<&Currency>| {
            let Some(currency) = currency else { return };
            if *currency == estate.project.currency || estate.project.exchange_rates.contains_key(currency.code()) {
                return;
            }
            out.push(
                Diagnostic::new(
                    Code::UnknownCurrency,
                    format!(
                        "amount in {currency}, but the estate counts in {} and has no rate for {currency}",
                        estate.project.currency
                    ),
                )
                .at_field(origin, FieldPath::parse(at), "no exchange rate")
                .help(format!(
                    "add `{currency} = \"<rate>\"` under [exchange_rates] in itsm.toml, or write the amount in {}",
                    estate.project.currency
                )),
            );
        };
        for s in &estate.services {
            check(self.out, s.origin, "charge.currency", s.charge.as_ref().and_then(|c| c.currency.as_ref()));
            for (i, m) in s.market.iter().enumerate() {
                check(self.out, s.origin, &format!("market[{i}].currency"), m.currency.as_ref());
            }
        }
        for s in &estate.suppliers {
            for (i, contract) in s.contracts.iter().enumerate() {
                check(self.out, s.origin, &format!("contracts[{i}].currency"), contract.currency.as_ref());
            }
        }
        for c in &estate.costs {
            check(self.out, c.origin, "currency", c.currency.as_ref());
        }
    }

    fn outages(&mut self) {
        for o in &self.estate.outages {
            let message = match (o.impact, o.degradation) {
                (Impact::Partial, None) => "a partial outage needs a degradation",
                (Impact::Full, Some(_)) => "a full outage cannot have a degradation",
                _ => continue,
            };
            let (at, help) = match o.impact {
                Impact::Partial => ("impact", "add `degradation: 50` (the share of the service lost, in percent)"),
                Impact::Full => ("degradation", "remove `degradation`, or set `impact: partial`"),
            };
            self.out.push(
                Diagnostic::new(Code::DegradationMismatch, format!("{message} (outage `{}`)", o.id))
                    .at_field(o.origin, FieldPath::parse(at), "impact and degradation disagree")
                    .help(help),
            );
        }
    }

    fn redundancy(&mut self) {
        for c in &self.estate.components {
            let Some(r) = &c.redundancy else { continue };
            if r.instances == 0 || r.required == 0 || r.required > r.instances {
                self.out.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        format!("redundancy of `{}` needs {} of {} instances", c.id, r.required, r.instances),
                    )
                    .at_field(c.origin, FieldPath::parse("redundancy.required"), "cannot be met")
                    .help("`required` must be at least 1 and at most `instances`"),
                );
            }
        }
    }
}

/// `start` of `contracts[0].start`, for messages.
fn last_segment(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}
