//! Training the entity model: an averaged perceptron over the features of
//! [`super::features`], decoding greedily as tagging does, on documents of tokens with gold tags.
//!
//! Pure and deterministic: the same documents and options give the same model, byte for byte.

use std::collections::{HashMap, HashSet};

use super::features::{DocumentStats, SentenceInput, SentenceView, TagHistory};
use super::gazetteer::{sequence_hash, Gazetteer, ListKind, ListMatch};
use super::model::{best_tag, EntityModel, Scorer};
use super::tags::{tags_to_runs, EntityType, Tag};

/// A training document: sentences of words with their gold tags.
#[derive(Clone, Debug)]
pub struct TrainingDocument {
    pub sentences: Vec<(Vec<String>, Vec<Tag>)>,
}

impl TrainingDocument {
    fn inputs(&self) -> Vec<SentenceInput<'_>> {
        self.sentences
            .iter()
            .map(|(words, _)| SentenceInput::from_words(words.iter().map(String::as_str).collect()))
            .collect()
    }

    /// The names this document tags, as (token-hash sequence, list) pairs.
    fn names(&self) -> HashSet<(u64, ListKind)> {
        let mut names = HashSet::new();
        for (words, tags) in &self.sentences {
            let hashes: Vec<u64> = words
                .iter()
                .map(|w| super::features::hash_lower(w))
                .collect();
            for (start, end, kind) in tags_to_runs(tags) {
                names.insert((sequence_hash(&hashes[start..end]), trained_list(kind)));
            }
        }
        names
    }
}

fn trained_list(kind: EntityType) -> ListKind {
    match kind {
        EntityType::Person => ListKind::TrainedPerson,
        EntityType::Organisation => ListKind::TrainedOrganisation,
        EntityType::Place => ListKind::TrainedPlace,
        EntityType::Misc => ListKind::TrainedMisc,
    }
}

/// How to train.
#[derive(Clone, Copy, Debug)]
pub struct TrainingOptions {
    pub epochs: usize,
    /// Seed of the deterministic shuffle of documents between epochs.
    pub seed: u64,
    /// Averaged weights smaller than this (in absolute value) are dropped from the model.
    pub prune_below: f32,
}

impl Default for TrainingOptions {
    fn default() -> Self {
        TrainingOptions {
            epochs: 10,
            seed: 2,
            prune_below: 0.0,
        }
    }
}

#[derive(Clone)]
struct Weight {
    current: [f32; Tag::COUNT],
    total: [f64; Tag::COUNT],
    stamp: [u64; Tag::COUNT],
}

struct Perceptron {
    weights: HashMap<u32, Weight>,
    step: u64,
}

impl Scorer for Perceptron {
    fn scores(&self, features: &[u32]) -> [f32; Tag::COUNT] {
        let mut sums = [0f32; Tag::COUNT];
        for key in features {
            if let Some(weight) = self.weights.get(key) {
                for (sum, w) in sums.iter_mut().zip(weight.current) {
                    *sum += w;
                }
            }
        }
        sums
    }
}

impl Perceptron {
    fn update(&mut self, features: &[u32], gold: Tag, guess: Tag) {
        let step = self.step;
        for &key in features {
            let weight = self.weights.entry(key).or_insert(Weight {
                current: [0.0; Tag::COUNT],
                total: [0.0; Tag::COUNT],
                stamp: [0; Tag::COUNT],
            });
            for (class, delta) in [(gold.index(), 1.0f32), (guess.index(), -1.0)] {
                weight.total[class] +=
                    (step - weight.stamp[class]) as f64 * f64::from(weight.current[class]);
                weight.stamp[class] = step;
                weight.current[class] += delta;
            }
        }
    }

    fn averaged(&self) -> Vec<(u32, [f32; Tag::COUNT])> {
        let step = self.step.max(1);
        let mut rows: Vec<(u32, [f32; Tag::COUNT])> = self
            .weights
            .iter()
            .map(|(&key, weight)| {
                let mut row = [0f32; Tag::COUNT];
                for (class, weight_row) in row.iter_mut().enumerate() {
                    let total = weight.total[class]
                        + (step - weight.stamp[class]) as f64 * f64::from(weight.current[class]);
                    *weight_row = (total / step as f64) as f32;
                }
                (key, row)
            })
            .collect();
        rows.sort_unstable_by_key(|(key, _)| *key);
        rows
    }
}

/// A deterministic shuffle (a linear congruential generator driving Fisher–Yates).
fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for i in (1..items.len()).rev() {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let j = (*seed >> 33) as usize % (i + 1);
        items.swap(i, j);
    }
}

/// The names the documents tag, counted by the documents naming them, as a gazetteer.
pub fn trained_gazetteer(documents: &[TrainingDocument]) -> Gazetteer {
    let mut counts: HashMap<(String, ListKind), u16> = HashMap::new();
    for document in documents {
        let mut seen = HashSet::new();
        for (words, tags) in &document.sentences {
            for (start, end, kind) in tags_to_runs(tags) {
                let name = words[start..end].join(" ");
                if seen.insert((name.clone(), kind)) {
                    *counts.entry((name, trained_list(kind))).or_default() += 1;
                }
            }
        }
    }
    let mut names: Vec<((String, ListKind), u16)> = counts.into_iter().collect();
    names.sort();
    let mut gazetteer = Gazetteer::built_in();
    for ((name, kind), documents) in names {
        gazetteer.add(&name, kind, documents);
    }
    gazetteer
}

