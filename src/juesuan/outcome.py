"""What is kept of a checked file once its Document is gone.

A batch checks hundreds of files in worker processes; the parent must not hold
their Documents or Reports.  :func:`outcome_of` turns a pipeline Result into a
:class:`FileOutcome`: the JSON object of spec/report-json.md (findings with
their locations), what the text rendering needs of each finding (its
sentence, its section), and the file's profile for grouping.  Everything in
it is plain data, cheap to pickle and to keep.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .disclosure import Profile
from .pipeline import Result
from .render.json import to_dict


@dataclass
class FileOutcome:
    path: str
    data: dict                          # the JSON object, ``findings`` included
    notes: list[dict] = field(default_factory=list)   # per finding: ``context``, ``section``
    header: dict = field(default_factory=dict)        # org, year, unit, doc_type of a read file
    profile: Profile | None = None      # None: the file could not be read

    @property
    def error(self) -> str | None:
        return self.data.get("error")

    @property
    def findings(self) -> list[dict]:
        return self.data.get("findings", [])

    @property
    def readable(self) -> bool:
        return self.profile is not None

    def keeping(self, keep) -> "FileOutcome":
        """A copy with only the findings for which ``keep(finding)`` is true."""
        kept = [i for i, f in enumerate(self.findings) if keep(f)]
        data = {**self.data, "findings": [self.findings[i] for i in kept]}
        return replace(self, data=data, notes=[self.notes[i] for i in kept])


def outcome_of(result: Result, profile: Profile | None = None) -> FileOutcome:
    data = to_dict(result)
    report = result.report
    if report is None:
        return FileOutcome(result.path, data, profile=profile)
    meta = report.meta
    header = {"org": meta.org, "year": meta.year, "unit": meta.unit, "doc_type": report.doc_type}
    notes = [{"context": report.document.context(f.span), "section": _section_title(report, f.span.start)}
             for f in result.findings]
    return FileOutcome(result.path, data, notes, header, profile)


def _section_title(report, offset: int) -> str:
    best = None
    for s in report.sections:
        if s.level <= 1 and s.body.start <= offset < s.body.end:
            best = s
    return f"{best.marker}{best.title}"[:40] if best else "（文首）"
