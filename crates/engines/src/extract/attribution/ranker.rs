//! Choosing a quotation's speaker among the candidates the rules propose: each candidate is
//! described by features (which rule proposed it, what kind of mention it is, how far it stands
//! from the quotation and across which boundaries, the cue verb, whether it is its sentence's
//! subject, whether it spoke the quotation before, how many other rules agree) and a linear
//! model scores them; the best wins. The weights are learned from PolNeAR train by
//! `train-speakers` and ship as `assets/speaker-model.txt`.

use std::collections::HashMap;
use std::fmt::Write;

use std::ops::Range;

use domain::text::Span;

use crate::extract::attribution::candidates::Source;
use crate::extract::attribution::clause::{is_cue, is_sentence_start, main_subject};
use crate::extract::attribution::document::{is_word, Document};
use crate::extract::attribution::lexicon::{is_people_noun, is_speaker_pronoun};
use crate::extract::attribution::phrases::{is_capitalised, is_verb_modifier};
use crate::extract::attribution::quotations::Speaker;
use crate::extract::attribution::quotations::{MentionGroup, ResolvedCandidate};
use crate::extract::attribution::regions::Region;
use crate::extract::attribution::resolve::Resolver;
use crate::extract::MentionKind;
use crate::language::words::ROLE_NOUNS;

/// A candidate as the chooser sees it.
pub struct CandidateView<'c> {
    /// The first rule (in the written order) that proposed it.
    pub source: Source,
    /// Every rule that proposed the same mention.
    pub sources: &'c [Source],
    /// The mention the speaker rests on (what the scoring judges).
    pub mention: Span,
    /// The candidate's features, hashed.
    pub features: &'c [u64],
    /// The same features by name, when the chooser asked for them (training does).
    pub names: Option<&'c [String]>,
}

/// What the chooser is asked: the quotation and its candidates.
pub struct Choice<'c> {
    /// The quoted words (without marks), in code points.
    pub quote: Span,
    pub candidates: &'c [CandidateView<'c>],
}

/// Picks a speaker among candidates: the shipped model at run time, a trainer while learning.
pub trait Chooser {
    /// The chosen candidate's index, or `None` for no speaker.
    fn choose(&mut self, choice: &Choice<'_>) -> Option<usize>;

    /// Whether features should also be given by name (slower; for training).
    fn wants_names(&self) -> bool {
        false
    }
}

use domain::hash::{fnv64 as fnv_continue, FNV64_OFFSET as FNV_OFFSET};

/// A feature's key: FNV-1a over its name, the same on every platform.
pub fn feature_key(name: &str) -> u64 {
    fnv_continue(FNV_OFFSET, name.as_bytes())
}

/// The keys are hashes already: the map uses them as they are.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct KeyIsHash(u64);

impl std::hash::Hasher for KeyIsHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv_continue(self.0, bytes);
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// Learned weights by feature key.
pub(crate) type Weights = HashMap<u64, f32, std::hash::BuildHasherDefault<KeyIsHash>>;

/// Reads a linear model's file (the speaker ranker's, the statement chooser's): `header` first,
/// then `name<TAB>weight` per line (`#` lines are comments); `what` names it in errors.
pub(crate) fn parse_weights(text: &str, header: &str, what: &str) -> Result<Weights, String> {
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some(header) {
        return Err(format!("not {what}: the first line should be {header:?}"));
    }
    let mut weights = Weights::default();
    for (number, line) in lines.enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, weight) = line
            .rsplit_once('\t')
            .ok_or_else(|| format!("line {}: expected name<TAB>weight", number + 2))?;
        let weight: f32 = weight
            .parse()
            .map_err(|e| format!("line {}: weight {weight:?}: {e}", number + 2))?;
        weights.insert(feature_key(name), weight);
    }
    Ok(weights)
}

/// Writes a linear model's file: `header`, the `comment` lines, then the named weights sorted by
/// name.
pub(crate) fn write_weights(named: &[(String, f32)], header: &str, comment: &str) -> String {
    let mut named: Vec<&(String, f32)> = named.iter().collect();
    named.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = format!("{header}\n");
    for line in comment.lines() {
        let _ = writeln!(out, "# {line}");
    }
    for (name, weight) in named {
        let _ = writeln!(out, "{name}\t{weight}");
    }
    out
}

/// The learned weights.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpeakerModel {
    weights: Weights,
}

/// The first line of a model file.
const MODEL_HEADER: &str = "# article-annotator speaker ranker v1";

