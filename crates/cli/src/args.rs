//! The tools' one command-line parser: `--flag value`, `--flag=value`, boolean flags and
//! positional arguments, read a word at a time. The tool matches each flag by name and asks for
//! its value ([`Args::value`], [`Args::number`]) or not (a boolean flag), so what a flag means
//! stays in the tool, next to its usage line. Every error is an [`Error`] that names the word
//! at fault, says what to do, and ends with that usage line.
//!
//! How words are read:
//! - `--name=value` is the flag `--name` with its value attached; `--name` and `-n` are flags
//!   whose value, if they take one, is the next word, whatever it is (so `--prune -0.5` works);
//! - `-` alone, a word not starting with `-`, and every word after `--` are positional;
//! - a value attached to a flag that takes none (`--help=yes`) is an error.

use std::fmt;
use std::str::FromStr;

/// One word of the command line, as [`Args::next`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// `--name`, `--name=value` (named `--name`; the value waits for [`Args::value`]) or `-n`.
    Flag(String),
    /// `-` alone, a word not starting with `-`, or any word after `--`.
    Positional(String),
}

/// The words of one command line, read in order, and the usage line its errors end with.
#[derive(Debug)]
pub struct Args {
    usage: &'static str,
    words: std::vec::IntoIter<String>,
    /// The last flag read, which [`Args::value`] and its errors are about.
    flag: String,
    /// The `=value` of the last flag, until the tool takes it.
    attached: Option<String>,
    /// After `--`, every word is positional.
    positional_only: bool,
}

impl Args {
    /// The words `words` (the program's name left out), for a tool whose usage is `usage`.
    pub fn new(usage: &'static str, words: impl IntoIterator<Item = String>) -> Args {
        Args {
            usage,
            words: words.into_iter().collect::<Vec<_>>().into_iter(),
            flag: String::new(),
            attached: None,
            positional_only: false,
        }
    }

    /// This process's command line, for a tool whose usage is `usage`.
    pub fn from_env(usage: &'static str) -> Args {
        Args::new(usage, std::env::args().skip(1))
    }

    /// The next word, or `None` at the end. An error if the flag read before was given an
    /// `=value` that the tool did not take: that flag takes no value.
    pub fn next_arg(&mut self) -> Result<Option<Arg>, Error> {
        if let Some(value) = self.attached.take() {
            let flag = std::mem::take(&mut self.flag);
            return Err(self.error(Problem::UnexpectedValue { flag, value }));
        }
        let Some(word) = self.words.next() else {
            return Ok(None);
        };
        if self.positional_only || word == "-" || !word.starts_with('-') {
            return Ok(Some(Arg::Positional(word)));
        }
        if word == "--" {
            self.positional_only = true;
            return self.next_arg();
        }
        let (flag, attached) = match word.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.into())),
            _ => (word, None),
        };
        self.flag.clone_from(&flag);
        self.attached = attached;
        Ok(Some(Arg::Flag(flag)))
    }

    /// The next flag, or `None` at the end, for a tool that takes flags only: a positional
    /// argument is an error.
    pub fn next_flag(&mut self) -> Result<Option<String>, Error> {
        match self.next_arg()? {
            None => Ok(None),
            Some(Arg::Flag(flag)) => Ok(Some(flag)),
            Some(Arg::Positional(word)) => Err(self.error(Problem::UnexpectedArgument(word))),
        }
    }

    /// The value of the flag just read: its `=value`, else the next word.
    pub fn value(&mut self) -> Result<String, Error> {
        if let Some(value) = self.attached.take() {
            return Ok(value);
        }
        match self.words.next() {
            Some(value) => Ok(value),
            None => Err(self.error(Problem::MissingValue(self.flag.clone()))),
        }
    }

    /// The value of the flag just read, as a number of type `T`.
    pub fn number<T>(&mut self) -> Result<T, Error>
    where
        T: FromStr,
        T::Err: fmt::Display,
    {
        let value = self.value()?;
        value.parse().map_err(|reason: T::Err| {
            self.error(Problem::NotANumber {
                flag: self.flag.clone(),
                value,
                reason: reason.to_string(),
            })
        })
    }

    /// `flag` is not one of the tool's flags.
    pub fn unknown_flag(&self, flag: &str) -> Error {
        self.error(Problem::UnknownFlag(flag.to_owned()))
    }

    /// The value of the flag just read is not one the tool takes; `message` says which it takes.
    pub fn bad_value(&self, message: impl Into<String>) -> Error {
        self.error(Problem::BadValue(message.into()))
    }

    fn error(&self, problem: Problem) -> Error {
        Error {
            problem,
            usage: self.usage,
        }
    }
}

