#!/usr/bin/env python3
"""Generate spreadsheet-exported PDF tables with known truth grids.

    python3 benches/spreadsheets/make.py [--out OUT] [CASE...]    # default OUT: testdata/spreadsheet

writes OUT/<case>.pdf, OUT/<case>.expected.tsv and OUT/cases.tsv (the workbooks go to a scratch
folder). Needs openpyxl and LibreOffice (soffice) with CJK fonts (fonts-wqy-zenhei,
fonts-liberation); the PDFs differ a little with LibreOffice's version and fonts, so the committed
ones are the reference.

Each workbook holds one sheet with one table (two for the *two_tables case); the truth grid is the
printed grid: the displayed text of each cell, a merged cell's text in its top-left slot, covered
slots empty.  Title, unit and note rows around a table are not part of the grid.
"""
import os
import random
import shutil
import subprocess
import sys
import textwrap
import unicodedata

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

import tempfile

ARGS = sys.argv[1:]
BASE = "testdata/spreadsheet"
if ARGS[:1] == ["--out"] and len(ARGS) >= 2:
    BASE, ARGS = ARGS[1], ARGS[2:]
XLSX, PDF, CASES = tempfile.mkdtemp(), BASE, BASE

# ---------------------------------------------------------------- number formats and their display
FMT = {
    "int": "#,##0",
    "neg": "#,##0;(#,##0)",
    "d1": "#,##0.0",
    "d2": "#,##0.00",
    "negd1": "#,##0.0;(#,##0.0)",
    "pct1": "0.0%",
    "pctneg": "0.0%;(0.0%)",
    "plain": "0",
}


def disp(v, f):
    """Displayed text of number v under format key f (values are pre-rounded to the shown precision)."""
    if f == "int":
        return f"{v:,.0f}"
    if f == "neg":
        return f"({abs(v):,.0f})" if v < 0 else f"{v:,.0f}"
    if f == "d1":
        return f"{v:,.1f}"
    if f == "d2":
        return f"{v:,.2f}"
    if f == "negd1":
        return f"({abs(v):,.1f})" if v < 0 else f"{v:,.1f}"
    if f == "pct1":
        return f"{v * 100:.1f}%"
    if f == "pctneg":
        return f"({abs(v) * 100:.1f}%)" if v < 0 else f"{v * 100:.1f}%"
    if f == "plain":
        return f"{v:.0f}"
    raise KeyError(f)


def N(v, f):
    return ("num", v, f)


def P(tenths):
    """A percentage given in tenths of a percent (123 -> 12.3%)."""
    return ("num", tenths / 1000.0, "pct1")


def PN(tenths):
    return ("num", tenths / 1000.0, "pctneg")


def text_of(c):
    if c is None:
        return ""
    if isinstance(c, tuple):
        return disp(c[1], c[2])
    return c.lstrip(" ")


