"""Who must do what: the actor opening a deadline's sentence or item, and the action.

The actor is the subject that opens the clause, the sentence or the item ("Các Chi bộ hoàn
thành ..." → "Các Chi bộ"; none for "Kiểm điểm tập thể ..."), or the body holding a
meeting ("Hội nghị kiểm điểm của chi bộ ngày ..." → "chi bộ"); the action is a short
phrase of the words between the actor and the deadline.
"""

from __future__ import annotations

import re

from vbparser.extract.deadline_context import (
    Context,
    Item,
    actor_level,
    clause_end,
    item_of,
    sentence_start,
)
from vbparser.extract.deadline_grammar import patterns
from vbparser.model import Level
from vbparser.spans import Span
from vbparser.tables import line_at

_MAX_ACTOR_WORDS = 24
_CLAUSE_WORDS = 12  # more words for an actor with a clause: "... được phân công phụ trách ..."
_MAX_COLON_WORDS = 12
_MAX_LEAD_IN_WORDS = 25  # "Đối với công chức mới điều động về xã, ...", "Trên cơ sở ..."
_MAX_MEMBER_WORDS = 14  # words of one body: "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"
_LIST_JOINS = re.compile(r",\s*|\s+và\s+")
_ACTION_WORDS = 20
_TRIM = " ,;:-\u2013"  # spaces, punctuation and dashes (hyphen, en dash) around phrases
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_COLON = re.compile(r"[ \t]*:[ \t]*")
# what ends a deadline opening its clause: a comma, or a colon, after a weekday in brackets
_OPENING_END = re.compile(r"[ \t]*(?:\([^()\n]{1,20}\)[ \t]*)?[,:][ \t]*")


def actor_at(ctx: Context, start: int, end: int) -> Span | None:
    """The subject that opens ``text[start:end]``, if it names a body or a person."""
    p = patterns()
    folded = ctx.folded
    meeting = p.meeting.match(folded, start, end)
    if meeting is not None:
        return _meeting_actor(ctx, meeting.end(), end)
    lead = p.lead_in.match(folded, start, end)
    if lead is not None and len(folded[start:lead.end()].split()) <= _MAX_LEAD_IN_WORDS:
        start = lead.end()  # "Ở cấp xã, Ủy ban nhân dân các xã ..."
    if p.not_actor.match(folded, start, end):
        return None
    if not p.compound.match(folded, start, end) and (
            p.verb.match(folded, start, end) or not p.actor_head.match(folded, start, end)):
        return None
    stop = _actor_end(ctx, start, end)
    return _trimmed(ctx, start, stop)


def _meeting_actor(ctx: Context, start: int, end: int) -> Span | None:
    """The body holding a meeting: "Hội nghị kiểm điểm (của) chi bộ ngày ..." → "chi bộ";
    "Hội nghị Ban Chấp hành Đảng bộ phường kiểm điểm tập thể ..." → "Ban Chấp hành Đảng
    bộ phường" (its name ends at a stop word or a verb)."""
    p = patterns()
    if not p.actor_head.match(ctx.folded, start, end):
        return None
    stop = p.meeting_stop.search(ctx.folded, start, end)
    stop_at = stop.start() if stop else end
    return _trimmed(ctx, start, _first_verb(ctx.folded, start, stop_at) or stop_at)


_FOR = "đối với "  # a heading of what falls to a body: "3. Đối với Phòng Nội vụ"


def heading_body(ctx: Context, start: int, end: int) -> Span | None:
    """The body an item's heading names and nothing more ("7. Ban Tổ chức Tỉnh ủy", "3.
    Đối với Phòng Nội vụ"), who does what the items under it list; ``text[start:end]``
    is the heading after its label: a few words opening with a body's head word, with
    no verb and no full stop."""
    p = patterns()
    folded = ctx.folded
    stop = len(folded[:end].rstrip(_TRIM))
    if folded.startswith(_FOR, start):  # "2. Đối với Ủy ban nhân dân các xã, thị trấn"
        start += len(_FOR)
    if (stop <= start or folded[stop - 1] == "." or len(folded[start:stop].split())
            > _MAX_MEMBER_WORDS or p.not_actor.match(folded, start, stop)
            or not p.actor_head.match(folded, start, stop)
            or any(m.group("v") for m in p.verb.finditer(folded, start, stop))):
        return None
    return start, stop


