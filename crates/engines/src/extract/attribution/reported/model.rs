//! The learned choice among reported-speech candidates: a linear model over each candidate's
//! named features (its cue and neighbours, pattern, lengths, source words and kind, …), trained
//! by `train-attributions` on PolNeAR train as an averaged perceptron, and shipped as
//! `assets/statement-model.txt` (a header, then `name<TAB>weight` per line).

use crate::extract::attribution::feature_key;
use crate::extract::attribution::ranker::{parse_weights, write_weights, Weights};
use crate::language::tokens::tokenize;
use crate::language::words::{AUXILIARIES, DETERMINERS, MINOR_WORDS, PREPOSITIONS, VERB_MODIFIERS};
use std::collections::{HashMap, HashSet};

/// The first line of a model file.
const MODEL_HEADER: &str = "# article-annotator statement chooser v1";

/// The learned weights, by feature key, and the cue words learned beside the written lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatementModel {
    weights: Weights,
    cues: CueWords,
}

/// Cue words learned from the attributions of the training articles (`assets/learned-cues.txt`):
/// words that open an attribution's cue often enough, and a large enough share of the times they
/// are written, to propose readings as the written reporting verbs do ("endorsed", "urged").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CueWords(HashSet<String>);

/// How cue words are learned: how often a word must open a cue, and the share of its
/// occurrences (in lower case) that must be cues.
#[derive(Clone, Copy, Debug)]
pub struct CueLearning {
    pub min_count: usize,
    pub min_share: f64,
}

impl Default for CueLearning {
    fn default() -> Self {
        CueLearning {
            min_count: 5,
            min_share: 0.25,
        }
    }
}

impl CueWords {
    /// No learned cue words (the rules alone read the written lists only).
    pub fn none() -> &'static CueWords {
        static NONE: std::sync::OnceLock<CueWords> = std::sync::OnceLock::new();
        NONE.get_or_init(CueWords::default)
    }

    /// Whether a lowercase word is a learned cue.
    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Learns cue words from `texts` and the cues attributed in them (`cues`, as written):
    /// the first word of each cue (of three letters or more) that is not an auxiliary,
    /// determiner, preposition, minor word, verb modifier ("also", "later") or adverb in -ly,
    /// counted, kept when it opens at least `min_count` cues and at least
    /// `min_share` of its lower-case occurrences in the texts are cues; words `known` already
    /// are left out.
    pub fn learn<'t>(
        texts: impl Iterator<Item = &'t str>,
        cues: impl Iterator<Item = &'t str>,
        learning: CueLearning,
        known: impl Fn(&str) -> bool,
    ) -> CueWords {
        let mut as_cue: HashMap<String, usize> = HashMap::new();
        for cue in cues {
            let head = tokenize(cue).into_iter().map(|t| t.text).find(|word| {
                let lower = word.to_lowercase();
                // (Three letters at least: "'ll", "'ve", "'d" are pieces of contractions.)
                word.chars().count() >= 3
                    && word.chars().all(char::is_alphabetic)
                    && !AUXILIARIES.contains(&lower)
                    && !DETERMINERS.contains(&lower)
                    && !PREPOSITIONS.contains(&lower)
                    && !MINOR_WORDS.contains(&lower)
                    && !VERB_MODIFIERS.contains(&lower)
                    && !lower.ends_with("ly")
            });
            if let Some(head) = head {
                *as_cue.entry(head.to_lowercase()).or_default() += 1;
            }
        }
        let mut written: HashMap<&str, usize> = HashMap::new();
        for text in texts {
            for token in tokenize(text) {
                if token.text.starts_with(char::is_lowercase) {
                    if let Some(count) = as_cue.get_key_value(token.text) {
                        *written.entry(count.0.as_str()).or_default() += 1;
                    }
                }
            }
        }
        CueWords(
            as_cue
                .iter()
                .filter(|(word, &count)| {
                    let occurrences = written.get(word.as_str()).copied().unwrap_or(0).max(1);
                    count >= learning.min_count
                        && count as f64 / occurrences as f64 >= learning.min_share
                        && !known(word)
                })
                .map(|(word, _)| word.clone())
                .collect(),
        )
    }

    /// Reads a cue file: one lowercase word per line, `#` lines are comments.
    pub fn parse(text: &str) -> CueWords {
        CueWords(
            text.lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .map(str::to_owned)
                .collect(),
        )
    }

    /// A cue file of these words, sorted; `comment` says how they were learned.
    pub fn write(&self, comment: &str) -> String {
        let mut words: Vec<&String> = self.0.iter().collect();
        words.sort();
        let mut out: String = comment.lines().map(|line| format!("# {line}\n")).collect();
        for word in words {
            out.push_str(word);
            out.push('\n');
        }
        out
    }
}

impl StatementModel {
    /// A model from weights by feature name.
    pub fn from_named(named: &[(String, f32)]) -> Self {
        StatementModel {
            weights: named
                .iter()
                .map(|(name, weight)| (feature_key(name), *weight))
                .collect(),
            cues: CueWords::default(),
        }
    }

    /// This model with the cue words learned beside it.
    pub fn with_cues(self, cues: CueWords) -> Self {
        StatementModel { cues, ..self }
    }

    /// The cue words learned beside the written lists.
    pub fn cues(&self) -> &CueWords {
        &self.cues
    }

    /// Reads a model file: the header, then `name<TAB>weight` per line (`#` lines are comments).
    pub fn parse(text: &str) -> Result<Self, String> {
        Ok(StatementModel {
            weights: parse_weights(text, MODEL_HEADER, "a statement model")?,
            cues: CueWords::default(),
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
            .with_cues(CueWords::parse(include_str!(
                "../../../../../../assets/learned-cues.txt"
            )))
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
    fn cue_words_are_learned_from_how_often_a_word_opens_a_cue() {
        let texts = [
            "The mayor endorsed the plan. Critics endorsed nothing. She endorsed him.",
            "The union endorsed the deal. He walked home. He walked on. They'll go.",
        ];
        // As written in the attributions: "endorsed" four times, "has also slammed" once,
        // "walked" once, "said" (a written cue) twice, "'ll" (a piece of a word) three times.
        let cues = [
            "endorsed",
            "endorsed",
            "endorsed",
            "has endorsed",
            "has also slammed",
            "walked",
            "said",
            "said",
            "'ll",
            "'ll",
            "'ll",
        ];
        let learning = CueLearning {
            min_count: 2,
            min_share: 0.5,
        };
        let learned = CueWords::learn(texts.into_iter(), cues.into_iter(), learning, |word| {
            word == "said"
        });
        assert!(learned.contains("endorsed"), "{learned:?}");
        // Too rare as a cue, written already, a piece of a word, a modifier: not learned.
        for word in ["slammed", "walked", "said", "ll", "also", "has"] {
            assert!(!learned.contains(word), "{word}: {learned:?}");
        }
        // The file round-trips, and the shipped one is read beside the model.
        assert_eq!(
            CueWords::parse(&learned.write("a comment\nof two lines")),
            learned
        );
        let shipped = shipped_statement_model().cues();
        assert!(
            shipped.len() >= 20,
            "{} learned cue words shipped",
            shipped.len()
        );
        assert!(!shipped.contains("said"), "written cues are not repeated");
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
