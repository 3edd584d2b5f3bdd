//! The engines' work as messages: what the page asks the engine worker (read an article from a
//! file or from text that needs the HTML or Markdown reader, analyse an article, place an
//! import's annotations in it) and what the worker answers. Pure data and the pure steps on
//! each side, so that the page's module never links the engines themselves: it only sends
//! requests and applies answers.
//!
//! A long article is answered in two parts: first its opening blocks (at least a screenful, so
//! the reader sees the first screen marked early), then the whole article, which replaces the
//! first part (grouping mentions under one name and attributing quotations need the whole text).
//! Every request carries a job number; an answer to an older job than the page's latest is
//! dropped by the page and not even started by the worker.

use serde::{Deserialize, Serialize};

use domain::article::{Article, BlockKind};
use domain::text::TextIndex;
use engines::extract::entities::EntityModel;
use engines::extract::{analyse_text, date_of_lines, Analysis};
use engines::read::open_article_bytes;

/// Below this many code points an article is analysed in one go.
pub const ONE_PART_UP_TO: usize = 24_000;
/// The first part of a long article ends at the first block end past this many code points
/// (several screens of text at any width).
pub const FIRST_PART_CHARS: usize = 8_000;

/// Analyse an article's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisRequest {
    pub job: u64,
    pub text: String,
    /// The lines that may carry the article's own date, best first (its "Published" line, the
    /// page's date): relative dates ("on Tuesday") resolve against the first that parses.
    pub date_lines: Vec<String>,
    /// Where the first part ends (code points, at a block end), for a long article.
    pub first_part_end: Option<usize>,
}

impl AnalysisRequest {
    /// The request for an article.
    pub fn for_article(job: u64, article: &Article) -> Self {
        let date_lines = [BlockKind::Published, BlockKind::PageDate]
            .into_iter()
            .filter_map(|kind| article.first(kind))
            .map(|block| article.slice(block.span).to_owned())
            .collect();
        AnalysisRequest {
            job,
            text: article.text.clone(),
            date_lines,
            first_part_end: first_part_end(article),
        }
    }
}

/// Most mentions, quotations and reported statements in one message of an answer: a long article's answer comes in
/// pieces, so that the page reads each between other work (reading one message blocks it).
pub const ITEMS_PER_PIECE: usize = 3_000;

/// An analysis cut into pieces of at most `items` mentions and quotations each (at least one
/// piece); the first carries the entities, which every piece's mentions point into.
pub fn into_pieces(analysis: Analysis, items: usize) -> Vec<Analysis> {
    let items = items.max(1);
    let mut pieces = vec![Analysis {
        mentions: Vec::new(),
        entities: analysis.entities,
        quotes: Vec::new(),
        reported: Vec::new(),
    }];
    // The piece the next item goes into: the last, or a new one when the last is full.
    let mut room = items;
    let mut next_piece = |pieces: &mut Vec<Analysis>| {
        if room == 0 {
            pieces.push(Analysis::default());
            room = items;
        }
        room -= 1;
        pieces.len() - 1
    };
    for mention in analysis.mentions {
        let piece = next_piece(&mut pieces);
        pieces[piece].mentions.push(mention);
    }
    for quote in analysis.quotes {
        let piece = next_piece(&mut pieces);
        pieces[piece].quotes.push(quote);
    }
    for statement in analysis.reported {
        let piece = next_piece(&mut pieces);
        pieces[piece].reported.push(statement);
    }
    pieces
}

/// What a first part (or an answer made before the entity model has loaded) shows: its
/// quotations and dates, not its names. The entity model tags with statistics of the whole
/// document, so a name in the first part may get another kind or extent in the whole answer; an
/// engine mark's id is its kind and span, so a correction the reader made to it meanwhile would
/// then point at nothing. Quotations (paired marks and reporting patterns) and dates (a grammar)
/// do not depend on the model's view of the whole text.
pub fn first_part_marks(mut analysis: Analysis) -> Analysis {
    analysis
        .mentions
        .retain(|mention| mention.kind == engines::extract::MentionKind::Date);
    analysis
}

