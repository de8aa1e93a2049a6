//! Image XObjects decoded to grey rasters, for OCR of pages that have no text layer.

use lopdf::{Dictionary, Object, Stream};

use crate::ocr::Gray;

/// Most pixels of one image decoded: an A3 page at 600 dpi is 70 million; a larger image is
/// a limit hit, not a page.
const MAX_IMAGE_PIXELS: usize = 100_000_000;

/// Why an image cannot be decoded.
pub type Undecodable = String;

fn integer(dict: &Dictionary, key: &[u8]) -> Option<i64> {
    dict.get(key).ok().and_then(|o| o.as_i64().ok())
}

/// The image's colour components per pixel, from its colour space.
fn components(doc: &lopdf::Document, dict: &Dictionary) -> Result<usize, Undecodable> {
    let space = match dict.get(b"ColorSpace") {
        Ok(Object::Reference(id)) => doc.get_object(*id).map_err(|e| e.to_string())?,
        Ok(object) => object,
        // An image mask has none: one bit a pixel.
        Err(_) => return Ok(1),
    };
    let family = match space {
        Object::Name(name) => name.clone(),
        Object::Array(items) => match items.first() {
            Some(Object::Name(name)) => name.clone(),
            _ => return Err("an unknown colour space".into()),
        },
        _ => return Err("an unknown colour space".into()),
    };
    match family.as_slice() {
        b"DeviceGray" | b"CalGray" | b"G" => Ok(1),
        b"DeviceRGB" | b"CalRGB" | b"RGB" => Ok(3),
        b"DeviceCMYK" | b"CMYK" => Ok(4),
        b"ICCBased" => {
            let n = match space {
                Object::Array(items) => items
                    .get(1)
                    .and_then(|o| o.as_reference().ok())
                    .and_then(|id| doc.get_object(id).ok())
                    .and_then(|o| o.as_stream().ok())
                    .and_then(|s| integer(&s.dict, b"N")),
                _ => None,
            };
            match n {
                Some(n @ (1 | 3 | 4)) => Ok(n as usize),
                _ => Err("an ICC colour space of unknown size".into()),
            }
        }
        other => Err(format!("the {} colour space", String::from_utf8_lossy(other))),
    }
}

/// Decodes an image XObject to grey.
pub fn decode(doc: &lopdf::Document, stream: &Stream) -> Result<Gray, Undecodable> {
    let dict = &stream.dict;
    let width = integer(dict, b"Width").filter(|w| *w > 0).ok_or("no width")? as usize;
    let height = integer(dict, b"Height").filter(|h| *h > 0).ok_or("no height")? as usize;
    if width.saturating_mul(height) > MAX_IMAGE_PIXELS {
        return Err(format!("{width}×{height} pixels, over the {MAX_IMAGE_PIXELS}-pixel limit"));
    }
    let filters: Vec<Vec<u8>> = stream.filters().map(|f| f.iter().map(|n| n.to_vec()).collect()).unwrap_or_default();
    let image_filter = filters.last().map(Vec::as_slice);
    let gray = match image_filter {
        Some(b"DCTDecode" | b"DCT") if filters.len() == 1 => decode_jpeg(&stream.content, width, height)?,
        Some(b"CCITTFaxDecode" | b"CCF") if filters.len() == 1 => decode_fax(stream, height)?,
        Some(b"JBIG2Decode") if filters.len() == 1 => decode_jbig2(doc, stream)?,
        // JPEG 2000 data says its own colour space; a /Decode array does not apply to it.
        Some(b"JPXDecode") if filters.len() == 1 => return decode_jpx(&stream.content),
        Some(b"DCTDecode" | b"DCT" | b"CCITTFaxDecode" | b"CCF" | b"JBIG2Decode" | b"JPXDecode") => {
            return Err("an image under several filters is not decoded".into())
        }
        _ => {
            let data = stream
                .decompressed_content_with_limit(MAX_IMAGE_PIXELS * 4)
                .or_else(|e| if filters.is_empty() { Ok(stream.content.clone()) } else { Err(e) })
                .map_err(|e| format!("its data cannot be decompressed ({e})"))?;
            let mask = matches!(dict.get(b"ImageMask"), Ok(Object::Boolean(true)));
            let bits = if mask { 1 } else { integer(dict, b"BitsPerComponent").unwrap_or(8) as usize };
            let n = if mask { 1 } else { components(doc, dict)? };
            let mut gray = samples_to_gray(&data, width, height, n, bits)?;
            if mask {
                // A stencil paints where its bit is 0.
                gray.pixels.iter_mut().for_each(|p| *p = 255 - *p);
            }
            gray
        }
    };
    Ok(apply_decode_array(dict, gray))
}

