//! A saved web page's bytes as text: Chrome's single-file `.mhtml` (MIME multipart: its HTML
//! part, quoted-printable or base64) or plain HTML, in whatever charset the page declares —
//! decoded the way browsers do it (a byte-order mark first, then the `<meta charset>` or
//! `http-equiv` declaration found by the HTML prescan, else UTF-8 when the bytes are valid UTF-8,
//! else windows-1252), with `encoding_rs`, the decoder Firefox uses.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use super::input::InputError;

/// How far into the page the charset declaration is looked for: the HTML standard's prescan
/// reads 1024 bytes, but browsers switch to a declaration met later while parsing, and pages put
/// long comments and scripts before it.
const PRESCAN_BYTES: usize = 16 * 1024;

/// Decodes a web page (HTML or MHTML) to text.
pub fn decode_page(bytes: &[u8]) -> Result<String, InputError> {
    let (html, declared) = match html_part_of_mhtml(bytes) {
        Some((html, charset)) => (html, charset),
        None => (Cow::Borrowed(bytes), None),
    };
    // Bytes that are valid UTF-8 with some non-ASCII are UTF-8 whatever the page declares: a
    // page saved again keeps its old declaration, and no legacy text is valid UTF-8 by chance.
    let surely_utf8 = !html.is_ascii() && std::str::from_utf8(&html).is_ok();
    let encoding = Encoding::for_bom(&html)
        .map(|(encoding, _)| encoding)
        .or(surely_utf8.then_some(UTF_8))
        .or_else(|| declared.as_deref().and_then(label_to_encoding))
        .or_else(|| prescan_charset(&html))
        .unwrap_or_else(|| {
            if std::str::from_utf8(&html).is_ok() {
                UTF_8
            } else {
                WINDOWS_1252
            }
        });
    let (text, _, _) = encoding.decode(&html);
    Ok(text.into_owned())
}

/// An encoding from a label; a declared UTF-16 is read as UTF-8, as the standard says for a
/// declaration found in the bytes themselves.
fn label_to_encoding(label: &str) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label.trim().as_bytes())?;
    Some(
        if encoding.is_single_byte() || encoding.output_encoding() == encoding {
            encoding
        } else {
            encoding.output_encoding()
        },
    )
}

/// The charset a page declares in its first bytes: `<meta charset=…>` or
/// `<meta http-equiv="content-type" content="…; charset=…">`.
fn prescan_charset(html: &[u8]) -> Option<&'static Encoding> {
    let head = &html[..html.len().min(PRESCAN_BYTES)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(offset) = find(&lower[from..], b"<meta") {
        let start = from + offset;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |p| start + p);
        let tag = &lower[start..end];
        if let Some(label) = charset_in(tag) {
            if let Some(encoding) = label_to_encoding(&label) {
                return Some(encoding);
            }
        }
        from = end.max(start + 5);
    }
    None
}