def dwidth(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def nlines(s, w, bold):
    """Lines a wrapped cell of width w (character units) needs, estimated generously."""
    if any(dwidth(ch) == 2 for ch in s):
        per = max(1, int((w - 1) / 1.75))
        return -(-len(s) // per)
    return len(textwrap.wrap(s, max(4, int(w * (1.1 if bold else 1.22)) - 2)))


# ---------------------------------------------------------------- table writer
FONT = "Arial"
THIN, MED = Side(style="thin"), Side(style="medium")


class Table:
    def __init__(self, rows, hdr=1, merges=(), bold=(), title=None, unit=None, note=None,
                 wrap_cols=(), widths=None, hdr_wrap=False, style="full"):
        w = max(len(r) for r in rows)
        self.rows = [list(r) + [None] * (w - len(r)) for r in rows]
        self.hdr, self.merges, self.bold = hdr, list(merges), set(bold)
        self.title, self.unit, self.note = title, unit, note
        self.wrap_cols, self.widths, self.hdr_wrap, self.style = set(wrap_cols), widths or {}, hdr_wrap, style
        self.ncol = w

    def truth(self):
        g = [[text_of(c) for c in r] for r in self.rows]
        for (r0, c0, r1, c1) in self.merges:
            for i in range(r0, r1 + 1):
                for j in range(c0, c1 + 1):
                    if (i, j) != (r0, c0):
                        g[i][j] = ""
        return g

    def col_widths(self):
        covered = set()
        for (r0, c0, r1, c1) in self.merges:
            if c1 > c0:
                for i in range(r0, r1 + 1):
                    for j in range(c0, c1 + 1):
                        covered.add((i, j))
        out = []
        for j in range(self.ncol):
            if j in self.widths:
                out.append(self.widths[j])
                continue
            m = 4
            for i, r in enumerate(self.rows):
                if (i, j) in covered or (i < self.hdr and self.hdr_wrap):
                    continue
                s = text_of(r[j])
                ind = len(r[j]) - len(r[j].lstrip(" ")) if isinstance(r[j], str) else 0
                m = max(m, dwidth(s) + 2 * ind)
            out.append(m * 1.05 + 1.5)
        return out


def place(ws, t, r0, c0=1):
    """Write table t with its title/unit above and note below, starting at sheet row r0.
    Returns the next free row."""
    st = t.style
    nc = t.ncol
    r = r0
    if t.title:
        ws.cell(r, c0, t.title).font = Font(name=FONT, bold=True, size=14)
        ws.cell(r, c0).alignment = Alignment(horizontal="center", vertical="center")
        ws.merge_cells(start_row=r, start_column=c0, end_row=r, end_column=c0 + nc - 1)
        ws.row_dimensions[r].height = 24
        r += 1
    if t.unit:
        ws.cell(r, c0 + nc - 1, t.unit).font = Font(name=FONT)
        ws.cell(r, c0 + nc - 1).alignment = Alignment(horizontal="right")
        r += 1
    top = r
    hdr_fill = PatternFill("solid", fgColor="4472C4")
    zfill = PatternFill("solid", fgColor="D9E1F2")
    nrows = len(t.rows)
    for i, row in enumerate(t.rows):
        for j, c in enumerate(row):
            cell = ws.cell(top + i, c0 + j)
            is_hdr = i < t.hdr
            if isinstance(c, tuple):
                cell.value = c[1]
                cell.number_format = FMT[c[2]]
                cell.alignment = Alignment(horizontal="right", vertical="center")
            elif c is not None:
                ind = len(c) - len(c.lstrip(" "))
                cell.value = c.lstrip(" ")
                if is_hdr:
                    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=t.hdr_wrap)
                elif c in ("-", "—"):
                    cell.alignment = Alignment(horizontal="center", vertical="center")
                else:
                    cell.alignment = Alignment(horizontal="left", vertical="center", indent=ind,
                                               wrap_text=j in t.wrap_cols)
            if is_hdr and c is None:
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=t.hdr_wrap)
            if not is_hdr and j in t.wrap_cols and not isinstance(c, tuple):
                cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
            bold = is_hdr or i in t.bold
            if st == "zebra" and is_hdr:
                cell.font = Font(name=FONT, bold=True, color="FFFFFF")
                cell.fill = hdr_fill
            elif bold:
                cell.font = Font(name=FONT, bold=True)
            else:
                cell.font = Font(name=FONT)
            if st == "zebra" and not is_hdr and (i - t.hdr) % 2 == 1:
                cell.fill = zfill
            # borders
            b = {}
            if st == "full":
                b = dict(left=THIN, right=THIN, top=THIN, bottom=THIN)
            elif st == "headbottom":
                if i == 0:
                    b["top"] = MED
                if i == t.hdr - 1:
                    b["bottom"] = THIN
                if i == nrows - 1:
                    b["bottom"] = MED
            elif st == "hrules":  # booktabs: top, under header, above totals, bottom
                if i == 0:
                    b["top"] = MED
                if i == t.hdr - 1:
                    b["bottom"] = THIN
                if i == nrows - 1:
                    b["bottom"] = MED
                if i in t.bold and i > t.hdr:
                    b["top"] = THIN
            elif st == "hrules_all":
                b = dict(top=THIN, bottom=THIN)
                if i == 0:
                    b["top"] = MED
                if i == nrows - 1:
                    b["bottom"] = MED
            if b:
                cell.border = Border(**b)
    # row heights for wrapped cells (LibreOffice keeps the default height of an xlsx row)
    widths = t.col_widths()
    vmerged = {(a, b_) for (a, b_, c_, d) in t.merges if c_ > a}
    for i, row in enumerate(t.rows):
        lines = 1
        for j, c in enumerate(row):
            wrap = (i < t.hdr and t.hdr_wrap) or (i >= t.hdr and j in t.wrap_cols)
            if wrap and c is not None and not isinstance(c, tuple) and (i, j) not in vmerged:
                lines = max(lines, nlines(text_of(c), widths[j], i < t.hdr))
        if lines > 1:
            ws.row_dimensions[top + i].height = 12.8 * lines + 3
    for (a, b_, c_, d) in t.merges:
        ws.merge_cells(start_row=top + a, start_column=c0 + b_, end_row=top + c_, end_column=c0 + d)
    r = top + nrows
    if t.note:
        ws.cell(r, c0, t.note).font = Font(name=FONT, size=9)
        r += 1
    return r


