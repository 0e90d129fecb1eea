//! Searching many posts fast: the matching is spread over threads, and the
//! orders (by date, by title) are computed once per set of posts and kept,
//! so each search sorts by small integers instead of comparing posts.

use std::sync::OnceLock;

use fuzzy_matcher::skim::SkimMatcherV2;

use super::{Hit, Query, Sort};
use crate::post::Post;

/// The posts' positions in each order.
#[derive(Debug, Default)]
pub struct Orders {
    /// Each post's date as small integers (see [`date_key`]).
    keys: Vec<Option<(i32, i32, i32)>>,
    /// Post positions, newest first, undated last.
    by_date: Vec<u32>,
    /// How many posts have a date (they come first in `by_date`).
    dated: usize,
    /// Each post's place in `by_date`.
    date_rank: Vec<u32>,
    /// Each post's place in title order, computed when first needed.
    title_rank: OnceLock<Vec<u32>>,
}

impl Orders {
    /// The orders of `posts`.
    pub fn new(posts: &[Post]) -> Orders {
        let mut orders = Orders::default();
        orders.extend(posts, 0);
        orders
    }

    /// Takes in the posts from `from` on (the list only grew): they are
    /// sorted alone and merged in, instead of sorting everything again.
    pub fn extend(&mut self, posts: &[Post], from: usize) {
        // Dates as small integers, so that most comparisons are one integer
        // comparison; titles and paths only break ties.
        self.keys.extend(posts[from..].iter().map(|p| p.date.map(date_key)));
        let keys = &self.keys;
        let cmp = |a: &u32, b: &u32| {
            let (a, b) = (*a as usize, *b as usize);
            match (keys[a], keys[b]) {
                (Some(x), Some(y)) => {
                    y.cmp(&x).then_with(|| super::by_date(&posts[a], &posts[b], false))
                }
                _ => super::by_date(&posts[a], &posts[b], false),
            }
        };
        let mut added: Vec<u32> = (from as u32..posts.len() as u32).collect();
        added.sort_unstable_by(cmp);
        let old = std::mem::take(&mut self.by_date);
        let mut merged = Vec::with_capacity(old.len() + added.len());
        let (mut i, mut j) = (0, 0);
        while i < old.len() && j < added.len() {
            if cmp(&old[i], &added[j]).is_le() {
                merged.push(old[i]);
                i += 1;
            } else {
                merged.push(added[j]);
                j += 1;
            }
        }
        merged.extend_from_slice(&old[i..]);
        merged.extend_from_slice(&added[j..]);
        self.by_date = merged;
        self.date_rank = vec![0u32; posts.len()];
        for (rank, &post) in self.by_date.iter().enumerate() {
            self.date_rank[post as usize] = rank as u32;
        }
        self.dated = self.keys.iter().filter(|k| k.is_some()).count();
        self.title_rank = OnceLock::new();
    }

    fn title_rank(&self, posts: &[Post]) -> &[u32] {
        self.title_rank.get_or_init(|| {
            let mut order: Vec<u32> = (0..posts.len() as u32).collect();
            order.sort_by_cached_key(|&i| {
                let post = &posts[i as usize];
                (crate::text::natural_key(&post.title), post.path.clone())
            });
            let mut rank = vec![0u32; posts.len()];
            for (place, &post) in order.iter().enumerate() {
                rank[post as usize] = place as u32;
            }
            rank
        })
    }

    /// Sorts `hits` as `query` asks: by score when there is text (ties by
    /// date), else by the chosen sort.
    pub fn sort(&self, query: &Query, posts: &[Post], hits: &mut [Hit]) {
        let date = |post: usize| self.date_rank[post];
        let sort = match query.sort {
            Sort::Score if query.text.trim().is_empty() => Sort::Date,
            sort => sort,
        };
        if sort == Sort::Score {
            hits.sort_unstable_by_key(|h| (std::cmp::Reverse(h.score), date(h.post)));
            if query.reverse {
                hits.reverse();
            }
            return;
        }
        match (sort, query.reverse) {
            (Sort::Date | Sort::Score, false) => hits.sort_unstable_by_key(|h| date(h.post)),
            (Sort::Date | Sort::Score, true) => hits.sort_unstable_by_key(|h| {
                // Dated posts in the opposite order, undated ones still last.
                let rank = date(h.post);
                if (rank as usize) < self.dated { (0, u32::MAX - rank) } else { (1, rank) }
            }),
            (Sort::Title, reverse) => {
                let titles = self.title_rank(posts);
                hits.sort_unstable_by_key(|h| {
                    let rank = titles[h.post];
                    if reverse { u32::MAX - rank } else { rank }
                });
            }
        }
    }