/// `/Decode [1 0]` on a grey image inverts it.
fn apply_decode_array(dict: &Dictionary, mut gray: Gray) -> Gray {
    let inverted = dict
        .get(b"Decode")
        .ok()
        .and_then(|d| d.as_array().ok())
        .and_then(|a| Some((a.first()?.as_float().ok()?, a.get(1)?.as_float().ok()?)))
        .is_some_and(|(lo, hi)| lo > hi);
    if inverted {
        gray.pixels.iter_mut().for_each(|p| *p = 255 - *p);
    }
    gray
}

fn decode_jpeg(data: &[u8], width: usize, height: usize) -> Result<Gray, Undecodable> {
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::Luma)
        .set_max_width(width.max(1) * 2)
        .set_max_height(height.max(1) * 2);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), options);
    let pixels = decoder.decode().map_err(|e| format!("its JPEG data cannot be decoded ({e:?})"))?;
    let (w, h) = decoder.dimensions().ok_or("its JPEG data has no size")?;
    Gray::new(w, h, pixels).ok_or_else(|| "its JPEG data does not match its size".into())
}

/// A grey raster filled a pixel at a time by the JBIG2 decoder.
struct Bilevel {
    pixels: Vec<u8>,
}

impl hayro_jbig2::Decoder for Bilevel {
    fn push_pixel(&mut self, black: bool) {
        self.pixels.push(if black { 0 } else { 255 });
    }

    fn push_pixel_chunk(&mut self, black: bool, chunk_count: u32) {
        let run = 8 * chunk_count as usize;
        self.pixels.extend(std::iter::repeat_n(if black { 0 } else { 255 }, run));
    }

    fn next_line(&mut self) {}
}

/// JBIG2 in the embedded organization a PDF uses, with the global segments its
/// `/JBIG2Globals` stream holds. A 1 bit is black (the PDF's `/Decode` may invert it).
fn decode_jbig2(doc: &lopdf::Document, stream: &Stream) -> Result<Gray, Undecodable> {
    let settings = hayro_jbig2::DecodeSettings::default();
    let globals_stream = stream
        .dict
        .get(b"DecodeParms")
        .ok()
        .and_then(|p| p.as_dict().ok())
        .and_then(|p| p.get(b"JBIG2Globals").ok())
        .and_then(|g| g.as_reference().ok())
        .and_then(|id| doc.get_object(id).ok())
        .and_then(|o| o.as_stream().ok());
    let globals_data = match globals_stream {
        Some(g) => Some(
            g.decompressed_content_with_limit(MAX_IMAGE_PIXELS)
                .or_else(|e| if g.filters().map_or(true, |f| f.is_empty()) { Ok(g.content.clone()) } else { Err(e) })
                .map_err(|e| format!("its JBIG2 globals cannot be decompressed ({e})"))?,
        ),
        None => None,
    };
    let globals = match &globals_data {
        Some(data) => Some(
            hayro_jbig2::Globals::new(data, &settings)
                .map_err(|e| format!("its JBIG2 globals cannot be read ({e})"))?,
        ),
        None => None,
    };
    let page = hayro_jbig2::Page::new_embedded(&stream.content, globals.as_ref(), &settings)
        .map_err(|e| format!("its JBIG2 data cannot be read ({e})"))?;
    let (width, height) = (page.width() as usize, page.height() as usize);
    if width.saturating_mul(height) > MAX_IMAGE_PIXELS {
        return Err(format!("its JBIG2 page is {width}×{height} pixels, over the {MAX_IMAGE_PIXELS}-pixel limit"));
    }
    let mut raster = Bilevel { pixels: Vec::with_capacity(width * height) };
    page.decode(&mut raster).map_err(|e| format!("its JBIG2 data cannot be decoded ({e})"))?;
    raster.pixels.resize(width * height, 255);
    Gray::new(width, height, raster.pixels).ok_or_else(|| "its JBIG2 data does not match its size".into())
}

