//! Speaker candidates: every rule that can name a quotation's speaker proposes one, each on its
//! own (the patterns of `patterns/`, the speakers carried over from nearby quotations, the
//! people named around the quote); the ranker chooses among them.

use std::ops::Range;

use crate::extract::attribution::clause::main_subject;
use crate::extract::attribution::document::Document;
use crate::extract::attribution::patterns::{
    according_to_opening, attribution_after, attribution_before, attribution_in_clause,
    parenthetical_report, relative_clause_owner, signature_below, transcript_label,
};
use crate::extract::attribution::regions::Region;
use crate::language::words::PERSONAL_PRONOUNS;

/// Which rule proposed a candidate: a feature of the ranker and a row of `evaluate`'s table. Its
/// name (`according_to`, `previous_in_paragraph`, …) and the list of rules are derived.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
#[strum(serialize_all = "snake_case")]
pub enum Source {
    /// `SMITH: "…"` — a transcript label.
    Transcript,
    /// `"…," said X, "…"` around a parenthetical report inside the sentence.
    Parenthetical,
    /// `According to X, "…"`.
    AccordingTo,
    /// `"…," X said` / `"…," said X` / `"…" — X` right after the quotation.
    After,
    /// A signature line below a quotation that fills its paragraph (`— X`).
    Signature,
    /// `X, who called it "…"`.
    RelativeClause,
    /// `X said: "…"`, `X told reporters "…"` right before the quotation.
    Before,
    /// A reporting verb earlier in the sentence (a fragment inside a reported clause).
    Clause,
    /// A quotation joined to the one before by "and", "or" or a comma shares its report.
    Coordinated,
    /// The speaker of the nearest attributed quotation before, in the same paragraph.
    PreviousInParagraph,
    /// A later quotation of the same paragraph whose speaker is named after it.
    LaterInParagraph,
    /// The previous paragraph's last quotation, for a quotation opening its paragraph.
    PreviousParagraph,
    /// The report (or the person) of the sentence before, in the same paragraph.
    SentenceBefore,
    /// The last sentence of the previous paragraph, for a quotation opening its paragraph.
    ParagraphBefore,
    /// `X continued:` ending the previous paragraph.
    ColonParagraph,
    /// A person, pronoun or sentence subject near the quotation, with no rule linking them.
    Nearby,
}

impl Source {
    /// Every rule, in the order of the enum (the order `evaluate` lists them in).
    pub const ALL: &'static [Source] = <Self as strum::VariantArray>::VARIANTS;

    /// A short name, used in feature names and in `evaluate`'s table.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// Where the rule stands in the order the rules were written and are tried by the
    /// baseline ([`super::RulesInOrder`]; lower first): a quotation joined to the one before
    /// shares its report first, then the patterns, then the speakers carried over. `None`: not a
    /// written rule (a person merely near the quotation).
    pub fn rank(self) -> Option<u8> {
        Some(match self {
            Source::Coordinated => 0,
            Source::Transcript => 1,
            Source::Parenthetical => 2,
            Source::AccordingTo => 3,
            Source::After => 4,
            Source::Signature => 5,
            Source::RelativeClause => 6,
            Source::Before => 7,
            Source::Clause => 8,
            Source::PreviousInParagraph => 10,
            Source::LaterInParagraph => 11,
            Source::PreviousParagraph => 12,
            Source::SentenceBefore => 13,
            Source::ParagraphBefore => 14,
            Source::ColonParagraph => 15,
            Source::Nearby => return None,
        })
    }

    /// Whether the rule reads the words around the quotation itself (a pattern), rather than
    /// carrying a speaker over or guessing from who is near.
    pub fn is_pattern(self) -> bool {
        matches!(
            self,
            Source::Transcript
                | Source::Parenthetical
                | Source::AccordingTo
                | Source::After
                | Source::Signature
                | Source::RelativeClause
                | Source::Before
                | Source::Clause
        )
    }
}

/// How an attribution was found; the direct patterns are trusted more than inheritance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Evidence {
    /// A reporting verb right before or after the quote.
    Direct,
    /// A reporting verb earlier in the same sentence (a fragment in a reported clause).
    Clause,
    /// Another quote's speaker in the same paragraph, or the previous paragraph's.
    Inherited,
    /// A person named near the quotation, with no report linking them.
    Nearby,
}

