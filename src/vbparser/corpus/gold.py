"""Gold annotations of a plan source, in the format of ``shared/gold/*.json``.

The gold describes the rendered text: quotes (titles, recipients, deadline expressions,
actors, subject phrases) are written in the document's tone style, while names of bodies
(``issuer``, ``upper_issuer``, a reference's issuer) stay in the canonical style.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from vbparser.corpus.markup import Line, Node, Note, Plan
from vbparser.corpus.tone import apply_tone
from vbparser.corpus.when import DAY_PATTERN, WORDS_PATTERN, due_date, read_when
from vbparser.errors import ConfigError
from vbparser.kb import load_kb

Tone = Callable[[Any], Any]

# Purpose marks written after a recipient: "- Ban Tổ chức Huyện ủy (để báo cáo);"
PURPOSE_MARKS = {
    "(để báo cáo)": "report", "(b/c)": "report", "(báo cáo)": "report",
    "(để thực hiện)": "action", "(để chỉ đạo)": "action", "(thực hiện)": "action",
    "(để chỉ đạo, thực hiện)": "action", "(t/h)": "action",
}
_DOC_TYPES = ("Quy định", "Hướng dẫn", "Nghị định", "Kế hoạch", "Công văn", "Kết luận",
              "Chỉ thị", "Nghị quyết", "Thông tư", "Luật", "Quyết định", "Thông báo")
_ISSUER = re.compile(r"\bcủa\s+(?P<issuer>.+?)(?=\s+(?:về|khóa|khoá|ban hành)\b|[,;]|$)")


@cache
def regulations() -> dict[str, dict[str, str | None]]:
    """Type, date and issuer of each regulation of the built-in knowledge base, keyed by
    full_id: what a quote of it must agree with, and what fills a gold field it omits."""
    return {reg.full_id: {"type": reg.type, "date": reg.date, "issuer": reg.issuer}
            for reg in load_kb().regulations.values()}


def split_recipient(raw: str) -> tuple[str, str | None]:
    """Split a recipient line into its name and purpose.

    >>> split_recipient("Ban Tổ chức Huyện ủy (để báo cáo)")
    ('Ban Tổ chức Huyện ủy', 'report')
    >>> split_recipient("Lưu Văn phòng Đảng ủy")
    ('Lưu Văn phòng Đảng ủy', 'archive')
    """
    for mark, purpose in PURPOSE_MARKS.items():
        if raw.endswith(" " + mark):
            return raw[: -len(mark) - 1], purpose
    if raw.startswith("Lưu"):
        return raw, "archive"
    return raw, None


def starts_of(text: str, words: int = 6) -> str:
    """The first words of a section body, up to the first comma, colon or full stop.

    >>> starts_of("Cấp cơ sở: Tổ chức kiểm điểm")
    'Cấp cơ sở'
    """
    head = re.split(r"[,:;.](?:\s|$)", text, maxsplit=1)[0]
    return " ".join(head.split()[:words]).rstrip(",:;.")


def _s(value: Any) -> str | None:
    return None if value is None else str(value)


def meta_gold(front: dict[str, Any], tone: Tone) -> dict[str, Any]:
    """The ``meta`` object of the gold, from the front matter."""
    header, meta = front.get("header", {}), front.get("meta", {})
    signer = front.get("signature", {})
    recipients = [split_recipient(r) for r in front.get("recipients", [])]
    out = {
        "doc_type": meta.get("doc_type") or str(header.get("type", "")).capitalize() or None,
        "number_symbol": header.get("number"),
        "issuer": meta.get("issuer"),
        "issuer_level": meta.get("issuer_level"),
        "upper_issuer": meta.get("upper_issuer"),
        "place": tone(header.get("place")),
        "date": _s(header.get("date")),
        "year": meta.get("year"),
        "title": tone(" ".join(header.get("title", []))) or None,
        "signer": {key: tone(signer.get(key)) for key in ("authority", "position", "name")},
        "recipients": [{"name": tone(name), "purpose": purpose} for name, purpose in recipients],
    }
    for key in ("doc_type", "number_symbol", "place", "date", "title"):
        if key in meta:
            out[key] = tone(_s(meta[key]))
    out.update({k: v for k, v in meta.items() if k.startswith("_")})  # annotator notes
    return out


def section_gold(node: Node, tone: Tone) -> dict[str, Any]:
    """One gold section: its path and its title, or the first words of its body."""
    if node.title is not None:
        return {"path": list(node.path), "title": tone(node.title)}
    first = node.lines[0].text if node.lines else ""
    return {"path": list(node.path), "starts": tone(starts_of(first))}


def deadline_gold(note: Note, plan_year: int, tone: Tone) -> dict[str, Any]:
    """One gold deadline from a ``dl`` annotation (positional: bound, level).

    The date is read from the quote, or from ``when=`` where the quote is not a date
    expression: a table cell merged down from the one above, or a ditto ("^^", "nt"),
    takes the date of the cell it continues, and ``expr`` is then that date as written.

    >>> from vbparser.corpus.markup import strip_notes
    >>> line = strip_notes("3 | Tổng hợp kết quả | {{dl within; commune; "
    ...                    "when=Trong tháng 12/2025; actor=Văn phòng Đảng ủy; "
    ...                    "action=Tổng hợp kết quả || ^^}} | Văn phòng Đảng ủy")
    >>> line.text
    '3 | Tổng hợp kết quả | ^^ | Văn phòng Đảng ủy'
    >>> old = deadline_gold(line.notes[0], 2025, lambda v: apply_tone(v, "old"))
    >>> old["expr"], old["stated"], old["due"], old["granularity"], old["actor"]
    ('Trong tháng 12/2025', '2025-12', '2025-12-31', 'month', 'Văn phòng Đảng uỷ')
    """
    bound = note.args.get("bound") or (note.positional[0] if note.positional else "")
    level = note.args.get("level") or (note.positional[1] if len(note.positional) > 1 else None)
    expr = note.args.get("when") or note.quote
    when = read_when(expr, plan_year)
    out: dict[str, Any] = {
        "expr": tone(expr), "stated": when.stated, "bound": bound,
        "due": due_date(when, bound, expr).isoformat(), "granularity": when.granularity,
        "actor": tone(note.args.get("actor")), "level": level,
        "action": tone(note.args.get("action")),
    }
    if when.start:
        out["start"] = when.start
    if when.year_inferred:
        out["year_inferred"] = True
    return out


def subject_gold(note: Note, context: str, tone: Tone) -> dict[str, Any]:
    """One gold subject from an ``sj`` annotation (positional: purpose, category, level).

    Raises:
        ConfigError: an exclusion or inclusion phrase is not in the section's text.
    """
    purpose, category, *rest = note.positional + ("", "")
    out: dict[str, Any] = {"purpose": purpose, "category": category}
    level = note.args.get("level") or (rest[0] if rest and rest[0] else None)
    if level:
        out["level"] = None if level == "none" else level
    out["contains"] = tone(note.args.get("contains", note.quote))
    for key, name in (("excl", "exclusions"), ("incl", "inclusions")):
        if key in note.args:
            phrases = [p.strip() for p in note.args[key].split("/")]
            missing = [p for p in phrases if p not in context]
            if missing:
                raise ConfigError(f"{name} not in the section text: {missing}")
            out[name] = [tone(p) for p in phrases]
    if "refers_to" in note.args:
        out["refers_to"] = note.args["refers_to"].split("/")
    return out


def ref_gold(note: Note, in_opening: bool) -> dict[str, Any]:
    """One gold legal reference from a ``ref`` annotation.

    Raises:
        ConfigError: the full_id is not in the quote, or a known regulation is quoted with
            another date or type and the annotation is not marked ``planted``.
    """
    args, quote = note.args, note.quote
    full_id = None if args.get("id", "null") == "null" else args["id"]
    if full_id and full_id not in quote:
        raise ConfigError(f"reference {full_id} not in its quote {quote!r}")
    known = regulations().get(full_id or "", {})
    after = quote.split(full_id, 1)[1] if full_id else quote
    out = {
        "type": args.get("type") or known.get("type") or _leading_type(quote),
        "full_id": full_id,
        "date": _ref_date(args, after),
        "issuer": args.get("issuer") or _quoted_issuer(quote) or known.get("issuer"),
        "relation": args.get("rel") or ("basis" if in_opening else "mention"),
    }
    if "note" in args:
        out["note"] = args["note"]
    if known and "planted" not in args:
        for key in ("type", "date"):
            if out[key] is not None and out[key] != known[key]:
                raise ConfigError(f"{full_id}: {key} {out[key]!r} differs from the known "
                                  f"{known[key]!r}; fix it or mark the note 'planted'")
    return out


def _ref_date(args: dict[str, str], after: str) -> str | None:
    if "date" in args:
        return None if args["date"] == "null" else args["date"]
    match = WORDS_PATTERN.search(after) or DAY_PATTERN.search(after)
    if not match or not match.group(3):
        return None
    day, month, year = (int(g) for g in match.group(1, 2, 3))
    return f"{year:04d}-{month:02d}-{day:02d}"


def _leading_type(quote: str) -> str | None:
    return next((t for t in _DOC_TYPES if quote.lower().startswith(t.lower())), None)


def _quoted_issuer(quote: str) -> str | None:
    match = _ISSUER.search(quote)
    return match.group("issuer").strip() if match else None


def _lines(plan: Plan) -> Iterator[tuple[str, Node | None, Line]]:
    for line in plan.opening:
        yield "opening", None, line
    for node in plan.nodes:
        for line in node.lines:
            yield "section", node, line
    for line in plan.closing:
        yield "closing", None, line


def plan_year(front: dict[str, Any]) -> int:
    """The year a date without a year belongs to: the issue year, else the plan's year."""
    issued = front.get("header", {}).get("date")
    return int(str(issued)[:4]) if issued else int(front.get("meta", {}).get("year"))


