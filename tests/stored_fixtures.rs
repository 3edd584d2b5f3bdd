//! Every stored format the page has ever written still reads, and reads the same: each fixture
//! in `tests/fixtures` (stored articles of schemas 1 to 4, libraries of schemas 1 and 2, a backup
//! of format 1) is decoded and encoded again, and what that gives is compared, byte for byte,
//! with what the page gave when the fixture was first kept (`tests/fixtures/decoded/`). A change
//! to the live types that changes what is stored or read fails here; a new schema adds a fixture
//! and a golden file, never edits one (what an older fixture writes may differ from its golden
//! file in the schema number alone: it is written as the current schema).

use std::path::PathBuf;

use domain::formats::backup::parse_backup;
use domain::store::{
    decode_article, decode_library, encode_article, encode_library, CURRENT_VERSION,
};

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Compares `encoded` with the golden file; `WRITE_GOLDEN=1` writes a missing one (a new
/// fixture's), never over an existing one.
fn check(name: &str, encoded: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/decoded")
        .join(name);
    match std::fs::read_to_string(&path) {
        Ok(golden) => assert!(
            same_but_the_schema(&golden, encoded),
            "{name}: decoding and encoding it again no longer gives what it gave (tests/fixtures/decoded/{name}).\nnow:    {encoded}\nbefore: {golden}"
        ),
        Err(_) if std::env::var_os("WRITE_GOLDEN").is_some() => {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, encoded).unwrap();
        }
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// Whether a golden file and what is written now are the same bytes, but for the schema number
/// an article is written with (the current one: a new schema changes that number in everything
/// written, and nothing else of what an older entry holds).
fn same_but_the_schema(golden: &str, encoded: &str) -> bool {
    let current = format!("{{\"schema\":{CURRENT_VERSION},");
    let after_schema = |written: &str| -> Option<String> {
        let rest = written.strip_prefix("{\"schema\":")?;
        let digits = rest.find(',')?;
        rest[..digits].parse::<u32>().ok()?;
        Some(rest[digits..].to_owned())
    };
    golden == encoded
        || (encoded.starts_with(&current)
            && after_schema(golden).is_some()
            && after_schema(golden) == after_schema(encoded))
}

#[test]
fn stored_articles_of_every_schema_read_and_write_as_they_did() {
    for version in 1..=CURRENT_VERSION {
        let name = format!("store-v{version}-article.json");
        let saved = decode_article(&fixture(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let encoded = encode_article(&saved);
        check(&name, &encoded);
        // What is written reads back as the same value.
        assert_eq!(decode_article(&encoded).unwrap(), saved, "{name}");
    }
}

#[test]
fn libraries_of_every_schema_read_and_write_as_they_did() {
    for version in 1..=2 {
        let name = format!("library-v{version}.json");
        let library = decode_library(&fixture(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let encoded = encode_library(&library);
        check(&name, &encoded);
        assert_eq!(decode_library(&encoded).unwrap(), library, "{name}");
    }
}

#[test]
fn backups_of_every_format_read_and_write_as_they_did() {
    let name = "backup-v1.json";
    let backup = parse_backup(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let encoded = backup.to_json();
    check(name, &encoded);
    assert_eq!(parse_backup(&encoded).unwrap(), backup);
}
