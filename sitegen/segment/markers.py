"""Marker rules: the printed signs that say what a line is (◎ column, □ byline, ◆ brief, ★ entry…)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sitegen.model import AUTHOR, Credit  # AUTHOR: the role of a name printed with no role word
from sitegen.segment.text import HAN

# Roles as newspapers print them before names, longest first so that 本报见习记者 beats 记者.
ROLES = (
    "新华社特约记者",
    "新华社通讯员",
    "人民日报记者",
    "本报特约记者",
    "本报见习记者",
    "本报实习记者",
    "本报摄影记者",
    "新华社记者",
    "中新社记者",
    "本报通讯员",
    "本报评论员",
    "特约记者",
    "见习记者",
    "实习记者",
    "摄影记者",
    "本报记者",
    "通讯员",
    "实习生",
    "记者",
    "作者",
)
# Bylines that name no person: the paper's or an agency's voice. They are bylines all the same.
VOICES = frozenset({"本报评论员", "本报特约评论员", "新华社评论员", "人民日报评论员", "本报记者", "本报通讯员"})
# Printed before names to say who wrote and who photographed: 文/图 本报记者 X, 文 X 图 Y.
_WORK_TOKENS = frozenset({"文", "图", "文图", "图文", "摄", "摄影"})
PHOTOGRAPHER = "摄影"  # role of a bare name before 摄 (王玮 摄)

# Han names run two to five characters; transliterated ones join parts with a middle dot.
_NAME = re.compile(rf"^(?:[{HAN}]{{2,5}}|[{HAN}]{{1,6}}(?:[·•][{HAN}]{{1,6}})+)$")
_ROLE_RE = re.compile("^(" + "|".join(ROLES) + ")")
# A line ending on a role word, or a role word and the first character of a name: a credit the
# wrap broke (…汲取奋进力量。本报记者 安 / 寅东 摄).
CREDIT_BROKEN = re.compile(r"(?:^|[\s。！？!?”）)])(?:" + "|".join(ROLES) + rf")\s*[{HAN}]{{0,2}}$")
BYLINE_SIGNS = "□■"
COLUMN_SIGN = "◎"
BRIEF_SIGN = "◆"
ENTRY_SIGN = "★"

# Common Chinese surnames, compound ones first. Used only to tell a ◎name byline from a
# ◎column mark that is not in the configured vocabulary.
_COMPOUND_SURNAMES = frozenset(
    ("欧阳", "司马", "上官", "诸葛", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文")
    + ("司徒", "令狐", "夏侯", "东方", "端木", "独孤", "南宫", "西门", "呼延")
)
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫"
    "孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅"
    "童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车"
    "项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛"
    "仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜"
    "海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜"
    "羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信"
    "展阴昝智幸奉植衡富尧闭由青"
)


def looks_like_name(token: str) -> bool:
    return bool(_NAME.match(token))


def compound_surname(token: str) -> bool:
    return token[:2] in _COMPOUND_SURNAMES


def looks_like_person(token: str) -> bool:
    """A name that starts with a known surname (for telling ◎郝佳丽 from ◎观潮)."""
    if not looks_like_name(token) or len(token) > (12 if "·" in token else 4):
        return False  # five characters or more without a middle dot: a phrase (信息集装箱), not a name
    return compound_surname(token) or token[0] in _SURNAMES


_TOKEN_SPLIT = re.compile(r"[\s、/]+")
_ENDS_PHOTO = re.compile(r"摄\s*[）)]?$")
_SOURCE_LINE = re.compile(r"[（(]\s*(来源|资料来源|摘自|据)[：:]?[^（）()]*[）)]")


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN_SPLIT.split(text) if t]


def parse_credits(text: str, default_role: str = AUTHOR) -> tuple[Credit, ...] | None:
    """Parse `本报记者 宋爽 通讯员 许文彬` (or bare names) into credits; None if it is not a credit line.

    A role applies to every name after it until the next role (□本报记者 白丹 杨柳).
    """
    role: str | None = None
    credits: list[Credit] = []
    for token in _tokens(text):
        if token in _WORK_TOKENS:
            continue  # 文/图: what the names after it did, not a name
        while token:
            m = _ROLE_RE.match(token)
            if not m:
                break
            role = m.group(1)
            token = token[m.end() :]
        if not token:
            continue
        if not looks_like_name(token):
            return None
        credits.append(Credit(token, role or default_role))
    return tuple(credits) if credits else None


_PHOTO_TAIL = re.compile(r"(?:^|(?<=[\s。！？!?”）)]))\s*[（(]?\s*[□■]?\s*([^。！？!?”（(，,.]{2,60}?)\s*摄\s*[）)]?$")


# A cartoon's caption ends on its artist after the last sentence: `…“到此一游”。 作者 郝立新`.
_DRAWN_TAIL = re.compile(r"(?<=[。！？!?”])\s+作者\s*([\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})?)$")


def split_photo_credit(text: str) -> tuple[str, tuple[Credit, ...]] | None:
    """Split a caption ending in `… 见习记者 高辉 通讯员 刘党 摄` into (caption, credits).

    Returns None when the text does not end in a parsable photo credit. The caption keeps
    everything before the credit; names with no role are credited as photographers.
    """
    text = text.rstrip()
    drawn = _DRAWN_TAIL.search(text)
    if drawn:
        credits = parse_credits(drawn.group(1), default_role=AUTHOR)
        return (text[: drawn.start()].rstrip(), credits) if credits else None
    if not _ENDS_PHOTO.search(text):
        return None
    m = _PHOTO_TAIL.search(text)
    if not m:
        return None
    credits = parse_credits(m.group(1), default_role=PHOTOGRAPHER)
    if not credits:
        return None
    return text[: m.start()].rstrip(), credits


def parse_photo_credit_line(line: str) -> tuple[Credit, ...] | None:
    """A line that is only a photo credit: `■本报记者 王玮 摄` or `本报记者 许敬 通讯员 包青松 摄`."""
    line = line.strip().lstrip(BYLINE_SIGNS).strip()
    if not line.endswith("摄"):
        return None
    return parse_credits(line[:-1], default_role=PHOTOGRAPHER)


def parse_byline(line: str) -> tuple[Credit, ...] | None:
    """`□本报记者 王塔娜`, `■通讯员 X`, `本报记者 白丹 杨柳`, `□赵静 武晓敏`, `文/图 本报记者 X` → credits;
    `本报评论员` → no credits but a byline all the same (); else None."""
    line = line.strip()
    bare = line.lstrip(BYLINE_SIGNS).strip()
    if bare in VOICES:
        return ()
    if line[:1] in BYLINE_SIGNS:
        return parse_credits(bare)
    if _ROLE_RE.match(line) or _WORK_START.match(line):
        return parse_credits(line)
    return None


_WORK_START = re.compile(r"^(?:文\s*[/／·]\s*图|图\s*[/／·]\s*文|文/摄)\s")


_PAREN_CREDIT = re.compile(r"[（(]\s*([^（）()]{2,40}?)\s*[）)]\s*$")


def split_paren_credit(text: str) -> tuple[str, tuple[Credit, ...]] | None:
    """A brief's trailing credit: `…新气象。 （本报记者 宋爽）` → (text before, credits)."""
    m = _PAREN_CREDIT.search(text)
    if not m:
        return None
    credits = parse_credits(m.group(1))
    if not credits:
        return None
    return text[: m.start()].rstrip(), credits


