//! Turning raw input (a file's bytes, pasted text) into an [`Article`], or a clear reason why not.
//!
//! The checks run cheapest first: size, emptiness, binary content, then UTF-8 validity. Each
//! error message says what was wrong and what the reader can do about it.

use std::fmt;

use super::{parse_html, parse_markdown, parse_plain_text, Article, SourceFormat};

/// The largest input accepted, in bytes (a long article is well under 1 MB).
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// The longest run of combining marks accepted on one character. Browsers lay out such a run in
/// time that grows with its square (12,500 marks: 0.3 s in Chromium; 100,000: 20 s); "Zalgo"
/// text stacks a few dozen.
pub const MAX_COMBINING_RUN: usize = 1_000;

/// How many leading bytes are inspected to tell text from binary data.
const SNIFF_BYTES: usize = 8 * 1024;

/// Why an input could not be opened as an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    Empty,
    TooLarge {
        bytes: u64,
    },
    Binary,
    InvalidUtf8 {
        byte_offset: usize,
        line: usize,
    },
    NoReadableText,
    /// A run of more than [`MAX_COMBINING_RUN`] combining marks on one character.
    CombiningRun {
        marks: usize,
        line: usize,
    },
    /// A web page with no article in it (a home page, a list, a search page).
    NoArticle,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Empty => write!(f, "The input is empty: there is no article to open."),
            InputError::TooLarge { bytes } => write!(
                f,
                "The file is too large ({:.1} MB); articles up to {} MB can be opened.",
                *bytes as f64 / (1024.0 * 1024.0),
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
            InputError::Binary => write!(
                f,
                "This is not a text file (it holds binary data). Open a .txt, .md or .html file."
            ),
            InputError::InvalidUtf8 { byte_offset, line } => write!(
                f,
                "The file is not valid UTF-8 text (bad byte at position {byte_offset}, line {line}). \
                 Save it as UTF-8 and open it again."
            ),
            InputError::NoReadableText => {
                write!(f, "No readable article text was found in this input.")
            }
            InputError::NoArticle => write!(
                f,
                "No article was found in this page: it looks like a home page, a list of links or a search page. Open the article's own page, or copy the article's text and paste it."
            ),
            InputError::CombiningRun { marks, line } => write!(
                f,
                "Line {line} stacks {marks} accent marks on one character; browsers cannot show more than {MAX_COMBINING_RUN} in reasonable time. Remove them and open the text again."
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// Chooses how to read an input from its file name, or from its content when the name says nothing.
pub fn format_for(file_name: &str, text: &str) -> SourceFormat {
    let lower = file_name.to_ascii_lowercase();
    let extension = lower.rsplit_once('.').map(|(_, ext)| ext).unwrap_or("");
    match extension {
        "html" | "htm" | "xhtml" | "mhtml" | "mht" | "shtml" => SourceFormat::Html,
        "md" | "markdown" | "mdown" => SourceFormat::Markdown,
        "txt" | "text" => SourceFormat::PlainText,
        _ if looks_like_html(text) => SourceFormat::Html,
        _ => SourceFormat::PlainText,
    }
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<article")
}

/// Decodes a file's bytes as text: UTF-8 (a byte-order mark is dropped) or UTF-16 with a BOM.
pub fn decode_text(bytes: &[u8]) -> Result<String, InputError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    if let Some(text) = decode_utf16_with_bom(bytes) {
        return text;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::Empty);
    }
    if looks_binary(bytes) {
        return Err(InputError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => {
            let byte_offset = error.valid_up_to();
            let line = 1 + bytes[..byte_offset].iter().filter(|&&b| b == b'\n').count();
            Err(InputError::InvalidUtf8 { byte_offset, line })
        }
    }
}

fn decode_utf16_with_bom(bytes: &[u8]) -> Option<Result<String, InputError>> {
    let little_endian = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    let text: Result<String, _> = char::decode_utf16(units).collect();
    Some(match text {
        Ok(text) if text.trim().is_empty() => Err(InputError::Empty),
        Ok(text) if looks_binary(text.as_bytes()) => Err(InputError::Binary),
        Ok(text) => Ok(text),
        Err(_) => Err(InputError::Binary),
    })
}

/// Binary data: a NUL byte near the start, or more than one control character in twenty (near
/// the start, or in the whole input — which also bounds how much a backup of the text can grow
/// when written as JSON, see `formats::MAX_IMPORT_BYTES`).
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return true;
    }
    let controls = |part: &[u8]| {
        part.iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
            .count()
    };
    controls(head) * 20 > head.len() || controls(bytes) * 20 > bytes.len()
}