#[derive(Clone, Debug)]
pub(super) struct Attribution {
    pub(super) speaker: Range<usize>,
    pub(super) cue: Option<Range<usize>>,
    pub(super) evidence: Evidence,
}

/// One proposed attribution, and which rule proposed it.
#[derive(Clone, Debug)]
pub(super) struct Candidate {
    pub(super) source: Source,
    pub(super) attribution: Attribution,
}

/// A candidate pattern: the attribution it finds for a quotation, if any.
type Pattern = fn(&Document<'_>, &Region) -> Option<Attribution>;

/// The patterns' proposals, in the order the rules were written (the order breaks ties).
pub(super) fn pattern_candidates(document: &Document<'_>, region: &Region) -> Vec<Candidate> {
    let patterns: [(Source, Pattern); 8] = [
        (Source::Transcript, transcript_label),
        (Source::Parenthetical, parenthetical_report),
        (Source::AccordingTo, according_to_opening),
        (Source::After, attribution_after),
        (Source::Signature, signature_below),
        (Source::RelativeClause, relative_clause_owner),
        (Source::Before, attribution_before),
        (Source::Clause, attribution_in_clause),
    ];
    patterns
        .into_iter()
        .filter_map(|(source, pattern)| {
            pattern(document, region).map(|attribution| Candidate {
                source,
                attribution,
            })
        })
        .collect()
}

/// How many mentions around a quotation are proposed as its speaker, nearest first.
pub(super) const NEARBY_MENTIONS: usize = 6;

/// The mentions around the quotation that could be its speaker, whatever the words between: the
/// people named, the personal pronouns and the subjects of the sentences from the one before
/// the quotation (the previous paragraph's last, for a quotation opening its paragraph) to the
/// one after it, outside quotations; the nearest [`NEARBY_MENTIONS`].
pub(super) fn nearby_mention_candidates(
    document: &Document<'_>,
    region: &Region,
    out: &mut Vec<Candidate>,
) {
    let paragraph = &document.paragraphs[region.paragraph];
    let before_sentence = if region.open > paragraph.start {
        let this_start = document.sentence_start(region.open);
        if this_start > paragraph.start {
            document.sentence_start(this_start - 1)
        } else {
            this_start
        }
    } else if region.open > 0 {
        document.sentence_start(region.open - 1)
    } else {
        0
    };
    let last = document.tokens.len();
    let after_end = if region.end < paragraph.end {
        let this_end = document.sentence_end(region.end);
        if this_end < paragraph.end {
            document.sentence_end(this_end)
        } else {
            this_end
        }
    } else {
        region.end.min(last)
    };
    let window = before_sentence..after_end.min(last);
    let mut found: Vec<Range<usize>> = Vec::new();
    let mut i = window.start;
    while i < window.end {
        if document.quoted[i] || (i >= region.open && i < region.end) {
            i += 1;
            continue;
        }
        if document.person[i] {
            let start = i;
            while i < window.end && document.person[i] && !document.quoted[i] {
                i += 1;
            }
            found.push(start..i);
            continue;
        }
        let word = document.lower[i].as_str();
        if PERSONAL_PRONOUNS.contains(word) || word == "who" {
            found.push(i..i + 1);
        }
        i += 1;
    }
    // The subjects of the sentences in the window.
    let mut sentence = window.start;
    while sentence < window.end {
        let end = document
            .sentence_end(sentence)
            .min(window.end)
            .max(sentence + 1);
        if let Some(subject) = main_subject(document, sentence, end) {
            let inside_quote = subject.start >= region.open && subject.start < region.end;
            if !inside_quote && !found.contains(&subject) {
                found.push(subject);
            }
        }
        sentence = end;
    }
    let distance = |mention: &Range<usize>| {
        if mention.end <= region.open {
            region.open - mention.end
        } else {
            mention.start.saturating_sub(region.end)
        }
    };
    found.sort_by_key(|mention| (distance(mention), mention.start));
    out.extend(
        found
            .into_iter()
            .take(NEARBY_MENTIONS)
            .map(|speaker| Candidate {
                source: Source::Nearby,
                attribution: Attribution {
                    speaker,
                    cue: None,
                    evidence: Evidence::Nearby,
                },
            }),
    );
}