/// JPEG 2000 (a raw codestream or a JP2 file), its components taken to grey like any
/// other image's.
fn decode_jpx(data: &[u8]) -> Result<Gray, Undecodable> {
    let settings = hayro_jpeg2000::DecodeSettings::default();
    let image =
        hayro_jpeg2000::Image::new(data, &settings).map_err(|e| format!("its JPEG 2000 data cannot be read ({e})"))?;
    let (w, h) = (image.width() as usize, image.height() as usize);
    if w.saturating_mul(h) > MAX_IMAGE_PIXELS {
        return Err(format!("its JPEG 2000 image is {w}×{h} pixels, over the {MAX_IMAGE_PIXELS}-pixel limit"));
    }
    let n = image.color_space().num_channels() as usize + usize::from(image.has_alpha());
    let mut context = hayro_jpeg2000::DecoderContext::default();
    let decoded = image.decode(&mut context).map_err(|e| format!("its JPEG 2000 data cannot be decoded ({e})"))?;
    let mut samples = decoded.data_u8();
    // The alpha channel, if any, is the last of each pixel: grey comes from the colours.
    let colours = n - usize::from(image.has_alpha());
    if !matches!(colours, 1 | 3 | 4) || samples.len() != w * h * n {
        return Err(format!("its JPEG 2000 data has {n} channels a pixel"));
    }
    if colours < n {
        samples = samples.chunks_exact(n).flat_map(|px| px[..colours].to_vec()).collect();
    }
    samples_to_gray(&samples, w, h, colours, 8)
}

fn decode_fax(stream: &Stream, height: usize) -> Result<Gray, Undecodable> {
    let params = stream.dict.get(b"DecodeParms").ok().and_then(|p| p.as_dict().ok());
    let param = |key: &[u8]| params.and_then(|p| integer(p, key));
    let k = param(b"K").unwrap_or(0);
    let columns = param(b"Columns").unwrap_or(1728).max(1) as usize;
    let rows = param(b"Rows").filter(|r| *r > 0).map(|r| r as usize).unwrap_or(height);
    let black_is_1 = matches!(params.and_then(|p| p.get(b"BlackIs1").ok()), Some(Object::Boolean(true)));
    if k >= 0 {
        return Err("CCITT Group 3 images are not decoded".into());
    }
    let mut pixels = Vec::with_capacity(columns * rows);
    let decoded = fax::decoder::decode_g4(stream.content.iter().copied(), columns as u32, Some(rows as u32), |line| {
        if pixels.len() < columns * rows {
            pixels.extend(
                fax::decoder::pels(line, columns as u32).map(|c| if c == fax::Color::Black { 0u8 } else { 255 }),
            );
        }
    });
    if decoded.is_none() && pixels.is_empty() {
        return Err("its CCITT data cannot be decoded".into());
    }
    pixels.resize(columns * rows, 255);
    // Without BlackIs1 a 0 bit is black, which is what the decoder's colours mean.
    if black_is_1 {
        pixels.iter_mut().for_each(|p| *p = 255 - *p);
    }
    Gray::new(columns, rows, pixels).ok_or_else(|| "its CCITT data does not match its size".into())
}

