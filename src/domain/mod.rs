//! The pure core: article parsing, extraction, the annotation model, anchoring, formats and the
//! storage schema. No web dependency and no I/O: everything here is unit-tested natively.

pub mod anchor;
pub mod annotation;
pub mod article;
pub mod engine_job;
pub mod extract;
pub mod formats;
pub mod layer;
pub mod layout;
pub mod ledger;
pub mod pacing;
pub mod save_timing;
pub mod store;
pub mod sync;
pub mod text;
pub mod workspace;