impl SpeakerModel {
    pub fn from_named_weights<'n>(weights: impl IntoIterator<Item = (&'n str, f32)>) -> Self {
        SpeakerModel {
            weights: weights
                .into_iter()
                .map(|(name, weight)| (feature_key(name), weight))
                .collect(),
        }
    }

    /// Reads a model file: the header, then `name<TAB>weight` per line (`#` lines are comments).
    pub fn parse(text: &str) -> Result<Self, String> {
        Ok(SpeakerModel {
            weights: parse_weights(text, MODEL_HEADER, "a speaker model")?,
        })
    }

    /// Writes a model file from named weights (sorted by name; `comment` lines after the
    /// header say how it was made).
    pub fn write(named: &[(String, f32)], comment: &str) -> String {
        write_weights(named, MODEL_HEADER, comment)
    }

    pub fn feature_count(&self) -> usize {
        self.weights.len()
    }

    pub fn score(&self, features: &[u64]) -> f32 {
        features
            .iter()
            .filter_map(|key| self.weights.get(key))
            .sum()
    }
}

impl Chooser for &SpeakerModel {
    fn choose(&mut self, choice: &Choice<'_>) -> Option<usize> {
        best_by(choice, |features| self.score(features))
    }
}

/// The candidate with the highest score; the first of equals.
pub fn best_by(choice: &Choice<'_>, score: impl Fn(&[u64]) -> f32) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (index, candidate) in choice.candidates.iter().enumerate() {
        let value = score(candidate.features);
        if best.is_none_or(|(_, top)| value > top) {
            best = Some((index, value));
        }
    }
    best.map(|(index, _)| index)
}

/// The model that ships with the app.
pub fn shipped_speaker_model() -> &'static SpeakerModel {
    static MODEL: std::sync::OnceLock<SpeakerModel> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        SpeakerModel::parse(include_str!("../../../../../assets/speaker-model.txt"))
            .expect("the shipped speaker model parses (a unit test checks)")
    })
}

/// Collects a candidate's features: hashed always, by name when asked.
pub(super) struct FeatureWriter {
    pub(super) keys: Vec<u64>,
    pub(super) names: Option<Vec<String>>,
}

impl FeatureWriter {
    pub(super) fn new(with_names: bool) -> Self {
        FeatureWriter {
            keys: Vec::new(),
            names: with_names.then(Vec::new),
        }
    }

    fn clear(&mut self) {
        self.keys.clear();
        if let Some(names) = &mut self.names {
            names.clear();
        }
    }

    /// Adds the feature `atom` (its parts joined) alone and after `prefix` (`prefix|atom`):
    /// hashed as the parts come, without building the name unless names are wanted.
    fn add(&mut self, prefix: &str, atom: &[&str]) {
        let alone = atom
            .iter()
            .fold(FNV_OFFSET, |hash, part| fnv_continue(hash, part.as_bytes()));
        let joined = fnv_continue(fnv_continue(FNV_OFFSET, prefix.as_bytes()), b"|");
        let joined = atom
            .iter()
            .fold(joined, |hash, part| fnv_continue(hash, part.as_bytes()));
        self.keys.push(alone);
        self.keys.push(joined);
        if let Some(names) = &mut self.names {
            let atom = atom.concat();
            names.push(format!("{prefix}|{atom}"));
            names.insert(names.len() - 1, atom);
        }
    }
}

/// A small count as a feature value.
fn small(count: usize) -> &'static str {
    const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    DIGITS.get(count).copied().unwrap_or("10+")
}

/// A yes/no feature value, written as Rust writes a bool.
fn flag(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

/// A distance in tokens, in buckets that grow with it.
fn bucket(distance: usize) -> &'static str {
    match distance {
        0 => "0",
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        5..=8 => "5-8",
        9..=16 => "9-16",
        17..=32 => "17-32",
        _ => "33+",
    }
}

/// What kind of mention a speaker is.
fn mention_kind(
    resolver: &Resolver<'_, '_>,
    phrase: &Range<usize>,
    speaker: &Speaker,
) -> &'static str {
    let document = resolver.document;
    let head = document.lower[phrase.end - 1].as_str();
    if phrase.len() == 1 && (is_speaker_pronoun(head) || head == "which") {
        return "pronoun";
    }
    if let Some(entity) = speaker.entity {
        return match resolver.entities[entity].kind {
            MentionKind::Person if phrase.clone().any(|i| document.person[i]) => "person",
            MentionKind::Person => "role",
            MentionKind::Organisation => "organisation",
            MentionKind::Place => "place",
            MentionKind::Date => "date",
        };
    }
    if ROLE_NOUNS.contains(head) {
        "role"
    } else if is_people_noun(head) {
        "people"
    } else if phrase.clone().all(|i| is_capitalised(document, i)) {
        "capitalised"
    } else {
        "nominal"
    }
}

/// Who a speaker is, for agreement between candidates: the entity, else the words.
fn identity(speaker: &Speaker) -> (Option<usize>, &str) {
    match speaker.entity {
        Some(entity) => (Some(entity), ""),
        None => (None, speaker.name.as_str()),
    }
}

