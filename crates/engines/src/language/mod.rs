//! The language of news text that readers and engines share: tokens (a news-style tokenizer),
//! the word lists (kept as data files), and dates (a small grammar, and the resolution of
//! "Tuesday" against the article's own date).

pub mod dates;
pub mod tokens;
pub mod words;
