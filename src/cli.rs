//! The command line, declared with clap.

use std::path::PathBuf;

use clap::{Args, Parser, ValueEnum, ValueHint};

use crate::query::{Query, Sort};

/// A terminal reader for folders of blog posts.
///
/// Run `folio DIR` to open the reader on a folder of Markdown posts, or use
/// the subcommands to get the same index in a script.
#[derive(Debug, Parser)]
#[command(name = "folio", version)]
pub struct Cli {
    /// The folder of posts to open [default: the current folder]
    #[arg(value_hint = ValueHint::AnyPath)]
    pub dir: Option<PathBuf>,

    /// Neither read nor write the index cache (~/.cache/folio)
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// The config file [default: ~/.config/folio/config.toml]
    #[arg(long, global = true, value_name = "FILE", env = "FOLIO_CONFIG", value_hint = ValueHint::FilePath)]
    pub config: Option<PathBuf>,

    /// When to use colours and styles: auto follows NO_COLOR,
    /// CLICOLOR_FORCE, TERM=dumb and whether output is a terminal
    #[arg(long, global = true, value_enum, default_value_t = When::Auto, value_name = "WHEN")]
    pub color: When,

    /// When to make links clickable (OSC 8): auto when the terminal is
    /// known to show them
    #[arg(long, global = true, value_enum, default_value_t = When::Auto, value_name = "WHEN")]
    pub hyperlinks: When,

    /// How to draw pictures: auto asks the terminal (kitty, sixel, iterm2,
    /// else halfblocks); off shows their text only [default: the config's
    /// images, else auto]
    #[arg(long, global = true, value_enum, value_name = "HOW")]
    pub images: Option<crate::graphics::Images>,

    /// What to do instead of opening the reader.
    #[command(subcommand)]
    pub command: Option<Subcommand>,
}

/// The subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Subcommand {
    /// List the posts of a folder, newest first
    List(ListArgs),
    /// Report every file folio could not read, or read only in part
    Check(CheckArgs),
    /// Print one post, rendered for the terminal
    Render(RenderArgs),
    /// Find posts by any word of their text, best first
    Search(SearchArgs),
    /// Print the default config, commented (save it as
    /// ~/.config/folio/config.toml to change it)
    Config,
    /// Print a completion script for a shell (bash, zsh, fish, elvish,
    /// powershell)
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `folio man | man -l -`
    Man,
}

impl Subcommand {
    /// The subcommand's name, as typed.
    pub fn name(&self) -> &'static str {
        match self {
            Subcommand::List(_) => "list",
            Subcommand::Check(_) => "check",
            Subcommand::Render(_) => "render",
            Subcommand::Search(_) => "search",
            Subcommand::Config => "config",
            Subcommand::Completions { .. } => "completions",
            Subcommand::Man => "man",
        }
    }
}

/// `folio list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// The folder of posts
    #[arg(default_value = ".", value_hint = ValueHint::DirPath)]
    pub dir: PathBuf,

    /// Only posts with this tag (whole tag, any case); repeat to require several
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// With several --tag, posts with any of them rather than all
    #[arg(long)]
    pub any_tag: bool,

    /// Leave out posts with this tag; repeatable
    #[arg(long = "not-tag", value_name = "TAG")]
    pub not_tags: Vec<String>,

    /// Only posts with an author whose name contains this (any case); repeat
    /// for posts by any of them
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,

    /// Only posts from this day on (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub since: Option<jiff::civil::Date>,

    /// Only posts up to this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = day)]
    pub until: Option<jiff::civil::Date>,

    /// Fuzzy search in titles; results are ordered by how well they match
    #[arg(long, short, value_name = "TEXT")]
    pub query: Option<String>,

    /// The order of the list [default: score with --query, else date]
    #[arg(long, value_enum)]
    pub sort: Option<SortKey>,

    /// Reverse the order (oldest first, or Z to A)
    #[arg(long)]
    pub reverse: bool,

    /// Print a JSON array of posts instead of a table
    #[arg(long)]
    pub json: bool,

    /// Only posts not read in the reader
    #[arg(long)]
    pub unread: bool,

    /// Only posts starred in the reader
    #[arg(long)]
    pub starred: bool,

    /// The table's columns, in order (title,date,authors,tags,path); by
    /// default the title comes first and the rest as the width allows
    #[arg(long, value_enum, value_delimiter = ',', value_name = "COLUMNS")]
    pub columns: Option<Vec<Column>>,
}