def signed_names(line: str, vocabulary: Iterable[str] = ()) -> tuple[str, ...] | None:
    """`◎ 刘振宇 高娃`, `◎郝佳丽`: the names after a ◎ when they are people's (each starts with a surname),
    not a column's (a configured column name, or a single word that is no name)."""
    rest = line.strip().lstrip(COLUMN_SIGN).strip()
    tokens = [t for t in re.split(r"[\s、]+", rest) if t]
    if not 1 <= len(tokens) <= 4 or rest in set(vocabulary) or COLUMN_SIGN in rest:
        return None
    if all(looks_like_person(t) for t in tokens):
        return tuple(tokens)
    return None


def parse_column_marks(line: str, vocabulary: Iterable[str] = ()) -> tuple[str, ...] | None:
    """`◎初心如磐`, `◎初心如磐 ◎每周一学`, or a bare known column name → the column names.

    `◎…：` opens a knowledge-box entry, not a column, so it returns None.
    """
    line = line.strip()
    if line.startswith(COLUMN_SIGN):
        if line.endswith(("：", ":")):
            return None
        names = tuple(p.strip() for p in line.split(COLUMN_SIGN) if p.strip())
        if names and all(len(n) <= 12 and not re.search(r"[，。；！？,.;!?]", n) for n in names):
            return names
        return None
    return (line,) if line in set(vocabulary) else None


