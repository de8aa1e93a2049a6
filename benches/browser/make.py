#!/usr/bin/env python3
"""Generate HTML tables styled like Chinese government web pages, print them to PDF with headless
Chromium, and write the truth grids (cases.tsv + <case>.expected.tsv) for score_grids.py.

    python3 benches/browser/make.py [OUT]    # default OUT: testdata/browser

writes OUT/<case>.pdf, OUT/<case>.expected.tsv and OUT/cases.tsv (the HTML goes to a scratch
folder). Needs Debian's chromium with fonts-wqy-zenhei and fonts-liberation; the PDFs differ a
little with Chromium's version and fonts, so the committed ones are the reference.

Cell spec: a str, or a dict(t=text, cs=colspan, rs=rowspan, c=css class, s=style).
Truth: a merged cell's text in its top-left slot, covered slots empty; wrapped text is the
cell's text (the scorer drops whitespace).
"""
import html
import os
import random
import subprocess
import sys

import tempfile

HTML = tempfile.mkdtemp()
CASES = sys.argv[1] if len(sys.argv) > 1 else "testdata/browser"
R = random.Random(20240601)

BASE_CSS = """
@page { size: A4; }
body { font-family: "SimSun", "宋体", "WenQuanYi Zen Hei", serif; font-size: 14px; margin: 30px 40px; }
h3.title { text-align: center; font-size: 18px; margin: 10px 0; }
p.unit { text-align: right; margin: 4px 0; font-size: 13px; }
p.note { font-size: 12px; margin: 6px 0 18px 0; }
td.n, th.n { text-align: right; }
"""


def cell(c):
    if isinstance(c, str):
        return dict(t=c)
    return c


def grid_of(rows):
    """Rows of cell specs -> truth grid (list of lists of str) honouring colspan/rowspan."""
    occupied = {}
    out = []
    for i, row in enumerate(rows):
        j = 0
        line = {}
        for c in row:
            c = cell(c)
            while (i, j) in occupied:
                j += 1
            cs, rs = c.get("cs", 1), c.get("rs", 1)
            for di in range(rs):
                for dj in range(cs):
                    occupied[(i + di, j + dj)] = c["t"] if (di, dj) == (0, 0) else ""
            j += cs
    nrows = max(i for i, _ in occupied) + 1
    ncols = max(j for _, j in occupied) + 1
    for i in range(nrows):
        out.append([occupied.get((i, j), "") for j in range(ncols)])
    return out


def tr(row, tag, numcls=True):
    parts = []
    for c in row:
        c = cell(c)
        attrs = ""
        if c.get("cs", 1) > 1:
            attrs += ' colspan="%d"' % c["cs"]
        if c.get("rs", 1) > 1:
            attrs += ' rowspan="%d"' % c["rs"]
        cls = c.get("c")
        if cls is None and numcls and tag == "td" and isnum(c["t"]):
            cls = "n"
        if cls:
            attrs += ' class="%s"' % cls
        if c.get("s"):
            attrs += ' style="%s"' % c["s"]
        parts.append("<%s%s>%s</%s>" % (tag, attrs, html.escape(c["t"]).replace("\n", "<br>"), tag))
    return "<tr>" + "".join(parts) + "</tr>"


def isnum(s):
    s = s.strip()
    return bool(s) and all(ch in "0123456789,.-%()+" for ch in s) and any(ch.isdigit() for ch in s)


def table_html(t):
    """t: dict(head=[rows], body=[rows], attrs=str, caption=str|None, headtag='th'|'td')."""
    h = ["<table %s>" % t.get("attrs", "")]
    if t.get("caption"):
        h.append("<caption>%s</caption>" % html.escape(t["caption"]))
    if t.get("head"):
        h.append("<thead>")
        for r in t["head"]:
            h.append(tr(r, t.get("headtag", "th")))
        h.append("</thead>")
    h.append("<tbody>")
    for r in t["body"]:
        h.append(tr(r, "td"))
    h.append("</tbody></table>")
    return "\n".join(h)


def truth_of(t):
    return grid_of(list(t.get("head", [])) + list(t["body"]))


# ---------------------------------------------------------------- number helpers
def num(lo, hi, dec=0, neg_p=0.0):
    v = R.uniform(lo, hi)
    if R.random() < neg_p:
        v = -v
    return ("{:,.%df}" % dec).format(v)


