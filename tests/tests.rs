//! Integration tests: golden outputs of generated fixtures, every canonical value, the batch
//! CLI and its error messages. `NIANBAO_BLESS=1 cargo test` rewrites fixtures and goldens.

mod support {
    pub mod docx;
    pub mod html;
    pub mod pdf;
    pub mod pdf_fonts;
    pub mod pdf_reports;
    pub mod reports;
}

mod batch_safety;
mod cli;
mod deploy;
mod encodings;
mod golden;
mod hostile_pdf;
mod hostile_text;
mod legacy;
mod ocr;
mod password;
mod pdf;
mod real;
mod robust;
mod scale;
mod text;