/// Whether a character is a combining mark (the blocks of them text uses: diacritics, Hebrew and
/// Arabic points, Thai vowels, the supplement blocks, joiners and variation selectors).
fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05C7}'
        | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0E31}'..='\u{0E3A}'
        | '\u{0E47}'..='\u{0E4E}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}'..='\u{200D}' | '\u{20D0}'..='\u{20FF}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Pasted text longer than this (bytes of UTF-8, ~7,000 words) is kept out of the paste box: a
/// browser lays out all of a text field's text in one go (~1 s a megabyte on a phone) and again
/// takes its time to remove it. Longer than nearly any news article.
pub const LONG_PASTE_BYTES: usize = 40_000;

/// How much of a long paste the box shows (code points).
const PASTE_PREVIEW_CHARS: usize = 1_500;

/// What the paste box shows of pasted text: `None` when it shows it all, else the beginning of
/// a long text (whole code points, cut at a line end or space near the limit when there is one).
pub fn long_paste_preview(text: &str) -> Option<&str> {
    if text.len() <= LONG_PASTE_BYTES {
        return None;
    }
    let end = text
        .char_indices()
        .nth(PASTE_PREVIEW_CHARS)
        .map_or(text.len(), |(at, _)| at);
    let head = &text[..end];
    let cut = head
        .rfind('\n')
        .or_else(|| head.rfind(' '))
        .filter(|&at| at > end / 2)
        .unwrap_or(end);
    Some(text[..cut].trim_end())
}

/// A size for people: "620 KB", "1.4 MB".
pub fn readable_size(bytes: usize) -> String {
    if bytes < 1_000_000 {
        format!("{} KB", bytes.div_ceil(1_000))
    } else {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    }
}

/// The checks a text must pass before anything costly is done with it — or before it is put in
/// a text field, whose layout the browser does itself (stacked accents cost it quadratic time):
/// its size, binary content, runs of combining marks. One pass.
pub fn check_text_at_the_door(text: &str) -> Result<(), InputError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge {
            bytes: text.len() as u64,
        });
    }
    if looks_binary(text.as_bytes()) {
        return Err(InputError::Binary);
    }
    check_combining_runs(text)
}

/// Refuses text with a run of combining marks longer than [`MAX_COMBINING_RUN`] (one pass).
fn check_combining_runs(text: &str) -> Result<(), InputError> {
    let mut run = 0;
    let mut longest = (0, 0);
    let mut line = 1;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // ASCII (most of most texts) is never a combining mark: a byte at a time.
        if bytes[at].is_ascii() {
            line += usize::from(bytes[at] == b'\n');
            run = 0;
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        if is_combining(c) {
            run += 1;
            if run > longest.0 {
                longest = (run, line);
            }
        } else {
            run = 0;
        }
    }
    if longest.0 > MAX_COMBINING_RUN {
        return Err(InputError::CombiningRun {
            marks: longest.0,
            line: longest.1,
        });
    }
    Ok(())
}

/// Opens an article from a file's bytes; the name chooses the format. A web page (`.html`,
/// `.htm`, `.mhtml`, or bytes that look like one) is decoded in the charset it declares (see
/// [`super::page_bytes`]); anything else must be UTF-8 or UTF-16 text.
pub fn open_article_bytes(file_name: &str, bytes: &[u8]) -> Result<Article, InputError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(InputError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]);
    let named_text = matches!(
        format_for(file_name, ""),
        SourceFormat::PlainText | SourceFormat::Markdown
    ) && file_name.contains('.');
    let page = super::page_bytes::is_mhtml(bytes)
        || !named_text && format_for(file_name, &head) == SourceFormat::Html;
    if !page {
        let text = decode_text(bytes)?;
        return open_article_text(file_name, &text);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::Empty);
    }
    // (The decoded text goes through the same checks as any other: binary, size, marks.)
    let text = super::page_bytes::decode_page(bytes)?;
    let name = if format_for(file_name, "") == SourceFormat::Html {
        file_name
    } else {
        "page.html"
    };
    open_article_text(name, &text)
}

/// Opens an article from text (a decoded file or pasted text).
pub fn open_article_text(file_name: &str, text: &str) -> Result<Article, InputError> {
    let format = format_for(file_name, text);
    if format == SourceFormat::PlainText {
        return open_plain_text(text);
    }
    if text.trim().is_empty() {
        return Err(InputError::Empty);
    }
    check_text_at_the_door(text)?;
    let article = match format {
        SourceFormat::Html => parse_html(text),
        _ => parse_markdown(text),
    };
    if article.is_empty() {
        Err(if format == SourceFormat::Html {
            InputError::NoArticle
        } else {
            InputError::NoReadableText
        })
    } else {
        Ok(article)
    }
}

