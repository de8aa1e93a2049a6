//! PDF reader: our own content-stream interpreter on lopdf, yielding every glyph with its
//! box and every ruling; layout and grid reconstruction turn those into the document model.

mod cmap;
mod encoding;
mod font;
mod image;
mod interpret;
mod lexer;
mod objects;

use lopdf::{Dictionary, Document as PdfDocument, LoadOptions, Object, ObjectId};

use crate::error::ErrorKind;
use crate::model::Ocr;
use crate::page::Page;
use crate::read::ReadOptions;

pub use interpret::Matrix;

/// Largest decoded object or cross-reference stream while loading: they hold dictionaries
/// and offsets, a few MiB in the largest reports.
const MAX_OBJECT_STREAM_BYTES: usize = 64 * 1024 * 1024;

/// Load options with the password to try after the empty one (lopdf tries the empty
/// password first whatever is given); without a password, the empty one alone.
fn load_options(options: &ReadOptions) -> LoadOptions {
    LoadOptions {
        max_decompressed_size: Some(MAX_OBJECT_STREAM_BYTES),
        ..LoadOptions::with_password(options.password.as_deref().unwrap_or(""))
    }
}

/// Loads a PDF, decrypting it when it opens with the empty password or the one in `options`.
/// Streams the reader never decodes are dropped as they load (see [`drop_unread_stream`]), so
/// what a document holds in memory follows its text, not the size of its images and embedded
/// fonts.
fn load(bytes: &[u8], options: &ReadOptions) -> Result<PdfDocument, ErrorKind> {
    with_password_bytes(options, |options| load_once(bytes, options))
}

/// `load` with the password given, then, when it is wrong, with the bytes other programs
/// put in the file for it ([`password_as_bytes`]); the first error stands when none opens it.
fn with_password_bytes(
    options: &ReadOptions,
    load: impl Fn(&ReadOptions) -> Result<PdfDocument, ErrorKind>,
) -> Result<PdfDocument, ErrorKind> {
    match load(options) {
        Err(ErrorKind::WrongPassword) => {
            password_as_bytes(options).iter().find_map(|retry| load(retry).ok()).ok_or(ErrorKind::WrongPassword)
        }
        loaded => loaded,
    }
}

/// Revisions 2 to 4 of the standard security handler (RC4, AES-128) hash the password's
/// bytes, which the PDF defines in PDFDocEncoding, a Latin alphabet without Chinese
/// characters. For a Chinese password programs write its UTF-8 bytes (qpdf) or the system's code page, GBK on Chinese
/// Windows. lopdf takes the password as text and encodes it in PDFDocEncoding, so each of
/// those byte strings is given as the text PDFDocEncoding writes as those bytes. Nothing for
/// a password all ASCII, which every encoding writes alike.
fn password_as_bytes(options: &ReadOptions) -> Vec<ReadOptions> {
    let Some(password) = options.password.as_deref().filter(|p| !p.is_ascii()) else { return Vec::new() };
    let (gbk, _, lossy) = encoding_rs::GBK.encode(password);
    let mut candidates = vec![password.as_bytes().to_vec()];
    if !lossy {
        candidates.push(gbk.into_owned());
    }
    candidates
        .iter()
        .filter_map(|bytes| bytes.iter().map(|&b| encoding::BaseEncoding::PdfDoc.char(b)).collect::<Option<String>>())
        .map(ReadOptions::with_password)
        .collect()
}

fn load_once(bytes: &[u8], options: &ReadOptions) -> Result<PdfDocument, ErrorKind> {
    let filtered = LoadOptions { filter: Some(drop_unread_stream), ..load_options(options) };
    let mut doc = match PdfDocument::load_mem_with_options(bytes, filtered) {
        // lopdf rebuilds a damaged cross-reference table only for unfiltered loads.
        Ok(doc) if doc.get_pages().is_empty() => load_unfiltered(bytes, options).or(Ok(doc)),
        Ok(doc) => Ok(doc),
        Err(e) => match load_error(&e, options) {
            kind @ (ErrorKind::Encrypted | ErrorKind::WrongPassword) => Err(kind),
            _ => load_unfiltered(bytes, options),
        },
    }?;
    trim_type1_programs(&mut doc);
    Ok(doc)
}

fn load_unfiltered(bytes: &[u8], options: &ReadOptions) -> Result<PdfDocument, ErrorKind> {
    PdfDocument::load_mem_with_options(bytes, load_options(options)).map_err(|e| load_error(&e, options))
}

