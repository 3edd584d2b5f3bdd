//! localStorage: read, write (telling a full store apart from other failures), list keys, and
//! move an unreadable entry aside.

use web_sys::Storage;

/// Why a write failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// The browser has no localStorage here (private mode in some browsers, disabled storage).
    Unavailable,
    /// The store is full.
    Full,
    Other(String),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::Unavailable => write!(
                f,
                "This browser does not let the page save anything here; your work stays only in this tab. Export it to keep it."
            ),
            StorageError::Full => write!(
                f,
                "The browser's storage for this page is full. Your work is kept in this tab; export it, or delete articles from the library to make room."
            ),
            StorageError::Other(message) => write!(f, "Saving failed ({message}). Your work is kept in this tab; export it to keep it."),
        }
    }
}

fn local_storage() -> Result<Storage, StorageError> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)
}

pub fn get(key: &str) -> Option<String> {
    local_storage().ok()?.get_item(key).ok().flatten()
}

pub fn set(key: &str, value: &str) -> Result<(), StorageError> {
    let storage = local_storage()?;
    storage.set_item(key, value).map_err(|error| {
        let name = js_sys::Reflect::get(&error, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED" {
            StorageError::Full
        } else {
            StorageError::Other(name)
        }
    })
}

pub fn remove(key: &str) {
    if let Ok(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// Every key, in the store's order.
pub fn keys() -> Vec<String> {
    let Ok(storage) = local_storage() else {
        return Vec::new();
    };
    let length = storage.length().unwrap_or(0);
    (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect()
}

/// UTF-16 code units the page's entries take (what the browser's quota counts).
pub fn used_units(prefix: &str) -> usize {
    keys()
        .into_iter()
        .filter(|key| key.starts_with(prefix))
        .map(|key| key.encode_utf16().count() + get(&key).map_or(0, |v| v.encode_utf16().count()))
        .sum()
}
