//! Indexing generated corpora of 10,000 and 100,000 posts, beside a baseline
//! that only walks the folder and reads every file (what `rg` does), so the
//! report gives the cost of parsing as a ratio measured in the same run.
//!
//! The corpora are written once under `target/bench-corpora/`.

mod corpus;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use criterion::{Criterion, criterion_group, criterion_main};
use folio::Index;

fn corpus(count: usize) -> PathBuf {
    corpus::cached(Path::new(env!("CARGO_MANIFEST_DIR")), count).expect("write corpus")
}

/// Walks like the index does and reads every Markdown file, parsing nothing.
fn read_only(root: &Path) -> usize {
    let bytes = AtomicUsize::new(0);
    ignore::WalkBuilder::new(root).build_parallel().run(|| {
        Box::new(|entry| {
            if let Ok(entry) = entry
                && entry.file_type().is_some_and(|t| t.is_file())
                && folio::post::walk::is_markdown(entry.path())
                && let Ok(data) = std::fs::read(entry.path())
            {
                bytes.fetch_add(data.len(), Ordering::Relaxed);
            }
            ignore::WalkState::Continue
        })
    });
    bytes.into_inner()
}

fn index(c: &mut Criterion) {
    for count in [10_000, 100_000] {
        let dir = corpus(count);
        let mut group = c.benchmark_group(format!("index_{count}"));
        group.sample_size(10);
        group.bench_function("read_only_baseline", |b| b.iter(|| read_only(&dir)));
        group.bench_function("build", |b| {
            b.iter(|| {
                let index = Index::build(&dir).expect("index");
                assert_eq!(index.posts.len(), count);
                index
            })
        });
        group.finish();
    }
}

criterion_group!(benches, index);
criterion_main!(benches);
