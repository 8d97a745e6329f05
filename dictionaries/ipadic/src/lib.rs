//! IPADIC for lindera, built at compile time from the source archive in `data/` (no download).
//!
//! Kept in its own crate so that edits to keikaku never recompile the ~48 MB `include_bytes!`.
//! The dictionary is mecab-ipadic 2.7.0-20070801 as packaged by Debian (which adds 令和);
//! see `data/COPYING.mecab-ipadic` for its licence and `build.rs` for how it is built.

lindera_dictionary::embedded_dictionary!("/lindera-ipadic", EmbeddedIpadicLoader);

/// The lindera metadata (schemas, default costs) the dictionary was built with; user
/// dictionaries must be read with it.
pub fn metadata() -> lindera_dictionary::dictionary::metadata::Metadata {
    lindera_dictionary::dictionary::metadata::Metadata::load(include_bytes!("../metadata.json"))
        .expect("metadata.json is checked at build time")
}

#[cfg(test)]
mod tests {
    #[test]
    fn loads_and_knows_reiwa() {
        let dict = super::load().expect("embedded dictionary loads");
        assert!(dict.metadata.name == "ipadic");
    }
}
