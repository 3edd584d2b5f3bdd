//! Splitting text into word tokens the way news corpora (CoNLL-2003, PolNeAR) do: punctuation
//! apart, possessive `'s` apart, abbreviations (`U.S.`, `Dec.`, `Mr.`) and hyphenated words
//! (`NATO-Georgia`) whole, numbers with their separators (`1,000`, `19:39`) whole.
//!
//! Tokens carry byte ranges into the text they came from; callers convert to code points with
//! [`domain::text::TextIndex`] when a span leaves the engine.

use std::ops::Range;

use domain::text::Span;

/// A token: a byte range of the source text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub bytes: Range<usize>,
}

impl Token<'_> {
    pub fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }
}

/// Words that keep their full stop as part of the token.
const ABBREVIATIONS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mr",
    "Mrs", "Ms", "Dr", "Prof", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Capt", "Sgt", "Maj",
    "Adm", "Cmdr", "Inc", "Corp", "Co", "Ltd", "Jr", "Sr", "No", "vs", "etc", "Mt", "Ft", "Ave",
    "Blvd", "Rev", "Hon", "Pres", "Supt", "Det", "Insp", "Cpl", "Pvt", "Brig", "approx", "Dept",
    "Univ", "Assn", "Bros", "Mass", "Calif", "Fla", "Ill", "Pa", "Va", "Wash", "Ariz", "Colo",
    "Conn", "Ga", "Ky", "La", "Md", "Mich", "Minn", "Miss", "Mo", "Nev", "Okla", "Ore", "Tenn",
    "Tex", "Wis",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\u{00AD}' || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// The code-point spans of `tokens` (in text order, as [`tokenize`] gives them) in one walk
/// over `text`.
pub fn char_spans(text: &str, tokens: &[Token<'_>]) -> Vec<Span> {
    let mut spans = Vec::with_capacity(tokens.len());
    let (mut byte, mut char) = (0, 0);
    for token in tokens {
        char += text[byte..token.bytes.start].chars().count();
        let start = char;
        char += token.text.chars().count();
        byte = token.bytes.end;
        spans.push(Span::new(start, char));
    }
    spans
}

/// Splits text into tokens; never fails, and every non-space character is in exactly one token.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let char_at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if is_word_char(c) {
            i = scan_word(&chars, i);
            // A possessive or a trailing apostrophe is a token of its own.
            let mut end = i;
            let word = &text[byte_at(start)..byte_at(end)];
            if end - start > 2
                && char_at(end - 2).is_some_and(is_apostrophe)
                && matches!(char_at(end - 1), Some('s' | 'S'))
                && !word.contains("n't")
            {
                end -= 2;
            }
            push(&mut tokens, text, byte_at(start)..byte_at(end));
            if end < i {
                push(&mut tokens, text, byte_at(end)..byte_at(i));
            }
        } else if c == '.' && char_at(i + 1) == Some('.') {
            while char_at(i) == Some('.') {
                i += 1;
            }
            push(&mut tokens, text, byte_at(start)..byte_at(i));
        } else {
            i += 1;
            push(&mut tokens, text, byte_at(start)..byte_at(i));
        }
    }
    tokens
}

fn push<'a>(tokens: &mut Vec<Token<'a>>, text: &'a str, bytes: Range<usize>) {
    tokens.push(Token {
        text: &text[bytes.clone()],
        bytes,
    });
}

