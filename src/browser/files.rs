//! Reading a file the reader chose or dropped: the file a picker holds, its name and bytes
//! (through `gloo-file`),
//! refusing oversized files before reading them into memory; and reading one of the page's own
//! files beside it (through `gloo-net`).

use gloo_file::futures::read_as_bytes;
use wasm_bindgen::JsCast;
/// A file the reader chose or dropped (the browser's handle; read with the functions here).
pub use web_sys::File;

use engines::read::{InputError, MAX_INPUT_BYTES};

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

/// The file chosen in a file input (the target of its `change` event), and the input emptied,
/// so that choosing the same file again fires `change` again.
pub fn take_chosen_file(event: &web_sys::Event) -> Option<File> {
    let input: web_sys::HtmlInputElement = event.target()?.dyn_into().ok()?;
    let file = input.files().and_then(|files| files.get(0));
    input.set_value("");
    file
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
    read_as_bytes(&gloo_file::File::from(file.clone()))
        .await
        .map_err(|_| {
            FileError::Unreadable(format!(
                "The browser could not read “{}”. Try opening it again.",
                file.name()
            ))
        })
}

/// Reads an import file, refusing one over the import limit before reading it.
pub async fn read_import(file: &File) -> Result<Vec<u8>, String> {
    let limit = domain::formats::MAX_IMPORT_BYTES;
    let size = file.size();
    if size > limit as f64 {
        return Err(format!(
            "it is too large to import ({:.1} MB; the limit is {} MB).",
            size / 1_048_576.0,
            limit / 1_048_576
        ));
    }
    read_as_bytes(&gloo_file::File::from(file.clone()))
        .await
        .map_err(|_| "the browser could not read it.".to_owned())
}

/// Reads one of the page's own files (beside it on the same site) as text, through `gloo-net`.
/// Err(true): the site does not have it; Err(false): it could not be read.
pub async fn fetch_own_file(path: &str) -> Result<String, bool> {
    let response = gloo_net::http::Request::get(path)
        .send()
        .await
        .map_err(|_| false)?;
    if !response.ok() {
        return Err(true);
    }
    response.text().await.map_err(|_| false)
}
