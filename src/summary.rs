//! What a run read, for people: diagnostics, tickets per input and category.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;

use ticket::privacy::{self, Finding, Kind};
use ticket::{Inputs, Ticket};

use crate::cli::InputArgs;

/// What a run does about personal data and credentials left in the tickets
/// (access keys in signed URLs, IP addresses, mobile numbers, e-mail
/// addresses; see `ticket::privacy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Privacy {
    /// Not looked for (`export` without `--redact`).
    Skip,
    /// Each leftover is a warning (`build` without `--redact`), so
    /// `--strict` fails on them.
    Report,
    /// Masked in the tickets before anything is written (`--redact`); each
    /// is listed as a note, none is a warning.
    Redact,
}

/// The leftovers a run found, and what it did about them.
#[derive(Debug)]
pub struct Leftovers {
    pub privacy: Privacy,
    /// In input order: by file, then line.
    pub findings: Vec<Finding>,
}

impl Leftovers {
    /// How many count as warnings.
    pub fn warnings(&self) -> usize {
        match self.privacy {
            Privacy::Report => self.findings.len(),
            Privacy::Skip | Privacy::Redact => 0,
        }
    }
}

/// Tickets counted per product and sub-category, for the summary.
#[derive(Debug, Default)]
pub struct Tally {
    pub tickets: usize,
    by_category: BTreeMap<(String, String), usize>,
}

impl Tally {
    pub fn add(&mut self, t: &Ticket) {
        self.tickets += 1;
        let key = (t.product.clone(), t.subcategory.clone());
        *self.by_category.entry(key).or_default() += 1;
    }
}

/// Reads the inputs, looks for leftovers as `privacy` says (masking them
/// under [`Privacy::Redact`]), prints every diagnostic and leftover to
/// stderr, and decides whether the run may go on: errors, no tickets at
/// all, or warnings under `--strict` stop it (the caller still sees the
/// tickets).
pub fn read(args: &InputArgs, privacy: Privacy) -> (Inputs, Tally, Leftovers, Result<(), String>) {
    let mut tickets = Vec::new();
    let (mut inputs, tally, leftovers, verdict) = read_each(args, privacy, &mut |t| {
        tickets.push(t);
        Ok(())
    });
    inputs.tickets = tickets;
    (inputs, tally, leftovers, verdict)
}

/// [`read`], handing each ticket (already checked or masked) to `on_ticket`
/// as soon as it is read instead of collecting them. The first error of
/// `on_ticket` stops the run: the verdict says so.
pub fn read_each(
    args: &InputArgs,
    privacy: Privacy,
    on_ticket: &mut dyn FnMut(Ticket) -> anyhow::Result<()>,
) -> (Inputs, Tally, Leftovers, Result<(), String>) {
    let mut findings = Vec::new();
    let mut tally = Tally::default();
    let mut failed: Option<anyhow::Error> = None;
    let inputs = ticket::read_inputs_each(&args.inputs, &mut |mut t| {
        if failed.is_some() {
            return;
        }
        match privacy {
            Privacy::Skip => {}
            Privacy::Report => findings.extend(privacy::scan(&t)),
            Privacy::Redact => findings.extend(privacy::redact(&mut t)),
        }
        tally.add(&t);
        if let Err(err) = on_ticket(t) {
            failed = Some(err);
        }
    });
    for d in &inputs.diagnostics {
        eprintln!("{d}");
    }
    let leftovers = leftovers(findings, privacy);
    for f in &leftovers.findings {
        match privacy {
            Privacy::Report => eprintln!("{}", f.warning()),
            Privacy::Redact => eprintln!(
                "{}:{}: note: masked {} in ticket {} ({}): {}{}",
                f.file,
                f.line,
                f.kind,
                f.ticket,
                f.field,
                f.shown(),
                if f.exact_line {
                    ""
                } else {
                    " (line of the ticket's heading)"
                }
            ),
            Privacy::Skip => {}
        }
    }
    let errors = inputs.diagnostics.len() - inputs.warnings();
    let warnings = inputs.warnings() + leftovers.warnings();
    let verdict = if let Some(err) = failed {
        Err(format!("{err:#}"))
    } else if tally.tickets == 0 {
        Err("no tickets found in the inputs".to_owned())
    } else if errors > 0 {
        Err(format!("{errors} input error(s); see above"))
    } else if args.strict && warnings > 0 {
        let hint = match leftovers.warnings() {
            0 => String::new(),
            n => {
                format!(" ({n} of them possible personal data or credentials; --redact masks them)")
            }
        };
        Err(format!("{warnings} warning(s) and --strict is set{hint}"))
    } else {
        Ok(())
    };
    (inputs, tally, leftovers, verdict)
}

