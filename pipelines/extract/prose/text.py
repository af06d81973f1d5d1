"""Sentences of a deliberation, with where each character was printed.

The PDF extraction wraps paragraphs at the page width, inserts blank lines between the
lines of a two-column fiche, and starts list items with private-use glyphs (````, ````)
or dashes. Figures written in sentences are read sentence by sentence, so the lines are
joined back into sentences first, and each sentence keeps, for every character, its
1-based line number and its offset in that line (``position``).

Joining rules (one place, used by every prose rule):

* a line that ends with ``.``, ``;``, ``:``, ``!`` or ``?`` ends its paragraph; so does a
  heading ("2. Bilan 2022 :", "Opération 1 : ...", "ARTICLE 4 – ...", an upper-case fiche
  header such as "BUDGET ESTIME") and a list item (a line starting with a bullet);
* blank lines inside a paragraph are ignored (one or two of them separate the wrapped lines
  of the fiches); three blank lines in a row end the paragraph;
* table rows are not prose: a line holding a tab (cells of an HTML table) or a line made of
  three numbers or more and fewer than three words is skipped;
* HTML tags (``<p>``) are blanked, not removed, so that positions stay those of the file.

A paragraph is then cut into sentences after ``.``, ``;``, ``!`` or ``?`` followed by a space.
Each sentence carries its *context*: the section it belongs to ("Bilan 2022" ->
``("bilan", 2022)``, "Proposition 2023" -> ``("proposition", 2023)``), the last heading, and,
for a list item, the *lead* sentence that introduced the list ("le soutien financier de l'État
s'élève à :").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import islice

from ..numbers import SentenceNumber, find_sentence_numbers

_TAG_RE = re.compile(r"<[^>]*>")
_BULLET_RE = re.compile(r"^\s*(?:[\uf000-\uf0ff•▪►➢✓*]|[-–—‐]\s?|o\s)")
_HEADING_RE = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.\s|\d{1,2}\.\d{1,2}\s+[A-ZÉÈ]|Opérations?\s+\d|Action\s+\d|ARTICLE\b|Article\s+\d"
    r"|Annexe\b|ANNEXE\b|Thématique\b|Axe\s+\d|(?:Bilan|Propositions?)\b(?=[^.]{0,40}\b20\d\d\b[^.]{0,20}$))"
)
_BILAN_RE = re.compile(r"\bBilan\s+(?:de l['’]année\s+)?(\d{4})\b", re.IGNORECASE)
_PROPOSITION_RE = re.compile(r"\bPropositions?\s+(\d{4})\b", re.IGNORECASE)
_OTHER_SECTION_RE = re.compile(
    r"\b(?:Descriptif|Opérations?\s+\d|Action\s+\d|ARTICLE|Article\s+\d|Annexe|ANNEXE|Thématique)\b"
)
_KEEPS_PROPOSITION_RE = re.compile(r"^\s*(?:Opérations?\s+\d|Action\s+\d)")
_WORD_RE = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
_TOTAL_RE = re.compile(r"^\s*Total\b")
_ITEM_START_RE = re.compile(r"^ \S")
_LINE_END_RE = re.compile(r"[.;:!?]\s*$")
_VERB_RE = re.compile(r"\b(ont|a|est|sont)\b")
# a '?' followed by a digit or a lower-case word is no question mark: a character an encoding
# could not hold ("50 % Etat ? 50 % Département", a dash lost in Windows-1252)
_SENTENCE_END_RE = re.compile(r"(?:(?<=[.;!])|(?<=\?)(?!\s+[\da-zà-ÿ]))\s+(?=\S)")


@dataclass(frozen=True)
class Section:
    """Where a sentence stands: ``kind`` is "bilan", "proposition" or None."""

    kind: str | None = None
    annee: int | None = None
    titre: str | None = None  # the last heading line, stripped


@dataclass
class Sentence:
    text: str
    starts: list[tuple[int, int, int]]  # (offset in text, 1-based line, column in line)
    section: Section
    lead: Sentence | None = None  # the sentence ending with ':' that opened this list
    bullet: bool = False
    previous: Sentence | None = None  # the sentence before
    doc_year: int | None = None  # the year of the meeting ("REUNION DU 3 JUILLET 2023"), if printed
    _numbers: list[SentenceNumber] | None = field(default=None, repr=False)

    @property
    def ligne(self) -> int:
        return self.starts[0][1]

    def where(self, offset: int) -> tuple[int, int]:
        """(line, position in that line) of the character at ``offset``."""
        best = self.starts[0]
        for s in self.starts:
            if s[0] <= offset:
                best = s
            else:
                break
        return best[1], best[2] + (offset - best[0])

    @property
    def numbers(self) -> list[SentenceNumber]:
        if self._numbers is None:
            self._numbers = find_sentence_numbers(self.text)
        return self._numbers


def is_table_row(line: str) -> bool:
    if "\t" in line:
        return True
    if _TOTAL_RE.match(line):
        nums = find_sentence_numbers(line)
        if sum(n.unite == "EUR" for n in nums) >= 2:
            return True  # the Total row of a budget table (read by montants.rule_total_budget_fiche)
        return len(nums) >= 3 and not _has_three_words(line)
    # the words are counted first: most lines are prose, and reading their numbers costs more
    return not _has_three_words(line) and len(find_sentence_numbers(line)) >= 3


def _has_three_words(line: str) -> bool:
    return next(islice(_WORD_RE.finditer(line), 2, None), None) is not None


def _is_upper_header(line: str) -> bool:
    if len(line.strip()) >= 60:
        return False
    letters = list(filter(str.isalpha, line))
    return len(letters) >= 4 and all(map(str.isupper, letters))


def is_heading(line: str) -> bool:
    return bool(_HEADING_RE.match(line)) or _is_upper_header(line)


def _section_after(line: str, current: Section) -> Section:
    stripped = line.strip()
    if len(stripped) <= 130:
        m = _BILAN_RE.search(stripped)
        if m and not _VERB_RE.search(stripped):
            return Section("bilan", int(m.group(1)), stripped)
        m = _PROPOSITION_RE.search(stripped)
        if m and not _VERB_RE.search(stripped):
            return Section("proposition", int(m.group(1)), stripped)
    if _KEEPS_PROPOSITION_RE.match(stripped) and current.kind == "proposition":
        # "Propositions 2026" printed before the operations it covers (004)
        return Section("proposition", current.annee, stripped)
    if _OTHER_SECTION_RE.search(stripped[:40]) or _is_upper_header(stripped):
        return Section(None, None, stripped)
    return current


_MEETING_RE = re.compile(
    r"R[ÉE]UNION DU\s+\d{1,2}(?:er)?\s+\S+\s+(20\d\d)|\(N°\s?(20\d\d)-\d+\)", re.IGNORECASE
)


def meeting_year(lines: list[str]) -> int | None:
    """The year of the meeting, printed in the first lines ("REUNION DU 3 JUILLET 2023", "(N°2023-333)")."""
    for line in lines[:60]:
        m = _MEETING_RE.search(line)
        if m:
            return int(m.group(1) or m.group(2))
    return None


def _blank(m: re.Match) -> str:
    return " " * len(m.group(0))


def sentences(lines: list[str]) -> list[Sentence]:
    """The sentences of ``lines`` (the file split on newlines, without the newline)."""
    out: list[Sentence] = []
    doc_year = meeting_year(lines)
    section = Section()
    para: list[tuple[int, str]] = []  # (0-based line index, cleaned text)
    para_section = section
    para_bullet = False
    blanks = 0
    lead: Sentence | None = None

    def flush() -> None:
        nonlocal para, lead
        if not para:
            return
        text_parts: list[str] = []
        starts: list[tuple[int, int, int]] = []
        offset = 0
        for idx, raw in para:
            left = len(raw) - len(raw.lstrip())
            piece = raw.strip()
            if text_parts:
                text_parts.append(" ")
                offset += 1
            starts.append((offset, idx + 1, left))
            text_parts.append(piece)
            offset += len(piece)
        text = "".join(text_parts)
        prev: Sentence | None = out[-1] if out else None
        pos = 0
        pieces = _SENTENCE_END_RE.split(text)
        offsets = [off for off, _, _ in starts]  # increasing: no line of a paragraph is blank
        for k, piece in enumerate(pieces):
            begin = text.index(piece, pos)
            pos = begin + len(piece)
            # rebuild the offsets relative to this sentence: the lines from the one holding
            # ``begin`` to the last one starting before ``pos``
            rel: list[tuple[int, int, int]] = []
            for off, ln, col in starts[bisect_right(offsets, begin) - 1 : bisect_left(offsets, pos)]:
                if off <= begin:
                    rel.append((0, ln, col + (begin - off)))
                else:
                    rel.append((off - begin, ln, col))
            s = Sentence(
                piece,
                rel,
                para_section,
                lead if para_bullet else None,
                para_bullet and k == 0,
                prev,
                doc_year,
            )
            out.append(s)
            prev = s
        if text.rstrip().endswith(":"):
            lead = out[-1]
        elif not para_bullet or (text.rstrip().endswith(".") and not _BULLET_RE.match(para[0][1])):
            lead = None  # a paragraph, or the last item (ending with ".") of a list without glyphs
        para = []

    for i, raw_line in enumerate(lines):
        line = _TAG_RE.sub(_blank, raw_line) if "<" in raw_line else raw_line
        if not line.strip():
            blanks += 1
            if blanks >= 3:
                flush()
            continue
        blanks = 0
        if is_table_row(line):
            flush()
            continue
        heading = is_heading(line)
        # A line indented by exactly one space starts a paragraph or a list item (the PDF
        # extraction drops the bullet glyph and keeps the space after it).
        item_start = bool(_ITEM_START_RE.match(line))
        bullet = bool(_BULLET_RE.match(line)) or (item_start and lead is not None)
        if heading or bullet or item_start:
            flush()
        if heading:
            new_section = _section_after(line, section)
            if new_section is not section:
                section = new_section
                lead = None
        if not para:
            para_section = section
            para_bullet = bullet
        para.append((i, line))
        if _LINE_END_RE.search(line) or (heading and (_is_upper_header(line) or len(line.strip()) < 50)):
            flush()  # a sentence ends, or a short heading stands alone
    flush()
    return out