/// The value after `charset=` in a meta tag's bytes (quoted or not).
fn charset_in(tag: &[u8]) -> Option<String> {
    let at = find(tag, b"charset")? + b"charset".len();
    let rest = &tag[at..];
    let rest = &rest[rest.iter().position(|&b| b != b' ')?..];
    let rest = rest.strip_prefix(b"=")?;
    let rest = &rest[rest.iter().position(|&b| b != b' ')?..];
    let value: Vec<u8> = rest
        .iter()
        .copied()
        .skip_while(|&b| b == b'"' || b == b'\'')
        .take_while(|&b| !matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
        .collect();
    (!value.is_empty()).then(|| String::from_utf8_lossy(&value).into_owned())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whether the bytes are a MIME multipart document (Chrome's "Webpage, single file").
pub fn is_mhtml(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes[..bytes.len().min(4096)]
        .iter()
        .map(u8::to_ascii_lowercase)
        .collect();
    find(&head, b"mime-version:").is_some() && find(&head, b"multipart/").is_some()
}

/// The HTML part of an MHTML document, decoded from its transfer encoding, with the charset
/// its headers declare. Works on the bytes: a part sent as 8-bit keeps its bytes for the charset
/// decoder.
fn html_part_of_mhtml(bytes: &[u8]) -> Option<(Cow<'_, [u8]>, Option<String>)> {
    if !is_mhtml(bytes) {
        return None;
    }
    let head_end = find(bytes, b"\r\n\r\n")
        .or_else(|| find(bytes, b"\n\n"))
        .unwrap_or(bytes.len().min(8192));
    let head = String::from_utf8_lossy(&bytes[..head_end]);
    let boundary = header_parameter(&head, "boundary")?;
    let delimiter = format!("--{boundary}").into_bytes();
    let mut from = 0;
    let mut starts = Vec::new();
    while let Some(offset) = find(&bytes[from..], &delimiter) {
        starts.push(from + offset + delimiter.len());
        from += offset + delimiter.len();
    }
    for (index, &start) in starts.iter().enumerate() {
        let end = starts
            .get(index + 1)
            .map_or(bytes.len(), |&next| next - delimiter.len());
        let part = &bytes[start..end];
        let part = &part[part
            .iter()
            .position(|&b| b != b'\r' && b != b'\n')
            .unwrap_or(part.len())..];
        let (headers, body) = match find(part, b"\r\n\r\n") {
            Some(at) => (&part[..at], &part[at + 4..]),
            None => match find(part, b"\n\n") {
                Some(at) => (&part[..at], &part[at + 2..]),
                None => continue,
            },
        };
        let headers = String::from_utf8_lossy(headers);
        let headers_lower = headers.to_ascii_lowercase();
        if !headers_lower.contains("content-type: text/html") {
            continue;
        }
        let charset = header_parameter(&headers, "charset");
        let decoded = if headers_lower.contains("content-transfer-encoding: quoted-printable") {
            decode_quoted_printable(body)
        } else if headers_lower.contains("content-transfer-encoding: base64") {
            decode_base64(&String::from_utf8_lossy(body))?
        } else {
            body.to_vec()
        };
        return Some((Cow::Owned(decoded), charset));
    }
    None
}

/// A `name=value` parameter of a MIME header (quoted or not), case-insensitive.
fn header_parameter(headers: &str, name: &str) -> Option<String> {
    let lower = headers.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = &headers[at..];
    let value: String = if let Some(quoted) = rest.strip_prefix('"') {
        quoted.chars().take_while(|&c| c != '"').collect()
    } else {
        rest.chars()
            .take_while(|c| !c.is_whitespace() && *c != ';')
            .collect()
    };
    (!value.is_empty()).then_some(value)
}

/// Quoted-printable: `=XX` bytes and `=` soft line breaks.
fn decode_quoted_printable(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') => i += 3,
            b'=' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'=' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
                match hex {
                    Some(byte) => {
                        out.push(byte);
                        i += 3;
                    }
                    None => {
                        out.push(b'=');
                        i += 1;
                    }
                }
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// Standard base64 with line breaks; `None` for anything else.
fn decode_base64(body: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let symbols: Vec<u32> = body
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
        .map(value)
        .collect::<Option<_>>()?;
    let mut out = Vec::with_capacity(symbols.len() * 3 / 4);
    for chunk in symbols.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &v)| n | v << (18 - 6 * i));
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_charset_comes_from_the_bom_the_declaration_or_the_bytes() {
        let latin = b"<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\xe9 \x93quoted\x94</p>";
        assert!(decode_page(latin).unwrap().contains("Café “quoted”"));
        let equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>Stra\xdfe";
        assert!(decode_page(equiv).unwrap().contains("Straße"));
        let sjis = b"<meta charset=shift_jis><p>\x93\xfa\x96\x7b</p>";
        assert!(decode_page(sjis).unwrap().contains("日本"));
        let undeclared = b"<p>na\xefve</p>";
        assert!(
            decode_page(undeclared).unwrap().contains("naïve"),
            "windows-1252 when not UTF-8"
        );
        let utf8 = "<p>naïve 中文</p>".as_bytes();
        assert!(decode_page(utf8).unwrap().contains("naïve 中文"));
        let bom = [
            &[0xFF, 0xFE][..],
            &"<p>hé</p>"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<_>>(),
        ]
        .concat();
        assert!(decode_page(&bom).unwrap().contains("hé"));
        let wrong_label = b"<meta charset=\"utf-16\"><p>caf\xc3\xa9";
        assert!(
            decode_page(wrong_label).unwrap().contains("café"),
            "a declared UTF-16 is UTF-8"
        );
    }

    #[test]
    fn the_html_part_of_an_mhtml_file_is_taken_and_decoded() {
        let mhtml = "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://example.com/story\r\nSubject: Story\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--abc----\"\r\n\r\n\r\n------MultipartBoundary--abc----\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: https://example.com/story\r\n\r\n<html><head><meta http-equiv=3D\"Content-Type\" content=3D\"text/html; charset=3Dwindows-1252\"></head><body><h1>A long =\r\nheadline</h1><p>Caf=E9 =93society=94.</p></body></html>\r\n------MultipartBoundary--abc----\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n------MultipartBoundary--abc------\r\n";
        assert!(is_mhtml(mhtml.as_bytes()));
        let text = decode_page(mhtml.as_bytes()).unwrap();
        assert!(text.contains("<h1>A long headline</h1>"), "{text}");
        assert!(text.contains("Café “society”."), "{text}");
        let base64 = "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nPHA+aMOpPC9wPg==\r\n--b--\r\n";
        assert_eq!(decode_page(base64.as_bytes()).unwrap(), "<p>hé</p>");
    }
}
