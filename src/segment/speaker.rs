//! Speaker turns of minutes: who speaks, in which role, and where the speech starts.
//!
//! The shapes councils and committees write (after normalization: `（` is `(`, `：` is `:`,
//! `〇` at a line start is `○`):
//!
//! - `○議長(山田太郎君) 本日の会議を開きます。`, `○5番(大森敏行君) …`, `○田中委員 …`,
//!   `◯委員長 …`: a mark, a speaker, a name in brackets or not, then the speech;
//! - `委員長: …`, `事務局:…`, `A委員: …`, `佐藤委員: …`: a speaker and a colon;
//! - `【委員】…`, `(事務局)…`: a role in brackets;
//! - `Q …` / `A …` (`Q.`, `Q:`): a question and its answer.
//!
//! A speaker is told from a plain sentence by a role word in the label (議長, 委員, 事務局, 部長,
//! 市長 …, or a name with 君 or 氏).
//!
//! # Roles
//!
//! - chair: 議長, 委員長, 会長, 座長, 部会長, 分科会長 (and their 副 and 代理);
//! - member: 委員, 議員, 構成員, a seat number (`5番`), a Q from the floor is *other*;
//! - secretariat: 事務局 (and its officers), 書記, the A of a Q&A;
//! - other: executive officials answering (市長, 部長, 課長 …), guests, anyone else.

use serde::Serialize;

/// The part a speaker plays in a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerRole {
    Chair,
    Member,
    Secretariat,
    Other,
}

impl SpeakerRole {
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerRole::Chair => "chair",
            SpeakerRole::Member => "member",
            SpeakerRole::Secretariat => "secretariat",
            SpeakerRole::Other => "other",
        }
    }
}

/// A speaker turn read from a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    /// The speaker as written, without the turn's mark (`議長(山田太郎君)`, `田中委員`).
    pub speaker: String,
    pub role: SpeakerRole,
    /// Byte offset in the trimmed line where the speech starts (after the speaker).
    pub speech_start: usize,
    /// Byte offset in the trimmed line where the speaker starts (after a `○`).
    pub speaker_start: usize,
}

const CHAIRS: &[&str] = &["議長", "委員長", "会長", "座長", "部会長", "分科会長", "議長代理", "委員長代理", "会長代理"];
const SECRETARIAT: &[&str] = &["事務局", "書記", "庶務"];
const MEMBERS: &[&str] = &["委員", "議員", "構成員", "理事"];
const OFFICIALS: &[&str] = &[
    "市長",
    "町長",
    "村長",
    "区長",
    "知事",
    "副市長",
    "副知事",
    "教育長",
    "部長",
    "局長",
    "課長",
    "室長",
    "所長",
    "係長",
    "参事",
    "主幹",
    "次長",
    "理事者",
    "説明員",
    "参考人",
    "管理者",
    "監査委員",
    "センター長",
    "館長",
    "担当",
    "大臣",
    "政府参考人",
];

/// The role a speaker label names (`議長(山田太郎君)`, `総務部長`, `田中委員`, `5番`), or
/// `None` when it names no speaker.
pub fn role_of(label: &str) -> Option<SpeakerRole> {
    // The part before a name in brackets: `議長(山田太郎君)` → `議長`.
    let head = label.split('(').next().unwrap_or(label).trim();
    // An attendance block's label (`出席委員`, `理事者側出席者`, `欠席議員`) names no speaker.
    if ATTENDANCE.iter().any(|a| head.contains(a)) {
        return None;
    }
    // A vice chair speaks from the floor as a member; an acting chair (`委員長代理`) presides.
    if let Some(vice) = head.strip_prefix('副').or_else(|| head.find("副").map(|i| &head[i + '副'.len_utf8()..])) {
        if CHAIRS.contains(&vice) {
            return Some(SpeakerRole::Member);
        }
    }
    if CHAIRS.iter().any(|c| head == *c || head.ends_with(c) && !head.ends_with("監査委員長")) {
        return Some(SpeakerRole::Chair);
    }
    if SECRETARIAT.iter().any(|s| head.starts_with(s) || head.ends_with(s))
        || COUNCIL_OFFICES.iter().any(|o| head.contains(o))
    {
        return Some(SpeakerRole::Secretariat);
    }
    if OFFICIALS.iter().any(|o| head.ends_with(o)) {
        return Some(SpeakerRole::Other);
    }
    if MEMBERS.iter().any(|m| head.ends_with(m)) {
        return Some(SpeakerRole::Member);
    }
    // A seat number: `5番`.
    let digits = head.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && &head[digits..] == "番" {
        return Some(SpeakerRole::Member);
    }
    // A committee record names its members by surname and 君 (`石川君`); officials go by title.
    if head.ends_with('君') && head.chars().count() <= 8 && !head.contains(' ') {
        return Some(SpeakerRole::Member);
    }
    // A name with an honorific in brackets or after it: `(山田太郎君)`, `田中氏`.
    if label.contains('(') && (label.contains("君)") || label.contains("氏)") || label.contains("さん)")) {
        return Some(SpeakerRole::Other);
    }
    None
}

/// Words of attendance labels, which look like speakers (`〇出席委員`) but head a roster.
const ATTENDANCE: &[&str] = &["出席", "欠席", "出欠", "傍聴"];

/// The council's own offices, whose officers answer as its secretariat (`議事課長`,
/// `議会事務局次長`).
const COUNCIL_OFFICES: &[&str] = &["議会事務局", "議事課", "議事調査課", "議会総務課", "議事係", "議事担当"];

