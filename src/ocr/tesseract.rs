//! A thin binding to Tesseract's C API, loaded at run time.
//!
//! The library is opened with `dlopen` the first time a page needs OCR, so one nianbao binary
//! runs everywhere: where `libtesseract` 5 and its language data are installed, scans are
//! read; elsewhere they stay `no-text` with a message that says what to install. Each thread
//! keeps its own recognizers, as a Tesseract instance must not be shared between threads and
//! loading a model costs far more than one recognition.

use std::cell::RefCell;
use std::ffi::{c_char, c_float, c_int, c_void, CStr, CString};
use std::sync::OnceLock;

type Handle = *mut c_void;
type Bool = c_int;

/// Page segmentation modes (`tesseract::PageSegMode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segmentation {
    /// A uniform block of text (`PSM_SINGLE_BLOCK`): measured far better than automatic
    /// segmentation on slightly skewed report pages, which it splits into false columns.
    Block = 6,
    /// One line of text (`PSM_SINGLE_LINE`): a table cell holding one value.
    Line = 7,
}

/// Result iterator levels (`tesseract::PageIteratorLevel`).
const LEVEL_TEXTLINE: c_int = 2;
const LEVEL_WORD: c_int = 3;

/// The C functions used, resolved once.
struct Api {
    create: unsafe extern "C" fn() -> Handle,
    delete: unsafe extern "C" fn(Handle),
    init3: unsafe extern "C" fn(Handle, *const c_char, *const c_char) -> c_int,
    set_variable: unsafe extern "C" fn(Handle, *const c_char, *const c_char) -> Bool,
    set_page_seg_mode: unsafe extern "C" fn(Handle, c_int),
    set_image: unsafe extern "C" fn(Handle, *const u8, c_int, c_int, c_int, c_int),
    set_source_resolution: unsafe extern "C" fn(Handle, c_int),
    set_rectangle: unsafe extern "C" fn(Handle, c_int, c_int, c_int, c_int),
    recognize: unsafe extern "C" fn(Handle, *mut c_void) -> c_int,
    get_iterator: unsafe extern "C" fn(Handle) -> Handle,
    iterator_delete: unsafe extern "C" fn(Handle),
    iterator_next: unsafe extern "C" fn(Handle, c_int) -> Bool,
    iterator_text: unsafe extern "C" fn(Handle, c_int) -> *mut c_char,
    iterator_confidence: unsafe extern "C" fn(Handle, c_int) -> c_float,
    page_iterator: unsafe extern "C" fn(Handle) -> Handle,
    is_at_beginning_of: unsafe extern "C" fn(Handle, c_int) -> Bool,
    bounding_box: unsafe extern "C" fn(Handle, c_int, *mut c_int, *mut c_int, *mut c_int, *mut c_int) -> Bool,
    delete_text: unsafe extern "C" fn(*const c_char),
    clear: unsafe extern "C" fn(Handle),
    /// Keeps the library mapped for as long as the functions above may be called.
    _library: libloading::Library,
}

/// Names the library goes by on Linux and macOS, newest first.
const LIBRARY_NAMES: &[&str] = &["libtesseract.so.5", "libtesseract.so", "libtesseract.5.dylib", "libtesseract.dylib"];

fn load_api() -> Result<Api, String> {
    // Tesseract's OpenMP threads spin against each other and against nianbao's own workers:
    // measured 5× slower on two cores. Parallelism comes from reading pages and documents
    // on separate threads instead. Read by OpenMP when the library loads, so set first.
    if std::env::var_os("OMP_THREAD_LIMIT").is_none() {
        std::env::set_var("OMP_THREAD_LIMIT", "1");
    }
    let library = LIBRARY_NAMES
        .iter()
        // SAFETY: loading Tesseract runs its library constructors, which have no preconditions.
        .find_map(|name| unsafe { libloading::Library::new(*name) }.ok())
        .ok_or_else(|| "libtesseract 5 is not installed".to_string())?;
    macro_rules! function {
        ($name:literal) => {
            // SAFETY: the type given at each use is the C API's declaration in tesseract/capi.h.
            *unsafe { library.get(concat!($name, "\0").as_bytes()) }
                .map_err(|e| format!("libtesseract lacks {}: {e}", $name))?
        };
    }
    Ok(Api {
        create: function!("TessBaseAPICreate"),
        delete: function!("TessBaseAPIDelete"),
        init3: function!("TessBaseAPIInit3"),
        set_variable: function!("TessBaseAPISetVariable"),
        set_page_seg_mode: function!("TessBaseAPISetPageSegMode"),
        set_image: function!("TessBaseAPISetImage"),
        set_source_resolution: function!("TessBaseAPISetSourceResolution"),
        set_rectangle: function!("TessBaseAPISetRectangle"),
        recognize: function!("TessBaseAPIRecognize"),
        get_iterator: function!("TessBaseAPIGetIterator"),
        iterator_delete: function!("TessResultIteratorDelete"),
        iterator_next: function!("TessResultIteratorNext"),
        iterator_text: function!("TessResultIteratorGetUTF8Text"),
        iterator_confidence: function!("TessResultIteratorConfidence"),
        page_iterator: function!("TessResultIteratorGetPageIterator"),
        is_at_beginning_of: function!("TessPageIteratorIsAtBeginningOf"),
        bounding_box: function!("TessPageIteratorBoundingBox"),
        delete_text: function!("TessDeleteText"),
        clear: function!("TessBaseAPIClear"),
        _library: library,
    })
}

