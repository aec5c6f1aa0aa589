"""Reviews: a finding confirmed, dismissed or left open, with a comment, by whom and when.

A finding's *key* is its rule, its quote (whitespace and full-width forms
folded), what it expected and what the text says: the same finding in the
unit's next document has the same key.  A finding of a unit whose key some
reviewer dismissed in another of the unit's documents is dismissed by that
baseline (and says so) until someone reviews it anew.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import Engine, insert, select, update

from ..store.schema import documents, findings, runs
from .tables import REVIEW_STATUSES, reviews, users

STATUS_LABEL = {"open": "待处理", "confirmed": "确认", "dismissed": "不予采纳"}


@dataclass(frozen=True)
class Review:
    status: str
    comment: str = ""
    who: str = ""
    when: datetime | None = None
    baseline: bool = False          # dismissed in another document of the unit, not reviewed here

    @property
    def label(self) -> str:
        return STATUS_LABEL[self.status] + ("（沿用以往）" if self.baseline else "")

    @property
    def opinion(self) -> str:
        """The 处理意见 cell: nothing while open."""
        if self.status == "open":
            return ""
        return f"{self.label}：{self.comment}" if self.comment else self.label


OPEN = Review("open")


def finding_key(rule: str, quote: str, expected: str | None, actual: str | None) -> str:
    folded = " ".join(unicodedata.normalize("NFKC", quote or "").split())
    text = "\n".join((rule, folded, expected or "", actual or ""))
    return hashlib.sha256(text.encode()).hexdigest()


def review(engine: Engine, finding_id: int, status: str, comment: str, user_id: int) -> bool:
    """Record a verdict (replacing the last one); False when there is no such finding."""
    if status not in REVIEW_STATUSES:
        raise ValueError(status)
    query = (select(findings.c.rule, findings.c.quote, findings.c.expected, findings.c.actual, documents.c.unit_key)
             .join(runs, runs.c.id == findings.c.run_id).join(documents, documents.c.id == runs.c.document_id)
             .where(findings.c.id == finding_id))
    values = {"status": status, "comment": comment.strip()[:2000], "user_id": user_id,
              "reviewed_at": datetime.now(timezone.utc)}
    with engine.begin() as conn:
        row = conn.execute(query).first()
        if row is None:
            return False
        done = conn.execute(update(reviews).where(reviews.c.finding_id == finding_id).values(**values))
        if not done.rowcount:
            conn.execute(insert(reviews).values(finding_id=finding_id, unit_key=row.unit_key,
                                                finding_key=finding_key(row.rule, row.quote, row.expected,
                                                                        row.actual), **values))
    return True


def reviews_of(conn, stored: list, unit_key: str | None) -> dict[int, Review]:
    """Finding id → its Review (its own, else the unit's baseline, else open) for the
    store's findings rows ``stored``."""
    ids = [f.id for f in stored]
    own = {r.finding_id: Review(r.status, r.comment, r.name or "", r.reviewed_at)
           for r in conn.execute(select(reviews, users.c.name).outerjoin(users, users.c.id == reviews.c.user_id)
                                 .where(reviews.c.finding_id.in_(ids)))} if ids else {}
    dismissed = {}
    if unit_key:
        query = (select(reviews, users.c.name).outerjoin(users, users.c.id == reviews.c.user_id)
                 .where(reviews.c.unit_key == unit_key, reviews.c.status == "dismissed",
                        reviews.c.finding_id.not_in(ids)))
        dismissed = {r.finding_key: Review("dismissed", r.comment, r.name or "", r.reviewed_at, baseline=True)
                     for r in conn.execute(query)}
    return {f.id: own.get(f.id) or dismissed.get(finding_key(f.rule, f.quote, f.expected, f.actual), OPEN)
            for f in stored}
