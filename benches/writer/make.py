#!/usr/bin/env python3
"""Word-processor table collection: .docx written with python-docx in the styles Chinese government
offices use in Word, exported to PDF by LibreOffice Writer, with truth grids for score_grids.py.

    python3 benches/writer/make.py [--out OUT] [CASE...]    # default OUT: testdata/writer

writes OUT/<case>.pdf, OUT/<case>.expected.tsv and OUT/cases.tsv (the documents go to a scratch
folder). Needs python-docx and LibreOffice Writer (soffice) with fonts-wqy-zenhei and
fonts-liberation; the PDFs differ a little with LibreOffice's version and fonts, so the
committed ones are the reference.

Cell spec: a str ("\\n" = a new paragraph inside the cell), or a dict(t=text, cs=colspan, rs=rowspan,
al='l'|'c'|'r', ind=left indent in chars).  Truth: a merged cell's text in its top-left slot, covered
slots empty; a multi-paragraph cell's truth is its paragraphs joined (the scorer drops whitespace).
"""
import os
import random
import subprocess
import sys

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

import tempfile

ARGS = sys.argv[1:]
CASES = "testdata/writer"
if ARGS[:1] == ["--out"] and len(ARGS) >= 2:
    CASES, ARGS = ARGS[1], ARGS[2:]
ROOT = tempfile.mkdtemp()
DOCX = os.path.join(ROOT, "docx")
PROFILE = "file://" + os.path.join(ROOT, "profile")
R = random.Random(20240917)

CN_FONT = "宋体"
LAT_FONT = "Times New Roman"


# ---------------------------------------------------------------- helpers
def cell(c):
    return dict(t=c) if isinstance(c, str) else c


def isnum(s):
    s = s.strip()
    return bool(s) and all(ch in "0123456789,.-%()+" for ch in s) and any(ch.isdigit() for ch in s)


def num(lo, hi, dec=0, neg_p=0.0):
    v = R.uniform(lo, hi)
    if R.random() < neg_p:
        v = -v
    return ("{:,.%df}" % dec).format(v)


def pct(lo=-30, hi=130):
    return "%.1f" % R.uniform(lo, hi)


def place(rows):
    """Rows of cell specs -> (nrows, ncols, list of (i, j, spec))."""
    occupied = {}
    placed = []
    for i, row in enumerate(rows):
        j = 0
        for c in row:
            c = cell(c)
            while (i, j) in occupied:
                j += 1
            cs, rs = c.get("cs", 1), c.get("rs", 1)
            for di in range(rs):
                for dj in range(cs):
                    occupied[(i + di, j + dj)] = True
            placed.append((i, j, c))
            j += cs
    nrows = max(i for i, _ in occupied) + 1
    ncols = max(j for _, j in occupied) + 1
    return nrows, ncols, placed


def truth_of(rows):
    nrows, ncols, placed = place(rows)
    g = [[""] * ncols for _ in range(nrows)]
    for i, j, c in placed:
        g[i][j] = c["t"].replace("\n", "")
    return g


def set_run_font(run, size, cn=CN_FONT, lat=LAT_FONT, bold=False):
    run.font.size = Pt(size)
    run.font.name = lat
    run.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), cn)
    rfonts.set(qn("w:ascii"), lat)
    rfonts.set(qn("w:hAnsi"), lat)


def para(doc, text, size=12, align=None, bold=False, indent=True, cn=CN_FONT, space_after=0):
    p = doc.add_paragraph()
    pf = p.paragraph_format
    pf.space_after = Pt(space_after)
    pf.space_before = Pt(0)
    if indent:
        pf.first_line_indent = Pt(size * 2)
    if align == "c":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "r":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_run_font(p.add_run(text), size, cn=cn, bold=bold)
    return p


def _border(tag, val="single", sz=4):
    el = OxmlElement("w:" + tag)
    el.set(qn("w:val"), val)
    el.set(qn("w:sz"), str(sz))
    el.set(qn("w:space"), "0")
    el.set(qn("w:color"), "000000" if val != "nil" else "auto")
    return el


def set_tbl_borders(table, spec):
    """spec: dict edge -> (val, sz); edges missing -> nil."""
    tblPr = table._tbl.tblPr
    old = tblPr.find(qn("w:tblBorders"))
    if old is not None:
        tblPr.remove(old)
    b = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        val, sz = spec.get(edge, ("nil", 0))
        b.append(_border(edge, val, sz))
    look = tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(b)
    else:
        tblPr.append(b)


