//! Hostile PDFs: every limit holds and every failure is named.
