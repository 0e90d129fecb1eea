//! The text around a match, with the words marked, cut to the width it has.

use super::build::text_of;
use super::*;
use crate::post::Post;

/// Text around a match, with the matched words' byte ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    /// The text (sanitized).
    pub text: String,
    /// Byte ranges of the words matched in `text`.
    pub marks: Vec<std::ops::Range<usize>>,
}

impl Snippet {
    /// The part of the snippet that fits in `width` columns, around its
    /// first matched word (a third of the width before it), with `…` where
    /// text was cut: the match is always in view, however narrow the list.
    pub fn around(&self, width: usize) -> Snippet {
        use crate::text::width as columns;
        if columns(&self.text) <= width || width < 3 {
            return self.clone();
        }
        let room = width - 2;
        let first = self.marks.first().map_or(0, |m| m.start);
        // Start so that the match has a third of the room before it.
        let mut start = first;
        let mut before = 0;
        for (at, c) in self.text[..first].char_indices().rev() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if before + w > room / 3 {
                break;
            }
            before += w;
            start = at;
        }
        let mut end = start;
        let mut used = 0;
        for (at, c) in self.text[start..].char_indices() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + w > room {
                break;
            }
            used += w;
            end = start + at + c.len_utf8();
        }
        // Without a cut at the start, the room it kept goes to the end.
        if start == 0 {
            return Snippet { text: self.text.clone(), marks: self.marks.clone() }.cut_end(width);
        }
        let text =
            format!("…{}{}", &self.text[start..end], if end < self.text.len() { "…" } else { "" });
        let shift = start - "…".len();
        let marks = self
            .marks
            .iter()
            .filter(|m| m.start >= start && m.end <= end)
            .map(|m| m.start - shift..m.end - shift)
            .collect();
        Snippet { text, marks }
    }

    /// The snippet cut at `width` columns from its start, with `…`.
    fn cut_end(self, width: usize) -> Snippet {
        let text = crate::text::truncate(&self.text, width).into_owned();
        let marks = self.marks.into_iter().filter(|m| m.end <= text.len()).collect();
        Snippet { text, marks }
    }

    /// The text in pieces, each with whether it is a word matched.
    pub fn pieces(&self) -> Vec<(&str, bool)> {
        let mut pieces = Vec::with_capacity(self.marks.len() * 2 + 1);
        let mut at = 0;
        for range in &self.marks {
            let (Some(before), Some(word)) =
                (self.text.get(at..range.start), self.text.get(range.clone()))
            else {
                continue;
            };
            pieces.push((before, false));
            pieces.push((word, true));
            at = range.end;
        }
        pieces.push((self.text.get(at..).unwrap_or(""), false));
        pieces
    }
}

impl FullText {
    /// The snippet of `found`: the text around its best match, the words
    /// marked (byte ranges in `text`).
    pub fn snippet(&self, query: &Search, post: &Post) -> Snippet {
        let Some(built) = self.build(query) else {
            return Snippet::default();
        };
        let searcher = self.reader.searcher();
        let Ok(mut generator) =
            tantivy::snippet::SnippetGenerator::create(&searcher, &*built, self.fields.body)
        else {
            return Snippet::default();
        };
        generator.set_max_num_chars(160);
        let text = text_of(&self.root, post);
        let snippet = generator.snippet(&text);
        let fragment = snippet.fragment().to_string();
        if fragment.is_empty() {
            // A title or tag match: the text's start.
            let start: String = text.chars().take(160).collect();
            return Snippet { text: start, marks: Vec::new() };
        }
        Snippet { text: fragment, marks: snippet.highlighted().to_vec() }
    }
}

/// The words of `text` as the index reads them.
pub fn tokens(text: &str) -> Vec<String> {
    use tantivy::tokenizer::TokenStream;
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}