def set_widths(ws, widths, c0=1):
    for j, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(c0 + j)].width = w


def page(ws, landscape=False, fit_width=False, title_rows=None):
    ws.page_setup.paperSize = 9
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.5
    if fit_width:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
    if title_rows:
        ws.print_title_rows = title_rows


# ---------------------------------------------------------------- the cases
R = random.Random(20240611)


def pct_t(a, b):
    """a/b in tenths of a percent, rounded half up."""
    return int(a * 1000 / b + 0.5) if a * b >= 0 else -int(-a * 1000 / b + 0.5)


def growth_t(a, b):
    x = (a - b) * 1000 / b
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)


def case01():
    """Full borders, Chinese general public budget revenue, indented items, totals bold, empty cells."""
    items = [("税收收入", None), ("  增值税", 1), ("  企业所得税", 1), ("  个人所得税", 1), ("  资源税", 1),
             ("  城市维护建设税", 1), ("  房产税", 1), ("  印花税", 1), ("  城镇土地使用税", 1),
             ("  土地增值税", 1), ("  车船税", 1), ("  耕地占用税", 1), ("  契税", 1), ("  环境保护税", 1),
             ("非税收入", None), ("  专项收入", 2), ("  行政事业性收费收入", 2), ("  罚没收入", 2),
             ("  国有资源（资产）有偿使用收入", 2), ("  其他收入", 2)]
    data = {}
    for name, grp in items:
        if grp:
            prev = R.randint(300, 90000)
            bud = int(prev * R.uniform(0.9, 1.15))
            act = int(bud * R.uniform(0.82, 1.12))
            data[name] = [prev, bud, act]
    data["  环境保护税"][0] = None
    def sums(g):
        ks = [n for n, gg in items if gg == g]
        return [sum(data[k][c] or 0 for k in ks) for c in range(3)]
    data["税收收入"], data["非税收入"] = sums(1), sums(2)
    tot = [data["税收收入"][c] + data["非税收入"][c] for c in range(3)]
    rows = [["项目", "上年决算数", "预算数", "决算数", "完成预算%", "比上年增长%"]]
    def line(name, v):
        prev, bud, act = v
        return [name, N(prev, "int") if prev else None, N(bud, "int"), N(act, "int"), P(pct_t(act, bud)),
                ("num", growth_t(act, prev) / 1000, "pct1") if prev else None]
    rows.append(line("一般公共预算收入", tot))
    for name, _ in items:
        rows.append(line(name, data[name]))
    return dict(tables=[Table(rows, hdr=1, bold={1, 2, 16}, title="2023年全市一般公共预算收入决算表",
                              unit="单位：万元", note="注：上年决算数按可比口径调整。", style="full")])


def case02():
    """English statistics, borders only on header and bottom, negatives in parentheses."""
    inds = ["Agriculture, forestry and fishing", "Mining and quarrying", "Manufacturing",
            "Electricity, gas and water", "Construction", "Wholesale and retail trade",
            "Transport and storage", "Accommodation and food services", "Information and communication",
            "Financial and insurance activities", "Real estate activities", "Professional services",
            "Public administration", "Education", "Health and social work"]
    rows = [["Industry", "2019", "2020", "2021", "2022", "2023", "Change 2022–23"]]
    tot = [0] * 6
    for k, name in enumerate(inds):
        v = R.randint(40, 3200)
        series = []
        for y in range(5):
            v = max(5, int(v * R.uniform(0.93, 1.06)))
            series.append(v)
        if k == 1:
            series[-1] = series[-2] - 37
        ch = series[-1] - series[-2]
        rows.append([name] + [N(x, "int") for x in series] + [N(ch, "neg")])
        for i, x in enumerate(series + [ch]):
            tot[i] += x
    rows[10][2] = None  # 2020 not available
    tot[1] -= 0
    rows.append(["All industries"] + [N(x, "int") for x in tot[:5]] + [N(tot[5], "neg")])
    return dict(tables=[Table(rows, hdr=1, bold={len(rows) - 1},
                              title="Table 3. Employment by industry, 2019–2023 (thousands)",
                              note="Source: Labour force survey. .. not available.", style="headbottom")])