/// The quotation's own features, the same for all its candidates.
pub(super) struct QuoteShape {
    opens_paragraph: bool,
    fills_paragraph: bool,
    opens_sentence: bool,
    last: &'static str,
    words: &'static str,
    first_in_paragraph: bool,
    joined: bool,
}

impl QuoteShape {
    /// The shape of the quotation in `region`; `previous` is the region of the quotation
    /// before it, if any.
    pub(super) fn new(
        document: &Document<'_>,
        region: &Region,
        previous: Option<&Region>,
        joined: bool,
    ) -> Self {
        let paragraph = &document.paragraphs[region.paragraph];
        let content = region.content();
        let last = if content.is_empty() {
            "none"
        } else {
            match document.word(content.end - 1) {
                "," => "comma",
                "." => "stop",
                "?" | "!" => "question",
                "—" | "–" | "-" | "―" | "..." | "…" => "dash",
                _ => "word",
            }
        };
        let word_count = content.filter(|&i| is_word(document.word(i))).count();
        QuoteShape {
            opens_paragraph: region.open == paragraph.start,
            fills_paragraph: region.open == paragraph.start && region.end >= paragraph.end,
            opens_sentence: is_sentence_start(document, region.open),
            last,
            words: match word_count {
                0..=3 => "1-3",
                4..=10 => "4-10",
                _ => "11+",
            },
            first_in_paragraph: previous
                .is_none_or(|previous| previous.paragraph != region.paragraph),
            joined,
        }
    }
}

/// Where a candidate's mention stands against the quotation.
struct Placement {
    direction: &'static str,
    gap: usize,
    sentence_ends: usize,
    paragraphs: usize,
}

fn placement(document: &Document<'_>, region: &Region, mention: &Range<usize>) -> Placement {
    let (direction, gap_range) = if mention.end <= region.open {
        ("before", mention.end..region.open)
    } else if mention.start >= region.end {
        ("after", region.end..mention.start)
    } else {
        ("inside", region.open..region.open)
    };
    let sentence_ends = document.sentence_ends_in(&gap_range).min(3);
    let paragraphs = document.paragraph_of[mention.start].abs_diff(region.paragraph);
    Placement {
        direction,
        gap: gap_range.len(),
        sentence_ends,
        paragraphs,
    }
}

/// Whether a reporting verb follows a mention closely ("Smith *has repeatedly said*"), past
/// modifiers and auxiliaries.
fn cue_follows(document: &Document<'_>, mention: &Range<usize>) -> bool {
    let end = (mention.end + WORDS_TO_THE_VERB).min(document.tokens.len());
    (mention.end..end)
        .take_while(|&i| !document.quoted[i] && !document.ends_sentence[i])
        .find(|&i| !is_verb_modifier(document, i) && document.word(i) != ",")
        .is_some_and(|i| is_cue(document, i))
}

/// How many words may stand between a subject and its reporting verb.
const WORDS_TO_THE_VERB: usize = 4;