/// What a load failure means: a PDF that neither the empty password nor the one given opens
/// (lopdf says `InvalidPassword`; other encryption failures name it in their text), or damage.
fn load_error(e: &lopdf::Error, options: &ReadOptions) -> ErrorKind {
    let locked = || if options.password.is_some() { ErrorKind::WrongPassword } else { ErrorKind::Encrypted };
    if matches!(e, lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_)) {
        return locked();
    }
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("password") || lower.contains("decrypt") || lower.contains("encrypt") {
        locked()
    } else {
        ErrorKind::Damaged(format!("unreadable PDF: {text}"))
    }
}

/// Load filter: a stream whose bytes are never read (an image, whose presence is all that
/// counts; an embedded font program, as widths and Unicode come from the font dictionaries;
/// XMP metadata; an attached file) is kept as its dictionary alone. A Type 1 font program
/// keeps its cleartext, where its built-in encoding is (see [`keep_cleartext`]); a CFF one
/// (`Type1C`, a Latin font's subset, small) is kept whole, read only if its font needs its
/// built-in encoding.
///
/// lopdf keeps the object as changed in place when it was read from the file body, and the
/// returned one when it came out of an object stream (which never holds streams), hence both.
fn drop_unread_stream(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    match object {
        Object::Stream(stream) if is_type1_program(&stream.dict) => {
            // A stream whose length lopdf reads later is still empty here; it is cut to its
            // cleartext once loaded (`trim_type1_programs`).
            if !stream.content.is_empty() && !keep_cleartext(stream) {
                *object = Object::Dictionary(std::mem::take(&mut stream.dict));
            }
            Some((id, Object::Null))
        }
        Object::Stream(stream) if is_unread_stream(&stream.dict) => {
            *object = Object::Dictionary(std::mem::take(&mut stream.dict));
            Some((id, Object::Null))
        }
        Object::Stream(_) => Some((id, Object::Null)),
        _ => Some((id, object.clone())),
    }
}

fn is_unread_stream(dict: &Dictionary) -> bool {
    let name = |key: &[u8]| dict.get(key).and_then(Object::as_name).ok();
    matches!(name(b"Subtype"), Some(b"Image" | b"CIDFontType0C" | b"OpenType"))
        || matches!(name(b"Type"), Some(b"Metadata" | b"EmbeddedFile"))
        || [b"Length1".as_slice(), b"Length2", b"Length3"].iter().any(|key| dict.has(key))
}

/// A Type 1 font program (`/FontFile`): the only font stream with the lengths of its
/// encrypted part (`/Length2`) and trailer (`/Length3`).
fn is_type1_program(dict: &Dictionary) -> bool {
    dict.has(b"Length2") || dict.has(b"Length3")
}

/// Cuts a Type 1 program to its cleartext, unfiltered. False when its filters fail.
fn keep_cleartext(stream: &mut lopdf::Stream) -> bool {
    match encoding::type1_cleartext(stream) {
        Some(text) => {
            stream.set_plain_content(text);
            true
        }
        None => false,
    }
}

/// The Type 1 programs the load filter could not cut (their length came later, or the
/// document is encrypted and loads unfiltered), cut now.
fn trim_type1_programs(doc: &mut PdfDocument) {
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            let whole = stream.dict.has(b"Filter") || stream.content.len() > encoding::MAX_TYPE1_CLEARTEXT_BYTES;
            if is_type1_program(&stream.dict) && whole && !keep_cleartext(stream) {
                stream.set_plain_content(Vec::new());
            }
        }
    }
}

/// Reads every page's glyphs and rulings, pages of images by OCR (see
/// [`read_pages_with_ocr`]).
pub fn read_pages(bytes: &[u8]) -> Result<(Vec<Page>, Vec<String>), ErrorKind> {
    read_pages_with_ocr(bytes).map(|(pages, notes, _)| (pages, notes))
}

/// Reads every page's glyphs and rulings. A page that cannot be read whole is marked
/// damaged and noted; the other pages are still read. The time limit and the limits for a
/// whole document fail it. A page that is an image is read by OCR where it can run.
pub fn read_pages_with_ocr(bytes: &[u8]) -> Result<(Vec<Page>, Vec<String>, Ocr), ErrorKind> {
    read_pages_with(bytes, &ReadOptions::default())
}

