"""The rule tables in force at this counter, parsed once per version.

Rule documents (fare classes, taxes, fees, commissions, service fees) arrive as data from
head office; parsing them on every quote would waste the clerk's time, so the parsed tables
(:class:`~counter_app.domain.rule_set.Rules`, the same head office checks pushed sales with)
are kept until a document's version changes.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.domain.rule_set import Rules, RulesCache, missing_document, parse_rules
from counter_app.storage.models import RuleDocument

__all__ = ["MissingRulesError", "Rules", "load_rules"]


class MissingRulesError(LookupError):
    """A rule document was never loaded (an empty cache that has not synced yet)."""


_cache = RulesCache()


def load_rules(session: Session) -> Rules:
    rows = session.execute(select(RuleDocument.name, RuleDocument.version)).all()
    versions = tuple(sorted((str(n), str(v)) for n, v in rows))
    cached = _cache.get(versions)
    if cached is not None:
        return cached
    docs = {d.name: d.payload for d in session.scalars(select(RuleDocument))}
    missing = missing_document(docs)
    if missing is not None:
        raise MissingRulesError(missing)
    rules = parse_rules(versions, docs)
    _cache.put(rules)
    return rules
