//! A web page's headline, byline, date and site name, from what real pages carry, in order of
//! trust: schema.org JSON-LD (`NewsArticle`, `Article`, `BlogPosting`…: `headline`, `author`,
//! `datePublished`, `publisher`), then Dublin Core, Open Graph, Twitter and Parse.ly `<meta>`
//! tags, then the page's `<title>` with the site's name cut off (by the separators sites use, or
//! by an `<h1>` that says the same).
//!
//! Every field is text a reader sees: character references that no parser decoded (JSON-LD is a
//! script's raw text; some sites escape `<meta>` content twice) are decoded, white space is
//! collapsed, and a field or heading with no letter or digit left (empty, a lone separator, an
//! image's place) counts as absent, so the next source is asked.

use serde_json::Value;

use super::character_references::decode_character_references;
use super::dom::Document;
use super::readable::{normalize, similarity};

/// What a page says about its article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    pub title: Option<String>,
    pub byline: Option<String>,
    /// As the page gives it (ISO 8601 mostly).
    pub published: Option<String>,
    pub site_name: Option<String>,
}

/// The schema.org types of articles.
const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "AdvertiserContentArticle",
    "NewsArticle",
    "AnalysisNewsArticle",
    "AskPublicNewsArticle",
    "BackgroundNewsArticle",
    "BlogPosting",
    "DiscussionForumPosting",
    "LiveBlogPosting",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "ReviewNewsArticle",
    "Report",
    "SatiricalArticle",
    "ScholarlyArticle",
    "MedicalScholarlyArticle",
    "SocialMediaPosting",
    "TechArticle",
];

/// The page's metadata, each field from the most trusted source that has it.
pub fn metadata(document: &Document) -> Metadata {
    let json_ld = json_ld(document);
    let values = meta_values(document);
    let meta = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|key| values.get(*key).and_then(|content| readable_text(content)))
    };
    let title = json_ld
        .title
        .or_else(|| {
            meta(&[
                "dc:title",
                "dcterm:title",
                "og:title",
                "weibo:article:title",
                "weibo:webpage:title",
                "title",
                "twitter:title",
                "parsely-title",
            ])
        })
        .or_else(|| Some(article_title(document)).filter(|t| holds_words(t)));
    let byline = json_ld.byline.or_else(|| {
        meta(&["dc:creator", "dcterm:creator", "author", "parsely-author"])
            .filter(|author| !author.starts_with("http"))
    });
    let published = json_ld.published.or_else(|| {
        meta(&[
            "article:published_time",
            "dcterms:available",
            "dcterms:created",
            "dcterms:issued",
            "weibo:article:create_at",
            "parsely-pub-date",
            "date",
            "pubdate",
            "dc:date",
            "datepublished",
        ])
    });
    let site_name = json_ld.site_name.or_else(|| meta(&["og:site_name"]));
    Metadata {
        title,
        byline,
        published,
        site_name,
    }
}