def case03():
    """Booktabs-like horizontal rules, decimals right-aligned, percentages."""
    regions = ["North", "North East", "East", "South East", "South", "South West", "West", "Central",
               "Capital district", "Islands"]
    rows = [["Region", "Population (m)", "Area (km²)", "Density per km²", "GDP per head ($)", "Real growth"]]
    tp = ta = 0
    for name in regions:
        pop = R.randint(5, 180) / 10
        area = R.randint(800, 95000)
        gdp = R.randint(1800000, 6500000) / 100
        g = R.randint(-25, 61)
        rows.append([name, N(pop, "d1"), N(area, "int"), N(round(pop * 1e6 / area, 1), "d1"), N(gdp, "d2"),
                     PN(g)])
        tp += pop
        ta += area
    tp = round(tp, 1)
    rows.append(["Total", N(tp, "d1"), N(ta, "int"), N(round(tp * 1e6 / ta, 1), "d1"), N(41230.55, "d2"), PN(18)])
    return dict(tables=[Table(rows, hdr=1, bold={len(rows) - 1}, title="Regional accounts, 2022",
                              note="Growth: real change on previous year, (x) = decline.", style="hrules")])


def case04():
    """No borders, gridlines not printed; section label rows; negatives in parentheses; empty cells."""
    rows = [["", "Note", "2023", "2022", "Change"]]
    def L(name, note, a, b):
        return [name, note, N(a, "neg"), N(b, "neg"), N(a - b, "neg")]
    rows += [["Revenue", None, None, None, None],
             L("  Taxation revenue", "3", 412806, 398114),
             L("  Grants and contributions", "4", 58231, 61907),
             L("  Sales of goods and services", None, 21377, 19840),
             L("  Interest and dividends", "5", 6412, 3088),
             L("Total revenue", None, 498826, 482949),
             ["Expenses", None, None, None, None],
             L("  Employee benefits", "6", -201455, -193870),
             L("  Supplies and services", None, -118002, -121344),
             L("  Depreciation and amortisation", "7", -40321, -38915),
             L("  Grants and subsidies", None, -96440, -90117),
             L("  Finance costs", "8", -12930, -9870),
             L("Total expenses", None, -469148, -454116),
             L("Net operating balance", None, 29678, 28833)]
    return dict(tables=[Table(rows, hdr=1, bold={0, 1, 6, 7, 13, 14},
                              title="Statement of operations for the year ended 30 June 2023",
                              unit="$ thousand", note="The notes form part of these statements.",
                              style="none", widths={1: 7})])


def case05():
    """Zebra shading, no borders, Chinese county indicators."""
    names = ["城关区", "七里河区", "西固区", "安宁区", "红古区", "永登县", "皋兰县", "榆中县", "新区", "高新区", "经开区"]
    rows = [["区县", "地区生产总值（亿元）", "增长%", "规上工业增加值增长%", "社会消费品零售总额（亿元）", "增长%"]]
    for n in names:
        rows.append([n, N(R.randint(500, 130000) / 100, "d2"), P(R.randint(-20, 95)), P(R.randint(-80, 160)),
                     N(R.randint(300, 60000) / 100, "d2"), P(R.randint(5, 120))])
    rows[9][3] = "—"
    rows[10][3] = "—"
    rows.append(["全市", N(3342.28, "d2"), P(44), P(71), N(1512.63, "d2"), P(68)])
    return dict(tables=[Table(rows, hdr=1, bold={len(rows) - 1}, title="2023年各区县主要经济指标",
                              note="注：“—”表示无此项。", style="zebra", hdr_wrap=True,
                              widths={1: 14, 2: 8, 3: 14, 4: 16, 5: 8})])


