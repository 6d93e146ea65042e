//! Mailboxes on disk that `mbsync`, `offlineimap`, `getmail` or
//! `fetchmail` keep in sync with an IMAP server: a Maildir (its `new/` and
//! `cur/`) or an mbox file. A Maildir message that was taken is marked the
//! Maildir way (moved from `new/` to `cur/` with the Seen flag), so the
//! sync tool reports it read on the server. An mbox cannot be marked; the
//! desk knows every message it took by its Message-ID, so reading it again
//! takes nothing twice.

use std::io::BufReader;
use std::path::{Path, PathBuf};

/// A mailbox to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mailbox {
    Maildir(PathBuf),
    Mbox(PathBuf),
}

/// One message of a mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// Where it is: the Maildir file, or `mbox-file#n`.
    pub source: String,
    /// The Maildir file, to mark when taken.
    pub file: Option<PathBuf>,
    pub raw: Vec<u8>,
}

impl Mailbox {
    /// The mailbox at `path`: a directory with `new/` or `cur/` is a
    /// Maildir, a file an mbox.
    pub fn at(path: &Path) -> Result<Mailbox, String> {
        if path.is_dir() {
            if path.join("new").is_dir() || path.join("cur").is_dir() {
                Ok(Mailbox::Maildir(path.to_path_buf()))
            } else {
                Err(format!(
                    "{} is a directory without new/ or cur/, so not a Maildir; give a Maildir (like ~/Maildir) or an mbox file",
                    path.display()
                ))
            }
        } else if path.is_file() {
            Ok(Mailbox::Mbox(path.to_path_buf()))
        } else {
            Err(format!(
                "{} does not exist; give a Maildir or an mbox file",
                path.display()
            ))
        }
    }

    /// The Maildir files to read, `new/` first, each in name order (Maildir
    /// names start with the delivery time, so that is arrival order).
    pub fn maildir_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            let folder = dir.join(sub);
            if !folder.is_dir() {
                continue;
            }
            let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)?
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| !n.starts_with('.'))
                })
                .collect();
            files.sort();
            out.extend(files);
        }
        Ok(out)
    }

    /// Every message, read one at a time.
    pub fn messages(&self) -> std::io::Result<Box<dyn Iterator<Item = std::io::Result<Stored>>>> {
        match self {
            Mailbox::Maildir(dir) => {
                let files = Self::maildir_files(dir)?;
                Ok(Box::new(files.into_iter().map(|file| {
                    let raw = std::fs::read(&file)?;
                    Ok(Stored {
                        source: file.display().to_string(),
                        file: Some(file),
                        raw,
                    })
                })))
            }
            Mailbox::Mbox(path) => {
                let reader = BufReader::new(std::fs::File::open(path)?);
                let name = path.display().to_string();
                Ok(Box::new(
                    mail_parser::mailbox::mbox::MessageIterator::new(reader)
                        .enumerate()
                        .map(move |(n, m)| {
                            m.map(|m| Stored {
                                source: format!("{name}#{}", n + 1),
                                file: None,
                                raw: m.unwrap_contents(),
                            })
                        }),
                ))
            }
        }
    }
}

/// Marks a Maildir message as taken: from `new/` into `cur/` with the
/// Seen flag (`:2,S`), or the flag added in `cur/`. Returns the new path.
pub fn mark_seen(file: &Path) -> std::io::Result<PathBuf> {
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| std::io::Error::other("a Maildir file name that is not UTF-8"))?;
    let folder = file
        .parent()
        .ok_or_else(|| std::io::Error::other("a Maildir file without a folder"))?;
    let maildir = folder
        .parent()
        .ok_or_else(|| std::io::Error::other("a Maildir folder without a Maildir"))?;
    let (base, flags) = match name.split_once(":2,") {
        Some((base, flags)) => (base, flags.to_string()),
        None => (name, String::new()),
    };
    if flags.contains('S') && folder.ends_with("cur") {
        return Ok(file.to_path_buf());
    }
    let mut flags: Vec<char> = flags.chars().chain(['S']).collect();
    flags.sort_unstable();
    flags.dedup();
    let flags: String = flags.into_iter().collect();
    let target = maildir.join("cur").join(format!("{base}:2,{flags}"));
    std::fs::rename(file, &target)?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_mail_moves_to_cur_as_seen() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["new", "cur", "tmp"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        let new = dir.path().join("new/1700000000.1.host");
        std::fs::write(&new, "Subject: x\n\nx").unwrap();
        let cur = dir.path().join("cur/1600000000.2.host:2,F");
        std::fs::write(&cur, "Subject: y\n\ny").unwrap();
        let files = Mailbox::maildir_files(dir.path()).unwrap();
        assert_eq!(files, vec![new.clone(), cur.clone()]);
        let moved = mark_seen(&new).unwrap();
        assert_eq!(moved, dir.path().join("cur/1700000000.1.host:2,S"));
        assert!(moved.exists() && !new.exists());
        let flagged = mark_seen(&cur).unwrap();
        assert_eq!(flagged, dir.path().join("cur/1600000000.2.host:2,FS"));
        assert_eq!(mark_seen(&flagged).unwrap(), flagged);
    }
}
