//! Reported speech without quotation marks, as the page marks it: "Officials said the strike
//! killed 12 people", "The deal is off, two people familiar with the talks said", "According to
//! the report, …". Three stages:
//! 1. readings ([`candidates`]): in each sentence, each cue (a reporting, belief or finding verb
//!    from the word lists used as one, a cue word learned from train ([`CueWords`]), or
//!    "according to") proposes readings by rules from general properties of English news — its
//!    content (the clause after the cue, or the clause before an inverted "…, X said", whole and
//!    cut at a break in it), its source and its cue — with named [`Features`];
//! 2. the learned choice ([`choose`], [`model`]): the readings the shipped model (trained by
//!    `train-attributions` on PolNeAR train) scores above zero, at most two a sentence; readings
//!    mostly inside quotation marks are the quote engine's ([`mostly_quoted`]);
//! 3. sources ([`statements`]): resolved through the entity groups, with their kind
//!    ([`source_kind`]).
//!
//! Linear: sentences are cut at [`MAX_SENTENCE_TOKENS`], every window is bounded, and the text is
//! indexed once.

pub mod model;

use std::borrow::Cow;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::lexicon::{is_auxiliary, is_preposition, is_verb_like, takes_object};
use crate::extract::{EntityMention, MentionKind};
use crate::language::tokens::{char_spans, tokenize, Token};
use crate::language::words::{
    BELIEF_CUES, BE_FORMS, CIRCUMSTANCE_PREPOSITIONS, CLAUSE_BREAKS, CLAUSE_OPENERS, DETERMINERS,
    DOCUMENT_NOUNS, MINOR_WORDS, RELATIVE_PRONOUNS, REPORTING_VERBS, SPEAKER_PRONOUNS, TIME_WORDS,
};
pub use domain::annotation::SourceKind;
use domain::text::{Span, TextIndex};

use super::{Quote, QuoteKind, Speaker};
use crate::extract::Entity;
pub use model::{shipped_statement_model, CueWords, StatementModel};

/// An attribution found without quotation marks (offsets in code points).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reported {
    pub content: Span,
    pub source: Option<Span>,
    pub cue: Span,
}

/// Whether a content is mostly inside quotation marks (`quoted`: the quotations with their marks,
/// in text order and apart): such a reading is the quote engine's. Only the quotations it
/// overlaps are looked at (found by a binary search), so many of both stay linear.
pub fn mostly_quoted(content: Span, quoted: &[Span]) -> bool {
    let first = quoted.partition_point(|q| q.end <= content.start);
    let inside: usize = quoted[first..]
        .iter()
        .take_while(|q| q.start < content.end)
        .map(|q| {
            q.end
                .min(content.end)
                .saturating_sub(q.start.max(content.start))
        })
        .sum();
    2 * inside >= content.len()
}

/// The quotations with their marks, in text order (terms are not quotations).
pub fn quoted_spans(quotes: &[Quote]) -> Vec<Span> {
    quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Quote)
        .map(|q| q.outer)
        .collect()
}

/// A reported statement as the page shows it: the content, its cue, its source resolved to a
/// name where the text allows, and what kind of source that is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub content: Span,
    pub cue: Span,
    /// The source's mention and the name it resolves to (a pronoun to the person named last;
    /// an unnamed source is its own words: "officials").
    pub source: Option<Speaker>,
    pub source_kind: Option<SourceKind>,
}

/// How far back (in code points) a pronoun looks for the person it stands for.
const PRONOUN_REACH: usize = 600;

/// The reported statements of a text that are not quotations (`quotes`: the quote engine's
/// findings), their sources resolved through the entity groups.
pub fn statements(
    index: &TextIndex<'_>,
    quotes: &[Quote],
    mentions: &[EntityMention],
    entities: &[Entity],
) -> Vec<Statement> {
    statements_with(
        index,
        quotes,
        mentions,
        entities,
        Choosing::Learned(shipped_statement_model()),
    )
}

/// How the candidates of a sentence are chosen among.
#[derive(Clone, Copy, Debug)]
pub enum Choosing<'m> {
    /// The first candidate of each sentence (the rules alone).
    Rules,
    /// The candidates the learned model scores above zero, best first, none overlapping
    /// another; at most [`MAX_PER_SENTENCE`] a sentence.
    Learned(&'m StatementModel),
}

/// The most reported statements kept in one sentence.
pub const MAX_PER_SENTENCE: usize = 2;

/// The candidates of the text of `index` that are not quotations (`quotes`: the quote engine's
/// findings), each with the kind of its source among its features; `cues`: the learned cue
/// words read beside the written lists.
pub fn prepared_candidates(
    index: &TextIndex<'_>,
    quotes: &[Quote],
    mentions: &[EntityMention],
    named: bool,
    cues: &CueWords,
) -> Vec<Candidate> {
    let quoted = quoted_spans(quotes);
    let mut kept = candidates_named(index.text(), named, cues);
    kept.retain(|candidate| !mostly_quoted(candidate.found.content, &quoted));
    for candidate in &mut kept {
        let kind = candidate.found.source.map_or("none", |source| {
            source_kind(index, source, mentions).label()
        });
        candidate.features.add(format_args!("source_kind={kind}"));
        candidate.features.add(format_args!(
            "source_kind+pattern={kind}|{}",
            candidate.pattern.label()
        ));
    }
    kept
}

/// The candidates kept (positions in `candidates`, in text order).
pub fn choose(candidates: &[Candidate], choosing: Choosing<'_>) -> Vec<usize> {
    let mut kept = Vec::new();
    let mut first = 0;
    while first < candidates.len() {
        let sentence = candidates[first].sentence;
        let end = first
            + candidates[first..]
                .iter()
                .take_while(|c| c.sentence == sentence)
                .count();
        match choosing {
            Choosing::Rules => kept.push(first),
            Choosing::Learned(model) => {
                let mut scored: Vec<(f32, usize)> = (first..end)
                    .map(|i| (model.score(&candidates[i].features.keys), i))
                    .filter(|&(score, _)| score > 0.0)
                    .collect();
                scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                let mut chosen: Vec<usize> = Vec::new();
                for (_, i) in scored {
                    let content = candidates[i].found.content;
                    if chosen.len() < MAX_PER_SENTENCE
                        && chosen
                            .iter()
                            .all(|&j| !candidates[j].found.content.overlaps(&content))
                    {
                        chosen.push(i);
                    }
                }
                chosen.sort_unstable();
                kept.extend(chosen);
            }
        }
        first = end;
    }
    kept
}