def pct(lo=-30, hi=130):
    return "%.1f%%" % R.uniform(lo, hi)


# ---------------------------------------------------------------- cases
CASES_DEF = []


def case(name, css, body_parts, landscape=False, shape=None):
    CASES_DEF.append(dict(name=name, css=css, parts=body_parts, landscape=landscape))


REV_ITEMS = ["一般公共预算收入", "税收收入", "增值税", "企业所得税", "个人所得税", "资源税", "城市维护建设税",
             "房产税", "印花税", "城镇土地使用税", "土地增值税", "车船税", "耕地占用税", "契税", "环境保护税",
             "非税收入", "专项收入", "行政事业性收费收入", "罚没收入", "国有资源（资产）有偿使用收入", "其他收入"]

EXP_ITEMS = ["一般公共服务支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出", "文化旅游体育与传媒支出",
             "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出", "农林水支出", "交通运输支出",
             "资源勘探工业信息等支出", "商业服务业等支出", "金融支出", "自然资源海洋气象等支出", "住房保障支出",
             "粮油物资储备支出", "灾害防治及应急管理支出", "债务付息支出", "债务发行费用支出", "其他支出"]

FUND_ITEMS = ["国有土地使用权出让收入", "国有土地收益基金收入", "农业土地开发资金收入", "城市基础设施配套费收入",
              "污水处理费收入", "彩票公益金收入", "专项债务对应项目专项收入", "其他政府性基金收入"]

T = []  # (case name, [tables]) collected for truth


def page(name, css, blocks, landscape=False):
    """blocks: list of str (raw html) or table dicts."""
    CASES_DEF.append(dict(name=name, css=css, blocks=blocks, landscape=landscape))


# 01: border-collapse 1px, <p> title, unit line right, note under
t = dict(attrs='class="g"', head=[["项目", "上年决算数", "预算数", "决算数", "完成预算%", "比上年增长%"]], body=[])
for it in REV_ITEMS[:14]:
    t["body"].append([it, num(1e4, 9e5), num(1e4, 9e5), num(1e4, 9e5), pct(60, 120), pct(-20, 20)])
page("web01_collapse_budget_cn",
     "table.g { border-collapse: collapse; width: 100%; } table.g th, table.g td { border: 1px solid #000; padding: 4px 6px; }",
     ['<h3 class="title">2023年度一般公共预算收入决算表</h3>', '<p class="unit">单位：万元</p>', t,
      '<p class="note">注：本表数据为快报数，与最终决算数可能存在差异。</p>'])

# 02: old border=1 cellspacing=0
t = dict(attrs='border="1" cellspacing="0" cellpadding="4" width="90%" align="center"',
         head=[["序号", "支出功能分类科目", "年初预算", "调整预算", "执行数", "执行率"]], body=[])
for k, it in enumerate(EXP_ITEMS[:16], 1):
    t["body"].append([str(k), it, num(1e3, 5e5), num(1e3, 5e5), num(1e3, 5e5), pct(50, 110)])
page("web02_border1_cn", "",
     ['<p align="center"><b>2023年一般公共预算支出执行情况表</b></p>', '<p class="unit">单位：万元</p>', t])

# 03: border=1 default cellspacing (true double borders), English
t = dict(attrs='border="1"', head=[["Department", "Staff", "Budget 2022", "Budget 2023", "Change", "Change %"]], body=[])
for d in ["Finance Bureau", "Education Bureau", "Health Commission", "Transport Bureau", "Civil Affairs",
          "Housing and Urban-Rural Development", "Ecology and Environment", "Agriculture and Rural Affairs",
          "Public Security", "Statistics Bureau"]:
    a, b = R.randint(2000, 90000), R.randint(2000, 90000)
    ch = b - a
    t["body"].append([d, str(R.randint(12, 480)), "{:,}".format(a), "{:,}".format(b),
                      "{:,}".format(ch) if ch >= 0 else "({:,})".format(-ch), "%.1f%%" % (100.0 * ch / a)])
page("web03_double_border_en", "body { font-family: 'Liberation Serif', serif; }",
     ['<h3 class="title">Table 3. Departmental budgets (thousand yuan)</h3>', t,
      '<p class="note">Note: figures in parentheses are decreases.</p>'])

