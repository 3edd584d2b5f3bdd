//! An entry read back from localStorage, possibly damaged or from another version: never a panic;
//! what decodes encodes and decodes again to the same.
#![no_main]

use domain::store::{decode_article, decode_library, encode_article, encode_library};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(saved) = decode_article(value) {
        fuzz_checks::check_article(&saved.article);
        let again = decode_article(&encode_article(&saved)).expect("our own encoding decodes");
        assert_eq!(again, saved);
    }
    if let Ok(entries) = decode_library(value) {
        assert_eq!(
            decode_library(&encode_library(&entries)).ok(),
            Some(entries)
        );
    }
});

#[path = "../checks.rs"]
mod fuzz_checks;