/// Reads a file the page can read itself, like pasted plain text: one named as plain text
/// (`.txt`, `.text`) that is not a saved page. The same result as [`open_article_bytes`];
/// `None` when the file needs the readers of the engine worker (HTML, Markdown, a saved page).
pub fn open_plain_text_file(file_name: &str, bytes: &[u8]) -> Option<Result<Article, InputError>> {
    is_plain_text_file(file_name, bytes)
        .then(|| decode_text(bytes).and_then(|text| open_plain_text(&text)))
}

/// Whether the page reads this file itself as plain text ([`open_plain_text_file`]): named as
/// plain text (`.txt`, `.text`) and not a saved page. Then [`decode_text`], then the steps of
/// [`open_plain_text`], each of which may run in a task of its own.
pub fn is_plain_text_file(file_name: &str, bytes: &[u8]) -> bool {
    let lower = file_name.to_ascii_lowercase();
    let named_plain = matches!(lower.rsplit_once('.'), Some((_, "txt" | "text")));
    named_plain && !super::page_bytes::is_mhtml(bytes)
}

/// Opens text as plain text, with the same checks as [`open_article_text`]: the page does this
/// itself (the sample, pasted plain text), without the HTML and Markdown readers, which live in
/// the engine worker's module. The two steps, [`check_plain_text`] then
/// [`parse_checked_plain_text`], each a pass over the text.
pub fn open_plain_text(text: &str) -> Result<Article, InputError> {
    check_plain_text(text)?;
    parse_checked_plain_text(text)
}

/// The checks before plain text is parsed: not empty, and those at the door
/// ([`check_text_at_the_door`]).
pub fn check_plain_text(text: &str) -> Result<(), InputError> {
    if text.trim().is_empty() {
        return Err(InputError::Empty);
    }
    check_text_at_the_door(text)
}