/// Adds a piece to the analysis gathered so far (the inverse of [`into_pieces`], piece by piece
/// in order).
pub fn gather_piece(gathered: &mut Analysis, piece: Analysis) {
    gathered.entities.extend(piece.entities);
    gathered.mentions.extend(piece.mentions);
    gathered.quotes.extend(piece.quotes);
    gathered.reported.extend(piece.reported);
}

/// Where a long article's first part ends: the end of the first block that reaches
/// [`FIRST_PART_CHARS`], when the article is longer than [`ONE_PART_UP_TO`] and something
/// follows that block.
pub fn first_part_end(article: &Article) -> Option<usize> {
    let length = article.text.chars().count();
    if length <= ONE_PART_UP_TO {
        return None;
    }
    article
        .blocks
        .iter()
        .map(|block| block.span.end)
        .find(|&end| end >= FIRST_PART_CHARS)
        .filter(|&end| end < length)
}

/// Place an import's annotations (a backup of ours or W3C annotations) in the open article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRequest {
    pub job: u64,
    /// The open article's text.
    pub text: String,
    /// The file's name and its content.
    pub name: String,
    pub content: String,
}

pub use domain::formats::import::ImportReading;

/// Read an article: a file's bytes (any format the page opens), or text that needs a reader
/// (a page copied from a browser, Markdown).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenRequest {
    pub job: u64,
    /// The file's name (its extension chooses the reader), or a name for pasted text.
    pub name: String,
    pub content: OpenContent,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpenContent {
    /// Sent as base64 text: a JSON array of numbers would be four times the size to write,
    /// send and read.
    Bytes(#[serde(with = "base64_text")] Vec<u8>),
    Text(String),
}

/// Bytes as base64 text in a serialised message.
mod base64_text {
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(serde::de::Error::custom)
    }
}

impl OpenRequest {
    /// What the worker answers: the article with its storage key, or why it could not be read
    /// (a message for the reader).
    pub fn open(&self) -> Result<KeyedArticle, String> {
        let opened = match &self.content {
            OpenContent::Bytes(bytes) => open_article_bytes(&self.name, bytes),
            OpenContent::Text(text) => engines::read::input::open_article_text(&self.name, text),
        };
        let article = opened.map_err(|error| error.to_string())?;
        Ok(KeyedArticle {
            key: domain::store::article_key(&article.text),
            article,
        })
    }
}

/// A request to the engine worker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EngineRequest {
    Open(OpenRequest),
    Analyse(AnalysisRequest),
    ReadImport(ImportRequest),
}

impl EngineRequest {
    pub fn job(&self) -> u64 {
        match self {
            EngineRequest::Open(OpenRequest { job, .. })
            | EngineRequest::Analyse(AnalysisRequest { job, .. })
            | EngineRequest::ReadImport(ImportRequest { job, .. }) => *job,
        }
    }
}

/// Whether names (people, organisations, places) could be looked for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NamesStatus {
    Found,
    /// The entity model could not be loaded: why. Quotes and dates are still found.
    Unavailable(String),
}

/// An answer from the engine worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum EngineAnswer {
    /// The first part of a long article (code points `0..end`), while the rest is analysed.
    FirstPart {
        job: u64,
        end: usize,
        analysis: Analysis,
    },
    /// The whole article, in pieces (`piece` of `pieces`, in order; see [`into_pieces`]).
    Whole {
        job: u64,
        piece: usize,
        pieces: usize,
        analysis: Analysis,
        names: NamesStatus,
    },
    ImportRead {
        job: u64,
        reading: ImportReading,
    },
    Opened {
        job: u64,
        article: Result<KeyedArticle, String>,
    },
}

/// An article read in the worker, with its storage key (the hash of its text, computed there so
/// that the page does not hash a long text while it shows it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyedArticle {
    pub article: Article,
    pub key: String,
}

