"""Where the parts of a deliberation are: the decision itself, the annexes, the report.

Layout (every deliberation of the corpus):

    DELIBERATION DE LA COMMISSION PERMANENTE        <- the decision, from line 1
    ...
    DECIDE :
    Article 1 : ...
    Dans les conditions de vote ci-dessous :
    Pour : 31 voix ...
    (Adopté)                                        <- end of the decision
    Annexe 1 ... conventions ...                    <- annexes
    RAPPORT N°48                                    <- the President's report, to the end
    ...
    La dépense serait imputée sur le budget départemental comme suit :
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ADOPTED_RE = re.compile(r"^\s*\(\s*(?:Adopt[ée]e?|Rejet[ée]e?)\s*\)\s*$", re.IGNORECASE)
_DECIDE_RE = re.compile(r"^\s*(?:\*\*)?\s*D\s*[EÉ]\s*C\s*I\s*D\s*E\s*(?:\*\*)?\s*:?\s*(?:\*\*)?\s*$")
_REPORT_RE = re.compile(r"^\s*(?:\*\*)?\s*RAPPORT\s+N\s*°\s*\d+", re.IGNORECASE)


@dataclass(frozen=True)
class Sections:
    """Line spans (0-based, end exclusive) of the parts of one document."""

    decide_start: int | None  # the line "DECIDE :"
    decision_end: int | None  # the line "(Adopté)"
    report_start: int | None  # the line "RAPPORT N°.."
    n_lines: int

    def part_of(self, index: int) -> str:
        """'deliberation', 'rapport' or 'annexe' for a 0-based line index."""
        if self.decision_end is not None and index <= self.decision_end:
            return "deliberation"
        if self.report_start is not None and index >= self.report_start:
            return "rapport"
        return "annexe"


def find_sections(lines: list[str]) -> Sections:
    """Locate "DECIDE :", the "(Adopté)" line closing the decision and "RAPPORT N°".

    The report is the last "RAPPORT N°" heading after the decision; annexes lie between.
    """
    decide = next((i for i, line in enumerate(lines) if _DECIDE_RE.match(line)), None)
    end = next(
        (i for i, line in enumerate(lines) if _ADOPTED_RE.match(line) and (decide is None or i > decide)),
        None,
    )
    after = end if end is not None else (decide if decide is not None else 0)
    reports = [i for i, line in enumerate(lines) if i > after and _REPORT_RE.match(line)]
    return Sections(decide, end, reports[-1] if reports else None, len(lines))
