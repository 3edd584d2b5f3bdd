//! The pure core of Article Annotator: the article model, the annotation model, the reader's
//! layer and its sync (stamped records that merge), anchoring, layout of nested marks, the
//! ledgers the panels show, the storage schema, and the formats (W3C, backup, CSV, report,
//! HTML, share links, imports). No web crate and no I/O: everything here is unit-tested
//! natively, and `tests/purity.rs` keeps it so. The readers and engines that make articles and
//! annotations live in the `engines` crate, which depends on this one (never the other way).

pub mod anchor;
pub mod annotation;
pub mod article;
pub mod calendar;
pub mod compress;
pub mod formats;
pub mod hash;
pub mod json_header;
pub mod layer;
pub mod layout;
pub mod ledger;
pub mod limits;
pub mod pacing;
pub mod save_timing;
pub mod store;
pub mod sync;
pub mod text;
pub mod workspace;