# 04: no borders at all
t = dict(attrs='class="nb"', head=[["指标", "单位", "2022年", "2023年", "增长%"]], body=[])
for it, u in [("地区生产总值", "亿元"), ("第一产业增加值", "亿元"), ("第二产业增加值", "亿元"), ("第三产业增加值", "亿元"),
              ("规模以上工业增加值", "亿元"), ("固定资产投资", "亿元"), ("社会消费品零售总额", "亿元"),
              ("进出口总额", "亿美元"), ("城镇常住居民人均可支配收入", "元"), ("农村常住居民人均可支配收入", "元"),
              ("居民消费价格指数", "%"), ("年末常住人口", "万人")]:
    t["body"].append([it, u, num(100, 9e4, 1), num(100, 9e4, 1), "%.1f" % R.uniform(-5, 12)])
page("web04_noborders_cn",
     "table.nb { border: none; width: 85%; margin: 0 auto; } table.nb th, table.nb td { border: none; padding: 3px 10px; } table.nb th { text-align: center; }",
     ['<h3 class="title">2023年国民经济主要指标</h3>', t,
      '<p class="note">注：地区生产总值、各产业增加值绝对数按现价计算，增长速度按不变价格计算。</p>'])

# 05: zebra rows, no borders
t = dict(attrs='class="z"', head=[["项目", "预算数", "执行数", "执行率", "同比增减"]], body=[])
for it in FUND_ITEMS + ["政府性基金预算收入合计"]:
    t["body"].append([it, num(1e3, 8e5), num(1e3, 8e5), pct(40, 120), pct(-35, 35)])
page("web05_zebra_cn",
     "table.z { border-collapse: collapse; width: 90%; margin: auto; } table.z th { background: #2b6cb0; color: #fff; padding: 6px; }"
     " table.z td { padding: 6px; } table.z tbody tr:nth-child(even) { background: #e8eef7; } table.z tbody tr:nth-child(odd) { background: #ffffff; }"
     " * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }",
     ['<h3 class="title">2023年政府性基金预算收入执行情况</h3>', '<p class="unit">单位：万元</p>', t])

# 06: horizontal rules only
t = dict(attrs='class="h"', head=[["科目编码", "科目名称", "本年预算", "上年执行", "增减额", "增减%"]], body=[])
codes = ["201", "20101", "2010101", "2010102", "20103", "2010301", "205", "20502", "2050201", "2050202", "210", "21004", "2100401"]
names = ["一般公共服务支出", "人大事务", "行政运行", "一般行政管理事务", "政府办公厅（室）及相关机构事务", "行政运行",
         "教育支出", "普通教育", "学前教育", "小学教育", "卫生健康支出", "公共卫生", "疾病预防控制机构"]
for c_, n_ in zip(codes, names):
    a, b = R.randint(100, 99999), R.randint(100, 99999)
    t["body"].append([c_, n_, "{:,}".format(a), "{:,}".format(b), "{:,}".format(a - b), "%.1f" % (100.0 * (a - b) / b)])
page("web06_hrules_cn",
     "table.h { border-collapse: collapse; width: 100%; } table.h th, table.h td { padding: 5px 6px; border: none; }"
     " table.h thead tr { border-top: 2px solid #000; border-bottom: 1px solid #000; } table.h tbody tr { border-bottom: 1px solid #999; }"
     " table.h tbody tr:last-child { border-bottom: 2px solid #000; } table.h td:nth-child(2) { text-align: left; }",
     ['<h3 class="title">2024年部门一般公共预算支出表（按功能分类）</h3>', '<p class="unit">单位：万元</p>', t,
      '<p class="note">说明：增减%为本年预算比上年执行数增减百分比。</p>'])

# 07: two-row header with colspan over 2 and 3 columns
t = dict(attrs='class="g"', head=[
    [dict(t="项目", rs=2), dict(t="2022年决算", cs=2), dict(t="2023年预算", cs=3), dict(t="备注", rs=2)],
    ["收入", "支出", "收入", "支出", "结余"]], body=[])