/// Scans a word from `start`, joining the inner hyphens, apostrophes, ampersands, digit
/// separators and abbreviation full stops that belong to it; returns the index after it.
fn scan_word(chars: &[(usize, char)], start: usize) -> usize {
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut initials = Initials::new(start);
    let mut i = start;
    loop {
        while at(i).is_some_and(is_word_char) {
            i += 1;
        }
        let Some(joiner) = at(i) else { break };
        let next = at(i + 1);
        let prev = at(i - 1);
        let joins = match joiner {
            '-' | '&' | '_' => next.is_some_and(char::is_alphanumeric),
            '\'' | '’' => next.is_some_and(char::is_alphabetic),
            ',' | ':' => {
                prev.is_some_and(|c| c.is_ascii_digit())
                    && next.is_some_and(|c| c.is_ascii_digit())
                    && digits_follow(chars, i + 1, joiner)
            }
            '.' => {
                (prev.is_some_and(|c| c.is_ascii_digit())
                    && next.is_some_and(|c| c.is_ascii_digit()))
                    || (next.is_some_and(char::is_alphabetic) && initials.hold_until(chars, i))
            }
            _ => false,
        };
        if !joins {
            break;
        }
        i += 1;
    }
    // A full stop that ends an abbreviation ("Dec.", "U.S.", "J.") belongs to the word.
    if at(i) == Some('.') {
        let word: String = chars[start..i].iter().map(|&(_, c)| c).collect();
        let single_capital = word.chars().count() == 1 && word.starts_with(char::is_uppercase);
        let initials = word.contains('.') && initials.hold_until(chars, i);
        if single_capital || initials || ABBREVIATIONS.contains(&word.as_str()) {
            i += 1;
        }
    }
    i
}

/// `1,000` joins but `5, 2017` does not: a digit group separator is followed by exactly three
/// digits (for `,`) or two (for `:` in a time).
fn digits_follow(chars: &[(usize, char)], from: usize, separator: char) -> bool {
    let run = chars[from..]
        .iter()
        .take(4)
        .take_while(|&&(_, c)| c.is_ascii_digit())
        .count();
    match separator {
        ',' => run == 3,
        _ => run == 2,
    }
}

/// Whether a word so far is a run of single letters each followed by a full stop (`U.S`),
/// checked as the word grows: each character is looked at once, so a word like `a.a.a.a…` of
/// any length costs linear time.
struct Initials {
    start: usize,
    /// How far the word has been checked, and whether it held up to there.
    checked: usize,
    holds: bool,
}

impl Initials {
    fn new(start: usize) -> Self {
        Initials {
            start,
            checked: start,
            holds: true,
        }
    }

    /// Whether `chars[start..end]` is initials (`end` never goes back).
    fn hold_until(&mut self, chars: &[(usize, char)], end: usize) -> bool {
        while self.holds && self.checked < end {
            let c = chars[self.checked].1;
            self.holds = if (self.checked - self.start).is_multiple_of(2) {
                c.is_alphabetic()
            } else {
                c == '.'
            };
            self.checked += 1;
        }
        self.holds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let tokens: Vec<&str> = tokenize(text).iter().map(|t| t.text).collect();
        assert_eq!(tokens, expected, "tokens of {text:?}");
        for token in tokenize(text) {
            assert_eq!(&text[token.bytes.clone()], token.text);
        }
    }

    #[test]
    fn words_and_punctuation() {
        check("NATO chief said.", &["NATO", "chief", "said", "."]);
        check(
            "\"We are taking it,\" he said",
            &["\"", "We", "are", "taking", "it", ",", "\"", "he", "said"],
        );
    }

    #[test]
    fn possessives_and_apostrophes() {
        check("the EU's efforts", &["the", "EU", "'s", "efforts"]);
        check("NATO’s door", &["NATO", "’s", "door"]);
        check("we're not, don't", &["we're", "not", ",", "don't"]);
        check("ministers' meeting", &["ministers", "'", "meeting"]);
    }

    #[test]
    fn abbreviations_initials_and_numbers() {
        check("U.S. Secretary", &["U.S.", "Secretary"]);
        check(
            "on Dec. 5, 2017, 19:39",
            &["on", "Dec.", "5", ",", "2017", ",", "19:39"],
        );
        check("Jens H. Stoltenberg", &["Jens", "H.", "Stoltenberg"]);
        check(
            "1,000 troops, 3.5 percent",
            &["1,000", "troops", ",", "3.5", "percent"],
        );
        check("the end. Then", &["the", "end", ".", "Then"]);
        check("meeting... over", &["meeting", "...", "over"]);
    }

    #[test]
    fn hyphens_and_non_ascii() {
        check("NATO-Georgia Commission", &["NATO-Georgia", "Commission"]);
        check(
            "Zürich – São Paulo 中文",
            &["Zürich", "–", "São", "Paulo", "中文"],
        );
        check("AT&T - well", &["AT&T", "-", "well"]);
    }
}