impl EngineAnswer {
    pub fn job(&self) -> u64 {
        match self {
            EngineAnswer::FirstPart { job, .. }
            | EngineAnswer::Whole { job, .. }
            | EngineAnswer::ImportRead { job, .. }
            | EngineAnswer::Opened { job, .. } => *job,
        }
    }
}

/// What the engine worker computes for a request: the first part of the text (code points
/// `0..end`) or, with `part_end` `None`, the whole text.
pub fn analyse_request(
    request: &AnalysisRequest,
    model: Option<&EntityModel>,
    part_end: Option<usize>,
) -> Analysis {
    let date = date_of_lines(&request.date_lines);
    let text = match part_end {
        Some(end) => {
            let index = TextIndex::new(&request.text);
            &request.text[..index.byte_of(end.min(index.char_len()))]
        }
        None => &request.text,
    };
    analyse_text(text, model, date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engines::read::parse_plain_text;

    fn long_article(paragraphs: usize) -> Article {
        let mut text = String::from("A headline\n\n");
        for n in 0..paragraphs {
            text.push_str(&format!(
                "Paragraph {n} says what \u{201c}the minister\u{201d} said in Zürich, at length.\n\n"
            ));
        }
        parse_plain_text(&text)
    }

    #[test]
    fn a_short_article_is_answered_in_one_part() {
        assert_eq!(first_part_end(&long_article(20)), None);
    }

    #[test]
    fn a_long_articles_first_part_ends_at_a_block_end_past_the_first_screens() {
        let article = long_article(2_000);
        let end = first_part_end(&article).expect("a first part");
        assert!(end >= FIRST_PART_CHARS);
        assert!(
            end < FIRST_PART_CHARS + 200,
            "ends at the first block past it: {end}"
        );
        assert!(article.blocks.iter().any(|block| block.span.end == end));
    }

    #[test]
    fn the_request_carries_the_articles_own_date_lines() {
        let article = parse_plain_text("Headline\n\nPublished: 3 March 2017\n\nBody text here.");
        let request = AnalysisRequest::for_article(7, &article);
        assert_eq!(request.job, 7);
        assert_eq!(request.text, article.text);
        assert!(request
            .date_lines
            .iter()
            .any(|line| line.contains("3 March 2017")));
    }

    #[test]
    fn the_worker_resolves_relative_dates_against_the_articles_own_date_and_cuts_the_first_part() {
        let mut text = String::from("Ministers meet\n\nPublished: 6 December 2017\n\n");
        for n in 0..600 {
            text.push_str(&format!(
                "Paragraph {n}: the talks resumed on Tuesday, officials said.\n\n"
            ));
        }
        let article = parse_plain_text(&text);
        let request = AnalysisRequest::for_article(1, &article);
        let end = request
            .first_part_end
            .expect("a long article has a first part");
        let whole = analyse_request(&request, None, None);
        let first = analyse_request(&request, None, Some(end));
        let tuesday = |analysis: &Analysis| {
            analysis
                .mentions
                .iter()
                .filter(|m| m.kind == engines::extract::MentionKind::Date && m.date.is_some())
                .filter_map(|m| m.date.and_then(|d| d.day()))
                .next_back()
        };
        // Tuesday before Wednesday 6 December 2017 is the 5th.
        let day = tuesday(&whole).expect("a resolved Tuesday");
        assert_eq!((day.year, day.month, day.day), (2017, 12, 5));
        assert!(first.mentions.iter().all(|m| m.span.end <= end));
        assert!(first.mentions.len() < whole.mentions.len());
        assert_eq!(first.mentions[..], whole.mentions[..first.mentions.len()]);
    }

    #[test]
    fn the_worker_reads_a_saved_page_and_says_why_it_cannot() {
        let page = OpenRequest {
            job: 1,
            name: "story.html".into(),
            content: OpenContent::Bytes(
                b"<html><head><title>Storm hits the coast</title></head><body><article><h1>Storm hits the coast</h1><p>Winds of 100 km/h reached the town of Caf\xe9 Bay on Monday, officials said.</p></article></body></html>".to_vec(),
            ),
        };
        let KeyedArticle { article, key } = page.open().expect("the page opens");
        assert_eq!(key, domain::store::article_key(&article.text));
        assert_eq!(article.headline(), Some("Storm hits the coast"));
        assert!(
            article.text.contains("Café Bay"),
            "windows-1252 read: {}",
            article.text
        );
        let nothing = OpenRequest {
            job: 2,
            name: "empty.html".into(),
            content: OpenContent::Text("<html><body><nav>Home</nav></body></html>".into()),
        };
        let message = nothing.open().expect_err("no article");
        assert!(message.contains("article"), "{message}");
    }

    #[test]
    fn an_analysis_cut_into_pieces_gathers_back_whole() {
        let text = "\u{201c}We will,\u{201d} said Jens Stoltenberg on Tuesday in Brussels. \
                    Officials said the strike killed 12 people. "
            .repeat(80);
        let analysis = engines::extract::analyse_text(&text, None, None);
        assert_eq!(analysis.reported.len(), 80);
        let items = analysis.mentions.len() + analysis.quotes.len() + analysis.reported.len();
        assert!(items > 100);
        for size in [1, 7, 50, items, items + 1] {
            let pieces = into_pieces(analysis.clone(), size);
            assert_eq!(pieces.len(), items.div_ceil(size).max(1), "size {size}");
            assert!(pieces
                .iter()
                .all(|p| p.mentions.len() + p.quotes.len() + p.reported.len() <= size));
            assert!(pieces[1..].iter().all(|p| p.entities.is_empty()));
            let mut gathered = Analysis::default();
            for piece in pieces {
                gather_piece(&mut gathered, piece);
            }
            assert_eq!(gathered, analysis);
        }
        assert_eq!(into_pieces(Analysis::default(), 10).len(), 1);
    }

    #[test]
    fn a_first_part_shows_quotations_and_dates_and_leaves_names_to_the_whole() {
        let model = EntityModel::from_bytes(include_bytes!("../assets/entity-model.bin")).unwrap();
        let model = &model;
        let text = "\u{201c}We will,\u{201d} said Jens Stoltenberg in Brussels on Tuesday.";
        let analysis = engines::extract::analyse_text(text, Some(model), None);
        assert!(analysis
            .mentions
            .iter()
            .any(|m| m.kind == engines::extract::MentionKind::Person));
        let first = first_part_marks(analysis.clone());
        assert_eq!(first.quotes, analysis.quotes);
        assert!(!first.mentions.is_empty());
        assert!(first
            .mentions
            .iter()
            .all(|m| m.kind == engines::extract::MentionKind::Date));
    }

    #[test]
    fn a_files_bytes_travel_as_base64_and_come_back_the_same() {
        let request = EngineRequest::Open(OpenRequest {
            job: 9,
            name: "page.html".into(),
            content: OpenContent::Bytes((0..=255u8).chain([0xe9, 0x00, 0xff]).collect()),
        });
        let json = serde_json::to_string(&request).unwrap();
        assert!(json.len() < 2 * 259 + 100, "compact: {} bytes", json.len());
        assert_eq!(
            serde_json::from_str::<EngineRequest>(&json).unwrap(),
            request
        );
    }

    #[test]
    fn answers_survive_the_trip_as_json() {
        let text = "\u{201c}We will,\u{201d} said Jens Stoltenberg on Tuesday in Brussels.";
        let analysis = engines::extract::analyse_text(text, None, None);
        assert!(!analysis.quotes.is_empty() && !analysis.mentions.is_empty());
        let answer = EngineAnswer::Whole {
            job: 3,
            piece: 0,
            pieces: 1,
            analysis,
            names: NamesStatus::Found,
        };
        let json = serde_json::to_string(&answer).unwrap();
        let back: EngineAnswer = serde_json::from_str(&json).unwrap();
        assert_eq!(back, answer);
    }
}
