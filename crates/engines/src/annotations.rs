//! What the engines found, as the domain's annotations: quotations and terms with their
//! speakers, entity mentions with the name they are grouped under, dates with their calendar
//! value. Engine annotations are named by kind and span ([`engine_id`]), so running the engines
//! again on the same text gives the same ids and the reader's corrections find them again.

use domain::annotation::{
    engine_id, merge_shown, shown_order, sort_annotations, Annotation, AnnotationKind, Origin,
    SpeakerRef,
};

use crate::extract::quotes::QuoteKind;
use crate::extract::{Analysis, MentionKind};

/// The annotation kind of an entity mention's kind.
fn annotation_kind(kind: MentionKind) -> AnnotationKind {
    match kind {
        MentionKind::Person => AnnotationKind::Person,
        MentionKind::Organisation => AnnotationKind::Organisation,
        MentionKind::Place => AnnotationKind::Place,
        MentionKind::Date => AnnotationKind::Date,
    }
}

/// The engines' findings as annotations, in text order.
pub fn from_analysis(analysis: &Analysis) -> Vec<Annotation> {
    let mut quotes = Vec::with_capacity(analysis.quotes.len());
    for quote in &analysis.quotes {
        let kind = match quote.kind {
            QuoteKind::Quote => AnnotationKind::Quote,
            QuoteKind::Term => AnnotationKind::Term,
        };
        if quote.span.is_empty() {
            continue;
        }
        let speaker = quote.speaker.as_ref().map(|s| SpeakerRef {
            name: s.name.clone(),
            mention: Some(s.mention),
        });
        quotes.push(Annotation {
            id: engine_id(kind, quote.span),
            speaker,
            origin: Origin::Engine,
            color: None,
            ..Annotation::by_reader(String::new(), kind, quote.span)
        });
    }
    let mut mentions = Vec::with_capacity(analysis.mentions.len());
    for mention in &analysis.mentions {
        let kind = annotation_kind(mention.kind);
        mentions.push(Annotation {
            id: engine_id(kind, mention.span),
            entity: Some(analysis.entity_name(mention).to_owned()),
            date: mention.date.map(|value| value.to_string()),
            origin: Origin::Engine,
            color: None,
            ..Annotation::by_reader(String::new(), kind, mention.span)
        });
    }
    // Each list comes in text order from its engine (sorted here if not): merged, not sorted.
    for list in [&mut quotes, &mut mentions] {
        if !list.is_sorted_by(|a, b| shown_order(a, b).is_le()) {
            sort_annotations(list);
        }
    }
    merge_shown(quotes, mentions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::analyse;
    use crate::extract::entities::shipped_model as model;
    use crate::read::parse_plain_text;
    use domain::article::SAMPLE_TEXT;
    use domain::text::TextIndex;

    #[test]
    fn engine_annotations_of_the_sample() {
        let article = parse_plain_text(SAMPLE_TEXT);
        let annotations = from_analysis(&analyse(&article, Some(model())));
        let index = TextIndex::new(&article.text);
        let quote = annotations
            .iter()
            .find(|a| a.kind == AnnotationKind::Quote)
            .unwrap();
        assert_eq!(
            quote.describe(quote.text(&index)),
            "quote by Jens Stoltenberg"
        );
        assert_eq!(
            quote
                .speaker
                .as_ref()
                .unwrap()
                .mention
                .map(|m| index.slice(m)),
            Some("NATO chief")
        );
        let eu = annotations.iter().find(|a| a.text(&index) == "EU").unwrap();
        assert_eq!(eu.describe(eu.text(&index)), "organisation: European Union");
        let tuesday = annotations
            .iter()
            .find(|a| a.text(&index) == "Tuesday")
            .unwrap();
        assert_eq!(tuesday.date.as_deref(), Some("2017-12-05"));
        assert!(
            annotations
                .windows(2)
                .all(|w| w[0].span.start <= w[1].span.start),
            "text order"
        );
        let ids: std::collections::HashSet<&str> =
            annotations.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids.len(), annotations.len(), "ids are unique");
    }
}