/// What is wrong with a command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A flag the tool does not take.
    UnknownFlag(String),
    /// A flag that takes a value came last, with none.
    MissingValue(String),
    /// A flag that takes a number was given something else; `reason` is the parser's.
    NotANumber {
        flag: String,
        value: String,
        reason: String,
    },
    /// A flag that takes no value was given one with `=`.
    UnexpectedValue { flag: String, value: String },
    /// A positional argument to a tool that takes none.
    UnexpectedArgument(String),
    /// A value the tool does not take, in the tool's words.
    BadValue(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::UnknownFlag(flag) => {
                write!(
                    f,
                    "unknown flag {flag} (the usage below says what the command takes)"
                )
            }
            Problem::MissingValue(flag) if flag.starts_with("--") => write!(
                f,
                "{flag} needs a value: write {flag} VALUE or {flag}=VALUE"
            ),
            Problem::MissingValue(flag) => write!(f, "{flag} needs a value: write {flag} VALUE"),
            Problem::NotANumber {
                flag,
                value,
                reason,
            } => write!(f, "{flag} takes a number, not {value:?} ({reason})"),
            Problem::UnexpectedValue { flag, value } => {
                write!(
                    f,
                    "{flag} takes no value, but was given {value:?}: write {flag} alone"
                )
            }
            Problem::UnexpectedArgument(word) => write!(
                f,
                "unexpected argument {word:?}: this command takes only the flags below"
            ),
            Problem::BadValue(message) => f.write_str(message),
        }
    }
}

/// A command line the tool cannot run: the problem, then the tool's usage line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    problem: Problem,
    usage: &'static str,
}