/// [`statements`], choosing as asked.
pub fn statements_with(
    index: &TextIndex<'_>,
    quotes: &[Quote],
    mentions: &[EntityMention],
    entities: &[Entity],
    choosing: Choosing<'_>,
) -> Vec<Statement> {
    // Persons by where they start, for pronouns (mentions come in text order).
    let persons: Vec<&EntityMention> = mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Person)
        .collect();
    // The rules alone read the written cue lists; a learned model its own cue words too.
    let cues = match choosing {
        Choosing::Rules => CueWords::none(),
        Choosing::Learned(model) => model.cues(),
    };
    let candidates = prepared_candidates(index, quotes, mentions, false, cues);
    choose(&candidates, choosing)
        .into_iter()
        .map(|i| candidates[i].found)
        .map(|found| {
            let Some(span) = found.source else {
                return Statement {
                    content: found.content,
                    cue: found.cue,
                    source: None,
                    source_kind: None,
                };
            };
            let kind = source_kind(index, span, mentions);
            // The name the phrase rests on: its last person ("U.S. Secretary of State Rex
            // Tillerson"), else its last organisation or place.
            let inside: Vec<&EntityMention> = mentions
                .iter()
                .skip(mentions.partition_point(|m| m.span.end <= span.start))
                .take_while(|m| m.span.start < span.end)
                .filter(|m| m.kind != MentionKind::Date && m.span.overlaps(&span))
                .collect();
            // Before an apposition ("Jens Stoltenberg, joined by Federica Mogherini,"), the
            // name is in the phrase's first part.
            let first_part_end = index
                .slice(span)
                .chars()
                .position(|c| c == ',')
                .map_or(span.end, |at| span.start + at);
            let in_first_part: Vec<&EntityMention> = inside
                .iter()
                .copied()
                .filter(|m| m.span.start < first_part_end)
                .collect();
            let part = if in_first_part.is_empty() {
                &inside
            } else {
                &in_first_part
            };
            let named = part
                .iter()
                .rev()
                .find(|m| m.kind == MentionKind::Person)
                .or_else(|| part.last())
                .copied();
            let (name, entity, kind) = match (kind, named) {
                (SourceKind::Person | SourceKind::Organisation, Some(mention)) => (
                    entities[mention.entity].name.clone(),
                    Some(mention.entity),
                    kind,
                ),
                (SourceKind::Pronoun, _) => {
                    let before = persons.partition_point(|m| m.span.end <= span.start);
                    match before.checked_sub(1).map(|i| persons[i]) {
                        Some(person) if span.start - person.span.end <= PRONOUN_REACH => (
                            entities[person.entity].name.clone(),
                            Some(person.entity),
                            SourceKind::Person,
                        ),
                        _ => (index.slice(span).to_owned(), None, kind),
                    }
                }
                _ => (index.slice(span).to_owned(), None, kind),
            };
            Statement {
                content: found.content,
                cue: found.cue,
                source: Some(Speaker {
                    mention: span,
                    name,
                    entity,
                }),
                source_kind: Some(kind),
            }
        })
        .collect()
}

/// The kind of the source mention `source` of `text`: named when an entity mention of a person
/// (or an organisation or place) lies in it, else by its last word — a pronoun, a document noun,
/// or nobody named.
pub fn source_kind(index: &TextIndex<'_>, source: Span, mentions: &[EntityMention]) -> SourceKind {
    // Mentions come in text order: only those near the source are looked at.
    let near = &mentions[mentions.partition_point(|m| m.span.end <= source.start)..];
    let named = |kind: MentionKind| {
        near.iter()
            .take_while(|m| m.span.start < source.end)
            .any(|m| m.kind == kind && m.span.overlaps(&source))
    };
    if named(MentionKind::Person) {
        return SourceKind::Person;
    }
    if named(MentionKind::Organisation) || named(MentionKind::Place) {
        return SourceKind::Organisation;
    }
    let words = index.slice(source);
    let tokens = tokenize(words);
    // The head noun ends the phrase before its first preposition ("a report by the ministry",
    // "people familiar with the matter").
    let words: Vec<String> = tokens
        .iter()
        .filter(|t| t.is_word())
        .map(|t| t.text.to_lowercase())
        .take_while(|word| !is_preposition(word))
        .collect();
    match words.as_slice() {
        [only] if SPEAKER_PRONOUNS.contains(only) => SourceKind::Pronoun,
        [.., last] if DOCUMENT_NOUNS.contains(last) => SourceKind::Document,
        _ => SourceKind::Unnamed,
    }
}

/// The longest sentence read, in tokens (a longer stretch is cut: the work stays linear).
pub const MAX_SENTENCE_TOKENS: usize = 120;
/// The longest source phrase, in tokens.
const MAX_SOURCE_TOKENS: usize = 10;
/// The fewest words a content holds.
const MIN_CONTENT_WORDS: usize = 3;

struct Sentence<'t, 'a> {
    tokens: &'t [Token<'a>],
    spans: &'t [Span],
    lower: &'t [Cow<'a, str>],
    range: Range<usize>,
    /// Cue words learned beside the written lists.
    cues: &'t CueWords,
}

impl Sentence<'_, '_> {
    fn span(&self, tokens: Range<usize>) -> Span {
        Span::new(
            self.spans[tokens.start].start,
            self.spans[tokens.end - 1].end,
        )
    }

    fn words_in(&self, tokens: Range<usize>) -> usize {
        tokens.filter(|&i| self.tokens[i].is_word()).count()
    }

    fn is(&self, i: usize, word: &str) -> bool {
        self.lower[i] == word
    }
}

/// A token in lower case, borrowed when it is already (most words are).
fn lowercase(token: &str) -> Cow<'_, str> {
    if token.chars().any(char::is_uppercase) {
        Cow::Owned(token.to_lowercase())
    } else {
        Cow::Borrowed(token)
    }
}

fn is_sentence_end(token: &str) -> bool {
    matches!(token, "." | "?" | "!")
}

/// Finds reported speech in `text` by the rules alone: the first candidate of each sentence
/// (the baseline the learned choice is measured against).
pub fn find_reported(text: &str) -> Vec<Reported> {
    let mut found: Vec<Reported> = Vec::new();
    let mut last_sentence = None;
    for candidate in candidates_named(text, false, CueWords::none()) {
        if last_sentence != Some(candidate.sentence) {
            last_sentence = Some(candidate.sentence);
            found.push(candidate.found);
        }
    }
    found
}

/// How a candidate reads its sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// "According to SOURCE, CONTENT."
    AccordingBefore,
    /// "CONTENT, according to SOURCE."
    AccordingAfter,
    /// "SOURCE said (that) CONTENT."
    Forward,
    /// "CONTENT, SOURCE said."
    SourceThenCue,
    /// "CONTENT, said SOURCE."
    CueThenSource,
    /// "CONTENT, SOURCE said, CONTENT."
    Inside,
    /// "Asked whether CONTENT, …": a participle opening the sentence, with no source of its own.
    Opening,
}

impl Pattern {
    /// The pattern of a reading, from where its parts are.
    fn of(found: &Reported, according: bool) -> Pattern {
        let Reported {
            content,
            source,
            cue,
            ..
        } = *found;
        match (according, cue.start < content.start) {
            (true, true) => Pattern::AccordingBefore,
            (true, false) => Pattern::AccordingAfter,
            (false, true) if source.is_none() => Pattern::Opening,
            (false, true) => Pattern::Forward,
            (false, false) if content.end > cue.end => Pattern::Inside,
            (false, false) if source.is_some_and(|s| s.start > cue.start) => Pattern::CueThenSource,
            (false, false) => Pattern::SourceThenCue,
        }
    }

    /// Every pattern, in the order reports list them.
    pub const ALL: [Pattern; 7] = [
        Pattern::Forward,
        Pattern::SourceThenCue,
        Pattern::CueThenSource,
        Pattern::Inside,
        Pattern::AccordingBefore,
        Pattern::AccordingAfter,
        Pattern::Opening,
    ];

