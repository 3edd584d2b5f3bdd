//! One small real-looking sentence per pattern the quote engine must handle, and the sample.
//!
//! The pattern tests check what the rules propose, taken in their written order
//! ([`RulesInOrder`]), so that retraining the speaker ranker cannot change what they test; the
//! shipped ranker is checked on clear cases of every kind here, and on its figures in
//! `tests/gold_data.rs`.

use super::*;
use crate::extract::attribution::attribution_parts;
use crate::extract::entities::gazetteer::Gazetteer;
use crate::extract::{
    analyse, analyse_text, entities::EntityModel, grouped_mentions, Analysis, Entity,
    EntityMention, MentionKind,
};
use crate::language::dates::{self, DateValue};
use crate::read::parse_plain_text;
use domain::article::SAMPLE_TEXT;
use domain::text::{slice_chars, Span, TextIndex};

fn model() -> &'static EntityModel {
    crate::extract::entities::shipped_model()
}

/// A test text with its names marked: `{Name}` a person, `{o:Name}` an organisation, `{l:Name}`
/// a place. The quote engine is fed exactly these mentions (and the dates the date grammar
/// finds), so retraining the entity model cannot change what these tests test. Returns the
/// text without the marks, and what the engines found in it.
fn analysis(marked: &str) -> (String, Analysis) {
    analysis_with(marked, &mut RulesInOrder)
}

/// [`analysis`] with the speaker chosen by `chooser`.
fn analysis_with(marked: &str, chooser: &mut dyn Chooser) -> (String, Analysis) {
    let (text, mentions, entities) = marked_mentions(marked);
    let quotes = find_quotes_with(&text, &mentions, &entities, chooser);
    let analysis = Analysis {
        mentions,
        entities,
        quotes,
        reported: Vec::new(),
    };
    (text, analysis)
}

/// The text without its marks, the marked names and the dates as mentions, and their groups.
fn marked_mentions(marked: &str) -> (String, Vec<EntityMention>, Vec<Entity>) {
    let mut text = String::new();
    let mut names: Vec<(Span, MentionKind)> = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("a closing brace");
        let inner = &rest[open + 1..close];
        let (kind, name) = match inner.split_once(':') {
            Some(("o", name)) => (MentionKind::Organisation, name),
            Some(("l", name)) => (MentionKind::Place, name),
            _ => (MentionKind::Person, inner),
        };
        let start = text.chars().count();
        text.push_str(name);
        names.push((Span::new(start, text.chars().count()), kind));
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    let index = TextIndex::new(&text);
    let mut found: Vec<(Span, MentionKind, Option<DateValue>)> = dates::find_dates(&text, None)
        .into_iter()
        .map(|date| {
            (
                index.span_of_bytes(date.bytes),
                MentionKind::Date,
                date.value,
            )
        })
        .filter(|(span, _, _)| !names.iter().any(|(name, _)| name.overlaps(span)))
        .collect();
    found.extend(names.into_iter().map(|(span, kind)| (span, kind, None)));
    let (mentions, entities) = grouped_mentions(&index, found, &Gazetteer::built_in());
    (text, mentions, entities)
}

/// Each quotation (kind `quote`) as (quoted text, speaker mention, speaker name).
fn quotes(marked: &str) -> Vec<(String, String, String)> {
    quotes_with(marked, &mut RulesInOrder)
}

fn quotes_with(marked: &str, chooser: &mut dyn Chooser) -> Vec<(String, String, String)> {
    let (text, analysis) = analysis_with(marked, chooser);
    analysis
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Quote)
        .map(|q| {
            let (mention, name) = match &q.speaker {
                Some(s) => (slice_chars(&text, s.mention).to_owned(), s.name.clone()),
                None => (String::new(), String::new()),
            };
            (slice_chars(&text, q.span).to_owned(), mention, name)
        })
        .collect()
}

fn check(marked: &str, expected: &[(&str, &str, &str)]) {
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(quotes(marked), expected, "quotes in {marked:?}");
}

fn terms(marked: &str) -> Vec<String> {
    let (text, analysis) = analysis(marked);
    analysis
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Term)
        .map(|q| slice_chars(&text, q.span).to_owned())
        .collect()
}

#[test]
fn quote_then_speaker_then_verb() {
    check(
        "Talks in {l:Brussels} ended late.\n\n\"We made real progress,\" {Tillerson} said.",
        &[("We made real progress,", "Tillerson", "Tillerson")],
    );
}

#[test]
fn quote_then_verb_then_speaker() {
    check(
        "“The vote will be close,” said Senator {Maria Lopez}, the committee chair.",
        &[(
            "The vote will be close,",
            "Senator Maria Lopez",
            "Maria Lopez",
        )],
    );
}

#[test]
fn speaker_verb_colon_quote() {
    check(
        "{Angela Merkel} said: \"{l:Europe} must take its fate into its own hands.\"",
        &[(
            "Europe must take its fate into its own hands.",
            "Angela Merkel",
            "Angela Merkel",
        )],
    );
}

#[test]
fn speaker_said_that_quote() {
    check(
        "{Boris Johnson} said that \"the deal is done\" and left.",
        &[("the deal is done", "Boris Johnson", "Boris Johnson")],
    );
}

#[test]
fn according_to_speaker() {
    check(
        "According to Kenyan police, \"three suspects were arrested overnight.\"",
        &[(
            "three suspects were arrested overnight.",
            "Kenyan police",
            "Kenyan police",
        )],
    );
}

#[test]
fn speaker_told_reporters_quote() {
    check(
        "Prime Minister {Justin Trudeau} told reporters \"we will not back down\" on tariffs.",
        &[(
            "we will not back down",
            "Prime Minister Justin Trudeau",
            "Justin Trudeau",
        )],
    );
}

#[test]
fn replied_saying_quote() {
    check(
        "{Federica Mogherini} replied negatively, saying \"we're not looking at duplications.\"",
        &[(
            "we're not looking at duplications.",
            "Federica Mogherini",
            "Federica Mogherini",
        )],
    );
}

#[test]
fn a_quote_paragraph_continues_the_previous_speaker() {
    check(
        "“We will rebuild the bridge by spring,” Mayor {Anne Hidalgo} said.\n\n“The city has the money and the will.”",
        &[
            ("We will rebuild the bridge by spring,", "Mayor Anne Hidalgo", "Anne Hidalgo"),
            ("The city has the money and the will.", "Mayor Anne Hidalgo", "Anne Hidalgo"),
        ],
    );
}

