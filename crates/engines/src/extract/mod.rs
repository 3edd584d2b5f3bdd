//! Finding things in article text: tokens, dates, named entities grouped under one name, and
//! quotes and reported statements with their sources.
//!
//! Everything here is pure and deterministic: the same text gives the same annotations natively,
//! in the browser and in the `annotate` command. [`analyse`] is the one entry point.

pub mod attribution;
pub mod entities;
pub mod grouping;

use serde::{Deserialize, Serialize};

use crate::language::dates::{self, CivilDate, DateValue};
use crate::language::words;
use domain::article::{Article, BlockKind};
use domain::text::{Span, TextIndex};
use entities::{find_names, EntityModel, EntityType};
use grouping::{group_mentions, MentionRef};

/// What an entity mention names. Its label (`person`, `organisation`, `place`, `date`: the word
/// used in exports and on the page) and the list of kinds are derived.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::VariantArray,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum MentionKind {
    Person,
    Organisation,
    Place,
    Date,
}

impl MentionKind {
    /// Every kind.
    pub const ALL: &'static [MentionKind] = <Self as strum::VariantArray>::VARIANTS;

    /// The word used in exports and on the page: `person`, `organisation`, `place`, `date`.
    pub fn label(self) -> &'static str {
        self.into()
    }

    pub fn from_label(label: &str) -> Option<Self> {
        label.parse().ok()
    }
}

/// One mention of an entity in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityMention {
    pub span: Span,
    pub kind: MentionKind,
    /// Index of the entity this mention is grouped under, in [`Analysis::entities`].
    pub entity: usize,
    /// For a date: its calendar value, resolved against the article's date where needed.
    pub date: Option<DateValue>,
}

/// An entity: the name its mentions are grouped under.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub kind: MentionKind,
    pub name: String,
}

/// Everything the engines found in one article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analysis {
    pub mentions: Vec<EntityMention>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<attribution::Quote>,
    /// Statements reported without quotation marks, in text order.
    #[serde(default)]
    pub reported: Vec<attribution::reported::Statement>,
}

impl Analysis {
    /// The name a mention is grouped under.
    pub fn entity_name(&self, mention: &EntityMention) -> &str {
        &self.entities[mention.entity].name
    }
}

/// The article's own date: its "Published" line, else the page date.
pub fn article_date(article: &Article) -> Option<CivilDate> {
    [BlockKind::Published, BlockKind::PageDate]
        .into_iter()
        .filter_map(|kind| article.first(kind))
        .find_map(|block| {
            dates::parse_date(article.slice(block.span)).and_then(|value| value.day())
        })
}

/// The date of the first of these lines that gives a day (the lines of an article that may
/// carry its date: the page sends them with the text to be analysed).
pub fn date_of_lines(lines: &[String]) -> Option<CivilDate> {
    lines
        .iter()
        .find_map(|line| dates::parse_date(line).and_then(|value| value.day()))
}

/// Runs every engine over an article. Without a model (not loaded yet) only dates are found and
/// quotes are attributed without names.
pub fn analyse(article: &Article, model: Option<&EntityModel>) -> Analysis {
    analyse_text(&article.text, model, article_date(article))
}

/// Runs every engine over a text whose own date may be known.
pub fn analyse_text(text: &str, model: Option<&EntityModel>, date: Option<CivilDate>) -> Analysis {
    let (mentions, entities) = find_mentions(text, model, date);
    let mut quotes = attribution::find_quotes(text, &mentions, &entities);
    let index = TextIndex::new(text);
    for quote in &mut quotes {
        // A speaker resolved to an entity is of that entity's kind ("NATO chief" is a person,
        // "he" the person named last); else the words decide.
        quote.source_kind = quote.speaker.as_ref().map(|speaker| {
            match speaker.entity.map(|entity| entities[entity].kind) {
                Some(MentionKind::Person) => attribution::reported::SourceKind::Person,
                Some(MentionKind::Organisation | MentionKind::Place) => {
                    attribution::reported::SourceKind::Organisation
                }
                _ => attribution::reported::source_kind(&index, speaker.mention, &mentions),
            }
        });
    }
    let reported = attribution::reported::statements(&index, &quotes, &mentions, &entities);
    Analysis {
        mentions,
        entities,
        quotes,
        reported,
    }
}

/// The dates and names of a text, grouped into entities: everything but the quotations.
pub fn find_mentions(
    text: &str,
    model: Option<&EntityModel>,
    date: Option<CivilDate>,
) -> (Vec<EntityMention>, Vec<Entity>) {
    let index = TextIndex::new(text);
    let date_mentions: Vec<(Span, Option<DateValue>)> = dates::find_dates(text, date)
        .into_iter()
        .map(|mention| (index.span_of_bytes(mention.bytes), mention.value))
        .collect();
    let mut found: Vec<(Span, MentionKind, Option<DateValue>)> = date_mentions
        .iter()
        .map(|&(span, value)| (span, MentionKind::Date, value))
        .collect();
    // The words dates cover, as disjoint spans in order: a name is checked against them by a
    // binary search (not against every date: text full of names and dates stays linear).
    let mut date_cover: Vec<Span> = Vec::with_capacity(date_mentions.len());
    let mut date_spans: Vec<Span> = date_mentions.iter().map(|&(span, _)| span).collect();
    date_spans.sort();
    for span in date_spans {
        match date_cover.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => date_cover.push(span),
        }
    }
    let covered_by_date = |span: Span| {
        let first = date_cover.partition_point(|date| date.end <= span.start);
        date_cover
            .get(first)
            .is_some_and(|date| date.overlaps(&span))
    };
    if let Some(model) = model {
        for name in find_names(model, text) {
            let kind = match name.kind {
                EntityType::Person => MentionKind::Person,
                EntityType::Organisation => MentionKind::Organisation,
                EntityType::Place => MentionKind::Place,
                EntityType::Misc => continue,
            };
            let span = index.span_of_bytes(name.bytes);
            // A date the grammar recognised wins over a name tag on the same words.
            if !covered_by_date(span) {
                found.push((span, kind, None));
            }
        }
    }
    static BUILT_IN: std::sync::OnceLock<entities::gazetteer::Gazetteer> =
        std::sync::OnceLock::new();
    let gazetteer = match model {
        Some(model) => model.gazetteer(),
        None => BUILT_IN.get_or_init(entities::gazetteer::Gazetteer::built_in),
    };
    grouped_mentions(&index, found, gazetteer)
}

/// Mentions found in a text (span, kind, a date's value), in text order and grouped into
/// entities under one name each.
pub(crate) fn grouped_mentions(
    index: &TextIndex,
    mut found: Vec<(Span, MentionKind, Option<DateValue>)>,
    gazetteer: &entities::gazetteer::Gazetteer,
) -> (Vec<EntityMention>, Vec<Entity>) {
    found.sort_by_key(|(span, _, _)| *span);
    let refs: Vec<MentionRef<'_>> = found
        .iter()
        .map(|(span, kind, _)| MentionRef {
            text: index.slice(*span),
            kind: *kind,
        })
        .collect();
    let grouping = group_mentions(&refs, gazetteer);
    let mentions: Vec<EntityMention> = found
        .iter()
        .zip(&grouping.entity_of_mention)
        .map(|(&(span, kind, date), &entity)| EntityMention {
            span,
            kind,
            entity,
            date,
        })
        .collect();
    let entities: Vec<Entity> = grouping
        .entities
        .into_iter()
        .map(|(kind, name)| Entity { kind, name })
        .collect();
    (mentions, entities)
}
