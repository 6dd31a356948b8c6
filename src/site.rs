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
        remove_stale(parent, &name);
        let temp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        let _ = fs::remove_dir_all(&temp);
        fs::create_dir_all(&temp).with_context(|| format!("creating {}", temp.display()))?;
        Ok(Staging {
            target: target.to_path_buf(),
            temp,
            committed: false,
        })
    }

    /// The temporary directory (for scratch files a build removes before
    /// [`Staging::commit`]).
    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// Writes one file, `path` relative to the site root.
    pub fn write(&self, path: &str, bytes: &[u8]) -> std::io::Result<()> {
        let full = self.temp.join(path);
        if let Some(dir) = full.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(full, bytes)
    }

    /// Puts the new site in place of the old one. On Linux the two
    /// directories are exchanged in one step (`renameat2` with
    /// `RENAME_EXCHANGE`), so at every moment the target is either the old
    /// complete site or the new one; elsewhere the old site is moved aside
    /// first.
    pub fn commit(mut self) -> anyhow::Result<()> {
        if self.target.exists() && exchange(&self.temp, &self.target)? {
            // `temp` now holds the old site.
            self.committed = true;
            fs::remove_dir_all(&self.temp)
                .with_context(|| format!("removing the old site {}", self.temp.display()))?;
            return Ok(());
        }
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

/// Atomically exchanges two directories; `Ok(false)` where the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> anyhow::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a_c = CString::new(a.as_os_str().as_bytes())?;
    let b_c = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them
    // relative to the working directory, as std::fs does.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a_c.as_ptr(),
            libc::AT_FDCWD,
            b_c.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        // Not supported by this kernel or file system: fall back.
        Some(libc::ENOSYS | libc::EINVAL | libc::ENOTSUP) => Ok(false),
        _ => Err(err).with_context(|| format!("exchanging {} and {}", a.display(), b.display())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> anyhow::Result<bool> {
    Ok(false)
}

/// Removes temporary directories of earlier builds of `name` in `parent`
/// that were killed (their process is gone).
fn remove_stale(parent: &Path, name: &str) {
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.split('.').next().unwrap_or("");
        // Without /proc nothing can be told about other processes: keep.
        let gone = Path::new("/proc/self").exists()
            && pid.parse::<u32>().is_ok_and(|p| {
                p != std::process::id() && !Path::new(&format!("/proc/{p}")).exists()
            });
        if gone {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.temp);
        }
    }
}