#[test]
fn a_quote_running_over_two_paragraphs() {
    let text = "{Warren Buffett} wrote: “Our results were solid this year.\n\n“We expect more of the same next year.”";
    let found = analysis(text).1.quotes;
    assert_eq!(found.len(), 2);
    assert!(
        !found[0].closed,
        "the first paragraph ends before its closing mark"
    );
    assert!(found[1].closed);
    let speakers: Vec<&str> = found
        .iter()
        .map(|q| q.speaker.as_ref().unwrap().name.as_str())
        .collect();
    assert_eq!(speakers, ["Warren Buffett", "Warren Buffett"]);
}

#[test]
fn he_said_resolves_to_the_nearest_person() {
    check(
        "{Emmanuel Macron} arrived in {l:Berlin} on Monday.\n\n\"This is a historic day,\" he said.",
        &[("This is a historic day,", "he", "Emmanuel Macron")],
    );
}

#[test]
fn a_title_resolves_to_the_person_who_holds_it() {
    check(
        "{o:NATO} Secretary General {Jens Stoltenberg} met the ministers.\n\n\"We are ready,\" {o:NATO} chief said.",
        &[("We are ready,", "NATO chief", "Jens Stoltenberg")],
    );
    check(
        "Senator {Elizabeth Warren} spoke first. {Later}, the senator said \"the bill is a giveaway.\"",
        &[("the bill is a giveaway.", "the senator", "Elizabeth Warren")],
    );
}

#[test]
fn collective_speakers_keep_their_words() {
    check(
        "The ministers agreed that the alliance should keep its \"defense and dialogue\" approach.",
        &[("defense and dialogue", "The ministers", "The ministers")],
    );
}

#[test]
fn broad_reporting_verbs() {
    check(
        "“Prices will rise,” the central bank warned.",
        &[("Prices will rise,", "the central bank", "the central bank")],
    );
    check(
        "“I never met him,” {Smith} insisted on Tuesday.",
        &[("I never met him,", "Smith", "Smith")],
    );
    check(
        "Ramos tweeted: \"Polls close at eight.\"",
        &[("Polls close at eight.", "Ramos", "Ramos")],
    );
}

#[test]
fn an_interrupted_quote_keeps_its_speaker() {
    check(
        "\"Judge,\" {Brafman} said, \"I have never seen this.\"",
        &[
            ("Judge,", "Brafman", "Brafman"),
            ("I have never seen this.", "Brafman", "Brafman"),
        ],
    );
}

#[test]
fn titles_and_scare_quotes_are_terms() {
    let text = "She appeared on \"The {o:Late Show}\" to discuss the so-called \"deal of the century\" at length.";
    assert_eq!(terms(text), ["The Late Show", "deal of the century"]);
    assert!(quotes(text).is_empty());
    assert_eq!(
        terms("<tweet author=\"realDonaldTrump\" id=\"1\">{Hello}</tweet>"),
        ["realDonaldTrump", "1"]
    );
}

#[test]
fn apostrophes_are_never_quote_marks() {
    let text = "The ministers' meeting ended. \"We're not done,\" {Ana}'s aide said.";
    let found = quotes(text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "We're not done,");
}

#[test]
fn nested_single_quotes_stay_inside() {
    check(
        "“He told me ‘never again’ and left,” {Jones} said.",
        &[("He told me ‘never again’ and left,", "Jones", "Jones")],
    );
}

#[test]
fn one_unbalanced_mark_does_not_derail_the_rest() {
    let text = "He said \"this is broken.\n\nLater paragraph.\n\n\"All fine here,\" {Lee} said.";
    let found = quotes(text);
    assert_eq!(
        found.last().unwrap(),
        &(
            "All fine here,".to_owned(),
            "Lee".to_owned(),
            "Lee".to_owned()
        )
    );
}

#[test]
fn non_ascii_text_keeps_code_point_offsets() {
    let text = "{o:Zoë Müller} 👍 sagte: „Wir schaffen das.“\n\n“{l:Ça} ira,” dit {Émile Zola}.";
    let (text, analysis) = analysis(text);
    let text = text.as_str();
    for quote in &analysis.quotes {
        let inner = slice_chars(text, quote.span);
        let outer = slice_chars(text, quote.outer);
        assert!(
            outer.contains(inner) && outer.chars().count() == inner.chars().count() + 2,
            "{outer:?} / {inner:?}"
        );
    }
    assert!(analysis
        .quotes
        .iter()
        .any(|q| slice_chars(text, q.span) == "Ça ira,"));
}

