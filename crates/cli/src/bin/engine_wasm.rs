//! The engines compiled to wasm for Node, for the benchmarks: the very code the page runs, with
//! a few exports (`scripts/bench.sh` builds it with `wasm-bindgen --target nodejs`).

#[cfg(target_arch = "wasm32")]
mod exports {
    use std::sync::OnceLock;

    use cli::evaluation::entities::{score_document, ConllDocument, PredictedEntity};
    use domain::text::{Span, TextIndex};
    use engines::extract::analyse_text;
    use engines::extract::entities::{find_names, EntityModel, EntityType};
    use wasm_bindgen::prelude::*;

    fn model() -> &'static EntityModel {
        static MODEL: OnceLock<EntityModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            EntityModel::from_bytes(cli::ENTITY_MODEL).expect("the shipped model loads")
        })
    }

    /// Loads the model now, so that timings measure tagging only.
    #[wasm_bindgen]
    pub fn load_model() -> u32 {
        model().feature_count() as u32
    }

    fn type_code(kind: EntityType) -> u32 {
        match kind {
            EntityType::Person => 0,
            EntityType::Organisation => 1,
            EntityType::Place => 2,
            EntityType::Misc => 3,
        }
    }

    /// The entity engine: `[start, end, type]` triples in code points (0 person, 1 organisation,
    /// 2 place, 3 misc).
    #[wasm_bindgen]
    pub fn find_entities(text: &str) -> Vec<u32> {
        let index = TextIndex::new(text);
        find_names(model(), text)
            .into_iter()
            .flat_map(|m| {
                let span = index.span_of_bytes(m.bytes);
                [span.start as u32, span.end as u32, type_code(m.kind)]
            })
            .collect()
    }

    /// The HTML reader over a saved page's bytes (charset, tree, article, metadata): the number
    /// of blocks it found (0 when it found no article).
    #[wasm_bindgen]
    pub fn read_page(bytes: &[u8]) -> u32 {
        engines::read::open_article_bytes("page.html", bytes)
            .map_or(0, |article| article.blocks.len() as u32)
    }

    /// Every engine (dates, entities, grouping, quotes): the number of things found.
    #[wasm_bindgen]
    pub fn analyse(text: &str) -> u32 {
        let analysis = analyse_text(text, Some(model()), None);
        (analysis.mentions.len() + analysis.quotes.len()) as u32
    }

    /// Scores `[start, end, type]` triples against a CoNLL document (JSON), as the evaluation
    /// command does; returns `[true positives, predicted, gold]` for ALL3.
    #[wasm_bindgen]
    pub fn score_conll(document_json: &str, predictions: Vec<u32>) -> Vec<u32> {
        let Ok(document) = serde_json::from_str::<ConllDocument>(document_json) else {
            return vec![0, 0, 0];
        };
        let predicted: Vec<PredictedEntity> = predictions
            .chunks_exact(3)
            .filter_map(|triple| {
                let kind = match triple[2] {
                    0 => EntityType::Person,
                    1 => EntityType::Organisation,
                    2 => EntityType::Place,
                    _ => return None,
                };
                Some(PredictedEntity {
                    span: Span::new(triple[0] as usize, triple[1] as usize),
                    kind,
                })
            })
            .collect();
        let report = score_document(&document, &predicted);
        vec![
            report.all3.true_positives as u32,
            report.all3.predicted as u32,
            report.all3.gold as u32,
        ]
    }
}

fn main() {}
