//! Any bytes make a post (or a clear refusal) without a panic, and every
//! field is safe to print.
#![no_main]

use std::path::Path;

use folio::Post;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut warnings = Vec::new();
    if let Some(post) = Post::from_bytes(Path::new("fuzz.md"), data, &mut warnings) {
        let fields = [post.title.as_str(), post.excerpt.as_str()];
        for text in fields.into_iter().chain(post.tags.iter().map(String::as_str)).chain(post.authors.iter().map(String::as_str)) {
            assert!(text.chars().all(folio::sanitize::is_safe), "{text:?}");
        }
    }
});