def case06():
    """Merged header cells over 3 columns with a second header row, full borders."""
    funcs = ["General public services", "Defence", "Public order and safety", "Economic affairs",
             "Environmental protection", "Housing and community amenities", "Health",
             "Recreation, culture and religion", "Education", "Social protection"]
    rows = [["Function", "FY2022", None, None, "FY2023", None, None, "Share 2023"],
            [None, "Budget", "Actual", "Variance", "Budget", "Actual", "Variance", None]]
    tb = [0] * 6
    vals = []
    for f in funcs:
        b1 = R.randint(1200, 48000); a1 = int(b1 * R.uniform(0.9, 1.08))
        b2 = int(a1 * R.uniform(0.98, 1.1)); a2 = int(b2 * R.uniform(0.9, 1.07))
        vals.append((f, b1, a1, b2, a2))
    ta2 = sum(v[4] for v in vals)
    for f, b1, a1, b2, a2 in vals:
        rows.append([f, N(b1, "int"), N(a1, "int"), N(a1 - b1, "neg"), N(b2, "int"), N(a2, "int"),
                     N(a2 - b2, "neg"), P(pct_t(a2, ta2))])
        for i, x in enumerate((b1, a1, a1 - b1, b2, a2, a2 - b2)):
            tb[i] += x
    rows.append(["Total"] + [N(tb[0], "int"), N(tb[1], "int"), N(tb[2], "neg"), N(tb[3], "int"), N(tb[4], "int"),
                             N(tb[5], "neg"), P(1000)])
    merges = [(0, 0, 1, 0), (0, 1, 0, 3), (0, 4, 0, 6), (0, 7, 1, 7)]
    return dict(tables=[Table(rows, hdr=2, merges=merges, bold={len(rows) - 1},
                              title="Expenditure by function of government ($ million)", style="full",
                              widths={7: 11})])


def case07():
    """Merged row headers spanning several rows (vertically centred), full borders, Chinese."""
    groups = [("东部地区", ["北京", "天津", "河北", "上海", "江苏"]), ("中部地区", ["山西", "安徽", "江西", "河南"]),
              ("西部地区", ["内蒙古", "广西", "重庆", "四川", "贵州", "云南"]), ("东北地区", ["辽宁", "吉林", "黑龙江"])]
    rows = [["地区", "省份", "一般公共预算收入", "其中：税收收入", "税收占比", "一般公共预算支出"]]
    merges = []
    for g, provs in groups:
        start = len(rows)
        for k, p in enumerate(provs):
            inc = R.randint(80000, 1300000)
            tax = int(inc * R.uniform(0.55, 0.85))
            rows.append([g if k == 0 else None, p, N(inc, "int"), N(tax, "int"), P(pct_t(tax, inc)),
                         N(int(inc * R.uniform(1.2, 3.5)), "int")])
        merges.append((start, 0, len(rows) - 1, 0))
    rows[9][5] = None
    return dict(tables=[Table(rows, hdr=1, merges=merges, title="分地区一般公共预算收支情况表",
                              unit="单位：百万元", note="注：空白表示数据暂缺。", style="full", widths={0: 12})])


def case08():
    """Wrapped long labels (2-3 lines) and a wrapped header, full borders."""
    progs = ["Grants to local authorities for road maintenance and winter services",
             "Rural broadband",
             "Support for small and medium-sized enterprises affected by flooding in the northern districts",
             "School meals",
             "Modernisation of the land registry and cadastral information systems",
             "Veterans' pensions",
             "Contribution to the regional water and sanitation investment fund",
             "Public libraries", "Emergency housing assistance for displaced households and refugees"]
    rows = [["Programme", "Appropriation as enacted (thousand $)", "Supplementary estimates (thousand $)",
             "Total available (thousand $)", "Expenditure to 31 December", "Per cent of total available"]]
    tot = [0, 0, 0, 0]
    for p in progs:
        a = R.randint(900, 88000)
        s = R.choice([0, 0, R.randint(-3000, 9000)])
        t = a + s
        e = int(t * R.uniform(0.4, 0.98))
        rows.append([p, N(a, "int"), N(s, "neg") if s else "-", N(t, "int"), N(e, "int"), P(pct_t(e, t))])
        for i, x in enumerate((a, s, t, e)):
            tot[i] += x
    rows.append(["Total", N(tot[0], "int"), N(tot[1], "neg"), N(tot[2], "int"), N(tot[3], "int"),
                 P(pct_t(tot[3], tot[2]))])
    return dict(tables=[Table(rows, hdr=1, bold={len(rows) - 1}, title="Budget execution by programme",
                              wrap_cols={0}, hdr_wrap=True, style="full",
                              widths={0: 27, 1: 14, 2: 14, 3: 13, 4: 13, 5: 11})])