fn api() -> Result<&'static Api, String> {
    static API: OnceLock<Result<Api, String>> = OnceLock::new();
    API.get_or_init(load_api).as_ref().map_err(Clone::clone)
}

/// The language model for text: Tesseract's `chi_sim`, which also reads Latin letters and
/// digits. `NIANBAO_OCR_LANG` names another (`chi_sim+eng`, `chi_tra`).
pub fn text_language() -> String {
    std::env::var("NIANBAO_OCR_LANG").ok().filter(|l| !l.trim().is_empty()).unwrap_or_else(|| "chi_sim".into())
}

/// The model for table cells that hold a number: Latin digits are read more reliably by the
/// English model restricted to the characters a count or an amount prints; `+` for the signed
/// changes t2 prints (`+1`), which without it the model read as `41` or nothing.
const NUMBER_LANGUAGE: &str = "eng";
const NUMBER_CHARACTERS: &str = "0123456789.-+,%";

/// Whether OCR can run here, and if not, why.
pub fn availability() -> Result<(), String> {
    static CHECKED: OnceLock<Result<(), String>> = OnceLock::new();
    CHECKED
        .get_or_init(|| {
            api()?;
            Recognizer::new(&text_language(), None).map(drop)
        })
        .clone()
}

/// One recognized word in image pixels. Words, not symbols: the boxes the LSTM models give
/// single characters overlap their neighbours, a word's box does not.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    /// `[left, top, right, bottom]` in pixels of the image given.
    pub bbox: [i32; 4],
    /// The box of the word's text line: its height is the text's size.
    pub line: [i32; 4],
    /// Tesseract's confidence in the word, 0 to 100.
    pub confidence: f32,
    /// The first word of a text line.
    pub line_start: bool,
}

/// A Tesseract instance with one model loaded.
pub struct Recognizer {
    handle: Handle,
    api: &'static Api,
}

impl Recognizer {
    /// Loads `language` from Tesseract's data folder (`TESSDATA_PREFIX`, else the one it was
    /// built with), restricted to `characters` when given.
    fn new(language: &str, characters: Option<&str>) -> Result<Recognizer, String> {
        let api = api()?;
        let lang = CString::new(language).map_err(|_| format!("bad OCR language name {language:?}"))?;
        // SAFETY: `create` has no preconditions; a null handle is checked.
        let handle = unsafe { (api.create)() };
        if handle.is_null() {
            return Err("Tesseract could not be started".into());
        }
        let recognizer = Recognizer { handle, api };
        // SAFETY: a live handle, a null data path (Tesseract's default) and a C string.
        if unsafe { (api.init3)(handle, std::ptr::null(), lang.as_ptr()) } != 0 {
            return Err(format!(
                "Tesseract's {language} model is not installed (install tesseract-ocr-chi-sim, or set TESSDATA_PREFIX)"
            ));
        }
        recognizer.set("debug_file", "/dev/null");
        if let Some(characters) = characters {
            recognizer.set("tessedit_char_whitelist", characters);
        }
        Ok(recognizer)
    }

    fn set(&self, name: &str, value: &str) {
        let (Ok(name), Ok(value)) = (CString::new(name), CString::new(value)) else {
            return;
        };
        // SAFETY: a live handle and two C strings that outlive the call.
        unsafe { (self.api.set_variable)(self.handle, name.as_ptr(), value.as_ptr()) };
    }

