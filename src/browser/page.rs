//! The page itself: its address (the fragment a share link travels in), its title, what it
//! carries in its own HTML (an embedded article, whether it is the single-file app) and whether
//! the reader can see it.

/// The address's fragment, with its `#` (empty when there is none).
pub fn fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The page's address without its fragment.
pub fn address_without_fragment() -> Option<String> {
    let address = web_sys::window()?.location().href().ok()?;
    Some(address.split('#').next().unwrap_or_default().to_owned())
}

/// Sets the window's title.
pub fn set_title(title: &str) {
    if let Some(document) = super::document() {
        document.set_title(title);
    }
}

/// The text of the page's element with this id (an article embedded in the page), if any.
pub fn element_text(id: &str) -> Option<String> {
    let document = super::document()?;
    Some(
        document
            .get_element_by_id(id)?
            .text_content()
            .unwrap_or_default(),
    )
}

/// The single-file app names itself so in its head (scripts/post-build.mjs writes it).
const SINGLE_FILE_MARKER: &str = "meta[name=\"article-annotator-build\"][content=\"single-file\"]";

/// The page's `<head>` as HTML when this page is the single-file app (its scripts, the engine
/// worker and the stylesheet are all in it); `None` on the served page.
pub fn single_file_head() -> Option<String> {
    let document = super::document()?;
    document.query_selector(SINGLE_FILE_MARKER).ok().flatten()?;
    Some(document.head()?.outer_html())
}

/// Whether the page is hidden (another tab, a minimised window, the page going away).
pub fn hidden() -> bool {
    super::document().is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
}
