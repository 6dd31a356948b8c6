//! A progress bar on stderr for long builds: shown only on a terminal, only
//! once a build has taken more than a moment, redrawn at most ten times a second.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use indexer::{Phase, Progress};

/// Draws progress lines on stderr when it is a terminal.
pub struct Bar {
    started: Instant,
    last: Option<Instant>,
    enabled: bool,
    drawn: bool,
}

impl Bar {
    pub fn new() -> Bar {
        Bar {
            started: Instant::now(),
            last: None,
            enabled: std::io::stderr().is_terminal(),
            drawn: false,
        }
    }

    pub fn update(&mut self, p: Progress) {
        if !self.enabled || self.started.elapsed() < Duration::from_millis(300) {
            return;
        }
        let now = Instant::now();
        if p.done != p.total
            && self
                .last
                .is_some_and(|t| now - t < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(now);
        self.drawn = true;
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{}\x1b[K", line(p, 30));
        let _ = err.flush();
    }

    /// Clears the bar, so the summary starts on a clean line.
    pub fn finish(&mut self) {
        if self.drawn {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
        }
    }
}

/// One progress line: `[=====>     ]  45% indexing tickets 45,000/100,000`.
pub fn line(p: Progress, width: usize) -> String {
    let (step, what) = match p.phase {
        Phase::Measuring => (1, "reading tickets"),
        Phase::Indexing => (2, "indexing tickets"),
        Phase::WritingChunks => (3, "writing terms"),
        Phase::WritingTickets => (4, "writing tickets"),
    };
    if p.total == 0 {
        // Reading: how many tickets there are is known only at the end.
        return format!("{step}/4 {what} {}", thousands(p.done));
    }
    let share = p.done as f64 / p.total as f64;
    let filled = ((share * width as f64).round() as usize).min(width);
    let bar: String = (0..width)
        .map(|i| match i.cmp(&filled) {
            std::cmp::Ordering::Less => '=',
            std::cmp::Ordering::Equal => '>',
            std::cmp::Ordering::Greater => ' ',
        })
        .collect();
    format!(
        "[{bar}] {:>3}% {step}/4 {what} {}/{}",
        (share * 100.0).round(),
        thousands(p.done),
        thousands(p.total)
    )
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_bar_with_counts() {
        let p = Progress {
            phase: Phase::Indexing,
            done: 45_000,
            total: 100_000,
        };
        assert_eq!(
            line(p, 10),
            "[=====>    ]  45% 2/4 indexing tickets 45,000/100,000"
        );
        let done = Progress {
            phase: Phase::WritingTickets,
            done: 7,
            total: 7,
        };
        assert_eq!(line(done, 4), "[====] 100% 4/4 writing tickets 7/7");
        let reading = Progress {
            phase: Phase::Measuring,
            done: 12_345,
            total: 0,
        };
        assert_eq!(line(reading, 4), "1/4 reading tickets 12,345");
    }
}
