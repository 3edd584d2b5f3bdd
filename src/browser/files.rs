//! Reading a file the reader chose or dropped: its name and bytes, refusing oversized files
//! before reading them into memory.

use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;
use web_sys::File;

use crate::domain::article::{InputError, MAX_INPUT_BYTES};

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum FileError {
    /// The file is over the size limit; it was not read.
    Input(InputError),
    /// The browser could not read it (removed, permission, too large to import…): why.
    Unreadable(String),
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileError::Input(error) => write!(f, "{error}"),
            FileError::Unreadable(reason) => write!(f, "{reason}"),
        }
    }
}

/// Reads a whole file; an article over [`MAX_INPUT_BYTES`] (a backup, `.json`, over the import
/// limit: a backup holds a whole article and the reader's work) is refused unread.
pub async fn read_file(file: &File) -> Result<Vec<u8>, FileError> {
    let size = file.size();
    if file.name().to_ascii_lowercase().ends_with(".json") {
        return read_import(file).await.map_err(FileError::Unreadable);
    }
    if size > MAX_INPUT_BYTES as f64 {
        return Err(FileError::Input(InputError::TooLarge {
            bytes: size as u64,
        }));
    }
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| {
        FileError::Unreadable(format!(
            "The browser could not read “{}”. Try opening it again.",
            file.name()
        ))
    })?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Reads an import file, refusing one over the import limit before reading it.
pub async fn read_import(file: &File) -> Result<Vec<u8>, String> {
    let limit = crate::domain::formats::MAX_IMPORT_BYTES;
    let size = file.size();
    if size > limit as f64 {
        return Err(format!(
            "it is too large to import ({:.1} MB; the limit is {} MB).",
            size / 1_048_576.0,
            limit / 1_048_576
        ));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "the browser could not read it.".to_owned())?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