def case09():
    """Two tables on one sheet: full borders, then header-and-bottom rules. Chinese."""
    r1 = [["项目", "预算数", "执行数", "执行率"]]
    it1 = ["国有土地使用权出让收入", "城市基础设施配套费收入", "污水处理费收入", "彩票公益金收入", "其他政府性基金收入"]
    s = [0, 0]
    for n in it1:
        b = R.randint(2000, 900000); a = int(b * R.uniform(0.6, 1.1))
        r1.append([n, N(b, "int"), N(a, "int"), P(pct_t(a, b))]); s[0] += b; s[1] += a
    r1.append(["收入合计", N(s[0], "int"), N(s[1], "int"), P(pct_t(s[1], s[0]))])
    r2 = [["项目", "预算数", "执行数", "执行率"]]
    it2 = ["城乡社区支出", "农林水支出", "文化旅游体育与传媒支出", "社会保障和就业支出", "债务付息支出", "其他支出"]
    s = [0, 0]
    for n in it2:
        b = R.randint(1000, 600000); a = int(b * R.uniform(0.5, 1.05))
        r2.append([n, N(b, "int"), N(a, "int"), P(pct_t(a, b))]); s[0] += b; s[1] += a
    r2[5][2] = None
    r2[5][3] = None
    r2.append(["支出合计", N(s[0], "int"), N(s[1], "int"), P(pct_t(s[1], s[0]))])
    return dict(tables=[Table(r1, bold={len(r1) - 1}, title="表一  政府性基金预算收入执行情况", unit="单位：万元",
                              style="full"),
                        Table(r2, bold={len(r2) - 1}, title="表二  政府性基金预算支出执行情况", unit="单位：万元",
                              note="注：债务付息支出执行数待清算后确定。", style="headbottom")],
                gap=2)


def case10():
    """A long table spanning two pages; header repeated on page 2 (print titles). Full borders."""
    tree = [("201", "一般公共服务支出", ["人大事务", "政协事务", "政府办公厅（室）及相关机构事务", "发展与改革事务",
                                   "统计信息事务", "财政事务", "税收事务", "审计事务", "人力资源事务", "纪检监察事务",
                                   "商贸事务", "市场监督管理事务"]),
            ("203", "国防支出", ["国防动员"]),
            ("204", "公共安全支出", ["武装警察部队", "公安", "检察", "法院", "司法"]),
            ("205", "教育支出", ["教育管理事务", "普通教育", "职业教育", "成人教育", "特殊教育", "教师进修及干部继续教育"]),
            ("206", "科学技术支出", ["科学技术管理事务", "技术研究与开发", "科技条件与服务", "科学技术普及"]),
            ("207", "文化旅游体育与传媒支出", ["文化和旅游", "文物", "体育", "新闻出版电影", "广播电视"]),
            ("208", "社会保障和就业支出", ["人力资源和社会保障管理事务", "民政管理事务", "行政事业单位养老支出", "就业补助",
                                     "抚恤", "退役安置", "社会福利", "残疾人事业", "最低生活保障", "临时救助"]),
            ("210", "卫生健康支出", ["卫生健康管理事务", "公立医院", "基层医疗卫生机构", "公共卫生", "中医药", "计划生育事务",
                                "行政事业单位医疗"]),
            ("211", "节能环保支出", ["环境保护管理事务", "污染防治", "自然生态保护", "能源节约利用"]),
            ("212", "城乡社区支出", ["城乡社区管理事务", "城乡社区规划与管理", "城乡社区公共设施", "城乡社区环境卫生"]),
            ("213", "农林水支出", ["农业农村", "林业和草原", "水利", "巩固脱贫攻坚成果衔接乡村振兴", "农村综合改革"]),
            ("214", "交通运输支出", ["公路水路运输", "车辆购置税支出"])]
    rows = [["科目编码", "科目名称", "预算数", "调整预算数", "执行数", "执行率"]]
    bold = set()
    for code, name, subs in tree:
        subrows = []
        tb = ta = tx = 0
        for k, sname in enumerate(subs):
            b = R.randint(50, 60000)
            adj = b + R.choice([0, 0, R.randint(-int(b * 0.2), int(b * 0.3))])
            x = int(adj * R.uniform(0.7, 1.02))
            subrows.append([code + "%02d" % (k + 1), "  " + sname, N(b, "int"), N(adj, "int"), N(x, "int"),
                            P(pct_t(x, adj))])
            tb += b; ta += adj; tx += x
        bold.add(len(rows))
        rows.append([code, name, N(tb, "int"), N(ta, "int"), N(tx, "int"), P(pct_t(tx, ta))])
        rows += subrows
    return dict(tables=[Table(rows, hdr=1, bold=bold, title="2023年一般公共预算支出执行情况表（按功能分类）",
                              unit="单位：万元", style="full", widths={0: 10})],
                title_rows="3:3")