    /// The pattern's name, as features and reports give it.
    pub fn label(self) -> &'static str {
        match self {
            Pattern::AccordingBefore => "according-before",
            Pattern::AccordingAfter => "according-after",
            Pattern::Forward => "forward",
            Pattern::SourceThenCue => "source-cue",
            Pattern::CueThenSource => "cue-source",
            Pattern::Inside => "inside",
            Pattern::Opening => "opening",
        }
    }
}

/// What the learned choice weighs about a reading: each feature's key (FNV-1a of its name,
/// hashed as it is written: no string is made) and, when asked (to train a model), its name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Features {
    pub keys: Vec<u64>,
    /// The names, in the order of the keys; empty unless asked for.
    pub names: Vec<String>,
    named: bool,
}

/// Hashes what is written to it, as [`crate::extract::attribution::feature_key`] hashes a whole name.
struct KeyWriter(u64);

impl std::fmt::Write for KeyWriter {
    fn write_str(&mut self, piece: &str) -> std::fmt::Result {
        self.0 = domain::hash::fnv64(self.0, piece.as_bytes());
        Ok(())
    }
}

impl Features {
    fn new(named: bool) -> Self {
        Features {
            keys: Vec::with_capacity(24),
            names: Vec::new(),
            named,
        }
    }

    /// Adds the feature named by `name` (as `format_args!` gives it).
    pub fn add(&mut self, name: std::fmt::Arguments<'_>) {
        let mut key = KeyWriter(domain::hash::FNV64_OFFSET);
        let _ = std::fmt::Write::write_fmt(&mut key, name);
        self.keys.push(key.0);
        if self.named {
            self.names.push(name.to_string());
        }
    }
}

/// One reading of a sentence as reported speech: what the rules propose, with what the learned
/// choice weighs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub found: Reported,
    pub pattern: Pattern,
    /// Which sentence of the text it reads (candidates of one sentence compete).
    pub sentence: usize,
    pub features: Features,
}

/// Every reading the rules propose, in text order: at most one per cue of each sentence.
pub fn candidates(text: &str) -> Vec<Candidate> {
    candidates_named(text, false, shipped_statement_model().cues())
}

/// [`candidates`], with the names of their features when `named` (to train a model), reading
/// the learned cue words `cues` beside the written lists.
pub fn candidates_named(text: &str, named: bool, cues: &CueWords) -> Vec<Candidate> {
    let tokens = tokenize(text);
    let spans = char_spans(text, &tokens);
    let lower: Vec<Cow<'_, str>> = tokens.iter().map(|t| lowercase(t.text)).collect();
    let mut found = Vec::new();
    let mut start = 0;
    let mut sentence_index = 0;
    for i in 0..tokens.len() {
        let paragraph_ends = tokens
            .get(i + 1)
            .is_none_or(|next| text[tokens[i].bytes.end..next.bytes.start].contains('\n'));
        let ends = paragraph_ends
            || (is_sentence_end(tokens[i].text) && !closes_quote_next(&tokens, i))
            || (i > 0 && is_sentence_end(tokens[i - 1].text) && closes_quote_next(&tokens, i - 1))
            || i + 1 - start >= MAX_SENTENCE_TOKENS;
        if ends {
            let sentence = Sentence {
                tokens: &tokens,
                spans: &spans,
                lower: &lower,
                range: start..i + 1,
                cues,
            };
            let opens_paragraph = start == 0
                || text[tokens[start - 1].bytes.end..tokens[start].bytes.start].contains('\n');
            // "''A,'' he said. ''B.''": a sentence wholly in quotation marks after a quoted
            // content attributed at its end goes on with the same words.
            let continued = !opens_paragraph
                && is_quote_mark(tokens[start].text)
                && (start..=i)
                    .rev()
                    .take(3)
                    .any(|j| is_quote_mark(tokens[j].text));
            let previous = found.last_mut().filter(|c: &&mut Candidate| {
                c.sentence + 1 == sentence_index
                    && matches!(
                        c.pattern,
                        Pattern::SourceThenCue | Pattern::CueThenSource | Pattern::Inside
                    )
                    && tokens
                        .get(spans.partition_point(|s| s.start < c.found.content.start))
                        .is_some_and(|first| is_quote_mark(first.text))
            });
            if let (true, Some(previous)) = (continued, previous) {
                previous.found.content.end = spans[i].end;
                previous.features.add(format_args!("continued"));
                // It reads the next sentence too: a later reading of that one competes.
                previous.sentence = sentence_index;
            } else {
                found.extend(in_sentence(
                    &sentence,
                    sentence_index,
                    opens_paragraph,
                    named,
                ));
            }
            sentence_index += 1;
            start = i + 1;
        }
    }
    found
}

