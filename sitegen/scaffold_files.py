"""The files ``sitegen new`` writes: settings, one example issue, a README and a .gitignore.

Kept as text here, not as package data, so the package needs no file list to
ship them. The example pages are made up for this purpose; the places in them
are real so that the region finder has something to find.
"""

from __future__ import annotations

EXAMPLE_DATE = "2024-05-20"

SITEGEN_TOML = """\
# Settings for this archive. Every key is optional: a missing key takes the default given in
# its comment, and a misspelt key is an error naming its line.

# The site's title, on every page. Default: "数字报档案".
title = "示例日报 数字报档案"

# The paper's name, for the citation under each article. Default: "".
newspaper = "示例日报"

# Where the site will be hosted, ending in "/". Atom feeds and sitemap.xml need it, so until it
# is set the build notes that they are left out. Pages link relatively either way. Default: "".
# base_url = "https://example.org/archive/"

# The pages' language. Default: "zh-CN".
language = "zh-CN"

# Ambiguous place names (新城区…) resolve to places in this province.
# Default: "内蒙古自治区".
home_province = "内蒙古自治区"

# The theme: "default", "broadsheet", or a folder of your own in themes/ beside this file.
# Templates in templates/ and files in static/ beside this file override the theme's.
# Default: "default".
theme = "default"

# Links in content/ that lead outside it are left out (a link to /etc/passwd would be published).
# true follows them all. Default: false.
follow_symlinks = false

# A page file larger than this many megabytes is refused, not read. Default: 64.
max_page_mb = 64

[segment]
# Column (栏目) names the paper prints: a line holding one of them alone is a column mark.
# Default: [].
columns = ["简讯", "文化周末"]
"""

ISSUE_TOML = """\
# This issue: its number (期号, optional) and the names of its pages (版面, optional).
edition = 1

[pages]
"01" = "要闻"
"02" = "文化"
"""

# A raw page as exported from the layout system: hard-wrapped lines, cut into items by sitegen.
PAGE_01_TXT = """\
春耕备耕正当时 田间地头农事忙

□本报记者 周晓雨 通讯员 韩冬

眼下正值春耕备耕的关键时节，呼和浩特市土默特左
旗各地农民抢抓农时，翻地、施肥、选种，田野里处
处是忙碌的身影。

在察素齐镇的一家农资门店，前来选购种子和化肥的
农户络绎不绝。“今年准备种八十亩玉米，种子早早
就订好了，心里踏实。”村民王建军一边装车一边说。

今年以来，土默特左旗组织农技人员深入田间地头开
展技术指导，帮助农户解决生产难题，为全年粮食丰
收打下基础。

◎简讯

◆包头市昆都仑区图书馆近日开设“周末读书会”，邀请本地作者与读者面对面交流，吸引不少市民参加。

（本报记者 周晓雨）

◆乌海市海勃湾区组织志愿者走进社区，为老年人讲解防范电信诈骗的常识。

（韩冬）
"""

# A page cut by hand in Markdown: one article under a column, with a subhead.
PAGE_02_MD = """\
## ◎文化周末

# 老街上的新书店

□本报记者 林晓

赤峰市红山区的一条老街上，新开了一家小书店。木头书架从地面一直摆到屋顶，窗边放着几张旧课桌，常有学生在这里写作业。

店主是一位退休的语文教师。她说，开书店不为赚钱，只想给街坊邻居留一个安静读书的地方。

## 一家书店，一座城市的书房

书店每周六晚上举办朗读会，从诗歌到地方志，题目由读者自己挑选。不少老人带着孙辈来听，一坐就是一个晚上。

“书店小，但人情味足。”常来的读者说，这里已经成了老街的一部分。
"""

GITIGNORE = """\
# Made by sitegen: rebuild them with `sitegen build`.
output/
.output.sitegen-work/
.sitegen-cache/
"""

README_MD = f"""\
# 示例日报 数字报档案

A newspaper archive published with sitegen: the page text of each issue, in
`content/`, becomes a website in `output/`.

## Build and preview

```sh
sitegen serve      # build, serve on http://127.0.0.1:8000/, rebuild and reload on every change
sitegen build      # build output/ once; problems are printed as path:line: message (hint)
```

`output/` can be copied to any web server, or opened from disk (`output/index.html`).
Set `base_url` in `sitegen.toml` to get Atom feeds and a sitemap.

## The content folder

```
sitegen.toml              settings (see the comments in it)
content/
  {EXAMPLE_DATE}/           one folder per issue, named by its date (YYYY-MM-DD)
    issue.toml            optional: edition number and page names
    01.txt                page 01 as raw text
    02.md                 page 02, already cut into articles
```

- Page files are named by their printed page number: `01.txt`, `1.txt`, `12.md`.
  Text may be UTF-8 or GB18030/GBK, with any line ends.
- A `.txt` page is the text as exported from the layout system. sitegen cuts it
  into articles, photos (a caption ending in `… 摄`), briefs (each `◆` paragraph,
  credited in the parenthesis after it) and knowledge boxes (`★`, `◎…：`). A line
  with a column name from `[segment] columns`, or `◎` and a name, is a column mark;
  `□本报记者 …` lines are credits.
- A `.md` page is cut by hand. When a `.txt` page is cut badly, save it as `.md`
  beside it (the `.md` wins) and mark it up:
  `# ` is a headline, `## ◎栏目` a column mark, any other `## ` a subhead inside
  the article, and a `□` line the byline.
- `issue.toml` gives the issue's number and its pages' names:

  ```toml
  edition = 1
  [pages]
  "01" = "要闻"
  ```

- Check how a page is cut with `sitegen segment content/{EXAMPLE_DATE}/01.txt`.

## Adding an issue

Make a folder named by the issue's date in `content/`, put one file per page in
it, and run `sitegen build` (or leave `sitegen serve` running: it rebuilds by
itself). The example issue can simply be deleted.
"""

FILES: dict[str, str] = {
    "sitegen.toml": SITEGEN_TOML,
    "README.md": README_MD,
    ".gitignore": GITIGNORE,
    f"content/{EXAMPLE_DATE}/issue.toml": ISSUE_TOML,
    f"content/{EXAMPLE_DATE}/01.txt": PAGE_01_TXT,
    f"content/{EXAMPLE_DATE}/02.md": PAGE_02_MD,
}
