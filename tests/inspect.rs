//! `keikaku inspect`: the terminal view of seed 001 as a golden file, its options
//! (`--initiative`, `--mentions`, `--color`, `NO_COLOR`, standard input), robustness on odd
//! input, and the HTML page checked in a real headless browser (Debian's `chromium`).
//!
//! Bless the golden file after reading the new output against the source:
//! `KEIKAKU_BLESS=1 cargo test --release --test inspect`.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

const GOLDEN_001: &str = "fixtures/inspect/001.txt";
const GOLDEN_HEADER: &str = "\
# Golden file: `keikaku inspect seeds/001_3212f949463da569.txt --color never` (tests/inspect.rs).
# Pins the terminal view: header, outline, items with line numbers and inline mentions, tables,
# objectives → targets → progress. Lines starting with '# ' at the top are this header.
# Bless after reading the new output against the source:
#   KEIKAKU_BLESS=1 cargo test --release --test inspect
";

fn stdout_of(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// The mentions `keikaku extract` finds in a file (the same pipeline writes the JSON).
fn extract_count(path: &str) -> usize {
    let input = std::fs::read(root().join(path)).expect("seed");
    let out = run(&["extract"], &input);
    assert_eq!(out.status.code(), Some(0));
    jsonl(&out.stdout).len()
}

fn terminal_view_of_seed_001_matches_the_golden_file() {
    let actual = stdout_of(&run(&["inspect", SEED_001, "--color", "never"], b""));
    let mut goldens = Goldens::new("inspect");
    goldens.check(GOLDEN_001, GOLDEN_HEADER, &actual);
    goldens.finish();
}

/// Unit header lines: `[N] kind title …` (`[·]` for unnumbered units).
fn unit_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with('[')).collect()
}

fn initiative_selects_one_unit_by_number_or_title() {
    let all = stdout_of(&run(&["inspect", SEED_001, "--color", "never"], b""));
    let second = unit_lines(&all).into_iter().find(|l| l.starts_with("[2] ")).expect("a unit numbered 2").to_string();

    let one = stdout_of(&run(&["inspect", SEED_001, "--color", "never", "--initiative", "2"], b""));
    assert_eq!(unit_lines(&one), vec![second.as_str()], "{one}");
    assert!(one.len() < all.len());

    // The same unit by a piece of its title (the kind word is followed by the title).
    let title: String = second.splitn(3, ' ').nth(2).expect("title").chars().take(6).collect();
    let by_title = stdout_of(&run(&["inspect", SEED_001, "--color", "never", "--initiative", &title], b""));
    assert!(unit_lines(&by_title).contains(&second.as_str()), "'{title}':\n{by_title}");

    for bad in ["0", "999", "no such title ✗"] {
        let out = run(&["inspect", SEED_001, "--initiative", bad], b"");
        assert_eq!(out.status.code(), Some(2), "--initiative {bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("no initiative matches") && err.contains("its number"), "{err}");
    }
}

fn mentions_flag_shows_every_mention_and_no_items() {
    let text = stdout_of(&run(&["inspect", SEED_001, "--color", "never", "--mentions"], b""));
    let mention_line = regex::Regex::new(r"^\s+L\d+\s*:\d+\s+(date|count|percent|money)\s").expect("regex");
    let shown = text.lines().filter(|l| mention_line.is_match(l)).count();
    assert_eq!(shown, extract_count(SEED_001), "{text}");
    // Item text is not shown: a line that is only in an item, not a mention.
    assert!(!text.contains("施設計画"), "{text}");
    // After the header: themes and unit lines, section lines (two spaces), mention lines.
    for l in text.lines().skip_while(|l| !l.is_empty()).filter(|l| !l.trim().is_empty()) {
        let section_line = l.starts_with("  ") && !l.starts_with("   ");
        assert!(
            !l.starts_with(' ') || section_line || mention_line.is_match(l),
            "unexpected line in --mentions output: {l}"
        );
    }
}

fn color_always_colours_and_never_does_not() {
    let colored = stdout_of(&run(&["inspect", SEED_001, "--color", "always"], b""));
    assert!(colored.contains("\x1b["), "--color always prints escapes");
    let plain = stdout_of(&run(&["inspect", SEED_001, "--color", "never"], b""));
    assert!(!plain.contains('\x1b'));
    let strip = regex::Regex::new("\x1b\\[[0-9;]*m").expect("regex");
    assert_eq!(strip.replace_all(&colored, ""), plain, "colour changes nothing but escapes");
}

/// Runs `keikaku args` with stdout on a pseudo-terminal (so `--color auto` sees a terminal)
/// and returns what it printed.
fn run_on_terminal(args: &[&str], no_color: Option<&str>) -> String {
    use std::os::fd::FromRawFd;
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two new descriptors into the given ints; no other pointers.
    let rc =
        unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), std::ptr::null()) };
    assert_eq!(rc, 0, "openpty failed");
    // SAFETY: both descriptors were just opened by openpty and are owned here alone.
    let (master, slave) = unsafe { (std::fs::File::from_raw_fd(master), std::fs::File::from_raw_fd(slave)) };
    let mut cmd = keikaku();
    cmd.args(args).stdin(Stdio::null()).stdout(Stdio::from(slave)).stderr(Stdio::piped());
    cmd.env_remove("NO_COLOR");
    if let Some(v) = no_color {
        cmd.env("NO_COLOR", v);
    }
    let child = cmd.spawn().expect("keikaku runs");
    drop(cmd); // closes our copy of the terminal's slave side
    let reader = std::thread::spawn(move || {
        let mut master = master;
        let mut buf = Vec::new();
        let mut chunk = [0u8; 65536];
        // Reading the master side ends with EIO once the child has closed the terminal.
        while let Ok(n) = master.read(&mut chunk) {
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        buf
    });
    let out = child.wait_with_output().expect("keikaku finishes");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&reader.join().expect("reader")).into_owned()
}