def case11():
    """Landscape wide table, 14 columns, a horizontal rule under every row, no verticals."""
    inds = [("Electricity generation (GWh)", "int", 18000, 26000), ("  of which renewable (GWh)", "int", 4000, 9000),
            ("Crude steel output (kt)", "int", 700, 1100), ("Cement (kt)", "int", 900, 2400),
            ("Retail sales index (2015=100)", "d1", 108, 131), ("Consumer prices, y/y (%)", "pct", -6, 42),
            ("Unemployment rate (%)", "pct", 38, 61), ("Passenger car registrations", "int", 21000, 54000),
            ("Building permits issued", "int", 800, 3100), ("Exports (million $)", "int", 9000, 15000),
            ("Imports (million $)", "int", 8500, 16000), ("Trade balance (million $)", "bal", 0, 0)]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    rows = [["Indicator"] + months + ["Year"]]
    exp = imp = None
    for name, kind, lo, hi in inds:
        r = [name]
        if kind == "int":
            vs = [R.randint(lo, hi) for _ in months]
            r += [N(v, "int") for v in vs] + [N(sum(vs), "int")]
            if name.startswith("Exports"):
                exp = vs
            if name.startswith("Imports"):
                imp = vs
        elif kind == "d1":
            vs = [R.randint(lo * 10, hi * 10) / 10 for _ in months]
            r += [N(v, "d1") for v in vs] + [N(round(sum(vs) / 12, 1), "d1")]
        elif kind == "pct":
            vs = [R.randint(lo, hi) for _ in months]
            r += [P(v) for v in vs] + [P(int(sum(vs) / 12 + 0.5))]
        else:
            vs = [a - b for a, b in zip(exp, imp)]
            r += [N(v, "neg") for v in vs] + [N(sum(vs), "neg")]
        rows.append(r)
    rows[8][12] = None  # December not yet published
    rows[8][13] = None
    return dict(tables=[Table(rows, hdr=1, title="Monthly economic indicators, 2023",
                              note="Blank: not yet published.", style="hrules_all", widths={0: 30})],
                landscape=True)


def case12():
    """三公经费 table: three-level merged header, header-and-bottom rules only, Chinese."""
    rows = [["单位名称", "合计", "因公出国（境）费", "公务用车购置及运行费", None, None, "公务接待费"],
            [None, None, None, "小计", "公务用车购置费", "公务用车运行费", None]]
    units = ["市财政局", "市教育局", "市卫生健康委员会", "市交通运输局", "市生态环境局", "市农业农村局", "市统计局"]
    tot = [0] * 6
    for u in units:
        ab = R.choice([0, R.randint(2, 40)])
        buy = R.choice([0, 0, R.randint(15, 60)])
        run = R.randint(3, 45)
        rec = R.randint(1, 25)
        v = [ab + buy + run + rec, ab, buy + run, buy, run, rec]
        tot = [a + b for a, b in zip(tot, v)]
        rows.append([u] + [N(x, "d1") if x else None for x in [x / 1.0 for x in v]])
    rows.append(["合计"] + [N(x, "d1") for x in [x / 1.0 for x in tot]])
    merges = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 0, 5), (0, 6, 1, 6)]
    return dict(tables=[Table(rows, hdr=2, merges=merges, bold={len(rows) - 1},
                              title="2024年市级部门“三公”经费预算表", unit="单位：万元",
                              note="注：空白表示该项无预算。", style="headbottom")])


