"""Legal references: find every cited document, group its mentions, check it against the KB.

Find → group → resolve, as eyecite does, on the text as written (every match is a span of
``doc.text``); words are matched case-insensitively in either tone placement ("Tỉnh uỷ" /
"Tỉnh ủy"), with patterns built from ``doc_types.yaml`` and ``issuers.yaml``:

* **find** (``citation_find``): number-symbols with an optional type word and "số"
  before them ("Quy định số 124-QĐ/TW"), type words with a bare number ("Quy định 124")
  and **unnumbered** references ("Kế hoạch của Huyện ủy X"), each with its date or term,
  issuer and the start of its title.
* **titles and nesting**: a title ends at ";", a line or sentence end, or a next citation
  listed after "," / ";" / "và"; a citation inside a title is nested in the citing one.
* Unnumbered references count only in the opening paragraph of legal bases ("Thực hiện
  ...; Căn cứ ..." up to "<issuer> ban hành Kế hoạch"): elsewhere "hướng dẫn của Ban Tổ
  chức" or "Quy định mới của Bộ Chính trị" name guidance in general, not a document a user
  could look up.
* **relation**: ``amends`` when the plan itself amends the document ("sửa đổi, bổ sung" just
  before the citation, outside any cited title, and not "sửa đổi, bổ sung bởi": then the
  cited document is the amending one); ``basis`` when cited in the paragraph of
  legal bases, other than inside another citation's title; else ``mention``. A document's
  relation is the strongest of its mentions' (amends > basis > mention).
* **group** and **resolve** (``citation_resolve``): mentions of one number-symbol are one
  document, looked up in the knowledge base for its type, issuer, ``status`` and
  ``replaced_by``, with warnings VB401 (malformed number), VB402/VB403 (superseded before
  / after the plan's date) and VB404 (a date other than the knowledge base's).

``warnings`` on a reference lists codes; the messages are in ``Document.warnings`` with the
first mention's span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from vbparser.config import Config
from vbparser.extract.citation_find import Mention, find_mentions
from vbparser.extract.citation_grammar import Grammar, grammar
from vbparser.extract.citation_resolve import (
    Cited,
    cite,
    cited_status,
    floor_date,
    group_mentions,
    text_facts,
)
from vbparser.kb import id_key, load_kb
from vbparser.model import Document, LegalRef, RefStatus, Relation, Section, Warning
from vbparser.patterns import BULLET_MARKS, FOOTNOTE_LABEL, LINE_LABEL
from vbparser.spans import Span

_CLAUSE_BREAK = re.compile(r"[;.\n]")  # an amending cue must be in the citation's clause
# A list separator right before a citation: it starts a new item, not a nested citation
# ("về kiểm điểm, Hướng dẫn số 43-HD/BTCTW ..." ends the title before "Hướng dẫn").
_LIST_SEP = re.compile(r"(?:[,;]|[ \t]và)[ \t]*$", re.IGNORECASE)


# --- titles, nesting and relations ---------------------------------------------------------
def _title_end(text: str, start: int, heads: list[int], g: Grammar) -> int:
    """End of a title: ";", a line end, a sentence end, an unopened ")", or a next citation
    introduced as a list item (after ",", ";" or "và")."""
    end = len(text)
    for m in g.title_end.finditer(text, start):
        opened = text.count("(", start, m.start()) - text.count(")", start, m.start())
        if m.group(0) != ")" or opened <= 0:
            end = m.start()
            break
    for head in heads:
        if start < head < end and (sep := _LIST_SEP.search(text, start, head)):
            return len(text[start:sep.start()].rstrip(" ,")) + start
    return end


def _basis_region(text: str, g: Grammar, sections: Sequence[Section]) -> Span | None:
    """The paragraph of legal bases: the paragraph in which the first "Thực hiện"/"Căn cứ"
    opens a sentence before the first heading, up to the clause "<issuer> ban hành
    <Type>" (a narrative "Ngày 04/10/2023, Bộ Chính trị ban hành Quy định số 124-QĐ/TW,
    ... Thực hiện ..." is one paragraph of bases)."""
    limit = sections[0].span[0] if sections else _first_heading(text)
    cue = next((m.start() for m in g.basis_cue.finditer(text, 0, limit)
                if text[m.start()].isupper()), None)
    if cue is None:
        return None
    start = text.rfind("\n", 0, cue) + 1
    issuing = next((m for m in g.issuing.finditer(text, start, limit)
                    if not g.cited_after.match(text, m.end())), None)
    if issuing is None:  # the bases end with the last line opening with a cue, or the
        end = start  # last bullet of a list the first cue opens ("- Thực hiện ..." over
        bullet = text[start] if text[start] in BULLET_MARKS else None  # "- HD số ...")
        while end < limit and (end == start or g.basis_cue.match(text, end)
                               or (bullet is not None and text.startswith(bullet, end))):
            line_end = text.find("\n", end)
            end = limit if line_end < 0 else min(line_end + 1, limit)
        return start, end
    return start, issuing.start()


