//! Checks shared by the fuzz targets.

use domain::article::Article;
use domain::formats::backup::Backup;

/// A backup that opened gives an article that can be shown.
#[allow(dead_code)] // Not every target uses every check.
pub fn check_backup(backup: &Backup) {
    check_article(&backup.article());
}

/// An article's blocks are non-empty, in order, without overlap, inside its text.
#[allow(dead_code)]
pub fn check_article(article: &Article) {
    let length = article.text.chars().count();
    let mut end = 0;
    for block in &article.blocks {
        assert!(block.span.start >= end && block.span.start < block.span.end);
        end = block.span.end;
    }
    assert!(end <= length);
}