def set_tc_border(tc, edge, val="single", sz=8):
    tcPr = tc.get_or_add_tcPr()
    tb = tcPr.find(qn("w:tcBorders"))
    if tb is None:
        tb = OxmlElement("w:tcBorders")
        after = None
        for tag in ("w:tcW", "w:gridSpan", "w:vMerge"):
            e = tcPr.find(qn(tag))
            if e is not None:
                after = e
        if after is not None:
            after.addnext(tb)
        else:
            tcPr.insert(0, tb)
    old = tb.find(qn("w:" + edge))
    if old is not None:
        tb.remove(old)
    order = ["top", "left", "bottom", "right"]
    el = _border(edge, val, sz)
    # keep schema order top, left, bottom, right
    for k, e in enumerate(list(tb)):
        if order.index(e.tag.split("}")[1]) > order.index(edge):
            e.addprevious(el)
            break
    else:
        tb.append(el)


BORDERS = {
    "grid": {e: ("single", 4) for e in ("top", "left", "bottom", "right", "insideH", "insideV")},
    "box": {e: ("single", 8) for e in ("top", "left", "bottom", "right")},
    "none": {},
    "hrules": {"top": ("single", 12), "bottom": ("single", 12), "insideH": ("single", 4)},
    "threeline": {"top": ("single", 12), "bottom": ("single", 12)},
}


def add_table(doc, t):
    """t: dict(rows=[rows], head=n header rows, widths=[cm], borders=key, size=pt, repeat=bool,
    style=str|None, vcenter=bool, header_rule=bool, cellmar=cm, bold_head=bool)."""
    rows = t["rows"]
    nrows, ncols, placed = place(rows)
    table = doc.add_table(rows=nrows, cols=ncols, style=t.get("style"))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    set_tbl_borders(table, BORDERS[t.get("borders", "grid")])
    widths = t.get("widths") or [15.0 / ncols] * ncols
    for j, w in enumerate(widths):
        table.columns[j].width = Cm(w)
        for r in table.rows:
            r.cells[j].width = Cm(w)
    if t.get("cellmar") is not None:
        tblPr = table._tbl.tblPr
        mar = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            e = OxmlElement("w:" + side)
            e.set(qn("w:w"), str(int(t["cellmar"] * 567)))
            e.set(qn("w:type"), "dxa")
            mar.append(e)
        tblPr.find(qn("w:tblLook")).addprevious(mar)
    size = t.get("size", 10.5)
    nhead = t.get("head", 1)
    # merges first (python-docx concatenates texts of merged cells), then the text
    for i, j, c in placed:
        cs, rs = c.get("cs", 1), c.get("rs", 1)
        if cs > 1 or rs > 1:
            table.cell(i, j).merge(table.cell(i + rs - 1, j + cs - 1))
    for i, j, c in placed:
        tc = table.cell(i, j)
        lines = c["t"].split("\n")
        head = i < nhead
        al = c.get("al")
        if al is None:
            if head:
                al = "c"
            elif isnum(c["t"]) and j > 0:
                al = "r"
            else:
                al = t.get("align_body", "l")
        for k, ln in enumerate(lines):
            p = tc.paragraphs[0] if k == 0 else tc.add_paragraph()
            pf = p.paragraph_format
            pf.space_after = Pt(0)
            pf.space_before = Pt(0)
            p.alignment = {"l": WD_ALIGN_PARAGRAPH.LEFT, "c": WD_ALIGN_PARAGRAPH.CENTER,
                           "r": WD_ALIGN_PARAGRAPH.RIGHT}[al]
            if c.get("ind"):
                pf.left_indent = Pt(size * c["ind"])
            if t.get("line_exact"):
                pf.line_spacing = Pt(t["line_exact"])
            sz = size - 1.5 if (k > 0 and c.get("small_sub")) else size
            set_run_font(p.add_run(ln), sz, cn=t.get("cn", CN_FONT), bold=head and t.get("bold_head", True) and k == 0)
        if head and t.get("shade_head"):
            tcPr = tc._tc.get_or_add_tcPr()
            shd = OxmlElement("w:shd")
            shd.set(qn("w:val"), "clear")
            shd.set(qn("w:color"), "auto")
            shd.set(qn("w:fill"), t["shade_head"])
            tcPr.append(shd)
        if t.get("vcenter", True):
            tc.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    if t.get("repeat"):
        for r in table.rows[:nhead]:
            trPr = r._tr.get_or_add_trPr()
            trPr.append(OxmlElement("w:tblHeader"))
    if t.get("header_rule"):
        for tc in table.rows[nhead - 1]._tr.tc_lst:
            set_tc_border(tc, "bottom", "single", 8)
    return table


def new_doc(landscape=False, size=12):
    doc = Document()
    st = doc.styles["Normal"]
    st.font.size = Pt(size)
    st.font.name = LAT_FONT
    st.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CN_FONT)
    st.paragraph_format.space_after = Pt(0)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin = sec.bottom_margin = Cm(2.54)
    sec.left_margin = sec.right_margin = Cm(3.18)
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    return doc


def landscape_section(doc):
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    sec.top_margin = sec.bottom_margin = Cm(2.0)
    sec.left_margin = sec.right_margin = Cm(2.54)
    return sec


