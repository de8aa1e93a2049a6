//! Fuzzes the text reader and everything after it: any input must end in a report or an error.
#![no_main]

use libfuzzer_sys::fuzz_target;

const PROVENANCE: nianbao::write::Provenance<'static> =
    nianbao::write::Provenance { source: "fuzz", sha256: "", folder: "fuzz" };

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = nianbao::read::read(data, nianbao::Format::Text, &nianbao::template::ReportVocabulary) {
        let report = nianbao::template::recognize(doc);
        let _ = nianbao::write::report_json(&report, &PROVENANCE);
        let _ = nianbao::write::stream(&report);
    }
});
