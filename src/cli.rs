//! The command line, declared with clap.

use std::path::PathBuf;

use clap::{Args, Parser, ValueEnum};

use crate::query::{Query, Sort};

/// A terminal reader for folders of blog posts.
///
/// Run `folio DIR` to open the reader on a folder of Markdown posts, or use
/// the subcommands to get the same index in a script.
#[derive(Debug, Parser)]
#[command(name = "folio", version)]
pub struct Cli {
    /// The folder of posts to open [default: the current folder]
    pub dir: Option<PathBuf>,

    /// Neither read nor write the index cache (~/.cache/folio)
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// The config file [default: ~/.config/folio/config.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

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
        }
    }
}

/// `folio list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// The folder of posts
    #[arg(default_value = ".")]
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
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// `folio search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words (all needed), "a phrase", -word (left out), word* (any ending),
    /// #tag, -#tag, @author
    pub query: String,

    /// The folder of posts
    #[arg(default_value = ".")]
    pub dir: PathBuf,

    /// Print a JSON array of objects (path, title, date, score, snippet)
    #[arg(long)]
    pub json: bool,

    /// At most this many posts
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
    pub limit: usize,

    /// Only posts with this tag; repeat to require several
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,

    /// Only posts by this author; repeat to require several
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,
}

/// `folio render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The Markdown file
    pub file: PathBuf,

    /// Columns to wrap at [default: the terminal's width, or 80]
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub width: Option<u16>,

    /// When to use colours and styles
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set
    Auto,
    /// Always, even in a pipe or with NO_COLOR
    Always,
    /// Never
    Never,
}

impl ColorChoice {
    /// Whether to colour, given what standard output is.
    pub fn enabled(self, terminal_color: bool) -> bool {
        match self {
            ColorChoice::Auto => terminal_color,
            ColorChoice::Always => true,
            ColorChoice::Never => false,
        }
    }
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
    /// The query these arguments describe.
    pub fn query(&self) -> Query {
        Query {
            text: self.query.clone().unwrap_or_default(),
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