/// Whether a closing quotation mark follows a full stop, touching it (the sentence ends after
/// the mark; a straight mark after a space opens the next sentence's quotation).
fn closes_quote_next(tokens: &[Token<'_>], i: usize) -> bool {
    tokens.get(i + 1).is_some_and(|t| {
        matches!(t.text, "”" | "\"" | "’" | "'" | "''") && t.bytes.start == tokens[i].bytes.end
    })
}

fn is_quote_mark(token: &str) -> bool {
    matches!(
        token,
        "“" | "”" | "\"" | "‘" | "’" | "'" | "''" | "``" | "«" | "»"
    )
}

/// A reporting verb used as one: lower-case (a capitalised "State" is a name) and not after a
/// determiner or possessive ("the state", "his call" are nouns).
fn is_cue_at(sentence: &Sentence<'_, '_>, i: usize) -> bool {
    let token = sentence.tokens[i].text;
    (REPORTING_VERBS.contains(&sentence.lower[i])
        || BELIEF_CUES.contains(&sentence.lower[i])
        || sentence.cues.contains(&sentence.lower[i]))
        && token.chars().next().is_some_and(char::is_lowercase)
        && (i == sentence.range.start || !DETERMINERS.contains(&sentence.lower[i - 1]))
}

fn in_sentence(
    sentence: &Sentence<'_, '_>,
    index: usize,
    opens_paragraph: bool,
    named: bool,
) -> Vec<Candidate> {
    let range = sentence.range.clone();
    // The end of the content: the sentence without its closing punctuation.
    let mut end = range.end;
    while end > range.start && !sentence.tokens[end - 1].is_word() {
        end -= 1;
    }
    // Each reading: its cue, what it reads, whether by "according to", and where a shorter
    // content was cut (or, for the whole content, where it could be).
    let mut readings: Vec<(usize, Reported, bool, Cut)> = Vec::new();
    for cue in range.clone() {
        if sentence.is(cue, "according") && cue + 1 < range.end && sentence.is(cue + 1, "to") {
            readings.extend(
                according_to(sentence, cue, end).map(|found| (cue, found, true, Cut::None)),
            );
            continue;
        }
        if let Some(found) = opening_participle(sentence, cue, end) {
            readings.push((cue, found, false, Cut::None));
            continue;
        }
        if cue == range.start || !is_cue_at(sentence, cue) {
            continue;
        }
        if let Some(found) = inverted(sentence, cue, end) {
            // "A, he said, adding B": the content may also be the words before the attribution
            // only, leaving what follows to another reading.
            let attribution_start = found
                .source
                .map_or(found.cue.start, |s| s.start.min(found.cue.start));
            let comma = (found.content.end > found.cue.end)
                .then(|| {
                    sentence.range.clone().rev().find(|&i| {
                        sentence.tokens[i].text == ","
                            && sentence.spans[i].end <= attribution_start
                            && sentence.spans[i].start > found.content.start
                    })
                })
                .flatten();
            push_whole_and_cut(&mut readings, sentence, cue, found, comma);
        } else if let Some(found) = forward(sentence, cue, end) {
            // "… said the bill would fail, leaving …": the content may end at the first break
            // in it; the learned choice weighs both readings.
            let at = first_break(sentence, found.content);
            push_whole_and_cut(&mut readings, sentence, cue, found, at);
        }
    }
    let count = readings.len();
    readings
        .into_iter()
        .enumerate()
        .map(|(rank, (cue, found, according, cut))| {
            let pattern = Pattern::of(&found, according);
            let mut features = Features::new(named);
            add_features(
                &mut features,
                sentence,
                cue,
                &found,
                pattern,
                (rank, count),
                opens_paragraph,
            );
            add_cut_features(&mut features, sentence, cut);
            Candidate {
                found,
                pattern,
                sentence: index,
                features,
            }
        })
        .collect()
}

/// Pushes a reading (not by "according to") whole and, when its content may end before the
/// token `at`, also cut there.
fn push_whole_and_cut(
    readings: &mut Vec<(usize, Reported, bool, Cut)>,
    sentence: &Sentence<'_, '_>,
    cue: usize,
    found: Reported,
    at: Option<usize>,
) {
    match at {
        Some(at) => {
            let cut = Reported {
                content: Span::new(found.content.start, sentence.spans[at - 1].end),
                ..found
            };
            readings.push((cue, found, false, Cut::Possible(at)));
            readings.push((cue, cut, false, Cut::At(at)));
        }
        None => readings.push((cue, found, false, Cut::None)),
    }
}

/// Where a reading's content may end before it does (a forward content at its first break, an
/// inside one before its attribution).
#[derive(Clone, Copy)]
enum Cut {
    /// The content has no break to end at.
    None,
    /// The whole content, which could end at this token.
    Possible(usize),
    /// The content ends before this token.
    At(usize),
}

/// The first break in a content after which it could end (a comma, semicolon, dash or
/// parenthesis, or "and"/"but" joining another clause), with enough words on both sides.
fn first_break(sentence: &Sentence<'_, '_>, content: Span) -> Option<usize> {
    // The content's first and last tokens (its tokens stand together in the sentence).
    let inside = |&i: &usize| {
        content.start <= sentence.spans[i].start && sentence.spans[i].end <= content.end
    };
    let first = sentence.range.clone().find(inside)?;
    let last = sentence.range.clone().rev().find(inside)?;
    (first + 1..last).find(|&i| {
        let text = sentence.tokens[i].text;
        let breaks = matches!(text, "," | ";" | "—" | "–" | "--" | "(")
            || CLAUSE_BREAKS.contains(&sentence.lower[i]);
        breaks
            && sentence.words_in(first..i) >= MIN_CONTENT_WORDS
            && sentence.words_in(i + 1..last + 1) >= 2
    })
}

/// What the learned choice weighs about where a content ends: the break and the word after it.
fn add_cut_features(features: &mut Features, sentence: &Sentence<'_, '_>, cut: Cut) {
    let around = |at: usize| {
        let next = sentence
            .lower
            .get(at + 1)
            .filter(|_| at + 1 < sentence.range.end)
            .map_or("$", |w| w.as_ref());
        let participle = next.len() > 4 && next.ends_with("ing");
        (sentence.lower[at].as_ref(), next, participle)
    };
    match cut {
        Cut::None => features.add(format_args!("cut=none")),
        Cut::Possible(at) => {
            let (mark, next, participle) = around(at);
            features.add(format_args!("could_cut={mark}"));
            features.add(format_args!("could_cut={mark}|{next}"));
            features.add(format_args!("could_cut_participle={participle}"));
        }
        Cut::At(at) => {
            let (mark, next, participle) = around(at);
            features.add(format_args!("cut={mark}"));
            features.add(format_args!("cut={mark}|{next}"));
            features.add(format_args!("cut_participle={participle}"));
            features.add(format_args!(
                "cut_rest_words={}",
                bucket(sentence.words_in(at + 1..sentence.range.end))
            ));
        }
    }
}

/// A few buckets of a count (the learned weights generalise over them).
fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        5..=8 => "5-8",
        9..=16 => "9-16",
        _ => "17+",
    }
}

/// What the learned choice weighs about a candidate: the cue and its neighbours, the pattern,
/// the lengths and first and last words of source and content, where it lies in its sentence.
fn add_features(
    features: &mut Features,
    sentence: &Sentence<'_, '_>,
    cue: usize,
    found: &Reported,
    pattern: Pattern,
    (rank, count): (usize, usize),
    opens_paragraph: bool,
) {
    let word = |i: usize| sentence.lower[i].as_ref();
    let range = sentence.range.clone();
    let tokens_in = |span: Span| -> Vec<usize> {
        range
            .clone()
            .filter(|&i| {
                sentence.tokens[i].is_word()
                    && span.start <= sentence.spans[i].start
                    && sentence.spans[i].end <= span.end
            })
            .collect()
    };
    let pattern = pattern.label();
    let cue_word = word(cue);
    let belief = BELIEF_CUES.contains(&sentence.lower[cue]);
    let before = if cue > range.start {
        word(cue - 1)
    } else {
        "^"
    };
    let after = if cue + 1 < range.end {
        word(cue + 1)
    } else {
        "$"
    };
    let content = tokens_in(found.content);
    features.add(format_args!("bias"));
    features.add(format_args!("pattern={pattern}"));
    features.add(format_args!("cue={cue_word}"));
    features.add(format_args!("cue+pattern={cue_word}|{pattern}"));
    features.add(format_args!("cue_before={before}"));
    features.add(format_args!("cue_after={after}"));
    features.add(format_args!("belief={belief}|{pattern}"));
    features.add(format_args!(
        "content_words={}|{pattern}",
        bucket(content.len())
    ));
    features.add(format_args!("rank={}/{}", bucket(rank), bucket(count)));
    features.add(format_args!("opens_paragraph={opens_paragraph}"));
    if let Some(&first) = content.first() {
        features.add(format_args!("content_first={}", word(first)));
    }
    let quoted = range
        .clone()
        .filter(|&i| {
            is_quote_mark(sentence.tokens[i].text)
                && found.content.start <= sentence.spans[i].start
                && sentence.spans[i].end <= found.content.end
        })
        .count();
    features.add(format_args!("quote_marks_in_content={}", bucket(quoted)));
    match found.source {
        Some(source) => {
            let words = tokens_in(source);
            features.add(format_args!("source_words={}", bucket(words.len())));
            if let (Some(&first), Some(&last)) = (words.first(), words.last()) {
                features.add(format_args!("source_first={}", word(first)));
                features.add(format_args!("source_last={}", word(last)));
                let capitalised = sentence.tokens[last]
                    .text
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
                features.add(format_args!(
                    "source_last_capitalised={capitalised}|{pattern}"
                ));
            }
            features.add(format_args!(
                "source_starts_sentence={}",
                source.start == sentence.spans[range.start].start
            ));
        }
        None => features.add(format_args!("no_source")),
    }
}