    /// Every post in the order `query` asks, without text: no sort needed.
    fn all_in_order(&self, query: &Query, posts: &[Post]) -> Vec<usize> {
        match (query.sort, query.reverse) {
            (Sort::Date | Sort::Score, false) => self.by_date.iter().map(|&p| p as usize).collect(),
            (Sort::Date | Sort::Score, true) => {
                let (dated, undated) = self.by_date.split_at(self.dated);
                dated.iter().rev().chain(undated).map(|&p| p as usize).collect()
            }
            (Sort::Title, reverse) => {
                let titles = self.title_rank(posts);
                let mut order = vec![0usize; posts.len()];
                for (post, &rank) in titles.iter().enumerate() {
                    order[rank as usize] = post;
                }
                if reverse {
                    order.reverse();
                }
                order
            }
        }
    }
}

/// A date as integers that order as the date does: day, time (or -1),
/// offset (or a value below any offset).
fn date_key(date: crate::post::PostDate) -> (i32, i32, i32) {
    let day = i32::from(date.date.year()) * 512
        + i32::from(date.date.month()) * 32
        + i32::from(date.date.day());
    let time = date.time.map_or(-1, |t| {
        i32::from(t.hour()) * 3600 + i32::from(t.minute()) * 60 + i32::from(t.second())
    });
    let offset = date.offset.map_or(i32::MIN, |o| o.seconds());
    (day, time, offset)
}

/// Runs queries, keeping the orders of the posts it last saw.
#[derive(Debug, Default)]
pub struct Searcher {
    /// The epoch and count of the posts the orders are for, and the orders.
    orders: Option<((u64, usize), Orders)>,
}

impl Searcher {
    /// The orders for `posts`: kept while the posts are the same, extended
    /// when they only grew, computed again when they changed (a new `epoch`).
    fn orders(&mut self, posts: &[Post], epoch: u64) -> &Orders {
        match &mut self.orders {
            Some(((e, len), _)) if *e == epoch && *len == posts.len() => {}
            Some(((e, len), orders)) if *e == epoch && *len < posts.len() => {
                orders.extend(posts, *len);
                *len = posts.len();
            }
            _ => self.orders = Some(((epoch, posts.len()), Orders::new(posts))),
        }
        &self.orders.as_ref().expect("orders just made").1
    }

    /// The posts matching `query` among `candidates` (all posts when
    /// `None`), best first, the matching spread over `threads` threads.
    /// `epoch` changes whenever posts were changed or removed (not when
    /// posts were only added at the end).
    pub fn search(
        &mut self,
        query: &Query,
        posts: &[Post],
        epoch: u64,
        candidates: Option<&[usize]>,
        threads: usize,
    ) -> Vec<Hit> {
        const PER_THREAD: usize = 4096;
        let orders = self.orders(posts, epoch);
        let text = query.text.trim();
        let ordered;
        // Without text, walk the posts in the order wanted: no sort at all.
        let (pool, sorted) = match candidates {
            None if text.is_empty() => {
                ordered = orders.all_in_order(query, posts);
                (ordered.as_slice(), true)
            }
            None => {
                ordered = (0..posts.len()).collect();
                (ordered.as_slice(), false)
            }
            Some(candidates) => (candidates, false),
        };
        let threads = threads.clamp(1, pool.len().div_ceil(PER_THREAD).max(1));
        let terms = super::terms(text);
        let matching = |chunk: &[usize]| -> Vec<Hit> {
            let matcher = SkimMatcherV2::default().smart_case();
            chunk
                .iter()
                .filter_map(|&i| {
                    let post = posts.get(i)?;
                    if !query.keeps(post) {
                        return None;
                    }
                    if text.is_empty() {
                        return Some(Hit { post: i, score: 0 });
                    }
                    super::title_score(&terms, &matcher, &post.title)
                        .map(|score| Hit { post: i, score })
                })
                .collect()
        };
        let mut hits = if threads == 1 {
            matching(pool)
        } else {
            let size = pool.len().div_ceil(threads);
            std::thread::scope(|scope| {
                let workers: Vec<_> =
                    pool.chunks(size).map(|chunk| scope.spawn(move || matching(chunk))).collect();
                workers
                    .into_iter()
                    .flat_map(|w| w.join().expect("matching thread panicked"))
                    .collect()
            })
        };
        if !sorted {
            orders.sort(query, posts, &mut hits);
        }
        hits
    }
}