/// The sample's gold quotes, each with its speaker.
#[test]
fn the_sample_gold_quotes_and_speakers() {
    let gold: serde_json::Value = serde_json::from_str(include_str!(
        "../../../../../assets/samples/nato-eu-cooperation.gold.json"
    ))
    .unwrap();
    let article = parse_plain_text(SAMPLE_TEXT);
    let analysis = analyse(&article, Some(model()));
    let found: Vec<(usize, usize, String)> = analysis
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Quote)
        .map(|q| {
            (
                q.span.start,
                q.span.end,
                q.speaker
                    .as_ref()
                    .map(|s| s.name.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let expected: Vec<(usize, usize, String)> = gold["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["start"].as_u64().unwrap() as usize,
                q["end"].as_u64().unwrap() as usize,
                q["speaker"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn a_verb_the_lexicon_does_not_list_still_attributes_after_a_comma() {
    check(
        "The senator was angry.\n\n“They had every chance to vote,” Toomey fumed on Tuesday.",
        &[("They had every chance to vote,", "Toomey", "Toomey")],
    );
    check(
        "Her critics doubted her.\n\n\"Don't do this,\" remembered {Roy Verley}, the former spokesman.",
        &[("Don't do this,", "Roy Verley", "Roy Verley")],
    );
}

#[test]
fn a_bare_attribution_after_a_full_stop_belongs_to_the_quote() {
    check(
        "The rally went on.\n\n“I hope you are able to find the emails.” {Trump} said.",
        &[("I hope you are able to find the emails.", "Trump", "Trump")],
    );
}

#[test]
fn a_cue_word_after_an_article_is_a_noun_and_the_clause_subject_speaks() {
    check(
        "{Hillary Clinton} immediately posted a Twitter comment of her own, saying, “We’re so excited to meet our second grandchild!”",
        &[(
            "We’re so excited to meet our second grandchild!",
            "Hillary Clinton",
            "Hillary Clinton",
        )],
    );
}

#[test]
fn a_relative_pronoun_is_the_mention_and_resolves_to_its_person() {
    check(
        "Sympathy came from {l:Indiana} Gov. {Mike Pence}, who called their son “an American hero.”",
        &[("an American hero.", "who", "Mike Pence")],
    );
}

#[test]
fn a_quote_inside_a_relative_clause_belongs_to_its_who() {
    // The verb a few words after the pronoun, a parenthesis after it, a role as antecedent.
    check(
        "{Glenn Beck}, who has in the past described {Trump} as “a narcissistic psychopath,” clearly meant it.\n\nHer campaign’s leadership, who, on a press call Friday, criticized Sanders for “misrepresenting what had occurred,” was angry.\n\nThe senator, who said “we will win,” left early.",
        &[
            ("a narcissistic psychopath,", "who", "Glenn Beck"),
            ("misrepresenting what had occurred,", "who", "Her campaign’s leadership"),
            ("we will win,", "who", "The senator"),
        ],
    );
}

#[test]
fn words_after_a_quotation_that_go_on_with_its_sentence_do_not_speak() {
    // A noun that is also a reporting verb ("state", "pledge"), a verb whose next phrase is its
    // object ("described the impact").
    check(
        "Speaker {Paul Ryan} lamented the “disheartened” state of the campaign.\n\n{Maria Vargas} asked whether she would commit to his “#wordsmatter” pledge regarding the issue.\n\n{Dan Roffman} said his costs were “in the seven figures,” described the emotional impact as grave.",
        &[
            ("disheartened", "Speaker Paul Ryan", "Paul Ryan"),
            ("#wordsmatter", "Maria Vargas", "Maria Vargas"),
            ("in the seven figures,", "Dan Roffman", "Dan Roffman"),
        ],
    );
}

#[test]
fn a_name_after_a_preposition_before_a_colon_is_not_the_speaker() {
    check(
        "{o:Senate Majority} Leader {Mitch McConnell} delivered a blunt message to {Donald Trump}: “It’s time to get on message.”\n\n{Tom Perez} contrasted the Republican with {Hillary Clinton}: “She is a workhorse.”\n\n{Michael Flynn} loudly reprised the caustic chant “{l:Lock} her up!”",
        &[
            ("It’s time to get on message.", "Senate Majority Leader Mitch McConnell", "Mitch McConnell"),
            ("She is a workhorse.", "Tom Perez", "Tom Perez"),
            // "chant" after "the caustic" is a noun, not a verb whose subject is "the caustic".
            ("Lock her up!", "Michael Flynn", "Michael Flynn"),
        ],
    );
}

#[test]
fn a_subject_with_a_participle_after_it_and_a_name_after_what_are_whole() {
    check(
        "Protesters marching through the streets chanted “What curfew?” and kept going.\n\nLeaders were quick to denounce what Australian Prime Minister {Malcolm Turnbull} called {l:North Korea}’s “reckless, provocative” actions.",
        &[
            ("What curfew?", "Protesters", "Protesters"),
            (
                "reckless, provocative",
                "Australian Prime Minister Malcolm Turnbull",
                "Malcolm Turnbull",
            ),
        ],
    );
}

#[test]
fn quotations_joined_by_and_share_their_report_or_their_kind() {
    check(
        "{l:Orlando} was on their minds, with many marchers chanting “We are {l:Orlando}” and “Disarm hate.”",
        &[
            ("We are Orlando", "many marchers", "many marchers"),
            ("Disarm hate.", "many marchers", "many marchers"),
        ],
    );
    let text = "Peter Serafinowicz, who starred in “Parks and Recreation” and “Guardians of the Galaxy,” posted the clip.";
    assert_eq!(
        terms(text),
        ["Parks and Recreation", "Guardians of the Galaxy,"],
        "both titles are terms"
    );
}

#[test]
fn a_sentence_opening_with_according_to_gives_its_quotations_that_source() {
    check(
        "According to {l:White House} pool reports, {Barack Obama} said “there is love” in {l:Orlando}.\n\nAccording to {o:ProPublica}, {Hillary Clinton} praised her “wonderful donors” in the audience.",
        &[
            ("there is love", "White House pool reports", "White House"),
            ("wonderful donors", "ProPublica", "ProPublica"),
        ],
    );
}

#[test]
fn a_participle_after_the_report_and_a_time_heading_the_sentence_do_not_speak() {
    check(
        "{Donald Trump}’s “excesses” are sickening, {François Hollande} said Tuesday in {l:Paris}, noting the Republican nominee “makes you want to retch.”\n\nSaturday at the party convention the teachers union said the plan was a “proven failure” in every state.",
        &[
            ("excesses", "François Hollande", "François Hollande"),
            ("makes you want to retch.", "François Hollande", "François Hollande"),
            ("proven failure", "the teachers union", "the teachers union"),
        ],
    );
}

#[test]
fn an_adverb_opening_the_sentence_is_not_its_subject() {
    check(
        "Likewise, a paper from the {o:Brookings Institution} had this to say about the plan: \"Families from the top half would receive more.\"",
        &[("Families from the top half would receive more.", "a paper", "a paper")],
    );
}

#[test]
fn a_speaker_carried_over_rests_on_the_latest_mention_that_reports() {
    check(
        "“The {o:Fed} has been laying down sign posts everywhere,” said {Megan Greene}, chief economist at {l:Manulife}. {Greene} added that the {o:Fed} wants to get out of the way before the election. “They don’t like to talk about it.”",
        &[
            ("The Fed has been laying down sign posts everywhere,", "Megan Greene", "Megan Greene"),
            ("They don’t like to talk about it.", "Greene", "Megan Greene"),
        ],
    );
}

#[test]
fn a_report_joined_by_and_to_an_earlier_verb_shares_its_subject() {
    check(
        "There have been pointed references, such as when {Ted Cruz} knocked {Marco Rubio} on trade and called him a “moderate,” a subtle dig.",
        &[("moderate,", "Ted Cruz", "Ted Cruz")],
    );
}

#[test]
fn verbs_of_praise_and_blame_report() {
    check(
        "The speech followed his daughter {Ivanka Trump}, who portrayed him as “the people’s champion,” to the stage.",
        &[("the people’s champion,", "who", "Ivanka Trump")],
    );
}

#[test]
fn two_word_reports_as_someone_puts_it_or_refers_to() {
    // (The mention is the name, not "the rally Donald Trump".)
    check(
        "As The {o:Post}’s {Ruth Marcus} puts it, {Barack Obama} is trying to make Republicans “an offer they can’t afford to refuse.”\n\nAt the rally {Donald Trump} repeatedly referred to {Marco Rubio} as “{Little Marco}.”",
        &[
            ("an offer they can’t afford to refuse.", "The Post’s Ruth Marcus", "Ruth Marcus"),
            ("Little Marco.", "Donald Trump", "Donald Trump"),
        ],
    );
}

#[test]
fn a_thing_reporting_inside_a_persons_report_leaves_the_quote_to_the_person() {
    check(
        "{o:House} Speaker {Paul Ryan} said the recent spate of police shootings and protests demands that all Americans engage in “more listening.”\n\n“There is a young man having some problems,” {Ted Cruz} said as the heckler yelled: “You suck!”",
        &[
            ("more listening.", "House Speaker Paul Ryan", "Paul Ryan"),
            ("There is a young man having some problems,", "Ted Cruz", "Ted Cruz"),
            ("You suck!", "the heckler", "the heckler"),
        ],
    );
}

#[test]
fn a_year_before_a_name_is_no_part_of_the_speaker() {
    check(
        "We hope that in 2017 {l:America} says, “Thank you for a lifetime of public service.”",
        &[(
            "Thank you for a lifetime of public service.",
            "America",
            "America",
        )],
    );
}

#[test]
fn a_thing_heading_a_sentence_without_a_report_speaks_for_its_quotation_not_its_titles() {
    check(
        "The ad targets a “corrupt political system that keeps in place a rigged economy.”\n\nThe board saw her as the driver to speed the “{l:Grandfather} of {l:Silicon Valley}” into the new era.",
        &[(
            "corrupt political system that keeps in place a rigged economy.",
            "The ad",
            "The ad",
        )],
    );
    let text = "The board saw her as the driver to speed the “{l:Grandfather} of {l:Silicon Valley}” into the new era.";
    assert_eq!(terms(text), ["Grandfather of Silicon Valley"]);
}

#[test]
fn a_who_that_is_an_object_or_picks_people_out_does_not_speak() {
    check(
        "Much of {Glenn Beck}’s ire was directed at {Steve Bannon}, who {Beck} on Wednesday called “a horrible, despicable human being.”\n\n{Hillary Clinton} mocked the complaint, saying anybody who complains about a microphone “is not having a good night.”",
        &[
            ("a horrible, despicable human being.", "Beck", "Glenn Beck"),
            ("is not having a good night.", "Hillary Clinton", "Hillary Clinton"),
        ],
    );
}

#[test]
fn which_with_its_own_subject_leaves_the_quote_to_that_subject() {
    // "what he calls" speaks for the sentence's subject; "which he called" for its own.
    check(
        "{Ron DeSantis} backed a bill against accreditation bodies, which he called “a cartel for higher education.”\n\n{Ted Cruz} has railed against what he calls the “{l:Washington} cartel.”",
        &[
            ("a cartel for higher education.", "he", "Ron DeSantis"),
            ("Washington cartel.", "Ted Cruz", "Ted Cruz"),
        ],
    );
}

#[test]
fn a_person_reporting_inside_a_sentence_about_something_else_speaks() {
    check(
        "The endorsement comes three days after {Trump} told {o:The Washington Post} he was “not quite there yet” on the speaker.",
        &[("not quite there yet", "Trump", "Trump")],
    );
}

#[test]
fn a_fragment_running_on_into_its_sentence_keeps_the_speaker_before_it() {
    check(
        "Obama spoke at length.\n\n{Obama} said “it gets me mad” every time he thinks about the children who were killed.",
        &[("it gets me mad", "Obama", "Obama")],
    );
}

#[test]
fn two_word_cues_and_a_name_after_a_dash_before_a_colon() {
    check(
        "Bush kept interrupting.\n\n\"Jeb wants to be a tough guy tonight,\" Trump shot back.",
        &[("Jeb wants to be a tough guy tonight,", "Trump", "Trump")],
    );
    check(
        "Pollsters agree - {Carl Bialik}: “{l:Keep} on contacting voters as late as possible.”",
        &[(
            "Keep on contacting voters as late as possible.",
            "Carl Bialik",
            "Carl Bialik",
        )],
    );
}

#[test]
fn a_long_appositive_or_relative_clause_between_speaker_and_verb() {
    check(
        "Election column\n\n“We cannot do it,” Seth McKee, a political scientist at {l:Texas Tech University}, told {o:The Hill}.",
        &[("We cannot do it,", "Seth McKee", "Seth McKee")],
    );
    check(
        "Polls tighten.\n\n“There’s no job description,” {Melanne Verveer}, who served as {Hillary Clinton}’s chief of staff, told {o:CBS News}.",
        &[("There’s no job description,", "Melanne Verveer", "Melanne Verveer")],
    );
}

#[test]
fn a_party_and_state_in_parentheses_or_commas_between_speaker_and_verb() {
    check(
        "{o:Senate} moves.\n\n“If they did, they should be held accountable,” Sen. {Chuck Schumer} (D-N.{Y.}) said Tuesday.",
        &[(
            "If they did, they should be held accountable,",
            "Sen. Chuck Schumer",
            "Chuck Schumer",
        )],
    );
    check(
        "Convention week.\n\n\"Perpetual motion!\" Rep. Glenn Thompson, R-Pa., said of the swirl of activities.",
        // No person tagged here: the name is the mention itself.
        &[("Perpetual motion!", "Rep. Glenn Thompson", "Rep. Glenn Thompson")],
    );
}

#[test]
fn an_adjective_in_ed_before_the_speaker_after_the_verb() {
    check(
        "{Brown} hosts a barbecue.\n\n\"I don't know where he stands,\" said undecided Republican voter {Stephanie Hooton} of {l:Derry}.",
        &[(
            "I don't know where he stands,",
            "undecided Republican voter Stephanie Hooton of Derry",
            "Stephanie Hooton",
        )],
    );
}

#[test]
fn a_sentence_ending_with_its_report_introduces_the_quote_after_it() {
    check(
        "Rankings.\n\n{l:Iowa State University}'s {o:Dianne Bystrom} agreed. \"{Mainstream} Republicans are running out of time.\"",
        &[(
            "Mainstream Republicans are running out of time.",
            "Iowa State University's Dianne Bystrom",
            "Dianne Bystrom",
        )],
    );
}

#[test]
fn a_quote_signed_by_a_dash_and_a_name_in_the_next_paragraph() {
    check(
        "Fact check.\n\n\"I went to {l:Wall Street} before the crash.\"\n\n- {Hillary Clinton}.\n\nShe tends to overstate it.",
        &[(
            "I went to Wall Street before the crash.",
            "Hillary Clinton",
            "Hillary Clinton",
        )],
    );
}

#[test]
fn a_full_date_opening_the_introducing_sentence_is_not_the_speaker() {
    check(
        "Fact check.\n\nOn July 6, 2015, {Sanders} made the following comment:\n\n“For young people the unemployment rate is 33 percent.”",
        &[(
            "For young people the unemployment rate is 33 percent.",
            "Sanders",
            "Sanders",
        )],
    );
}

#[test]
fn a_named_reporter_outranks_the_pronoun_of_the_clause_it_reports() {
    check(
        "{o:Interview}.\n\n{Loretta Lynch} said she recalled thinking, \"This is what people have talked about.\"",
        &[(
            "This is what people have talked about.",
            "Loretta Lynch",
            "Loretta Lynch",
        )],
    );
}

#[test]
fn a_later_report_owns_the_quote_and_a_participle_is_nobody() {
    check(
        "Emails.\n\nAsked if he thought that email went beyond the campaign, {Tad Devine} responded: “I guess so.”",
        &[("I guess so.", "Tad Devine", "Tad Devine")],
    );
    check(
        "Schools.\n\n{George Miller} said he is hopeful the new bill can be “the best of both worlds,” giving states more power.",
        &[("the best of both worlds,", "George Miller", "George Miller")],
    );
}

#[test]
fn a_quote_opening_a_sentence_continues_the_sentence_about_someone_before_it() {
    check(
        "Unions.\n\n{Hillary Clinton} touted her credentials as an original co-sponsor of the bill. \"We need to find ways to support workers.\"",
        &[(
            "We need to find ways to support workers.",
            "Hillary Clinton",
            "Hillary Clinton",
        )],
    );
    check(
        "Unions.\n\nThe bill was filed in March. \"We need to find ways to support workers.\"",
        &[("We need to find ways to support workers.", "", "")],
    );
}

#[test]
fn a_participle_after_the_quote_continues_the_sentence_before_it() {
    check(
        "Brexit.\n\n{Donald Trump} has hailed the vote as “fantastic,” telling reporters he thinks it is a great thing.",
        &[("fantastic,", "Donald Trump", "Donald Trump")],
    );
    check(
        "Delegates.\n\n{Marco Rubio} says no one in the race is “on pace to get 1,237 delegates,” the number needed to win.",
        &[("on pace to get 1,237 delegates,", "Marco Rubio", "Marco Rubio")],
    );
}

/// Pieces of news prose, quote marks and punctuation that the engines must take in any order.
fn prose_piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "Trump",
        "Jens Stoltenberg",
        "the senator",
        "he",
        "she",
        "who",
        "they",
        "said",
        "told",
        "says",
        "added",
        "according",
        "to",
        "that",
        "asked",
        "if",
        "reporters",
        "Sen.",
        "(D-N.Y.)",
        "R-Pa.",
        "on",
        "Tuesday",
        "July 6, 2015",
        "giving",
        "undecided",
        "a",
        "the",
        "of",
        ",",
        ".",
        ":",
        ";",
        "?",
        "!",
        "—",
        " - ",
        "-",
        "(",
        ")",
        "\"",
        "“",
        "”",
        "'",
        "‘",
        "’",
        "…",
        "\n",
        "\n\n",
        " ",
        "  ",
        "é",
        "北京",
        "🙂",
        "\u{301}",
        "שלום",
        "\t",
        "|",
    ])
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

    /// Whatever the text, the engines never panic and every quote, speaker mention and cue
    /// lies inside the text, in order.
    #[test]
    fn any_prose_gives_quotes_inside_the_text(
        pieces in proptest::collection::vec(prose_piece(), 0..80),
    ) {
        let text: String = pieces.join(" ");
        let length = text.chars().count();
        let found = analyse_text(&text, Some(model()), None);
        for quote in &found.quotes {
            proptest::prop_assert!(quote.span.start <= quote.span.end && quote.span.end <= length);
            proptest::prop_assert!(quote.outer.start <= quote.span.start);
            proptest::prop_assert!(quote.span.end <= quote.outer.end && quote.outer.end <= length);
            if let Some(speaker) = &quote.speaker {
                proptest::prop_assert!(speaker.mention.start < speaker.mention.end);
                proptest::prop_assert!(speaker.mention.end <= length);
                proptest::prop_assert!(!speaker.name.is_empty());
            }
            if let Some(cue) = quote.cue {
                proptest::prop_assert!(cue.start < cue.end && cue.end <= length);
            }
        }
        for mention in &found.mentions {
            proptest::prop_assert!(mention.span.start < mention.span.end);
            proptest::prop_assert!(mention.span.end <= length);
        }
    }
}

#[test]
fn a_sign_or_statement_that_reads_and_a_role_that_riffs() {
    check(
        "Storm.\n\n“If she wants to be the next president, she should come,” the editorial read.",
        &[(
            "If she wants to be the next president, she should come,",
            "the editorial",
            "the editorial",
        )],
    );
    check(
        "Debate.\n\n\"Governor, let me help you out,\" the Republican vice-presidential nominee riffed on Tuesday.",
        &[(
            "Governor, let me help you out,",
            "the Republican vice-presidential nominee",
            "the Republican vice-presidential nominee",
        )],
    );
}

#[test]
fn a_colon_inside_a_quotation_does_not_stop_the_next_paragraph_inheriting() {
    check(
        "Endorsement.\n\n{Ken Blackwell} then listed the qualities:\n\n\"I discussed several factors. Here they are:\n\n\"Has the candidate a record of activism?\n\n\"Can the media destroy the candidate?\"",
        &[
            ("I discussed several factors. Here they are:", "Ken Blackwell", "Ken Blackwell"),
            ("Has the candidate a record of activism?", "Ken Blackwell", "Ken Blackwell"),
            ("Can the media destroy the candidate?", "Ken Blackwell", "Ken Blackwell"),
        ],
    );
}

#[test]
fn a_participle_after_an_object_and_a_state_inside_an_opening_adverbial() {
    check(
        "Primaries.\n\nThe {l:Vermont} senator emailed supporters saying: “The struggle continues.”",
        &[(
            "The struggle continues.",
            "The Vermont senator",
            "The Vermont senator",
        )],
    );
    check(
        "Primaries.\n\nSpeaking at a town hall in {l:Salem}, {l:New Hampshire}, {Donald Trump} went after {o:Bush}, calling him “a total stiff.”",
        &[("a total stiff.", "Donald Trump", "Donald Trump")],
    );
}

#[test]
fn a_later_quote_lends_its_speaker_only_when_named_after_it() {
    check(
        "Missile test.\n\n{l:Japan} branded {l:North Korea} an \"outlaw nation in the neighborhood.\" {l:Russia} insisted that {l:Pyongyang} \"stop its dangerous escapades.\"",
        &[
            ("outlaw nation in the neighborhood.", "Japan", "Japan"),
            ("stop its dangerous escapades.", "Russia", "Russia"),
        ],
    );
    check(
        "Missile test.\n\n\"The region is not safe.\" {l:Russia} insisted that {l:Pyongyang} \"stop its escapades.\"",
        &[
            ("The region is not safe.", "", ""),
            ("stop its escapades.", "Russia", "Russia"),
        ],
    );
    check(
        "Rally.\n\n\"We won.\" \"We did it,\" Maria Lopez said.",
        &[
            ("We won.", "Maria Lopez", "Maria Lopez"),
            ("We did it,", "Maria Lopez", "Maria Lopez"),
        ],
    );
}

#[test]
fn a_participle_after_a_comma_speaks_for_the_subject_after_an_opening_adverbial() {
    check(
        "Cookout.\n\nAt his cookout, the band leader called bigwigs to the stage, singing \"It's {o:Our Time}.\"",
        &[("It's Our Time.", "the band leader", "the band leader")],
    );
}

#[test]
fn a_cue_word_after_of_is_a_noun_and_a_rater_speaks() {
    check(
        "Fact checks.\n\nPolitiFact rated 32% of Republican claims as “false” or “pants on fire,” against 11% of others.",
        &[
            ("false", "PolitiFact", "PolitiFact"),
            ("pants on fire,", "PolitiFact", "PolitiFact"),
        ],
    );
}

#[test]
fn a_verb_with_an_object_after_a_long_relative_clause_is_not_inverted() {
    check(
        "Campaign.\n\n{Chris Christie}, who has campaigned heavily for the GOP nominee since he suspended his own presidential campaign in February, blasted {Hillary Clinton} as a “disgrace” on Wednesday.",
        &[("disgrace", "Chris Christie", "Chris Christie")],
    );
}

#[test]
fn a_report_in_a_subordinate_clause_does_not_own_the_quote() {
    check(
        "Debate.\n\nWhen {Hillary Clinton} noted that he paid no income taxes for years, {Donald Trump} boasted, “That makes me smart.”",
        &[("That makes me smart.", "Donald Trump", "Donald Trump")],
    );
}

#[test]
fn a_quote_reported_in_its_own_sentence_is_not_taken_by_the_sentence_before() {
    check(
        "Hearing.\n\n“This just isn’t right,” {Elizabeth Warren} said. “You squeezed employees to the breaking point” to drive up the stock price, she said.",
        &[
            ("This just isn’t right,", "Elizabeth Warren", "Elizabeth Warren"),
            (
                "You squeezed employees to the breaking point",
                "she",
                "Elizabeth Warren",
            ),
        ],
    );
}

#[test]
fn which_after_a_body_is_that_body() {
    check(
        "Shootings.\n\nThey turned to the {o:Chicago Police Department}, which reported “2,521 shooting incidents” in the city.",
        &[(
            "2,521 shooting incidents",
            "which",
            "Chicago Police Department",
        )],
    );
}

#[test]
fn two_verbs_share_a_subject_and_a_sign_speaks_for_itself() {
    check(
        "Press.\n\nAsked about a press conference, {Robby Mook} laughed and said, “We’ll see.”",
        &[("We’ll see.", "Robby Mook", "Robby Mook")],
    );
    check(
        "Protest.\n\n{o:Lori Bernstein} held up a sign saying \"Jews Against Trump.\"",
        &[("Jews Against Trump.", "a sign", "a sign")],
    );
}

#[test]
fn a_name_in_ly_is_not_an_adverb_opening_the_sentence() {
    check(
        "Endorsement.\n\n{Kelly Ayotte} threw her support behind Sen. {Ted Cruz} (R-Texas) Wednesday, saying it is time to have a “real constitutional conservative in the {l:White House}.”",
        &[(
            "real constitutional conservative in the White House.",
            "Kelly Ayotte",
            "Kelly Ayotte",
        )],
    );
    check(
        "Debate.\n\nSpeaking at a town hall, {Kelly Ayotte} called the plan “a total disaster.”",
        &[("a total disaster.", "Kelly Ayotte", "Kelly Ayotte")],
    );
}

#[test]
fn a_conjunction_opening_the_sentence_and_a_party_in_parentheses_are_skipped() {
    check(
        "{o:Senate}.\n\nBut Sen. {Pat Toomey} ({R-Pa}.) refused to entertain the idea, responding that he’s “not going to go into what my campaign is doing.”",
        &[(
            "not going to go into what my campaign is doing.",
            "Sen. Pat Toomey (R-Pa.)",
            "Pat Toomey",
        )],
    );
}

#[test]
fn a_hedged_quantity_is_a_collective_speaker() {
    check(
        "Rally.\n\nOutside the arena, about 200 protesters congregated in three clusters, holding signs and chanting \"{Dump Trump}.\"",
        &[("Dump Trump.", "about 200 protesters", "about 200 protesters")],
    );
}

#[test]
fn an_earlier_clause_does_not_hide_the_outer_report_and_another_speaks() {
    check(
        "Interview.\n\nIn an interview on Sunday, when asked about {Donald Trump}, President {Barack Obama} said he expected that Americans will say “no” to his plans.",
        &[("no", "President Barack Obama", "Barack Obama")],
    );
    check(
        "Voters.\n\nOne voter wanted change. {Another} said, \"I hope he wins.\"",
        &[("I hope he wins.", "Another", "Another")],
    );
}

#[test]
fn a_past_verb_after_some_and_a_participle_after_by() {
    check(
        "Victory.\n\nSupporters cheered. Some chanted “{l:USA}! {l:USA}!”",
        &[("USA! USA!", "Some", "Some")],
    );
    check(
        "Trial.\n\nJudge {Richard Berman} left. When he returned he began by saying, “I don’t think it is necessary.”",
        &[("I don’t think it is necessary.", "he", "Richard Berman")],
    );
}

#[test]
fn a_sign_read_one_a_report_closing_the_sentence_and_a_capital_tweeted() {
    check(
        "Skywriting.\n\n“{l:America} is great! {l:Trump} is disgusting,” read one.",
        &[("America is great! Trump is disgusting,", "one", "one")],
    );
    check(
        "Letter.\n\nClark’s comments further “the anti-Muslim mob mentality” fostered by some candidates, the groups say.",
        &[("the anti-Muslim mob mentality", "the groups", "the groups")],
    );
    check(
        "{Rose Bowl}.\n\n“Not us but can’t argue with it!” {Mike Murphy}, the head of {l:Right} to {l:Rise} {l:USA}, {l:Tweeted} on Friday.",
        &[("Not us but can’t argue with it!", "Mike Murphy", "Mike Murphy")],
    );
}

#[test]
fn a_clause_of_its_own_keeps_its_report_and_a_past_participle_after_his_is_an_adjective() {
    check(
        "Meeting.\n\n{Benjamin Netanyahu} said that he would meet {l:Trump}, although he tweeted that he \"rejects {Donald} {l:Trump's} latest comments.\"",
        &[(
            "rejects Donald Trump's latest comments.",
            "he",
            "Benjamin Netanyahu",
        )],
    );
    check(
        "Primary.\n\n{John Kasich} also played up his believed strength in a general election: \"Who gives us the best chance to win? I do.\"",
        &[(
            "Who gives us the best chance to win? I do.",
            "John Kasich",
            "John Kasich",
        )],
    );
}

#[test]
fn a_with_clause_has_its_own_reporter() {
    check(
        "{l:Guantanamo}.\n\nRepublicans who insist that the prison stay open were irritated, with Sen. {John McCain} calling the plan a “Chinese menu.”",
        &[("Chinese menu.", "Sen. John McCain", "John McCain")],
    );
}

#[test]
fn a_study_finds_and_here_opens_an_adverbial() {
    check(
        "Guns.\n\nIn 2014, Pew found that “about twice as many Democrats said gun control was more important.”",
        &[(
            "about twice as many Democrats said gun control was more important.",
            "Pew",
            "Pew",
        )],
    );
    check(
        "Outreach.\n\nHere in {l:Columbia}, {Bernie Sanders} stepped up his emphasis on justice, saying, \"We have got to do better.\"",
        &[("We have got to do better.", "Bernie Sanders", "Bernie Sanders")],
    );
}

#[test]
fn a_time_before_the_verb_and_the_subject_of_an_absolute_clause() {
    check(
        "Emails.\n\nThe {o:State Department} less than two weeks ago said for the first time that “top secret” intelligence had passed through the server.",
        &[("top secret", "The State Department", "State Department")],
    );
    check(
        "Court race.\n\nJoAnne Kloppenburg tried to tie Bradley to Walker, with one of her ads asking, “Is Rebecca Bradley independent enough?”",
        &[(
            "Is Rebecca Bradley independent enough?",
            "one of her ads",
            "one of her ads",
        )],
    );
}

#[test]
fn a_comparative_before_than_is_no_part_of_the_speaker() {
    check(
        "“We are not done,” said the ministry more than once.",
        &[("We are not done,", "the ministry", "the ministry")],
    );
}

#[test]
fn a_pronoun_refers_to_a_person_named_in_full_not_to_a_word_taken_for_a_name_once() {
    // "Polls" tagged as a person (a slip of the entity model) stands nearer to "he" than Trump.
    let marked = "{Donald Trump} spoke at a rally in {l:Richmond} on Tuesday.\n\nIn {l:Virginia}, \
                  Mr. {Trump} has struggled. {Polls} show him trailing by ten points.\n\n\
                  “We are going to win {l:Virginia},” he said.";
    check(
        marked,
        &[("We are going to win Virginia,", "he", "Donald Trump")],
    );
    assert_eq!(
        quotes_with(marked, &mut shipped_speaker_model())[0].2,
        "Donald Trump"
    );
    // A one-word name said once is still the speaker when nobody else is named.
    check(
        "{Madonna} took the stage.\n\n“Thank you all,” she said.",
        &[("Thank you all,", "she", "Madonna")],
    );
}

/// Clear cases of each way a speaker is named, which the shipped ranker must get right whatever
/// it was trained on.
#[test]
fn the_shipped_ranker_picks_the_speaker_in_clear_cases() {
    type Expected<'e> = &'e [(&'e str, &'e str, &'e str)];
    let cases: &[(&str, Expected<'_>)] = &[
        (
            "Talks ended late.\n\n\"We made real progress,\" {Tillerson} said.",
            &[("We made real progress,", "Tillerson", "Tillerson")],
        ),
        (
            "“The vote will be close,” said Senator {Maria Lopez}, the committee chair.",
            &[(
                "The vote will be close,",
                "Senator Maria Lopez",
                "Maria Lopez",
            )],
        ),
        (
            "{Angela Merkel} told reporters: “Europe must stand together.”",
            &[(
                "Europe must stand together.",
                "Angela Merkel",
                "Angela Merkel",
            )],
        ),
        (
            "According to {o:the World Bank}, “growth will slow next year.”",
            &[(
                "growth will slow next year.",
                "the World Bank",
                "World Bank",
            )],
        ),
        (
            "{Jens Stoltenberg} arrived in {l:Brussels} on Monday.\n\n“We stand united,” he said.",
            &[("We stand united,", "he", "Jens Stoltenberg")],
        ),
        (
            "“It is a good day,” {Lopez} said. “We will keep going.”",
            &[
                ("It is a good day,", "Lopez", "Lopez"),
                ("We will keep going.", "Lopez", "Lopez"),
            ],
        ),
        (
            "The union called the deal “a betrayal of workers.”\n\n“They never listened,” \
             said {Paul Novak}, a machinist.",
            &[
                ("a betrayal of workers.", "The union", "The union"),
                ("They never listened,", "Paul Novak", "Paul Novak"),
            ],
        ),
    ];
    for (marked, expected) in cases {
        let expected: Vec<(String, String, String)> = expected
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        assert_eq!(
            quotes_with(marked, &mut shipped_speaker_model()),
            expected,
            "the ranker on {marked:?}"
        );
    }
}

#[test]
fn a_speaker_model_file_reads_back_what_was_written_and_bad_files_say_where() {
    let named = vec![
        ("by|after".to_owned(), 1.5_f32),
        ("nearby|kind=pronoun".to_owned(), -0.25),
    ];
    let text = SpeakerModel::write(&named, "made by a test");
    assert!(text.starts_with("# article-annotator speaker ranker v1\n# made by a test\n"));
    let model = SpeakerModel::parse(&text).expect("parses");
    assert_eq!(
        model,
        SpeakerModel::from_named_weights(named.iter().map(|(n, w)| (n.as_str(), *w)))
    );
    assert_eq!(
        model.score(&[feature_key("by|after"), feature_key("unknown")]),
        1.5
    );
    let not_a_model = SpeakerModel::parse("name\t1.0\n").unwrap_err();
    assert!(not_a_model.contains("not a speaker model"), "{not_a_model}");
    let bad_weight =
        SpeakerModel::parse("# article-annotator speaker ranker v1\nby|after\tlots\n").unwrap_err();
    assert!(bad_weight.starts_with("line 2:"), "{bad_weight}");
    let no_tab =
        SpeakerModel::parse("# article-annotator speaker ranker v1\n\nby|after 1\n").unwrap_err();
    assert!(no_tab.starts_with("line 3:"), "{no_tab}");
}

#[test]
fn the_shipped_speaker_model_parses_and_stays_small() {
    let file = include_str!("../../../../../assets/speaker-model.txt");
    // Raw size bounds the compressed size the issue allows (100 KB brotli).
    assert!(file.len() <= 100_000, "{} bytes", file.len());
    assert!(shipped_speaker_model().feature_count() > 100);
}

/// A training document from a marked text; the gold speaker is the mention `speaker` (its first
/// occurrence) for every quotation.
fn training_document(marked: &str, speaker: &str) -> training::SpeakerTrainingDocument {
    let (text, mentions, entities) = marked_mentions(marked);
    let byte = text.find(speaker).expect("the speaker is in the text");
    let start = text[..byte].chars().count();
    let speaker = Span::new(start, start + speaker.chars().count());
    let quotes = find_quotes_with(&text, &mentions, &entities, &mut RulesInOrder);
    let gold = quotes.iter().map(|q| (q.span, Some(speaker))).collect();
    training::SpeakerTrainingDocument {
        text,
        mentions,
        entities,
        gold,
    }
}

#[test]
fn training_learns_what_the_gold_says_and_gives_the_same_weights_each_time() {
    // The gold here takes the person named last before the quotation, not the subject of the
    // sentence before it.
    let documents: Vec<_> = [
        (
            "{Anna Berg} spoke after {Tom Reed}.\n\n“Nothing is settled.”",
            "Tom Reed",
        ),
        (
            "{Lena Holt} answered {Max Ford}.\n\n“We will see.”",
            "Max Ford",
        ),
        (
            "{Omar Said} met {Ines Vale}.\n\n“It went well.”",
            "Ines Vale",
        ),
    ]
    .iter()
    .map(|(marked, speaker)| training_document(marked, speaker))
    .collect();
    let options = training::SpeakerTrainingOptions::default();
    let mut epochs = 0;
    let first = training::train_speakers(&documents, options, &mut |_, _, _| epochs += 1);
    let second = training::train_speakers(&documents, options, &mut |_, _, _| {});
    assert_eq!(epochs, options.epochs * options.runs);
    assert_eq!(first, second, "training is deterministic");
    let right = |document: &training::SpeakerTrainingDocument, chooser: &mut dyn Chooser| {
        let quotes = find_quotes_with(
            &document.text,
            &document.mentions,
            &document.entities,
            chooser,
        );
        quotes[0].speaker.as_ref().map(|s| s.mention) == document.gold[0].1
    };
    let untrained = SpeakerModel::default();
    assert!(
        documents.iter().any(|d| !right(d, &mut &untrained)),
        "the test needs a case an untrained model gets wrong"
    );
    let model = SpeakerModel::from_named_weights(first.iter().map(|(n, w)| (n.as_str(), *w)));
    for document in &documents {
        assert!(right(document, &mut &model), "{}", document.text);
    }
}

#[test]
fn a_report_in_the_passive_is_spoken_by_its_agent_not_its_subject() {
    check(
        "The plan was described by {Maria Lopez} as “a fresh start.”",
        &[("a fresh start.", "Maria Lopez", "Maria Lopez")],
    );
    check(
        "The measure is being criticized as “a betrayal of voters.”",
        &[("a betrayal of voters.", "", "")],
    );
}

#[test]
fn a_speaker_phrase_ends_before_a_verb_that_governs_a_preposition() {
    // "centers on": the phrase is "The dispute", never the clause "The dispute centers".
    check(
        "The dispute centers on {l:Ohio}'s removal of voters who did not respond to queries, in \
         what is called a \"use it or lose it\" approach to voting.",
        &[("use it or lose it", "The dispute", "The dispute")],
    );
}

#[test]
fn quotations_said_through_one_cue_are_the_parts_of_one_attribution() {
    let (text, analysis) = analysis(
        "“We will win,” {Anna Berg} said. “They will lose.” Later she spoke again. \
         “Not today,” she added.",
    );
    let parts = attribution_parts(&analysis.quotes);
    let words = |i: usize| slice_chars(&text, analysis.quotes[i].span);
    let grouped: Vec<Vec<String>> = parts
        .iter()
        .map(|part| part.iter().map(|&i| words(i).to_owned()).collect())
        .collect();
    assert_eq!(
        grouped,
        [
            vec!["We will win,".to_owned(), "They will lose.".to_owned()],
            vec!["Not today,".to_owned()]
        ]
    );
}
