//! Facts about how the five seed documents segment: kinds, no line lost or doubled, the plan
//! columns holding exactly their own text, nested tables, objective pairing, minutes
//! questions and answers, business-plan projects and action-plan themes and agreements.

mod common;

use common::*;
use keikaku::segment::{coverage_violations, Document, DocumentKind, ItemKind, Section, Unit, UnitKind};

/// (normalized text, document) of the seed whose name starts with `prefix`.
fn seed_doc(prefix: &str) -> (String, Document) {
    let p = process_file(&seed(prefix));
    (p.text.norm().to_string(), p.document)
}

fn section<'a>(u: &'a Unit, name: &str) -> &'a Section {
    u.sections.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("{}: no section {name}", u.title))
}

fn initiatives(doc: &Document) -> Vec<&Unit> {
    doc.units.iter().filter(|u| u.kind == UnitKind::Initiative).collect()
}

fn first_line<'a>(norm: &'a str, s: &Section) -> &'a str {
    s.lines.first().map_or("", |r| norm[r.clone()].trim())
}

fn last_line<'a>(norm: &'a str, s: &Section) -> &'a str {
    s.lines.last().map_or("", |r| norm[r.clone()].trim())
}

#[test]
fn every_seed_keeps_every_line_exactly_once() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let (norm, doc) = seed_doc(prefix);
        let v = coverage_violations(&norm, &doc);
        assert!(v.is_empty(), "seed {prefix}: {} violations, first: {:?}", v.len(), &v[..v.len().min(5)]);
    }
}

#[test]
fn kinds_are_decided_from_content() {
    let want = [
        ("000", DocumentKind::Plan),
        ("001", DocumentKind::Plan),
        ("002", DocumentKind::Minutes),
        ("003", DocumentKind::BusinessPlan),
        ("004", DocumentKind::ActionPlan),
    ];
    for (prefix, kind) in want {
        assert_eq!(seed_doc(prefix).1.kind, kind, "seed {prefix}");
    }
}

