//! The quote engine: every direct quotation in double quotes (straight or curly), whether it is
//! someone's words (`quote`) or a title or scare quote (`term`), and who said it — the mention
//! the attribution rests on (`Tillerson`, `NATO chief`, `he`, `the ministers`) and the name that
//! mention resolves to (`Rex Tillerson`, `Jens Stoltenberg`, …).
//!
//! How it works, per paragraph:
//! 1. pair the quote marks (a straight mark's direction comes from its neighbours; a paragraph
//!    that ends inside a quote leaves it open, so one stray mark cannot derail the rest);
//! 2. attribute each quotation from the words around it: `"…," X said`, `"…," said X`,
//!    `X said: "…"`, `X said that "…"`, `according to X, "…"`, `X told reporters "…"`,
//!    `X replied, saying "…"`, a fragment inside a reported clause, a quote that continues the
//!    previous speaker's words;
//! 3. resolve the speaker mention to a name through the entity groups (pronouns to the nearest
//!    person before, roles such as `NATO chief` to the person who holds that title earlier);
//! 4. keep apart, as terms, quoted words nobody is quoted as saying.

mod lexicon;

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::tokens::{tokenize, Token};
use super::{Entity, EntityMention, MentionKind};
use crate::domain::text::{Span, TextIndex};
use lexicon::*;

/// Whether quoted words are someone's words or a title, name or scare quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    Quote,
    Term,
}

/// Who a quote is attributed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// The words the attribution rests on (`NATO chief`, `he`, `Tillerson`).
    pub mention: Span,
    /// The name the mention resolves to, or the mention itself when no name is found.
    pub name: String,
    /// The entity group of that name, when it is one.
    pub entity: Option<usize>,
}

/// A quotation found in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the marks.
    pub span: Span,
    /// The quoted words with their marks (an open quote ends with its paragraph).
    pub outer: Span,
    pub kind: QuoteKind,
    /// Whether a closing mark ends it in its paragraph.
    pub closed: bool,
    pub speaker: Option<Speaker>,
    /// The reporting verb the attribution rests on (`said`, `according to`).
    pub cue: Option<Span>,
}

/// A pair of quote marks (or an opening mark its paragraph leaves open), by token index.
#[derive(Clone, Debug)]
struct Region {
    open: usize,
    close: Option<usize>,
    /// The token after the region: after its closing mark; for a quotation never closed, the
    /// next opening mark in its paragraph or the paragraph's end. Regions never overlap, so
    /// however many marks are left open, every pass over the regions is linear.
    end: usize,
    paragraph: usize,
}

/// How an attribution was found; the direct patterns are trusted more than inheritance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Evidence {
    /// A reporting verb right before or after the quote.
    Direct,
    /// A reporting verb earlier in the same sentence (a fragment in a reported clause).
    Clause,
    /// Another quote's speaker in the same paragraph, or the previous paragraph's.
    Inherited,
}

#[derive(Clone, Debug)]
struct Attribution {
    speaker: Range<usize>,
    cue: Option<Range<usize>>,
    evidence: Evidence,
}

/// The text as tokens with what the engine needs to know about each.
struct Document<'a> {
    tokens: Vec<Token<'a>>,
    spans: Vec<Span>,
    lower: Vec<String>,
    paragraph_of: Vec<usize>,
    paragraphs: Vec<Range<usize>>,
    /// Whether a token is a quote mark or inside a quotation.
    quoted: Vec<bool>,
    /// Whether a sentence ends after each token (filled once quotations are known).
    ends_sentence: Vec<bool>,
    /// Whether each token is part of a person's name (from the entity engine).
    person: Vec<bool>,
    text: &'a str,
}

/// How many quotes around an unattributed one are looked at for its speaker.
const NEARBY_QUOTES: usize = 12;

/// The longest stretch of tokens treated as one sentence.
const MAX_SENTENCE_TOKENS: usize = 120;

fn is_quote_mark(token: &str) -> bool {
    matches!(token, "\"" | "“" | "”" | "„" | "«" | "»" | "‟")
}

fn is_sentence_end(token: &str) -> bool {
    matches!(token, "." | "?" | "!" | "...")
}

fn is_word(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_alphanumeric)
}

impl<'a> Document<'a> {
    fn new(text: &'a str) -> Self {
        let index = TextIndex::new(text);
        let tokens = tokenize(text);
        let spans = tokens
            .iter()
            .map(|t| index.span_of_bytes(t.bytes.clone()))
            .collect();
        let lower = tokens.iter().map(|t| t.text.to_lowercase()).collect();
        let mut paragraph_of = Vec::with_capacity(tokens.len());
        let mut paragraphs: Vec<Range<usize>> = Vec::new();
        let mut paragraph = 0;
        let mut start = 0;
        for (i, token) in tokens.iter().enumerate() {
            if i > 0 && text[tokens[i - 1].bytes.end..token.bytes.start].contains('\n') {
                paragraphs.push(start..i);
                paragraph += 1;
                start = i;
            }
            paragraph_of.push(paragraph);
        }
        paragraphs.push(start..tokens.len());
        let quoted = vec![false; tokens.len()];
        let ends_sentence = vec![false; tokens.len()];
        let person_flags = vec![false; tokens.len()];
        Document {
            tokens,
            spans,
            lower,
            paragraph_of,
            paragraphs,
            quoted,
            ends_sentence,
            person: person_flags,
            text,
        }
    }

    /// The token that holds a code-point position.
    fn token_at(&self, position: usize) -> Option<usize> {
        let i = self.spans.partition_point(|span| span.end <= position);
        (i < self.spans.len() && self.spans[i].start <= position).then_some(i)
    }

    fn word(&self, i: usize) -> &str {
        self.tokens[i].text
    }

    fn char_before(&self, i: usize) -> Option<char> {
        self.text[..self.tokens[i].bytes.start].chars().next_back()
    }

    fn char_after(&self, i: usize) -> Option<char> {
        self.text[self.tokens[i].bytes.end..].chars().next()
    }

    fn span_of(&self, tokens: &Range<usize>) -> Span {
        Span::new(
            self.spans[tokens.start].start,
            self.spans[tokens.end - 1].end,
        )
    }

    /// Marks where sentences end: a full stop, question or exclamation mark outside quotations
    /// that is not followed by a bracket, comma or lowercase word; or a closing quote mark right
    /// after such punctuation and before a capitalised word (`… quo.” She went on`).
    fn find_sentence_ends(&mut self) {
        for i in 0..self.tokens.len() {
            let next = self.tokens.get(i + 1).map(|t| t.text);
            let next_starts_sentence = next.is_none_or(|w| {
                !matches!(w, ")" | "," | ";") && !w.starts_with(char::is_lowercase)
            });
            let word = self.word(i);
            self.ends_sentence[i] = if is_sentence_end(word) {
                !self.quoted[i] && next_starts_sentence
            } else {
                is_quote_mark(word)
                    && i > 0
                    && is_sentence_end(self.word(i - 1))
                    && next.is_some_and(|w| w.starts_with(char::is_uppercase))
                    && self.tokens.get(i + 1).is_some_and(|_| !self.quoted[i + 1])
            };
        }
    }

    /// The first token of the sentence holding token `i` (a "sentence" without end is cut at
    /// [`MAX_SENTENCE_TOKENS`], so text without full stops costs linear time).
    fn sentence_start(&self, i: usize) -> usize {
        let floor = self.paragraphs[self.paragraph_of[i]]
            .start
            .max(i.saturating_sub(MAX_SENTENCE_TOKENS));
        let mut j = i;
        while j > floor && !self.ends_sentence[j - 1] {
            j -= 1;
        }
        j
    }

    /// The token after the sentence holding token `i` (within [`MAX_SENTENCE_TOKENS`]).
    fn sentence_end(&self, i: usize) -> usize {
        let ceiling = self.paragraphs[self.paragraph_of[i]]
            .end
            .min(i + MAX_SENTENCE_TOKENS);
        (i..ceiling)
            .find(|&j| self.ends_sentence[j])
            .map_or(ceiling, |j| j + 1)
    }
}

