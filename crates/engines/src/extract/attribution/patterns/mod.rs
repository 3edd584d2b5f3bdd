//! The patterns that propose a speaker for a quotation, one per file, in the order the engine
//! tries them.

mod according_to;
mod after;
mod before;
mod in_clause;
mod parenthetical;
mod relative_clause;
mod signature;
mod transcript;

pub(crate) use according_to::according_to_opening;
pub(crate) use after::attribution_after;
pub(crate) use before::attribution_before;
pub(crate) use in_clause::attribution_in_clause;
pub(crate) use parenthetical::parenthetical_report;
pub(crate) use relative_clause::relative_clause_owner;
pub(crate) use signature::signature_below;
pub(crate) use transcript::transcript_label;