/// Trains a model; `progress` hears after each epoch (epoch, tokens wrong, tokens seen).
pub fn train(
    documents: &[TrainingDocument],
    options: TrainingOptions,
    mut progress: impl FnMut(usize, usize, usize),
) -> EntityModel {
    let gazetteer = trained_gazetteer(documents);
    let mut perceptron = Perceptron {
        weights: HashMap::new(),
        step: 1,
    };
    let mut order: Vec<usize> = (0..documents.len()).collect();
    let mut seed = options.seed;
    let mut features = Vec::with_capacity(64);
    let document_names: Vec<HashSet<(u64, ListKind)>> =
        documents.iter().map(TrainingDocument::names).collect();
    for epoch in 0..options.epochs {
        shuffle(&mut order, &mut seed);
        let (mut wrong, mut seen) = (0, 0);
        for &index in &order {
            let document = &documents[index];
            let inputs = document.inputs();
            let stats = DocumentStats::new(&inputs);
            let own_names = &document_names[index];
            // A name only this document tags is hidden from it: at run time, unseen names are
            // the ones that matter.
            let keep = |found: &ListMatch, hashes: &[u64]| {
                found.kind < ListKind::TrainedPerson
                    || found.documents > 1
                    || !own_names.contains(&(sequence_hash(hashes), found.kind))
            };
            let views: Vec<SentenceView<'_, '_>> = inputs
                .iter()
                .map(|input| SentenceView::new(input, &gazetteer, Some(&keep)))
                .collect();
            // Both passes learn: the first without, the second with the first's tags of the
            // whole document, as tagging runs them.
            let mut first_pass = TagHistory::default();
            for pass in 0..2 {
                let mut history = TagHistory::default();
                for (view, (_, gold)) in views.iter().zip(&document.sentences) {
                    let document_tags = (pass == 1).then_some(&first_pass);
                    let (mut previous, mut before_previous) = (Tag::START, Tag::START);
                    let mut guesses = Vec::with_capacity(gold.len());
                    for (i, &gold_tag) in gold.iter().enumerate() {
                        features.clear();
                        view.features(
                            i,
                            previous,
                            before_previous,
                            &stats,
                            &history,
                            document_tags,
                            &mut features,
                        );
                        let guess = best_tag(&perceptron.scores(&features), previous);
                        if guess != gold_tag {
                            perceptron.update(&features, gold_tag, guess);
                            wrong += pass;
                        }
                        perceptron.step += 1;
                        seen += pass;
                        guesses.push(guess);
                        before_previous = previous;
                        previous = guess;
                    }
                    history.record_sentence(view.sentence, &guesses);
                }
                if pass == 0 {
                    first_pass = history;
                }
            }
        }
        progress(epoch + 1, wrong, seen);
    }
    let mut rows = perceptron.averaged();
    for (_, row) in &mut rows {
        for weight in row.iter_mut().filter(|w| w.abs() < options.prune_below) {
            *weight = 0.0;
        }
    }
    // Weights are stored as 16-bit multiples of a scale that fits the largest.
    let largest = rows
        .iter()
        .flat_map(|(_, row)| row.iter())
        .fold(0f32, |m, w| m.max(w.abs()));
    let scale = (largest / 32_000.0).max(f32::MIN_POSITIVE);
    EntityModel::from_weights(rows, gazetteer, scale)
}

/// Tags documents with a model and returns, per document, its entity runs per sentence
/// (for scoring on token-aligned data).
pub fn greedy_document_tags(model: &EntityModel, document: &TrainingDocument) -> Vec<Vec<Tag>> {
    let inputs = document.inputs();
    model.tag_document(&inputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(text: &str) -> TrainingDocument {
        // "Word/TAG" pairs, TAG one of O, PER, ORG, LOC (begin) or lowercase (inside).
        let sentences = text
            .lines()
            .map(|line| {
                let mut words = Vec::new();
                let mut tags = Vec::new();
                for pair in line.split_whitespace() {
                    let (word, tag) = pair.rsplit_once('/').unwrap();
                    words.push(word.to_owned());
                    tags.push(match tag {
                        "O" => Tag::OUTSIDE,
                        "PER" => Tag::begin(EntityType::Person),
                        "per" => Tag::inside(EntityType::Person),
                        "ORG" => Tag::begin(EntityType::Organisation),
                        "LOC" => Tag::begin(EntityType::Place),
                        other => panic!("tag {other}"),
                    });
                }
                (words, tags)
            })
            .collect();
        TrainingDocument { sentences }
    }

    #[test]
    fn training_learns_a_small_pattern_and_is_deterministic() {
        let documents = vec![
            document(
                "Anna/PER Berg/per visited/O Oslo/LOC ./O\nThe/O bank/O Nordea/ORG grew/O ./O",
            ),
            document(
                "Ivan/PER Petrov/per left/O Kiev/LOC ./O\nShares/O in/O Statoil/ORG fell/O ./O",
            ),
            document(
                "Maria/PER Lopez/per reached/O Lima/LOC ./O\nThe/O firm/O Repsol/ORG rose/O ./O",
            ),
        ];
        let options = TrainingOptions {
            epochs: 8,
            ..TrainingOptions::default()
        };
        let model = train(&documents, options, |_, _, _| {});
        let again = train(&documents, options, |_, _, _| {});
        assert_eq!(
            model.to_bytes(),
            again.to_bytes(),
            "training is deterministic"
        );
        let test = document("Olga/PER Berg/per visited/O Lima/LOC ./O");
        let tags = greedy_document_tags(&model, &test);
        assert_eq!(tags[0], test.sentences[0].1);
    }
}