/// "According to SOURCE, CONTENT." or "CONTENT, according to SOURCE."
fn according_to(sentence: &Sentence<'_, '_>, cue: usize, end: usize) -> Option<Reported> {
    let range = sentence.range.clone();
    let cue_span = sentence.span(cue..cue + 2);
    let after = cue + 2;
    let comma = (after..end).find(|&i| sentence.tokens[i].text == ",");
    if cue == range.start || (cue > range.start && sentence.tokens[cue - 1].text != ",") {
        // Opening the sentence: the source runs to the comma, the content after it.
        let comma = comma?;
        let content = comma + 1..end;
        (sentence.words_in(content.clone()) >= MIN_CONTENT_WORDS && comma > after).then(|| {
            Reported {
                content: sentence.span(content),
                source: Some(sentence.span(after..comma)),
                cue: cue_span,
            }
        })
    } else {
        // After the content: the content is what comes before the comma.
        let content = range.start..cue - 1;
        let source_end = comma.unwrap_or(end);
        (sentence.words_in(content.clone()) >= MIN_CONTENT_WORDS && source_end > after).then(|| {
            Reported {
                content: sentence.span(content),
                source: Some(sentence.span(after..source_end)),
                cue: cue_span,
            }
        })
    }
}

/// "CONTENT, SOURCE said." or "CONTENT, said SOURCE.": a comma before a short source phrase
/// and the cue, the cue at the end of the sentence (or before another comma).
fn inverted(sentence: &Sentence<'_, '_>, cue: usize, end: usize) -> Option<Reported> {
    let range = sentence.range.clone();
    let after_cue = cue + 1;
    let cue_ends_clause = clause_ends_after_cue(sentence, cue, end);
    // "…, the minister said." — the source between a comma and the cue.
    let comma = (range.start..cue)
        .rev()
        .take(MAX_SOURCE_TOKENS + 1)
        .find(|&i| sentence.tokens[i].text == ",");
    if let (Some(comma), true) = (comma, cue_ends_clause) {
        // "''We will,'' the minister said": the source starts after the closing mark.
        let source_start = (comma + 1..cue)
            .find(|&i| !is_quote_mark(sentence.tokens[i].text))
            .unwrap_or(cue);
        let source = source_phrase(sentence, source_start..cue)?;
        // "…, he said, …": the content runs on after the cue, first to last character.
        let clause_end = (after_cue..end)
            .find(|&i| sentence.tokens[i].text == ",")
            .unwrap_or(end);
        let runs_on = clause_end < end && sentence.words_in(clause_end..end) > 0;
        let content = range.start..if runs_on { end } else { comma };
        return (sentence.words_in(content.clone()) >= MIN_CONTENT_WORDS).then(|| Reported {
            content: sentence.span(content),
            source: Some(source),
            cue: sentence.span(cue..cue + 1),
        });
    }
    // "…, said the minister." — the cue right after the comma (and the marks closing a
    // quotation: "''…,'' said the minister"), the source after it.
    let mut before_cue = cue;
    while before_cue > range.start && is_quote_mark(sentence.tokens[before_cue - 1].text) {
        before_cue -= 1;
    }
    if before_cue > range.start && sentence.tokens[before_cue - 1].text == "," {
        let source_end = (after_cue..end)
            .find(|&i| sentence.tokens[i].text == ",")
            .unwrap_or(end);
        let content = range.start..before_cue - 1;
        // A noun phrase, not a clause: "…, said the town would rebuild" is no source.
        let is_clause = (after_cue..source_end).any(|i| {
            is_auxiliary(&sentence.lower[i]) || sentence.is(i, "that") || is_cue_at(sentence, i)
        });
        if source_end > after_cue
            && !is_clause
            && source_end - after_cue <= MAX_SOURCE_TOKENS
            && sentence.words_in(content.clone()) >= MIN_CONTENT_WORDS
        {
            return Some(Reported {
                content: sentence.span(content),
                source: Some(sentence.span(after_cue..source_end)),
                cue: sentence.span(cue..cue + 1),
            });
        }
    }
    None
}

/// "Asked whether he would run, …", "When asked about it, …": a reporting verb in -ed opening
/// the sentence (or after "when") reports the words up to the comma, with no source of its own.
fn opening_participle(sentence: &Sentence<'_, '_>, cue: usize, end: usize) -> Option<Reported> {
    let start = sentence.range.start;
    let opens = cue == start || (cue == start + 1 && sentence.is(start, "when"));
    let word = &sentence.lower[cue];
    if !opens || !word.ends_with("ed") || !REPORTING_VERBS.contains(word) {
        return None;
    }
    let comma = (cue + 1..end).find(|&i| sentence.tokens[i].text == ",")?;
    let content = cue + 1..comma;
    (sentence.words_in(content.clone()) >= 1
        && sentence.tokens[cue + 1]
            .text
            .starts_with(char::is_lowercase))
    .then(|| Reported {
        content: sentence.span(content),
        source: None,
        cue: sentence.span(cue..cue + 1),
    })
}

/// "SOURCE said (that) CONTENT." — the source the phrase before the cue, the content the rest
/// of the sentence after it (past the person told, and "that").
fn forward(sentence: &Sentence<'_, '_>, cue: usize, end: usize) -> Option<Reported> {
    let range = sentence.range.clone();
    // The subject: back from the cue over auxiliaries and adverbs ("has also said").
    let mut head = cue;
    while head > range.start {
        let word = &sentence.lower[head - 1];
        if is_auxiliary(word) || word.ends_with("ly") || word == "not" || word == "also" {
            head -= 1;
        } else {
            break;
        }
    }
    // "… was highlighted", "she was asked": a passive cue's subject is not its source.
    let passive = !sentence.lower[cue].ends_with("ing")
        && (head..cue).any(|i| BE_FORMS.contains(&sentence.lower[i]));
    if passive {
        return None;
    }
    // "Emineth, a former chairman, became a delegate and said …": the source is the subject of
    // the verb that "and" joins the cue to.
    if head > range.start + 1 && sentence.is(head - 1, "and") {
        let floor = (range.start..head - 1)
            .rev()
            .find(|&i| opens_clause(sentence, i))
            .map_or(range.start, |i| i + 1);
        if let Some(verb) = (floor..head - 1).find(|&i| {
            is_verb_like(&sentence.lower[i])
                && sentence.tokens[i].text.starts_with(char::is_lowercase)
                && (i == range.start || !DETERMINERS.contains(&sentence.lower[i - 1]))
        }) {
            head = verb;
            while head > range.start && is_auxiliary(&sentence.lower[head - 1]) {
                head -= 1;
            }
        }
    }
    // "…, he said, adding that …", "Trump bemoaned the unrest, saying …": a participle after a
    // comma reports for the source of the report before it, when there is one.
    let carried = (sentence.lower[cue].ends_with("ing")
        && head > range.start + 1
        && sentence.tokens[head - 1].text == ",")
        .then(|| {
            (range.start..head - 1)
                .rev()
                .find(|&j| is_cue_at(sentence, j))
        })
        .flatten()
        .and_then(|earlier| {
            inverted(sentence, earlier, head - 1)
                .or_else(|| forward(sentence, earlier, head - 1))
                .and_then(|reading| reading.source)
        });
    let source = match carried {
        Some(source) => source,
        None => subject_source(sentence, head)?,
    };
    let mut content_start = cue + 1;
    if takes_object(&sentence.lower[cue]) {
        // "told reporters (that)": the object is not the content.
        let that = (content_start..end.min(content_start + 6)).find(|&i| sentence.is(i, "that"));
        content_start = that.unwrap_or((content_start + 1).min(end));
    }
    // "said Tuesday (that) …": the time is not the content.
    while content_start < end && TIME_WORDS.contains(&sentence.lower[content_start]) {
        content_start += 1;
    }
    if content_start < end && is_preposition(&sentence.lower[content_start]) {
        // "said in a statement (that) …", "said at a rally": a phrase, not the content; the
        // content, if any, follows a "that".
        // Without a "that": the phrase after a preposition that takes what is reported ("called
        // for the troops to leave", "talked about the plan"), not after one that tells where or
        // when ("said at a rally", "said in a statement").
        let that = (content_start..end.min(content_start + 8)).find(|&i| sentence.is(i, "that"));
        content_start = match that {
            Some(that) => that,
            None if !CIRCUMSTANCE_PREPOSITIONS.contains(&sentence.lower[content_start]) => {
                content_start + 1
            }
            None => return None,
        };
    }
    if content_start < end && sentence.is(content_start, "that") {
        content_start += 1;
    }
    // "… killed 12 people, a person familiar with the matter told reporters.": the content
    // ends before another source's closing attribution.
    let end = (content_start + 1..end)
        .find(|&later| {
            is_cue_at(sentence, later)
                && clause_ends_after_cue(sentence, later, end)
                && (content_start..later)
                    .rev()
                    .take(MAX_SOURCE_TOKENS + 1)
                    .find(|&i| sentence.tokens[i].text == ",")
                    .is_some_and(|comma| source_phrase(sentence, comma + 1..later).is_some())
        })
        .and_then(|later| {
            (content_start..later)
                .rev()
                .find(|&i| sentence.tokens[i].text == ",")
        })
        .unwrap_or(end);
    let content = content_start..end;
    (sentence.words_in(content.clone()) >= MIN_CONTENT_WORDS).then(|| Reported {
        content: sentence.span(content),
        source: Some(source),
        cue: sentence.span(cue..cue + 1),
    })
}