/// Puts the findings in input order, each on the archive line that holds
/// it where that can be told.
fn leftovers(mut findings: Vec<Finding>, privacy: Privacy) -> Leftovers {
    privacy::locate(&mut findings);
    let mut files: Vec<&str> = Vec::new();
    let order: Vec<usize> = findings
        .iter()
        .map(|f| match files.iter().position(|&x| x == f.file) {
            Some(i) => i,
            None => {
                files.push(&f.file);
                files.len() - 1
            }
        })
        .collect();
    let mut keyed: Vec<(usize, Finding)> = order.into_iter().zip(findings).collect();
    keyed.sort_by_key(|(file, f)| (*file, f.line));
    Leftovers {
        privacy,
        findings: keyed.into_iter().map(|(_, f)| f).collect(),
    }
}

/// `privacy: …`: the leftovers per kind and what was done about them.
fn render_leftovers(out: &mut String, leftovers: &Leftovers) {
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    for f in &leftovers.findings {
        *counts.entry(f.kind).or_default() += 1;
    }
    let per_kind = counts
        .iter()
        .map(|(kind, &n)| match n {
            1 => format!("1 {}", kind.name()),
            n => format!("{n} {}", kind.plural()),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let n = leftovers.findings.len();
    let _ = match (leftovers.privacy, n) {
        (Privacy::Skip, _) => Ok(()),
        (_, 0) => writeln!(
            out,
            "privacy: no access keys, IP addresses, mobile numbers or e-mail addresses found"
        ),
        (Privacy::Report, n) => writeln!(
            out,
            "privacy: {n} possible leftover(s) NOT masked: {per_kind} (--redact masks them)"
        ),
        (Privacy::Redact, n) => writeln!(out, "privacy: {n} leftover(s) masked: {per_kind}"),
    };
}

/// The summary block: tickets per input, per product and sub-category, the
/// leftovers per kind, and the diagnostic counts (leftovers that are
/// warnings included).
pub fn render(inputs: &Inputs, tally: &Tally, leftovers: &Leftovers) -> String {
    let mut out = String::new();
    let files = inputs.files.len();
    let _ = writeln!(
        out,
        "{} ticket(s) from {} file{}",
        tally.tickets,
        files,
        if files == 1 { "" } else { "s" }
    );
    for f in &inputs.files {
        let _ = writeln!(out, "  {:>6}  {}", f.tickets, f.path);
    }
    let mut products: BTreeMap<&str, (usize, BTreeMap<&str, usize>)> = BTreeMap::new();
    for ((product, subcategory), &n) in &tally.by_category {
        let entry = products.entry(product).or_default();
        entry.0 += n;
        *entry.1.entry(subcategory).or_default() += n;
    }
    let mut products: Vec<_> = products.into_iter().collect();
    products.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    let _ = writeln!(out, "by category:");
    for (product, (count, subs)) in products {
        let _ = writeln!(out, "  {count:>6}  {product}");
        let mut subs: Vec<_> = subs.into_iter().collect();
        subs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        for (sub, n) in subs {
            let name = if sub.is_empty() {
                "(no sub-category)"
            } else {
                sub
            };
            let _ = writeln!(out, "  {n:>6}    ｜{name}");
        }
    }
    render_leftovers(&mut out, leftovers);
    let errors = inputs.diagnostics.len() - inputs.warnings();
    let warnings = inputs.warnings() + leftovers.warnings();
    let _ = writeln!(out, "{warnings} warning(s), {errors} error(s)");
    out
}

/// Prints the summary to stderr and turns the verdict into an exit code.
pub fn finish(
    inputs: &Inputs,
    tally: &Tally,
    leftovers: &Leftovers,
    verdict: Result<(), String>,
) -> ExitCode {
    eprint!("{}", render(inputs, tally, leftovers));
    match verdict {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("error: {why}");
            ExitCode::FAILURE
        }
    }
}