#[test]
fn seed_001_initiatives_and_columns() {
    let (norm, doc) = seed_doc("001");
    assert_eq!(doc.department.as_deref(), Some("商工労働部"));
    let inits = initiatives(&doc);
    let titles: Vec<&str> = inits.iter().map(|u| u.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "未来医療国際拠点",
            "北大阪健康医療都市",
            "彩都を中心とするライフサイエンスの拠点性の向上",
            "健康・医療関連産業への参入促進"
        ]
    );
    for u in &inits {
        let names: Vec<&str> = u.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["plan", "target", "progress"], "{}", u.title);
        assert!(u.theme.as_deref().is_some_and(|t| t.starts_with("【テーマ3】")), "{}", u.title);
        // Columns follow one another: no line of one column inside another.
        let (p, t, g) = (section(u, "plan"), section(u, "target"), section(u, "progress"));
        assert!(p.lines.last().unwrap().end < t.lines.first().unwrap().start, "{}: plan runs into target", u.title);
        assert!(t.lines.last().unwrap().end < g.lines.first().unwrap().start, "{}: target runs into progress", u.title);
        assert!(first_line(&norm, p).starts_with('■'), "{}: plan starts with its ■", u.title);
        assert!(first_line(&norm, t).starts_with("◇成果指標"), "{}: target starts with ◇", u.title);
        let h = g.heading_span.clone().expect("progress heading span");
        assert_eq!(&norm[h], "<進捗状況(R2.3月末時点)>");
    }
    // First and last lines of each column of the first initiative.
    let u = inits[0];
    assert_eq!(last_line(&norm, section(u, "plan")), "○三者による基本合意");
    assert_eq!(last_line(&norm, section(u, "target")), "・三者による基本合意書を締結 (R1.10月頃)");
    assert_eq!(first_line(&norm, section(u, "progress")), "○基本合意に必要な重要事項の協議");
    assert_eq!(last_line(&norm, section(u, "progress")), "○大阪市において開発事業者を決定(R2.1)");
    // The last initiative's columns and its two 商談数 tables, each inside its own column.
    let u = inits[3];
    assert_eq!(last_line(&norm, section(u, "plan")), "・メディカルジャパンで参入促進セミナーの開催等");
    assert_eq!(
        last_line(&norm, section(u, "target")),
        "・グローバル化やニーズの変化に的確に対応していくため、大阪バイオ・ヘッドクオーターの機能を充実させていく。"
    );
    assert_eq!(last_line(&norm, section(u, "progress")), "(R2.2)");
    for (col, third_row) in
        [("target", vec!["28", "288件", "4件", "3件"]), ("progress", vec!["28", "288件", "1件", "3件"])]
    {
        let s = section(u, col);
        assert_eq!(s.tables.len(), 1, "{col}: one nested table");
        let t = &s.tables[0];
        let cells = |r: usize| t.rows[r].iter().map(|c| c.text.as_str()).collect::<Vec<_>>();
        assert_eq!(cells(0), ["開催年度", "商談数", "商談継続中", "共同研究/ライセンス契約成立"], "{col}");
        assert_eq!(cells(1), third_row, "{col}");
        assert_eq!(t.rows.len(), 4, "{col}");
        // The table's lines belong to this column and are not items.
        assert!(
            s.lines.iter().any(|r| r.start <= t.norm_span.start && t.norm_span.start <= r.end),
            "{col}: table lines are the column's"
        );
        assert!(!s.items.iter().any(|i| i.text.contains("288件")), "{col}: table cells are not loose items");
    }
    // A line after the nested table that is not tab-led continues the target column.
    assert!(section(u, "target").items.iter().any(|i| i.text.starts_with("米国進出のカウンターパート")));
    // … and the line after the progress table continues the progress column.
    assert!(section(u, "progress").items.iter().any(|i| i.text.starts_with("初となる米国企業とのビジネスマッチング")));
}

#[test]
fn seed_000_initiatives_objectives_and_pairing() {
    let (norm, doc) = seed_doc("000");
    let inits = initiatives(&doc);
    let titles: Vec<&str> = inits.iter().map(|u| u.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "ライフサイエンス産業の成長促進",
            "産業化戦略センターにおける新たなビジネスの創出・成長支援とバッテリー関連産業の成長促進",
            "国際ビジネスの促進と国内外の企業誘致・立地促進"
        ]
    );
    let u = inits[0];
    assert_eq!(section(u, "progress").heading.as_deref(), Some("<進捗状況(H31.3月末時点)>"));
    assert_eq!(first_line(&norm, section(u, "target")), "◇成果指標(アウトカム)");
    assert_eq!(last_line(&norm, section(u, "target")), "・PMDA関西支部のさらなる機能拡充につなげるべく、大阪・関西のニーズとポテンシャルを国に示すため、利用促進に取り組む。");
    assert_eq!(last_line(&norm, section(u, "progress")), "10、12)");
    // Four ■, four ◇ blocks, paired in order.
    assert_eq!(u.objectives.len(), 4);
    let target = section(u, "target");
    for (o, obj) in u.objectives.iter().enumerate() {
        let first = obj.targets.first().map(|&i| target.items[i].kind);
        assert_eq!(first, Some(ItemKind::Indicator), "objective {o} starts with its ◇");
        assert_eq!(obj.targets.iter().filter(|&&i| target.items[i].kind == ItemKind::Indicator).count(), 1);
    }
    assert!(target.items[u.objectives[2].targets[2]].text.contains("有望シーズ:5件"));
    // Progress ○ items about 健都 / 健栄研 (the 吹田市 facility and the 協議会) go with the 健都 objective.
    let progress = section(u, "progress");
    assert!(u.objectives[1].text.contains("健都"));
    for (i, it) in progress.items.iter().enumerate() {
        if it.level == 0 && it.kind == ItemKind::Action && (it.text.contains("健都") || it.text.contains("健栄研"))
        {
            assert!(
                u.objectives[1].progress.contains(&i),
                "progress item {i} ({}) not with the 健都 objective",
                it.text
            );
        }
    }
    // The HBNet progress goes with the matching objective, the PMDA one with the PMDA objective.
    let find = |s: &str| progress.items.iter().position(|i| i.text.contains(s)).expect(s);
    assert!(u.objectives[2].progress.contains(&find("HBNet")));
    assert!(u.objectives[3].progress.contains(&find("利用実績105件")));
    // Every progress item is reported on exactly one objective.
    let mut all: Vec<usize> = u.objectives.iter().flat_map(|o| o.progress.iter().copied()).collect();
    all.sort_unstable();
    assert_eq!(all, (0..progress.items.len()).collect::<Vec<_>>());
    // Three ■ but two ◇ in the third initiative: pairing by position, every block used.
    let u = inits[2];
    assert_eq!(u.objectives.len(), 3);
    assert!(u.objectives.iter().all(|o| !o.targets.is_empty()));
    assert_eq!(u.objectives[0].targets[0], 0);
    // Footnote marks are kept in the text and recorded.
    let plan = section(inits[0], "plan");
    assert_eq!(plan.items[0].footnotes, vec![1, 2]);
    assert!(plan.items[0].text.contains("(*1)"));
}

