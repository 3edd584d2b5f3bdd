//! Any bytes as a saved web page, `.html` or Chrome's `.mhtml` (with or without a MIME wrapper
//! around them): never a panic, never a hang; the article's blocks are in order, inside its text.
#![no_main]

use engines::read::open_article_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let article = if kind % 2 == 0 {
        open_article_bytes("page.html", bytes)
    } else {
        // The bytes as the HTML part of an MHTML file, quoted-printable.
        let mut mhtml = b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n".to_vec();
        mhtml.extend_from_slice(bytes);
        mhtml.extend_from_slice(b"\r\n--b--\r\n");
        open_article_bytes("page.mhtml", &mhtml)
    };
    if let Ok(article) = article {
        fuzz_checks::check_article(&article);
    }
});

#[path = "../checks.rs"]
mod fuzz_checks;