/// [`read_pages_with_ocr`] with [`ReadOptions`]: an encrypted PDF is opened with the password
/// given, and fails with [`ErrorKind::WrongPassword`] when that does not open it either.
pub fn read_pages_with(bytes: &[u8], options: &ReadOptions) -> Result<(Vec<Page>, Vec<String>, Ocr), ErrorKind> {
    let doc = load(bytes, options)?;
    let page_ids = doc.get_pages();
    if page_ids.is_empty() {
        return Err(ErrorKind::Damaged("the PDF has no pages".into()));
    }
    let mut interpreter = interpret::Interpreter::new(&doc);
    let mut pages = Vec::with_capacity(page_ids.len());
    let mut notes = Vec::new();
    for (number, id) in page_ids {
        crate::deadline::check()?;
        match interpreter.page(number, id, &mut notes) {
            Ok(mut page) => {
                if let Some((baseline, turn)) = page.upright_turn() {
                    page.turn(turn);
                    notes.push(format!(
                        "page {number}: its text runs {}; read after {}",
                        baseline.describe(),
                        turn.describe()
                    ));
                }
                pages.push(page)
            }
            Err(objects::Stop::Page(message)) => {
                notes.push(message);
                pages.push(Page { number, damaged: true, ..Default::default() });
            }
            Err(objects::Stop::Document(kind)) => return Err(kind),
        }
    }
    let ocr = read_scanned_pages(bytes, options, &mut pages, &mut notes)?;
    Ok((pages, notes, ocr))
}

/// A page is read by OCR when its text layer gives fewer characters than this and it draws
/// an image: a scan's page, or one with only a stray page number or watermark as text.
pub const OCR_BELOW_CHARACTERS: usize = 20;

fn needs_ocr(page: &Page) -> bool {
    !page.placed_images.is_empty() && page.glyphs.iter().filter(|g| !g.is_blank()).count() < OCR_BELOW_CHARACTERS
}

/// Reads the pages that are images by OCR, in parallel when there are several; the other
/// pages are left as read. Without a recognizer, or with `NIANBAO_OCR=off`, the pages stay
/// as they are.
fn read_scanned_pages(
    bytes: &[u8],
    options: &ReadOptions,
    pages: &mut [Page],
    notes: &mut Vec<String>,
) -> Result<Ocr, ErrorKind> {
    use rayon::prelude::*;
    if !pages.iter().any(needs_ocr) {
        return Ok(Ocr::NotNeeded);
    }
    if std::env::var("NIANBAO_OCR").is_ok_and(|v| v.eq_ignore_ascii_case("off")) {
        return Ok(Ocr::Off);
    }
    if let Err(why) = crate::ocr::tesseract::availability() {
        return Ok(Ocr::Unavailable(why));
    }
    // The images were left out of the first load; load them now.
    let doc = with_password_bytes(options, |options| load_unfiltered(bytes, options))?;
    let deadline = crate::deadline::current();
    let results: Vec<Result<(usize, crate::ocr::Reading), String>> = pages
        .par_iter()
        .enumerate()
        .filter(|(_, page)| needs_ocr(page))
        .map(|(i, page)| crate::deadline::with_deadline(deadline, || ocr_page(&doc, page)).map(|reading| (i, reading)))
        .collect();
    crate::deadline::check()?;
    for result in results {
        match result {
            Ok((i, reading)) if reading.glyphs.is_empty() => {
                notes.push(format!("page {}: OCR found no text on its image", pages[i].number));
            }
            Ok((i, reading)) => {
                let page = &mut pages[i];
                notes.push(format!(
                    "page {}: read by OCR ({} characters, skew {:.1}°)",
                    page.number,
                    reading.glyphs.iter().map(|g| g.text.chars().count()).sum::<usize>(),
                    reading.skew
                ));
                page.glyphs = reading.glyphs;
                let number = page.number;
                page.ocr_doubts = reading
                    .doubts
                    .into_iter()
                    .map(|(bbox, why)| crate::model::OcrDoubt { page: number, bbox, why })
                    .collect();
                page.rulings.extend(reading.rulings);
                page.ocr = true;
            }
            Err(why) => notes.push(why),
        }
    }
    Ok(Ocr::Read)
}

/// OCR of a page's largest image.
fn ocr_page(doc: &PdfDocument, page: &Page) -> Result<crate::ocr::Reading, String> {
    let number = page.number;
    let placed = page
        .placed_images
        .iter()
        .max_by(|a, b| a.area().total_cmp(&b.area()))
        .ok_or_else(|| format!("page {number}: no image to read"))?;
    let stream = doc
        .get_object(placed.object)
        .and_then(Object::as_stream)
        .map_err(|e| format!("page {number}: its image cannot be read ({e})"))?;
    let gray =
        image::decode(doc, stream).map_err(|why| format!("page {number}: its image is not read by OCR: {why}"))?;
    let (gray, placement) = upright(gray, placed.matrix)
        .ok_or_else(|| format!("page {number}: its image is drawn skewed or flat and is not read by OCR"))?;
    crate::ocr::read_image(&gray, placement).map_err(|why| format!("page {number}: OCR failed: {why}"))
}