for it in ["一般公共预算", "政府性基金预算", "国有资本经营预算", "社会保险基金预算", "上级补助收入", "债务转贷收入",
           "调入资金", "上年结转", "合计"]:
    t["body"].append([it, num(1e3, 9e5), num(1e3, 9e5), num(1e3, 9e5), num(1e3, 9e5), num(1e2, 9e4, 0, 0.3),
                      R.choice(["", "", "含补助", "快报数", ""])])
page("web07_colspan_header_cn",
     "table.g { border-collapse: collapse; width: 100%; } table.g th, table.g td { border: 1px solid #000; padding: 4px; }"
     " table.g th { background: #f0f0f0; } * { print-color-adjust: exact; }",
     ['<h3 class="title">全市四本预算收支总表</h3>', '<p class="unit">单位：万元</p>', t])

# 08: rowspan row headers, vertically centred
body = []
groups = [("一般公共预算", ["税收收入", "非税收入", "转移性收入"]),
          ("政府性基金预算", ["土地出让收入", "专项债券收入", "其他基金收入", "调入资金"]),
          ("国有资本经营预算", ["利润收入", "股利股息收入"]),
          ("社会保险基金预算", ["保险费收入", "财政补贴收入", "利息收入"])]
for g, items in groups:
    for k, it in enumerate(items):
        row = [dict(t=g, rs=len(items), s="vertical-align: middle")] if k == 0 else []
        row += [it, num(1e3, 5e5), num(1e3, 5e5), pct(70, 115)]
        body.append(row)
t = dict(attrs='class="g"', head=[["预算类别", "项目", "预算数", "执行数", "执行率"]], body=body)
page("web08_rowspan_cn",
     "table.g { border-collapse: collapse; width: 90%; margin: auto; } table.g th, table.g td { border: 1px solid #333; padding: 4px 8px; }",
     ['<h3 class="title">2023年全市财政收入分类执行情况</h3>', t,
      '<p class="note">注：社会保险基金预算不含城乡居民基本养老保险基金。</p>'])

# 09: long labels wrapping in narrow cells
t = dict(attrs='class="w"', head=[["序号", "项目名称", "实施单位", "资金性质", "金额", "绩效目标"]], body=[])
long_items = [
    ("城乡义务教育学校公用经费保障机制补助资金", "市教育局", "一般公共预算", "12,580", "保障义务教育学校正常运转，生均公用经费达标率100%"),
    ("基本公共卫生服务项目补助", "市卫生健康委员会", "一般公共预算", "8,430", "居民电子健康档案建档率不低于90%"),
    ("老旧小区改造配套基础设施建设专项债券项目", "市住房和城乡建设局", "政府性基金预算", "56,000", "完成改造小区42个"),
    ("农村人居环境整治提升奖补资金", "市农业农村局", "一般公共预算", "3,215", "农村卫生厕所普及率提高2个百分点"),
    ("困难群众救助补助资金", "市民政局", "一般公共预算", "9,870", "应保尽保"),
    ("国有企业退休人员社会化管理补助", "市国资委", "国有资本经营预算", "1,120", "移交率100%"),
    ("重点流域水污染防治项目", "市生态环境局", "一般公共预算", "4,600", "国考断面水质优良比例达到85%以上"),
]
for k, (a, b, c_, d, e) in enumerate(long_items, 1):
    t["body"].append([str(k), a, b, c_, d, e])
page("web09_wrapped_cn",
     "table.w { border-collapse: collapse; width: 100%; table-layout: fixed; } table.w th, table.w td { border: 1px solid #000; padding: 3px; }"
     " table.w col.c1 { width: 6%; } col.c2 { width: 24%; } col.c3 { width: 14%; } col.c4 { width: 12%; } col.c5 { width: 10%; } col.c6 { width: 34%; }",
     ['<h3 class="title">2024年重点项目支出预算表</h3>', '<p class="unit">单位：万元</p>',
      '<!--COLS-->', t])

# 10: long table over two pages, thead repeated
t = dict(attrs='class="g"', head=[["科目编码", "科目名称", "预算数", "决算数", "决算数为预算数的%"]], body=[])
code = 2010101
for k in range(70):
    it = R.choice(EXP_ITEMS) if k % 5 == 0 else R.choice(["行政运行", "一般行政管理事务", "机关服务", "事业运行",
                                                           "信息化建设", "专项业务活动", "其他支出", "专项普查活动"])
    t["body"].append([str(code + k * 3), it, num(10, 9e4), num(10, 9e4), pct(30, 130)])