/// Whether a text holds a letter or a digit: a headline, byline or heading without one (empty,
/// only white space or zero-width characters, a lone `|`) says nothing to a reader.
pub fn holds_words(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// A metadata value as a reader should see it: its character references decoded and its white
/// space collapsed; `None` when no word is left.
fn readable_text(raw: &str) -> Option<String> {
    let text = super::collapse_whitespace(&decode_character_references(raw));
    holds_words(&text).then_some(text)
}

/// The page's `<meta>` values by key, the later tag winning: a `property` names one or more
/// (space-separated) `prefix:field` keys, of which the first known one counts; else a `name` of
/// the known forms (`author`, `DC.title`, `og:title`, `parsely-pub-date`…); `itemprop` last.
fn meta_values(document: &Document) -> std::collections::HashMap<String, String> {
    const PREFIXES: &[&str] = &["article", "dc", "dcterm", "dcterms", "og", "twitter"];
    const FIELDS: &[&str] = &[
        "author",
        "creator",
        "description",
        "published_time",
        "title",
        "site_name",
        "available",
        "created",
        "issued",
    ];
    const NAME_PREFIXES: &[&str] = &[
        "dc",
        "dcterm",
        "dcterms",
        "og",
        "twitter",
        "parsely",
        "weibo:article",
        "weibo:webpage",
    ];
    const NAME_FIELDS: &[&str] = &[
        "author",
        "creator",
        "pub-date",
        "description",
        "title",
        "site_name",
        "date",
        "pubdate",
        "create_at",
        "available",
        "created",
        "issued",
    ];
    let mut values = std::collections::HashMap::new();
    for tag in &document.metas {
        let from_property = tag.property.as_deref().and_then(|property| {
            property.split_whitespace().find_map(|token| {
                let key = normalize_key(token);
                let (prefix, field) = key.split_once(':')?;
                (PREFIXES.contains(&prefix) && FIELDS.contains(&field)).then_some(key)
            })
        });
        let from_name = || {
            let key = normalize_key(tag.name.as_deref()?);
            let known = NAME_FIELDS.contains(&key.as_str())
                || NAME_PREFIXES.iter().any(|prefix| {
                    key.strip_prefix(prefix).is_some_and(|rest| {
                        rest.strip_prefix([':', '-'])
                            .is_some_and(|field| NAME_FIELDS.contains(&field))
                    })
                });
            known.then_some(key)
        };
        let key = from_property
            .or_else(from_name)
            .or_else(|| tag.itemprop.as_deref().map(normalize_key));
        if let Some(key) = key {
            values.insert(key, tag.content.clone());
        }
    }
    values
}

/// `og:title`, `DC.title`, `dcterms.created`: lower case, no spaces, `.` as `:`.
fn normalize_key(key: &str) -> String {
    key.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if c == '.' {
                ':'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// What the page's JSON-LD says of its article.
fn json_ld(document: &Document) -> Metadata {
    for script in &document.json_ld {
        // Pages wrap the JSON in CDATA or comment markers for old browsers.
        let text = script
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim()
            .trim_start_matches("<![CDATA[")
            .trim_end_matches("]]>")
            .trim();
        let Ok(value) = serde_json::from_str::<Value>(text) else {
            continue;
        };
        let mut objects: Vec<&Value> = match &value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        // `@graph` holds the objects of a page in one list.
        let graphs: Vec<&Value> = objects
            .iter()
            .filter_map(|o| o.get("@graph").and_then(Value::as_array))
            .flatten()
            .collect();
        objects.extend(graphs);
        for object in objects {
            if !is_article(object) {
                continue;
            }
            let string = |key: &str| {
                object
                    .get(key)
                    .and_then(Value::as_str)
                    .and_then(readable_text)
            };
            let title = match (string("name"), string("headline")) {
                (Some(name), Some(headline)) if name != headline => {
                    // The name, unless only the headline says what the page's title says.
                    let page = normalize(&article_title(document));
                    let name_matches = similarity(&normalize(&name), &page) > 0.75;
                    let headline_matches = similarity(&normalize(&headline), &page) > 0.75;
                    if headline_matches && !name_matches {
                        Some(headline)
                    } else {
                        Some(name)
                    }
                }
                (name, headline) => name.or(headline),
            };
            let byline = object.get("author").and_then(author_names);
            let published = string("datePublished");
            let site_name = object
                .get("publisher")
                .and_then(|p| p.get("name"))
                .and_then(Value::as_str)
                .and_then(readable_text);
            return Metadata {
                title,
                byline,
                published,
                site_name,
            };
        }
    }
    Metadata::default()
}

fn is_article(object: &Value) -> bool {
    let names_type = |t: &Value| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t));
    match object.get("@type") {
        Some(Value::Array(types)) => types.iter().any(names_type),
        Some(t) => names_type(t),
        None => false,
    }
}

/// `"author": {"name": …}`, a list of them, or a plain string.
fn author_names(author: &Value) -> Option<String> {
    let name = |a: &Value| match a {
        Value::String(s) => readable_text(s),
        Value::Object(_) => a
            .get("name")
            .and_then(Value::as_str)
            .and_then(readable_text),
        _ => None,
    };
    let names: Vec<String> = match author {
        Value::Array(list) => list.iter().filter_map(name).collect(),
        other => name(other).into_iter().collect(),
    };
    (!names.is_empty()).then(|| names.join(", "))
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The article's title from the page's `<title>`: the site's name cut off at the separator
/// sites use (`Story | Site`, `Story - Site`, `Site: Story`), or the one `<h1>` when the title is
/// too short or too long to be the headline.
pub fn article_title(document: &Document) -> String {
    let original = super::collapse_whitespace(&document.title);
    let separators = ['|', '-', '–', '—', '\\', '/', '>', '»'];
    let spaced = |c: char| original.contains(&format!(" {c} "));
    let mut title = original.clone();
    let mut hierarchical = false;
    if separators.iter().any(|&c| spaced(c)) {
        hierarchical = ['\\', '/', '>', '»'].iter().any(|&c| spaced(c));
        // Everything before the last separator…
        let last = separators
            .iter()
            .filter_map(|&c| original.rfind(&format!(" {c} ")))
            .max()
            .unwrap_or(0);
        title = original[..last].to_owned();
        // …unless that leaves too little: then everything after the first.
        if word_count(&title) < 3 {
            let first = separators
                .iter()
                .filter_map(|&c| original.find(&format!(" {c} ")))
                .min()
                .unwrap_or(0);
            title = original[first..]
                .trim_start_matches(|c: char| c == ' ' || separators.contains(&c))
                .to_owned();
        }
    } else if original.contains(": ") {
        let headings: Vec<String> = headings(document, &["h1", "h2"]);
        if !headings.iter().any(|h| h.trim() == original.trim()) {
            let after_last = original[original.rfind(':').map_or(0, |i| i + 1)..]
                .trim()
                .to_owned();
            title = after_last;
            if word_count(&title) < 3 {
                title = original[original.find(':').map_or(0, |i| i + 1)..]
                    .trim()
                    .to_owned();
            } else if word_count(&original[..original.find(':').unwrap_or(0)]) > 5 {
                title = original.clone();
            }
        }
    } else if original.chars().count() > 150 || original.chars().count() < 15 {
        let ones = headings(document, &["h1"]);
        if ones.len() == 1 {
            title = ones[0].clone();
        }
    }
    let title = super::collapse_whitespace(&title);
    let words = word_count(&title);
    let without_separators: String = original
        .chars()
        .filter(|c| !separators.contains(c))
        .collect();
    if words <= 4 && (!hierarchical || words != word_count(&without_separators).saturating_sub(1)) {
        return original;
    }
    title
}

/// The text of the page's headings of these tags that hold words (an empty `<h1>`, or one that
/// holds only a logo's image, is no headline).
fn headings(document: &Document, tags: &[&str]) -> Vec<String> {
    (0..document.nodes.len())
        .filter(|&id| tags.contains(&document.tag(id)))
        .map(|id| document.text(id))
        .filter(|text| holds_words(text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str, expected: Metadata) {
        assert_eq!(metadata(&Document::parse(html)), expected);
    }

    #[test]
    fn json_ld_comes_first_then_meta_then_the_title() {
        check(
            r#"<html><head><title>Ignored | Site</title>
            <meta property="og:title" content="From Open Graph">
            <meta name="author" content="Meta Author">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"Page"},
              {"@type":"NewsArticle","headline":"From JSON-LD","author":[{"@type":"Person","name":"Ana López"},{"name":"Bo Li"}],
               "datePublished":"2018-04-05T06:00:00Z","publisher":{"name":"The Daily"}}]}</script></head><body></body></html>"#,
            Metadata {
                title: Some("From JSON-LD".into()),
                byline: Some("Ana López, Bo Li".into()),
                published: Some("2018-04-05T06:00:00Z".into()),
                site_name: Some("The Daily".into()),
            },
        );
        check(
            r#"<title>x</title><meta name="DC.title" content="Dublin Core"><meta property="article:published_time" content="2020-01-02">
            <meta property="og:site_name" content="Site"><meta name="author" content="https://example.com/jane">"#,
            Metadata {
                title: Some("Dublin Core".into()),
                byline: None,
                published: Some("2020-01-02".into()),
                site_name: Some("Site".into()),
            },
        );
    }

    #[test]
    fn character_references_in_json_ld_are_decoded_in_every_field() {
        // A script's text is raw to the HTML parser, so these reach the JSON as written.
        check(
            r#"<title>Page</title><script type="application/ld+json">{"@type":"NewsArticle",
              "headline":"&#8216;Rain &amp; wind&#x2019; hit the &lsquo;caf&eacute;s&rsquo;",
              "author":[{"name":"Jos&eacute; O&#39;Neil"},"Ana&nbsp;L&oacute;pez"],
              "datePublished":"2021&#x2D;03&#45;04","publisher":{"name":"The Times &amp; Post"}}</script>"#,
            Metadata {
                title: Some("‘Rain & wind’ hit the ‘cafés’".into()),
                byline: Some("José O'Neil, Ana López".into()),
                published: Some("2021-03-04".into()),
                site_name: Some("The Times & Post".into()),
            },
        );
    }

    #[test]
    fn meta_content_escaped_twice_is_decoded_and_text_that_only_looks_escaped_is_kept() {
        check(
            r#"<title>Page</title><meta property="og:title" content="Don&amp;#8217;t stop &amp;amp; go">
            <meta name="author" content="Z&amp;eacute; Barnes&amp;noble">
            <meta property="og:site_name" content="AT&amp;T News">"#,
            Metadata {
                title: Some("Don’t stop & go".into()),
                byline: Some("Zé Barnes&noble".into()),
                published: None,
                site_name: Some("AT&T News".into()),
            },
        );
    }

    #[test]
    fn a_field_without_words_gives_way_to_the_next_source() {
        // White space written as references, a lone separator, a zero-width space: none is a
        // headline or a byline, so the meta tags and then the page's title are asked.
        check(
            r#"<title>Storm closes the coastal road | Herald</title>
            <meta property="og:title" content=" | "><meta name="author" content="Ana Ruiz">
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"&#160;&nbsp;",
              "author":{"name":"\u200b"},"publisher":{"name":" "}}</script>"#,
            Metadata {
                title: Some("Storm closes the coastal road".into()),
                byline: Some("Ana Ruiz".into()),
                published: None,
                site_name: None,
            },
        );
    }

    #[test]
    fn an_h1_without_words_is_not_the_headline() {
        let title = |html: &str| article_title(&Document::parse(html));
        // The title is too short to be the headline and the one h1 with words says it; an empty
        // h1 and one holding only a logo's image do not count as other headlines.
        assert_eq!(
            title(
                "<title>Herald</title><h1> </h1><h1><a href=/><img src=logo.png alt=Herald></a></h1>\
                 <h1>Storm closes the coastal road for a week</h1>"
            ),
            "Storm closes the coastal road for a week"
        );
        // With no h1 that holds words, the short title stays.
        assert_eq!(title("<title>Herald</title><h1>\u{200b}</h1>"), "Herald");
    }

    #[test]
    fn the_site_name_is_cut_from_the_title() {
        let title = |html: &str| article_title(&Document::parse(html));
        assert_eq!(
            title("<title>Council agrees new budget for schools | The Daily Herald</title>"),
            "Council agrees new budget for schools"
        );
        assert_eq!(
            title("<title>The Daily Herald - Council agrees new budget</title>"),
            "The Daily Herald - Council agrees new budget",
            "three words left: the whole title"
        );
        assert_eq!(
            title("<title>Opinion: Why the council was right to agree the budget</title>"),
            "Why the council was right to agree the budget"
        );
        assert_eq!(
            title("<title>Short</title><h1>The one headline of the page</h1>"),
            "The one headline of the page"
        );
        assert_eq!(
            title("<title>Sports | Site</title>"),
            "Sports | Site",
            "too few words: the whole title"
        );
    }
}
