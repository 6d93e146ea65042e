//! The structure of a desk document read from a buffered reader, one
//! element of a section at a time, with the line each element starts on.
//!
//! Only the document's skeleton is scanned here (the top-level object, its
//! keys, the arrays of the sections): each element's bytes are handed over
//! whole and deserialized on their own ([`super::parse`]), so memory holds
//! one element, never the file, and errors name the element's line.

use std::io::BufRead;

/// A problem in the document's skeleton, at a line.
#[derive(Debug)]
pub(super) struct ScanError {
    pub line: usize,
    pub message: String,
}

type Result<T> = std::result::Result<T, ScanError>;

pub(super) struct Scanner<R> {
    reader: R,
    /// The line of the next byte.
    line: usize,
    /// Bytes read so far from where the scanner started.
    offset: u64,
}

impl<R: BufRead> Scanner<R> {
    pub fn new(reader: R, line: usize) -> Self {
        Scanner {
            reader,
            line,
            offset: 0,
        }
    }

    pub fn line(&self) -> usize {
        self.line
    }

    pub fn offset(&self) -> u64 {
        self.offset
    }

    fn fail<T>(&self, message: impl Into<String>) -> Result<T> {
        Err(ScanError {
            line: self.line,
            message: message.into(),
        })
    }

    fn io<T>(&self, e: std::io::Error) -> Result<T> {
        self.fail(format!("cannot read the file: {e}"))
    }

    /// The next byte without taking it; `None` at the end.
    fn peek(&mut self) -> Result<Option<u8>> {
        match self.reader.fill_buf() {
            Ok(buf) => Ok(buf.first().copied()),
            Err(e) => self.io(e),
        }
    }

    fn bump(&mut self, byte: u8) {
        if byte == b'\n' {
            self.line += 1;
        }
        self.offset += 1;
        self.reader.consume(1);
    }