def _reviewed_body(ctx: Context, start: int, end: int) -> Span | None:
    """The body that holds its own review: "Kiểm điểm tập thể, cá nhân Ban Thường vụ
    Huyện ủy trước ngày ..." → "Ban Thường vụ Huyện ủy"; the name ends at punctuation
    other than a comma, at a word of time or place ("trước", "tại"), at a verb (not one
    that opens the name or follows a comma or "và": "lãnh đạo UBND, Ban Thường trực
    UBMTTQ" is a list of bodies), or where the deadline starts (``end``)."""
    p = patterns()
    folded = ctx.folded
    review = p.self_review.match(folded, start, end)
    if review is None or not p.actor_head.match(folded, review.end(), end):
        return None
    body = review.end()
    found = p.review_stop.search(folded, body, end)
    stop = found.start() if found else end
    stop = _first_verb(folded, body, stop) or stop  # "lãnh đạo UBND" opens as a noun
    if len(folded[body:stop].split()) > _MAX_ACTOR_WORDS:
        return None
    return _trimmed(ctx, body, stop)


def _trimmed(ctx: Context, start: int, stop: int | None) -> Span | None:
    if stop is None:
        return None
    stop = len(ctx.text[:stop].rstrip(_TRIM))
    return (start, stop) if stop > start else None


def _actor_end(ctx: Context, start: int, end: int) -> int | None:
    """Where the actor ends: at a short ":" list head or before its verb (else None).

    A verb right after "," or "và" is a noun in a list ("Các đoàn thể, lãnh đạo các
    đơn vị: ..."); a ";" ends the search.
    """
    folded = ctx.folded
    semicolon = folded.find(";", start, end)
    end = end if semicolon < 0 else semicolon
    stop = folded.find(":", start, end)
    if stop >= 0 and _words(folded, start, stop) > _MAX_COLON_WORDS:
        stop = -1
    verb = _first_verb(folded, start, stop if stop >= 0 else end)
    if verb is None and stop < 0 and semicolon < 0 and folded[start:end].strip():
        verb = _verb_at(folded, start, end)  # the deadline opens with the verb:
    stop = stop if verb is None else verb  # "Các chi bộ hoàn thành trước ngày ..."
    if stop < 0:
        return None
    limit = _MAX_ACTOR_WORDS + (_CLAUSE_WORDS if patterns().actor_clause.search(
        folded, start, stop) else 0)
    if _words(folded, start, stop) > limit and not _body_list(folded, start, stop):
        return None
    return stop


def naming(ctx: Context, actor: Span) -> Span:
    """The part of an actor that names who acts, before a clause on their assignment:
    its level words say the actor's level ("Các đồng chí Ủy viên Ban Chấp hành Đảng ủy
    Khối được phân công phụ trách đảng bộ cơ sở" acts at the Khối's level)."""
    clause = patterns().actor_clause.search(ctx.folded, *actor)
    return (actor[0], clause.start()) if clause else actor


def _words(folded: str, start: int, stop: int) -> int:
    """Words of ``folded[start:stop]`` outside parentheses (a list of the bodies meant
    may follow a name: "Các đảng ủy trực thuộc Tỉnh ủy (Đảng ủy ..., Đảng ủy ...)")."""
    stretch = folded[start:stop]
    return len((_PARENTHESES.sub("", stretch) if "(" in stretch else stretch).split())


def _first_verb(folded: str, start: int, end: int) -> int | None:
    """Where the first action verb after ``start`` stands in ``folded[start:end]``; a
    verb right after "," or "và" is a noun in a list ("Các đoàn thể, lãnh đạo các đơn
    vị"), and so is one that opens the stretch."""
    for m in patterns().verb.finditer(folded, start, end):
        if m.group("v") and m.start() > start and (not folded[start:m.start()].rstrip(
                ).endswith((",", " và")) or _apposition(folded, start, m.start())):
            return m.start()
    return None


