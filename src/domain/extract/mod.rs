//! Finding things in article text: tokens, dates, named entities, quotes and their speakers.
//!
//! Everything here is pure and deterministic: the same text gives the same annotations natively,
//! in the browser and in the `annotate` command.

pub mod dates;
pub mod entities;
pub mod tokens;
