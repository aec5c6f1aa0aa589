"""The end of a batch: what was checked and what was found, for a person.

:class:`Tally` counts the outcomes as they are printed; :func:`summary_table`
(files, checked, with errors, unreadable; findings by severity and by rule
family) and :func:`statistics_table` (findings per rule, ``--statistics``)
are rich tables with Chinese headers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rich.table import Table

from .text import SEVERITY_WORD

FAMILY_WORD = {"totals": "合计", "hierarchy": "科目层级", "tables": "报表", "shares": "占比", "changes": "增减变化",
               "classification": "科目分类", "consistency": "前后一致", "units": "单位与数位", "format": "格式",
               "meta": "年份与标题", "performance": "绩效", "completeness": "完整性",
               "cross_year": "跨文件"}


@dataclass
class Tally:
    families: dict[str, str]
    files: int = 0
    checked: int = 0
    with_errors: int = 0
    unreadable: int = 0
    not_checked: int = 0
    severities: Counter = field(default_factory=Counter)
    by_family: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)
    titles: dict[str, str] = field(default_factory=dict)

    def add(self, outcome) -> None:
        self.files += 1
        if outcome.error:
            if outcome.readable and outcome.header:
                self.not_checked += 1
            else:
                self.unreadable += 1
            return
        self.checked += 1
        self.with_errors += any(f["severity"] == "error" for f in outcome.findings)
        for f in outcome.findings:
            self.severities[f["severity"]] += 1
            self.by_family[self.families.get(f["rule"], "")] += 1
            self.by_rule[f["rule"]] += 1
            self.titles.setdefault(f["rule"], f["title"])


def family_word(family: str) -> str:
    return f"{FAMILY_WORD.get(family, family)}（{family}）"


def summary_table(t: Tally) -> Table:
    table = Table(title="核对汇总", show_header=True, header_style="bold")
    table.add_column("项目")
    table.add_column("数量", justify="right")
    for label, n in (("文件", t.files), ("已核对", t.checked), ("有错误的文件", t.with_errors),
                     ("无法读取", t.unreadable), ("未核对（非决算公开或无可核对数字）", t.not_checked)):
        table.add_row(label, str(n))
    table.add_section()
    for severity, word in SEVERITY_WORD.items():
        table.add_row(f"发现：{word}", str(t.severities[severity]))
    table.add_section()
    for family, n in sorted(t.by_family.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(f"规则族：{family_word(family)}", str(n))
    return table


def statistics_table(t: Tally) -> Table:
    table = Table(title="各规则发现数", show_header=True, header_style="bold")
    for name, justify in (("数量", "right"), ("规则", "left"), ("规则族", "left"), ("名称", "left")):
        table.add_column(name, justify=justify)
    for rule, n in sorted(t.by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(str(n), rule, family_word(t.families.get(rule, "")), t.titles[rule])
    return table


def statistics_rows(t: Tally) -> list[dict]:
    return [{"rule": rule, "family": t.families.get(rule, ""), "title": t.titles[rule], "count": n}
            for rule, n in sorted(t.by_rule.items(), key=lambda kv: (-kv[1], kv[0]))]