/// The image turned so that its rows run along the page's x axis, top row first, and where
/// it lands: `matrix` maps the image's unit square (first row at v = 1) to page space.
fn upright(mut gray: crate::ocr::Gray, matrix: [f64; 6]) -> Option<(crate::ocr::Gray, crate::ocr::Placement)> {
    let [a, b, c, d, e, f] = matrix;
    // Page-space step of one pixel to the right and one pixel down in the raster.
    let (w, h) = (gray.width as f64, gray.height as f64);
    let mut right = (a / w, b / w);
    let mut down = (-c / h, -d / h);
    for _ in 0..4 {
        let level = right.1.abs() < right.0.abs() * 0.01 && down.0.abs() < down.1.abs() * 0.01;
        if level && right.0 > 0.0 && down.1 > 0.0 {
            // The image's corners on the page; upright, its top-left is the least x and y.
            let corners = [(e, f), (a + e, b + f), (c + e, d + f), (a + c + e, b + d + f)];
            let x0 = corners.iter().map(|p| p.0).fold(f64::MAX, f64::min);
            let y0 = corners.iter().map(|p| p.1).fold(f64::MAX, f64::min);
            let placement =
                crate::ocr::Placement { x0: x0 as f32, y0: y0 as f32, x_scale: right.0 as f32, y_scale: down.1 as f32 };
            return Some((gray, placement));
        }
        // After a clockwise quarter turn, right is the old up and down the old right.
        gray = gray.turned_clockwise();
        (right, down) = ((-down.0, -down.1), right);
    }
    None
}

/// Plain text of a page in content order, one line per baseline: for comparing with other
/// extractors.
pub fn page_text(page: &Page) -> String {
    crate::lines::plain_text(page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    fn stream(dict: Dictionary) -> Object {
        Object::Stream(Stream::new(dict, b"q Q".to_vec()))
    }

    #[test]
    fn drops_the_bytes_of_images_font_programs_and_metadata() {
        for dict in [
            dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2 },
            dictionary! { "Length1" => 4 },
            dictionary! { "Subtype" => "CIDFontType0C" },
            dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        ] {
            let mut object = stream(dict);
            let kept_dict = object.as_stream().map(|s| s.dict.clone()).ok();
            drop_unread_stream((7, 0), &mut object);
            assert_eq!(object.as_dict().ok(), kept_dict.as_ref());
        }
    }

    #[test]
    fn keeps_the_streams_it_reads() {
        for dict in [
            dictionary! {},
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 9.into(), 9.into()] },
            dictionary! { "Type" => "CMap", "CMapName" => "Adobe-Identity-UCS" },
        ] {
            let mut object = stream(dict);
            drop_unread_stream((7, 0), &mut object);
            assert_eq!(object.as_stream().map(|s| s.content.as_slice()).ok(), Some(b"q Q".as_slice()));
        }
    }

    /// A Type 1 font program: cleartext up to `eexec`, then bytes standing for its encrypted
    /// part, compressed as writers store it.
    fn type1_program() -> lopdf::Stream {
        let mut program = b"%!FontType1-1.0: CMR10\n/Encoding StandardEncoding def\ncurrentfile eexec\n".to_vec();
        program.extend(std::iter::repeat_n(0xA5u8, 100_000));
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut z, &program).expect("deflate");
        let dict = dictionary! { "Length1" => 70, "Length2" => 100_000, "Length3" => 0, "Filter" => "FlateDecode" };
        Stream::new(dict, z.finish().expect("deflate"))
    }

    const CLEARTEXT: &[u8] = b"%!FontType1-1.0: CMR10\n/Encoding StandardEncoding def\ncurrentfile eexec";

    #[test]
    fn keeps_only_the_cleartext_of_a_type1_program() {
        let mut object = Object::Stream(type1_program());
        drop_unread_stream((7, 0), &mut object);
        let stream = object.as_stream().expect("still a stream");
        assert_eq!(stream.content, CLEARTEXT);
        assert!(!stream.dict.has(b"Filter"));
    }

    #[test]
    fn type1_programs_loaded_whole_are_cut_after_loading() {
        let mut doc = PdfDocument::with_version("1.7");
        let id = doc.add_object(type1_program());
        trim_type1_programs(&mut doc);
        let stream = doc.get_object(id).and_then(Object::as_stream).expect("a stream");
        assert_eq!(stream.content, CLEARTEXT);
    }

    #[test]
    fn hands_back_objects_from_object_streams_whole() {
        let mut object = Object::Dictionary(dictionary! { "Type" => "Page" });
        let kept = drop_unread_stream((7, 0), &mut object);
        assert_eq!(kept, Some(((7, 0), object)));
    }
}
