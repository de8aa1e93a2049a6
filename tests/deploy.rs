//! The deploy recipes (`deploy/`): `shard.sh` run as a Kubernetes Indexed Job's pods and as a
//! Slurm array's tasks converts the list in disjoint parts that cover it, `nianbao merge` makes
//! of the parts what one run over the list makes, and the manifests' shard counts agree.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_nianbao");
const SHARDS: usize = 4;

/// The documents of testdata's docx, html, pdf and seeds folders (the seeds' dumps, not their
/// expected values), as paths relative to the repository, sorted.
fn documents() -> Vec<String> {
    let mut docs = Vec::new();
    for (dir, ending) in [("docx", ".docx"), ("html", ".html"), ("pdf", ".pdf"), ("seeds", ".txt")] {
        for entry in fs::read_dir(Path::new("testdata").join(dir)).expect("testdata") {
            let path = entry.expect("entry").path();
            let name = path.to_str().expect("UTF-8 path").to_string();
            if name.ends_with(ending) {
                docs.push(name);
            }
        }
    }
    docs.sort();
    assert!(docs.len() >= 20, "testdata has its documents: {docs:?}");
    docs
}

/// Runs deploy/shard.sh with `env` and `args`, in a clean environment: the test may itself run
/// inside a Slurm job or a pod, whose variables would choose the shard.
fn shard_sh(env: &[(&str, String)], args: &[&str]) -> Output {
    let mut command = Command::new("bash");
    command.arg("deploy/shard.sh").args(args);
    for (name, _) in std::env::vars() {
        if name.starts_with("SLURM_") || name.starts_with("NIANBAO") || name == "JOB_COMPLETION_INDEX" {
            command.env_remove(name);
        }
    }
    command.env("NIANBAO", BIN).env("NIANBAO_OCR", "off").env("NIANBAO_JOBS", "1");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("run deploy/shard.sh")
}

fn assert_ran(output: &Output, what: &str) {
    assert!(output.status.success(), "{what}: {:?}\n{}", output.status, String::from_utf8_lossy(&output.stderr));
}

/// A summary.tsv without its `seconds` column, the one field two runs may differ in.
fn without_seconds(summary: &str) -> String {
    let header: Vec<&str> = summary.lines().next().expect("header").split('\t').collect();
    let seconds = header.iter().position(|f| *f == "seconds").expect("a seconds column");
    summary
        .lines()
        .map(|line| {
            let mut fields: Vec<&str> = line.split('\t').collect();
            fields.remove(seconds);
            fields.join("\t") + "\n"
        })
        .collect()
}

/// The sources of a summary.tsv's rows.
fn sources(summary_tsv: &Path) -> Vec<String> {
    let text = fs::read_to_string(summary_tsv).unwrap_or_else(|e| panic!("{}: {e}", summary_tsv.display()));
    text.lines().skip(1).map(|line| line.split('\t').next().expect("source").to_string()).collect()
}

/// The list the shards read, one path a line or NUL-terminated.
fn write_list(dir: &Path, docs: &[String], nul: bool) -> PathBuf {
    let end = if nul { "\0" } else { "\n" };
    let list = dir.join(if nul { "list0" } else { "list" });
    fs::write(&list, docs.iter().map(|d| format!("{d}{end}")).collect::<String>()).expect("write list");
    list
}

/// The Kubernetes way and the Slurm way over the same list: each way's output root, with
/// part-0 .. part-3 in it.
fn run_both_ways(dir: &Path, docs: &[String]) -> [PathBuf; 2] {
    // Pods of an Indexed Job: JOB_COMPLETION_INDEX and the count from NIANBAO_SHARDS; the list
    // as `find -print0` writes it.
    let kubernetes = dir.join("kubernetes");
    let list0 = write_list(dir, docs, true);
    for k in 0..SHARDS {
        let env = [
            ("JOB_COMPLETION_INDEX", k.to_string()),
            ("NIANBAO_SHARDS", SHARDS.to_string()),
            ("NIANBAO_LIST", list0.display().to_string()),
            ("NIANBAO_OUT", kubernetes.display().to_string()),
        ];
        assert_ran(&shard_sh(&env, &["-q"]), &format!("Kubernetes shard {k}"));
    }
    // Tasks of `sbatch --array=1-4`: ids counted from SLURM_ARRAY_TASK_MIN, the count from
    // SLURM_ARRAY_TASK_COUNT; a list one path a line.
    let slurm = dir.join("slurm");
    let list = write_list(dir, docs, false);
    for k in 0..SHARDS {
        let env = [
            ("SLURM_ARRAY_TASK_ID", (k + 1).to_string()),
            ("SLURM_ARRAY_TASK_MIN", "1".to_string()),
            ("SLURM_ARRAY_TASK_MAX", SHARDS.to_string()),
            ("SLURM_ARRAY_TASK_COUNT", SHARDS.to_string()),
            ("NIANBAO_LIST", list.display().to_string()),
            ("NIANBAO_OUT", slurm.display().to_string()),
        ];
        assert_ran(&shard_sh(&env, &["-q"]), &format!("Slurm task {}", k + 1));
    }
    [kubernetes, slurm]
}

