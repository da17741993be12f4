//! Stage 6, **write**: put the rendered crate on disk, or report how disk differs (`--check`).
//!
//! One function does both, so the check can never drift from what a write would do. A write
//! happens only after every file rendered; every changed file goes to a temporary sibling first,
//! and only when all are written are they renamed into place, so a failed or interrupted run
//! leaves the previous files whole. Files that carry the generated
//! mark but are no longer emitted are removed (and reported by the check); files without the
//! mark are never touched.

use std::path::{Path, PathBuf};

use crate::render::{RenderedFile, GENERATED_MARK};
use crate::Error;

/// Whether to write the files or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Bring the directory up to date.
    Write,
    /// Change nothing; report what a write would change.
    Check,
}

/// What differed between the directory and the rendered files.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// Files that were (or, when checking, would be) created or changed, relative to the directory.
    pub changed: Vec<String>,
    /// Generated files that were (or would be) removed because they are no longer emitted.
    pub removed: Vec<String>,
}

impl WriteReport {
    /// Whether the directory already matched.
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Compares `files` with `dir` and, in [`Mode::Write`], makes `dir` match.
pub fn write(dir: &Path, files: &[RenderedFile], mode: Mode) -> Result<WriteReport, Error> {
    let mut report = WriteReport::default();
    for file in files {
        let path = dir.join(&file.path);
        let holds = file_holds(&path, &file.contents)
            .map_err(|source| io(&path, "cannot read the existing file", source))?;
        if !holds {
            report.changed.push(file.path.clone());
        }
    }
    let emitted: Vec<PathBuf> = files.iter().map(|f| dir.join(&f.path)).collect();
    for path in generated_files(dir)? {
        if !emitted.contains(&path) {
            let relative = path.strip_prefix(dir).unwrap_or(&path);
            report
                .removed
                .push(relative.display().to_string().replace('\\', "/"));
        }
    }
    report.removed.sort();

    if mode == Mode::Write {
        let changed: Vec<&RenderedFile> = files
            .iter()
            .filter(|f| report.changed.contains(&f.path))
            .collect();
        replace_all(dir, &changed)?;
        for relative in &report.removed {
            let path = dir.join(relative);
            match std::fs::remove_file(&path) {
                // A temporary an interrupted run left, which this run wrote and moved again.
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                result => result.map_err(|source| {
                    io(&path, "cannot remove the stale generated file", source)
                })?,
            }
        }
    }
    Ok(report)
}

/// Writes every file to a temporary sibling first; only when all are written are they renamed
/// into place. A failure while writing removes the temporaries and leaves every file as it was.
fn replace_all(dir: &Path, files: &[&RenderedFile]) -> Result<(), Error> {
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    for file in files {
        let path = dir.join(&file.path);
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(".codegen-tmp");
        let temporary = PathBuf::from(temporary);
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&temporary, &file.contents));
        if let Err(source) = result {
            for (temporary, _) in &written {
                let _ = std::fs::remove_file(temporary);
            }
            return Err(io(&temporary, "cannot write", source));
        }
        written.push((temporary, path));
    }
    for (temporary, path) in &written {
        std::fs::rename(temporary, path)
            .map_err(|source| io(path, "cannot move the new file into place", source))?;
    }
    Ok(())
}

/// Every file below `dir` whose first line carries the generated mark (none if `dir` is missing).
fn generated_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        let entries = match std::fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => return Err(io(&current, "cannot list the directory", source)),
        };
        for entry in entries {
            let entry =
                entry.map_err(|source| io(&current, "cannot list the directory", source))?;
            let path = entry.path();
            let file_type = entry
                .file_type()
                .map_err(|source| io(&path, "cannot inspect", source))?;
            if file_type.is_dir() {
                if path
                    .file_name()
                    .is_some_and(|name| name != "target" && name != ".git")
                {
                    pending.push(path);
                }
            } else if file_type.is_file() && first_line_has_mark(&path) {
                found.push(path);
            }
        }
    }
    Ok(found)
}

/// Whether the file at `path` exists and holds `rendered`. A file of the same length is compared
/// a block at a time, as it is read: most files of a regeneration are unchanged, and reading a
/// whole-API crate's megabytes into fresh memory to compare them cost more than the comparison.
fn file_holds(path: &Path, rendered: &str) -> std::io::Result<bool> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(error) => return Err(error),
    };
    if file.metadata()?.len() != rendered.len() as u64 {
        let mut current = Vec::new();
        file.read_to_end(&mut current)?;
        return Ok(holds(&current, rendered));
    }
    let mut rest = rendered.as_bytes();
    let mut block = vec![0; 64 * 1024];
    loop {
        let read = file.read(&mut block)?;
        if read == 0 {
            return Ok(rest.is_empty());
        }
        match rest.strip_prefix(&block[..read]) {
            Some(unread) => rest = unread,
            None => return Ok(false),
        }
    }
}

