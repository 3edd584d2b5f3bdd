//! Learning the speaker ranker's weights: an averaged perceptron over the candidates the rules
//! propose. Each quotation with a gold speaker is one decision: when the highest-scoring
//! candidate is wrong and a right one was proposed, the right one's features gain and the wrong
//! one's lose. Decisions run in text order with the weights being learned, exactly as the
//! engine runs (a quotation can carry over the speaker chosen before it). Deterministic: the
//! same documents and options give the same weights.

use std::collections::HashMap;

use domain::text::Span;

use crate::extract::attribution::quotations::find_quotes_with;
use crate::extract::attribution::ranker::{best_by, Choice, Chooser};
use crate::extract::{Entity, EntityMention};

/// A document to learn from: its text, its entity mentions (found once, by the entity engine),
/// and its gold quotations with their speakers.
pub struct SpeakerTrainingDocument {
    pub text: String,
    pub mentions: Vec<EntityMention>,
    pub entities: Vec<Entity>,
    /// Each gold quotation's words and its speaker's mention, when it has one.
    pub gold: Vec<(Span, Option<Span>)>,
}

#[derive(Clone, Copy, Debug)]
pub struct SpeakerTrainingOptions {
    pub epochs: usize,
    pub seed: u64,
    /// How many perceptrons, each seeing the documents in its own order (seeds `seed`,
    /// `seed + 1`, …), are averaged into the model: one order's luck is averaged out.
    pub runs: usize,
    /// Weights smaller than this (in absolute value) are left out of the model.
    pub prune_below: f32,
}

impl Default for SpeakerTrainingOptions {
    fn default() -> Self {
        SpeakerTrainingOptions {
            epochs: 8,
            seed: 7,
            runs: 5,
            prune_below: 0.001,
        }
    }
}

/// The perceptron, as a chooser the engine calls for each quotation.
struct Perceptron {
    weights: HashMap<u64, f64>,
    /// Each weight's updates, each times the step it was made at (for the average).
    timed: HashMap<u64, f64>,
    names: HashMap<u64, String>,
    step: f64,
    gold: Vec<(Span, Option<Span>)>,
    decisions: usize,
    mistakes: usize,
}

impl Perceptron {
    fn score(&self, features: &[u64]) -> f32 {
        features
            .iter()
            .filter_map(|key| self.weights.get(key))
            .sum::<f64>() as f32
    }

    fn update(&mut self, features: &[u64], names: Option<&[String]>, delta: f64) {
        for (i, &key) in features.iter().enumerate() {
            *self.weights.entry(key).or_default() += delta;
            *self.timed.entry(key).or_default() += self.step * delta;
            if let Some(name) = names.and_then(|names| names.get(i)) {
                self.names.entry(key).or_insert_with(|| name.clone());
            }
        }
    }

    /// The averaged weights by name.
    fn averaged(&self) -> Vec<(String, f32)> {
        let steps = self.step.max(1.0);
        self.weights
            .iter()
            .map(|(key, weight)| {
                let average = (weight - self.timed[key] / steps) as f32;
                (self.names[key].clone(), average)
            })
            .collect()
    }
}

impl Chooser for Perceptron {
    fn choose(&mut self, choice: &Choice<'_>) -> Option<usize> {
        self.step += 1.0;
        let predicted = best_by(choice, |features| self.score(features))?;
        let gold = self
            .gold
            .iter()
            .filter(|(quote, _)| quote.overlaps(&choice.quote))
            .find_map(|(_, speaker)| *speaker);
        let Some(gold) = gold else {
            return Some(predicted);
        };
        let right = |index: usize| choice.candidates[index].mention.overlaps(&gold);
        self.decisions += 1;
        if right(predicted) {
            return Some(predicted);
        }
        let best_right = (0..choice.candidates.len())
            .filter(|&index| right(index))
            .max_by(|&a, &b| {
                let (a, b) = (
                    self.score(choice.candidates[a].features),
                    self.score(choice.candidates[b].features),
                );
                a.total_cmp(&b)
            });
        if let Some(best_right) = best_right {
            self.mistakes += 1;
            let good = &choice.candidates[best_right];
            let bad = &choice.candidates[predicted];
            self.update(good.features, good.names, 1.0);
            self.update(bad.features, bad.names, -1.0);
        }
        Some(predicted)
    }

    fn wants_names(&self) -> bool {
        true
    }
}

/// A small deterministic generator for the document order of each epoch.
fn shuffled(count: usize, seed: u64) -> Vec<usize> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut order: Vec<usize> = (0..count).collect();
    for i in (1..count).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    order
}

/// What training reports after each epoch: the epoch, the decisions the current weights got
/// wrong (where a right candidate existed), and the decisions made.
pub type EpochReport<'r> = &'r mut dyn FnMut(usize, usize, usize);

/// Learns the ranker's weights; returns them by name, sorted (ready for [`super::SpeakerModel::write`]).
/// The mean of `options.runs` averaged perceptrons; weights smaller than `prune_below` left out.
pub fn train_speakers(
    documents: &[SpeakerTrainingDocument],
    options: SpeakerTrainingOptions,
    report: EpochReport<'_>,
) -> Vec<(String, f32)> {
    let runs = options.runs.max(1);
    let mut sums: std::collections::BTreeMap<String, f64> = std::collections::BTreeMap::new();
    for run in 0..runs {
        let seed = options
            .seed
            .wrapping_add(run as u64 * options.epochs as u64);
        for (name, weight) in train_one(documents, options.epochs, seed, report) {
            *sums.entry(name).or_default() += f64::from(weight);
        }
    }
    sums.into_iter()
        .map(|(name, sum)| (name, (sum / runs as f64) as f32))
        .filter(|(_, weight)| weight.abs() >= options.prune_below)
        .collect()
}

/// One averaged perceptron, its documents shuffled from `seed`; every weight, by name.
fn train_one(
    documents: &[SpeakerTrainingDocument],
    epochs: usize,
    seed: u64,
    report: EpochReport<'_>,
) -> Vec<(String, f32)> {
    let mut perceptron = Perceptron {
        weights: HashMap::new(),
        timed: HashMap::new(),
        names: HashMap::new(),
        step: 0.0,
        gold: Vec::new(),
        decisions: 0,
        mistakes: 0,
    };
    for epoch in 1..=epochs {
        perceptron.decisions = 0;
        perceptron.mistakes = 0;
        for index in shuffled(documents.len(), seed + epoch as u64) {
            let document = &documents[index];
            perceptron.gold.clone_from(&document.gold);
            find_quotes_with(
                &document.text,
                &document.mentions,
                &document.entities,
                &mut perceptron,
            );
        }
        report(epoch, perceptron.mistakes, perceptron.decisions);
    }
    perceptron.averaged()
}
