"""How to cite an item: GB/T 7714-2015 newspaper-article references.

The form for a newspaper article (文献类型标识 ``N``) is
``作者. 题名[N]. 报纸名, 出版日期(版次).``, e.g.
``宋爽. 社区治理见实效[N]. 内蒙古日报, 2023-12-26(5).``
Plain text: the renderer escapes it for whatever context it lands in.
"""

from __future__ import annotations

import re

from sitegen.model import Item

# GB/T 7714-2015 §8.1.2: list at most three authors, then ", 等" (", et al." for Western names).
MAX_AUTHORS = 3
ET_AL = "等"

_SPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    """One line of text: titles may keep the printed line breaks, which a reference must not."""
    return _SPACE.sub(" ", text).strip()


def gbt7714(item: Item, newspaper: str) -> str:
    """The GB/T 7714-2015 reference of ``item`` as printed in ``newspaper``.

    Raises ``ValueError`` when the item has no date, page or title: a reference without
    them would point nowhere, so the caller should not show one.
    """
    if item.date is None or item.page is None:
        raise ValueError(f"item not placed in the archive yet: {item.title!r}")
    title = _clean(item.title or "")
    if not title:
        raise ValueError("an item without a title cannot be cited")
    names = [name for name in (_clean(a) for a in item.authors) if name]
    parts: list[str] = []
    if names:
        shown = names[:MAX_AUTHORS]
        if len(names) > MAX_AUTHORS:
            shown.append(ET_AL)
        parts.append(", ".join(shown) + ". ")
    # Inferred titles are used as they are: they are what the site shows as the item's title.
    parts.append(f"{title}[N]. ")
    # 版次 is a plain number (5, not 05): the zero padding is only for URLs.
    parts.append(f"{_clean(newspaper)}, {item.date.isoformat()}({item.page}).")
    return "".join(parts)
