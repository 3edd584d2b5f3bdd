//! HTML character references (`&amp;`, `&#8217;`, `&#x2019;`, `&eacute;`…) in text that no HTML
//! parser has decoded: a page's JSON-LD (a script's text, which the tokenizer leaves raw) and
//! `<meta>` content that a site escaped twice (the tokenizer decodes an attribute once, leaving
//! `&#8217;` from `&amp;#8217;`). Decoded by the same tokenizer that reads the page, with the
//! rules of an attribute value: every numeric reference and every named one of the HTML
//! standard's table, and a name without its `;` only where a browser would take it (not before a
//! letter, digit or `=`, so `Barnes&noble` keeps its words). One pass, linear in the text.

use std::borrow::Cow;

use html5gum::{Token, Tokenizer};

/// The attribute the text is wrapped in for the tokenizer to decode.
const WRAPPER_ATTRIBUTE: &[u8] = b"v";

/// `text` with its character references decoded, as a browser decodes an attribute's value.
pub fn decode_character_references(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    // The text as a quoted attribute value: its own quotation marks are written as references,
    // which the tokenizer turns back into themselves, so nothing in it can end the value.
    let markup = format!("<x v=\"{}\">", text.replace('"', "&quot;"));
    for token in Tokenizer::new(markup.as_str()).flatten() {
        if let Token::StartTag(tag) = token {
            if let Some(value) = tag.attributes.get(WRAPPER_ATTRIBUTE) {
                return Cow::Owned(String::from_utf8_lossy(value).into_owned());
            }
        }
    }
    Cow::Borrowed(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, expected: &str) {
        assert_eq!(decode_character_references(raw), expected, "from {raw:?}");
    }

    #[test]
    fn numeric_and_named_references_of_every_form_are_decoded() {
        check("&#8216;Quoted&#8217;", "‘Quoted’");
        check("&#x201C;Hex&#X201d;", "“Hex”");
        check("Caf&eacute; &amp; Bar &mdash; &hellip;", "Café & Bar — …");
        check("&lt;b&gt; &quot;so&quot; &apos;it&apos;", "<b> \"so\" 'it'");
        check("&#128512; &#x1F600;", "😀 😀");
        check("Two&nbsp;words", "Two\u{a0}words");
        // A legacy name without its semicolon counts where a browser takes it…
        check("&copy 2019 &amp more", "© 2019 & more");
    }

    #[test]
    fn text_that_only_looks_like_a_reference_is_kept() {
        // …but not before a letter, digit or `=`, as in an attribute value.
        check(
            "Barnes&noble, AT&T, Q&A, a&b=c",
            "Barnes&noble, AT&T, Q&A, a&b=c",
        );
        check("&unknown; & &; &#;", "&unknown; & &; &#;");
        check("no ampersand at all", "no ampersand at all");
        // Quotation marks and angle brackets in the text do not end the wrapper.
        check(
            "He said \"no\" <really> &amp; left\">",
            "He said \"no\" <really> & left\">",
        );
    }

    #[test]
    fn references_to_what_cannot_be_text_become_the_replacement_character() {
        check("a&#0;b &#xD800; &#x110000;", "a\u{fffd}b \u{fffd} \u{fffd}");
        // Windows-1252 numbers mean what browsers show for them.
        check("&#150; &#147;x&#148;", "– “x”");
    }
}
