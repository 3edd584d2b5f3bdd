//! The learned choice among reported-speech candidates: a linear model over each candidate's
//! named features (its cue and neighbours, pattern, lengths, source words and kind, …), trained
//! by `train-attributions` on PolNeAR train as an averaged perceptron, and shipped as
//! `assets/statement-model.txt` (a header, then `name<TAB>weight` per line).

use crate::extract::attribution::feature_key;
use crate::extract::attribution::ranker::{parse_weights, write_weights, Weights};
use std::collections::HashMap;

/// The first line of a model file.
const MODEL_HEADER: &str = "# article-annotator statement chooser v1";

/// The learned weights, by feature key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatementModel {
    weights: Weights,
}

impl StatementModel {
    /// A model from weights by feature name.
    pub fn from_named(named: &[(String, f32)]) -> Self {
        StatementModel {
            weights: named
                .iter()
                .map(|(name, weight)| (feature_key(name), *weight))
                .collect(),
        }
    }

    /// Reads a model file: the header, then `name<TAB>weight` per line (`#` lines are comments).
    pub fn parse(text: &str) -> Result<Self, String> {
        Ok(StatementModel {
            weights: parse_weights(text, MODEL_HEADER, "a statement model")?,
        })
    }

    /// A model file of named weights, sorted by name; `comment` says how it was made.
    pub fn write(named: &[(String, f32)], comment: &str) -> String {
        write_weights(named, MODEL_HEADER, comment)
    }

    pub fn feature_count(&self) -> usize {
        self.weights.len()
    }

    /// The score of a candidate with the features of these keys: above zero, it is kept.
    pub fn score(&self, keys: &[u64]) -> f32 {
        keys.iter().filter_map(|key| self.weights.get(key)).sum()
    }

    /// [`StatementModel::score`], by feature names.
    pub fn score_named(&self, features: &[String]) -> f32 {
        let keys: Vec<u64> = features.iter().map(|name| feature_key(name)).collect();
        self.score(&keys)
    }
}

/// The model that ships with the app.
pub fn shipped_statement_model() -> &'static StatementModel {
    static MODEL: std::sync::OnceLock<StatementModel> = std::sync::OnceLock::new();
    MODEL.get_or_init(|| {
        StatementModel::parse(include_str!("../../../../../../assets/statement-model.txt"))
            .expect("the shipped statement model parses (a unit test checks)")
    })
}

/// How training runs: passes over the examples, the seed of their order, and the smallest
/// weight kept (smaller ones are left out of the file).
#[derive(Clone, Copy, Debug)]
pub struct TrainingOptions {
    pub epochs: usize,
    pub seed: u64,
    pub prune: f32,
    /// Added to the `bias` weight after training: above zero keeps more readings (recall), below
    /// fewer (precision). 8, chosen by 5-fold cross-validation on train (end-to-end F1 of 1, 2, 4,
    /// 8, 12, 16, 24: 45.2, 45.7, 46.1, 46.5, 46.4, 46.3, 46.0).
    pub margin: f32,
}

impl Default for TrainingOptions {
    fn default() -> Self {
        TrainingOptions {
            epochs: 10,
            seed: 7,
            prune: 1.0,
            margin: 8.0,
        }
    }
}

/// Trains the choice as an averaged perceptron: each example is a candidate's features and
/// whether it is right (it matches a gold attribution, source and all). Deterministic: the same
/// examples and options give the same weights, by name.
pub fn train(examples: &[(Vec<String>, bool)], options: TrainingOptions) -> Vec<(String, f32)> {
    // Features as indices, numbered in order of first appearance (deterministic).
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut names: Vec<&str> = Vec::new();
    let encoded: Vec<(Vec<usize>, f32)> = examples
        .iter()
        .map(|(features, right)| {
            let keys = features
                .iter()
                .map(|name| {
                    *index.entry(name.as_str()).or_insert_with(|| {
                        names.push(name.as_str());
                        names.len() - 1
                    })
                })
                .collect();
            (keys, if *right { 1.0 } else { -1.0 })
        })
        .collect();
    let mut weights = vec![0.0f64; names.len()];
    // Each update weighted by when it happened, for the average.
    let mut stamped = vec![0.0f64; names.len()];
    let mut order: Vec<usize> = (0..encoded.len()).collect();
    let mut state = options.seed.max(1);
    let mut step = 1.0f64;
    for _ in 0..options.epochs {
        // Fisher–Yates with xorshift: the same seed, the same order.
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        for &e in &order {
            let (keys, label) = &encoded[e];
            let score: f64 = keys.iter().map(|&k| weights[k]).sum();
            if score * f64::from(*label) <= 0.0 {
                for &k in keys {
                    weights[k] += f64::from(*label);
                    stamped[k] += step * f64::from(*label);
                }
            }
            step += 1.0;
        }
    }
    names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let averaged = (weights[k] - stamped[k] / step) as f32;
            let shift = if *name == "bias" { options.margin } else { 0.0 };
            ((*name).to_owned(), averaged + shift)
        })
        .filter(|(_, weight)| weight.abs() >= options.prune)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_parses_and_weighs_the_clearest_cases() {
        let model = shipped_statement_model();
        assert!(model.feature_count() > 100);
        assert_eq!(
            StatementModel::parse(&StatementModel::write(&[("bias".into(), 1.5)], "test"))
                .unwrap()
                .score_named(&["bias".into(), "unknown".into()]),
            1.5
        );
        assert!(StatementModel::parse("not a model").is_err());
    }

    #[test]
    fn training_learns_a_separable_choice_and_is_deterministic() {
        let example = |words: &[&str], right| {
            (
                words.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>(),
                right,
            )
        };
        let examples: Vec<(Vec<String>, bool)> = (0..40)
            .flat_map(|_| {
                [
                    example(&["bias", "cue=said", "pattern=forward"], true),
                    example(&["bias", "cue=asked", "pattern=forward"], false),
                ]
            })
            .collect();
        let options = TrainingOptions {
            margin: 0.0,
            prune: 0.001,
            ..TrainingOptions::default()
        };
        let weights = train(&examples, options);
        assert_eq!(weights, train(&examples, options), "deterministic");
        let model = StatementModel::from_named(&weights);
        let said = ["bias", "cue=said", "pattern=forward"].map(String::from);
        let asked = ["bias", "cue=asked", "pattern=forward"].map(String::from);
        assert!(model.score_named(&said) > 0.0);
        assert!(model.score_named(&asked) <= 0.0);
    }
}