fn color_auto_follows_the_terminal_and_no_color() {
    let args = ["inspect", SEED_001, "--color", "auto", "--initiative", "1"];
    assert!(run_on_terminal(&args, None).contains("\x1b["), "auto on a terminal colours");
    let no_color = run_on_terminal(&args, Some("1"));
    assert!(no_color.contains("[1] "), "output arrived: {no_color}");
    assert!(!no_color.contains('\x1b'), "NO_COLOR=1 with --color auto prints no escapes");
    // An empty NO_COLOR does not count (no-color.org), and --color always overrides it.
    assert!(run_on_terminal(&args, Some("")).contains("\x1b["));
    let always = ["inspect", SEED_001, "--color", "always", "--initiative", "1"];
    assert!(run_on_terminal(&always, Some("1")).contains("\x1b["));
    // Piped output is not a terminal: no colour by default.
    let piped = run(&["inspect", SEED_001, "--initiative", "1"], b"");
    assert!(!String::from_utf8_lossy(&piped.stdout).contains('\x1b'));
}

fn standard_input_is_inspected_like_a_file() {
    let input = std::fs::read(root().join(SEED_001)).expect("seed");
    let from_stdin = stdout_of(&run(&["inspect", "-", "--color", "never"], &input));
    let from_file = stdout_of(&run(&["inspect", SEED_001, "--color", "never"], b""));
    assert!(from_stdin.starts_with("<stdin>\n"), "{from_stdin}");
    assert_eq!(from_stdin.lines().skip(1).collect::<Vec<_>>(), from_file.lines().skip(1).collect::<Vec<_>>());
}

fn odd_input_never_panics() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut garbage: Vec<u8> = (0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 | 1).collect();
    garbage.extend_from_slice(b"\n\xff\xfe\x81\x81R1.8 6\xe7\xa4\xbe\r\r\n");
    let huge_line = format!("■{}（R1.8）6社\n", "長".repeat(300_000));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("blank", b"\n\n \t\n".to_vec()),
        ("garbage", garbage),
        ("huge-line", huge_line.into_bytes()),
        ("crlf-and-cr", "商工労働部\r\n\r【テーマ１】\rR1.8\r".as_bytes().to_vec()),
    ];
    for (name, bytes) in cases {
        let file = dir.path().join(format!("{name}.txt"));
        std::fs::write(&file, &bytes).expect("write input");
        let file = file.to_str().expect("utf-8 path");
        for extra in [&[][..], &["--mentions"][..], &["--color", "always"][..]] {
            let mut args = vec!["inspect", file];
            args.extend_from_slice(extra);
            let out = run(&args, b"");
            assert_eq!(out.status.code(), Some(0), "{name} {extra:?}: {}", String::from_utf8_lossy(&out.stderr));
        }
        let page = dir.path().join(format!("{name}.html"));
        let out = run(&["inspect", file, "--html", page.to_str().expect("utf-8 path")], b"");
        assert_eq!(out.status.code(), Some(0), "{name} --html: {}", String::from_utf8_lossy(&out.stderr));
        let html = std::fs::read_to_string(&page).expect("page");
        assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"), "{name}");
    }
    // Binary input is refused with a message, not a crash.
    let bin = dir.path().join("bin.dat");
    std::fs::write(&bin, b"PK\x03\x04\0\0\0binary").expect("write");
    let out = run(&["inspect", bin.to_str().expect("utf-8 path")], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
}