/// Whether a straight quote mark opens (true) or closes (false) a quotation, from its
/// neighbours; `None` when they do not tell.
fn straight_mark_opens(before: Option<char>, after: Option<char>) -> Option<bool> {
    let space_or_none = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let opener_before = before.is_none_or(|c| c.is_whitespace() || "([{—–-/:".contains(c));
    let closer_after = after.is_none_or(|c| c.is_whitespace() || ".,;:!?)]}—–-".contains(c));
    match (
        opener_before && !space_or_none(after),
        closer_after && !space_or_none(before),
    ) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// Pairs the quote marks of every paragraph.
fn find_regions(document: &mut Document<'_>) -> Vec<Region> {
    let mut regions = Vec::new();
    for (paragraph, range) in document.paragraphs.clone().into_iter().enumerate() {
        let mut open: Option<usize> = None;
        for i in range.clone() {
            let mark = document.word(i);
            if !is_quote_mark(mark) {
                continue;
            }
            // German quotes open low and close with the English opening mark: „…“.
            let german_close = mark == "“" && open.is_some_and(|start| document.word(start) == "„");
            // A left mark typed where a right one belongs: "… a fascist?“ he asked."
            let misplaced_close = mark == "“"
                && open.is_some()
                && straight_mark_opens(document.char_before(i), document.char_after(i))
                    == Some(false);
            let opens = match mark {
                _ if german_close || misplaced_close => Some(false),
                "“" | "„" | "«" => Some(true),
                "”" | "»" => Some(false),
                _ => straight_mark_opens(document.char_before(i), document.char_after(i)),
            };
            match (open, opens) {
                (None, Some(true) | None) => open = Some(i),
                (Some(start), Some(false) | None) => {
                    regions.push(Region {
                        open: start,
                        close: Some(i),
                        end: i + 1,
                        paragraph,
                    });
                    open = None;
                }
                // An opening mark inside an open quotation: the first was never closed, and
                // runs up to this one.
                (Some(start), Some(true)) => {
                    if i > start + 1 {
                        regions.push(Region {
                            open: start,
                            close: None,
                            end: i,
                            paragraph,
                        });
                    }
                    open = Some(i);
                }
                // A closing mark with nothing open is a stray mark: ignored.
                (None, Some(false)) => {}
            }
        }
        if let Some(start) = open {
            if start + 1 < range.end {
                regions.push(Region {
                    open: start,
                    close: None,
                    end: range.end,
                    paragraph,
                });
            }
        }
    }
    for region in &regions {
        for flag in &mut document.quoted[region.open..region.end] {
            *flag = true;
        }
    }
    document.find_sentence_ends();
    regions
}

impl Region {
    fn content(&self) -> Range<usize> {
        self.open + 1..self.close.unwrap_or(self.end)
    }

    fn after(&self) -> usize {
        self.end
    }
}

/// Whether a token can be part of a speaker's noun phrase at all (a hyphen with spaces around
/// it is a dash, not part of a name).
fn is_phrase_word(document: &Document<'_>, i: usize) -> bool {
    let word = document.word(i);
    let lower = document.lower[i].as_str();
    let spaced_dash = word == "-"
        && document.char_before(i).is_some_and(char::is_whitespace)
        && document.char_after(i).is_some_and(char::is_whitespace);
    (is_word(word) || matches!(word, "'s" | "’s" | "&") || word == "-" && !spaced_dash)
        && !document.quoted[i]
        && !PHRASE_BREAKERS.contains(&lower)
}

/// Whether the word before token `i` makes it a noun ("the report", "Ginsburg's comments").
fn follows_determiner(document: &Document<'_>, i: usize) -> bool {
    i > 0
        && (DETERMINERS.contains(&document.lower[i - 1].as_str())
            || matches!(document.word(i - 1), "'s" | "’s"))
}

fn is_capitalised(document: &Document<'_>, i: usize) -> bool {
    document
        .word(i)
        .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
}

/// The token before a parenthesis that ends at `end - 1` ("Gwen Moore (D-Wis.) said").
fn skip_parenthesis_back(document: &Document<'_>, end: usize, floor: usize) -> usize {
    if end > floor && document.word(end - 1) == ")" {
        let limit = end.saturating_sub(10).max(floor);
        if let Some(open) = (limit..end - 1).rev().find(|&j| document.word(j) == "(") {
            return open;
        }
    }
    end
}

/// The noun phrase whose last word is just before `end`: a pronoun alone; a run of capitalised
/// words (with `of`, `'s`, titles); or a common noun with its modifiers back to its determiner.
fn phrase_ending_at(document: &Document<'_>, end: usize, floor: usize) -> Option<Range<usize>> {
    let end = skip_parenthesis_back(document, end, floor);
    if end <= floor || !is_phrase_word(document, end - 1) {
        return None;
    }
    let head = end - 1;
    let lower = document.lower[head].as_str();
    if is_speaker_pronoun(lower) {
        return Some(head..end);
    }
    if !is_capitalised(document, head)
        && (is_verb_like(lower) || is_participle_form(lower))
        && !follows_determiner(document, head)
    {
        return None;
    }
    let mut start = head;
    while start > floor && end - start < 8 {
        let previous = start - 1;
        if !is_phrase_word(document, previous) && document.word(previous) != "," {
            break;
        }
        let word = document.lower[previous].as_str();
        if document.word(previous) == "," {
            break;
        }
        if DETERMINERS.contains(&word) {
            start = previous;
            break;
        }
        // "I hope in 2017 America says": a year before a name is no part of it.
        if is_capitalised(document, start)
            && word.len() == 4
            && word.chars().all(|c| c.is_ascii_digit())
        {
            break;
        }
        // "giving states …", "calling it …": a participle starts a clause, not a name.
        if is_speaker_pronoun(word)
            || (!is_capitalised(document, previous)
                && (is_verb_like(word) || is_participle_form(word))
                && !follows_determiner(document, previous))
        {
            break;
        }
        start = previous;
    }
    // "the rally Donald Trump", "the party convention Sen. Warren": a determiner and common
    // nouns that hold no role are no part of the name after them.
    if let Some(first_person) = (start..end).find(|&j| document.person[j]) {
        let mut name_start = first_person;
        while name_start > start && is_capitalised(document, name_start - 1) {
            name_start -= 1;
        }
        let lead = start..name_start;
        let names_no_role = lead.clone().all(|j| {
            !is_capitalised(document, j) && !ROLE_NOUNS.contains(&document.lower[j].as_str())
        });
        if !lead.is_empty()
            && DETERMINERS.contains(&document.lower[start].as_str())
            && names_no_role
        {
            start = name_start;
        }
    }
    trim_phrase(document, start..end)
}

/// The noun phrase starting at token `start` (no further than `ceiling`).
fn phrase_starting_at(
    document: &Document<'_>,
    start: usize,
    ceiling: usize,
) -> Option<Range<usize>> {
    if start >= ceiling || !is_phrase_word(document, start) {
        return None;
    }
    if is_speaker_pronoun(&document.lower[start]) {
        return Some(start..start + 1);
    }
    let mut end = start;
    let mut seen_noun = false;
    while end < ceiling && end - start < 9 {
        let word = document.lower[end].as_str();
        let capital = is_capitalised(document, end);
        if document.word(end) == "(" {
            // A parenthesis inside a name: "Rep. Gwen Moore (D-Wis.)".
            match (end..ceiling.min(end + 8)).find(|&j| document.word(j) == ")") {
                Some(close) if seen_noun => {
                    end = close + 1;
                    continue;
                }
                _ => break,
            }
        }
        if !is_phrase_word(document, end) {
            break;
        }
        // "said undecided Republican voter Stephanie Hooton", "said retired general …": a word
        // in -ed that opens the phrase or stands before a capital is an adjective.
        let adjective = word.ends_with("ed")
            && !is_reporting_verb(word)
            && !COMMON_VERBS.contains(&word)
            && end + 1 < ceiling
            && is_phrase_word(document, end + 1)
            && (is_capitalised(document, end + 1)
                || (end == start
                    && !DETERMINERS.contains(&document.lower[end + 1].as_str())
                    && !is_verb_like(&document.lower[end + 1])));
        // "President Obama passionately rebuked …": an adverb ends the name.
        let adverb = !capital && end > start && is_ly_adverb(word);
        // "The ad targets a …": a word in -s right before a determiner is a verb.
        let present_verb = !capital
            && seen_noun
            && word.len() > 3
            && word.ends_with('s')
            && !word.ends_with("ss")
            && end + 1 < ceiling
            && DETERMINERS.contains(&document.lower[end + 1].as_str());
        if !capital && !adjective && (is_verb_like(word) || is_speaker_pronoun(word))
            || adverb
            || present_verb
        {
            break;
        }
        seen_noun |= !DETERMINERS.contains(&word);
        end += 1;
    }
    trim_phrase(document, start..end)
}

/// Drops a phrase that is only determiners or possessive marks, and a trailing "of".
fn trim_phrase(document: &Document<'_>, mut range: Range<usize>) -> Option<Range<usize>> {
    while range.end > range.start
        && matches!(document.lower[range.end - 1].as_str(), "of" | "-" | "&")
    {
        range.end -= 1;
    }
    // "read one", "Another said": a pronoun-like determiner alone stands for someone.
    let lone_pronoun = range.len() == 1 && is_pronoun_determiner(&document.lower[range.start]);
    let meaningful = lone_pronoun
        || range.clone().any(|i| {
            !DETERMINERS.contains(&document.lower[i].as_str())
                && !matches!(document.word(i), "'s" | "’s")
        });
    (meaningful && !range.is_empty()).then_some(range)
}

/// Walks back from a reporting verb over adverbs and auxiliaries to its subject.
fn subject_before(document: &Document<'_>, verb: usize, floor: usize) -> Option<Range<usize>> {
    let mut end = verb;
    let mut skipped = 0;
    while end > floor && skipped < 3 && is_verb_modifier(document, end - 1) {
        end -= 1;
        skipped += 1;
    }
    // "The State Department less than two weeks ago said": a time before the verb.
    if end > floor + 1 && document.lower[end - 1] == "ago" {
        let mut start = end - 1;
        while start > floor && end - start < 7 && is_quantity_word(&document.lower[start - 1]) {
            start -= 1;
        }
        if start < end - 1 {
            end = start;
        }
    }
    // "he laughed and said": the subject of both verbs.
    if end > floor + 2
        && document.lower[end - 1] == "and"
        && !is_capitalised(document, end - 2)
        && is_verb_like(&document.lower[end - 2])
    {
        end -= 2;
        while end > floor && skipped < 3 && is_verb_modifier(document, end - 1) {
            end -= 1;
            skipped += 1;
        }
    }
    // "Trump bemoaned the unrest in Charlotte and said": the subject of the verb the "and"
    // joins this one to.
    if end > floor + 2 && document.lower[end - 1] == "and" && !is_capitalised(document, end - 2) {
        // (A finite verb: not "would triumph", "to give".)
        let earlier = (end.saturating_sub(16).max(floor + 1)..end - 1)
            .rev()
            .find(|&j| {
                !document.quoted[j]
                    && !is_capitalised(document, j)
                    && is_verb_like(&document.lower[j])
                    && !is_auxiliary(&document.lower[j])
                    && !is_auxiliary(&document.lower[j - 1])
                    && document.lower[j - 1] != "to"
            });
        let named = earlier
            .and_then(|j| subject_before(document, j, floor))
            .filter(|s| is_person_like(document, s) || is_capitalised(document, s.start));
        if let Some(subject) = named {
            return Some(subject);
        }
    }
    // "Mike Pence, who called their son “an American hero”": the relative pronoun is the
    // mention (it resolves to the person before it).
    // Only after a comma or a name: "anybody who complains" is not the report's subject.
    if end > floor + 1
        && matches!(document.lower[end - 1].as_str(), "who" | "which")
        && !document.quoted[end - 1]
        && follows_a_name(document, end - 1)
    {
        return Some(end - 1..end);
    }
    if let Some(phrase) = phrase_ending_at(document, end, floor) {
        // "Protesters marching through the streets chanted": the phrase before a participle
        // and its preposition.
        let start = phrase.start;
        if start >= floor + 3
            && is_preposition(&document.lower[start - 1])
            && is_participle_form(&document.lower[start - 2])
        {
            if let Some(subject) = phrase_ending_at(document, start - 2, floor) {
                return Some(subject);
            }
        }
        return Some(phrase);
    }
    // "Another said …", "Others say …": a pronoun-like determiner alone.
    if end > floor && !document.quoted[end - 1] && is_pronoun_determiner(&document.lower[end - 1]) {
        return Some(end - 1..end);
    }
    // "Rex Tillerson, the U.S. secretary of state, said": skip one appositive between commas.
    if end > floor && document.word(end - 1) == "," {
        let limit = end.saturating_sub(26).max(floor);
        let mut j = end - 1;
        while j > limit {
            j -= 1;
            if document.word(j) == "," {
                return phrase_ending_at(document, j, floor);
            }
            if document.quoted[j] || document.ends_sentence[j] {
                break;
            }
        }
    }
    None
}

/// Whether the relative pronoun at `i` follows a comma or a name ("Beck, who", "Pence who"), so
/// that it stands for someone named rather than picking people out ("anybody who").
fn follows_a_name(document: &Document<'_>, i: usize) -> bool {
    document.word(i - 1) == "," || is_capitalised(document, i - 1)
}

/// Words of a span of time ("less than two weeks", "a few days", "three years").
fn is_quantity_word(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
        || matches!(
            word,
            "a" | "an"
                | "few"
                | "several"
                | "less"
                | "more"
                | "than"
                | "about"
                | "nearly"
                | "just"
                | "one"
                | "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "day"
                | "days"
                | "week"
                | "weeks"
                | "month"
                | "months"
                | "year"
                | "years"
                | "hours"
                | "minutes"
        )
}

/// Adverbs and auxiliaries between a subject and its verb ("has repeatedly", "cynically").
fn is_verb_modifier(document: &Document<'_>, i: usize) -> bool {
    let word = document.lower[i].as_str();
    VERB_MODIFIERS.contains(&word) || (!is_capitalised(document, i) && is_ly_adverb(word))
}

/// A word in -ing long enough to be a participle ("saying", "giving"; not "king").
fn is_participle_form(word: &str) -> bool {
    word.len() > 4 && word.ends_with("ing")
}

/// A word in -ly that is an adverb ("repeatedly", "passionately"; not "family" or "rally").
fn is_ly_adverb(word: &str) -> bool {
    word.len() > 4
        && word.ends_with("ly")
        && !matches!(
            word,
            "family" | "ally" | "rally" | "daily" | "supply" | "assembly"
        )
}

/// Determiners that stand for people on their own ("Another said", "read one").
fn is_pronoun_determiner(word: &str) -> bool {
    matches!(
        word,
        "one" | "another" | "others" | "some" | "many" | "both" | "most" | "several"
    )
}

/// Whether token `i` is a reporting verb here (not a noun after a determiner: "their report").
fn is_cue(document: &Document<'_>, i: usize) -> bool {
    let word = document.lower[i].as_str();
    // "went on", "pointed out": two words that report.
    let next = document.lower.get(i + 1).map(String::as_str);
    if !document.quoted[i]
        && matches!(
            (word, next),
            ("went" | "goes", Some("on"))
                | ("pointed" | "points", Some("out" | "to"))
                | ("put" | "puts", Some("it"))
                | ("referred" | "refers" | "referring", Some("to"))
                | ("talked" | "talks", Some("about"))
                | (
                    "shot" | "shoots" | "fired" | "fires" | "hit" | "hits",
                    Some("back")
                )
        )
    {
        return true;
    }
    // ("Tweeted" is often written with a capital.)
    let styled = matches!(word, "tweeted" | "tweets" | "tweeting");
    if document.quoted[i]
        || !is_reporting_verb(word)
        || is_capitalised(document, i) && i > 0 && !is_sentence_start(document, i) && !styled
    {
        return false;
    }
    // "32% of Republican claims", "one of his statements": a noun after "of".
    let after_of = (i >= 1 && document.lower[i - 1] == "of")
        || (i >= 2 && document.lower[i - 2] == "of" && !is_verb_like(&document.lower[i - 1]));
    if after_of && !word.ends_with("ing") {
        return false;
    }
    // "their report", "Ginsburg's comments": a noun, not a verb.
    let previous = if i > 0 {
        document.lower[i - 1].as_str()
    } else {
        ""
    };
    // (After "some" or "that" a verb in the past is a verb: "Some chanted …"; after "his" or
    // "the" it is an adjective: "his believed strength".)
    let past = word.len() > 4
        && word.ends_with("ed")
        && !matches!(
            previous,
            "his" | "her" | "their" | "its" | "our" | "my" | "your" | "the" | "a" | "an"
        );
    !((DETERMINERS.contains(&previous) && !past)
        || matches!(previous, "'s" | "’s")
        || is_noun_after_modifiers(document, i))
}

/// "a Twitter comment", "a fundraising call", "the weekly address": a cue word that can only be
/// a noun here — a singular form (a verb would need its `-s`) after an article and modifiers.
fn is_noun_after_modifiers(document: &Document<'_>, i: usize) -> bool {
    let word = document.lower[i].as_str();
    if !NOUN_LIKE_CUES.contains(&word) || word.ends_with('s') || word.ends_with("ed") {
        return false;
    }
    let floor = i.saturating_sub(3);
    let mut j = i;
    while j > floor {
        j -= 1;
        let modifier = document.lower[j].as_str();
        if matches!(modifier, "a" | "an") {
            return true;
        }
        if DETERMINERS.contains(&modifier) || matches!(modifier, "'s" | "’s") {
            // After "the", "his": only lowercase singular modifiers ("the Democrats call" is a verb).
            return (j + 1..i)
                .all(|k| !is_capitalised(document, k) && !document.lower[k].ends_with('s'));
        }
        if !is_phrase_word(document, j) || is_verb_like(modifier) || is_speaker_pronoun(modifier) {
            return false;
        }
    }
    false
}

fn is_sentence_start(document: &Document<'_>, i: usize) -> bool {
    i == 0
        || document.paragraph_of[i - 1] != document.paragraph_of[i]
        || document.ends_sentence[i - 1]
}

/// A transcript line: the quote opens with its speaker's label ("WALLACE: …", "Mr. Smith: …").
fn transcript_label(document: &Document<'_>, region: &Region) -> Option<Attribution> {
    let content = region.content();
    let colon = content.clone().take(5).find(|&i| document.word(i) == ":")?;
    let label = content.start..colon;
    let is_label = !label.is_empty()
        && label
            .clone()
            .all(|i| is_capitalised(document, i) || document.word(i) == ".")
        && label.clone().any(|i| {
            document
                .word(i)
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
        });
    is_label.then_some(Attribution {
        speaker: label,
        cue: None,
        evidence: Evidence::Direct,
    })
}

/// `"…," X said`, `"…," said X`, `"…" ― X`: the attribution right after the quotation, with
/// nothing but the speaker's words (and an appositive) between.
fn attribution_after(document: &Document<'_>, region: &Region) -> Option<Attribution> {
    let start = region.after();
    let paragraph_end = document.paragraphs[region.paragraph].end;
    let mut first = start;
    while first < paragraph_end && is_dash_or_comma(document.word(first)) {
        first += 1;
    }
    if first >= paragraph_end {
        return None;
    }
    let dashed = (start..first).any(|i| document.word(i) != ",");
    // "hailed the vote as “fantastic,” telling reporters …": a participle after the quote
    // continues the sentence before it, whose subject speaks.
    if !is_capitalised(document, first) && is_participle_form(&document.lower[first]) {
        return None;
    }
    // "said X", "added Rep. Jim Clyburn (D-S.C.)": after a quotation closed by a comma, question
    // or exclamation mark (not "the “disheartened” state of the campaign", "“…” Asked whether").
    // A verb that takes an object is inverted only after a quotation opening its sentence
    // ("“Why?” asked Trump", not "Roffman, who estimates …, described the impact").
    let content = region.content();
    let opens_sentence = region.open == document.sentence_start(region.open);
    let last = if content.is_empty() {
        ","
    } else {
        document.word(content.end - 1)
    };
    let inverted = last != "." && (opens_sentence || start < first || !is_word(last));
    if is_cue(document, first)
        && inverted
        && (opens_sentence || !takes_object(&document.lower[first]))
    {
        let speaker = phrase_starting_at(document, first + 1, paragraph_end)?;
        return Some(Attribution {
            speaker,
            cue: Some(first..first + 1),
            evidence: Evidence::Direct,
        });
    }
    // A quotation that ends its sentence is rarely attributed by the next one — unless that
    // sentence is nothing but the attribution ("“… missing.” Trump said.").
    if !content.is_empty() && matches!(document.word(content.end - 1), ".") && !dashed {
        let sentence_end = document.sentence_end(first).min(paragraph_end);
        let cue = (first + 1..sentence_end).find(|&i| is_cue(document, i))?;
        let speaker = subject_before(document, cue, first).filter(|s| s.start == first)?;
        let bare = sentence_end <= cue + 3
            && (cue + 1..sentence_end)
                .all(|i| !is_phrase_word(document, i) || is_time_word(&document.lower[i]));
        return bare.then_some(Attribution {
            speaker,
            cue: Some(cue..cue + 1),
            evidence: Evidence::Direct,
        });
    }
    // "X said", "Tulsa police Chief Chuck Jordan said", "Rex Tillerson, the secretary of state,
    // said": only the speaker's words, an appositive or a parenthesis before the verb. A quoted
    // fragment that runs on into its sentence ("said “it gets me mad” every time he thinks")
    // is not attributed by what follows it.
    let punctuated = content.is_empty()
        || matches!(
            document.word(content.end - 1),
            "," | "?" | "!" | "." | "…" | "-" | "—" | "―"
        )
        || start < first;
    let limit = if punctuated {
        (first + 18).min(paragraph_end)
    } else {
        first
    };
    let mut commas = 0;
    let mut in_parenthesis = false;
    let mut i = first;
    while i < limit {
        let word = document.word(i);
        // "Sen. Chuck Schumer (D-N.Y.) said": anything inside a parenthesis.
        if in_parenthesis || word == "(" {
            in_parenthesis = word != ")";
            i += 1;
            continue;
        }
        if is_cue(document, i) && i > first {
            let speaker = subject_before(document, i, first)?;
            return Some(Attribution {
                speaker,
                cue: Some(i..i + 1),
                evidence: Evidence::Direct,
            });
        }
        let allowed = match word {
            "," => {
                commas += 1;
                commas <= 2
            }
            "(" | ")" | "." if i > first => true,
            // Inside an appositive ("Seth McKee, a political scientist at Texas Tech, told"),
            // any word of the sentence.
            _ if commas == 1 && !document.quoted[i] && !document.ends_sentence[i] => true,
            _ => {
                is_phrase_word(document, i)
                    || VERB_MODIFIERS.contains(&document.lower[i].as_str())
                    || document.lower[i].ends_with("ly")
            }
        };
        // A full stop inside a name or its state ("Rep. Glenn Thompson, R-Pa., said").
        let inner_stop = word == "."
            && (document.word(i - 1).ends_with(')')
                || (i + 1 < paragraph_end && document.word(i + 1) == ",")
                || (i + 1 < paragraph_end && is_capitalised(document, i + 1) && commas == 1));
        if !allowed || (word == "." && !inner_stop) {
            break;
        }
        if commas != 1
            && !is_capitalised(document, i)
            && is_verb_like(&document.lower[i])
            && !VERB_MODIFIERS.contains(&document.lower[i].as_str())
        {
            break;
        }
        i += 1;
    }
    // "“…,” Oliver barked.", "“…,” an angry Hollande retaliated.": a quotation ending with a
    // comma, then someone and a verb in the past that closes the clause — a reporting verb the
    // lexicon does not list.
    let continues =
        !content.is_empty() && matches!(document.word(content.end - 1), "," | "?" | "!");
    if continues && !dashed {
        if let Some(phrase) = phrase_starting_at(document, first, paragraph_end) {
            let verb = phrase.end;
            let named = is_capitalised(document, phrase.start)
                || is_speaker_pronoun(&document.lower[phrase.start])
                || DETERMINERS.contains(&document.lower[phrase.start].as_str());
            let past = verb < paragraph_end
                && !is_capitalised(document, verb)
                && document.lower[verb].len() > 3
                && document.lower[verb].ends_with("ed");
            // "the number needed to …" is no report: after a common noun, only a verb that
            // ends the clause ("an aide retorted.").
            let role = ROLE_NOUNS.contains(&document.lower[phrase.end - 1].as_str());
            let closes = if is_capitalised(document, phrase.start)
                || is_speaker_pronoun(&document.lower[phrase.start])
                || role
            {
                closes_clause(document, verb + 1, paragraph_end)
            } else {
                verb + 1 >= paragraph_end || matches!(document.word(verb + 1), "." | "," | ";")
            };
            if named && past && closes {
                return Some(Attribution {
                    speaker: phrase,
                    cue: Some(verb..verb + 1),
                    evidence: Evidence::Direct,
                });
            }
        }
        // "“…,” remembered Roy Verley, HP's former spokesman.": the same, inverted.
        let past = !is_capitalised(document, first)
            && document.lower[first].len() > 3
            && document.lower[first].ends_with("ed");
        if past {
            if let Some(phrase) = phrase_starting_at(document, first + 1, paragraph_end) {
                if is_capitalised(document, phrase.start)
                    && closes_clause(document, phrase.end, paragraph_end)
                {
                    return Some(Attribution {
                        speaker: phrase,
                        cue: Some(first..first + 1),
                        evidence: Evidence::Direct,
                    });
                }
            }
        }
    }
    // "“…” ― Pamela Padilla": a dash and a name closing the paragraph or sentence.
    if dashed {
        let phrase = phrase_starting_at(document, first, paragraph_end)?;
        let after = phrase.end;
        let closes = after >= paragraph_end
            || matches!(document.word(after), "." | "," | "|")
            || is_quote_mark(document.word(after));
        if closes && is_capitalised(document, phrase.start) {
            return Some(Attribution {
                speaker: phrase,
                cue: None,
                evidence: Evidence::Direct,
            });
        }
    }
    None
}

/// "“I went to Wall Street before the crash.” ¶ - Clinton.": a quotation that fills its
/// paragraph, signed in the next paragraph by a dash and a name.
fn signature_below(document: &Document<'_>, region: &Region) -> Option<Attribution> {
    let paragraph = &document.paragraphs[region.paragraph];
    let next = document.paragraphs.get(region.paragraph + 1)?;
    let fills = region.open == paragraph.start
        && (region.after()..paragraph.end).all(|i| !is_word(document.word(i)));
    if !fills || next.len() < 2 || !is_dash(document.word(next.start)) {
        return None;
    }
    let name = phrase_starting_at(document, next.start + 1, next.end)?;
    let signed = is_capitalised(document, name.start)
        && (name.end..next.end).all(|i| matches!(document.word(i), "." | ","));
    signed.then_some(Attribution {
        speaker: name,
        cue: None,
        evidence: Evidence::Direct,
    })
}

/// Whether token `i` ends the clause of an attribution: punctuation, the paragraph's end, or a
/// preposition or day that starts an adverbial ("Toomey fumed on Tuesday").
fn closes_clause(document: &Document<'_>, i: usize, paragraph_end: usize) -> bool {
    i >= paragraph_end
        || matches!(document.word(i), "." | "," | ";" | "|")
        || is_quote_mark(document.word(i))
        || matches!(
            document.lower[i].as_str(),
            "on" | "in"
                | "at"
                | "during"
                | "after"
                | "before"
                | "from"
                | "to"
                | "about"
                | "while"
                | "when"
                | "as"
        )
        || is_time_word(&document.lower[i])
}

/// A dash or a hyphen standing for one ("- Clinton.", "Pollsters agree - Carl Bialik:").
fn is_dash(word: &str) -> bool {
    matches!(word, "-" | "–" | "—" | "--" | "―")
}

fn is_dash_or_comma(word: &str) -> bool {
    matches!(word, "," | "…") || is_dash(word)
}

/// `X said: "…"`, `X said that "…"`, `X told reporters "…"`, `X said in a statement, "…"`,
/// `according to X, "…"`, `X replied, saying "…"`, right before a quotation.
fn attribution_before(document: &Document<'_>, region: &Region) -> Option<Attribution> {
    let floor = document.paragraphs[region.paragraph].start;
    let end = region.open;
    let sentence_floor = document.sentence_start(end).max(floor);
    let window_start = end.saturating_sub(8).max(sentence_floor);
    // "Trump tweeting that it was a “disaster”": a report whose "that" clause holds the quote.
    if let Some(that) = (window_start..end)
        .rev()
        .find(|&j| document.lower[j] == "that" && !document.quoted[j])
    {
        let cue = (that.saturating_sub(3).max(sentence_floor)..that)
            .rev()
            .find(|&j| is_cue(document, j));
        // "Asked if he thought that …, Devine responded: “…”": a later report owns the quote.
        let later_report = (that + 1..end).any(|j| is_cue(document, j));
        if let Some(cue) = cue.filter(|_| !later_report) {
            if let Some(outer) = outer_report(document, sentence_floor, cue) {
                return Some(outer);
            }
            if let Some(speaker) = speaker_of_verb(document, cue, sentence_floor) {
                if let Some(person) =
                    person_reporting_before(document, sentence_floor, cue, &speaker)
                {
                    return Some(person);
                }
                return Some(Attribution {
                    speaker,
                    cue: Some(cue..cue + 1),
                    evidence: Evidence::Direct,
                });
            }
        }
    }
    // "Pollsters agree - Carl Bialik: “…”": a name between a dash and the colon.
    if end > sentence_floor + 2 && document.word(end - 1) == ":" {
        if let Some(name) = phrase_ending_at(document, end - 1, sentence_floor) {
            let after_dash = name.start > sentence_floor && is_dash(document.word(name.start - 1));
            if after_dash && name.clone().all(|j| is_capitalised(document, j)) {
                return Some(Attribution {
                    speaker: name,
                    cue: None,
                    evidence: Evidence::Direct,
                });
            }
        }
    }
    // "Iowa State University's Dianne Bystrom agreed. “…”": a quote that opens a sentence right
    // after a sentence ending with its report.
    // (Not when the quote's own sentence reports it: "“…” to drive up the price, she said".)
    let own_report = (region.after()..document.sentence_end(end)).any(|j| is_cue(document, j));
    if end == sentence_floor && end > floor + 2 && document.word(end - 1) == "." && !own_report {
        let previous_start = document.sentence_start(end - 1).max(floor);
        let mut verb = end - 1;
        while verb > previous_start + 1 && is_time_word(&document.lower[verb - 1]) {
            verb -= 1;
        }
        let verb = verb - 1;
        if verb > previous_start && is_cue(document, verb) && !document.quoted[verb] {
            if let Some(speaker) = subject_before(document, verb, previous_start) {
                return Some(Attribution {
                    speaker,
                    cue: Some(verb..verb + 1),
                    evidence: Evidence::Direct,
                });
            }
        }
    }
    let mut i = end;
    while i > window_start {
        i -= 1;
        if document.quoted[i] {
            break;
        }
        let lower = document.lower[i].as_str();
        if lower == "according" && document.lower.get(i + 1).is_some_and(|w| w == "to") {
            let speaker = phrase_starting_at(document, i + 2, end)?;
            return Some(Attribution {
                speaker,
                cue: Some(i..i + 2),
                evidence: Evidence::Direct,
            });
        }
        if is_cue(document, i) {
            // "Trump said that Romney begged him … and “…”": the outer report owns a fragment.
            if let Some(outer) = outer_report(document, sentence_floor, i) {
                return Some(outer);
            }
            let speaker = speaker_of_verb(document, i, sentence_floor)?;
            // "Lynch said she recalled thinking, “…”": the named reporter of the outer report.
            let pronoun = speaker.len() == 1
                && matches!(document.lower[speaker.start].as_str(), "he" | "she")
                && speaker.start > sentence_floor + 1
                && is_cue(document, speaker.start - 1);
            if pronoun {
                let outer = speaker.start - 1;
                if let Some(named) = speaker_of_verb(document, outer, sentence_floor)
                    .filter(|named| is_capitalised(document, named.start))
                {
                    return Some(Attribution {
                        speaker: named,
                        cue: Some(outer..outer + 1),
                        evidence: Evidence::Direct,
                    });
                }
            }
            if let Some(person) = person_reporting_before(document, sentence_floor, i, &speaker) {
                return Some(person);
            }
            return Some(Attribution {
                speaker,
                cue: Some(i..i + 1),
                evidence: Evidence::Direct,
            });
        }
        // A verb of another kind between the cue and the quote breaks the link.
        if !is_capitalised(document, i) && is_verb_like(lower) {
            return None;
        }
    }
    None
}

/// "Paul Ryan said the recent spate of shootings and protests demands that all Americans engage
/// in “more listening”": when the verb nearest the quote has a thing for its subject, a person
/// reporting earlier in the sentence speaks.
fn person_reporting_before(
    document: &Document<'_>,
    floor: usize,
    inner: usize,
    speaker: &Range<usize>,
) -> Option<Attribution> {
    let people = is_people_noun(&document.lower[speaker.end - 1]);
    let thing = !people
        && !is_person_like(document, speaker)
        && !is_capitalised(document, speaker.start)
        && !is_speaker_pronoun(&document.lower[speaker.start])
        && !is_pronoun_determiner(&document.lower[speaker.start]);
    if !thing {
        return None;
    }
    let outer = (floor..speaker.start).rev().find(|&j| {
        is_cue(document, j) && !PARTICIPLE_CUES.contains(&document.lower[j].as_str()) && j != inner
    })?;
    let person = speaker_of_verb(document, outer, floor)
        .filter(|person| is_person_like(document, person) && person.end <= outer)?;
    Some(Attribution {
        speaker: person,
        cue: Some(outer..outer + 1),
        evidence: Evidence::Direct,
    })
}

/// A report that takes a "that" clause earlier in the sentence ("Trump said that …"), which the
/// verb at `inner` belongs to.
fn outer_report(document: &Document<'_>, floor: usize, inner: usize) -> Option<Attribution> {
    let outer = (floor..inner).find(|&j| {
        is_cue(document, j)
            && (j + 1..(j + 4).min(inner)).any(|k| document.lower[k] == "that")
            && !PARTICIPLE_CUES.contains(&document.lower[j].as_str())
    })?;
    // "Asked if he thought that …, Devine responded", "When Clinton noted that …, Trump
    // boasted": a question put to the speaker, or a report in a subordinate clause.
    // (Only in the outer report's own clause: "…, when asked about X, Obama said that …" is
    // Obama's report.)
    let clause_start = (floor..outer)
        .rev()
        .find(|&j| document.word(j) == ",")
        .map_or(floor, |comma| comma + 1);
    if (clause_start..outer).any(|j| {
        matches!(
            document.lower[j].as_str(),
            "if" | "whether"
                | "asked"
                | "when"
                | "after"
                | "before"
                | "while"
                | "although"
                | "because"
                | "since"
        )
    }) {
        return None;
    }
    // "Netanyahu said that he would go, although he tweeted that he “rejects …”", "…, with
    // McCain calling it “…”": a clause of its own between the two reports.
    if (outer + 1..inner).any(|j| {
        matches!(
            document.lower[j].as_str(),
            "although" | "though" | "but" | "while" | "whereas" | "yet"
        ) || (document.word(j) == "," && document.lower.get(j + 1).is_some_and(|w| w == "with"))
    }) {
        return None;
    }
    let speaker = speaker_of_verb(document, outer, floor)?;
    Some(Attribution {
        speaker,
        cue: Some(outer..outer + 1),
        evidence: Evidence::Direct,
    })
}

/// The speaker of a reporting verb: its subject, or for a participle after a comma
/// (`replied negatively, saying`) the subject of the clause it hangs off.
fn speaker_of_verb(document: &Document<'_>, verb: usize, floor: usize) -> Option<Range<usize>> {
    let lower = document.lower[verb].as_str();
    // Any reporting verb in -ing is a participle ("singing", "quipping"), listed or not.
    let participle = PARTICIPLE_CUES.contains(&lower) || is_participle_form(lower);
    let after_comma = verb > floor && document.word(verb - 1) == ",";
    let infinitive = verb > floor && document.lower[verb - 1] == "to";
    // "Williamson assails … what he calls the “immoral” lie": the sentence's subject speaks.
    let relative = verb >= floor + 2
        && document.lower[verb - 2] == "what"
        && is_speaker_pronoun(&document.lower[verb - 1]);
    if participle && after_comma {
        // "Fiorina said, adding that …": the speaker of the report it continues.
        if let Some(earlier) = (floor..verb.saturating_sub(1)).rev().find(|&j| {
            is_cue(document, j) && !PARTICIPLE_CUES.contains(&document.lower[j].as_str())
        }) {
            if let Some(speaker) = speaker_of_verb(document, earlier, floor) {
                return Some(speaker);
            }
        }
    }
    // "He began by saying, “…”": the subject of the verb the participle completes.
    if participle && verb >= floor + 2 && matches!(document.lower[verb - 1].as_str(), "by" | "with")
    {
        let main = verb - 2;
        if !is_capitalised(document, main) && is_verb_like(&document.lower[main]) {
            if let Some(subject) = subject_before(document, main, floor) {
                return Some(subject);
            }
        }
    }
    // "…, with one of her ads asking, “…”": the subject of an absolute clause.
    if participle {
        let with = (verb.saturating_sub(8).max(floor + 1)..verb)
            .rev()
            .take_while(|&j| document.word(j) != "," && !document.quoted[j])
            .find(|&j| document.lower[j] == "with" && document.word(j - 1) == ",");
        if let Some(subject) = with.and_then(|j| phrase_starting_at(document, j + 1, verb)) {
            return Some(subject);
        }
    }
    // "The Vermont senator emailed supporters saying: “…”": a participle's subject is the
    // clause's, not the object before it.
    // But a sign, headline or letter "saying …" speaks for itself.
    let participle_after_object = participle
        && !after_comma
        && verb > floor
        && !is_capitalised(document, verb - 1)
        && !is_speaker_pronoun(&document.lower[verb - 1])
        && !is_text_noun(&document.lower[verb - 1]);
    if (participle && after_comma) || participle_after_object || infinitive || relative {
        if let Some(subject) = main_subject(document, floor, verb) {
            return Some(subject);
        }
    }
    // "Stated Stone:", "explained CBS moderator Nancy Cordes:": the subject after the verb,
    // for verbs that take no object ("told her supporters" names the listeners).
    if after_comma {
        if let Some(subject) = subject_before(document, verb, floor) {
            return Some(subject);
        }
    }
    let takes_object = takes_object(lower);
    let inverted =
        !takes_object && (verb == floor || after_comma || document.lower[verb - 1] == "as");
    if inverted {
        if let Some(phrase) = phrase_starting_at(
            document,
            verb + 1,
            document.paragraphs[document.paragraph_of[verb]].end,
        ) {
            if is_capitalised(document, phrase.start)
                || DETERMINERS.contains(&document.lower[phrase.start].as_str())
            {
                return Some(phrase);
            }
        }
    }
    subject_before(document, verb, floor)
}

/// Things that carry words of their own ("a sign saying …"; a statement or email "saying …"
/// speaks for whoever issued it).
fn is_text_noun(word: &str) -> bool {
    matches!(
        word,
        "sign" | "signs" | "headline" | "banner" | "placard" | "poster" | "shirt" | "t-shirt"
    )
}

/// Words that open an adverbial phrase at the start of a sentence ("At Monday's debate, …").
fn opens_adverbial(word: &str) -> bool {
    opens_adverbial_word(word) || word.ends_with("ing") || word.ends_with("ly")
}

/// The listed words that open an adverbial phrase (without the -ing and -ly endings).
fn opens_adverbial_word(word: &str) -> bool {
    matches!(
        word,
        "at" | "in"
            | "here"
            | "there"
            | "on"
            | "during"
            | "after"
            | "as"
            | "with"
            | "for"
            | "from"
            | "under"
            | "since"
            | "before"
            | "while"
            | "when"
            | "speaking"
            | "asked"
            | "meanwhile"
            | "however"
            | "but"
            | "and"
            | "still"
            | "later"
            | "earlier"
            | "then"
            | "now"
            | "also"
            | "yet"
            | "so"
            | "instead"
            | "commending"
            | "responding"
            | "addressing"
            | "writing"
            | "despite"
            | "although"
            | "if"
            | "once"
            | "ever"
            | "even"
            | "like"
            | "unlike"
            | "amid"
            | "among"
            | "across"
            | "throughout"
            | "inside"
            | "outside"
            | "within"
            | "beyond"
            | "around"
            | "against"
            | "because"
            | "thanks"
            | "given"
            | "following"
            | "according"
            | "separately"
            | "likewise"
            | "similarly"
            | "moreover"
            | "furthermore"
            | "indeed"
            | "nevertheless"
            | "nonetheless"
            | "additionally"
            | "overall"
            | "otherwise"
            | "finally"
            | "ultimately"
            | "notably"
            | "besides"
            | "last"
            | "this"
            | "by"
            | "of"
            | "to"
    )
}

fn is_time_word(word: &str) -> bool {
    matches!(
        word,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "morning"
            | "night"
            | "evening"
            | "afternoon"
            | "ago"
            | "hours"
            | "hour"
            | "minutes"
            | "moments"
            | "decades"
            | "year"
            | "years"
            | "week"
            | "weeks"
            | "month"
            | "months"
            | "day"
            | "days"
            | "today"
            | "yesterday"
            | "tonight"
            | "earlier"
            | "later"
            | "ever"
            | "since"
            | "once"
    )
}

/// The subject of a sentence: its first noun phrase after any leading adverbial phrase.
fn main_subject(document: &Document<'_>, start: usize, end: usize) -> Option<Range<usize>> {
    let mut i = start;
    while i < end
        && (document.quoted[i]
            || !is_phrase_word(document, i)
                && !PHRASE_BREAKERS.contains(&document.lower[i].as_str()))
    {
        i += 1;
    }
    if i >= end {
        return None;
    }
    // A dateline: "Washington (AFP) – Democrat Hillary Clinton has …".
    if let Some(dash) = (i..end.min(i + 8))
        .find(|&j| matches!(document.word(j), "–" | "—" | "--" | "―") && !document.quoted[j])
    {
        if (i..dash)
            .all(|j| is_capitalised(document, j) || matches!(document.word(j), "(" | ")" | ","))
        {
            return main_subject(document, dash + 1, end);
        }
    }
    // "Another said …": a pronoun-like determiner before its verb.
    if is_pronoun_determiner(&document.lower[i])
        && i + 1 < end
        && is_verb_like(&document.lower[i + 1])
    {
        return Some(i..i + 1);
    }
    // "About 200 protesters congregated …": a quantity's hedge belongs to the subject.
    if matches!(
        document.lower[i].as_str(),
        "about" | "nearly" | "roughly" | "almost" | "around" | "some" | "over"
    ) && i + 2 < end
        && document
            .word(i + 1)
            .starts_with(|c: char| c.is_ascii_digit())
    {
        return phrase_starting_at(document, i + 1, end).map(|phrase| i..phrase.end);
    }
    // "But Sen. Pat Toomey refused …": a conjunction opening the sentence is no adverbial.
    if matches!(
        document.lower[i].as_str(),
        "but" | "and" | "yet" | "so" | "or"
    ) && i + 1 < end
        && document.word(i + 1) != ","
    {
        return main_subject(document, i + 1, end);
    }
    // "Carly Fiorina threw …", "Kelly said": a capitalised word in -ly or -ing opens an
    // adverbial ("Finally, …", "Speaking at …") only before a comma or a word that is no verb.
    let lower = document.lower[i].as_str();
    let name_like = !opens_adverbial_word(lower)
        && is_capitalised(document, i)
        && (document.person[i]
            || i + 1 >= end
            || (document.word(i + 1) != ","
                && (is_capitalised(document, i + 1) || is_verb_like(&document.lower[i + 1]))));
    if opens_adverbial(lower) && !name_like {
        // Skip to the comma that closes the adverbial, if it is near.
        let comma =
            (i..end.min(i + 25)).find(|&j| document.word(j) == "," && !document.quoted[j])?;
        // "On July 6, 2015, Sanders made …": the year belongs to the adverbial; so does the
        // state in "Speaking in Salem, New Hampshire, Trump went …".
        let mut next = comma + 1;
        if next + 1 < end
            && document.word(next).chars().all(|c| c.is_ascii_digit())
            && document.word(next + 1) == ","
        {
            next += 2;
        } else if let Some(place) = phrase_starting_at(document, next, end) {
            let second_comma = place.end + 1 < end && document.word(place.end) == ",";
            let named_place = place.clone().all(|j| is_capitalised(document, j))
                && !place.clone().any(|j| document.person[j]);
            if second_comma && named_place && place.len() <= 3 {
                next = place.end + 1;
            }
        }
        return main_subject(document, next, end);
    }
    let phrase = phrase_starting_at(document, i, end)?;
    // "Sunday morning, Clinton slammed …", "Eight years ago, he supported …".
    if phrase.clone().any(|j| is_time_word(&document.lower[j])) {
        if let Some(comma) =
            (phrase.end..end.min(phrase.end + 6)).find(|&j| document.word(j) == ",")
        {
            return main_subject(document, comma + 1, end);
        }
    }
    // "It", "That", "There" are not speakers.
    if phrase.len() == 1
        && matches!(
            document.lower[phrase.start].as_str(),
            "that" | "there" | "this" | "what" | "who"
        )
    {
        return None;
    }
    Some(phrase)
}

/// "Loyalty, he noted, has long been … the party's “old guard”", "CNN, Cruz said, called it
/// “highly significant”": a parenthetical report before the quote in its sentence.
fn parenthetical_report(document: &Document<'_>, region: &Region) -> Option<Attribution> {
    let floor = document.paragraphs[region.paragraph].start;
    let sentence_start = document.sentence_start(region.open).max(floor);
    (sentence_start + 2..region.open.saturating_sub(1)).find_map(|cue| {
        if !(is_cue(document, cue) && document.word(cue + 1) == ",") {
            return None;
        }
        let speaker = phrase_ending_at(document, cue, sentence_start)?;
        (speaker.start > sentence_start
            && document.word(speaker.start - 1) == ","
            && speaker.len() <= 4)
            .then(|| Attribution {
                speaker,
                cue: Some(cue..cue + 1),
                evidence: Evidence::Direct,
            })
    })
}

/// A quotation inside a reported sentence: the sentence's subject speaks when the sentence has
/// a reporting verb (`Stoltenberg reaffirmed that these efforts should "complement …"`, `Clinton
/// says she appreciated … what she calls a "war of words"`).
fn attribution_in_clause(document: &Document<'_>, region: &Region) -> Option<Attribution> {
    let floor = document.paragraphs[region.paragraph].start;
    let sentence_start = document.sentence_start(region.open).max(floor);
    let sentence_end = document.sentence_end(region.open);
    // "According to AZCentral, one sign read, “…”".
    if let Some(according) = (sentence_start..sentence_end.saturating_sub(1)).find(|&i| {
        !document.quoted[i] && document.lower[i] == "according" && document.lower[i + 1] == "to"
    }) {
        if let Some(speaker) = phrase_starting_at(document, according + 2, sentence_end) {
            return Some(Attribution {
                speaker,
                cue: Some(according..according + 2),
                evidence: Evidence::Clause,
            });
        }
    }
    // "From the report: “…”", "Pew Research: “…”": who is named before the colon.
    if region.open > sentence_start && document.word(region.open - 1) == ":" {
        let colon = region.open - 1;
        // (Not the object of a preposition: "delivered a blunt message to Trump: “…”".)
        let named = phrase_ending_at(document, colon, sentence_start).filter(|phrase| {
            let object =
                phrase.start > sentence_start && is_preposition(&document.lower[phrase.start - 1]);
            !object
                && (is_person_like(document, phrase)
                    || phrase.clone().all(|j| is_capitalised(document, j)))
        });
        if let Some(speaker) = named
            .or_else(|| main_subject(document, sentence_start, colon))
            .or_else(|| phrase_ending_at(document, colon, sentence_start))
        {
            return Some(Attribution {
                speaker,
                cue: None,
                evidence: Evidence::Clause,
            });
        }
    }
    let cues: Vec<usize> = (sentence_start..sentence_end)
        .filter(|&i| is_cue(document, i))
        .collect();
    // "“…” that Sanders can catch Clinton, said Steve Elmendorf": an inverted report after.
    // (Not a participle or a verb with an object: "…, noting the Republican nominee “…”".)
    if let Some(&cue) = cues.iter().find(|&&cue| {
        let lower = document.lower[cue].as_str();
        cue > region.open
            && cue > 0
            && document.word(cue - 1) == ","
            && !is_participle_form(lower)
            && !takes_object(lower)
    }) {
        if let Some(speaker) = phrase_starting_at(document, cue + 1, sentence_end) {
            if is_capitalised(document, speaker.start)
                || DETERMINERS.contains(&document.lower[speaker.start].as_str())
            {
                return Some(Attribution {
                    speaker,
                    cue: Some(cue..cue + 1),
                    evidence: Evidence::Clause,
                });
            }
        }
    }
    // "Fundraising was “stagnant” as donors waited, he said": a report after the quote with its
    // own subject.
    if let Some(&cue) = cues.iter().find(|&&cue| cue > region.after()) {
        if cues.iter().all(|&other| other > region.open) {
            if let Some(speaker) = subject_before(document, cue, region.after()) {
                // "…, the groups say.": a report closing the sentence may rest on any phrase.
                let closing = cue + 1 >= sentence_end
                    || matches!(document.word(cue + 1), "." | ";")
                    || (cue + 2 >= sentence_end && is_time_word(&document.lower[cue + 1]));
                let determined = DETERMINERS.contains(&document.lower[speaker.start].as_str());
                if is_person_like(document, &speaker)
                    || is_capitalised(document, speaker.start)
                    || (closing && determined)
                {
                    return Some(Attribution {
                        speaker,
                        cue: Some(cue..cue + 1),
                        evidence: Evidence::Clause,
                    });
                }
            }
        }
    }
    let Some(&first_cue) = cues.first() else {
        // No reporting verb: a person who is the sentence's subject still owns its quotes
        // ("Rubio also bemoaned the climate in which people “literally hate each other”").
        let subject = main_subject(document, sentence_start, region.open)?;
        // A thing heading the sentence ("The ad targets a “corrupt political system …”") speaks
        // for a quotation that is one anyway, never for a title or scare quote.
        let quotation = !looks_like_term(document, region, None);
        return (is_person_like(document, &subject) || quotation).then_some(Attribution {
            speaker: subject,
            cue: None,
            evidence: Evidence::Clause,
        });
    };
    if let Some(subject) = main_subject(document, sentence_start, first_cue.max(sentence_start + 1))
    {
        if subject.end <= first_cue {
            // "The endorsement comes days after Trump told the Post he was “…”": a person who
            // is the reporting verb's own subject speaks rather than a thing heading the sentence.
            // ("Saturday at the convention Sen. Warren said": a time is never the speaker.)
            let time = subject.clone().all(|j| is_time_word(&document.lower[j]));
            let own = speaker_of_verb(document, first_cue, sentence_start).filter(|own| {
                own.start > subject.end
                    && (time
                        || is_person_like(document, own) && !is_person_like(document, &subject))
            });
            return Some(Attribution {
                speaker: own.unwrap_or(subject),
                cue: Some(first_cue..first_cue + 1),
                evidence: Evidence::Clause,
            });
        }
    }
    // Otherwise the subject of the nearest reporting verb before the quote.
    cues.iter()
        .rev()
        .filter(|&&cue| cue < region.open)
        .find_map(|&cue| {
            speaker_of_verb(document, cue, sentence_start).map(|speaker| Attribution {
                speaker,
                cue: Some(cue..cue + 1),
                evidence: Evidence::Clause,
            })
        })
}

/// Whether quoted words are a title, name or scare quote rather than anyone's words.
fn looks_like_term(
    document: &Document<'_>,
    region: &Region,
    attribution: Option<&Attribution>,
) -> bool {
    let content = region.content();
    let words: Vec<&str> = content
        .clone()
        .map(|i| document.word(i))
        .filter(|w| is_word(w))
        .collect();
    if words.is_empty() {
        return true;
    }
    // An attribute value in markup: author="…".
    if document.char_before(region.open) == Some('=') {
        return true;
    }
    // Only words of the quote's own paragraph ("… column" ending a heading marks nothing).
    let paragraph_start = document.paragraphs[region.paragraph].start;
    let before = |k: usize| {
        region
            .open
            .checked_sub(k)
            .filter(|&i| i >= paragraph_start)
            .map(|i| document.lower[i].as_str())
    };
    if [before(1), before(2)]
        .into_iter()
        .flatten()
        .any(|w| TERM_MARKERS.contains(&w))
    {
        return true;
    }
    let long_words: Vec<&&str> = words.iter().filter(|w| w.chars().count() > 3).collect();
    let title_case =
        !long_words.is_empty() && long_words.iter().all(|w| w.starts_with(char::is_uppercase));
    let last = document.word(content.end - 1);
    let ends_like_sentence = matches!(last, "." | "?" | "!" | "…")
        || content
            .clone()
            .any(|i| matches!(document.word(i), "." | "?" | "!"));
    let sentence_like = ends_like_sentence && words.len() >= 2;
    match attribution.map(|a| a.evidence) {
        Some(Evidence::Direct) => false,
        Some(Evidence::Clause) => title_case && words.len() <= 6 && !sentence_like,
        _ => !sentence_like && (words.len() <= 3 || title_case && words.len() <= 8),
    }
}

/// Finds every quotation and its speaker; `mentions` and `entities` (from the entity engine)
/// resolve speaker mentions to names.
pub fn find_quotes(text: &str, mentions: &[EntityMention], entities: &[Entity]) -> Vec<Quote> {
    let mut document = Document::new(text);
    for mention in mentions.iter().filter(|m| m.kind == MentionKind::Person) {
        let first = document
            .spans
            .partition_point(|span| span.end <= mention.span.start);
        for i in first..document.spans.len() {
            if document.spans[i].start >= mention.span.end {
                break;
            }
            document.person[i] = true;
        }
    }
    let regions = find_regions(&mut document);
    let mut attributions: Vec<Option<Attribution>> = regions
        .iter()
        .map(|region| {
            transcript_label(&document, region)
                .or_else(|| parenthetical_report(&document, region))
                .or_else(|| according_to_opening(&document, region))
                .or_else(|| attribution_after(&document, region))
                .or_else(|| signature_below(&document, region))
                .or_else(|| relative_clause_owner(&document, region))
                .or_else(|| attribution_before(&document, region))
                .or_else(|| attribution_in_clause(&document, region))
        })
        .collect();
    let coordinated = share_coordinated_speakers(&document, &regions, &mut attributions);
    inherit_speakers(&document, &regions, &mut attributions);

    // A quotation joined to a title or scare quote ("“Parks and Recreation” and “Guardians of
    // the Galaxy”") is one too.
    let mut kinds: Vec<QuoteKind> = Vec::with_capacity(regions.len());
    for (index, (region, attribution)) in regions.iter().zip(&attributions).enumerate() {
        let term = looks_like_term(&document, region, attribution.as_ref())
            || (coordinated[index] && kinds[index - 1] == QuoteKind::Term);
        kinds.push(if term {
            QuoteKind::Term
        } else {
            QuoteKind::Quote
        });
    }
    let resolver = Resolver::new(&document, mentions, entities);
    regions
        .iter()
        .zip(&attributions)
        .zip(kinds)
        .map(|((region, attribution), kind)| {
            let content = region.content();
            let (span, outer) = if content.is_empty() {
                let at = document.spans[region.open].end;
                (Span::new(at, at), document.spans[region.open])
            } else {
                let open_end = document.spans[region.open].end;
                let content_end = document.spans[content.end - 1].end;
                let outer_end = region.close.map_or(content_end, |c| document.spans[c].end);
                let content_end = region
                    .close
                    .map_or(content_end, |c| document.spans[c].start);
                (
                    Span::new(open_end, content_end),
                    Span::new(document.spans[region.open].start, outer_end),
                )
            };
            let speaker = match (kind, attribution) {
                (QuoteKind::Quote, Some(attribution)) => {
                    let speaker = resolver.resolve(&attribution.speaker, region.open);
                    Some(if attribution.evidence == Evidence::Inherited {
                        resolver.latest_mention(speaker, outer.start)
                    } else {
                        speaker
                    })
                }
                _ => None,
            };
            let cue = match (kind, attribution) {
                (QuoteKind::Quote, Some(Attribution { cue: Some(cue), .. })) => {
                    Some(document.span_of(cue))
                }
                _ => None,
            };
            Quote {
                span,
                outer,
                kind,
                closed: region.close.is_some(),
                speaker,
                cue,
            }
        })
        .collect()
}

/// "According to ProPublica, Clinton praised her “wonderful donors”": a sentence that opens by
/// naming its source gives every quotation in it that source.
fn according_to_opening(document: &Document<'_>, region: &Region) -> Option<Attribution> {
    let floor = document.paragraphs[region.paragraph].start;
    let start = document.sentence_start(region.open).max(floor);
    if start + 3 > region.open
        || document.lower[start] != "according"
        || document.lower[start + 1] != "to"
        || document.quoted[start]
    {
        return None;
    }
    // The source runs to its comma ("According to White House pool reports, Obama said").
    let comma = (start + 2..region.open.min(start + 16))
        .find(|&j| document.word(j) == "," || document.quoted[j])
        .filter(|&j| document.word(j) == "," && j > start + 2)?;
    Some(Attribution {
        speaker: start + 2..comma,
        cue: Some(start..start + 2),
        evidence: Evidence::Direct,
    })
}

/// "Trump, who has in the past described Obama as “…”": a quote inside a relative clause is
/// spoken by its "who" (which resolves to the person before it).
fn relative_clause_owner(document: &Document<'_>, region: &Region) -> Option<Attribution> {
    let floor = document.paragraphs[region.paragraph].start;
    let sentence_start = document.sentence_start(region.open).max(floor);
    let limit = region.open.saturating_sub(30).max(sentence_start + 1);
    let who = (limit..region.open)
        .rev()
        .find(|&j| document.lower[j] == "who" && !document.quoted[j])?;
    // Only a clause about someone named ("Beck, who"), not one that picks people out
    // ("anybody who complains", "a surrogate who said").
    if !follows_a_name(document, who) {
        return None;
    }
    // "who, on a press call Friday, criticized": a parenthesis right after the pronoun.
    let mut from = who + 1;
    if document.word(from) == "," {
        from = (from + 1..region.open).find(|&j| document.word(j) == ",")? + 1;
    }
    // "Bannon, who Beck called “…”", "Trump, who he blasted as": the pronoun is the object
    // and the clause has a subject of its own.
    if is_capitalised(document, from)
        || is_speaker_pronoun(&document.lower[from])
        || DETERMINERS.contains(&document.lower[from].as_str())
    {
        return None;
    }
    // "Roffman, who estimates …, described": a comma before the main verb closes the clause.
    let closed = (from..region.open).any(|j| {
        !document.quoted[j]
            && document.word(j) == ","
            && j + 1 < region.open
            && !document.quoted[j + 1]
            && !is_capitalised(document, j + 1)
            && is_verb_like(&document.lower[j + 1])
    });
    if closed || (from..region.open).any(|j| document.ends_sentence[j]) {
        return None;
    }
    // The clause's own verb, a few words in ("who has in the past described"), reports.
    let verb = (from..(from + 6).min(region.open))
        .find(|&j| {
            let word = document.lower[j].as_str();
            !is_capitalised(document, j) && is_verb_like(word) && !is_auxiliary(word)
        })
        .filter(|&verb| is_cue(document, verb))?;
    // No other report with a subject of its own between the verb and the quote.
    if (verb + 1..region.open).any(|j| !document.quoted[j] && is_cue(document, j)) {
        return None;
    }
    Some(Attribution {
        speaker: who..who + 1,
        cue: Some(verb..verb + 1),
        evidence: Evidence::Direct,
    })
}

/// The report a sentence (tokens `floor..end`) makes: the speaker of its first reporting verb, or
/// else the person it is about; for a quotation that the sentence introduces.
fn sentence_report(document: &Document<'_>, floor: usize, end: usize) -> Option<Attribution> {
    let verb = (floor..end).find(|&i| is_cue(document, i));
    let speaker = match verb {
        Some(verb) => speaker_of_verb(document, verb, floor),
        None => {
            main_subject(document, floor, end).filter(|phrase| is_person_like(document, phrase))
        }
    }?;
    Some(Attribution {
        speaker,
        cue: verb.map(|v| v..v + 1),
        evidence: Evidence::Inherited,
    })
}

/// "called him “a stiff” and “a spoiled child”", "chanting “We are Orlando” and “Disarm
/// hate”": quotations joined by "and", "or" or a comma share one report.
/// Returns, for each quotation, whether it is joined so to the one before it.
fn share_coordinated_speakers(
    document: &Document<'_>,
    regions: &[Region],
    attributions: &mut [Option<Attribution>],
) -> Vec<bool> {
    let mut coordinated = vec![false; regions.len()];
    for index in 1..regions.len() {
        let (previous, region) = (&regions[index - 1], &regions[index]);
        let Some(close) = previous.close else {
            continue;
        };
        let between = close + 1..region.open;
        let joined = (1..=2).contains(&between.len())
            && previous.paragraph == region.paragraph
            && between.clone().all(|j| {
                matches!(document.lower[j].as_str(), "and" | "or" | "," | "nor")
                    && !document.ends_sentence[j]
            });
        coordinated[index] = joined;
        if joined && attributions[index - 1].is_some() {
            attributions[index] = attributions[index - 1].clone();
        }
    }
    coordinated
}

/// Quotes with no attribution of their own take the speaker of another quote in their
/// paragraph, or of the previous paragraph's last quote when they open their paragraph.
fn inherit_speakers(
    document: &Document<'_>,
    regions: &[Region],
    attributions: &mut [Option<Attribution>],
) {
    for index in 0..regions.len() {
        if attributions[index].is_some() {
            continue;
        }
        let paragraph = regions[index].paragraph;
        let same_paragraph = |other: usize| regions[other].paragraph == paragraph;
        // The nearest attributed quote of the same paragraph, before first.
        // Only nearby quotes count (and the search stays short in text full of quote marks).
        let candidate = (index.saturating_sub(NEARBY_QUOTES)..index)
            .rev()
            .take_while(|&other| same_paragraph(other))
            .find(|&other| attributions[other].is_some())
            .or_else(|| {
                // A later quote lends its speaker only when named after it ("“A.” “B,” Smith
                // said"), not when the speaker stands between ("“A.” Russia insisted “B.”").
                (index + 1..regions.len().min(index + 1 + NEARBY_QUOTES))
                    .take_while(|&other| same_paragraph(other))
                    .find(|&other| {
                        attributions[other].as_ref().is_some_and(|a| {
                            a.evidence == Evidence::Direct && a.speaker.start > regions[other].open
                        })
                    })
            });
        let candidate = candidate.or_else(|| {
            // A paragraph that opens with a quote continues the previous paragraph's speaker.
            let opens_paragraph = regions[index].open == document.paragraphs[paragraph].start;
            if !opens_paragraph {
                // (Checked first: the search below would cost every quote of the paragraph.)
                return None;
            }
            let previous = (0..index)
                .rev()
                .take_while(|&other| regions[other].paragraph + 1 >= paragraph)
                .find(|&other| regions[other].paragraph + 1 == paragraph);
            // (A colon inside the previous paragraph's own quotation introduces nothing here.)
            let previous_ends_with_colon = paragraph > 0 && {
                let previous_range = &document.paragraphs[paragraph - 1];
                !previous_range.is_empty()
                    && document.word(previous_range.end - 1) == ":"
                    && !document.quoted[previous_range.end - 1]
            };
            if !opens_paragraph {
                return None;
            }
            if previous_ends_with_colon {
                // "Cruz continued:" — the attribution is the previous paragraph itself.
                return None;
            }
            previous.filter(|&other| attributions[other].is_some())
        });
        if let Some(other) = candidate {
            let mut inherited = attributions[other]
                .clone()
                .expect("candidate is attributed");
            inherited.evidence = Evidence::Inherited;
            attributions[index] = Some(inherited);
            continue;
        }
        // "Clinton touted her credentials as a co-sponsor. “We need …”": a quotation that opens
        // a sentence inside a paragraph continues the sentence before it — its report, or else
        // the person it is about.
        let open = regions[index].open;
        let paragraph_start = document.paragraphs[paragraph].start;
        if open > paragraph_start + 2 && is_sentence_start(document, open) {
            let floor = document.sentence_start(open - 1).max(paragraph_start);
            let quoted_before = (floor..open).any(|i| document.quoted[i]);
            if !quoted_before {
                if let Some(report) = sentence_report(document, floor, open - 1) {
                    attributions[index] = Some(report);
                    continue;
                }
            }
        }
        // "Cruz continued:" closing the previous paragraph introduces this one; so does a last
        // sentence about someone ("Howard continued his scathing remarks.").
        if paragraph > 0 && regions[index].open == document.paragraphs[paragraph].start {
            let previous = &document.paragraphs[paragraph - 1];
            let previous_has_quotes = (0..index)
                .rev()
                .take_while(|&other| regions[other].paragraph + 1 >= paragraph)
                .any(|other| regions[other].paragraph + 1 == paragraph);
            if previous.len() >= 2 && document.word(previous.end - 1) != ":" && !previous_has_quotes
            {
                let floor = document.sentence_start(previous.end - 1);
                if let Some(report) = sentence_report(document, floor, previous.end - 1) {
                    attributions[index] = Some(report);
                    continue;
                }
            }
            if previous.len() >= 2 && document.word(previous.end - 1) == ":" {
                let floor = document.sentence_start(previous.end - 1);
                let verb = (floor..previous.end - 1)
                    .rev()
                    .find(|&i| is_cue(document, i));
                let speaker = match verb {
                    Some(verb) => speaker_of_verb(document, verb, floor),
                    None => main_subject(document, floor, previous.end - 1),
                };
                if let Some(speaker) = speaker {
                    attributions[index] = Some(Attribution {
                        speaker,
                        cue: verb.map(|v| v..v + 1),
                        evidence: Evidence::Direct,
                    });
                }
            }
        }
    }
}

/// Whether a phrase names a person: a pronoun, or words the entity engine tagged as a person.
fn is_person_like(document: &Document<'_>, phrase: &Range<usize>) -> bool {
    (phrase.len() == 1
        && matches!(
            document.lower[phrase.start].as_str(),
            "he" | "she" | "i" | "we" | "they"
        ))
        || phrase.clone().any(|i| document.person[i])
}

/// Resolves speaker mentions to names through the entity groups.
struct Resolver<'d, 'a> {
    document: &'d Document<'a>,
    mentions: &'d [EntityMention],
    /// The person mentions, in text order.
    persons: Vec<&'d EntityMention>,
    entities: &'d [Entity],
}

/// How many person mentions back a pronoun or role looks for its holder.
const PERSONS_LOOKED_BACK: usize = 400;

impl<'d, 'a> Resolver<'d, 'a> {
    fn new(
        document: &'d Document<'a>,
        mentions: &'d [EntityMention],
        entities: &'d [Entity],
    ) -> Self {
        let mut persons: Vec<&EntityMention> = mentions
            .iter()
            .filter(|m| m.kind == MentionKind::Person)
            .collect();
        persons.sort_by_key(|m| m.span.start);
        Resolver {
            document,
            mentions,
            persons,
            entities,
        }
    }

    fn resolve(&self, phrase: &Range<usize>, quote_start: usize) -> Speaker {
        let document = self.document;
        let mention = document.span_of(phrase);
        // The phrase's own bytes: no conversion of the whole text per quote.
        let mention_text = &document.text
            [document.tokens[phrase.start].bytes.start..document.tokens[phrase.end - 1].bytes.end];
        // Mentions are in text order: look only at those that can overlap the phrase.
        let after = self
            .mentions
            .partition_point(|m| m.span.start < mention.end);
        let nearby = &self.mentions[..after];
        // Names inside a parenthesis ("Sen. Pat Toomey (R-Pa.)") are not the speaker.
        let core = match phrase.clone().find(|&i| document.word(i) == "(") {
            Some(open) if open > phrase.start => document.span_of(&(phrase.start..open)),
            _ => mention,
        };
        let named_inside = |kinds: &[MentionKind]| {
            nearby
                .iter()
                .rev()
                .take_while(|m| m.span.start + 500 >= mention.start)
                .filter(|m| kinds.contains(&m.kind) && m.span.overlaps(&core))
                .max_by_key(|m| m.span.start)
                .map(|m| m.entity)
        };
        // A person named inside the phrase (the rightmost): "U.S. Secretary of State Rex Tillerson".
        if let Some(person) = named_inside(&[MentionKind::Person]) {
            return self.named(mention, person);
        }
        let words: Vec<&str> = phrase.clone().map(|i| document.lower[i].as_str()).collect();
        let quote_position = document.spans[quote_start].start;
        // A role ("NATO chief", "the senator") held by a person named earlier.
        let head = words.last().copied().unwrap_or("");
        if ROLE_NOUNS.contains(&head) {
            if let Some(person) = self.role_holder(phrase, head, mention.start.min(quote_position))
            {
                return self.named(mention, person);
            }
        }
        // An organisation or place: "The New York Post reports" (but "the Vermont senator" is
        // a person, not Vermont).
        if let Some(body) = named_inside(&[MentionKind::Organisation, MentionKind::Place])
            .filter(|_| !ROLE_NOUNS.contains(&head))
        {
            return self.named(mention, body);
        }
        if let [pronoun] = words.as_slice() {
            // "who" after a name ("Mike Pence, who called …", "the senator, who said") is what
            // that phrase names.
            if *pronoun == "who" {
                let mut end = phrase.start;
                if end > 0 && document.word(end - 1) == "," {
                    end -= 1;
                }
                let floor = document.paragraphs[document.paragraph_of[phrase.start]].start;
                if let Some(antecedent) = phrase_ending_at(document, end, floor) {
                    let named = self.resolve(&antecedent, quote_start);
                    return Speaker { mention, ..named };
                }
            }
            if matches!(*pronoun, "he" | "she" | "i" | "who") {
                if let Some(person) = self.nearest_person_before(mention.start.min(quote_position))
                {
                    return self.named(mention, person);
                }
            }
            // "the Chicago Police Department, which reported …": the body just named.
            if *pronoun == "which" {
                let body = nearby
                    .iter()
                    .rev()
                    .filter(|m| m.span.end <= mention.start && m.span.end + 3 >= mention.start)
                    .find(|m| matches!(m.kind, MentionKind::Organisation | MentionKind::Place));
                if let Some(body) = body {
                    return self.named(mention, body.entity);
                }
            }
        }
        Speaker {
            mention,
            name: mention_text.to_owned(),
            entity: None,
        }
    }

    /// A speaker carried over from an earlier quotation rests on the latest mention of the same
    /// person before this one ("Megan Greene said … Greene added … “…”").
    fn latest_mention(&self, speaker: Speaker, before: usize) -> Speaker {
        let Some(entity) = speaker.entity else {
            return speaker;
        };
        let end = self.persons.partition_point(|m| m.span.start < before);
        let latest = self.persons[..end]
            .iter()
            .rev()
            .take_while(|m| m.span.start >= speaker.mention.end)
            .take(PERSONS_LOOKED_BACK)
            .find(|m| {
                m.entity == entity
                    && m.span.end <= before
                    && !self.inside_quote(m.span)
                    && self.is_subject(m.span)
            });
        match latest {
            Some(mention) => Speaker {
                mention: mention.span,
                ..speaker
            },
            None => speaker,
        }
    }

    /// Whether a mention stands where a subject does: right before a verb ("Greene added").
    fn is_subject(&self, span: Span) -> bool {
        let document = self.document;
        let next = document.spans.partition_point(|s| s.start < span.end);
        next < document.spans.len()
            && !is_capitalised(document, next)
            && is_verb_like(&document.lower[next])
    }

    fn named(&self, mention: Span, entity: usize) -> Speaker {
        Speaker {
            mention,
            name: self.entities[entity].name.clone(),
            entity: Some(entity),
        }
    }

    /// The person mentioned last before a position, outside quotations.
    fn nearest_person_before(&self, position: usize) -> Option<usize> {
        self.persons_before(position)
            .find(|m| !self.inside_quote(m.span))
            .map(|m| m.entity)
    }

    /// Person mentions ending before a position, nearest first; a bounded number, so that a long
    /// text costs linear time.
    fn persons_before(&self, position: usize) -> impl Iterator<Item = &'d EntityMention> + '_ {
        let end = self.persons.partition_point(|m| m.span.start < position);
        self.persons[..end]
            .iter()
            .rev()
            .copied()
            .filter(move |m| m.span.end <= position)
            .take(PERSONS_LOOKED_BACK)
    }

    fn inside_quote(&self, span: Span) -> bool {
        self.document
            .token_at(span.start)
            .is_some_and(|i| self.document.quoted[i])
    }

    /// The person who holds the role a phrase names ("NATO chief" → the person introduced as
    /// "NATO Secretary General …"), nearest before the position.
    fn role_holder(&self, phrase: &Range<usize>, head: &str, position: usize) -> Option<usize> {
        let document = self.document;
        // Capitalised modifiers of the role ("NATO" in "NATO chief") must appear in the title.
        let modifiers: Vec<&str> = phrase
            .clone()
            .filter(|&i| document.word(i).starts_with(char::is_uppercase))
            .map(|i| document.lower[i].as_str())
            .filter(|w| *w != head)
            .collect();
        self.persons_before(position)
            .find(|mention| {
                let title = self.title_words(mention.span);
                title.iter().any(|w| roles_match(w, head))
                    && modifiers.iter().all(|m| title.iter().any(|w| w == m))
            })
            .map(|mention| mention.entity)
    }

    /// The words that introduce a person: the title before the name ("NATO Secretary General
    /// Jens Stoltenberg") and an appositive after it ("Smith, the party's chairman,").
    fn title_words(&self, span: Span) -> Vec<String> {
        let document = self.document;
        let Some(first) = document.token_at(span.start) else {
            return Vec::new();
        };
        let mut words = Vec::new();
        let mut i = first;
        while i > 0 && first - i < 8 {
            let word = document.word(i - 1);
            if !is_word(word) && word != "-" {
                break;
            }
            let lower = document.lower[i - 1].as_str();
            if matches!(
                lower,
                "the" | "a" | "an" | "by" | "with" | "and" | "said" | "says"
            ) {
                break;
            }
            words.push(lower.to_owned());
            i -= 1;
        }
        let last = document
            .token_at(span.end.saturating_sub(1))
            .unwrap_or(first);
        // An appositive is closed by a second comma: "Smith, the party's chairman, said".
        if document.tokens.get(last + 1).is_some_and(|t| t.text == ",") {
            let appositive = last + 2..(last + 10).min(document.tokens.len());
            if let Some(close) = appositive.clone().find(|&j| document.word(j) == ",") {
                let words_between = last + 2..close;
                if words_between
                    .clone()
                    .all(|j| is_word(document.word(j)) && !is_cue(document, j))
                {
                    words.extend(words_between.map(|j| document.lower[j].clone()));
                }
            }
        }
        words
    }
}

#[cfg(test)]
mod tests;