/// Parses plain text that passed [`check_plain_text`].
pub fn parse_checked_plain_text(text: &str) -> Result<Article, InputError> {
    let article = parse_plain_text(text);
    if article.is_empty() {
        Err(InputError::NoReadableText)
    } else {
        Ok(article)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_run_of_combining_marks_is_refused_with_its_line_and_a_short_one_is_not() {
        let marks = |n: usize| "\u{0301}".repeat(n);
        let run = MAX_COMBINING_RUN + 1;
        let text = format!("Café ça\n\nZu{}rich é{}x\nend", marks(run), marks(3));
        assert_eq!(
            check_text_at_the_door(&text),
            Err(InputError::CombiningRun {
                marks: run,
                line: 3
            })
        );
        // Broken by a letter (ASCII or not), runs do not add up.
        let broken = format!("a{}b{}é{}", marks(run - 1), marks(run - 1), marks(run - 1));
        assert_eq!(check_text_at_the_door(&broken), Ok(()));
    }

    #[test]
    fn a_plain_text_file_read_by_the_page_reads_as_the_worker_would() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "Überschrift\n\nText."
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let mhtml =
            b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n\r\n--x\r\n";
        let cases: [(&str, &[u8]); 7] = [
            (
                "story.txt",
                "Storm hits\n\n\u{201c}It was loud,\u{201d} said Ana López.".as_bytes(),
            ),
            ("STORY.TEXT", b"\xEF\xBB\xBFHeadline\n\nBody."),
            ("wide.txt", &utf16),
            ("empty.txt", b"  \n "),
            ("photo.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0"),
            ("latin1.txt", b"Caf\xe9 cr\xe8me\n\nBody."),
            ("saved.txt", mhtml),
        ];
        for (name, bytes) in cases {
            match open_plain_text_file(name, bytes) {
                Some(read) => assert_eq!(read, open_article_bytes(name, bytes), "{name}"),
                None => assert_eq!(name, "saved.txt", "a saved page goes to the worker"),
            }
        }
        for name in ["story.md", "page.html", "notes", "story.txt.html"] {
            assert!(
                open_plain_text_file(name, b"Headline\n\nBody.").is_none(),
                "{name}"
            );
        }
    }

    #[test]
    fn a_long_paste_shows_its_beginning_cut_at_a_line_and_a_short_one_all() {
        assert_eq!(long_paste_preview("Short text.\n\nTwo paragraphs."), None);
        let paragraph = "Zürich’s mayor said “ça va” to the crowd on the quay, at some length.\n\n";
        let long = paragraph.repeat(LONG_PASTE_BYTES / paragraph.len() + 2);
        let preview = long_paste_preview(&long).expect("a preview");
        assert!(long.starts_with(preview));
        let shown = preview.chars().count();
        assert!(
            shown <= PASTE_PREVIEW_CHARS && shown > PASTE_PREVIEW_CHARS / 2,
            "{shown}"
        );
        assert!(
            preview.ends_with("length."),
            "cut at a line end: {preview:?}"
        );
        // One long line with no break: cut at the limit, between code points.
        let unbroken = "ü".repeat(LONG_PASTE_BYTES);
        assert_eq!(
            long_paste_preview(&unbroken).unwrap().chars().count(),
            PASTE_PREVIEW_CHARS
        );
    }

    #[test]
    fn sizes_read_in_kilobytes_then_megabytes() {
        assert_eq!(readable_size(40_001), "41 KB");
        assert_eq!(readable_size(1_018_154), "1.0 MB");
    }
    use domain::article::SourceFormat;

    fn check_error(bytes: &[u8], expected: InputError) {
        assert_eq!(
            open_article_bytes("input.txt", bytes),
            Err(expected.clone())
        );
        assert!(!expected.to_string().is_empty());
    }

    #[test]
    fn empty_and_blank_inputs_are_refused() {
        check_error(b"", InputError::Empty);
        check_error(b"  \n\t\n", InputError::Empty);
        check_error(b"\xEF\xBB\xBF\n", InputError::Empty);
    }

    #[test]
    fn a_run_of_accents_browsers_cannot_lay_out_is_refused_with_its_line() {
        let zalgo = format!("Title\n\nZ{}algo is fine.", "\u{301}\u{316}".repeat(30));
        assert!(open_article_text("z.txt", &zalgo).is_ok());
        let hostile = format!(
            "Title\n\nFirst.\n\na{} and more.",
            "\u{301}".repeat(100_000)
        );
        let error = open_article_text("m.txt", &hostile).unwrap_err();
        assert_eq!(
            error,
            InputError::CombiningRun {
                marks: 100_000,
                line: 5
            }
        );
        assert!(error
            .to_string()
            .contains("Line 5 stacks 100000 accent marks"));
    }

    #[test]
    fn binary_data_is_refused() {
        check_error(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", InputError::Binary);
        let mostly_controls: Vec<u8> = (0..200u8)
            .map(|i| if i % 3 == 0 { 1 } else { b'a' })
            .collect();
        check_error(&mostly_controls, InputError::Binary);
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let latin1 = b"Headline\n\nCaf\xE9 society.";
        let error = open_article_bytes("a.txt", latin1).unwrap_err();
        assert_eq!(
            error,
            InputError::InvalidUtf8 {
                byte_offset: 13,
                line: 3
            }
        );
        assert!(error.to_string().contains("UTF-8"));
    }

    #[test]
    fn oversized_input_is_refused_without_parsing() {
        let big = vec![b'a'; MAX_INPUT_BYTES + 1];
        assert!(matches!(
            open_article_bytes("big.txt", &big),
            Err(InputError::TooLarge { .. })
        ));
        assert!(InputError::TooLarge { bytes: 50 << 20 }
            .to_string()
            .contains("50.0 MB"));
    }

    #[test]
    fn utf16_with_bom_and_utf8_bom_are_read() {
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "Título\n\nUna frase.".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        let article = open_article_bytes("a.txt", &utf16).unwrap();
        assert_eq!(article.headline(), Some("Título"));
        let article = open_article_bytes("a.txt", b"\xEF\xBB\xBFHead\n\nBody.").unwrap();
        assert_eq!(article.text, "Head\n\nBody.");
    }

    #[test]
    fn format_follows_the_name_then_the_content() {
        assert_eq!(format_for("a.HTML", ""), SourceFormat::Html);
        assert_eq!(format_for("notes.md", ""), SourceFormat::Markdown);
        assert_eq!(
            format_for("pasted", "<!DOCTYPE html><p>x"),
            SourceFormat::Html
        );
        assert_eq!(format_for("pasted", "Plain words"), SourceFormat::PlainText);
        let article = open_article_text("pasted", "<html><body><h1>T</h1><p>P.</p>").unwrap();
        assert_eq!(article.format, SourceFormat::Html);
    }

    #[test]
    fn a_page_without_an_article_is_refused_with_what_to_do() {
        let error = open_article_text("a.html", "<script>alert(1)</script>").unwrap_err();
        assert_eq!(error, InputError::NoArticle);
        let home = "<html><body><nav><a href=/a>World</a> <a href=/b>Sport</a></nav><ul class=\"menu\"><li><a href=/c>Latest</a></li></ul></body></html>";
        let error = open_article_text("home.html", home).unwrap_err();
        assert!(error.to_string().contains("paste it"), "{error}");
    }
}
