//! Diagnostics: what a reader says about its input, compiler style.

use std::fmt;

/// How bad a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input was understood, with a repair or a loss that is described.
    Warning,
    /// (Part of) the input could not be read; the run must fail.
    Error,
}

/// A message about one place of one input: `path:line: warning: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The input path as the user named it.
    pub path: String,
    /// 1-based line, when the message is about one line.
    pub line: Option<u32>,
    /// Warning or error.
    pub severity: Severity,
    /// What is wrong and what was done about it.
    pub message: String,
}

impl Diagnostic {
    /// A warning about `path:line`.
    pub fn warning(path: &str, line: impl Into<Option<u32>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, path, line.into(), message.into())
    }

    /// An error about `path:line`.
    pub fn error(path: &str, line: impl Into<Option<u32>>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, path, line.into(), message.into())
    }

    fn new(severity: Severity, path: &str, line: Option<u32>, message: String) -> Self {
        Diagnostic {
            path: path.to_owned(),
            line,
            severity,
            message,
        }
    }

    /// True for [`Severity::Error`].
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match self.line {
            Some(line) => write!(f, "{}:{}: {}: {}", self.path, line, kind, self.message),
            None => write!(f, "{}: {}: {}", self.path, kind, self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_a_compiler() {
        let d = Diagnostic::warning("a.md", 12, "no category line");
        assert_eq!(d.to_string(), "a.md:12: warning: no category line");
        let d = Diagnostic::error("b.md", None, "not valid UTF-8");
        assert_eq!(d.to_string(), "b.md: error: not valid UTF-8");
        assert!(d.is_error());
    }
}