FILLER = ("根据《中华人民共和国预算法》及有关规定，现将本年度有关情况报告如下。各地区、各部门要高度重视，"
          "认真组织实施，确保各项任务按时保质完成，并于规定时间内将落实情况报送我局。")
FILLER2 = ("下一步，我们将继续坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加强财政资源统筹，"
           "强化预算执行管理，切实提高资金使用效益。")

CASES_DEF = []


def case(name, build):
    CASES_DEF.append((name, build))


REV_ITEMS = ["一般公共预算收入", "税收收入", "增值税", "企业所得税", "个人所得税", "资源税", "城市维护建设税",
             "房产税", "印花税", "城镇土地使用税", "土地增值税", "车船税", "耕地占用税", "契税", "环境保护税",
             "非税收入", "专项收入", "行政事业性收费收入", "罚没收入", "国有资源（资产）有偿使用收入", "其他收入"]
EXP_ITEMS = ["一般公共服务支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出", "文化旅游体育与传媒支出",
             "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出", "农林水支出", "交通运输支出",
             "资源勘探工业信息等支出", "商业服务业等支出", "金融支出", "自然资源海洋气象等支出", "住房保障支出",
             "粮油物资储备支出", "灾害防治及应急管理支出", "债务付息支出", "其他支出"]
TOWNS = ["城关镇", "东关街道", "西城街道", "南湖镇", "北山镇", "青石镇", "柳河乡", "白沙镇", "红星乡", "双桥镇",
         "龙泉镇", "高新区管委会"]
UNITS = ["县发展改革局", "县财政局", "县教育局", "县卫生健康局", "县民政局", "县人力资源社会保障局", "县自然资源局",
         "县住房城乡建设局", "县交通运输局", "县农业农村局", "县水利局", "县商务局", "县文化旅游局", "县应急管理局",
         "县市场监管局", "县医保局", "县统计局", "县审计局"]
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷", "徐강", "孙丽"]
NAMES[10] = "徐强"


# ---------------------------------------------------------------- d01 grid, caption + unit + note
def b01(doc):
    para(doc, "关于2023年全县一般公共预算收入决算情况的报告", 16, align="c", bold=True, indent=False, space_after=6)
    para(doc, FILLER)
    para(doc, "2023年全县一般公共预算收入完成情况见表1。")
    para(doc, "表1  2023年全县一般公共预算收入决算表", 12, align="c", bold=True, indent=False, space_after=3)
    para(doc, "单位：万元", 10.5, align="r", indent=False)
    rows = [["项目", "预算数", "决算数", "决算数为预算数的%", "比上年增长%"]]
    for it in REV_ITEMS[:15]:
        rows.append([it, num(1000, 900000), num(1000, 900000), pct(60, 130), pct(-20, 40)])
    rows.append(["合计", num(1e6, 3e6), num(1e6, 3e6), pct(90, 110), pct(0, 10)])
    add_table(doc, dict(rows=rows, style="Table Grid", borders="grid", widths=[5.0, 2.6, 2.6, 2.6, 2.2]))
    para(doc, "注：1.本表数据为快报数，最终以决算批复为准。2.比上年增长按可比口径计算。", 10.5, indent=False)
    para(doc, FILLER2)
    return [rows]


case("doc01_grid_caption_cn", b01)


# ---------------------------------------------------------------- d02 box + header rule only
def b02(doc):
    para(doc, "附件2", 12, bold=True, indent=False, space_after=6)
    para(doc, "2023年度各乡镇（街道）财政收支情况表", 15, align="c", bold=True, indent=False, space_after=6)
    para(doc, FILLER)
    rows = [["乡镇（街道）", "一般公共预算收入", "上级补助收入", "一般公共预算支出", "收支差额", "增幅%"]]
    for tw in TOWNS:
        rows.append([tw, num(500, 90000), num(500, 50000), num(500, 120000), num(0, 30000, neg_p=0.4), pct(-15, 35)])
    add_table(doc, dict(rows=rows, borders="box", header_rule=True, widths=[3.0, 2.6, 2.4, 2.6, 2.2, 1.8]))
    para(doc, "")
    para(doc, FILLER2)
    return [rows]


case("doc02_box_header_cn", b02)


# ---------------------------------------------------------------- d03 no borders
def b03(doc):
    para(doc, "关于成立全县财政预算绩效管理工作领导小组的通知", 16, align="c", bold=True, indent=False, space_after=6)
    para(doc, "各乡镇人民政府、街道办事处，县直各部门：")
    para(doc, "为切实加强全县预算绩效管理工作，经研究，决定成立工作领导小组，成员名单如下：")
    rows = [["序号", "姓名", "工作单位", "职务", "联系电话"]]
    for k in range(12):
        rows.append([str(k + 1), NAMES[k], UNITS[k], R.choice(["局长", "副局长", "主任", "科长", "副主任"]),
                     "0%d-%d" % (R.randint(371, 379), R.randint(60000000, 69999999))])
    add_table(doc, dict(rows=rows, borders="none", widths=[1.4, 2.0, 5.0, 2.2, 3.6], align_body="l"))
    para(doc, "")
    para(doc, "领导小组办公室设在县财政局，负责日常工作。")
    return [rows]


