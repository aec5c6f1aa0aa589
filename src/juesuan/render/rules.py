"""``juesuan rules``: every rule, in Chinese for a reviewer (text) or as JSON."""

from __future__ import annotations

import json

from ..selection import all_rules
from .summary import family_word
from .text import SEVERITY_WORD


def render_text() -> str:
    out = [f"共 {len(all_rules())} 条规则（编号 · 规则族 · 严重程度 · 名称，下附说明）", ""]
    family = None
    order = {}
    for cls in all_rules():
        order.setdefault(cls.family, len(order))
    for cls in sorted(all_rules(), key=lambda c: order[c.family]):
        if cls.family != family:
            family = cls.family
            out.append(f"【{family_word(family)}】")
        out.append(f"{cls.id}  [{SEVERITY_WORD[cls.severity]}]  {cls.title}")
        out.append(f"    {cls.doc()}")
        out.append("")
    return "\n".join(out)


def render_json() -> str:
    return json.dumps([{"id": cls.id, "family": cls.family, "severity": cls.severity, "title": cls.title,
                        "doc": cls.doc()} for cls in all_rules()], ensure_ascii=False, indent=1)
