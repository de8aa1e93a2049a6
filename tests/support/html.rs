//! An HTML writer for test fixtures: report pages as a government CMS publishes them, with
//! site furniture around the article and tables using rowspan and colspan.

use super::docx::{esc, Tc};
use super::reports::Body;

/// Renders table rows written for DOCX (`vMerge` runs) as HTML (`rowspan`).
pub fn table_html(rows: &[Vec<Tc>]) -> String {
    // Grid column of every cell, then how many rows each vertical merge runs for.
    let positions: Vec<Vec<usize>> = rows
        .iter()
        .map(|row| {
            let mut col = 0;
            row.iter()
                .map(|tc| {
                    let at = col;
                    col += tc.span;
                    at
                })
                .collect()
        })
        .collect();
    let mut html =
        String::from("<table border=\"1\" cellspacing=\"0\" style=\"border-collapse:collapse;font-size:13px\"><tbody>");
    for (r, row) in rows.iter().enumerate() {
        html.push_str("<tr>");
        for (i, tc) in row.iter().enumerate() {
            if tc.v_merge == Some(false) {
                continue;
            }
            let col = positions[r][i];
            let mut rowspan = 1;
            if tc.v_merge == Some(true) {
                while rows.get(r + rowspan).is_some_and(|next| {
                    next.iter().zip(&positions[r + rowspan]).any(|(t, &c)| c == col && t.v_merge == Some(false))
                }) {
                    rowspan += 1;
                }
            }
            html.push_str("<td style=\"padding:0px 4px;border:solid windowtext 1px\" valign=\"center\"");
            if tc.span > 1 {
                html.push_str(&format!(" colspan=\"{}\"", tc.span));
            }
            if rowspan > 1 {
                html.push_str(&format!(" rowspan=\"{rowspan}\""));
            }
            html.push('>');
            let lines: Vec<String> = tc.lines.iter().map(|l| esc(l)).collect();
            if tc.breaks {
                html.push_str(&lines.join("<br/>"));
            } else {
                for line in lines {
                    html.push_str(&format!("<p style=\"text-indent:0em\">{line}</p>"));
                }
            }
            html.push_str("</td>");
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody></table>\n");
    html
}

#[derive(Default)]
pub struct Page {
    pub title: String,
    pub charset: String,
    body: String,
}

impl Body for Page {
    fn para(&mut self, text: &str) -> &mut Self {
        self.body.push_str(&format!("<p style=\"text-indent:2em\">{}</p>\n", esc(text)));
        self
    }
    fn heading(&mut self, text: &str) -> &mut Self {
        self.body.push_str(&format!(
            "<p style=\"text-indent:2em\"><span style=\"font-family:黑体, SimHei;\">{}&nbsp;</span></p>\n",
            esc(text)
        ));
        self
    }
    fn table(&mut self, rows: &[Vec<Tc>]) -> &mut Self {
        self.body.push_str(&table_html(rows));
        self
    }
}

impl Page {
    pub fn new(title: &str, charset: &str) -> Page {
        Page { title: title.to_string(), charset: charset.to_string(), body: String::new() }
    }
    /// The whole page, with navigation, breadcrumb, share buttons, related links and footer.
    pub fn render(&self) -> String {
        format!(
            "<!DOCTYPE html>\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset={charset}\"/><title>{title}_政府信息公开年报</title><style>.nav a{{margin:4px}}</style><script>var views = 1;</script></head>\n<body>\n<div class=\"header\"><div class=\"nav\"><a href=\"/\">首页</a><a href=\"/zwgk\">政务公开</a><a href=\"/zfxxgk\">政府信息公开</a><a href=\"/hdjl\">互动交流</a></div></div>\n<div class=\"bread-crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/zfxxgk\">政府信息公开</a> &gt; 年报</div>\n<div class=\"article\"><h1>{title}</h1>\n<div class=\"info\">来源：区政府办公室　发布时间：2024-01-20</div>\n<div class=\"TRS_Editor\">\n{body}</div>\n<div class=\"share\">分享到：<a href=\"#\">微信</a><a href=\"#\">微博</a></div>\n<div class=\"related-list\"><p>相关阅读：</p><ul><li><a href=\"/a\">2022年政府信息公开工作年度报告</a></li><li><a href=\"/b\">2021年政府信息公开工作年度报告</a></li></ul></div></div>\n<div class=\"footer\">主办：区人民政府办公室　网站标识码：3500000000</div>\n</body></html>\n",
            charset = self.charset,
            title = esc(&self.title),
            body = self.body
        )
    }
}