/// The speaker turn `t` (a trimmed line) opens, if it opens one.
pub fn turn(t: &str) -> Option<Turn> {
    let first = t.chars().next()?;
    // ○label(name) speech / ○label speech
    if matches!(first, '○' | '〇' | '◯' | '◎' | '◆' | '◇') {
        let body = &t[first.len_utf8()..];
        let lead = body.len() - body.trim_start().len();
        let body = &body[lead..];
        let speaker_start = first.len_utf8() + lead;
        let label_len = match body.find('(') {
            // `議長(山田太郎君)`: the label runs to the closing bracket.
            Some(open) if open <= 24 && !body[..open].contains(' ') => body[open..].find(')').map(|c| open + c + 1)?,
            _ => body.find([' ', ':']).unwrap_or(body.len()),
        };
        let label = &body[..label_len];
        if label.is_empty() || label.chars().count() > 30 {
            return None;
        }
        let role = role_of(label)?;
        let rest = &body[label_len..];
        let rest_trim = rest.trim_start_matches([' ', ':']);
        return Some(Turn {
            speaker: label.to_string(),
            role,
            speech_start: speaker_start + label_len + (rest.len() - rest_trim.len()),
            speaker_start,
        });
    }
    // 【委員】speech / (事務局)speech
    if matches!(first, '【' | '(') {
        let close = if first == '【' { '】' } else { ')' };
        let end = t.find(close)?;
        let label = &t[first.len_utf8()..end];
        if label.is_empty() || label.chars().count() > 12 {
            return None;
        }
        let role = role_of(label)?;
        let after = end + close.len_utf8();
        let rest = &t[after..];
        // A role alone on its line (`【委員】`) opens a turn whose speech is on the lines below.
        let speech = after + (rest.len() - rest.trim_start_matches([' ', ':']).len());
        return Some(Turn { speaker: label.to_string(), role, speech_start: speech, speaker_start: first.len_utf8() });
    }
    // Q … / A …
    if matches!(first, 'Q' | 'A') {
        let rest = &t[1..];
        let sep = rest.len() - rest.trim_start_matches([' ', '.', ':']).len();
        if sep > 0 && rest[sep..].starts_with(|c: char| !c.is_ascii()) {
            let role = if first == 'Q' { SpeakerRole::Other } else { SpeakerRole::Secretariat };
            return Some(Turn { speaker: first.to_string(), role, speech_start: 1 + sep, speaker_start: 0 });
        }
    }
    // label: speech
    let colon = t.find(':')?;
    let label = t[..colon].trim();
    if label.is_empty() || label.chars().count() > 16 || label.contains(' ') && !label.contains('(') {
        return None;
    }
    let role = role_of(label)?;
    let rest = &t[colon + 1..];
    if rest.trim().is_empty() {
        return None;
    }
    Some(Turn { speaker: label.to_string(), role, speech_start: t.len() - rest.trim_start().len(), speaker_start: 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speaker(t: &str) -> Option<(String, SpeakerRole, String)> {
        turn(t).map(|x| (x.speaker.clone(), x.role, t[x.speech_start..].to_string()))
    }

    #[test]
    fn turn_shapes() {
        assert_eq!(
            speaker("○議長(山田太郎君) おはようございます。"),
            Some(("議長(山田太郎君)".into(), SpeakerRole::Chair, "おはようございます。".into()))
        );
        assert_eq!(speaker("○5番(大森敏行君) 伺います。").map(|s| s.1), Some(SpeakerRole::Member));
        assert_eq!(speaker("○総務部長(大西勉君) お答えします。").map(|s| s.1), Some(SpeakerRole::Other));
        assert_eq!(
            speaker("○田中委員 質問します。").map(|s| (s.0, s.1)),
            Some(("田中委員".into(), SpeakerRole::Member))
        );
        assert_eq!(speaker("委員長: 始めます。").map(|s| s.1), Some(SpeakerRole::Chair));
        assert_eq!(speaker("事務局:説明します。").map(|s| s.1), Some(SpeakerRole::Secretariat));
        assert_eq!(speaker("A委員: 意見です。").map(|s| s.1), Some(SpeakerRole::Member));
        assert_eq!(speaker("【委員】 確認したい。").map(|s| s.1), Some(SpeakerRole::Member));
        assert_eq!(speaker("(事務局)お答えします。").map(|s| s.1), Some(SpeakerRole::Secretariat));
        assert_eq!(speaker("Q 工事はいつ始まるか。").map(|s| s.1), Some(SpeakerRole::Other));
        assert_eq!(speaker("A 来年度です。").map(|s| s.1), Some(SpeakerRole::Secretariat));
        assert_eq!(speaker("○副委員長 同意します。").map(|s| s.1), Some(SpeakerRole::Member));
        assert_eq!(speaker("○委員長代理 再開します。").map(|s| s.1), Some(SpeakerRole::Chair));
        assert_eq!(speaker("◆坂井委員 賛成します。").map(|s| s.1), Some(SpeakerRole::Member));
        assert_eq!(speaker("◎柏木議事課長 お答えします。").map(|s| s.1), Some(SpeakerRole::Secretariat));
        assert_eq!(speaker("石川君:伺います。").map(|s| s.1), Some(SpeakerRole::Member));
        assert_eq!(speaker("【委員】").map(|s| (s.1, s.2)), Some((SpeakerRole::Member, String::new())));
    }

    #[test]
    fn plain_lines_are_no_turns() {
        for t in [
            "○県政の円滑適正な執行に努める。",
            "日時:令和6年6月12日",
            "〇出席委員",
            "○理事者側出席者",
            "(1)概要",
            "AI活用の推進",
            "対象:市内の高齢者",
        ] {
            assert_eq!(speaker(t), None, "{t}");
        }
    }
}
