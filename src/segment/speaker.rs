//! Speaker turns of minutes: who speaks, in which role, and where the speech starts.
//!
//! The shapes councils and committees write (after normalization: `（` is `(`, `：` is `:`,
//! `〇` at a line start is `○`):
//!
//! - `○議長(山田太郎君) 本日の会議を開きます。`, `○5番(大森敏行君) …`, `○田中委員 …`,
//!   `◯委員長 …`: a mark, a speaker, a name in brackets or not, then the speech;
//! - `委員長: …`, `事務局:…`, `A委員: …`, `佐藤委員: …`: a speaker and a colon;
//! - `委員長 ただいまから…開会します。`: a speaker and a space before a sentence (the mark lost);
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

pub use crate::text::lexicon::{role_of, SpeakerRole};
pub use crate::text::markers::{speaker_turn as turn, Turn};

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
        // The mark lost in an export: a speaker and a space before a sentence.
        assert_eq!(
            speaker("委員長 ただいまから会議を開きます。"),
            Some(("委員長".into(), SpeakerRole::Chair, "ただいまから会議を開きます。".into()))
        );
        assert_eq!(speaker("山田委員 予算の内訳を伺います。").map(|s| s.1), Some(SpeakerRole::Member));
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
            "会長 佐々木 明子 大学教授",
            "委員 8名",
        ] {
            assert_eq!(speaker(t), None, "{t}");
        }
    }
}
