//! The tickets of a build, parked on disk between reading and indexing.
//!
//! A build reads every input before it can number the documents (they go in
//! category order), and then needs each ticket once more to index it and
//! write its fragment. Holding them all in memory made a build's peak memory
//! grow with the archives (1.4 GB for 500 MB of them); instead each ticket is
//! appended to this file as JSON when it is read, and read back, one at a
//! time, when its turn comes. The file lives in the build's staging
//! directory and is removed before the site is put in place; the operating
//! system's page cache, not the build, holds what it can of it.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use ticket::Ticket;

/// Where one ticket is in the spill file.
#[derive(Clone, Copy, Debug)]
pub struct Slot {
    offset: u64,
    len: u32,
}

/// Tickets written one after the other; read back by [`Slot`].
pub struct Spill {
    path: PathBuf,
    writer: Option<BufWriter<File>>,
    reader: Option<File>,
    len: u64,
    buf: Vec<u8>,
}

impl Spill {
    /// Creates (or truncates) the spill file at `path`.
    pub fn create(path: &Path) -> anyhow::Result<Spill> {
        let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
        Ok(Spill {
            path: path.to_path_buf(),
            writer: Some(BufWriter::with_capacity(1 << 20, file)),
            reader: None,
            len: 0,
            buf: Vec::new(),
        })
    }

    /// Appends `t`; returns where it is.
    pub fn push(&mut self, t: &Ticket) -> anyhow::Result<Slot> {
        let writer = self
            .writer
            .as_mut()
            .context("the spill file is closed for writing")?;
        self.buf.clear();
        serde_json::to_writer(&mut self.buf, t).context("serialising a ticket")?;
        let len = u32::try_from(self.buf.len()).context("a ticket of more than 4 GiB")?;
        writer
            .write_all(&self.buf)
            .with_context(|| format!("writing {}", self.path.display()))?;
        let slot = Slot {
            offset: self.len,
            len,
        };
        self.len += u64::from(len);
        Ok(slot)
    }

    /// The ticket at `slot`. The first call ends writing.
    pub fn get(&mut self, slot: Slot) -> anyhow::Result<Ticket> {
        if let Some(mut writer) = self.writer.take() {
            writer
                .flush()
                .with_context(|| format!("writing {}", self.path.display()))?;
            self.reader = Some(
                File::open(&self.path)
                    .with_context(|| format!("reading {}", self.path.display()))?,
            );
        }
        let reader = self.reader.as_mut().context("the spill file is not open")?;
        self.buf.resize(slot.len as usize, 0);
        reader
            .seek(SeekFrom::Start(slot.offset))
            .and_then(|_| reader.read_exact(&mut self.buf))
            .with_context(|| format!("reading {}", self.path.display()))?;
        serde_json::from_slice(&self.buf).context("a spilled ticket does not read back")
    }

    /// Removes the file.
    pub fn remove(mut self) -> anyhow::Result<()> {
        self.writer = None;
        self.reader = None;
        std::fs::remove_file(&self.path)
            .with_context(|| format!("removing {}", self.path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_read_back_in_any_order() {
        let dir = std::env::temp_dir().join(format!("ticketsearch-spill-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let parsed = ticket::parse_markdown(
            "a.md",
            "## 问题 1: 证书\n\n**问题分类**: CDN｜证书问题\n\n## 问题 2: 回源\n\n### 问题描述\n\n源站 502\n",
        );
        let mut spill = Spill::create(&dir.join("s")).unwrap();
        let slots: Vec<Slot> = parsed
            .tickets
            .iter()
            .map(|t| spill.push(t).unwrap())
            .collect();
        assert_eq!(spill.get(slots[1]).unwrap(), parsed.tickets[1]);
        assert_eq!(spill.get(slots[0]).unwrap(), parsed.tickets[0]);
        assert!(
            spill.push(&parsed.tickets[0]).is_err(),
            "writing ends with the first read"
        );
        spill.remove().unwrap();
        assert!(!dir.join("s").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