#[test]
fn seed_002_minutes() {
    let (_, doc) = seed_doc("002");
    let orgs: Vec<Vec<&str>> = doc.units[..4]
        .iter()
        .map(|u| u.fields.iter().filter(|(k, _)| k == "organisation").map(|(_, v)| v.as_str()).collect())
        .collect();
    assert_eq!(
        orgs,
        vec![
            vec!["大阪産業局", "大阪産業技術研究所", "大阪商工会議所"],
            vec!["大阪産業局"],
            vec!["大阪産業技術研究所"],
            vec!["大阪商工会議所"]
        ]
    );
    let items = doc.units.iter().flat_map(|u| &u.sections).flat_map(|s| &s.items);
    let (q, a) = items.fold((0, 0), |(q, a), i| {
        (q + usize::from(i.kind == ItemKind::Question), a + usize::from(i.kind == ItemKind::Answer))
    });
    assert_eq!((q, a), (11, 11));
    for u in &doc.units {
        if let Some(d) = u.sections.iter().find(|s| s.name == "discussion") {
            for (k, it) in d.items.iter().enumerate() {
                if it.kind == ItemKind::Answer {
                    let p = it.parent.expect("an answer has its question");
                    assert_eq!(d.items[p].kind, ItemKind::Question, "{}: answer {k}", u.title);
                }
            }
        }
    }
    assert!(doc.units.iter().any(|u| u.title.starts_with("ご議論いただきたい主な論点")));
}

#[test]
fn seed_003_business_plan() {
    let (_, doc) = seed_doc("003");
    assert_eq!(doc.department.as_deref(), Some("関西広域連合 広域産業振興局"));
    let projects: Vec<&Unit> = doc.units.iter().filter(|u| u.kind == UnitKind::Project).collect();
    assert_eq!(projects.len(), 8);
    let p = projects[0];
    assert_eq!(p.title, "関西スタートアップ・エコシステム情報発信事業");
    let f = |k: &str| p.fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(f("予算額"), Some("14,043千円"));
    assert_eq!(f("事業開始年度"), Some("令和3年度(4年目)"));
    assert_eq!(f("分野"), Some("スタートアップ"));
    let names: Vec<&str> = p.sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["header", "事業目的", "事業概要", "事業のねらい・取組のポイント", "成果目標"]);
    assert_eq!(section(p, "事業概要").items.len(), 7);
    // The budget table keeps its header and unit.
    let budget = doc.units.iter().find(|u| u.title == "令和6年度 事業一覧【予算事業】").expect("budget unit");
    let t = &budget.sections[0].tables[0];
    assert_eq!(t.header_rows, 1);
    assert_eq!(t.rows[0][4].text, "予算額 (千円)");
    assert_eq!(t.column_units[4].as_deref(), Some("千円"));
    assert_eq!(t.rows.len(), 16);
    assert_eq!(t.rows[15][4].text, "60,357");
    // The last project's 事業のねらい holds its two schedule tables.
    assert_eq!(section(projects[7], "事業のねらい・取組のポイント").tables.len(), 2);
}

