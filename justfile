# The same recipes as `cargo xtask <task>`, for those who use just
# (`pip install rust-just`).

# Build the bundled sample and show it.
default: demo

# Build the bundled sample archive and show the result.
demo:
    cargo xtask demo

# The whole test suite, as CI runs it.
test:
    cargo xtask test

# Run a fuzz target (reader) for SECONDS.
fuzz target="reader" seconds="600":
    cargo xtask fuzz {{target}} {{seconds}}

# Write a synthetic archive of N tickets (the sample's format, recombined from it) to OUT.
gen-corpus tickets="10000" seed="1" out="/tmp/tickets.md":
    cargo run --release --quiet -p xtask -- gen-corpus --tickets {{tickets}} --seed {{seed}} --out {{out}}

# ticketsearch side by side with Pagefind, MiniSearch and FlexSearch at 1k, 10k
# and 100k tickets; writes the table into BENCHMARKS.md.
bench sizes="1000,10000,100000":
    cargo xtask bench --sizes {{sizes}}

# Criterion benchmarks (reader, engine latency, CJK strategies).
criterion:
    cargo bench --workspace