/// The columns `folio list` can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Column {
    /// The title
    Title,
    /// The date
    Date,
    /// The authors
    Authors,
    /// The tags
    Tags,
    /// The file's path
    Path,
}

/// `folio check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The folder of posts
    #[arg(default_value = ".", value_hint = ValueHint::DirPath)]
    pub dir: PathBuf,

    /// Print one JSON object: the counts and every problem
    #[arg(long)]
    pub json: bool,
}

/// `folio search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words (all needed), "a phrase", -word (left out), word* (any ending),
    /// #tag, -#tag, @author
    #[arg(value_parser = not_empty)]
    pub query: String,

    /// The folder of posts
    #[arg(default_value = ".", value_hint = ValueHint::DirPath)]
    pub dir: PathBuf,

    /// Print a JSON array of objects (the fields of `folio list --json`,
    /// and score and snippet)
    #[arg(long)]
    pub json: bool,

    /// At most this many posts (1 or more)
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: u64,

    /// Only posts with this tag; repeat to require several
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Only posts by an author whose name holds this; repeat for posts by
    /// any of them (as `folio list`)
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,
}

/// `folio render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The Markdown file; - reads standard input
    #[arg(value_hint = ValueHint::FilePath)]
    pub file: PathBuf,

    /// Columns to wrap at [default: the terminal's width, else COLUMNS, else 80]
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub width: Option<u16>,

    /// When to send the output through a pager ($PAGER, else less -R):
    /// auto when it is taller than the terminal
    #[arg(long, value_enum, default_value_t = When::Auto, value_name = "WHEN")]
    pub paging: When,
}

/// `--color`, `--hyperlinks`, `--paging`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum When {
    /// When output is a terminal that takes it
    Auto,
    /// Always, even in a pipe
    Always,
    /// Never
    Never,
}

/// The orders `--sort` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SortKey {
    /// How well the title matches --query, best first
    Score,
    /// Newest first, undated posts last
    Date,
    /// A to Z
    Title,
}

impl ListArgs {
    /// The query these arguments describe: the flags, and `--query` read as
    /// the reader's search line (`#tag`, `-#tag`, `@name`, `is:unread`,
    /// `since:2024`, words of the title); with what in it could not be read.
    pub fn query(&self) -> (Query, Vec<String>) {
        let flags = self.flags();
        let Some(line) = self.query.as_deref() else {
            return (flags, Vec::new());
        };
        // The line is whole: nothing at its end is still being typed.
        let (mut query, problems) = Query::parse_line(&format!("{line} "), &flags);
        // `#tag` in the line: any tag starting so; --tag alone: whole tags.
        query.tag_prefix = !query.tags.is_empty();
        query.tags.extend(flags.tags);
        query.not_tags.extend(flags.not_tags);
        query.authors.extend(flags.authors);
        query.since = query.since.max(flags.since);
        query.until = match (query.until, flags.until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        query.unread |= flags.unread;
        query.starred |= flags.starred;
        (query, problems)
    }

    /// The query the flags alone describe.
    fn flags(&self) -> Query {
        Query {
            text: String::new(),
            tags: self.tags.clone(),
            any_tag: self.any_tag,
            tag_prefix: false,
            not_tags: self.not_tags.clone(),
            authors: self.authors.clone(),
            since: self.since,
            until: self.until,
            sort: match self.sort {
                None | Some(SortKey::Score) => Sort::Score,
                Some(SortKey::Date) => Sort::Date,
                Some(SortKey::Title) => Sort::Title,
            },
            reverse: self.reverse,
            unread: self.unread,
            starred: self.starred,
            marks: None,
            ..Query::default()
        }
    }
}

/// A day as `--since` and `--until` take it.
fn day(text: &str) -> Result<jiff::civil::Date, String> {
    crate::post::PostDate::parse(text)
        .map(|d| d.date)
        .ok_or_else(|| format!("'{text}' is not a date (YYYY-MM-DD)"))
}

/// A search that asks for something.
fn not_empty(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Err("the search is empty: give a word, a \"phrase\", #tag or @author".into())
    } else {
        Ok(text.to_string())
    }
}