/// Raw samples (`n` components of `bits` bits, rows padded to a byte) to grey.
fn samples_to_gray(data: &[u8], width: usize, height: usize, n: usize, bits: usize) -> Result<Gray, Undecodable> {
    if !matches!(bits, 1 | 2 | 4 | 8 | 16) {
        return Err(format!("{bits} bits a component"));
    }
    let row_bytes = (width * n * bits).div_ceil(8);
    if data.len() < row_bytes * height {
        return Err("its data is shorter than its size".into());
    }
    let max = ((1u32 << bits.min(8)) - 1) as f32;
    let mut pixels = Vec::with_capacity(width * height);
    for y in 0..height {
        let row = &data[y * row_bytes..(y + 1) * row_bytes];
        let sample = |i: usize| -> f32 {
            match bits {
                8 => row[i] as f32,
                16 => row[i * 2] as f32,
                _ => {
                    let bit = i * bits;
                    let byte = row[bit / 8];
                    let shift = 8 - bits - bit % 8;
                    ((byte >> shift) & ((1u8 << bits) - 1)) as f32 * 255.0 / max
                }
            }
        };
        for x in 0..width {
            let i = x * n;
            let value = match n {
                1 => sample(i),
                3 => 0.299 * sample(i) + 0.587 * sample(i + 1) + 0.114 * sample(i + 2),
                // CMYK: ink of the three colours weighted as grey, plus black.
                _ => {
                    let ink = 0.299 * sample(i) + 0.587 * sample(i + 1) + 0.114 * sample(i + 2) + sample(i + 3);
                    255.0 - ink.min(255.0)
                }
            };
            pixels.push(value.round().clamp(0.0, 255.0) as u8);
        }
    }
    Gray::new(width, height, pixels).ok_or_else(|| "its data does not match its size".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_packed_samples_into_grey() {
        // Two 1-bit rows of 3 pixels: 101, 010 (each row padded to a byte).
        let g = samples_to_gray(&[0b1010_0000, 0b0100_0000], 3, 2, 1, 1).map(|g| g.pixels);
        assert_eq!(g, Ok(vec![255, 0, 255, 0, 255, 0]));
        let rgb = samples_to_gray(&[255, 255, 255, 0, 0, 0], 2, 1, 3, 8).map(|g| g.pixels);
        assert_eq!(rgb, Ok(vec![255, 0]));
        assert_eq!(
            samples_to_gray(&[1, 2], 3, 1, 1, 8).map(|g| g.pixels),
            Err("its data is shorter than its size".into())
        );
    }

    fn image_stream(filter: &str, width: i64, height: i64, content: Vec<u8>) -> Stream {
        let mut dict = Dictionary::new();
        for (key, value) in
            [("Type", "XObject"), ("Subtype", "Image"), ("ColorSpace", "DeviceGray"), ("Filter", filter)]
        {
            dict.set(key, Object::Name(value.as_bytes().to_vec()));
        }
        for (key, value) in [("Width", width), ("Height", height), ("BitsPerComponent", 1)] {
            dict.set(key, Object::Integer(value));
        }
        Stream::new(dict, content)
    }

    /// A JBIG2 segment header: number, type, no referred-to segments, page 1, data length.
    fn segment(number: u32, kind: u8, data: &[u8]) -> Vec<u8> {
        let mut out = number.to_be_bytes().to_vec();
        out.extend([kind, 0, 1]);
        out.extend((data.len() as u32).to_be_bytes());
        out.extend(data);
        out
    }

    #[test]
    fn jbig2_pages_are_decoded_black_on_white() {
        // 16×4 pixels, columns 4 to 7 black: coded as an MMR generic region (the G4 code).
        let (width, height) = (16u32, 4u32);
        let row = |x: u32| if (4..8).contains(&x) { fax::Color::Black } else { fax::Color::White };
        let mut encoder = fax::encoder::Encoder::new(fax::VecWriter::new());
        for _ in 0..height {
            let _ = encoder.encode_line((0..width).map(row), width);
        }
        let mmr = encoder.finish().map(fax::VecWriter::finish).unwrap_or_default();
        let mut page_info = Vec::new();
        for v in [width, height, 0, 0] {
            page_info.extend(v.to_be_bytes());
        }
        page_info.extend([0, 0, 0]);
        let mut region = Vec::new();
        for v in [width, height, 0, 0] {
            region.extend(v.to_be_bytes());
        }
        region.extend([0, 1]); // combination operator OR; generic region flags: MMR
        region.extend(mmr);
        let mut data = segment(0, 48, &page_info);
        data.extend(segment(1, 39, &region));
        data.extend(segment(2, 49, &[]));
        let stream = image_stream("JBIG2Decode", 16, 4, data);
        let gray = decode(&lopdf::Document::new(), &stream).expect("decoded");
        let expected: Vec<u8> =
            (0..height).flat_map(|_| (0..width).map(|x| if (4..8).contains(&x) { 0 } else { 255 })).collect();
        assert_eq!((gray.width, gray.height), (16, 4));
        assert_eq!(gray.pixels, expected);
        let broken = image_stream("JBIG2Decode", 16, 4, vec![0, 0, 0, 0, 48]);
        assert!(decode(&lopdf::Document::new(), &broken).is_err_and(|e| e.starts_with("its JBIG2 data cannot be")));
    }

    #[test]
    fn jpeg_2000_images_are_decoded_to_grey() {
        // 12×6 grey JP2, lossless: a black bar at columns 3 to 5 and a grey line at column 9,
        // rows 1 to 4 (testdata/scan/bar.jp2).
        let jp2 = include_bytes!("../../../testdata/scan/bar.jp2").to_vec();
        let gray = decode(&lopdf::Document::new(), &image_stream("JPXDecode", 12, 6, jp2)).expect("decoded");
        let expected: Vec<u8> = (0..6)
            .flat_map(|y| {
                (0..12).map(move |x| match x {
                    3..=5 if (1..5).contains(&y) => 0,
                    9 if (1..5).contains(&y) => 128,
                    _ => 255,
                })
            })
            .collect();
        assert_eq!((gray.width, gray.height), (12, 6));
        assert_eq!(gray.pixels, expected);
        let broken = image_stream("JPXDecode", 12, 6, b"not a codestream".to_vec());
        assert!(
            decode(&lopdf::Document::new(), &broken).is_err_and(|e| e.starts_with("its JPEG 2000 data cannot be read"))
        );
    }
}
