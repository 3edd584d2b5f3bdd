//! The attribution engine: who said what. Two kinds of attribution, each with its content, its
//! source (the mention it rests on and the name that mention resolves to) and its cue:
//! **quotations** in double quotes (straight or curly) — someone's words (`quote`) or a title
//! or scare quote (`term`) — and **reported statements** without quotation marks ("Officials
//! said the strike killed 12 people"), in [`reported`].
//!
//! Quotations ([`quotations::find_quotes_with`]), stage by stage:
//! 1. `document.rs` tokenizes the text once (sentences, paragraphs, who is a person);
//!    `regions.rs` pairs the quote marks per paragraph into regions (a straight mark's direction
//!    comes from its neighbours; a paragraph that ends inside a quote leaves it open, so one
//!    stray mark cannot derail the rest);
//! 2. speaker candidates: each pattern in `patterns/` on its own (`"…," X said`, `"…," said X`,
//!    `X said: "…"`, `according to X`, a transcript label, a signature, a "who" clause, the
//!    sentence's own report) — reading words through `lexicon.rs` (what a word is), `phrases.rs`
//!    (where a noun phrase starts and ends) and `clause.rs` (a clause's subject, verb and
//!    report) — the speakers carried over from joined or earlier quotations (`propagation.rs`)
//!    and the people, pronouns and subjects nearby (`candidates.rs`);
//! 3. `resolve.rs` resolves each candidate to a name through the entity groups (pronouns to the
//!    person named last, roles such as `NATO chief` to the person who holds that title);
//! 4. `ranker.rs` chooses among them with learned weights (from `train-speakers`,
//!    `training.rs`), quotation by quotation in text order; [`RulesInOrder`] is the baseline
//!    that takes the rules by their written rank ([`Source::rank`]);
//! 5. `terms.rs` keeps apart, as terms, quoted words nobody is quoted as saying.
//!
//! Reported statements ([`reported`]) come after: the sentences' readings by rule, a learned
//! choice among them, their sources resolved and their kind told (see that module).
//!
//! Cost: linear in the text; every window is bounded (see the named constants).

mod candidates;
mod clause;
mod document;
pub(crate) mod lexicon;
mod patterns;
mod phrases;
mod propagation;
mod quotations;
pub(crate) mod ranker;
mod regions;
mod resolve;
mod terms;
pub mod training;

pub use candidates::Source;
pub use quotations::{
    attribution_parts, find_quotes, find_quotes_with, Quote, QuoteKind, RulesInOrder, Speaker,
};
pub use ranker::{
    best_by, feature_key, shipped_speaker_model, CandidateView, Choice, Chooser, SpeakerModel,
};

pub mod reported;
#[cfg(test)]
mod tests;