    /// Gives the image to read: 8-bit grey, `width` × `height`, rows of `width` bytes.
    /// Tesseract copies it, so `pixels` need not outlive the call.
    pub fn set_image(&mut self, pixels: &[u8], width: usize, height: usize, dpi: u32) {
        let (Ok(w), Ok(h)) = (c_int::try_from(width), c_int::try_from(height)) else {
            return;
        };
        if pixels.len() < width * height || width == 0 || height == 0 {
            return;
        }
        // SAFETY: `pixels` holds `height` rows of `width` bytes, as declared.
        unsafe {
            (self.api.set_image)(self.handle, pixels.as_ptr(), w, h, 1, w);
            (self.api.set_source_resolution)(self.handle, dpi.clamp(70, 2400) as c_int);
        }
    }

    /// Reads the rectangle `[left, top, right, bottom]` of the image last set.
    pub fn read(&mut self, rect: [i32; 4], mode: Segmentation) -> Vec<Word> {
        let [left, top, right, bottom] = rect;
        if right <= left || bottom <= top {
            return Vec::new();
        }
        let api = self.api;
        let mut words = Vec::new();
        // SAFETY: a live handle with an image set; every pointer Tesseract returns is checked
        // for null, read while the iterator lives and freed with the matching function.
        unsafe {
            (api.set_page_seg_mode)(self.handle, mode as c_int);
            (api.set_rectangle)(self.handle, left, top, right - left, bottom - top);
            if (api.recognize)(self.handle, std::ptr::null_mut()) != 0 {
                return words;
            }
            let iterator = (api.get_iterator)(self.handle);
            if iterator.is_null() {
                return words;
            }
            let page = (api.page_iterator)(iterator);
            let mut line = [0; 4];
            loop {
                let line_start = (api.is_at_beginning_of)(page, LEVEL_TEXTLINE) != 0;
                if line_start {
                    line = bounding_box(api, page, LEVEL_TEXTLINE).unwrap_or(line);
                }
                let text = (api.iterator_text)(iterator, LEVEL_WORD);
                if !text.is_null() {
                    let owned = CStr::from_ptr(text).to_string_lossy().into_owned();
                    (api.delete_text)(text);
                    if let Some(bbox) = bounding_box(api, page, LEVEL_WORD) {
                        let confidence = (api.iterator_confidence)(iterator, LEVEL_WORD);
                        words.push(Word { text: owned, bbox, line, confidence, line_start });
                    }
                }
                if (api.iterator_next)(iterator, LEVEL_WORD) == 0 {
                    break;
                }
            }
            (api.iterator_delete)(iterator);
        }
        words
    }
}

/// The box of the iterator's current element at `level`.
///
/// # Safety
/// `page` must be a live page iterator of `api`.
unsafe fn bounding_box(api: &Api, page: Handle, level: c_int) -> Option<[i32; 4]> {
    let (mut l, mut t, mut r, mut b) = (0, 0, 0, 0);
    // SAFETY: the caller's; the four out-pointers are valid locals.
    let found = unsafe { (api.bounding_box)(page, level, &mut l, &mut t, &mut r, &mut b) };
    (found != 0).then_some([l, t, r, b])
}

impl Drop for Recognizer {
    fn drop(&mut self) {
        // SAFETY: the handle is live and dropped once.
        unsafe {
            (self.api.clear)(self.handle);
            (self.api.delete)(self.handle);
        }
    }
}

/// The recognizers of one thread: text and numbers.
pub struct Recognizers {
    pub text: Recognizer,
    pub numbers: Recognizer,
}

thread_local! {
    static RECOGNIZERS: RefCell<Option<Recognizers>> = const { RefCell::new(None) };
}

/// Runs `f` with this thread's recognizers, loading them on first use.
pub fn with_recognizers<T>(f: impl FnOnce(&mut Recognizers) -> T) -> Result<T, String> {
    availability()?;
    RECOGNIZERS.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let text = Recognizer::new(&text_language(), None)?;
            let numbers = Recognizer::new(NUMBER_LANGUAGE, Some(NUMBER_CHARACTERS))?;
            *slot = Some(Recognizers { text, numbers });
        }
        match slot.as_mut() {
            Some(recognizers) => Ok(f(recognizers)),
            None => Err("Tesseract could not be started".to_string()),
        }
    })
}