page("web10_two_pages_cn",
     "table.g { border-collapse: collapse; width: 100%; } table.g th, table.g td { border: 1px solid #000; padding: 3px 5px; }",
     ['<h3 class="title">2023年一般公共预算支出决算明细表</h3>', '<p class="unit">单位：万元</p>', t,
      '<p class="note">注：本表按《2023年政府收支分类科目》列示。</p>'])

# 11: wide table, landscape page
months = ["%d月" % m for m in range(1, 13)]
t = dict(attrs='class="g"', head=[["项目"] + months + ["合计"]], body=[])
for it in ["税收收入", "增值税", "企业所得税", "个人所得税", "契税", "非税收入", "政府性基金收入", "土地出让收入"]:
    vals = [R.randint(100, 9999) for _ in months]
    t["body"].append([it] + ["{:,}".format(v) for v in vals] + ["{:,}".format(sum(vals))])
page("web11_wide_landscape_cn",
     "@page { size: A4 landscape; margin: 12mm; } body { margin: 0; font-size: 12px; } table.g { border-collapse: collapse; width: 100%; }"
     " table.g th, table.g td { border: 1px solid #000; padding: 3px 3px; }",
     ['<h3 class="title">2023年分月财政收入情况表</h3>', '<p class="unit">单位：万元</p>', t], landscape=True)

# 12: two tables on one page, with titles/notes between; empty cells
t1 = dict(attrs='class="g"', head=[["项目", "预算数", "执行数", "执行率"]], body=[])
for it in FUND_ITEMS[:6] + ["收入合计"]:
    t1["body"].append([it, num(1e3, 6e5), num(1e3, 6e5), pct(50, 110)])
t2 = dict(attrs='class="g"', head=[["项目", "预算数", "执行数", "执行率"]], body=[])
for it in ["城乡社区支出", "农林水支出", "文化旅游体育与传媒支出", "社会保障和就业支出", "债务付息支出", "其他支出", "支出合计"]:
    if it == "债务付息支出":
        t2["body"].append([it, num(1e3, 6e4), "", ""])
    else:
        t2["body"].append([it, num(1e3, 6e5), num(1e3, 6e5), pct(50, 110)])
page("web12_two_tables_cn",
     "table.g { border-collapse: collapse; width: 80%; margin: auto; } table.g th, table.g td { border: 1px solid #000; padding: 4px 8px; }",
     ['<h3 class="title">表一 2023年政府性基金预算收入执行表</h3>', '<p class="unit">单位：万元</p>', t1,
      '<p class="note">注：收入合计不含上级补助收入。</p>',
      '<h3 class="title">表二 2023年政府性基金预算支出执行表</h3>', '<p class="unit">单位：万元</p>', t2,
      '<p class="note">注：债务付息支出执行数另行列报。</p>'])

# 13: <caption> element, English, collapse, negatives with minus, empty cells, th row headers
t = dict(attrs='class="g"', caption="Table 1  General public budget revenue, 2019-2023 (100 million yuan)",
         head=[["Item", "2019", "2020", "2021", "2022", "2023"]], body=[])
for it in ["Total revenue", "Tax revenue", "Value-added tax", "Corporate income tax", "Individual income tax",
           "Non-tax revenue", "Special program receipts", "Fines and confiscations", "Other revenue"]:
    row = [it] + [num(-800, 9000, 1, 0.15) for _ in range(5)]
    if it == "Special program receipts":
        row[1] = ""
        row[2] = ""
    t["body"].append(row)
page("web13_caption_en",
     "body { font-family: 'Liberation Sans', sans-serif; } table.g { border-collapse: collapse; width: 90%; margin: auto; }"
     " table.g caption { caption-side: top; font-weight: bold; padding: 6px; } table.g th, table.g td { border: 1px solid #444; padding: 4px 8px; }"
     " table.g tbody td:first-child { text-align: left; }",
     [t, '<p class="note">Source: Municipal Finance Bureau. Blank: not applicable.</p>'])