def is_knowledge_entry(line: str) -> bool:
    """`★党的思想路线：` or `◎党的基层组织的设置：` opens an entry of a knowledge box."""
    line = line.strip()
    if line.startswith(ENTRY_SIGN):
        return True
    return line.startswith(COLUMN_SIGN) and ("：" in line or ":" in line) and len(line) <= 40


def is_source_line(line: str) -> bool:
    """`（来源：共产党员网）` closes a knowledge box."""
    return bool(_SOURCE_LINE.fullmatch(line.strip()))


def is_brief_start(line: str) -> bool:
    return line.strip().startswith(BRIEF_SIGN)


# 本报讯, 本报呼和浩特5月20日讯, 本报北京电, 新华社北京6月3日电, 中新社…电, 据新华社…电: the agency or
# the paper, a place and a date, then 讯 or 电.
_DATELINE_HEAD = re.compile(
    r"^(?:据)?(?:本报|新华社|中新社|人民日报|央视新闻|央广网|人民网)[\u4e00-\u9fff]{0,10}?"
    r"(?:\d{1,2}月\d{1,2}日)?(?:讯|电)"
)
_DATELINE_CREDIT = re.compile(r"\s*[（(]([^（）()]{2,40})[）)]")


def parse_dateline(text: str) -> tuple[Credit, ...] | None:
    """`本报讯（记者 张三 通讯员 李四）近日，…`, `本报通辽6月3日讯（记者 X）…`, `新华社北京6月3日电（记者 X Y）`
    open a news article: the credits in the parenthesis after the dateline.

    Returns () for a dateline without a parsable credit (`本报呼和浩特11月5日讯　记者从…`), None when the
    text has no dateline.
    """
    text = text.strip()
    head = _DATELINE_HEAD.match(text)
    if not head:
        return None
    paren = _DATELINE_CREDIT.match(text, head.end())
    return (parse_credits(paren.group(1)) or ()) if paren else ()


# Page furniture: the header a layout system prints over a page (its date, 版次 and section) and the
# footer naming its editors. Neither is an article; the 版面 page shows them as the page's own.
_EDITOR_ROLE = r"(?:责任编辑|本版编辑|本版责编|值班编辑|美术编辑|版式设计|责编|编辑|美编|版式|设计|校对|审校|组版|制图)"
_EDITOR = rf"{_EDITOR_ROLE}\s*[：:]\s*[{HAN}·]{{1,10}}"
_EDITORS_LINE = re.compile(rf"^(?:本版)?{_EDITOR}(?:\s*[|｜,，、;；/]?\s*{_EDITOR})*$")
_PAGE_NUMBER = re.compile(r"第\s*(?:\d{1,3}|[０-９]{1,3}|[一二三四五六七八九十]{1,3})\s*版")
_PRINTED_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_WEEKDAY = re.compile(r"星期[一二三四五六日天]|周[一二三四五六日]")
_CLAUSE = re.compile(r"[，。；！？,;!?]")


def is_editors_line(line: str) -> bool:
    """`责任编辑：王芳  版式设计：李明`, `本版编辑：赵敏 美编：王静`: a page's footer."""
    return bool(_EDITORS_LINE.match(line.strip()))


def is_page_header(line: str) -> bool:
    """`2023年11月6日 星期一 第03版 要闻`, `内蒙古日报 2024年9月23日 星期一 第07版`: a page's header line, a
    date printed with the 版次 or the weekday, a few words beside them and no sentence."""
    line = line.strip()
    if len(line) > 48 or _CLAUSE.search(line) or not _PRINTED_DATE.search(line):
        return False
    return bool(_PAGE_NUMBER.search(line) or _WEEKDAY.search(line))


def is_furniture(line: str) -> bool:
    return is_editors_line(line) or is_page_header(line)
