//! What the engines found, as the domain's annotations: quotations, terms and reported
//! statements with their sources, entity mentions with the name they are grouped under, dates with their calendar
//! value. Engine annotations are named by kind and span ([`engine_id`]), so running the engines
//! again on the same text gives the same ids and the reader's corrections find them again.

use domain::annotation::{
    engine_id, merge_shown, shown_order, sort_annotations, Annotation, AnnotationKind, Attribution,
    Body, Origin, SpeakerRef,
};
use domain::text::Span;

use crate::extract::attribution::{QuoteKind, Speaker};
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

/// An annotation the engines made: named by its kind and span.
fn engine_annotation(span: Span, body: Body) -> Annotation {
    Annotation {
        id: engine_id(body.kind(), span),
        span,
        origin: Origin::Engine,
        note: String::new(),
        tags: Vec::new(),
        modified: None,
        body,
    }
}

/// A speaker as the annotation model names it.
fn speaker_ref(speaker: &Speaker) -> SpeakerRef {
    SpeakerRef {
        name: speaker.name.clone(),
        mention: Some(speaker.mention),
    }
}

/// The engines' findings as annotations, in text order.
pub fn from_analysis(analysis: &Analysis) -> Vec<Annotation> {
    let mut quotes = Vec::with_capacity(analysis.quotes.len());
    for quote in &analysis.quotes {
        if quote.span.is_empty() {
            continue;
        }
        let body = match quote.kind {
            QuoteKind::Quote => Body::Quote(Attribution {
                speaker: quote.speaker.as_ref().map(speaker_ref),
                cue: quote.cue,
                source_kind: quote.source_kind,
            }),
            QuoteKind::Term => Body::Term,
        };
        quotes.push(engine_annotation(quote.span, body));
    }
    for statement in &analysis.reported {
        let body = Body::Reported(Attribution {
            speaker: statement.source.as_ref().map(speaker_ref),
            cue: Some(statement.cue),
            source_kind: statement.source_kind,
        });
        quotes.push(engine_annotation(statement.content, body));
    }
    let mut mentions = Vec::with_capacity(analysis.mentions.len());
    for mention in &analysis.mentions {
        let mut body = Body::empty(annotation_kind(mention.kind));
        body.set_name(Some(analysis.entity_name(mention).to_owned()));
        if let Body::Date { value, .. } = &mut body {
            *value = mention.date;
        }
        mentions.push(engine_annotation(mention.span, body));
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
            .find(|a| a.kind() == AnnotationKind::Quote)
            .unwrap();
        assert_eq!(
            quote.describe(quote.text(&index)),
            "quote by Jens Stoltenberg"
        );
        assert_eq!(
            quote.speaker().unwrap().mention.map(|m| index.slice(m)),
            Some("NATO chief")
        );
        let eu = annotations.iter().find(|a| a.text(&index) == "EU").unwrap();
        assert_eq!(eu.describe(eu.text(&index)), "organisation: European Union");
        let tuesday = annotations
            .iter()
            .find(|a| a.text(&index) == "Tuesday")
            .unwrap();
        assert_eq!(
            tuesday.date().map(ToString::to_string).as_deref(),
            Some("2017-12-05")
        );
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
