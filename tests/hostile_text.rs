//! Hostile text, HTML and Word inputs: every limit holds and every failure is named.
