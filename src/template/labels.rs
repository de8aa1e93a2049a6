//! Label normalization and fuzzy matching, shared by section and table recognition.
//!
//! Real reports print the template's labels with full- or half-width punctuation, spaces
//! inside, traditional characters and the odd missing character; everything here maps such
//! variants onto one comparable form.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Traditional characters seen in reports, paired with their simplified forms.
const TRADITIONAL_PAIRS: &str = "開开 務务 關关 請请 門门 發发 規规 內内 況况 體体 進进 結结 國国 復复 報报 總总 動动 數数 \
對对 實实 區区 屬属 問问 題题 單单 轉转 費费 設设 現现 無无 為为 檢检 斷断 廳厅 層层 專专 黨党 類类 鄉乡 鎮镇 議议 訴诉 \
識识 認认 訪访 訟讼 號号 臺台 編编 確确 監监 當当 準准 嚴严 處处 辦办 與与 個个 來来 們们 時时 從从 還还 這这 種种 樣样 \
將将 產产 學学 應应 長长 會会 過过 頭头 點点 業业 經经 濟济 條条 間间 見见 覽览 計计 記记 許许 論论 證证 讀读 質质 車车 \
輸输 農农 邊边 達达 選选 郵邮 錄录 陽阳 隊队 際际 難难 電电 項项 順顺 領领 館馆 歸归 歷历 決决 減减 滿满 獲获 環环 畫画 \
盡尽 礎础 禮礼 穩稳 積积 範范 簡简 紀纪 約约 級级 紙纸 細细 終终 組组 絕绝 統统 維维 網网 緊紧 線线 練练 縣县 繼继 續续 \
義义 習习 聞闻 聯联 聲声 職职 聽听 舉举 舊旧 萬万 術术 衛卫 補补 裝装 裡里 製制 複复 視视 親亲 觀观 訂订 訊讯 討讨 試试 \
詢询 該该 詳详 誤误 說说 調调 談谈 謀谋 護护 讓让 變变 負负 財财 責责 貨货 貫贯 貴贵 買买 資资 購购 較较 載载 輔辅 輕轻 \
辭辞 遞递 遠远 適适 遷迁 遺遗 釋释 銀银 錢钱 錯错 鍵键 閉闭 閱阅 陸陆 陳陈 階阶 隨随 險险 隱隐 雙双 雜杂 雲云 靈灵 靜静 \
響响 頁页 須须 預预 額额 顯显 風风 飛飞 養养 驗验 黃黄 齊齐 氣气 強强 執执 導导 審审 寫写 尋寻 團团 圖图 場场 壓压 夠够 \
權权 標标 機机 構构 歲岁 殘残 沒没 滯滞 潔洁 灣湾 營营 爭争 獨独 畢毕 異异 療疗 盤盘 眾众 礙碍 祕秘 稅税 競竞 筆笔 籌筹 \
簽签 糾纠 紅红 納纳 紛纷 給给 絡络 絲丝 綜综 綠绿 緒绪 緣缘 縮缩 績绩 繳缴 罰罚 羅罗 肅肃 脫脱 腦脑 興兴 莊庄 華华 葉叶 \
蘇苏 衝冲 覺觉 訓训 託托 診诊 詞词 誠诚 誌志 語语 課课 諮咨 謝谢 譯译 豐丰 貝贝 貢贡 貧贫 貸贷 賠赔 賣卖 賦赋 賴赖 贈赠 \
趕赶 跡迹 蹤踪 軍军 軟软 輪轮 轄辖 遲迟 鄰邻 醫医 針针 鋪铺 鏈链 鐘钟 鐵铁 閒闲 閣阁 闡阐 陣阵 隸隶 雖虽 離离 韓韩 頒颁 \
頓顿 頻频 顧顾 飯饭 飾饰 餘余 馬马 駐驻 驅驱 麗丽 齡龄 於于 後后 裏里 徵征 並并 佈布 儘尽 劃划 彙汇 週周 衹只 隻只 億亿 \
協协 廢废 傳传 價价 優优 儲储 兒儿 兩两 創创 劇剧 勞劳 勢势 參参 厲厉 員员 啟启 園园 圍围 壞坏 奮奋 婦妇 孫孙 寧宁 寶宝 \
屆届 幣币 幫帮 廣广 廠厂 彈弹 徑径 態态 憑凭 憲宪 戰战 戶户 擁拥 擇择 據据 擔担 擴扩 擬拟 攜携 敗败 書书 棄弃 極极 榮荣 \
樂乐 歡欢 檔档 災灾 爾尔 狀状 獎奖 盜盗 碼码 稱称 節节 糧粮 純纯 綱纲 織织 繪绘 艱艰 藝艺 薦荐 藥药 註注 評评 諾诺 講讲 \
謹谨 譜谱 賬账 贊赞 躍跃 輛辆 輯辑 邏逻 鑒鉴 陰阴 顏颜 騰腾 鬆松 龍龙 劃划 錶表 叢丛 籤签 紮扎 託托 瞭了 鑑鉴 纍累 麵面";

