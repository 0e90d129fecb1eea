//! What a search asks (words, phrases, prefixes, tags, authors) and how the
//! index answers it: BM25, titles weighing more, words together first.

use std::path::PathBuf;

use super::*;

/// A post found.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// Its file, relative to the folder.
    pub path: PathBuf,
    /// Its BM25 score.
    pub score: f32,
    /// The text around its best match, once asked for.
    pub snippet: Option<Snippet>,
    /// The words the query looks for, as indexed (lower case).
    pub words: Vec<String>,
}

/// One part of a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// A word every post must hold.
    Word(String),
    /// `"words together"`.
    Phrase(String),
    /// `word*`: any word starting so.
    Prefix(String),
    /// `-word`: posts holding it are left out.
    Not(String),
    /// `#tag`: the post has the tag.
    Tag(String),
    /// `-#tag`: the post does not have the tag.
    NotTag(String),
    /// `@name`: an author's name holds the word(s).
    Author(String),
}

/// A full-text search, as typed: `words "a phrase" -word word* #tag @name`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    /// Its parts in order.
    pub parts: Vec<Part>,
}

impl Search {
    /// Reads a search line.
    pub fn parse(line: &str) -> Search {
        let mut parts = Vec::new();
        let mut rest = line.trim();
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('"') {
                let end = after.find('"').unwrap_or(after.len());
                let phrase = after[..end].trim();
                if !phrase.is_empty() {
                    parts.push(Part::Phrase(phrase.to_string()));
                }
                rest = after.get(end + 1..).unwrap_or("").trim_start();
                continue;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let word = &rest[..end];
            rest = rest[end..].trim_start();
            let part = if let Some(tag) = word.strip_prefix("-#") {
                Part::NotTag(tag.to_string())
            } else if let Some(tag) = word.strip_prefix('#') {
                Part::Tag(tag.to_string())
            } else if let Some(name) = word.strip_prefix('@') {
                Part::Author(name.to_string())
            } else if let Some(not) = word.strip_prefix('-').filter(|w| !w.is_empty()) {
                Part::Not(not.to_string())
            } else if let Some(prefix) = word.strip_suffix('*').filter(|w| !w.is_empty()) {
                Part::Prefix(prefix.to_string())
            } else {
                Part::Word(word.to_string())
            };
            let empty =
                matches!(&part, Part::Tag(t) | Part::NotTag(t) | Part::Author(t) if t.is_empty());
            if !empty {
                parts.push(part);
            }
        }
        Search { parts }
    }

    /// Adds `--tag` and `--author` filters.
    pub fn with_filters(mut self, tags: &[String], authors: &[String]) -> Search {
        self.parts.extend(tags.iter().map(|t| Part::Tag(t.clone())));
        self.parts.extend(authors.iter().map(|a| Part::Author(a.clone())));
        self
    }

    /// The words it looks for (not those it leaves out), as typed, longest
    /// first: what to mark in a post opened from its results.
    pub fn words(&self) -> Vec<String> {
        let mut words: Vec<String> = self
            .parts
            .iter()
            .filter_map(|part| match part {
                Part::Word(w) | Part::Prefix(w) | Part::Phrase(w) => Some(w.clone()),
                _ => None,
            })
            .collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        words
    }

    /// Whether it asks for nothing.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

impl FullText {
    /// The posts matching `query`, best first, at most `limit`.
    pub fn search(&self, query: &Search, limit: usize) -> Result<Vec<Found>, Error> {
        let Some(built) = self.build(query) else {
            return Ok(Vec::new());
        };
        let searcher = self.reader.searcher();
        // No more than there are posts: the collector makes room for `limit`
        // up front (`--limit 4294967295` asked for 34 GB).
        let limit = limit.clamp(1, (searcher.num_docs() as usize).max(1));
        let top = searcher.search(&built, &TopDocs::with_limit(limit).order_by_score())?;
        let words = self.highlight_terms(query);
        let mut found = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let Some(path) = doc.get_first(self.fields.path).and_then(|v| v.as_str()) else {
                continue;
            };
            found.push(Found {
                path: PathBuf::from(path),
                score,
                snippet: None,
                words: words.clone(),
            });
        }
        Ok(found)
    }

