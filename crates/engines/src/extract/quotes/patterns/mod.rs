//! The patterns that propose a speaker for a quotation, one per file, in the order the engine
//! tries them.

mod according_to;
mod after;
mod before;
mod clause;
mod parenthetical;
mod relative_clause;
mod signature;
mod transcript;

pub(crate) use according_to::*;
pub(crate) use after::*;
pub(crate) use before::*;
pub(crate) use clause::*;
pub(crate) use parenthetical::*;
pub(crate) use relative_clause::*;
pub(crate) use signature::*;
pub(crate) use transcript::*;