case("doc03_noborder_list_cn", b03)


# ---------------------------------------------------------------- d04 3-level header, horizontal merges
def b04(doc):
    para(doc, "表3  2023年城乡居民基本医疗保险参保及补助情况表", 12, align="c", bold=True, indent=False, space_after=3)
    para(doc, "单位：人、万元", 10.5, align="r", indent=False)
    rows = [
        [dict(t="地区", rs=3), dict(t="参保人数", rs=3), dict(t="财政补助资金", cs=6)],
        [dict(t="合计", rs=2), dict(t="其中：中央", rs=2), dict(t="省级", cs=2), dict(t="市县", cs=2)],
        ["小计", "其中：困难人员", "小计", "其中：困难人员"],
    ]
    for tw in TOWNS[:10]:
        rows.append([tw, num(5000, 90000), num(500, 9000), num(200, 5000), num(100, 3000), num(10, 500),
                     num(100, 3000), num(10, 500)])
    rows.append(["合计", num(500000, 900000), num(50000, 90000), num(20000, 50000), num(10000, 30000),
                 num(1000, 5000), num(10000, 30000), num(1000, 5000)])
    add_table(doc, dict(rows=rows, head=3, style="Table Grid", borders="grid", size=10,
                        widths=[2.4, 1.8, 1.7, 1.7, 1.6, 1.8, 1.6, 1.8]))
    para(doc, "注：困难人员包括特困人员、低保对象、返贫致贫人口等。", 10.5, indent=False)
    return [rows]


case("doc04_header3_merge_cn", b04)


# ---------------------------------------------------------------- d05 vertical merges in row header
def b05(doc):
    para(doc, "2024年部门整体支出绩效目标表", 15, align="c", bold=True, indent=False, space_after=6)
    para(doc, FILLER)
    rows = [["一级指标", "二级指标", "三级指标", "指标值", "分值"]]
    spec = [("产出指标", [("数量指标", ["培训人次", "督查项目数", "政策文件发布数"]),
                          ("质量指标", ["项目验收合格率", "资金拨付准确率"]),
                          ("时效指标", ["资金拨付及时率"])]),
            ("效益指标", [("社会效益指标", ["群众知晓率", "惠及困难群众人数"]),
                          ("可持续影响指标", ["长效机制建立情况"])]),
            ("满意度指标", [("服务对象满意度指标", ["服务对象满意度"])])]
    vals = ["≥3000人次", "≥45个", "≥12件", "100%", "≥98%", "≥95%", "≥90%", "≥5000人", "逐步完善", "≥90%"]
    k = 0
    for l1, subs in spec:
        n1 = sum(len(x[1]) for x in subs)
        first1 = True
        for l2, l3s in subs:
            first2 = True
            for l3 in l3s:
                r = []
                if first1:
                    r.append(dict(t=l1, rs=n1, al="c"))
                if first2:
                    r.append(dict(t=l2, rs=len(l3s), al="c"))
                r += [l3, dict(t=vals[k], al="c"), dict(t=str(R.choice([5, 10, 10, 15])), al="c")]
                rows.append(r)
                first1 = first2 = False
                k += 1
    add_table(doc, dict(rows=rows, style="Table Grid", borders="grid", widths=[2.4, 3.4, 4.4, 2.8, 1.6],
                        vcenter=True))
    para(doc, FILLER2)
    return [rows]


case("doc05_vmerge_rowheader_cn", b05)


# ---------------------------------------------------------------- d06 cells with several paragraphs
def b06(doc):
    para(doc, "2024年度培训项目经费预算明细表", 15, align="c", bold=True, indent=False, space_after=6)
    para(doc, "按照中央和国家机关培训费管理办法有关规定，编制本年度培训项目经费预算如下：")
    rows = [["费用项目\n（开支范围）", "标准\n（元/人·天）", "人数\n（人）", "天数\n（天）", "金额\n（万元）"]]
    items = [("住宿费\n（含会议室租金）", "400"), ("伙食费\n（含早中晚三餐）", "150"), ("场地费\n（含设备租赁）", "100"),
             ("资料费\n（教材、讲义印刷）", "30"), ("交通费\n（市内集中接送）", "50"), ("师资费\n（按职称分档）", "1,000"),
             ("其他费用\n（保险、医药等）", "20")]
    for lab, std in items:
        rows.append([dict(t=lab, small_sub=True), std, str(R.randint(80, 300)), str(R.randint(2, 5)), num(1, 60, 2)])
    rows.append(["合计", "", "", "", num(100, 200, 2)])
    add_table(doc, dict(rows=rows, style="Table Grid", borders="grid", widths=[4.4, 2.6, 2.0, 2.0, 2.6]))
    para(doc, "注：师资费按院士、全国知名专家每学时最高不超过1500元执行。", 10.5, indent=False)
    return [rows]


