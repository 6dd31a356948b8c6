//! LEB128 variable-length integers and a bounds-checked byte reader.

use crate::{Error, Result};

/// Appends `v` as LEB128 (7 bits a byte, high bit = more).
pub fn put_u32(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The number of bytes [`put_u32`] writes for `v`.
pub fn len_u32(v: u32) -> usize {
    match v {
        0..0x80 => 1,
        0x80..0x4000 => 2,
        0x4000..0x20_0000 => 3,
        0x20_0000..0x1000_0000 => 4,
        _ => 5,
    }
}

/// Appends a length-prefixed UTF-8 string.
pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

/// Reads values from a byte slice; every read is bounds-checked and a short
/// or malformed input is [`Error::Corrupt`], never a panic.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    what: &'static str,
}

impl<'a> Reader<'a> {
    /// A reader over `bytes`; `what` names the structure in error messages.
    pub fn new(bytes: &'a [u8], what: &'static str) -> Self {
        Reader {
            bytes,
            pos: 0,
            what,
        }
    }

    /// True when every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// The current offset.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn corrupt(&self, why: &str) -> Error {
        Error::Corrupt(format!("{}: {} at byte {}", self.what, why, self.pos))
    }

    /// One byte.
    pub fn u8(&mut self) -> Result<u8> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.corrupt("unexpected end"))?;
        self.pos += 1;
        Ok(b)
    }

    /// A LEB128 `u32`.
    pub fn u32(&mut self) -> Result<u32> {
        let mut v: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.u8()?;
            let bits = u32::from(b & 0x7f);
            if shift == 28 && bits > 0x0f {
                return Err(self.corrupt("varint overflows u32"));
            }
            v |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.corrupt("varint too long"))
    }

    /// A little-endian `f32`.
    pub fn f32(&mut self) -> Result<f32> {
        let b = self.bytes(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// `n` raw bytes.
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| self.corrupt("length runs past the end"))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    /// A length-prefixed UTF-8 string.
    pub fn str(&mut self) -> Result<&'a str> {
        let n = self.u32()? as usize;
        let b = self.bytes(n)?;
        std::str::from_utf8(b).map_err(|_| self.corrupt("string is not UTF-8"))
    }

    /// A length that must fit what is left (so a corrupt count cannot make
    /// a caller allocate gigabytes): each item needs at least one byte.
    pub fn count(&mut self) -> Result<usize> {
        let n = self.u32()? as usize;
        if n > self.bytes.len() - self.pos.min(self.bytes.len()) {
            return Err(self.corrupt("count larger than the data"));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_edge_values() {
        for v in [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX - 1, u32::MAX] {
            let mut out = Vec::new();
            put_u32(&mut out, v);
            assert_eq!(out.len(), len_u32(v), "{v}");
            let mut r = Reader::new(&out, "t");
            assert_eq!(r.u32().unwrap(), v);
            assert!(r.is_empty());
        }
        for shift in 0..32 {
            for v in [(1u32 << shift) - 1, 1u32 << shift] {
                let mut out = Vec::new();
                put_u32(&mut out, v);
                assert_eq!(out.len(), len_u32(v), "{v}");
            }
        }
    }

    #[test]
    fn rejects_overlong_and_truncated() {
        assert!(Reader::new(&[0x80, 0x80], "t").u32().is_err());
        assert!(Reader::new(&[0xff, 0xff, 0xff, 0xff, 0x7f], "t")
            .u32()
            .is_err());
        assert!(Reader::new(&[0xff; 6], "t").u32().is_err());
        assert!(Reader::new(&[5, b'a'], "t").str().is_err());
        assert!(Reader::new(&[2, 0xff, 0xfe], "t").str().is_err());
        assert!(Reader::new(&[9], "t").count().is_err());
    }
}