/// The source of a cue whose subject ends before token `head`: the phrase back to the clause's
/// start, a subject and its apposition ("The mayor, Anna Kovacs, said"), or the phrase a relative
/// clause hangs on ("the mayor, who said").
fn subject_source(sentence: &Sentence<'_, '_>, head: usize) -> Option<Span> {
    let range = sentence.range.clone();
    let clause_start = (range.start..head)
        .rev()
        .find(|&i| opens_clause(sentence, i))
        .map_or(range.start, |i| i + 1);
    let source_start = clause_start.max(head.saturating_sub(MAX_SOURCE_TOKENS));
    let relative =
        clause_start > range.start && RELATIVE_PRONOUNS.contains(&sentence.lower[clause_start - 1]);
    let appositive = source_start == head
        && head > range.start + 1
        && sentence.tokens[head - 1].text == ","
        && !relative;
    if appositive {
        // "The mayor, Anna Kovacs, said …": the subject and its apposition.
        let mut phrase_end = head - 1;
        // "Tillerson, however, told …": a one-word aside is not part of the source.
        if phrase_end >= range.start + 2
            && sentence.tokens[phrase_end - 2].text == ","
            && sentence.tokens[phrase_end - 1].is_word()
        {
            phrase_end -= 2;
        }
        let phrase_start = (range.start..phrase_end)
            .rev()
            .filter(|&i| {
                matches!(sentence.tokens[i].text, ";" | ":" | "—" | "–")
                    || CLAUSE_OPENERS.contains(&sentence.lower[i])
            })
            .map(|i| i + 1)
            .next()
            .unwrap_or(range.start)
            .max(phrase_end.saturating_sub(MAX_SOURCE_TOKENS));
        source_phrase(sentence, phrase_start..phrase_end)
    } else if source_start == head && relative {
        // "the mayor, who said …": the phrase the relative clause hangs on.
        let opener = clause_start - 1;
        let phrase_end = if opener > range.start && sentence.tokens[opener - 1].text == "," {
            opener - 1
        } else {
            opener
        };
        let phrase_start = (range.start..phrase_end)
            .rev()
            .find(|&i| {
                matches!(sentence.tokens[i].text, "," | ";" | ":" | "—" | "–")
                    || CLAUSE_OPENERS.contains(&sentence.lower[i])
            })
            .map_or(range.start, |i| i + 1)
            .max(phrase_end.saturating_sub(MAX_SOURCE_TOKENS));
        source_phrase(sentence, phrase_start..phrase_end)
    } else {
        source_phrase(sentence, source_start..head)
    }
}

/// Whether a clause starts after token `i`: a comma, semicolon, colon or dash, or a word that
/// opens a clause ("who", "because").
fn opens_clause(sentence: &Sentence<'_, '_>, i: usize) -> bool {
    matches!(sentence.tokens[i].text, "," | ";" | ":" | "—" | "–")
        || CLAUSE_OPENERS.contains(&sentence.lower[i])
}

/// Whether the clause ends right after the cue at `cue` (the sentence's end or a comma), or
/// after a short object of a verb that takes one ("told reporters.", "told the AP,").
fn clause_ends_after_cue(sentence: &Sentence<'_, '_>, cue: usize, end: usize) -> bool {
    let after = cue + 1;
    // "… said in introducing him", "… said Tuesday": an adverbial, with no "that" clause after
    // it, ends the clause as well.
    let no_that_from = |i: usize| !(i..end).any(|j| sentence.is(j, "that"));
    let ends_at = |i: usize| {
        i >= end
            || sentence.tokens[i].text == ","
            || ((CIRCUMSTANCE_PREPOSITIONS.contains(&sentence.lower[i])
                || TIME_WORDS.contains(&sentence.lower[i]))
                && no_that_from(i))
    };
    if ends_at(after) {
        return true;
    }
    takes_object(&sentence.lower[cue])
        && (after + 1..=(after + 3).min(end))
            .find(|&i| ends_at(i))
            .is_some_and(|i| !(after..i).any(|j| sentence.is(j, "that")))
}