fn traditional_map() -> &'static HashMap<char, char> {
    static MAP: OnceLock<HashMap<char, char>> = OnceLock::new();
    MAP.get_or_init(|| {
        TRADITIONAL_PAIRS
            .split_whitespace()
            .filter_map(|pair| {
                let mut chars = pair.chars();
                match (chars.next(), chars.next(), chars.next()) {
                    (Some(t), Some(s), None) => Some((t, s)),
                    _ => None,
                }
            })
            .collect()
    })
}

/// Full-width ASCII to half-width, the ideographic space to a space, traditional to simplified.
pub fn fold_char(ch: char) -> char {
    match ch {
        '\u{3000}' | '\u{00A0}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
        // Every traditional character paired is a CJK ideograph: the rest need no look-up.
        _ if !crate::model::is_cjk(ch) => ch,
        _ => traditional_map().get(&ch).copied().unwrap_or(ch),
    }
}

/// `fold_char` over a string, with pinyin ruby (`根據(jù)`, left by pages that annotate
/// characters) dropped.
pub fn fold(text: &str) -> String {
    strip_ruby(text).chars().map(fold_char).collect()
}

pub use crate::model::strip_ruby;

const CJK_NUMERALS: &str = "一二三四五六七八九十";

/// Drops leading enumeration such as `三、`, `（一）`, `(3)`, `2.`, `2、` from a label.
pub fn strip_numbering(text: &str) -> &str {
    let mut rest = text.trim_start();
    loop {
        let before = rest;
        let open = rest.strip_prefix(['(', '（']);
        let body = open.unwrap_or(rest);
        let digits: usize = body
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_digit() || CJK_NUMERALS.contains(*c) || c.is_ascii_whitespace())
            .map(|(i, c)| i + c.len_utf8())
            .last()
            .unwrap_or(0);
        if digits == 0 {
            break;
        }
        let after = &body[digits..];
        let closed = if open.is_some() { after.strip_prefix([')', '）']) } else { None };
        let punct = closed
            .unwrap_or(after)
            .strip_prefix(['、', '.', '．', ',', '，', ':', '：', ')', '）', ' '])
            .map(str::trim_start);
        match (closed, punct) {
            (_, Some(p)) => rest = p,
            (Some(c), None) => rest = c.trim_start(),
            (None, None) => break,
        }
        if rest == before {
            break;
        }
    }
    rest
}

/// The comparable form of a label: folded, enumeration dropped, only letters and digits kept.
pub fn label_key(text: &str) -> String {
    let folded = fold(text);
    strip_numbering(&folded).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The comparable form of text with its enumeration kept (for whole-table keyword tests).
pub fn text_key(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Length of the longest common subsequence of two char slices.
fn lcs(a: &[char], b: &[char]) -> usize {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for &ca in a {
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = if ca == cb { prev[j] + 1 } else { cur[j].max(prev[j + 1]) };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Similarity of two label keys in [0, 1]: twice the common subsequence over the total length.
/// It tolerates a dropped or extra character, which exact matching does not.
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * lcs(&a, &b) as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_traditional_character_is_cjk() {
        assert!(traditional_map().len() > 400);
        assert!(traditional_map().keys().all(|&t| crate::model::is_cjk(t)));
    }

    #[test]
    fn strips_enumeration_variants() {
        assert_eq!(strip_numbering("三、本年度办理结果"), "本年度办理结果");
        assert_eq!(strip_numbering("（一）予以公开"), "予以公开");
        assert_eq!(strip_numbering("(一)予以公开"), "予以公开");
        assert_eq!(strip_numbering("2、其他法律行政法规禁止公开"), "其他法律行政法规禁止公开");
        assert_eq!(strip_numbering("2.其他"), "其他");
        assert_eq!(strip_numbering("规章"), "规章");
        assert_eq!(strip_numbering("2023年工作"), "2023年工作");
    }

    #[test]
    fn label_key_folds_width_spaces_and_traditional() {
        assert_eq!(label_key("（三）不 予 公 開"), "不予公开");
        assert_eq!(label_key("1．屬於國家秘密"), "属于国家秘密");
        assert_eq!(label_key("危及“三安全一稳定”"), "危及三安全一稳定");
    }

    #[test]
    fn pinyin_ruby_is_dropped() {
        assert_eq!(strip_ruby("根據(jù)國家規(guī)章"), "根據國家規章");
        assert_eq!(label_key("規(guī)章"), "规章");
        assert_eq!(strip_ruby("采购(万元)"), "采购(万元)");
        assert_eq!(strip_ruby("Annual (report)"), "Annual (report)");
    }

    #[test]
    fn similarity_tolerates_missing_characters() {
        let printed = label_key("2.其他法律行政止公开");
        let template = label_key("2.其他法律行政法规禁止公开");
        assert!(similarity(&printed, &template) > 0.8);
        assert!(similarity(&label_key("规章"), &label_key("行政许可")) < 0.1);
        assert_eq!(similarity("其他", "其他"), 1.0);
    }
}