def _first_heading(text: str) -> int:
    pos = 0
    for line in text.splitlines(keepends=True):
        m = LINE_LABEL.match(line)
        if m and (m.group("roman") or m.group("num")):
            return pos
        pos += len(line)
    return len(text)


def _relate(text: str, found: list[Mention], g: Grammar,
            region: Span | None) -> list[Mention]:
    """Fill titles, nesting and each mention's relation."""
    heads = [x.span[0] for x in found]
    spans = [(x.title_at, _title_end(text, x.title_at, heads, g)) if x.title_at is not None
             else x.title_span for x in found]  # a law's name is its title
    titles = [(i, span) for i, span in enumerate(spans) if span]
    result = []
    for k, (x, title_span) in enumerate(zip(found, spans, strict=True)):
        parent = next((i for i, (s, e) in titles if s <= x.span[0] < e and i != k), None)
        window = text[max(0, x.span[0] - 60):x.span[0]]
        window = _CLAUSE_BREAK.split(window)[-1]
        amend_at = x.span[0] - len(window)
        cue = g.amend.search(window)
        if cue is not None and g.amended_by.search(window, cue.end()):
            cue = None  # "(đã được sửa đổi, bổ sung bởi Nghị định số ...)": it amends
        in_title = cue is not None and any(s <= amend_at + cue.start() < e for _, (s, e) in titles)
        if parent is not None:
            rel = Relation.MENTION
        elif cue is not None and not in_title:
            rel = Relation.AMENDS
        elif region and region[0] <= x.span[0] < region[1]:
            rel = Relation.BASIS
        else:
            rel = Relation.MENTION
        result.append(Mention(x.span, x.type, x.ident, x.number, x.date, x.bad_date, x.issuer,
                               x.title_at, title_span, x.numbered_so, rel, parent))
    return result


# A footnote's mark in the source ("... trong hệ thống chính trị[^2];"), and a note's
# start in the text ("[^2]: Quy định số 366-QĐ/TW, ngày 30/8/2025 ...").
_NOTE_MARK = re.compile(rf"{FOOTNOTE_LABEL}(?!:)")
_NOTE = re.compile(rf"(?m)^{FOOTNOTE_LABEL}:")