/// A source phrase: at most [`MAX_SOURCE_TOKENS`] tokens, no quotation mark, ending in a word.
fn source_phrase(sentence: &Sentence<'_, '_>, tokens: Range<usize>) -> Option<Span> {
    if tokens.is_empty() || tokens.len() > MAX_SOURCE_TOKENS {
        return None;
    }
    let last = tokens.end - 1;
    // "…, and reaffirmed": a conjunction or a preposition alone names nobody.
    // "The alliance met and reaffirmed": a phrase ending in one is no subject either.
    let is_content_word = |i: usize| {
        sentence.tokens[i].is_word()
            && !CLAUSE_OPENERS.contains(&sentence.lower[i])
            && !is_preposition(&sentence.lower[i])
            && !DETERMINERS.contains(&sentence.lower[i])
            && !MINOR_WORDS.contains(&sentence.lower[i])
    };
    if !is_content_word(last)
        || tokens
            .clone()
            .any(|i| is_quote_mark(sentence.tokens[i].text))
    {
        return None;
    }
    Some(sentence.span(tokens))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, span: Span) -> String {
        text.chars().skip(span.start).take(span.len()).collect()
    }

    fn one(text: &str) -> (String, Option<String>, String) {
        let found = find_reported(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        let r = found[0];
        (
            words(text, r.content),
            r.source.map(|s| words(text, s)),
            words(text, r.cue),
        )
    }

    #[test]
    fn a_source_before_the_cue_and_the_clause_after_it() {
        let (content, source, cue) = one("Officials said the strike killed 12 people.");
        assert_eq!(content, "the strike killed 12 people");
        assert_eq!(source.as_deref(), Some("Officials"));
        assert_eq!(cue, "said");
        let (content, source, _) = one("The senator has also argued that the bill would fail.");
        assert_eq!(content, "the bill would fail");
        assert_eq!(source.as_deref(), Some("The senator"));
    }

    #[test]
    fn the_person_told_is_not_the_content() {
        let (content, source, cue) = one("A spokesman told reporters that the talks had ended.");
        assert_eq!(content, "the talks had ended");
        assert_eq!(source.as_deref(), Some("A spokesman"));
        assert_eq!(cue, "told");
    }

    #[test]
    fn an_inverted_cue_takes_the_clause_before_it() {
        let (content, source, _) = one("The deal is off, two people familiar with the talks said.");
        assert_eq!(content, "The deal is off");
        assert_eq!(
            source.as_deref(),
            Some("two people familiar with the talks")
        );
        let (content, source, _) =
            one("The plant will close in May, said Anna Berg, a union leader.");
        assert_eq!(content, "The plant will close in May");
        assert_eq!(source.as_deref(), Some("Anna Berg"));
    }

    fn readings(text: &str) -> Vec<(String, Option<String>, String)> {
        candidates(text)
            .iter()
            .map(|c| {
                (
                    words(text, c.found.content),
                    c.found.source.map(|s| words(text, s)),
                    words(text, c.found.cue),
                )
            })
            .collect()
    }

    #[test]
    fn a_content_may_also_end_at_its_first_break() {
        let found = readings("The senator said the bill would fail, leaving the party divided.");
        let contents: Vec<&str> = found.iter().map(|(c, _, _)| c.as_str()).collect();
        assert_eq!(
            contents,
            [
                "the bill would fail, leaving the party divided",
                "the bill would fail"
            ]
        );
        // No break with words on both sides: one reading.
        assert_eq!(readings("The senator said the bill would fail.").len(), 1);
    }

    #[test]
    fn a_learned_cue_word_proposes_readings_the_rules_alone_do_not() {
        let text = "The union endorsed the governor for a second term.";
        let found = readings(text);
        assert!(
            found.contains(&(
                "the governor for a second term".into(),
                Some("The union".into()),
                "endorsed".into()
            )),
            "{found:?}"
        );
        assert!(
            find_reported(text).is_empty(),
            "the written lists do not hold it"
        );
    }

    #[test]
    fn a_participle_after_a_comma_reports_for_the_source_before_it() {
        let found =
            readings("The mayor said the school would reopen, adding that the roof was safe.");
        assert!(
            found.contains(&(
                "the roof was safe".into(),
                Some("The mayor".into()),
                "adding".into()
            )),
            "{found:?}"
        );
    }

    #[test]
    fn an_inside_attribution_may_also_end_before_its_attribution() {
        let found = readings("The roof was safe, the mayor said, and the school would reopen.");
        let contents: Vec<&str> = found.iter().map(|(c, _, _)| c.as_str()).collect();
        assert!(contents.contains(&"The roof was safe"), "{found:?}");
        assert!(
            contents.contains(&"The roof was safe, the mayor said, and the school would reopen"),
            "{found:?}"
        );
    }

    #[test]
    fn a_participle_opening_the_sentence_reports_the_words_to_the_comma_without_a_source() {
        let found = readings("Asked whether he would run, the senator said no.");
        assert!(
            found.contains(&("whether he would run".into(), None, "Asked".into())),
            "{found:?}"
        );
        let found = readings("When asked about the plan, she smiled.");
        assert!(
            found.contains(&("about the plan".into(), None, "asked".into())),
            "{found:?}"
        );
        // Not a reporting verb, or not opening the sentence: nothing of the kind.
        assert!(readings("Tired of waiting, the senator left the room.").is_empty());
    }

    #[test]
    fn an_adverbial_after_an_inverted_cue_still_ends_its_clause() {
        let (content, source, _) =
            one("The plant will close in May, Anna Berg said in an interview on Tuesday.");
        assert_eq!(content, "The plant will close in May");
        assert_eq!(source.as_deref(), Some("Anna Berg"));
    }

    #[test]
    fn a_closing_mark_between_the_comma_and_an_inverted_cue() {
        // Two apostrophes as quotation marks (as some archives write them): not the quote
        // engine's marks, so the statement is read here.
        let (content, source, cue) =
            one("''The plant will close in May,'' said Anna Berg, a union leader.");
        assert_eq!(content, "''The plant will close in May");
        assert_eq!(source.as_deref(), Some("Anna Berg"));
        assert_eq!(cue, "said");
    }

    #[test]
    fn according_to_before_or_after_the_content() {
        let (content, source, cue) = one("According to the report, prices rose by a third.");
        assert_eq!(content, "prices rose by a third");
        assert_eq!(source.as_deref(), Some("the report"));
        assert_eq!(cue, "According to");
        let (content, source, _) = one("Prices rose by a third, according to the report.");
        assert_eq!(content, "Prices rose by a third");
        assert_eq!(source.as_deref(), Some("the report"));
    }

    #[test]
    fn a_cue_inside_the_sentence_takes_the_whole_sentence() {
        let (content, source, _) =
            one("Since the shooting, Barden says, far too many lives were lost.");
        assert_eq!(
            content,
            "Since the shooting, Barden says, far too many lives were lost"
        );
        assert_eq!(source.as_deref(), Some("Barden"));
    }

    #[test]
    fn a_subject_with_its_apposition_is_the_source_not_a_clause_after_the_cue() {
        let (content, source, cue) = one("The mayor, Anna Kovacs, said the town would rebuild.");
        assert_eq!(content, "the town would rebuild");
        assert_eq!(source.as_deref(), Some("The mayor, Anna Kovacs"));
        assert_eq!(cue, "said");
    }

    #[test]
    fn the_content_ends_before_another_sources_closing_attribution() {
        let (content, source, _) = one(
            "Officials said the strike killed 12 people, a person familiar with the matter told reporters.",
        );
        assert_eq!(content, "the strike killed 12 people");
        assert_eq!(source.as_deref(), Some("Officials"));
        let (content, source, cue) =
            one("The border will stay closed, a senior diplomat told the AP.");
        assert_eq!(content, "The border will stay closed");
        assert_eq!(source.as_deref(), Some("a senior diplomat"));
        assert_eq!(cue, "told");
    }

    #[test]
    fn the_kind_of_a_source_is_that_of_its_head_noun() {
        let kind = |text: &str| {
            source_kind(
                &TextIndex::new(text),
                Span::new(0, text.chars().count()),
                &[],
            )
        };
        assert_eq!(kind("a report by the ministry"), SourceKind::Document);
        assert_eq!(kind("people familiar with the matter"), SourceKind::Unnamed);
        assert_eq!(kind("court filings"), SourceKind::Document);
        assert_eq!(kind("she"), SourceKind::Pronoun);
    }

    #[test]
    fn sources_resolve_through_the_entity_groups_and_pronouns_to_the_person_named_last() {
        let text = "Anna Kovacs spoke at noon. She said the town would rebuild.";
        let mentions = [EntityMention {
            span: Span::new(0, 11),
            kind: MentionKind::Person,
            entity: 0,
            date: None,
        }];
        let entities = [Entity {
            kind: MentionKind::Person,
            name: "Anna Kovacs".into(),
        }];
        let found = statements(&TextIndex::new(text), &[], &mentions, &entities);
        assert_eq!(found.len(), 1, "{found:?}");
        let source = found[0].source.as_ref().unwrap();
        assert_eq!(source.name, "Anna Kovacs");
        assert_eq!(words(text, source.mention), "She");
        assert_eq!(found[0].source_kind, Some(SourceKind::Person));
        // Nobody named: the source is its own words, flagged unnamed.
        let text = "Officials said the strike killed 12 people.";
        let found = statements(&TextIndex::new(text), &[], &[], &[]);
        assert_eq!(found[0].source.as_ref().unwrap().name, "Officials");
        assert_eq!(found[0].source_kind, Some(SourceKind::Unnamed));
    }

    #[test]
    fn a_passive_cue_names_no_source_and_a_joined_cue_takes_the_first_verbs_subject() {
        assert!(find_reported("Closer cooperation was highlighted during the meeting.").is_empty());
        assert!(find_reported("She was asked whether the plan would work.").is_empty());
        // A cue joined by "and" to an earlier verb: the source is that verb's subject, never
        // the words before "and".
        let (content, source, cue) =
            one("The alliance met and reaffirmed its engagements in the east.");
        assert_eq!(source.as_deref(), Some("The alliance"));
        assert_eq!(cue, "reaffirmed");
        assert_eq!(content, "its engagements in the east");
        // Progressive forms are not passive.
        let (_, source, cue) = one("The minister has been saying the plan would work.");
        assert_eq!(source.as_deref(), Some("The minister"));
        assert_eq!(cue, "saying");
    }

    #[test]
    fn a_one_word_aside_is_not_part_of_the_source() {
        let (_, source, _) =
            one("Rex Tillerson, however, told reporters that allies backed the plan.");
        assert_eq!(source.as_deref(), Some("Rex Tillerson"));
    }

    /// The shipped model keeps the clear cases of each kind of source (names come from entity
    /// mentions: given here as the entity engine would find them).
    #[test]
    fn the_learned_choice_keeps_clear_cases_of_every_kind_of_source() {
        type Case<'c> = (&'c str, &'c [(&'c str, MentionKind)], &'c str, SourceKind);
        let cases: [Case<'_>; 5] = [
            (
                "Officials said the strike killed 12 people.",
                &[],
                "the strike killed 12 people",
                SourceKind::Unnamed,
            ),
            (
                "A report by the ministry found that prices rose sharply last year.",
                &[],
                "prices rose sharply last year",
                SourceKind::Document,
            ),
            (
                "Anna Kovacs said the town would rebuild its school.",
                &[("Anna Kovacs", MentionKind::Person)],
                "the town would rebuild its school",
                SourceKind::Person,
            ),
            (
                "The Kremlin said the talks had failed for good.",
                &[("Kremlin", MentionKind::Organisation)],
                "the talks had failed for good",
                SourceKind::Organisation,
            ),
            (
                "She said the army had warned nobody in the town.",
                &[],
                "the army had warned nobody in the town",
                SourceKind::Pronoun,
            ),
        ];
        for (text, names, content, kind) in cases {
            let mentions: Vec<EntityMention> = names
                .iter()
                .enumerate()
                .map(|(entity, &(name, kind))| {
                    let start = text[..text.find(name).unwrap()].chars().count();
                    EntityMention {
                        span: Span::new(start, start + name.chars().count()),
                        kind,
                        entity,
                        date: None,
                    }
                })
                .collect();
            let entities: Vec<Entity> = names
                .iter()
                .map(|&(name, kind)| Entity {
                    kind,
                    name: name.into(),
                })
                .collect();
            let found = statements(&TextIndex::new(text), &[], &mentions, &entities);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(words(text, found[0].content), content, "{text}");
            assert_eq!(found[0].source_kind, Some(kind), "{text}");
        }
    }

    #[test]
    fn nouns_and_names_that_look_like_cues_are_not_cues() {
        assert!(find_reported("The Secretary of State visited the region on Monday.").is_empty());
        assert!(find_reported("His call went unanswered for most of the week.").is_empty());
    }

    #[test]
    fn a_phrase_after_the_cue_is_not_the_content() {
        // The rules read the phrase after a preposition as a possible content ("calls for the
        // troops to leave"); the learned choice leaves a place and time out.
        let text = "He said at a rally in Ohio last month.";
        assert!(
            statements(&TextIndex::new(text), &[], &[], &[]).is_empty(),
            "{:?}",
            readings(text)
        );
        let text = "The senator called for the troops to leave the country.";
        let kept = statements(&TextIndex::new(text), &[], &[], &[]);
        assert_eq!(
            kept.iter()
                .map(|s| words(text, s.content))
                .collect::<Vec<_>>(),
            ["the troops to leave the country"]
        );
        let (content, _, _) = one("She said on Tuesday that the plant would stay open.");
        assert_eq!(content, "the plant would stay open");
    }

    #[test]
    fn a_relative_clause_takes_the_phrase_it_hangs_on() {
        let (content, source, _) =
            one("It was the mayor, who said the bridge would reopen in May.");
        assert_eq!(content, "the bridge would reopen in May");
        assert!(source.is_some_and(|s| s.ends_with("the mayor")));
        let (content, _, _) = one("Officials said Tuesday the strike killed 12 people.");
        assert_eq!(content, "the strike killed 12 people");
    }

    #[test]
    fn the_subject_starts_after_a_clause_opener() {
        let (_, source, _) = one("The crowd cheered when he said the war was over.");
        assert_eq!(source.as_deref(), Some("he"));
    }

    #[test]
    fn sources_are_named_people_organisations_documents_pronouns_or_unnamed() {
        let text = "Jens Stoltenberg, NATO, a report, she, two people familiar with the talks";
        let mention = |words: &str, kind| EntityMention {
            span: char_span(text, words),
            kind,
            entity: 0,
            date: None,
        };
        let mentions = [
            mention("Jens Stoltenberg", MentionKind::Person),
            mention("NATO", MentionKind::Organisation),
        ];
        let kind =
            |words: &str| source_kind(&TextIndex::new(text), char_span(text, words), &mentions);
        assert_eq!(kind("Jens Stoltenberg"), SourceKind::Person);
        assert_eq!(kind("NATO"), SourceKind::Organisation);
        assert_eq!(kind("a report"), SourceKind::Document);
        assert_eq!(kind("she"), SourceKind::Pronoun);
        assert_eq!(
            kind("two people familiar with the talks"),
            SourceKind::Unnamed
        );
    }

    fn char_span(text: &str, words: &str) -> Span {
        let byte = text.find(words).expect("the words are in the text");
        let start = text[..byte].chars().count();
        Span::new(start, start + words.chars().count())
    }

    #[test]
    fn a_sentence_without_a_cue_or_content_gives_nothing() {
        assert!(find_reported("The strike killed 12 people.").is_empty());
        assert!(find_reported("He said.").is_empty());
        assert!(find_reported("").is_empty());
    }

    #[test]
    fn offsets_count_code_points() {
        let text = "Ça va. Zoë Ångström said the café would reopen soon.";
        let (content, source, _) = one(text);
        assert_eq!(content, "the café would reopen soon");
        assert_eq!(source.as_deref(), Some("Zoë Ångström"));
    }
}
