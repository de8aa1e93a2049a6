//! What the generic stages ask of the kind of document they read. Readers and layout know
//! lines, paragraphs and tables, not annual reports: where a section begins, and which line of
//! a flattened text dump opens a table, are questions they put to the vocabulary their caller
//! passes in. The template stage answers them for the annual reports
//! (`template::ReportVocabulary`); [`Plain`] knows no sections and no table's labels.

/// The words of one kind of document that layout cannot see in geometry.
pub trait Vocabulary: Sync {
    /// Whether `text` opens one of the document's sections: no unruled table runs through
    /// such a line and no paragraph continues into it.
    fn is_heading(&self, text: &str) -> bool;

    /// Whether a line of a flattened text dump, one that has lost the table's geometry, is a
    /// line of the labels a table opens on.
    fn opens_table(&self, text: &str) -> bool;
}

/// Documents of no known kind: no line is a heading, no label opens a table.
pub struct Plain;

impl Vocabulary for Plain {
    fn is_heading(&self, _text: &str) -> bool {
        false
    }

    fn opens_table(&self, _text: &str) -> bool {
        false
    }
}