# A person named with the post set between commas: "Đồng chí Lưu Văn Tám, Chánh Văn
# phòng, lưu hồ sơ ...": the comma after the post closes it, and a verb follows.
_APPOSITION = re.compile(r"đồng chí [^,;:]+,[^,;:]+,\s*$")


def _apposition(folded: str, start: int, pos: int) -> bool:
    return _APPOSITION.match(folded, start, pos) is not None


def _verb_at(folded: str, start: int, pos: int) -> int | None:
    """``pos`` when an action verb stands there as ``_first_verb`` would take it after
    ``start`` (the verb a deadline phrase opens with: "hoàn thành trước ngày ...")."""
    verb = patterns().verb.match(folded, pos)
    if verb is None or not verb.group("v") or folded[start:pos].rstrip().endswith(
            (",", " và")):
        return None
    return pos


def _body_list(folded: str, start: int, stop: int) -> bool:
    """Whether ``folded[start:stop]`` is a list of bodies, which may run past
    ``_MAX_ACTOR_WORDS`` as a whole: "Thường trực HĐND, lãnh đạo UBND, Ban Thường trực
    UBMTTQ xã". Its members are short, the first and most of the others open with a
    body's head word ("Tập thể lãnh đạo các sở, ban, ngành tỉnh, ...": "ngành tỉnh"
    does not)."""
    members = _LIST_JOINS.split(folded[start:stop])
    head = patterns().actor_head
    named = [bool(head.match(m)) for m in members]
    return (len(members) > 1 and named[0] and 2 * sum(named) > len(members)
            and all(len(m.split()) <= _MAX_MEMBER_WORDS for m in members))


