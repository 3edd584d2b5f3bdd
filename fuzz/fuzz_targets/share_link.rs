//! A share link's fragment, as hostile as a URL can be: never a panic; what opens is whole.
#![no_main]

use domain::formats::share::decode_share;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(fragment) = std::str::from_utf8(data) else {
        return;
    };
    // Both shapes: the raw bytes after `share=`, and the fragment as given.
    for candidate in [format!("share={fragment}"), fragment.to_owned()] {
        if let Ok(Some(backup)) = decode_share(&candidate) {
            fuzz_checks::check_backup(&backup);
        }
    }
});

#[path = "../checks.rs"]
mod fuzz_checks;
