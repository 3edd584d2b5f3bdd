//! The readers and the engines of Article Annotator, pure and deterministic: the same input
//! gives the same article and the same annotations natively, in the page's engine worker and in
//! the `annotate` command.
//!
//! - [`read`]: bytes, plain text, Markdown and HTML into a `domain::article::Article`;
//! - [`extract`]: tokens, dates, named entities grouped under one name, quotes and their
//!   speakers; [`extract::analyse`] is the one entry point;
//! - [`annotations`]: what the engines found, as the domain's annotations.
//!
//! Nothing here knows of the page, the worker or the messages between them.

pub mod annotations;
pub mod extract;
pub mod language;
pub mod read;
