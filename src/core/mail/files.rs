//! Files on disk for attachments: reading one to attach (its name, a
//! content type guessed from the extension, the size limit checked before
//! the contents are read), saving one without overwriting by accident, and
//! completing a typed path the way a shell's Tab does. The console calls
//! these from its worker thread, never from the UI thread.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::store::attachments::{check_size, safe_name};

/// A file read from disk, ready to attach.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileToAttach {
    pub name: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// `~/x` is `$HOME/x`, as typed in a prompt.
pub fn expand(text: &str) -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match (text.strip_prefix("~/"), text == "~", home) {
        (Some(rest), _, Some(home)) => home.join(rest),
        (None, true, Some(home)) => home,
        _ => PathBuf::from(text),
    }
}

/// Reads `path` to attach it, refusing a file over `limit` bytes (before
/// reading it), a directory, or one that cannot be read, with a message
/// that says which and what to do.
pub fn read(path: &Path, limit: u64) -> Result<FileToAttach, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path)
        .map_err(|e| format!("cannot attach {shown}: {e}; check the path"))?;
    if meta.is_dir() {
        return Err(format!(
            "{shown} is a directory; attach a file in it (Tab lists them)"
        ));
    }
    let name = safe_name(
        &path
            .file_name()
            .map_or_else(|| shown.to_string(), |n| n.to_string_lossy().into_owned()),
    );
    check_size(&name, meta.len(), limit).map_err(|e| e.to_string())?;
    let data = std::fs::read(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    // The file may have grown between the two looks.
    check_size(&name, data.len() as u64, limit).map_err(|e| e.to_string())?;
    Ok(FileToAttach {
        content_type: content_type_of(&name),
        name,
        data,
    })
}

/// The content type of a file by its name's extension.
pub fn content_type_of(name: &str) -> String {
    mime_guess::from_path(name)
        .first_or_octet_stream()
        .essence_str()
        .to_string()
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// A file is there already and overwriting was not asked for.
    Exists(PathBuf),
    /// Anything else, said in full.
    Failed(String),
}

/// Writes `data` to `path`. Without `overwrite` an existing file is left
/// alone ([`SaveError::Exists`]); the check and the creation are one step
/// (`create_new`), so no other process's file is replaced in between.
pub fn save(path: &Path, data: &[u8], overwrite: bool) -> Result<(), SaveError> {
    let shown = path.display();
    if path.is_dir() {
        return Err(SaveError::Failed(format!(
            "{shown} is a directory; add a file name to the path"
        )));
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(SaveError::Exists(path.to_path_buf()));
        }
        Err(e) => {
            return Err(SaveError::Failed(format!(
                "cannot write {shown}: {e}; choose another path"
            )));
        }
    };
    file.write_all(data)
        .and_then(|()| file.sync_all())
        .map_err(|e| SaveError::Failed(format!("cannot write {shown}: {e}")))
}

/// Where a file is saved unless the agent types another path: in
/// `$XDG_DOWNLOAD_DIR` when it is set, else in the current directory.
pub fn default_save_path(name: &str, download_dir: Option<&str>, cwd: &Path) -> PathBuf {
    let dir = download_dir
        .filter(|d| !d.trim().is_empty())
        .map(expand)
        .unwrap_or_else(|| cwd.to_path_buf());
    dir.join(safe_name(name))
}

/// What Tab made of a typed path.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Completion {
    /// The text with the longest common continuation added (a directory
    /// that is the only match gets its `/`).
    pub text: String,
    /// The entries that match, when more than one does (names only,
    /// directories with a trailing `/`), sorted.
    pub candidates: Vec<String>,
}

/// How many candidates a completion lists at most.
pub const MAX_CANDIDATES: usize = 50;

/// Completes `text` as a path: the directory part as typed, the last part
/// as a prefix of the entries in it. Hidden entries are offered only when
/// the prefix starts with a dot.
pub fn complete(text: &str) -> Completion {
    let (dir_part, prefix) = match text.rfind('/') {
        Some(i) => (&text[..=i], &text[i + 1..]),
        None => ("", text),
    };
    let dir = if dir_part.is_empty() {
        PathBuf::from(".")
    } else {
        expand(dir_part)
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Completion {
            text: text.to_string(),
            candidates: Vec::new(),
        };
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir())
                || (e.file_type().is_ok_and(|t| t.is_symlink()) && e.path().is_dir());
            Some(if is_dir { format!("{name}/") } else { name })
        })
        .collect();
    names.sort();
    let Some(first) = names.first() else {
        return Completion {
            text: text.to_string(),
            candidates: Vec::new(),
        };
    };
    let mut common = first.clone();
    for name in &names[1..] {
        let shared = common
            .char_indices()
            .zip(name.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        common.truncate(shared);
    }
    let candidates = if names.len() > 1 {
        names.into_iter().take(MAX_CANDIDATES).collect()
    } else {
        Vec::new()
    };
    Completion {
        text: format!("{dir_part}{common}"),
        candidates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_completes_the_common_part_and_lists_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().display().to_string();
        std::fs::write(dir.path().join("invoice-2026.pdf"), b"a").unwrap();
        std::fs::write(dir.path().join("invoice-2025.pdf"), b"b").unwrap();
        std::fs::write(dir.path().join(".hidden"), b"c").unwrap();
        std::fs::create_dir(dir.path().join("scans")).unwrap();
        let c = complete(&format!("{base}/inv"));
        assert_eq!(c.text, format!("{base}/invoice-202"));
        assert_eq!(c.candidates, ["invoice-2025.pdf", "invoice-2026.pdf"]);
        let c = complete(&format!("{base}/sc"));
        assert_eq!(c.text, format!("{base}/scans/"));
        assert!(c.candidates.is_empty());
        let c = complete(&format!("{base}/"));
        assert_eq!(c.candidates.len(), 3, "hidden files only for a dot: {c:?}");
        assert_eq!(
            complete(&format!("{base}/.h")).text,
            format!("{base}/.hidden")
        );
        assert_eq!(complete(&format!("{base}/zzz")).text, format!("{base}/zzz"));
    }

    #[test]
    fn reading_checks_the_limit_and_guesses_the_type() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("photo.JPG");
        std::fs::write(&path, vec![0u8; 2000]).unwrap();
        let file = read(&path, 2000).unwrap();
        assert_eq!(
            (file.name.as_str(), file.content_type.as_str()),
            ("photo.JPG", "image/jpeg")
        );
        let err = read(&path, 1999).unwrap_err();
        assert!(
            err.contains("photo.JPG is 2 KB") && err.contains("limit of 2.0 KB"),
            "{err}"
        );
        assert!(read(dir.path(), 10).unwrap_err().contains("is a directory"));
        assert!(
            read(&dir.path().join("none"), 10)
                .unwrap_err()
                .contains("check the path")
        );
        assert_eq!(content_type_of("notes"), "application/octet-stream");
    }

    #[test]
    fn saving_never_overwrites_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        save(&path, b"one", false).unwrap();
        assert_eq!(
            save(&path, b"two", false),
            Err(SaveError::Exists(path.clone()))
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"one");
        save(&path, b"two", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert!(matches!(
            save(dir.path(), b"x", true),
            Err(SaveError::Failed(_))
        ));
        let cwd = Path::new("/work");
        assert_eq!(
            default_save_path("../x.pdf", None, cwd),
            PathBuf::from("/work/x.pdf")
        );
        assert_eq!(
            default_save_path("x.pdf", Some("/tmp/dl"), cwd),
            PathBuf::from("/tmp/dl/x.pdf")
        );
    }
}