    /// Skips white space; the next byte after it.
    pub fn skip_ws(&mut self) -> Result<Option<u8>> {
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(buf) => buf,
                Err(e) => return self.io(e),
            };
            if buf.is_empty() {
                return Ok(None);
            }
            let mut taken = 0;
            let mut lines = 0;
            let mut next = None;
            for &b in buf {
                match b {
                    b' ' | b'\t' | b'\r' => taken += 1,
                    b'\n' => {
                        taken += 1;
                        lines += 1;
                    }
                    other => {
                        next = Some(other);
                        break;
                    }
                }
            }
            self.reader.consume(taken);
            self.line += lines;
            self.offset += taken as u64;
            if next.is_some() {
                return Ok(next);
            }
        }
    }

    /// Takes `expected` after white space, or fails naming what was wanted.
    pub fn expect(&mut self, expected: u8, what: &str) -> Result<()> {
        match self.skip_ws()? {
            Some(b) if b == expected => {
                self.bump(b);
                Ok(())
            }
            Some(b) => self.fail(format!("expected {what}, found '{}'", b as char)),
            None => self.fail(format!("expected {what}, found the end of the file")),
        }
    }

    /// After an element or a member: `true` for a comma (another follows),
    /// `false` for the closing `close`.
    pub fn comma_or(&mut self, close: u8) -> Result<bool> {
        match self.skip_ws()? {
            Some(b',') => {
                self.bump(b',');
                Ok(true)
            }
            Some(b) if b == close => {
                self.bump(b);
                Ok(false)
            }
            Some(b) => self.fail(format!(
                "expected ',' or '{}', found '{}'",
                close as char, b as char
            )),
            None => self.fail(format!(
                "expected ',' or '{}', found the end of the file",
                close as char
            )),
        }
    }

    /// Whether the array just opened is empty (takes its `]` if so).
    pub fn array_is_empty(&mut self) -> Result<bool> {
        if self.skip_ws()? == Some(b']') {
            self.bump(b']');
            return Ok(true);
        }
        Ok(false)
    }

    /// Whether the object just opened is empty (takes its `}` if so).
    pub fn object_is_empty(&mut self) -> Result<bool> {
        if self.skip_ws()? == Some(b'}') {
            self.bump(b'}');
            return Ok(true);
        }
        Ok(false)
    }

    /// An object key (after white space), as text.
    pub fn key(&mut self) -> Result<String> {
        let mut raw = Vec::new();
        match self.skip_ws()? {
            Some(b'"') => {}
            Some(b) => {
                return self.fail(format!("expected a key in quotes, found '{}'", b as char));
            }
            None => return self.fail("expected a key, found the end of the file"),
        }
        self.value(Some(&mut raw))?;
        serde_json::from_slice::<String>(&raw).or_else(|e| self.fail(format!("{e}")))
    }

    /// One whole JSON value after white space: copied into `out` when given,
    /// else passed over. Strings, numbers, literals, objects and arrays are
    /// delimited here; whether they are well-formed inside is for the
    /// deserializer that reads the copy.
    pub fn value(&mut self, mut out: Option<&mut Vec<u8>>) -> Result<()> {
        let next = self.skip_ws()?;
        let start = self.line;
        match next {
            None => return self.fail("expected a value, found the end of the file"),
            Some(b']' | b'}' | b',' | b':') => {
                let b = self.peek()?.unwrap_or(b' ');
                return self.fail(format!("expected a value, found '{}'", b as char));
            }
            Some(_) => {}
        }
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        // A scalar outside quotes (number, true, false, null) ends at the
        // first delimiter.
        let mut scalar = false;
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(buf) => buf,
                Err(e) => return self.io(e),
            };
            if buf.is_empty() {
                if scalar && depth == 0 {
                    return Ok(());
                }
                return Err(ScanError {
                    line: start,
                    message: if in_string {
                        "a string that is never closed".into()
                    } else {
                        "the file ends inside this value".into()
                    },
                });
            }
            let mut taken = 0;
            let mut lines = 0;
            let mut done = false;
            for &b in buf {
                if in_string {
                    taken += 1;
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' {
                        escaped = true;
                    } else if b == b'"' {
                        in_string = false;
                        if depth == 0 {
                            done = true;
                            break;
                        }
                    } else if b == b'\n' {
                        lines += 1;
                    }
                    continue;
                }
                if scalar {
                    if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n' | b':') {
                        done = true;
                        break;
                    }
                    taken += 1;
                    continue;
                }
                taken += 1;
                match b {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            done = true;
                            break;
                        }
                    }
                    b'\n' => lines += 1,
                    _ if depth == 0 => scalar = true,
                    _ => {}
                }
            }
            if let Some(out) = out.as_deref_mut() {
                out.extend_from_slice(&buf[..taken]);
            }
            self.reader.consume(taken);
            self.line += lines;
            self.offset += taken as u64;
            if done {
                return Ok(());
            }
        }
    }

    /// Whether only white space is left.
    pub fn at_end(&mut self) -> Result<bool> {
        Ok(self.skip_ws()?.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(usize, String)> {
        let mut s = Scanner::new(text.as_bytes(), 1);
        s.expect(b'[', "'['").unwrap();
        let mut out = Vec::new();
        if s.array_is_empty().unwrap() {
            return out;
        }
        loop {
            s.skip_ws().unwrap();
            let line = s.line();
            let mut raw = Vec::new();
            s.value(Some(&mut raw)).unwrap();
            out.push((line, String::from_utf8(raw).unwrap()));
            if !s.comma_or(b']').unwrap() {
                break;
            }
        }
        out
    }

    #[test]
    fn elements_come_whole_with_their_lines() {
        let text =
            "[\n{\"a\": \"x]}\\\"\\n\",\n \"b\": [1, {\"c\": null}]},\n 12.5e3 , true,\n\"s\",[]]";
        assert_eq!(
            values(text),
            vec![
                (
                    2,
                    "{\"a\": \"x]}\\\"\\n\",\n \"b\": [1, {\"c\": null}]}".to_string()
                ),
                (4, "12.5e3".to_string()),
                (4, "true".to_string()),
                (5, "\"s\"".to_string()),
                (5, "[]".to_string()),
            ]
        );
        assert!(values("[]").is_empty());
    }

    #[test]
    fn a_value_cut_off_is_an_error_at_its_line() {
        let mut s = Scanner::new("\n\n{\"a\": [1,\n2".as_bytes(), 1);
        let err = s.value(None).unwrap_err();
        assert_eq!(err.line, 3);
        let mut s = Scanner::new("\"never closed".as_bytes(), 1);
        assert!(s.value(None).unwrap_err().message.contains("never closed"));
    }
}