/// Writes the page of seed 001 into `dir` and returns its path.
fn page_of_seed_001(dir: &Path) -> PathBuf {
    let page = dir.join("001.html");
    let out = run(&["inspect", SEED_001, "--html", page.to_str().expect("utf-8 path")], b"");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "--html prints nothing on stdout");
    page
}

/// `<mark class="m …">` elements: one per mention (continuations are `class="mc …"`).
fn mention_marks(html: &str) -> usize {
    html.matches("<mark class=\"m ").count()
}

fn html_page_is_self_contained_with_one_mark_per_mention() {
    let dir = tempfile::tempdir().expect("temp dir");
    let html = std::fs::read_to_string(page_of_seed_001(dir.path())).expect("page");
    assert_eq!(mention_marks(&html), extract_count(SEED_001));
    for external in ["http:", "https:", "<link", "<img", "<iframe", " src=", "@import", "url(", "@font-face"] {
        assert!(!html.contains(external), "the page must not load anything: found {external}");
    }
    assert_eq!(html.matches("<script").count(), 1, "one inline script");
    // The text as written (full-width characters kept) with line anchors the outline links to.
    assert!(html.contains("・入居者（診療所・高度健診センター）募集（"), "source text as written");
    assert!(html.contains("id=\"L358\""));
    let links: Vec<&str> = html.split("href=\"#L").skip(1).filter_map(|s| s.split('"').next()).collect();
    assert!(!links.is_empty());
    for l in links {
        assert!(html.contains(&format!("id=\"L{l}\"")), "outline link #L{l} has no target");
    }
    assert!(html.contains("@media print") && html.contains("print-color-adjust: exact"));
}

fn every_seed_page_marks_exactly_its_mentions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(root().join("seeds"))
        .expect("seeds/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty());
    for seed in seeds {
        let rel = seed.strip_prefix(root()).expect("under the repository").to_str().expect("utf-8").to_string();
        let page = dir.path().join("page.html");
        let out = run(&["inspect", &rel, "--html", page.to_str().expect("utf-8 path")], b"");
        assert_eq!(out.status.code(), Some(0), "{rel}: {}", String::from_utf8_lossy(&out.stderr));
        let html = std::fs::read_to_string(&page).expect("page");
        assert_eq!(mention_marks(&html), extract_count(&rel), "{rel}: mark.m elements vs extracted mentions");
        assert_eq!(html.matches("<mark").count(), html.matches("</mark>").count(), "{rel}: unbalanced marks");
    }
}

/// Runs headless chromium with `args` (plus a fresh profile) and returns its output; kills
/// it after `limit`.
fn headless(chromium: &Path, profile: &Path, args: &[&str], limit: Duration) -> Output {
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--hide-scrollbars",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(args)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display()));
    // Drain both pipes while waiting, so a chatty browser never blocks.
    let mut so = child.stdout.take().expect("stdout");
    let mut se = child.stderr.take().expect("stderr");
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = so.read_to_end(&mut v);
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = se.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for chromium") {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {limit:?}: {args:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output { status, stdout: t_out.join().expect("stdout"), stderr: t_err.join().expect("stderr") }
}

