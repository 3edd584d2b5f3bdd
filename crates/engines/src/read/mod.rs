//! The readers: an article's text and blocks from what a reader opens — bytes of a file (the
//! checks at the door, the charset of a saved web page, the HTML part of an `.mhtml`), plain
//! text, Markdown, or HTML (a saved page or a copied article, whose article is found the way the
//! browsers' reader views find it, with its headline, byline and date from the page's metadata).
//! Reading never fails; only turning raw bytes into text can (see [`input`]).

mod character_references;
pub mod dom;
mod html;
pub mod input;
mod markdown;
pub mod metadata;
pub mod page_bytes;
mod plain;
pub mod readable;

pub(crate) use domain::article::{
    collapse_whitespace, Article, ArticleBuilder, Block, BlockKind, SourceFormat,
};

pub use html::parse_html;
pub use input::{
    check_text_at_the_door, long_paste_preview, open_article_bytes, open_plain_text_file,
    readable_size, InputError, LONG_PASTE_BYTES, MAX_INPUT_BYTES,
};
pub use markdown::parse_markdown;
pub use plain::parse_plain_text;