def action_phrase(ctx: Context, start: int, end: int, after_actor: bool) -> str | None:
    """A short phrase of what must be done, from ``start`` to ``end``.

    After an actor the phrase opens at the first action verb (skipping the list after
    "Các đảng đoàn:"); it drops parentheses ("(qua Ban Tổ chức Tỉnh uỷ)") and stops
    before an unclosed one ("... (đến ngày 20/11/2025)"); a long phrase is cut at a comma.
    """
    verb = patterns().verb.search(ctx.folded, start, end) if after_actor else None
    if verb is not None and verb.group("v"):
        start = verb.start()
    text = ctx.text[start:end]
    if "(" in text:
        text = _PARENTHESES.sub("", text)
        text = text[:text.rfind("(")] if "(" in text else text
    tokens = text.strip(_TRIM).split()
    if len(tokens) > _ACTION_WORDS:
        head = " ".join(tokens[:_ACTION_WORDS])
        cut = max(head.rfind(","), head.rfind(";"))
        tokens = (head[:cut] if cut > len(head) // 3 else head + " …").split()
    return " ".join(tokens).strip(_TRIM) or None


def _sentence_and_clause(ctx: Context, item: Item, pos: int) -> tuple[int, int]:
    """Where the sentence holding ``pos`` starts in its item, and its clause after a ";"."""
    sent = max(sentence_start(ctx.text, item.body, pos), item.body)
    clause = ctx.text.rfind(";", sent, pos) + 1 or sent
    clause += len(ctx.text[clause:pos]) - len(ctx.text[clause:pos].lstrip())
    return sent, clause


def find_actor(ctx: Context, item: Item, span: Span) -> tuple[Span | None, Span]:
    """The actor of a deadline at ``span`` and the stretch its action is read from.

    Tried in turn: the clause after a ";", the sentence, the agent of a passive ("do
    ..."), the clause after a deadline that opens its own ("Trước ngày 04/12, từng đảng
    viên ..."), and the item's first sentence ("Nội dung này hoàn thành ..." refers back
    to it).
    """
    pos, after = span
    sent, clause = _sentence_and_clause(ctx, item, pos)
    for start in dict.fromkeys((clause, sent)):
        actor = actor_at(ctx, start, pos)
        if actor is not None:
            return actor, (actor[1], pos)
    if (agent := _agent(ctx, clause, pos)) is not None:  # "... do Văn phòng tổng hợp"
        return agent, (agent[1], pos)
    if not ctx.text[clause:pos].strip() and (comma := _OPENING_END.match(ctx.text, after)):
        end = clause_end(ctx.text, comma.end(), item.line[1])  # "Trước ngày 04/12, từng
        actor = actor_at(ctx, comma.end(), end)  # đảng viên hoàn thành ...", "Ngày
        # 08/12/2026 (thứ Ba): Chi ủy kiểm điểm ..."
        if actor is not None:
            return actor, (actor[1], end)
    if sent > item.body:
        actor = actor_at(ctx, item.body, sent)
        if actor is not None:
            return actor, (actor[1], sent)
    return None, (sent, pos)


def _agent(ctx: Context, start: int, end: int) -> Span | None:
    """The agent of a passive in ``text[start:end]``: "Kết quả ... do Văn phòng HĐND và
    UBND xã tổng hợp, gửi ..." → "Văn phòng HĐND và UBND xã"."""
    p = patterns()
    for m in p.agent.finditer(ctx.folded, start, end):
        if p.actor_head.match(ctx.folded, m.end(), end) and (
                actor := actor_at(ctx, m.end(), end)) is not None:
            return actor
    return None



def reviewed_body(ctx: Context, item: Item, pos: int) -> Span | None:
    """The body that holds its own review in the clause of a deadline at ``pos``, the
    actor when nothing else names one ("Kiểm điểm tập thể Ban Giám hiệu ngày ...")."""
    return _reviewed_body(ctx, _sentence_and_clause(ctx, item, pos)[1], pos)


def listed_tasks(ctx: Context, span: Span) -> list[tuple[str | None, str | None,
                                                      Level | None]]:
    """Actor, action and level of the tasks a deadline heads: it opens its item and a
    colon follows it, then the task ("- Trước ngày 20/12/2024: các chi bộ trực thuộc
    hoàn thành ...") or, ending the line, the items listed under it ("- Xong trước
    15/12/2024:" over "+ Ủy ban nhân dân xã ... hoàn thành ..."; "+ Mặt trận Tổ quốc
    ..."). A line holding the deadline alone heads the bulleted items below it, blank
    lines between them aside ("Từ ngày 01/12 đến ngày 10/12/2025:" over "- Các chi bộ
    ...", "- Ủy ban nhân dân xã ..."). Nothing when the deadline opens no item or is not
    followed by a colon."""
    text = ctx.text
    item = item_of(ctx, span[0])
    line_end = line_at(text, span[0])[1]
    colon = _COLON.match(text, span[1], line_end)
    if colon is None or text[item.body:span[0]].strip() or not item.rank and (
            colon.end() < line_end):
        return []
    if colon.end() < line_end:  # the task follows on the line
        return [task] if (task := _task(ctx, colon.end(), line_end, None))[0] else []
    tasks = []
    pos, top = line_end + 1, item.rank or None
    while pos < len(text):
        if text[pos] == "\n" and not item.rank:
            pos += 1
            continue
        child = item_of(ctx, pos)
        if not 0 < child.rank < (top or child.rank + 1):
            break
        top = top or child.rank + 1  # under a bare line: the first item's rank and deeper
        tasks.append(_task(ctx, child.body, child.line[1], child.label_level))
        pos = child.line[1] + 1
    return tasks


def _task(ctx: Context, start: int, end: int, label: Level | None) -> tuple[
        str | None, str | None, Level | None]:
    """The actor, action and level of the task written in ``text[start:end]``."""
    actor = actor_at(ctx, start, end)
    action = action_phrase(ctx, actor[1] if actor else start, end,
                           after_actor=actor is not None)
    level = label or (actor_level(ctx, actor) if actor else None)
    return (ctx.text[actor[0]:actor[1]] if actor else None), action, level or ctx.level