def case13():
    """No borders: merged row headers (vertically centred) and wrapped Chinese labels, Chinese."""
    groups = [("一般公共预算", ["税收返还和转移支付收入", "上年结转结余及调入预算稳定调节基金", "地方政府一般债务收入"]),
              ("政府性基金预算", ["上级补助收入", "地方政府专项债务收入", "上年结余"]),
              ("国有资本经营预算", ["国有资本经营收入", "上级补助收入"])]
    rows = [["预算类别", "项目", "2022年执行数", "2023年预算数", "增减额", "增减%"]]
    merges = []
    for g, items in groups:
        start = len(rows)
        for k, it in enumerate(items):
            a = R.randint(3000, 420000)
            b = int(a * R.uniform(0.8, 1.25))
            rows.append([g if k == 0 else None, it, N(a, "int"), N(b, "int"), N(b - a, "neg"),
                         ("num", growth_t(b, a) / 1000, "pct1")])
        merges.append((start, 0, len(rows) - 1, 0))
    rows[8][2] = None
    rows[8][4] = None
    rows[8][5] = None
    return dict(tables=[Table(rows, hdr=1, merges=merges, title="2023年转移性收入预算表", unit="单位：万元",
                              note="注：国有资本经营预算上级补助收入为新增项目。", style="none",
                              wrap_cols={0, 1}, widths={0: 10, 1: 20})])


CASES_FN = [("xls01_full_budget_cn", case01), ("xls02_headbottom_en", case02), ("xls03_booktabs", case03),
            ("xls04_noborders", case04), ("xls05_zebra_cn", case05), ("xls06_merged_header", case06),
            ("xls07_merged_rowhdr_cn", case07), ("xls08_wrapped", case08), ("xls09_two_tables_cn", case09),
            ("xls10_two_pages_cn", case10), ("xls11_wide_landscape", case11), ("xls12_sangong_cn", case12),
            ("xls13_unruled_rowhdr_cn", case13)]


def build(name, spec):
    global FONT
    FONT = "SimSun" if name.endswith("_cn") else "Arial"
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    tables = spec["tables"]
    r = 1
    widths = [0] * max(t.ncol for t in tables)
    for t in tables:
        for j, w in enumerate(t.col_widths()):
            widths[j] = max(widths[j], w)
    for k, t in enumerate(tables):
        r = place(ws, t, r)
        r += spec.get("gap", 0)
    set_widths(ws, widths)
    page(ws, landscape=spec.get("landscape", False), fit_width=True,
         title_rows=spec.get("title_rows"))
    path = os.path.join(XLSX, name + ".xlsx")
    wb.save(path)
    return path


def main():
    only = ARGS
    for d in (XLSX, PDF, CASES):
        os.makedirs(d, exist_ok=True)
    manifest = []
    paths = []
    for name, fn in CASES_FN:
        spec = fn()
        if only and name not in only:
            continue
        paths.append(build(name, spec))
        grids = [t.truth() for t in spec["tables"]]
        with open(os.path.join(CASES, name + ".expected.tsv"), "w", encoding="utf-8") as f:
            f.write("\n\n".join("\n".join("\t".join(r) for r in g) for g in grids) + "\n")
        shape = ";".join("%dx%d" % (len(g), len(g[0])) for g in grids)
        manifest.append([name, "xls", "", name + ".pdf", "", "", "no", "", "", shape, "table", "", ""])
    if not paths:
        sys.exit("no such case: " + " ".join(only))
    # A profile of its own: a LibreOffice already running (or a stale lock) would hold the default.
    profile = "-env:UserInstallation=file://" + os.path.join(XLSX, "profile")
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", PDF] + paths, check=True,
                   stdout=subprocess.DEVNULL)
    if not only:
        with open(os.path.join(CASES, "cases.tsv"), "w", encoding="utf-8") as f:
            f.write("\t".join("case source tests pdf page flavor special special_kinds settings shape kind "
                              "variant_group data_vars".split()) + "\n")
            for m in manifest:
                f.write("\t".join(m) + "\n")


if __name__ == "__main__":
    main()