    /// The words a query looks for, as the index reads them, for marking
    /// them in the article.
    pub(super) fn highlight_terms(&self, query: &Search) -> Vec<String> {
        let mut words = Vec::new();
        for part in &query.parts {
            match part {
                Part::Word(w) | Part::Prefix(w) => words.extend(tokens(w)),
                Part::Phrase(p) => words.extend(tokens(p)),
                _ => {}
            }
        }
        words
    }

    pub(super) fn build(&self, search: &Search) -> Option<Box<dyn Query>> {
        let f = self.fields;
        let text_fields = [(f.title, 3.0), (f.body, 1.0), (f.tags, 2.0), (f.authors, 2.0)];
        let any_field = |make: &dyn Fn(Field) -> Box<dyn Query>| -> Box<dyn Query> {
            let clauses = text_fields
                .iter()
                .map(|&(field, boost)| {
                    let query: Box<dyn Query> = Box::new(BoostQuery::new(make(field), boost));
                    (Occur::Should, query)
                })
                .collect();
            Box::new(BooleanQuery::new(clauses))
        };
        let term_query = |field: Field, word: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::WithFreqsAndPositions,
            ))
        };
        let phrase = |field: Field, words: &[String], slop: u32| -> Box<dyn Query> {
            if words.len() == 1 {
                return term_query(field, &words[0]);
            }
            let terms = words.iter().map(|w| Term::from_field_text(field, w)).collect();
            let mut query = PhraseQuery::new(terms);
            query.set_slop(slop);
            Box::new(query)
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut authors: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut positive = false;
        let mut plain: Vec<String> = Vec::new();
        for part in &search.parts {
            match part {
                Part::Word(word) => {
                    let words = tokens(word);
                    if words.is_empty() {
                        continue;
                    }
                    positive = true;
                    plain.extend(words.iter().cloned());
                    clauses.push((Occur::Must, any_field(&|field| phrase(field, &words, 0))));
                }
                Part::Phrase(text) => {
                    let words = tokens(text);
                    if words.is_empty() {
                        continue;
                    }
                    positive = true;
                    clauses.push((Occur::Must, any_field(&|field| phrase(field, &words, 0))));
                }
                Part::Prefix(word) => {
                    let Some(word) = tokens(word).into_iter().next() else { continue };
                    positive = true;
                    clauses.push((
                        Occur::Must,
                        any_field(&|field| {
                            Box::new(FuzzyTermQuery::new_prefix(
                                Term::from_field_text(field, &word),
                                0,
                                false,
                            ))
                        }),
                    ));
                }
                Part::Not(word) => {
                    let words = tokens(word);
                    if !words.is_empty() {
                        clauses
                            .push((Occur::MustNot, any_field(&|field| phrase(field, &words, 0))));
                    }
                }
                Part::Tag(tag) => {
                    positive = true;
                    clauses.push((Occur::Must, term_query(f.tag, &crate::text::fold(tag))));
                }
                Part::NotTag(tag) => {
                    clauses.push((Occur::MustNot, term_query(f.tag, &crate::text::fold(tag))));
                }
                Part::Author(name) => {
                    let words = tokens(name);
                    if words.is_empty() {
                        continue;
                    }
                    positive = true;
                    let all: Vec<(Occur, Box<dyn Query>)> =
                        words.iter().map(|w| (Occur::Must, term_query(f.authors, w))).collect();
                    authors.push((Occur::Should, Box::new(BooleanQuery::new(all))));
                }
            }
        }
        // Several authors: posts by any of them, as `folio list` and the
        // reader mean it.
        if !authors.is_empty() {
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(authors))));
        }
        if clauses.is_empty() {
            return None;
        }
        if !positive {
            // Only exclusions: everything else.
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        if plain.len() > 1 {
            // The words standing together rank above the same words apart.
            let near = BoostQuery::new(phrase(f.body, &plain, 2), 2.0);
            let title = BoostQuery::new(phrase(f.title, &plain, 2), 3.0);
            clauses.push((Occur::Should, Box::new(near)));
            clauses.push((Occur::Should, Box::new(title)));
        }
        Some(Box::new(BooleanQuery::new(clauses)))
    }
}
