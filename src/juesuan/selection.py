"""Which findings are reported: ``--select``/``--ignore`` by rule id, id prefix or
family, and ``--severity`` as a threshold — the conventions of ruff and flake8."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def all_rules() -> list:
    """Every rule class, the cross-document ones included."""
    from .checks import REGISTRY
    from .checks.cross_year import CROSS_REGISTRY

    return [*REGISTRY, *CROSS_REGISTRY]


def family_of() -> dict[str, str]:
    """Rule id → family."""
    return {cls.id: cls.family for cls in all_rules()}


def codes(option: str | None) -> tuple[str, ...]:
    """A comma-separated option value as its codes (blank ones dropped)."""
    return tuple(c.strip() for c in (option or "").split(",") if c.strip())


def unknown_codes(wanted: tuple[str, ...]) -> list[str]:
    """The codes that name no rule id, id prefix or family."""
    families = set(family_of().values())
    ids = list(family_of())
    return [c for c in wanted if c.lower() not in families and not any(i.startswith(c.upper()) for i in ids)]


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: str = "info"

    def wants(self, finding: dict, families: dict[str, str]) -> bool:
        rule = finding["rule"]
        family = families.get(rule, "")
        if SEVERITY_RANK[finding["severity"]] < SEVERITY_RANK[self.severity]:
            return False
        if self.select and not _matches(rule, family, self.select):
            return False
        return not (self.ignore and _matches(rule, family, self.ignore))


def _matches(rule: str, family: str, wanted: tuple[str, ...]) -> bool:
    return any(rule.startswith(c.upper()) or family == c.lower() for c in wanted)
