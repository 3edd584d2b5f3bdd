//! Resolving a speaker mention to a name through the entity groups: a person named inside it, a
//! role's holder (`NATO chief` → Jens Stoltenberg), an organisation or place, a pronoun to the
//! nearest person before (never to a place or a date).

use std::ops::Range;

use domain::text::Span;

use crate::extract::attribution::clause::is_cue;
use crate::extract::attribution::document::{is_word, Document};
use crate::extract::attribution::lexicon::{is_verb_like, roles_match};
use crate::extract::attribution::phrases::{is_capitalised, phrase_ending_at};
use crate::extract::attribution::quotations::Speaker;
use crate::extract::{Entity, EntityMention, MentionKind};
use crate::language::words::{PERSON_PRONOUNS, ROLE_NOUNS, ROLE_STOP_WORDS};

/// How far back (code points) a mention may start and still lie inside a speaker phrase: the
/// mentions are scanned back from the phrase's end over at most this much text.
const NAME_INSIDE_LOOKBACK: usize = 500;
/// How many words of title may introduce a name ("NATO Secretary General").
const TITLE_WORDS: usize = 8;
/// How many words an appositive after a name may have ("Smith, the party's chairman,").
const APPOSITIVE_WORDS: usize = 8;

/// Resolves speaker mentions to names through the entity groups.
pub(super) struct Resolver<'d, 'a> {
    pub(super) document: &'d Document<'a>,
    pub(super) mentions: &'d [EntityMention],
    /// The person mentions, in text order.
    pub(super) persons: Vec<&'d EntityMention>,
    pub(super) entities: &'d [Entity],
    /// How many times each entity is mentioned.
    mention_counts: Vec<usize>,
}

/// How many person mentions back a pronoun or role looks for its holder.
pub(super) const PERSONS_LOOKED_BACK: usize = 400;

impl<'d, 'a> Resolver<'d, 'a> {
    pub(super) fn new(
        document: &'d Document<'a>,
        mentions: &'d [EntityMention],
        entities: &'d [Entity],
    ) -> Self {
        let mut persons: Vec<&EntityMention> = mentions
            .iter()
            .filter(|m| m.kind == MentionKind::Person)
            .collect();
        persons.sort_by_key(|m| m.span.start);
        let mut mention_counts = vec![0; entities.len()];
        for mention in mentions {
            if let Some(count) = mention_counts.get_mut(mention.entity) {
                *count += 1;
            }
        }
        Resolver {
            document,
            mentions,
            persons,
            entities,
            mention_counts,
        }
    }

    pub(super) fn resolve(&self, phrase: &Range<usize>, quote_start: usize) -> Speaker {
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
                .take_while(|m| m.span.start + NAME_INSIDE_LOOKBACK >= mention.start)
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
        if ROLE_NOUNS.contains(head) {
            if let Some(person) = self.role_holder(phrase, head, mention.start.min(quote_position))
            {
                return self.named(mention, person);
            }
        }
        // An organisation or place: "The New York Post reports" (but "the Vermont senator" is
        // a person, not Vermont).
        if let Some(body) = named_inside(&[MentionKind::Organisation, MentionKind::Place])
            .filter(|_| !ROLE_NOUNS.contains(head))
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
            if PERSON_PRONOUNS.contains(pronoun) {
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
    pub(super) fn latest_mention(&self, speaker: Speaker, before: usize) -> Speaker {
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
    pub(super) fn is_subject(&self, span: Span) -> bool {
        let document = self.document;
        let next = document.spans.partition_point(|s| s.start < span.end);
        next < document.spans.len()
            && !is_capitalised(document, next)
            && is_verb_like(&document.lower[next])
    }

    pub(super) fn named(&self, mention: Span, entity: usize) -> Speaker {
        Speaker {
            mention,
            name: self.entities[entity].name.clone(),
            entity: Some(entity),
        }
    }

    /// The person a pronoun before a position refers to: the one mentioned last, outside
    /// quotations — unless that is a lone word named once ("Polls show him trailing", a common
    /// noun taken for a name), which yields to a person named in full or more than once.
    pub(super) fn nearest_person_before(&self, position: usize) -> Option<usize> {
        let mut people = self
            .persons_before(position)
            .filter(|m| !self.inside_quote(m.span));
        let nearest = people.next()?;
        if !self.is_lone_word_named_once(nearest.entity) {
            return Some(nearest.entity);
        }
        people
            .find(|m| !self.is_lone_word_named_once(m.entity))
            .map_or(Some(nearest.entity), |m| Some(m.entity))
    }

    fn is_lone_word_named_once(&self, entity: usize) -> bool {
        self.mention_counts.get(entity) == Some(&1)
            && !self.entities[entity].name.contains(char::is_whitespace)
    }

    /// Person mentions ending before a position, nearest first; a bounded number, so that a long
    /// text costs linear time.
    pub(super) fn persons_before(
        &self,
        position: usize,
    ) -> impl Iterator<Item = &'d EntityMention> + '_ {
        let end = self.persons.partition_point(|m| m.span.start < position);
        self.persons[..end]
            .iter()
            .rev()
            .copied()
            .filter(move |m| m.span.end <= position)
            .take(PERSONS_LOOKED_BACK)
    }

    pub(super) fn inside_quote(&self, span: Span) -> bool {
        self.document
            .token_at(span.start)
            .is_some_and(|i| self.document.quoted[i])
    }

    /// The person who holds the role a phrase names ("NATO chief" → the person introduced as
    /// "NATO Secretary General …"), nearest before the position.
    pub(super) fn role_holder(
        &self,
        phrase: &Range<usize>,
        head: &str,
        position: usize,
    ) -> Option<usize> {
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
    pub(super) fn title_words(&self, span: Span) -> Vec<String> {
        let document = self.document;
        let Some(first) = document.token_at(span.start) else {
            return Vec::new();
        };
        let mut words = Vec::new();
        let mut i = first;
        while i > 0 && first - i < TITLE_WORDS {
            let word = document.word(i - 1);
            if !is_word(word) && word != "-" {
                break;
            }
            let lower = document.lower[i - 1].as_str();
            if ROLE_STOP_WORDS.contains(lower) {
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
            let appositive = last + 2..(last + 2 + APPOSITIVE_WORDS).min(document.tokens.len());
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