/// Writes the features of every candidate of one quotation (one per distinct mention: `groups`
/// holds each mention's first candidate and the rules that proposed it).
#[allow(clippy::too_many_arguments)]
pub(super) fn write_features(
    written_pick: Option<usize>,
    resolver: &Resolver<'_, '_>,
    region: &Region,
    shape: &QuoteShape,
    candidates: &[ResolvedCandidate],
    groups: &[MentionGroup],
    previous_speaker: Option<&Speaker>,
    writer: &mut FeatureWriter,
    out_keys: &mut Vec<Vec<u64>>,
    out_names: &mut Vec<Vec<String>>,
) {
    let document = resolver.document;
    out_keys.clear();
    out_names.clear();
    let count = match groups.len() {
        0..=1 => "1",
        2 => "2",
        3 => "3",
        4..=6 => "4-6",
        _ => "7+",
    };
    // Each mention's place, to rank the mentions on each side of the quotation by distance.
    let mentions: Vec<Range<usize>> = groups
        .iter()
        .map(|group| {
            let speaker = &candidates[group.first].speaker;
            let proposed = &candidates[group.first].candidate.attribution.speaker;
            if document.span_of(proposed) == speaker.mention {
                return proposed.clone();
            }
            document
                .token_at(speaker.mention.start)
                .zip(document.token_at(speaker.mention.end.saturating_sub(1)))
                .map_or(proposed.clone(), |(start, last)| start..last + 1)
        })
        .collect();
    let places: Vec<Placement> = mentions
        .iter()
        .map(|mention| placement(document, region, mention))
        .collect();
    // Each sentence's subject, found once for the candidates that share the sentence.
    let mut subjects: Vec<(usize, Option<Range<usize>>)> = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        writer.clear();
        let sources = &group.sources;
        let ResolvedCandidate { candidate, speaker } = &candidates[group.first];
        let source = candidate.source.name();
        let phrase = &candidate.attribution.speaker;
        let mention = &mentions[g];
        let place = &places[g];
        let kind = mention_kind(resolver, phrase, speaker);
        let who = identity(speaker);
        let rank = places
            .iter()
            .filter(|other| other.direction == place.direction && other.gap < place.gap)
            .count();
        let same_entity = groups
            .iter()
            .enumerate()
            .filter(|&(other, o)| other != g && identity(&candidates[o.first].speaker) == who)
            .count();
        let patterns = sources.iter().filter(|s| s.is_pattern()).count();
        let same_as_previous = previous_speaker.is_some_and(|p| identity(p) == who);
        let sentence_start = document.sentence_start(mention.start);
        let sentence_subject = match subjects.iter().find(|(start, _)| *start == sentence_start) {
            Some((_, subject)) => subject.clone(),
            None => {
                let sentence_end = document.sentence_end(mention.start);
                let subject = main_subject(document, sentence_start, sentence_end);
                subjects.push((sentence_start, subject.clone()));
                subject
            }
        };
        let subject = sentence_subject
            .is_some_and(|subject| subject.start <= mention.start && mention.start < subject.end);
        let cue_after = cue_follows(document, mention);
        let cue_before = mention.start > 0 && is_cue(document, mention.start - 1);
        let cue = candidate
            .attribution
            .cue
            .as_ref()
            .map_or("none", |cue| document.lower[cue.start].as_str());
        let phrase_length = match mention.len() {
            1 => "1",
            2 => "2",
            3..=4 => "3-4",
            _ => "5+",
        };
        let direction = place.direction;
        let gap = bucket(place.gap);
        let (rank, same_entity) = (small(rank.min(3)), small(same_entity.min(3)));
        let (sentence_ends, paragraphs) =
            (small(place.sentence_ends), small(place.paragraphs.min(2)));
        let (subject, cue_after, cue_before) = (flag(subject), flag(cue_after), flag(cue_before));
        let same_as_previous = flag(same_as_previous);
        for rule in sources {
            writer.add("by", &[rule.name()]);
            writer.add(rule.name(), &["kind=", kind]);
        }
        let rules = small(sources.len().min(4));
        writer.add("rules", &[rules, "|patterns=", small(patterns.min(3))]);
        // What the rules in their written order would take: the baseline's own choice.
        let written = flag(written_pick == Some(g));
        writer.add("written_first", &[written]);
        writer.add(source, &["written_first=", written]);
        writer.add(source, &["bias"]);
        writer.add(source, &["kind=", kind]);
        writer.add(source, &["dir=", direction, "|gap=", gap]);
        writer.add(source, &["dir=", direction, "|rank=", rank]);
        writer.add(source, &["sentence_ends=", sentence_ends]);
        writer.add(source, &["paragraphs=", paragraphs]);
        writer.add(kind, &["dir=", direction, "|gap=", gap]);
        writer.add(kind, &["dir=", direction, "|rank=", rank]);
        writer.add(kind, &["sentence_ends=", sentence_ends, "|dir=", direction]);
        writer.add(source, &["same_entity=", same_entity]);
        writer.add(source, &["same_as_previous=", same_as_previous]);
        writer.add(kind, &["same_as_previous=", same_as_previous]);
        writer.add(source, &["subject=", subject]);
        writer.add(kind, &["subject=", subject, "|cue_after=", cue_after]);
        writer.add(
            direction,
            &[
                "cue_after=",
                cue_after,
                "|cue_before=",
                cue_before,
                "|subject=",
                subject,
            ],
        );
        writer.add(source, &["cue=", cue]);
        writer.add(source, &["phrase_length=", phrase_length]);
        writer.add(source, &["candidates=", count]);
        writer.add(source, &["opens_paragraph=", flag(shape.opens_paragraph)]);
        writer.add(source, &["fills_paragraph=", flag(shape.fills_paragraph)]);
        writer.add(source, &["opens_sentence=", flag(shape.opens_sentence)]);
        writer.add(source, &["last=", shape.last]);
        writer.add(
            direction,
            &[
                "last=",
                shape.last,
                "|opens_sentence=",
                flag(shape.opens_sentence),
            ],
        );
        writer.add(source, &["words=", shape.words]);
        writer.add(
            source,
            &["first_in_paragraph=", flag(shape.first_in_paragraph)],
        );
        writer.add(source, &["joined=", flag(shape.joined)]);
        out_keys.push(writer.keys.clone());
        if let Some(names) = &writer.names {
            out_names.push(names.clone());
        }
    }
}