# 14: three-level header + rowspan + colspan, old border=1 cellspacing=0 with td headers
t = dict(attrs='border="1" cellspacing="0" cellpadding="3" width="100%"', headtag="td", head=[
    [dict(t="单位名称", rs=3, c="ct"), dict(t="合计", rs=3, c="ct"), dict(t="基本支出", cs=3, c="ct"), dict(t="项目支出", cs=2, c="ct")],
    [dict(t="小计", rs=2, c="ct"), dict(t="人员经费", cs=2, c="ct"), dict(t="小计", rs=2, c="ct"), dict(t="其中：专项", rs=2, c="ct")],
    [dict(t="工资福利", c="ct"), dict(t="对个人和家庭的补助", c="ct")]], body=[])
for u in ["市财政局", "市财政局本级", "市国库支付中心", "市财政投资评审中心", "市政府采购中心", "市会计服务中心"]:
    t["body"].append([u] + [num(10, 9999, 2) for _ in range(6)])
page("web14_multilevel_header_cn",
     "td.ct { text-align: center; font-weight: bold; } td { font-size: 13px; }",
     ['<p align="center"><b><font size="4">2024年部门支出总表</font></b></p>',
      '<table width="100%" border="0"><tr><td>编制单位：市财政局</td><td align="right">单位：万元</td></tr></table>', t])



# 15: same multi-level header as 14, but border-collapse 1px (diagnostic twin of 14)
t15 = dict(t)
t15["attrs"] = 'class="g"'
page("web15_multilevel_collapse_cn",
     "table.g { border-collapse: collapse; width: 100%; } table.g td { border: 1px solid #000; padding: 3px; font-size: 13px; }"
     " td.ct { text-align: center; font-weight: bold; }",
     ['<h3 class="title">2024年部门支出总表</h3>', '<p class="unit">单位：万元</p>', t15])

# 16: horizontal rules only, colspan header with a rule under the spanning cells, wrapped labels,
#     indented sub-items (full-width spaces), bold total row
rows = [("一般公共预算收入", 0), ("税收收入", 1), ("其中：增值税", 2), ("企业所得税", 2), ("非税收入", 1),
        ("其中：国有资源（资产）有偿使用收入", 2), ("行政事业性收费收入", 2), ("转移性收入", 0),
        ("上级补助收入（含返还性收入、一般性转移支付和专项转移支付收入）", 1), ("上年结余及调入资金", 1), ("收入总计", 0)]
t = dict(attrs='class="hw"', head=[
    [dict(t="项目", rs=2, c="l"), dict(t="2023年", cs=2, c="sp"), dict(t="2024年", cs=3, c="sp")],
    ["预算数", "执行数", "预算数", "比上年执行数增减", "增减%"]], body=[])
for lab, ind in rows:
    a, b, c_ = R.randint(1000, 900000), R.randint(1000, 900000), R.randint(1000, 900000)
    d_ = c_ - b
    cells = ["　" * ind + lab, "{:,}".format(a), "{:,}".format(b), "{:,}".format(c_), "{:,}".format(d_),
             "%.1f" % (100.0 * d_ / b)]
    if lab == "收入总计":
        cells = [dict(t=x, s="font-weight:bold", c=("n" if k else None)) for k, x in enumerate(cells)]
    t["body"].append(cells)
page("web16_hrules_wrapped_cn",
     "table.hw { border-collapse: collapse; width: 100%; table-layout: fixed; } table.hw td, table.hw th { padding: 4px 5px; border: none; }"
     " table.hw col.a { width: 34%; } table.hw thead tr:first-child { border-top: 2px solid #000; }"
     " table.hw th.sp { border-bottom: 1px solid #000; } table.hw thead tr:last-child { border-bottom: 1px solid #000; }"
     " table.hw tbody tr:last-child { border-bottom: 2px solid #000; } table.hw th.l { text-align: left; }",
     ['<h3 class="title">2024年一般公共预算收入预算表</h3>', '<p class="unit">单位：万元</p>', "<!--COLA-->", t,
      '<p class="note">注：1.本表收入总计含上年结余。2.增减%为2024年预算数比2023年执行数增减百分比。</p>'])

# 17: zebra rows, no borders, rowspan group labels (default vertical-align: middle)
body = []
groups = [("城镇", ["人均可支配收入", "人均消费支出", "恩格尔系数（%）"]),
          ("农村", ["人均可支配收入", "人均消费支出", "恩格尔系数（%）"]),
          ("全体居民", ["人均可支配收入", "人均消费支出"])]
