"""What sitegen prints from page data cannot drive the terminal: control characters are shown escaped.

An ESC in a file name, a slug or a front matter key would otherwise clear the screen, hide earlier errors
or retitle the window; a newline in a file name would break the one-line ``path:line: message`` format.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from sitegen.errors import SitegenError, printable

MakeArchive = Callable[..., Path]
RunCli = Callable[..., Result]
# What a terminal would act on: C0 controls but tab and newline, DEL, C1 controls, bidi controls.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_printable_escapes_what_a_terminal_acts_on() -> None:
    assert printable("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert printable("x\x9b31my") == "x\\x9b31my"
    assert printable("标题\u202e反转") == "标题\\u202e反转"
    assert printable("one\ntwo") == "one\\x0atwo"
    assert printable("one\ntwo", keep_lines=True) == "one\ntwo"
    assert printable("\x7f\x85", json=True) == "\\u007f\\u0085"
    assert printable("赤峰\t市") == "赤峰\t市"


def test_a_message_stays_on_one_line_whatever_the_path_holds() -> None:
    error = SitegenError("cannot read \x1b]0;pwned\x07", path="content/2023-12-26/0\n5.txt", line=3, hint="x\x1bc")
    assert error.format() == "content/2023-12-26/0\\x0a5.txt:3: cannot read \\x1b]0;pwned\\x07 (x\\x1bc)"


def test_build_output_holds_no_raw_control_character(make_archive: MakeArchive, run_cli: RunCli) -> None:
    page = '---\nti\x1btle: 标题\nslug: "a\x1b[2J"\n---\n\n正文。\n'
    root = make_archive(
        {
            "content/2023-12-26/05.md": page,
            "content/2023-12-26/0\x1b[31m6.txt": "赤峰市。\n",
            "content/2023-12-26/0\n7.txt": "赤峰市。\n",
            "content/late\x1b]0;x\x07st/05.txt": "赤峰市。\n",
        }
    )
    result = run_cli(root, "build")
    assert result.exit_code == 1
    for stream in (result.stdout, result.stderr):
        assert not RAW.search(stream), [line for line in stream.splitlines() if RAW.search(line)]
    assert "content/2023-12-26/0\\x1b[31m6.txt: " in result.stderr
    assert "content/2023-12-26/0\\x0a7.txt: " in result.stderr
    assert "content/late\\x1b]0;x\\x07st: " in result.stderr
    assert "  content/late\\x1b]0;x\\x07st: " in result.stdout  # and in the list of what was not built
    assert all(line.startswith("content/") or not line.startswith(" ") for line in result.stderr.splitlines())


def test_segment_escapes_its_listing_and_keeps_its_json_valid(make_archive: MakeArchive, run_cli: RunCli) -> None:
    root = make_archive({"content/2023-12-26/05.md": "# 标题\x9b2J\u202e\n\n正文\x7f。\n"})
    listing = run_cli(root, "segment", "content/2023-12-26/05.md").stdout
    assert "标题\\x9b2J\\u202e" in listing and not RAW.search(listing)
    out = run_cli(root, "segment", "--json", "content/2023-12-26/05.md").stdout
    assert not RAW.search(out)
    assert json.loads(out)[0]["title"] == "标题\x9b2J\u202e"  # the data itself is as the page has it