def _noted(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Unnumbered references whose footnote gives the number ("Thực hiện Quy định của Bộ
    Chính trị ...¹" / "¹ Quy định số 366-QĐ/TW, ngày 30/8/2025 ..."): each takes the number
    of the reference of its type in its note, so that the two are one document. The marks
    are in the source text only (``normalize`` drops them)."""
    source, offsets, text = doc.source_text, doc.offsets, doc.text
    if not source or offsets is None or "[^" not in source:
        return mentions
    notes = {text[m.start():m.end() - 1]: m.end() for m in _NOTE.finditer(text)}
    out = []
    for x in mentions:
        if x.ident is None and x.number is None and notes:
            end = x.title_span[1] if x.title_span else x.span[1]
            start, stop = offsets.span_to_source((x.span[0], end))
            mark = _NOTE_MARK.search(source, start, stop + 12)
            at = notes.get(mark.group(0)) if mark else None
            line_end = text.find("\n", at) if at is not None else -1
            noted = next((y for y in mentions if at is not None and y.ident is not None
                          and at <= y.span[0] < (line_end if line_end >= 0 else len(text))
                          and (x.type is None or y.type is x.type)), None)
            if noted is not None:
                x = replace(x, ident=noted.ident, number=noted.number,
                            date=x.date or noted.date, issuer=x.issuer or noted.issuer)
        out.append(x)
    return out


def _keep(x: Mention, region: Span | None) -> bool:
    """Unnumbered references count only as legal bases (see the module docstring)."""
    if x.ident is not None or x.number is not None:
        return True
    return x.nested_in is None and region is not None and region[0] <= x.span[0] < region[1]


def _section_at(sections: Sequence[Section], pos: int) -> str | None:
    inside = [s for s in sections if s.span[0] <= pos < s.span[1]]
    return max(inside, key=lambda s: s.depth).id if inside else None


def _bad_dates(cited: list[Cited]) -> list[Warning]:
    return [Warning("VB501", f"impossible date {m.bad_date!r} in a citation", m.span)
            for c in cited for m in c.mentions if m.bad_date]


# --- the stage -----------------------------------------------------------------------------
def extract_legal_refs(doc: Document, config: Config) -> Document:
    """Find the documents a plan cites, with their status relative to the plan's date.

    Args:
        doc: a normalised document; ``sections`` and ``meta.date`` are used when present.
        config: ``kb_paths`` adds knowledge-base files.

    Returns:
        ``doc`` with ``legal_refs`` (one per cited document, in order of first mention)
        and the reference warnings (VB401 to VB404, VB501) appended to ``warnings``.

    >>> from vbparser import load
    >>> doc = extract_legal_refs(load("Căn cứ Quy định số 124-QĐ/TW ngày 04/10/2023 của "
    ...                               "Bộ Chính trị;\\nĐảng ủy ban hành Kế hoạch."), Config())
    >>> [(r.full_id, r.date, r.issuer, r.relation.value) for r in doc.legal_refs]
    [('124-QĐ/TW', '2023-10-04', 'Bộ Chính trị', 'basis')]
    """
    kb, g, text = load_kb(config.kb_paths), grammar(), doc.text
    own = id_key(doc.meta.number_symbol) if doc.meta.number_symbol else None
    region = _basis_region(text, g, doc.sections)
    mentions = _noted(doc, _relate(text, find_mentions(text, g, kb, own, region), g, region))
    groups = group_mentions([x for x in mentions if _keep(x, region)])
    cited = [cite(grp, text, kb) for grp in groups]
    facts = text_facts(mentions, groups, text, g)
    floor, refs, warnings = floor_date(cited), [], _bad_dates(cited)
    for i, c in enumerate(cited):
        status, replaced_by, notes = cited_status(c, kb, doc.meta.date, floor)
        if status is RefStatus.UNKNOWN and i in facts:  # the text says what changed it
            changer = cited[facts[i][1]].ident
            status, replaced_by = facts[i][0], changer.full_id if changer else None
        span = c.mentions[0].span
        warnings += [Warning(code, message, span) for code, message in notes]
        refs.append(LegalRef(
            id=f"ref{i + 1}", type=c.type, number=c.number,
            symbol=c.ident.symbol if c.ident else None,
            full_id=c.ident.full_id if c.ident else None, date=c.date, issuer=c.issuer,
            title=c.title, relation=c.relation, mentions=tuple(m.span for m in c.mentions),
            section=_section_at(doc.sections, span[0]), status=status,
            replaced_by=replaced_by, warnings=tuple(code for code, _ in notes)))
    return replace(doc, legal_refs=tuple(refs), warnings=doc.warnings + tuple(warnings))
