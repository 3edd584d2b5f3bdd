//! A panic is never the end: the hook logs it, stops every save (so nothing half-done reaches
//! localStorage), and puts a notice on the page — built from plain DOM calls, touching no app
//! state, which may be the very thing that broke — that offers the saved work as a backup file
//! and a reload. The backup is made from what the store holds for the open article (every change
//! is saved within half a second, so that is the reader's work).
//!
//! `#panic-selftest` in the address makes the page panic on purpose (the end-to-end tests use it;
//! it harms nothing).

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::JsCast;

use domain::formats::backup::Backup;
use domain::store::decode_article;

static PANICKED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// The storage key of the open article (kept here so the hook needs no app state).
    static OPEN_KEY: RefCell<String> = const { RefCell::new(String::new()) };
}

/// The fragment that makes the page panic on purpose.
pub const SELFTEST_FRAGMENT: &str = "#panic-selftest";

/// Whether the app has panicked: then nothing may be saved any more.
pub fn panicked() -> bool {
    PANICKED.load(Ordering::SeqCst)
}

/// Notes which article is open (for the backup the notice offers).
pub fn set_open_key(key: &str) {
    OPEN_KEY.with(|open| {
        if let Ok(mut open) = open.try_borrow_mut() {
            open.clear();
            open.push_str(key);
        }
    });
}

/// Installs the hook (once, before the app mounts).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let first = !PANICKED.swap(true, Ordering::SeqCst);
        if first {
            show_notice(&info.to_string());
        }
    }));
}

/// The saved work on the open article as a backup file (JSON), or every saved entry raw.
fn rescue() -> String {
    let key = OPEN_KEY.with(|open| open.try_borrow().map(|k| k.clone()).unwrap_or_default());
    if let Some(saved) = super::storage::get(&key).and_then(|raw| decode_article(&raw).ok()) {
        return Backup::new(&saved.name, &saved.title(), &saved.article, &saved.layer).to_json();
    }
    let entries: serde_json::Map<String, serde_json::Value> = super::storage::keys()
        .into_iter()
        .filter(|k| k.starts_with(domain::store::KEY_PREFIX))
        .filter_map(|k| {
            Some((
                k.clone(),
                serde_json::Value::String(super::storage::get(&k)?),
            ))
        })
        .collect();
    serde_json::Value::Object(entries).to_string()
}

fn show_notice(what: &str) {
    let Some(document) = super::document() else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    // A panic while the app mounts leaves the first paint, which would say it is loading.
    super::dom::remove_first_paint();
    let element = |tag: &str, text: &str| {
        let element = document.create_element(tag).ok()?;
        element.set_text_content(Some(text));
        Some(element)
    };
    let Some(notice) = element("div", "") else {
        return;
    };
    notice.set_class_name("panic-notice");
    let _ = notice.set_attribute("role", "alertdialog");
    let _ = notice.set_attribute("aria-label", "The page stopped");
    let _ = notice.set_attribute("data-testid", "panic-notice");
    let message = format!(
        "Something went wrong in the page, and it stopped to keep your work safe: nothing more is saved from this tab. Your work up to the last save is kept in this browser. ({})",
        what.lines().next().unwrap_or_default()
    );
    if let Some(text) = element("p", &message) {
        let _ = notice.append_child(&text);
    }
    // Both actions are plain links: they work whatever state the program is in.
    let rescue = rescue();
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&rescue));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    if let Some(url) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .ok()
        .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob).ok())
    {
        if let Some(link) = element("a", "Download your saved work")
            .and_then(|l| l.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        {
            link.set_href(&url);
            link.set_download("article-annotator-rescue.backup.json");
            link.set_class_name("button primary");
            let _ = notice.append_child(&link);
        }
    }
    let here = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    if let Some(link) = element("a", "Reload the page")
        .and_then(|l| l.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        link.set_href(&reload_address(&here));
        link.set_class_name("button");
        let _ = notice.append_child(&link);
    }
    let _ = body.append_child(&notice);
}

/// The page's address made different enough that following it loads the page again (a link to
/// the same address with a fragment would only scroll): `reloaded` in the query, the fragment
/// kept (a share link opens again) but for the self-test.
fn reload_address(here: &str) -> String {
    let (base, fragment) = here.split_once('#').unwrap_or((here, ""));
    let base = base
        .split_once("?reloaded")
        .or_else(|| base.split_once("&reloaded"))
        .map_or(base, |(before, _)| before);
    let separator = if base.contains('?') { '&' } else { '?' };
    let fragment = match fragment {
        "" => String::new(),
        f if format!("#{f}") == SELFTEST_FRAGMENT => String::new(),
        f => format!("#{f}"),
    };
    format!("{base}{separator}reloaded{fragment}")
}
