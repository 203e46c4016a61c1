"""The kinds of reminder. Their values are the ledger's `kind` column: never rename one."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    RENEWAL = "renewal"
    CE_PACE = "ce_pace"
    STALLED = "stalled"
    MENTOR_DIGEST = "mentor_digest"
    COHORT_DIGEST = "cohort_digest"
