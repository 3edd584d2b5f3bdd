//! A file dropped on the page (plain text, HTML or Markdown, any bytes): never a panic; the
//! article's blocks are in order, inside its text.
#![no_main]

use engines::read::open_article_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let name = ["a.txt", "a.html", "a.md", "a.htm"][usize::from(kind) % 4];
    if let Ok(article) = open_article_bytes(name, bytes) {
        fuzz_checks::check_article(&article);
    }
});

#[path = "../checks.rs"]
mod fuzz_checks;
