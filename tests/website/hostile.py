"""An archive made of hostile text: markup, script, template syntax, bidi controls and paths in every field.

Page text comes from OCR and from whoever typed it: none of it may run as code in a reader's browser,
be evaluated as a template, flip the text around it, or name a file outside the output folder. Each
string of ``HOSTILE`` lands in every field a page can fill:

- a Markdown page (``2024-01-01/NN.md``): the headline, a column mark (``## …``, the string being a
  configured column name), the body, and the page's name (版面, from issue.toml);
- a raw text page (``2024-01-02/NN.txt``): the kicker, headline and subtitle of an article, its body,
  and a photo's title and caption;
- a Markdown page with front matter (``2024-01-03/NN.md``): title, kicker, subtitle, column, author,
  credit role, region and county as given, which become folder names and chart labels too.

The bodies of the first two name 赤峰市红山区, so their items also fill that region's listings, and they
are credited to 王塔娜 or 王玮 (the segmenter takes only Han names from a byline). The site's own title and
newspaper name (sitegen.toml) are hostile too.

Scripts that run would set ``window.__pwned`` or open a dialog; the browser test watches for both.
"""

from __future__ import annotations

import json
from pathlib import Path

# One list, counted in the README. Each string is at most 31 characters (with 副 and dashes around it
# it must still read as a headline line, 36 at most) and holds no 。, ； or line break (they would end one).
HOSTILE: tuple[str, ...] = (
    # Markup and script, as text and as attribute breakouts.
    "<script>alert(1)</script>",
    "<script>__pwned=1</script>",
    "</script><script>alert(1)//",
    "<img src=x onerror=__pwned=1>",
    "<svg onload=alert(1)>",
    '"><script>__pwned=1</script>',
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)//",
    "<iframe onload=alert(1)>",
    "<a href=javascript:alert(1)>",
    "<style>*{display:none}</style>",
    # HTML comments and CDATA ends: they would swallow or end markup in HTML, scripts and XML.
    "<!--<script>alert(1)//-->",
    "<!-- 未闭合的注释",
    "]]><x>&amp;</x>",
    # Links a Markdown body would turn into javascript:, data: or vbscript: links.
    "[点](javascript:__pwned=1)",
    "[点](&#106;avascript:alert(1))",
    "[点](JaVaScRiPt&colon;alert(1))",
    "[点](java&#x09;script:alert(1))",
    "[点](data:text/html,<b>1</b>)",
    "[点](vbscript:msgbox(1))",
    "![图](javascript:alert(1))",
    "<javascript:alert(1)>",
    # Template syntax: printed as it is, never evaluated.
    "{{ 7*7 }}",
    "{{ 1234*5 }}",
    "{% if true %}真{% endif %}",
    "{{ self.__init__.__globals__ }}",
    "{# 模板注释 #}",
    # Bidi controls: an override or isolate left open reverses the text after it.
    "\u202egnp.exe",
    "\u2067مرحبا 右到左",
    "\u202b\u202d嵌套覆盖",
    "\u202c\u2069多余的结束符",
    # Paths.
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/etc/hosts",
)

# Template expressions that must never be evaluated: their results must appear in no output file.
EVALUATED = ("6170",)  # {{ 1234*5 }}

BASE_URL = "https://example.org/hostile/"
SITE_TITLE = "敌意文本档案 <script>window.__pwned=1</script>"
NEWSPAPER = "</title><b>{{ 7*7 }}</b>日报"
PAGE_WRITER = "王塔娜"
PHOTOGRAPHER = "王玮"
MD_DATE = "2024-01-01"
TXT_DATE = "2024-01-02"
FRONT_MATTER_DATE = "2024-01-03"


def _toml(text: str) -> str:
    """A TOML basic string: JSON's escapes (\\", \\\\, \\uXXXX) are TOML's too."""
    return json.dumps(text, ensure_ascii=True)


def md_page(n: int, text: str) -> str:
    """Column mark, headline, byline and body, all carrying ``text``."""
    return (
        f"## {text}\n\n"
        f"# 标题{n:02d} {text}\n\n"
        f"□本报记者 {PAGE_WRITER}\n\n"
        f"赤峰市红山区推进社区治理，正文里有 {text} 这段文字。\n\n"
        f"群众满意度不断提升，又一次写出 {text} 收尾。\n"
    )


def txt_page(n: int, text: str) -> str:
    """An article with kicker, headline and subtitle, then a photo with its title and caption."""
    return (
        f"引{text}——\n\n"
        f"题{text}——\n\n"
        f"——副{text}——\n\n"
        f"□本报记者 {PAGE_WRITER}\n\n"
        f"赤峰市红山区推进社区治理，正文里有 {text} 这段文字。\n\n"
        f"图{text}——\n\n"
        f"赤峰市红山区群众参加活动，图说 {text} 在此。 本报记者 {PHOTOGRAPHER} 摄\n"
    )


def front_matter_page(n: int, text: str) -> str:
    """One item file as sitegen writes them, every text key holding ``text`` (JSON strings are YAML)."""
    q = _toml(text)
    return (
        "---\n"
        f"title: {_toml(f'卷首{n:02d} {text}')}\n"
        f"kicker: {q}\n"
        f"subtitle: {q}\n"
        f"column: {q}\n"
        f"credits: [{{name: {q}, role: {q}}}]\n"
        f"region: {q}\n"
        f"county: {q}\n"
        "---\n\n"
        f"卷首语 {text} 正文。\n"
    )


def config(theme: str = "default") -> str:
    columns = ", ".join(_toml(t) for t in HOSTILE)
    return (
        f"title = {_toml(SITE_TITLE)}\n"
        f"newspaper = {_toml(NEWSPAPER)}\n"
        f"base_url = {_toml(BASE_URL)}\n"
        f"theme = {_toml(theme)}\n"
        "[segment]\n"
        f"columns = [{columns}]\n"
    )


def write_archive(root: Path, theme: str = "default") -> Path:
    """Write the hostile archive (sitegen.toml and content/) under ``root``; returns ``root``."""
    md_issue = root / "content" / MD_DATE
    txt_issue = root / "content" / TXT_DATE
    front_matter_issue = root / "content" / FRONT_MATTER_DATE
    for folder in (md_issue, txt_issue, front_matter_issue):
        folder.mkdir(parents=True)
    names = "\n".join(f'"{n:02d}" = {_toml(t)}' for n, t in enumerate(HOSTILE, start=1))
    (md_issue / "issue.toml").write_text(f"[pages]\n{names}\n", encoding="utf-8")
    for n, text in enumerate(HOSTILE, start=1):
        (md_issue / f"{n:02d}.md").write_text(md_page(n, text), encoding="utf-8")
        (txt_issue / f"{n:02d}.txt").write_text(txt_page(n, text), encoding="utf-8")
        (front_matter_issue / f"{n:02d}.md").write_text(front_matter_page(n, text), encoding="utf-8")
    (root / "sitegen.toml").write_text(config(theme), encoding="utf-8")
    return root