/// The page of seed 001 in a real browser. Method: one `--dump-dom` run with
/// `--enable-logging=stderr --v=0`, which prints every console message (console.log/error and
/// uncaught exceptions alike) as a `…:CONSOLE…]` line on stderr; the page logs nothing, so any
/// such line fails the test. The page's script sets `data-inspect-ready` to the number of
/// `mark.m` elements as its last step (and `data-js-error` on an error), so the dumped DOM
/// also proves the script ran to the end. A second run takes the screenshot.
fn html_page_in_headless_chromium() {
    let chromium = chromium_path().expect("the harness checked for chromium");
    let dir = tempfile::tempdir().expect("temp dir");
    let page = page_of_seed_001(dir.path());
    let url = format!("file://{}", page.display());
    let expected = extract_count(SEED_001);

    let out = headless(
        &chromium,
        &dir.path().join("profile-dom"),
        &["--enable-logging=stderr", "--v=0", "--virtual-time-budget=2000", "--dump-dom", &url],
        Duration::from_secs(90),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "chromium --dump-dom failed: {stderr}");
    let console: Vec<&str> = stderr.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "the page logged to the console:\n{}", console.join("\n"));
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("<main>"), "no DOM dumped: {}", &dom[..dom.len().min(500)]);
    assert!(!dom.contains("data-js-error="), "script error recorded in the DOM");
    assert!(
        dom.contains(&format!("data-inspect-ready=\"{expected}\"")),
        "the script did not finish or counted a different number of mark.m than the {expected} mentions"
    );
    assert_eq!(mention_marks(&dom), expected, "highlighted mentions in the rendered DOM vs mentions in the JSON");

    // Kept after the test (in the target directory) so a person can look at it.
    let shot = option_env!("CARGO_TARGET_TMPDIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().to_path_buf())
        .join("inspect-001.png");
    let _ = std::fs::remove_file(&shot);
    let out = headless(
        &chromium,
        &dir.path().join("profile-shot"),
        &[&format!("--screenshot={}", shot.display()), "--window-size=1400,2000", &url],
        Duration::from_secs(90),
    );
    assert!(out.status.success(), "chromium --screenshot failed: {}", String::from_utf8_lossy(&out.stderr));
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot at {}: {e}", shot.display()));
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000, "not a real PNG ({} bytes)", png.len());
    eprintln!("screenshot of seed 001: {}", shot.display());
}

/// Draws each distinct kanji or kana of the page's first Japanese outline heading on a canvas
/// in the heading's own font and counts the distinct bitmaps, next to the bitmap of a code
/// point no font has (U+0378). Without a Japanese font every character is the same
/// missing-glyph box, so there is one bitmap and it equals the box; with one, each character
/// has its own. The result lands in `data-glyph-probe` on `<body>`.
const GLYPH_PROBE: &str = r#"<script>
(function () {
  var cjk = /[\u3040-\u30ff\u3400-\u9fff]/;
  var el = Array.prototype.find.call(document.querySelectorAll('.outline a, h1, h2, h3'),
                                     function (e) { return cjk.test(e.textContent); });
  if (!el) { document.body.setAttribute('data-glyph-probe', '{"error":"no Japanese heading"}'); return; }
  var font = getComputedStyle(el).font;
  function bitmap(ch) {
    var c = document.createElement('canvas'); c.width = 64; c.height = 64;
    var g = c.getContext('2d'); g.font = font.replace(/\d+(\.\d+)?px/, '40px'); g.fillStyle = '#000';
    g.textBaseline = 'top'; g.fillText(ch, 4, 4);
    return Array.prototype.join.call(g.getImageData(0, 0, 64, 64).data, '');
  }
  var chars = Array.from(new Set(Array.from(el.textContent).filter(function (c) { return cjk.test(c); }))).slice(0, 8);
  var maps = chars.map(bitmap), box = bitmap('\u0378');
  document.body.setAttribute('data-glyph-probe', JSON.stringify({
    heading: el.textContent.trim().slice(0, 40), font: getComputedStyle(el).fontFamily, chars: chars.length,
    distinct: new Set(maps).size, like_missing_box: maps.filter(function (m) { return m === box; }).length }));
})();
</script>
"#;