def plan_gold(plan: Plan, source: str) -> dict[str, Any]:
    """Build the whole gold object of a plan whose text file is called ``source``.

    Besides the fields of ``shared/gold``, ``implements`` names the upper plan this plan
    carries out (front matter ``implements``), the truth for linking plans across levels.

    Raises:
        ConfigError: an annotation contradicts the text or the known regulations.
    """
    tone_style = plan.front.get("style", {}).get("tone", "new")

    def tone(value: Any) -> Any:
        return apply_tone(value, tone_style) if isinstance(value, str) else value

    year = plan_year(plan.front)
    refs: dict[str, dict[str, Any]] = {}
    deadlines, subjects = [], []
    unnumbered = 0
    for where, node, line in _lines(plan):
        context = " ".join(x.text for x in node.lines) if node else line.text
        for note in line.notes:
            if note.kind == "dl":
                deadlines.append(deadline_gold(note, year, tone))
            elif note.kind == "sj":
                subjects.append(subject_gold(note, context, tone))
            else:
                ref = ref_gold(note, where == "opening")
                key = ref["full_id"] or f"#unnumbered-{(unnumbered := unnumbered + 1)}"
                refs.setdefault(key, ref)
    return {
        "source": source,
        "meta": meta_gold(plan.front, tone),
        "sections": [section_gold(node, tone) for node in plan.nodes],
        "legal_refs": list(refs.values()),
        "deadlines": deadlines,
        "subjects": subjects,
        "implements": plan.front.get("implements"),  # the upper plan, relative path
    }