/// Whether a file's bytes on disk are the text `rendered`, or are it with `\r\n` line endings (a
/// checkout by Git with `autocrlf`), which the file means just the same.
fn holds(current: &[u8], rendered: &str) -> bool {
    let rendered = rendered.as_bytes();
    if current == rendered {
        return true;
    }
    if !current.contains(&b'\r') {
        return false;
    }
    let mut unix = Vec::with_capacity(current.len());
    let mut bytes = current.iter().copied().peekable();
    while let Some(byte) = bytes.next() {
        if byte != b'\r' || bytes.peek() != Some(&b'\n') {
            unix.push(byte);
        }
    }
    unix == rendered
}

fn first_line_has_mark(path: &Path) -> bool {
    use std::io::{BufRead, BufReader, Read};
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut first = Vec::new();
    let _ = BufReader::new(file)
        .take(4096)
        .read_until(b'\n', &mut first);
    String::from_utf8_lossy(&first).contains(GENERATED_MARK)
}

fn io(path: &Path, action: &'static str, reason: std::io::Error) -> Error {
    Error::Io {
        path: path.to_owned(),
        action,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> RenderedFile {
        RenderedFile {
            path: path.into(),
            contents: contents.into(),
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("generator-write-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn writes_checks_and_removes_only_stale_generated_files() {
        let dir = scratch("cycle");
        let marked = format!("// {GENERATED_MARK} from x\nold\n");
        let first = [file("src/a.rs", &marked), file("src/b.rs", &marked)];
        let report = write(&dir, &first, Mode::Write).expect("write");
        assert_eq!(report.changed, ["src/a.rs", "src/b.rs"]);
        assert!(write(&dir, &first, Mode::Check).expect("check").is_clean());

        std::fs::write(dir.join("src/hand.rs"), "// mine\n").expect("hand file");
        // A root crate's lock file, which Cargo marks as generated by itself.
        std::fs::write(
            dir.join("Cargo.lock"),
            "# This file is automatically @generated by Cargo.\n",
        )
        .expect("a lock file");
        let second = [file(
            "src/a.rs",
            &format!("// {GENERATED_MARK} from y\nnew\n"),
        )];
        let check = write(&dir, &second, Mode::Check).expect("check");
        assert_eq!(check.changed, ["src/a.rs"]);
        assert_eq!(check.removed, ["src/b.rs"]);
        assert!(dir.join("src/b.rs").exists(), "a check writes nothing");

        write(&dir, &second, Mode::Write).expect("write");
        assert!(!dir.join("src/b.rs").exists());
        assert!(
            dir.join("src/hand.rs").exists() && dir.join("Cargo.lock").exists(),
            "files without the mark are never removed"
        );
        assert!(!dir.join("src/a.rs.codegen-tmp").exists());
        assert!(write(&dir, &second, Mode::Check).expect("check").is_clean());
        std::fs::remove_dir_all(&dir).expect("clean up");
    }

    #[test]
    fn a_file_with_windows_line_endings_holds_the_same_text() {
        assert!(holds(b"a\r\nb\r\n", "a\nb\n"));
        assert!(holds(b"a\nb\n", "a\nb\n"));
        assert!(holds(b"a\rb\n", "a\rb\n"), "a lone `\\r` is text");
        assert!(!holds(b"a\rb\n", "ab\n"));
        assert!(!holds(b"a\r\nb\r\n", "a\nc\n"));
        assert!(!holds(b"a\nb\n", "a\nb"));
    }

    /// A run stopped between writing its temporaries and moving them leaves them behind; the
    /// next run writes and moves the same temporaries again, and removes those it does not.
    #[test]
    fn the_temporaries_an_interrupted_run_left_do_not_stop_the_next() {
        let dir = scratch("interrupted");
        let marked = format!("// {GENERATED_MARK} from x\nold\n");
        let files = [file("src/a.rs", &marked), file("src/b.rs", &marked)];
        write(&dir, &files, Mode::Write).expect("write");
        let newer = format!("// {GENERATED_MARK} from y\nnew\n");
        std::fs::write(dir.join("src/a.rs.codegen-tmp"), &newer).expect("a leftover");
        std::fs::write(dir.join("src/b.rs.codegen-tmp"), &newer).expect("another");

        let files = [file("src/a.rs", &newer), file("src/b.rs", &marked)];
        let report = write(&dir, &files, Mode::Write).expect("the next run writes");
        assert_eq!(report.changed, ["src/a.rs"]);
        assert_eq!(
            report.removed,
            ["src/a.rs.codegen-tmp", "src/b.rs.codegen-tmp"]
        );
        assert!(!dir.join("src/a.rs.codegen-tmp").exists());
        assert!(!dir.join("src/b.rs.codegen-tmp").exists());
        assert!(write(&dir, &files, Mode::Check).expect("check").is_clean());
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