for g, items in groups:
    for k, it in enumerate(items):
        row = [dict(t=g, rs=len(items))] if k == 0 else []
        pc = "恩格尔" in it
        row += [it, "%.1f" % R.uniform(25, 35) if pc else "{:,}".format(R.randint(15000, 60000)),
                "%.1f" % R.uniform(25, 35) if pc else "{:,}".format(R.randint(15000, 60000)), "%.1f" % R.uniform(-3, 9)]
        body.append(row)
t = dict(attrs='class="z"', head=[["居民", "指标", "2022年", "2023年", "增长%"]], body=body)
page("web17_zebra_rowspan_cn",
     "table.z { border-collapse: collapse; width: 90%; margin: auto; } table.z th { background: #c53030; color: #fff; padding: 6px; }"
     " table.z td { padding: 6px; } table.z tbody tr:nth-child(even) { background: #fdecec; }"
     " * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }",
     ['<h3 class="title">2023年居民收入和消费支出情况</h3>', '<p class="unit">单位：元</p>', t,
      '<p class="note">注：增长速度为名义增长。</p>'])

# 18: English bulletin, booktabs-like rules, wrapped English descriptions, negatives with minus
t = dict(attrs='class="bk"', head=[["Code", "Programme", "Description", "2023", "2024", "Change (%)"]], body=[])
progs = [("P01", "Compulsory education", "Operating subsidies for rural and urban schools, including free textbooks"),
         ("P02", "Public health", "Basic public health services per resident; immunisation and screening"),
         ("P03", "Social assistance", "Minimum living allowance and temporary assistance for households in difficulty"),
         ("P04", "Rural roads", "Maintenance of county and village roads"),
         ("P05", "Environmental protection", "Air and water pollution control in key river basins"),
         ("P06", "Debt interest", "Interest on general bonds")]
for c_, n_, d_ in progs:
    a, b = R.randint(500, 99999), R.randint(500, 99999)
    t["body"].append([c_, n_, d_, "{:,}".format(a), "{:,}".format(b), "%.1f" % (100.0 * (b - a) / a)])
page("web18_booktabs_wrapped_en",
     "body { font-family: 'Liberation Sans', sans-serif; font-size: 12px; } table.bk { border-collapse: collapse; width: 100%; table-layout: fixed; }"
     " table.bk td, table.bk th { padding: 4px 6px; border: none; text-align: left; vertical-align: top; } table.bk td.n, table.bk th.n { text-align: right; }"
     " table.bk thead tr { border-top: 2px solid #000; border-bottom: 1px solid #000; } table.bk tbody tr:last-child { border-bottom: 2px solid #000; }"
     " table.bk col.a { width: 7%; } table.bk col.b { width: 20%; } table.bk col.c { width: 43%; } table.bk col.d { width: 10%; }",
     ['<p style="font-weight:bold">Table 5  Key expenditure programmes (thousand yuan)</p>', "<!--COLB-->", t,
      '<p class="note">Note: 2024 figures are budget estimates.</p>'])


# 19/20: narrow columns whose Chinese header cells wrap onto 2-3 lines; ruled (19) and borderless (20)
hdr = ["项目", "年初预算数", "调整预算数", "决算数", "决算数为调整预算数的%", "决算数比上年增长%"]
def wrapped_hdr_table(cls):
    t = dict(attrs='class="%s"' % cls, head=[hdr], body=[])
    for it in EXP_ITEMS[:10]:
        t["body"].append([it, num(1e3, 9e5), num(1e3, 9e5), num(1e3, 9e5), pct(60, 120), pct(-25, 25)])
    return t
css19 = ("table.%s { border-collapse: collapse; width: 75%%; margin: auto; table-layout: fixed; } table.%s th, table.%s td { padding: 3px 4px; %s }"
         " table.%s col.a { width: 34%%; }")
page("web19_wrapped_header_ruled_cn", css19 % ("r", "r", "r", "border: 1px solid #000;", "r"),
     ['<h3 class="title">2023年一般公共预算支出决算表</h3>', '<p class="unit">单位：万元</p>', "<!--COLR-->", wrapped_hdr_table("r")])
