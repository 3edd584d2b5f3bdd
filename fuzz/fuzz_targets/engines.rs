//! Any article text through every engine (dates, names, grouping, quotes, reported speech): never
//! a panic; every quote, speaker mention, entity mention and reported content, source and cue
//! lies inside the text.
#![no_main]

use std::sync::OnceLock;

use engines::extract::{analyse_text, entities::model::EntityModel};
use libfuzzer_sys::fuzz_target;

fn model() -> &'static EntityModel {
    static MODEL: OnceLock<EntityModel> = OnceLock::new();
    MODEL.get_or_init(|| {
        EntityModel::from_bytes(include_bytes!("../../assets/entity-model.bin"))
            .expect("the shipped model loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let length = text.chars().count();
    let analysis = analyse_text(text, Some(model()), None);
    for quote in &analysis.quotes {
        assert!(quote.outer.start <= quote.span.start && quote.span.start <= quote.span.end);
        assert!(quote.span.end <= quote.outer.end && quote.outer.end <= length);
        if let Some(speaker) = &quote.speaker {
            assert!(speaker.mention.start < speaker.mention.end && speaker.mention.end <= length);
        }
    }
    for mention in &analysis.mentions {
        assert!(mention.span.start < mention.span.end && mention.span.end <= length);
    }
    // Every reading the rules propose, and every statement the learned choice keeps.
    for reading in engines::extract::attribution::reported::candidates(text) {
        let spans = [
            Some(reading.found.content),
            reading.found.source,
            Some(reading.found.cue),
        ];
        for span in spans.into_iter().flatten() {
            assert!(span.start < span.end && span.end <= length);
        }
    }
    for statement in &analysis.reported {
        let source = statement.source.as_ref().map(|s| s.mention);
        for span in [Some(statement.content), source, Some(statement.cue)]
            .into_iter()
            .flatten()
        {
            assert!(span.start < span.end && span.end <= length);
        }
    }
});
