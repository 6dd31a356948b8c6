//! Writing a site directory atomically: everything goes into a temporary
//! directory beside the target, which replaces the target only when the
//! build has succeeded. A failed or killed build leaves the previous site.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

/// A site being written; dropped without [`Staging::commit`], it is removed.
pub struct Staging {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares a temporary directory beside `target`. Refuses a target that
    /// exists, is not empty and is not a site (so `--out .` cannot wipe a
    /// project).
    pub fn new(target: &Path) -> anyhow::Result<Staging> {
        if target.exists() {
            if !target.is_dir() {
                bail!("{} exists and is not a directory", target.display());
            }
            let empty = fs::read_dir(target)?.next().is_none();
            if !empty && !target.join(format::MANIFEST_PATH).is_file() {
                bail!(
                    "refusing to replace {}: it is not empty and holds no ticketsearch site ({} is missing); \
                     choose a new or empty directory",
                    target.display(),
                    format::MANIFEST_PATH
                );
            }
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        let temp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        let _ = fs::remove_dir_all(&temp);
        fs::create_dir_all(&temp).with_context(|| format!("creating {}", temp.display()))?;
        Ok(Staging {
            target: target.to_path_buf(),
            temp,
            committed: false,
        })
    }

    /// Writes one file, `path` relative to the site root.
    pub fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let full = self.temp.join(path);
        if let Some(dir) = full.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(full, bytes)
    }

    /// Puts the new site in place of the old one.
    pub fn commit(mut self) -> anyhow::Result<()> {
        let old = self.temp.with_extension("old");
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old)
                .with_context(|| format!("moving the old {} aside", self.target.display()))?;
        }
        if let Err(err) = fs::rename(&self.temp, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(err)
                .with_context(|| format!("moving the new site to {}", self.target.display()));
        }
        self.committed = true;
        if had_old {
            fs::remove_dir_all(&old).with_context(|| format!("removing {}", old.display()))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.temp);
        }
    }
}
