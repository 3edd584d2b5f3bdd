//! `index.html` shows the sample article before the page's module has loaded, exactly as the
//! live article renders it: kept in step by this test (`UPDATE_FIRST_PAINT=1 cargo test
//! first_paint` rewrites it after a change to the sample or the markup). It reads the sample with
//! the engines' plain-text reader, as the page does, so it lives beside the web app.

use domain::article::SAMPLE_TEXT;
use domain::formats::first_paint::{
    current_first_paint, first_paint, replace_first_paint, BLOCKS_PER_BOX, FIRST_BLOCKS,
};
use domain::formats::html::escape_html;
use engines::read::parse_plain_text;

/// `index.html`, read from the source tree.
fn index_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("index.html")
}

#[test]
fn the_page_shows_the_sample_as_the_page_module_will() {
    let sample = first_paint(&parse_plain_text(SAMPLE_TEXT));
    let page = std::fs::read_to_string(index_path()).unwrap();
    let current = current_first_paint(&page).expect("index.html has first-paint markers");
    if current != sample {
        if std::env::var_os("UPDATE_FIRST_PAINT").is_some() {
            let updated = replace_first_paint(&page, &sample).unwrap();
            std::fs::write(index_path(), updated).unwrap();
            return;
        }
        panic!(
            "index.html's first paint is not the sample's (the sample or the markup changed): \
             run `UPDATE_FIRST_PAINT=1 cargo test first_paint` to rewrite it"
        );
    }
}

#[test]
fn every_block_is_shown_in_its_element_and_in_chunks_like_the_live_article() {
    let article = parse_plain_text(SAMPLE_TEXT);
    let html = first_paint(&article);
    let headline = article.headline().unwrap();
    assert!(html.contains(&format!(
        "<h1 class=\"headline\"><span class=\"block-text\">{}</span></h1>",
        escape_html(headline)
    )));
    assert_eq!(
        html.matches("<span class=\"block-text\">").count(),
        article.blocks.len()
    );
    assert!(html.contains("<figure class=\"caption\"><figcaption>"));
    assert!(
        html.contains("<p class=\"published\"><span class=\"meta-label\">Published </span><time>")
    );
    // The bar's controls, every one disabled until the page's module has mounted.
    assert_eq!(html.matches("<button").count(), 6);
    assert_eq!(html.matches(" disabled>").count(), 6);
    // Not the live article: no id the page's code looks for, no offsets.
    assert!(!html.contains("id=\"article\""));
    assert!(!html.contains("data-start"));

    let long = parse_plain_text(&"A paragraph.\n\n".repeat(85));
    let html = first_paint(&long);
    assert_eq!(html.matches("<div class=\"block-chunk\">").count(), 3);
    // A long article: its first boxes (as the live article shows them), not all of it.
    let longer = parse_plain_text(&"A paragraph.\n\n".repeat(FIRST_BLOCKS * 3));
    let html = first_paint(&longer);
    assert_eq!(
        html.matches("<span class=\"block-text\">").count(),
        FIRST_BLOCKS.div_ceil(BLOCKS_PER_BOX) * BLOCKS_PER_BOX
    );
}