/// One run over the whole list, the reference the shards are held to.
fn single_run(dir: &Path, docs: &[String]) -> PathBuf {
    let out = dir.join("single");
    let list = write_list(dir, docs, false);
    let output = Command::new(BIN)
        .env("NIANBAO_OCR", "off")
        .args(["convert", "-q", "-j", "2", "--files-from"])
        .arg(&list)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("run nianbao");
    assert_ran(&output, "the single run");
    out
}

#[test]
fn shards_are_disjoint_and_cover_the_list_both_ways() {
    let dir = tempfile::tempdir().expect("tmp");
    let docs = documents();
    let single = single_run(dir.path(), &docs);
    let roots = run_both_ways(dir.path(), &docs);

    let mut placement: Vec<BTreeMap<String, usize>> = Vec::new();
    for root in &roots {
        let mut shard_of = BTreeMap::new();
        for k in 0..SHARDS {
            for source in sources(&root.join(format!("part-{k}/summary.tsv"))) {
                if let Some(other) = shard_of.insert(source.clone(), k) {
                    panic!("{}: {source} is in part-{other} and part-{k}", root.display());
                }
            }
        }
        let covered: Vec<&String> = shard_of.keys().collect();
        assert_eq!(covered, docs.iter().collect::<Vec<_>>(), "{}: the parts cover the list", root.display());
        assert!((0..SHARDS).all(|k| shard_of.values().any(|&s| s == k)), "every shard got a document");
        placement.push(shard_of);

        // Each part's rows are the single run's rows for its documents.
        let mut rows: Vec<String> = (0..SHARDS)
            .flat_map(|k| {
                let summary = fs::read_to_string(root.join(format!("part-{k}/summary.tsv"))).expect("summary");
                without_seconds(&summary).lines().skip(1).map(str::to_string).collect::<Vec<_>>()
            })
            .collect();
        rows.sort();
        let summary = fs::read_to_string(single.join("summary.tsv")).expect("single summary");
        let mut want: Vec<String> = without_seconds(&summary).lines().skip(1).map(str::to_string).collect();
        want.sort();
        assert_eq!(rows, want, "{}: the parts' rows are the single run's", root.display());
    }
    assert_eq!(placement[0], placement[1], "the Kubernetes and the Slurm way put every document in the same shard");
}

#[test]
fn merged_shards_equal_one_run() {
    let dir = tempfile::tempdir().expect("tmp");
    let docs = documents();
    let single = single_run(dir.path(), &docs);
    let want_summary = without_seconds(&fs::read_to_string(single.join("summary.tsv")).expect("summary"));
    let want_dataset = fs::read(single.join("dataset.tsv")).expect("dataset");
    for root in run_both_ways(dir.path(), &docs) {
        let merged = root.join("merged");
        let output = Command::new(BIN)
            .arg("merge")
            .args((0..SHARDS).map(|k| root.join(format!("part-{k}"))))
            .arg("-o")
            .arg(&merged)
            .output()
            .expect("run nianbao merge");
        assert_ran(&output, &format!("nianbao merge of {}", root.display()));
        let summary = without_seconds(&fs::read_to_string(merged.join("summary.tsv")).expect("merged summary"));
        assert_eq!(summary, want_summary, "{}: merged summary.tsv (seconds cut)", root.display());
        let dataset = fs::read(merged.join("dataset.tsv")).expect("merged dataset");
        assert!(dataset == want_dataset, "{}: merged dataset.tsv differs from the single run's", root.display());
    }
}