page("web20_wrapped_header_noborder_cn", css19 % ("u", "u", "u", "border: none;", "u") + " table.u th { vertical-align: bottom; }",
     ['<h3 class="title">2023年一般公共预算支出决算表</h3>', '<p class="unit">单位：万元</p>', "<!--COLU-->", wrapped_hdr_table("u")])


# 21: long ruled table over two pages whose rowspan group labels cross the page break
body = []
for g in ["市本级", "东城区", "西城区", "高新区", "经开区", "北山县", "南湖县"]:
    items = ["一般公共预算收入", "　税收收入", "　非税收入", "一般公共预算支出", "政府性基金预算收入",
             "政府性基金预算支出", "国有资本经营预算收入", "社会保险基金预算收入"]
    for k, it in enumerate(items):
        row = [dict(t=g, rs=len(items))] if k == 0 else []
        row += [it, num(1e3, 9e5), num(1e3, 9e5), pct(60, 120)]
        body.append(row)
t = dict(attrs='class="g"', head=[["地区", "项目", "预算数", "执行数", "执行率"]], body=body)
page("web21_rowspan_pagebreak_cn",
     "table.g { border-collapse: collapse; width: 100%; } table.g th, table.g td { border: 1px solid #000; padding: 4px 6px; }",
     ['<h3 class="title">2023年各区县财政预算执行情况表</h3>', '<p class="unit">单位：万元</p>', t])

# ---------------------------------------------------------------- build
def write_page(d):
    tables = [b for b in d["blocks"] if isinstance(b, dict)]
    body = []
    for b in d["blocks"]:
        if isinstance(b, dict):
            body.append(table_html(b))
        elif b.startswith("<!--COL"):
            continue
        else:
            body.append(b)
    src = "\n".join(body)
    for k in ("r", "u"):
        if "<!--COL%s-->" % k.upper() in d["blocks"]:
            src = src.replace('<table class="%s">' % k, '<table class="%s"><colgroup><col class="a"></colgroup>' % k)
    if "<!--COLA-->" in d["blocks"]:
        src = src.replace('<table class="hw">', '<table class="hw"><colgroup><col class="a"></colgroup>')
    if "<!--COLB-->" in d["blocks"]:
        src = src.replace('<table class="bk">', '<table class="bk"><colgroup><col class="a"><col class="b"><col class="c">'
                                                '<col class="d"><col class="d"><col class="d"></colgroup>')
    if d["name"].startswith("web09"):
        src = src.replace('<table class="w">', '<table class="w"><colgroup><col class="c1"><col class="c2"><col class="c3">'
                                              '<col class="c4"><col class="c5"><col class="c6"></colgroup>')
    doc = ("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>%s</title><style>%s\n%s</style></head>"
           "<body>\n%s\n</body></html>\n" % (d["name"], BASE_CSS, d["css"], src))
    hp = os.path.join(HTML, d["name"] + ".html")
    with open(hp, "w", encoding="utf-8") as f:
        f.write(doc)
    return hp, tables


def main():
    os.makedirs(HTML, exist_ok=True)
    os.makedirs(CASES, exist_ok=True)
    manifest = ["case\tsource\ttests\tpdf\tpage\tflavor\tspecial\tspecial_kinds\tsettings\tshape\tkind\tvariant_group\tdata_vars"]
    for d in CASES_DEF:
        hp, tables = write_page(d)
        pdf = os.path.join(CASES, d["name"] + ".pdf")
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        "--print-to-pdf=" + pdf, "file://" + hp], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        grids = [truth_of(t) for t in tables]
        with open(os.path.join(CASES, d["name"] + ".expected.tsv"), "w", encoding="utf-8") as f:
            f.write("\n\n".join("\n".join("\t".join(r) for r in g) for g in grids) + "\n")
        shape = ";".join("%dx%d" % (len(g), len(g[0])) for g in grids)
        manifest.append("%s\tweb\t\t%s.pdf\t\t\tno\t\t\t%s\ttable\t\t" % (d["name"], d["name"], shape))
        print(d["name"], shape, file=sys.stderr)
    with open(os.path.join(CASES, "cases.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(manifest) + "\n")


if __name__ == "__main__":
    main()