impl Error {
    /// What is wrong, without the usage line.
    pub fn problem(&self) -> &Problem {
        &self.problem
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n{}", self.problem, self.usage)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    const USAGE: &str = "usage: tool [--count N] [--name NAME] [--loud] [FILE...]";

    /// What a small tool makes of `line`: its flags as `name=value` (or `name` for a boolean
    /// flag) and its positional arguments, in order; or the problem.
    fn read(line: &[&str]) -> Result<Vec<String>, Problem> {
        let mut args = Args::new(USAGE, line.iter().map(|word| word.to_string()));
        let mut seen = Vec::new();
        match read_into(&mut args, &mut seen) {
            Ok(()) => Ok(seen),
            Err(error) => Err(error.problem().clone()),
        }
    }

    fn read_into(args: &mut Args, seen: &mut Vec<String>) -> Result<(), Error> {
        while let Some(arg) = args.next_arg()? {
            match arg {
                Arg::Positional(word) => seen.push(word),
                Arg::Flag(flag) => match flag.as_str() {
                    "--count" | "-c" => seen.push(format!("count={}", args.number::<u32>()?)),
                    "--name" => seen.push(format!("name={}", args.value()?)),
                    "--loud" => seen.push("loud".into()),
                    "--colour" => match args.value()?.as_str() {
                        "red" => seen.push("colour=red".into()),
                        other => return Err(args.bad_value(format!("no colour {other}"))),
                    },
                    _ => return Err(args.unknown_flag(&flag)),
                },
            }
        }
        Ok(())
    }

    fn check(line: &[&str], expected: &[&str]) {
        assert_eq!(
            read(line),
            Ok(expected.iter().map(|s| s.to_string()).collect())
        );
    }

    #[test]
    fn flags_take_their_value_from_the_next_word_or_after_an_equals_sign() {
        check(&["--count", "3", "--name", "Ann"], &["count=3", "name=Ann"]);
        check(&["--count=3", "--name=Ann"], &["count=3", "name=Ann"]);
        check(&["-c", "4"], &["count=4"]);
        check(&["--name="], &["name="]);
        check(&["--name=a=b"], &["name=a=b"]);
        // The next word is the value whatever it looks like.
        check(&["--name", "--loud"], &["name=--loud"]);
        check(&["--name", "-"], &["name=-"]);
    }

    #[test]
    fn boolean_flags_and_positional_arguments_keep_their_order() {
        check(&["a.txt", "--loud", "b.txt"], &["a.txt", "loud", "b.txt"]);
        check(&[], &[]);
        check(&["-"], &["-"]);
        check(&["x=y"], &["x=y"]);
    }

    #[test]
    fn after_a_double_dash_every_word_is_positional() {
        check(
            &["--loud", "--", "--count", "-", "--"],
            &["loud", "--count", "-", "--"],
        );
    }

    #[test]
    fn an_unknown_flag_is_named() {
        assert_eq!(
            read(&["--cuont", "3"]),
            Err(Problem::UnknownFlag("--cuont".into()))
        );
        assert_eq!(read(&["-x"]), Err(Problem::UnknownFlag("-x".into())));
        // A single dash attaches no value: the whole word is the flag.
        assert_eq!(read(&["-c=3"]), Err(Problem::UnknownFlag("-c=3".into())));
        assert_eq!(
            read(&["--cuont=3"]),
            Err(Problem::UnknownFlag("--cuont".into()))
        );
    }

    #[test]
    fn a_missing_value_is_named() {
        assert_eq!(
            read(&["--name"]),
            Err(Problem::MissingValue("--name".into()))
        );
        assert_eq!(read(&["a", "-c"]), Err(Problem::MissingValue("-c".into())));
    }

    #[test]
    fn a_value_that_is_not_a_number_is_named_with_the_reason() {
        assert_eq!(
            read(&["--count", "ten"]),
            Err(Problem::NotANumber {
                flag: "--count".into(),
                value: "ten".into(),
                reason: "invalid digit found in string".into(),
            })
        );
        assert!(matches!(
            read(&["--count=-1"]),
            Err(Problem::NotANumber { .. })
        ));
    }

    #[test]
    fn a_boolean_flag_given_a_value_is_refused() {
        assert_eq!(
            read(&["--loud=yes", "a"]),
            Err(Problem::UnexpectedValue {
                flag: "--loud".into(),
                value: "yes".into(),
            })
        );
        // Also when it is the last word.
        assert!(matches!(
            read(&["--loud="]),
            Err(Problem::UnexpectedValue { .. })
        ));
    }

    #[test]
    fn a_tool_of_flags_only_refuses_a_positional_argument() {
        let mut args = Args::new(USAGE, ["--loud", "a.txt"].map(String::from));
        assert_eq!(args.next_flag(), Ok(Some("--loud".into())));
        let error = args.next_flag().unwrap_err();
        assert_eq!(
            error.problem(),
            &Problem::UnexpectedArgument("a.txt".into())
        );
        let mut args = Args::new(USAGE, ["--", "--loud"].map(String::from));
        assert!(args.next_flag().is_err(), "after --, --loud is positional");
        assert_eq!(Args::new(USAGE, Vec::new()).next_flag(), Ok(None));
    }

    #[test]
    fn a_value_the_tool_refuses_reads_in_its_words() {
        assert_eq!(
            read(&["--colour", "mauve"]),
            Err(Problem::BadValue("no colour mauve".into()))
        );
    }

    #[test]
    fn messages_say_what_to_do_and_end_with_the_usage_line() {
        let args = Args::new(USAGE, Vec::new());
        let cases = [
            (
                Problem::UnknownFlag("--cuont".into()),
                "unknown flag --cuont (the usage below says what the command takes)",
            ),
            (
                Problem::MissingValue("--name".into()),
                "--name needs a value: write --name VALUE or --name=VALUE",
            ),
            (
                Problem::NotANumber {
                    flag: "--count".into(),
                    value: "ten".into(),
                    reason: "invalid digit found in string".into(),
                },
                "--count takes a number, not \"ten\" (invalid digit found in string)",
            ),
            (
                Problem::UnexpectedValue {
                    flag: "--loud".into(),
                    value: "yes".into(),
                },
                "--loud takes no value, but was given \"yes\": write --loud alone",
            ),
            (
                Problem::UnexpectedArgument("a.txt".into()),
                "unexpected argument \"a.txt\": this command takes only the flags below",
            ),
            (
                Problem::BadValue("no colour mauve".into()),
                "no colour mauve",
            ),
            (
                Problem::MissingValue("-o".into()),
                "-o needs a value: write -o VALUE",
            ),
        ];
        for (problem, message) in cases {
            let error = args.error(problem);
            assert_eq!(error.to_string(), format!("{message}\n{USAGE}"));
        }
    }
}