#[test]
fn shard_script_reports_what_is_missing_and_lets_failed_documents_pass() {
    let dir = tempfile::tempdir().expect("tmp");
    let list = write_list(dir.path(), &["testdata/broken/password-protected.pdf".to_string()], false);
    let out = dir.path().join("out");
    let base = [("NIANBAO_LIST", list.display().to_string()), ("NIANBAO_OUT", out.display().to_string())];
    let stderr = |o: &Output| String::from_utf8_lossy(&o.stderr).into_owned();

    let no_index = shard_sh(&base, &[]);
    assert_eq!(no_index.status.code(), Some(2));
    assert!(stderr(&no_index).contains("no shard index"), "{}", stderr(&no_index));
    let no_count = shard_sh(&base, &["0"]);
    assert_eq!(no_count.status.code(), Some(2));
    assert!(stderr(&no_count).contains("no shard count"), "{}", stderr(&no_count));
    let with = |more: &[(&'static str, String)]| [&base[..], more].concat();
    let shards = with(&[("NIANBAO_SHARDS", "4".to_string()), ("JOB_COMPLETION_INDEX", "4".to_string())]);
    let too_far = shard_sh(&shards, &[]);
    assert_eq!(too_far.status.code(), Some(2));
    assert!(stderr(&too_far).contains("not below the shard count 4"), "{}", stderr(&too_far));
    let no_list = shard_sh(&[("NIANBAO_SHARDS", "1".to_string()), ("NIANBAO_OUT", out.display().to_string())], &["0"]);
    assert_eq!(no_list.status.code(), Some(2));
    assert!(stderr(&no_list).contains("NIANBAO_LIST is not set"), "{}", stderr(&no_list));

    // A document that fails is a row of the summary, not a task to retry.
    let one = with(&[("NIANBAO_SHARDS", "1".to_string())]);
    let failed = shard_sh(&one, &["0", "-q"]);
    assert_eq!(failed.status.code(), Some(0), "{}", stderr(&failed));
    let summary = fs::read_to_string(out.join("part-0/summary.tsv")).expect("summary");
    assert!(summary.lines().nth(1).is_some_and(|row| row.split('\t').nth(1) == Some("failed")), "{summary}");
    let strict = with(&[("NIANBAO_SHARDS", "1".to_string()), ("NIANBAO_FAIL_ON_DOCUMENT", "1".to_string())]);
    assert_eq!(shard_sh(&strict, &["0", "-q"]).status.code(), Some(1));
}

/// The value of `key: value` or `key=value` on the first line that has it, quotes removed.
fn setting<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines().find_map(|line| {
        let rest = line.trim().strip_prefix(key)?;
        Some(rest.trim_start_matches([':', '=', ' ']).trim().trim_matches('"'))
    })
}

/// The value of the env entry `name` in a Kubernetes manifest (`- name: X` then `value: "Y"`).
fn env_value(manifest: &str, name: &str) -> Option<String> {
    let lines: Vec<&str> = manifest.lines().map(str::trim).collect();
    let at = lines.iter().position(|l| *l == format!("- name: {name}"))?;
    setting(lines.get(at + 1)?, "value").map(str::to_string)
}

#[test]
fn manifests_agree_on_the_shard_count() {
    let read = |path: &str| fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let convert = read("deploy/kubernetes/convert-job.yaml");
    let merge = read("deploy/kubernetes/merge-job.yaml");
    assert_eq!(setting(&convert, "completionMode"), Some("Indexed"));
    let completions: usize = setting(&convert, "completions:").expect("completions").parse().expect("a number");
    let parallelism: usize = setting(&convert, "parallelism:").expect("parallelism").parse().expect("a number");
    assert!((1..=completions).contains(&parallelism), "parallelism {parallelism}, completions {completions}");
    let shards = |manifest: &str, what: &str| -> usize {
        env_value(manifest, "NIANBAO_SHARDS")
            .unwrap_or_else(|| panic!("{what} sets NIANBAO_SHARDS"))
            .parse()
            .expect("a number")
    };
    assert_eq!(shards(&convert, "convert-job.yaml"), completions, "convert-job.yaml: completions = NIANBAO_SHARDS");
    assert_eq!(shards(&merge, "merge-job.yaml"), completions, "merge-job.yaml merges every shard");
    assert!(convert.contains("command: [\"shard.sh\"]") && merge.contains("command: [\"merge.sh\"]"));

    let sbatch = read("deploy/slurm/convert.sbatch");
    let array = setting(&sbatch, "#SBATCH --array").expect("#SBATCH --array=");
    let range = array.split('%').next().expect("range");
    let (first, last) = range.split_once('-').unwrap_or_else(|| panic!("--array={array} is a range"));
    let (first, last): (usize, usize) = (first.parse().expect("a number"), last.parse().expect("a number"));
    // NIANBAO_SHARDS is set, so the array ids are the shard indexes themselves, from 0.
    assert_eq!(first, 0, "--array starts at shard 0");
    let default_shards = |script: &str, what: &str| -> usize {
        let line = script.lines().find(|l| l.starts_with("export NIANBAO_SHARDS=")).unwrap_or_else(|| panic!("{what}"));
        line.rsplit(":-").next().expect("default").trim_end_matches('}').parse().expect("a number")
    };
    assert_eq!(default_shards(&sbatch, "convert.sbatch"), last + 1, "convert.sbatch: --array=0-(N-1) for N shards");
    assert_eq!(default_shards(&read("deploy/slurm/merge.sbatch"), "merge.sbatch"), last + 1);
    assert!(sbatch.contains("--dependency=afterok:"), "the submit line is documented");

    let dockerfile = read("deploy/Dockerfile");
    assert!(dockerfile.contains("COPY deploy/shard.sh") && dockerfile.contains("COPY deploy/merge.sh"));
}