/// A Japanese heading of the seed-001 page renders with real glyphs (needs a Japanese font,
/// which `.ci/run` installs: Debian's fonts-noto-cjk), not as missing-glyph boxes.
fn japanese_headings_render_with_glyphs_in_chromium() {
    let chromium = chromium_path().expect("the harness checked for chromium");
    let dir = tempfile::tempdir().expect("temp dir");
    let html = std::fs::read_to_string(page_of_seed_001(dir.path())).expect("page");
    let probed = dir.path().join("probed.html");
    std::fs::write(&probed, html.replace("</body>", &format!("{GLYPH_PROBE}</body>"))).expect("write probed page");
    let url = format!("file://{}", probed.display());
    let out = headless(
        &chromium,
        &dir.path().join("profile"),
        &["--virtual-time-budget=2000", "--dump-dom", &url],
        Duration::from_secs(90),
    );
    assert!(out.status.success(), "chromium --dump-dom failed: {}", String::from_utf8_lossy(&out.stderr));
    let dom = String::from_utf8_lossy(&out.stdout);
    let probe = dom
        .split("data-glyph-probe=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("the probe did not run: {}", &dom[..dom.len().min(300)]))
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let probe: serde_json::Value = serde_json::from_str(&probe).expect("probe JSON");
    eprintln!("glyph probe: {probe}");
    let chars = probe["chars"].as_u64().expect("chars");
    assert!(chars >= 3, "the heading has too few Japanese characters to tell: {probe}");
    assert_eq!(
        probe["like_missing_box"], 0,
        "Japanese characters render as missing-glyph boxes (install fonts-noto-cjk): {probe}"
    );
    assert_eq!(probe["distinct"].as_u64(), Some(chars), "characters share one bitmap, as missing glyphs do: {probe}");
}

/// Every indicator `indicators.jsonl` holds is listed by both views, with its rule, its
/// result (or `none found`) and, where the document states a rate, the computed one beside it.
fn both_views_list_every_indicator_with_rule_and_rates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = root().join("fixtures/indicators/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&cases)
        .expect("fixtures/indicators/cases")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut with_rates = 0;
    for file in &files {
        let path = file.to_str().expect("utf-8 path");
        let rows: Vec<serde_json::Value> = jsonl(&run(&["convert", "--stdout", path], b"").stdout)
            .into_iter()
            .filter(|r| r["type"] == "indicator")
            .collect();
        let view = stdout_of(&run(&["inspect", path, "--color", "never"], b""));
        let page = dir.path().join("case.html");
        stdout_of(&run(&["inspect", path, "--html", page.to_str().expect("utf-8")], b""));
        let html = std::fs::read_to_string(&page).expect("page");
        if rows.is_empty() {
            assert!(!view.contains("\nindicators ("), "{path}: no indicator, no list");
            continue;
        }
        assert!(view.contains(&format!("\nindicators ({})\n", rows.len())), "{path}: {} indicators", rows.len());
        assert!(html.contains(&format!("<h2>Indicators ({})</h2>", rows.len())), "{path}: HTML list");
        let headers: Vec<&str> = view.lines().filter(|l| l.starts_with("  #") && l.contains(" · ")).collect();
        for (k, row) in rows.iter().enumerate() {
            let rule = row["rule"].as_str().expect("rule");
            let header = headers
                .iter()
                .find(|h| h.starts_with(&format!("  #{k} L")))
                .unwrap_or_else(|| panic!("{path}: indicator #{k} not listed"));
            assert!(header.contains(&format!(" · {rule} · ")), "{path}: #{k} shows its rule {rule}: {header}");
            assert!(header.contains(row["status"].as_str().expect("status")), "{path}: #{k} status");
            if let Some(computed) = row["computed_rate"].as_f64() {
                with_rates += 1;
                let agrees = if row["rate_agrees"] == true { "agrees" } else { "DISAGREES" };
                let shown =
                    format!("computed {computed:.1}% ({}): {agrees}", row["rate_formula"].as_str().expect("formula"));
                assert!(view.contains(&shown), "{path}: #{k} shows {shown}");
                assert!(html.contains(&shown), "{path}: #{k} HTML shows {shown}");
            }
        }
    }
    assert!(with_rates >= 10, "the cases state rates ({with_rates} checked)");
}

fn main() -> std::process::ExitCode {
    harness::main(vec![
        harness::test(
            "terminal_view_of_seed_001_matches_the_golden_file",
            terminal_view_of_seed_001_matches_the_golden_file,
        ),
        harness::test("initiative_selects_one_unit_by_number_or_title", initiative_selects_one_unit_by_number_or_title),
        harness::test("mentions_flag_shows_every_mention_and_no_items", mentions_flag_shows_every_mention_and_no_items),
        harness::test("color_always_colours_and_never_does_not", color_always_colours_and_never_does_not),
        harness::test("color_auto_follows_the_terminal_and_no_color", color_auto_follows_the_terminal_and_no_color),
        harness::test("standard_input_is_inspected_like_a_file", standard_input_is_inspected_like_a_file),
        harness::test("odd_input_never_panics", odd_input_never_panics),
        harness::test(
            "html_page_is_self_contained_with_one_mark_per_mention",
            html_page_is_self_contained_with_one_mark_per_mention,
        ),
        harness::test("every_seed_page_marks_exactly_its_mentions", every_seed_page_marks_exactly_its_mentions),
        harness::test(
            "both_views_list_every_indicator_with_rule_and_rates",
            both_views_list_every_indicator_with_rule_and_rates,
        ),
        harness::needs("html_page_in_headless_chromium", &[&harness::CHROMIUM], html_page_in_headless_chromium),
        harness::needs(
            "japanese_headings_render_with_glyphs_in_chromium",
            &[&harness::CHROMIUM],
            japanese_headings_render_with_glyphs_in_chromium,
        ),
    ])
}