case("doc06_multipara_cells_cn", b06)


# ---------------------------------------------------------------- d07 long wrapping labels (任务分工)
def b07(doc):
    para(doc, "附件", 12, bold=True, indent=False, space_after=6)
    para(doc, "重点任务分工方案", 16, align="c", bold=True, indent=False, space_after=6)
    tasks = [
        ("深入推进财政管理体制改革，进一步理顺县与乡镇财政事权和支出责任划分", "县财政局", "各乡镇（街道）", "2024年6月底前"),
        ("健全完善预算绩效管理制度体系，将绩效目标管理覆盖所有政策和项目", "县财政局", "县直各部门", "2024年9月底前"),
        ("加强政府债务管理，严格落实化债方案，坚决遏制新增隐性债务", "县财政局、县发展改革局", "县审计局、县国资中心", "持续推进"),
        ("统筹用好中央和省级转移支付资金，优先保障基本民生支出", "县财政局", "县民政局、县人力资源社会保障局", "持续推进"),
        ("推进政府采购领域专项整治，优化营商环境，降低制度性交易成本", "县财政局、县市场监管局", "县直各部门", "2024年12月底前"),
        ("加快预算管理一体化系统建设，实现全县预算单位全覆盖", "县财政局", "县大数据中心", "2024年10月底前"),
        ("开展财会监督专项行动，严肃查处违反财经纪律行为", "县财政局、县审计局", "县纪委监委", "2024年11月底前"),
    ]
    rows = [["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]]
    for k, (a, b, c, d) in enumerate(tasks):
        rows.append([dict(t=str(k + 1), al="c"), a, b, c, dict(t=d, al="c")])
    add_table(doc, dict(rows=rows, style="Table Grid", borders="grid", widths=[1.2, 6.0, 2.8, 2.8, 2.2]))
    return [rows]


case("doc07_wrapped_labels_cn", b07)


# ---------------------------------------------------------------- d08 table over pages, header repeated
def b08(doc):
    para(doc, "2023年县级部门预算项目支出明细表", 15, align="c", bold=True, indent=False, space_after=6)
    para(doc, FILLER)
    para(doc, "单位：万元", 10.5, align="r", indent=False)
    rows = [["科目编码", "科目名称", "年初预算", "调整预算", "执行数", "执行率%"]]
    for k in range(64):
        code = "2%02d%02d%02d" % (R.randint(1, 30), R.randint(1, 20), R.randint(1, 99))
        rows.append([dict(t=code, al="c"), R.choice(EXP_ITEMS), num(10, 9000, 2), num(10, 9000, 2),
                     num(10, 9000, 2), pct(40, 110)])
    add_table(doc, dict(rows=rows, style="Table Grid", borders="grid", repeat=True,
                        widths=[2.0, 5.0, 2.1, 2.1, 2.1, 1.5]))
    para(doc, FILLER2)
    return [rows]


case("doc08_repeat_header_pages_cn", b08)


# ---------------------------------------------------------------- d09 landscape section
def b09(doc):
    para(doc, "关于报送2023年社会保障资金分月执行情况的函", 16, align="c", bold=True, indent=False, space_after=6)
    para(doc, FILLER)
    para(doc, FILLER2)
    para(doc, "具体情况详见附表（横排）。")
    landscape_section(doc)
    para(doc, "附表  2023年社会保障资金分月执行情况表", 12, align="c", bold=True, indent=False, space_after=3)
    para(doc, "单位：万元", 10.5, align="r", indent=False)
    months = ["%d月" % m for m in range(1, 13)]
    rows = [["项目"] + months + ["全年"]]
    for it in ["城乡居民养老保险", "城镇职工养老保险", "失业保险", "工伤保险", "医疗救助", "最低生活保障",
               "特困人员供养", "临时救助"]:
        rows.append([it] + [num(100, 9999) for _ in months] + [num(20000, 99999)])
    add_table(doc, dict(rows=rows, style="Table Grid", borders="grid", size=9,
                        widths=[3.4] + [1.6] * 12 + [1.8]))
    return [rows]


case("doc09_landscape_section_cn", b09)


# ---------------------------------------------------------------- d10 numbered items in first column
def b10(doc):
    para(doc, "表2  2024年部门收支预算总表", 12, align="c", bold=True, indent=False, space_after=3)
    para(doc, "单位：万元", 10.5, align="r", indent=False)
    items = [("一、基本支出", 0), ("（一）人员经费", 1), ("1.基本工资", 2), ("2.津贴补贴", 2), ("3.绩效工资", 2),
             ("4.机关事业单位基本养老保险缴费", 2), ("（二）公用经费", 1), ("1.办公费", 2), ("2.印刷费", 2),
             ("3.差旅费", 2), ("4.公务接待费", 2), ("二、项目支出", 0), ("（一）专项业务费", 1),
             ("（二）信息化建设运维", 1), ("三、上缴上级支出", 0)]
    rows = [["项目", "合计", "一般公共预算", "政府性基金预算", "其他资金"]]
    for lab, lvl in items:
        rows.append([dict(t=lab, ind=lvl), num(10, 5000, 2), num(10, 5000, 2),
                     "" if R.random() < 0.4 else num(1, 500, 2), "" if R.random() < 0.5 else num(1, 100, 2)])
    rows.append([dict(t="支出合计", al="c"), num(9000, 20000, 2), num(9000, 20000, 2), num(100, 900, 2),
                 num(10, 300, 2)])
    add_table(doc, dict(rows=rows, style="Table Grid", borders="grid", widths=[5.4, 2.4, 2.4, 2.4, 2.0]))
    para(doc, "注：本表“其他资金”含事业收入、经营收入及上年结转。", 10.5, indent=False)
    return [rows]


case("doc10_numbered_items_cn", b10)


# ---------------------------------------------------------------- d11 table split by Word into two
def b11(doc):
    para(doc, "2023年各乡镇（街道）重点项目投资完成情况", 15, align="c", bold=True, indent=False, space_after=6)
    para(doc, FILLER)
    head = ["乡镇（街道）", "项目个数", "计划投资", "完成投资", "完成率%"]
    rows1 = [head]
    for tw in TOWNS[:6]:
        rows1.append([tw, str(R.randint(3, 40)), num(1000, 90000), num(1000, 90000), pct(40, 120)])
    rows2 = []
    for tw in TOWNS[6:]:
        rows2.append([tw, str(R.randint(3, 40)), num(1000, 90000), num(1000, 90000), pct(40, 120)])
    w = [3.4, 2.0, 3.0, 3.0, 2.2]
    add_table(doc, dict(rows=rows1, style="Table Grid", borders="grid", widths=w))
    # Word's "Split Table" leaves one empty paragraph between the halves
    doc.add_paragraph()
    add_table(doc, dict(rows=rows2, head=0, style="Table Grid", borders="grid", widths=w))
    para(doc, "")
    para(doc, FILLER2)
    return [rows1, rows2]


case("doc11_split_table_cn", b11)


# ---------------------------------------------------------------- d12 dense 9pt table
def b12(doc):
    para(doc, "2023年全县规模以上工业企业主要经济指标", 14, align="c", bold=True, indent=False, space_after=4)
    para(doc, "单位：万元、%", 9, align="r", indent=False)
    rows = [["行业", "企业数", "工业总产值", "增速", "营业收入", "增速", "利润总额", "增速", "应交税金", "从业人数"]]
    inds = ["农副食品加工业", "食品制造业", "酒、饮料和精制茶制造业", "纺织业", "纺织服装、服饰业", "木材加工",
            "家具制造业", "造纸和纸制品业", "印刷和记录媒介复制业", "化学原料和化学制品制造业", "医药制造业",
            "橡胶和塑料制品业", "非金属矿物制品业", "黑色金属冶炼", "有色金属冶炼", "金属制品业", "通用设备制造业",
            "专用设备制造业", "汽车制造业", "电气机械和器材制造业", "计算机、通信和其他电子设备", "仪器仪表制造业",
            "电力、热力生产和供应业", "燃气生产和供应业", "水的生产和供应业"]
    for ind in inds:
        rows.append([ind, str(R.randint(2, 80)), num(1000, 999999), pct(-20, 30), num(1000, 999999), pct(-20, 30),
                     num(-5000, 90000), pct(-50, 80), num(100, 30000), num(100, 20000)])
    rows.append(["总计", str(R.randint(400, 900)), num(1e6, 9e6), pct(0, 10), num(1e6, 9e6), pct(0, 10),
                 num(1e5, 9e5), pct(-5, 15), num(1e4, 9e4), num(3e4, 9e4)])
    add_table(doc, dict(rows=rows, style="Table Grid", borders="grid", size=9, cellmar=0.08,
                        widths=[3.4, 1.0, 1.7, 1.0, 1.7, 1.0, 1.6, 1.0, 1.5, 1.4]))
    para(doc, "注：规模以上工业企业指年主营业务收入2000万元及以上的工业法人单位。", 9, indent=False)
    return [rows]


case("doc12_dense_9pt_cn", b12)


# ---------------------------------------------------------------- d13 English grid, merged header
def b13(doc):
    para(doc, "Annex 1. Quarterly Disbursement of the Rural Water Supply Programme", 13, align="c", bold=True,
         indent=False, space_after=6)
    para(doc, "The table below summarises disbursements by county for fiscal year 2023. Figures are in "
              "thousand USD and were reconciled with the treasury ledger at year end.", 11, indent=False)
    para(doc, "Table 1. Disbursement by county (USD thousand)", 11, align="c", bold=True, indent=False,
         space_after=3)
    rows = [[dict(t="County", rs=2), dict(t="Budget", rs=2), dict(t="Disbursed 2023", cs=4), dict(t="Total", rs=2),
             dict(t="Rate (%)", rs=2)],
            ["Q1", "Q2", "Q3", "Q4"]]
    for c in ["Anhua", "Baojing", "Chenxi", "Dongkou", "Fenghuang", "Guzhang", "Huitong", "Jingzhou", "Longshan"]:
        rows.append([c, num(500, 9000, 1), num(10, 2000, 1), num(10, 2000, 1), num(10, 2000, 1), num(10, 2000, 1),
                     num(500, 8000, 1), pct(50, 100)])
    rows.append(["Total", num(20000, 60000, 1), num(1000, 9000, 1), num(1000, 9000, 1), num(1000, 9000, 1),
                 num(1000, 9000, 1), num(20000, 50000, 1), pct(70, 95)])
    add_table(doc, dict(rows=rows, head=2, style="Table Grid", borders="grid", size=10,
                        widths=[2.8, 1.8, 1.6, 1.6, 1.6, 1.6, 1.9, 1.6]))
    para(doc, "Note: Q4 figures include payments made during the 15-day grace period.", 10, indent=False)
    return [rows]


case("doc13_grid_merged_header_en", b13)


# ---------------------------------------------------------------- d14 English three-line, wrapped text
def b14(doc):
    para(doc, "Table 2. Summary of audit findings and follow-up actions", 11, align="c", bold=True, indent=False,
         space_after=3)
    rows = [["No.", "Finding", "Responsible unit", "Amount (CNY)", "Status"]]
    finds = [("Procurement contracts signed before budget approval", "Finance Bureau", "1,250,000", "Rectified"),
             ("Special funds retained in county accounts for more than two years", "Agriculture Bureau", "836,400",
              "In progress"),
             ("Training expenses above the approved per-day standard", "Education Bureau", "42,800", "Rectified"),
             ("Fixed assets not registered in the asset management system", "Health Commission", "3,417,900",
              "In progress"),
             ("Subsidies paid to ineligible households", "Civil Affairs Bureau", "96,350", "Recovered"),
             ("Project completion audit not carried out", "Transport Bureau", "12,600,000", "Not started")]
    for k, (a, b, c, d) in enumerate(finds):
        rows.append([dict(t=str(k + 1), al="c"), a, b, c, dict(t=d, al="c")])
    add_table(doc, dict(rows=rows, borders="threeline", header_rule=True, widths=[1.2, 6.0, 3.2, 2.6, 2.2],
                        size=10.5))
    para(doc, "Source: County Audit Office, 2023 budget execution audit.", 10, indent=False)
    para(doc, "The responsible units shall report rectification results within 60 days.", 11, indent=False)
    return [rows]


case("doc14_threeline_wrapped_en", b14)


# ---------------------------------------------------------------- d15 horizontal rules only, 2 tables
def b15(doc):
    para(doc, "一、政府性基金预算收支情况", 14, bold=True, indent=False, space_after=4)
    para(doc, "全县政府性基金预算收入及支出情况如下。")
    para(doc, "表4  政府性基金收入", 11, align="c", bold=True, indent=False, space_after=3)
    rows1 = [["项目", "上年决算数", "本年预算数", "增减%"]]
    for it in ["国有土地使用权出让收入", "城市基础设施配套费收入", "污水处理费收入", "彩票公益金收入",
               "专项债务对应项目专项收入", "其他政府性基金收入"]:
        rows1.append([it, num(100, 90000), num(100, 90000), pct(-40, 40)])
    rows1.append(["收入合计", num(1e5, 3e5), num(1e5, 3e5), pct(-10, 10)])
    add_table(doc, dict(rows=rows1, borders="hrules", widths=[6.0, 3.0, 3.0, 2.4]))
    para(doc, "")
    para(doc, "表5  政府性基金支出", 11, align="c", bold=True, indent=False, space_after=3)
    rows2 = [["项目", "上年决算数", "本年预算数", "增减%"]]
    for it in ["文化旅游体育与传媒支出", "社会保障和就业支出", "城乡社区支出", "农林水支出", "其他支出",
               "债务付息支出"]:
        rows2.append([it, num(100, 90000), num(100, 90000), pct(-40, 40)])
    rows2.append(["支出合计", num(1e5, 3e5), num(1e5, 3e5), pct(-10, 10)])
    add_table(doc, dict(rows=rows2, borders="hrules", widths=[6.0, 3.0, 3.0, 2.4]))
    para(doc, "注：专项债务对应项目专项收入为新增科目。", 10.5, indent=False)
    return [rows1, rows2]


case("doc15_hrules_two_tables_cn", b15)


# ---------------------------------------------------------------- d16 shaded header, fixed line spacing, 仿宋
def b16(doc):
    para(doc, "附件3", 16, bold=True, indent=False, cn="黑体", space_after=6)
    para(doc, "2024年中央财政衔接推进乡村振兴补助资金分配表", 18, align="c", bold=False, indent=False,
         cn="方正小标宋简体", space_after=6)
    para(doc, "单位：万元", 12, align="r", indent=False, cn="仿宋_GB2312")
    rows = [[dict(t="序号", rs=2), dict(t="县（市、区）", rs=2), dict(t="分配金额", rs=2), dict(t="其中", cs=2),
             dict(t="备注", rs=2)], ["产业发展", "基础设施"]]
    cos = ["平江县", "浏阳市", "宁乡市", "望城区", "长沙县", "湘阴县", "汨罗市", "临湘市", "华容县"]
    for k, co in enumerate(cos):
        a = R.randint(500, 9000)
        b = R.randint(100, a)
        rows.append([dict(t=str(k + 1), al="c"), dict(t=co, al="c"), "{:,}".format(a), "{:,}".format(b),
                     "{:,}".format(a - b) if R.random() < 0.8 else dict(t="—", al="c"),
                     R.choice(["", "", "", "脱贫县", "含以工代赈"])])
    rows.append([dict(t="合计", cs=2, al="c"), "{:,}".format(R.randint(40000, 60000)),
                 "{:,}".format(R.randint(20000, 30000)), "{:,}".format(R.randint(10000, 20000)), ""])
    add_table(doc, dict(rows=rows, head=2, style="Table Grid", borders="grid", size=12, cn="仿宋_GB2312",
                        line_exact=22, shade_head="D9D9D9", widths=[1.4, 3.0, 2.6, 2.6, 2.6, 2.4]))
    para(doc, "注：资金用途须符合《中央财政衔接推进乡村振兴补助资金管理办法》规定。", 12, indent=False, cn="仿宋_GB2312")
    return [rows]


case("doc16_shaded_fangsong_cn", b16)


# ---------------------------------------------------------------- d17 rowspan across a page break, hrules
def b17(doc):
    para(doc, "2024年县级政府投资项目计划表", 15, align="c", bold=True, indent=False, space_after=6)
    for _ in range(6):
        para(doc, FILLER)
    rows = [["类别", "项目名称", "建设性质", "总投资", "年度计划"]]
    cats = [("交通运输", 9), ("农林水利", 14), ("社会事业", 12), ("城乡建设", 8)]
    kinds = ["新建", "续建", "改扩建"]
    for cat, n in cats:
        for k in range(n):
            r = [dict(t=cat, rs=n, al="c")] if k == 0 else []
            r += ["%s%s项目" % (R.choice(TOWNS), R.choice(["道路提质改造", "供水管网", "中小学校舍", "卫生院",
                                                        "污水处理", "农田水利", "河道治理", "养老服务中心"])),
                  dict(t=R.choice(kinds), al="c"), num(100, 50000), num(50, 20000)]
            rows.append(r)
    add_table(doc, dict(rows=rows, borders="hrules", repeat=True, widths=[2.4, 6.0, 2.0, 2.4, 2.4]))
    para(doc, FILLER2)
    return [rows]


case("doc17_rowspan_pagebreak_hrules_cn", b17)


def main():
    os.makedirs(DOCX, exist_ok=True)
    os.makedirs(CASES, exist_ok=True)
    only = ARGS
    manifest = ["case\tsource\ttests\tpdf\tpage\tflavor\tspecial\tspecial_kinds\tsettings\tshape\tkind\tvariant_group\tdata_vars"]
    paths = []
    for name, build in CASES_DEF:
        doc = new_doc()
        grids = [truth_of(r) for r in build(doc)]
        dp = os.path.join(DOCX, name + ".docx")
        doc.save(dp)
        paths.append(dp)
        with open(os.path.join(CASES, name + ".expected.tsv"), "w", encoding="utf-8") as f:
            f.write("\n\n".join("\n".join("\t".join(r) for r in g) for g in grids) + "\n")
        shape = ";".join("%dx%d" % (len(g), len(g[0])) for g in grids)
        manifest.append("%s\tdoc\t\t%s.pdf\t\t\tno\t\t\t%s\ttable\t\t" % (name, name, shape))
        print(name, shape, file=sys.stderr)
    with open(os.path.join(CASES, "cases.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(manifest) + "\n")
    subprocess.run(["soffice", "-env:UserInstallation=" + PROFILE, "--headless", "--convert-to", "pdf",
                    "--outdir", CASES] + paths, check=True, stdout=subprocess.DEVNULL, timeout=600)


if __name__ == "__main__":
    main()
