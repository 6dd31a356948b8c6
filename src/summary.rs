//! What a run read, for people: diagnostics, tickets per input and category.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::ExitCode;

use ticket::Inputs;

use crate::cli::InputArgs;

/// Reads the inputs, prints every diagnostic to stderr, and decides whether
/// the run may go on: errors, no tickets at all, or warnings under
/// `--strict` stop it (the caller still sees the tickets).
pub fn read(args: &InputArgs) -> (Inputs, Result<(), String>) {
    let inputs = ticket::read_inputs(&args.inputs);
    for d in &inputs.diagnostics {
        eprintln!("{d}");
    }
    let errors = inputs.diagnostics.len() - inputs.warnings();
    let verdict = if inputs.tickets.is_empty() {
        Err("no tickets found in the inputs".to_owned())
    } else if errors > 0 {
        Err(format!("{errors} input error(s); see above"))
    } else if args.strict && inputs.warnings() > 0 {
        Err(format!(
            "{} warning(s) and --strict is set",
            inputs.warnings()
        ))
    } else {
        Ok(())
    };
    (inputs, verdict)
}

/// The summary block: tickets per input, per product and sub-category, and
/// the diagnostic counts.
pub fn render(inputs: &Inputs) -> String {
    let mut out = String::new();
    let files = inputs.files.len();
    let _ = writeln!(
        out,
        "{} ticket(s) from {} file{}",
        inputs.tickets.len(),
        files,
        if files == 1 { "" } else { "s" }
    );
    for f in &inputs.files {
        let _ = writeln!(out, "  {:>6}  {}", f.tickets, f.path);
    }
    let mut products: BTreeMap<&str, (usize, BTreeMap<&str, usize>)> = BTreeMap::new();
    for t in &inputs.tickets {
        let entry = products.entry(&t.product).or_default();
        entry.0 += 1;
        *entry.1.entry(&t.subcategory).or_default() += 1;
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
    let warnings = inputs.warnings();
    let errors = inputs.diagnostics.len() - warnings;
    let _ = writeln!(out, "{warnings} warning(s), {errors} error(s)");
    out
}

/// Prints the summary to stderr and turns the verdict into an exit code.
pub fn finish(inputs: &Inputs, verdict: Result<(), String>) -> ExitCode {
    eprint!("{}", render(inputs));
    match verdict {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("error: {why}");
            ExitCode::FAILURE
        }
    }
}