#[test]
fn seed_004_action_plan() {
    let (norm, doc) = seed_doc("004");
    let themes: Vec<&Unit> = doc.units.iter().filter(|u| u.kind == UnitKind::Theme).collect();
    let titles: Vec<&str> = themes.iter().map(|u| u.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "ライフサイエンス",
            "カーボンニュートラル",
            "空飛ぶクルマ・MaaS (Mobility as a Service)",
            "スタートアップ",
            "中小企業の成長",
            "多様な人材の活躍"
        ]
    );
    for u in &themes {
        let a = section(u, "actions");
        assert_eq!(a.tables.len(), 1);
        let t = &a.tables[0];
        assert_eq!(t.rows.len(), 4, "{}", u.title);
        let heads: Vec<&str> = t.rows.iter().map(|r| r[0].text.as_str()).collect();
        assert_eq!(heads, ["年度", "テーマ", "関西広域連合", "構成府県市 (主な取組)"], "{}", u.title);
        assert!(
            a.items.iter().filter(|i| i.table_cell.is_some()).count() >= 10,
            "{}: list entries become items",
            u.title
        );
        assert!(a.items.iter().all(|i| !i.text.contains("<ul") && !i.text.contains("**")), "{}", u.title);
        let m = section(u, "movements");
        assert!(m.heading.as_deref().is_some_and(|h| h.contains("関西の動き")), "{}", u.title);
        assert!(m.items.iter().all(|i| !i.text.starts_with("- ") && !i.text.contains("**")), "{}", u.title);
    }
    // Nested ▶ entries sit under their entry.
    let ls = section(themes[0], "actions");
    let arrow = ls.items.iter().find(|i| i.text.starts_with("大阪ヘルスケアパビリオン")).expect("▶ entry");
    assert_eq!((arrow.level, arrow.marker.as_deref()), (1, Some("▶")));
    assert_eq!(ls.items[arrow.parent.expect("parent")].text, "万博会場内外での取組");
    assert_eq!(
        &norm[arrow.norm_span.clone()],
        "▶大阪ヘルスケアパビリオンでの再生医療等に係る最先端技術の披露及び大阪・関西のポテンシャルの発信"
    );
    // A Latin phrase inside an entry stays whole.
    let ch = section(themes[4], "actions");
    assert!(ch.items.iter().any(|i| i.text == "Beyond 5G 関連素材開発等の支援体制強化に向けた公設試の機能拡充"));
    // Agreements.
    let agreements: Vec<&Unit> =
        doc.units.iter().filter(|u| u.fields.iter().any(|(k, v)| k == "type" && v == "agreement")).collect();
    assert_eq!(agreements.len(), 12);
    let a = agreements[0];
    assert_eq!(a.title, "兵庫県立大学と日本ゼオン株式会社との連携協力協定");
    assert_eq!(a.theme.as_deref(), Some("ライフサイエンス"));
    assert!(a.fields.contains(&("締結時期".to_string(), "2023年12月21日".to_string())));
    assert_eq!(section(a, "cooperation").items.len(), 3);
    let wakayama =
        agreements.iter().find(|u| u.fields.contains(&("府県".to_string(), "和歌山県".to_string()))).expect("和歌山県");
    assert!(
        section(wakayama, "header").text(&norm).contains("(和歌山県HP)"),
        "the caption before 【和歌山県】 is its own"
    );
}
