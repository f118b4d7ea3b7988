"""The state of reading one subject section: context from headings, subjects emitted.

Headings above a line give its category, level and purpose: an inline "Heading: list"
first, then the nearest bullet headings, then the headings of its sections, last the
purpose named by a section title. Each list item becomes a ``Subject`` (or a VB601
warning when no known subject is found in it), with the exclusions read from its "trừ ..."
clause; exclusions and inclusions stated in a sentence of their own are attached to the
last subject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from vbparser.errors import warning_message
from vbparser.extract.subject_grammar import (
    Kind,
    grammar,
    kind_named,
    kind_of,
    named_category,
    names_none,
    own_purpose,
    rates_another,
)
from vbparser.extract.subject_lines import (
    INLINE_MARK,
    PLAIN,
    TRIM,
    Line,
    blank_remarks,
    clean,
    folded_title,
    paren_end,
    remark_spans,
    top_level,
    trim,
)
from vbparser.model import Document, Level, Purpose, Section, SectionRole, Subject, SubjectCategory
from vbparser.model import Warning as DocWarning
from vbparser.normalize.fold import key, match_text
from vbparser.patterns import LINE_LABEL, reference_patterns
from vbparser.spans import line_end
from vbparser.structure import resolve_reference
from vbparser.tables import line_at

_MAX_ITEM_WORDS = 12  # an unknown item longer than this is prose, not a missed subject
_MAX_RATER_WORDS = 24  # "<body> tự đánh giá ...": a longer clause before it is prose


class Context(NamedTuple):
    """What the headings above a line say about the subjects it lists."""

    category: SubjectCategory | None = None
    level: Level | None = None
    purpose: Purpose | None = None

    def over(self, below: Context) -> Context:
        """This context, its gaps filled from ``below`` (an outer heading)."""
        return Context(self.category or below.category, self.level or below.level,
                        self.purpose or below.purpose)


FIELDS = ("category", "level", "purpose")  # what a heading, level or purpose line gives


class Cues(NamedTuple):
    """Which rarer words a sentence holds at all; an item's own search for them is skipped
    when its sentence has none (most list sentences have none of the three)."""

    exclusion: bool  # "trừ": an exclusion clause
    reference: bool  # "điểm", "mục": a reference to another section
    action: bool     # "đề xuất": a clause about the procedure, not a subject


class Listing(NamedTuple):
    """Exclusions listed after the line that announced them ("Đảng viên, trừ các trường
    hợp sau:", "Những đảng viên sau đây không phải kiểm điểm:")."""

    subject: int | None  # the subject they go to (in ``found``); None: the last of their kind
    rank: int          # the rank of the line that opened the list: deeper bullets list them
    prose: bool = False  # or the first sentence of an unlabelled line right after it
    # the section the line titles ("2. Các trường hợp không đánh giá, xếp loại"): the
    # items of its sub-sections ("a) ...", "b) ...") list them too
    section: str | None = None
    denied: Purpose | None = None  # what the line that opened them denies, if it says
    # who is still reviewed, not who is left out ("2.2. Các trường hợp vẫn kiểm điểm")
    included: bool = False
    # the subjects a denial addressed to them lists cases for, each getting every case
    # ("Đối với công chức, viên chức nêu tại điểm c, điểm d ..., không thực hiện đánh giá
    # ... đối với các trường hợp sau:")
    subjects: tuple[int, ...] = ()


@dataclass(slots=True)
class Reader:
    """Mutable state while reading one subject section (local to one call)."""

    doc: Document
    home: Section
    parents: dict[str, Section]
    found: list[Subject] = field(default_factory=list)
    warnings: list[DocWarning] = field(default_factory=list)
    by_section: dict[str, Context] = field(default_factory=dict)
    scopes: list[tuple[int, Context]] = field(default_factory=list)
    purposes: dict[str, Purpose] = field(default_factory=dict)
    chains: dict[str | None, tuple[Section, ...]] = field(default_factory=dict)  # by section
    skipped: dict[str | None, bool] = field(default_factory=dict)                # by section
    aside: frozenset[str] = frozenset()  # parts of the home about something else
    special: frozenset[str] = frozenset()  # parts of special cases: no subjects of their own
    # subjects read from a section's title line, by index in ``found``: the section's own
    # lines may show the title heads a group instead ("1.1. Công chức" over its bullets)
    titled: list[tuple[int, str]] = field(default_factory=list)
    # "Đảng viên, trừ các trường hợp sau:": the list of exclusions that follows
    listing: Listing | None = None
    # ... given as the first sentence of the unlabelled line after it
    sentence_list: Listing | None = None
    # "Đảng viên trong Chi bộ, cụ thể:": the subject (index in ``found``) whose members
    # the lines below name, the rank of the line that opened them and its section
    members: tuple[int, int, Section | None] | None = None
    # sections that a subject's exclusions point at ("trừ các trường hợp quy định tại điểm
    # 3.1"), with the subject's index in ``found``
    referred: dict[str, int] = field(default_factory=dict)


# --- context: category, level, purpose ----------------------------------------------------

def _purpose(r: Reader, sec: Section) -> Purpose:
    """Purpose from the title of ``sec`` or, failing that, of its ancestors."""
    if sec.id not in r.purposes:
        node: Section | None = sec
        found = None
        while node is not None and found is None:
            found = own_purpose(folded_title(r.doc, node))
            node = r.parents.get(node.parent) if node.parent else None
        r.purposes[sec.id] = found or Purpose.BOTH
    return r.purposes[sec.id]


def _chain(r: Reader, line: Line) -> tuple[Section, ...]:
    """The line's section and its ancestors up to the subject section."""
    sec = line.section
    if (chain := r.chains.get(sec.id if sec else None)) is None:
        nodes, node = [], sec
        while node is not None:
            nodes.append(node)
            node = None if node.id == r.home.id or not node.parent else r.parents.get(
                node.parent)
        chain = r.chains[sec.id if sec else None] = tuple(nodes)
    return chain


def context(r: Reader, line: Line, inline: Context) -> Context:
    """Category, level and purpose given by ``inline`` (what "Heading: list" says about its
    own list), else by the nearest headings above ``line``, else by the section titles."""
    category, level, purpose = inline
    layers = [scope for _, scope in reversed(r.scopes)]
    layers += [heading for sec in _chain(r, line)
               if (heading := r.by_section.get(sec.id)) is not None]
    for layer in layers:  # nearest first
        category, level, purpose = (category or layer.category, level or layer.level,
                                    purpose or layer.purpose)
    return Context(category, level, purpose or _purpose(r, line.section or r.home))


def set_context(r: Reader, line: Line, heading: Context) -> None:
    """Record a heading for its section (numbered or plain line) or for the bullets under it.

    A later heading in the same section replaces an earlier one ("Tập thể" ... "Cá nhân").
    """
    if line.rank < 0 and line.section is not None:
        r.by_section[line.section.id] = heading.over(r.by_section.get(line.section.id,
                                                                      Context()))
    else:
        r.scopes.append((line.rank, heading))


def is_skipped(r: Reader, line: Line) -> bool:
    """Whether the line sits in a sub-section with another role ("2. Nội dung kiểm điểm")."""
    sec = line.section.id if line.section else None
    if (skipped := r.skipped.get(sec)) is None:
        own = (None, SectionRole.SUBJECTS, r.home.role)  # a role given by the home's
        skipped = r.skipped[sec] = any(s.role not in own or s.id in r.aside
                                       for s in _chain(r, line) if s.id != r.home.id)
    return skipped


def in_special(r: Reader, line: Line) -> bool:
    """Whether the line sits in a part of special cases ("1.3. Một số trường hợp đặc
    thù"), whose items say how some of those listed are reviewed."""
    return bool(r.special) and any(s.id in r.special for s in _chain(r, line))


def heading_value(m: re.Match[str], slot: int) -> Any:
    """The category (0), level (1) or purpose (2) a heading match names."""
    if slot == 2:
        return own_purpose(m.group("words"))
    if slot == 1:
        # the named groups of what a heading names come before those of its tail ("rest",
        # ...) and exactly one of them matches
        return Level(next(k for k in m.re.groupindex if m.start(k) >= 0))
    return named_category(m)


def is_level(m: re.Match[str]) -> bool:
    """"Cấp ủy trực thuộc đảng ủy cơ sở" heads a list only before a colon or a bullet."""
    bare = m.group("colon") is None and m.group("after") is None
    return not (bare and key(m.group(0).rstrip(TRIM)) in grammar().inline_only)


# --- emitting subjects -------------------------------------------------------------------

def emit_item(r: Reader, line: Line, a: int, b: int, ctx: Context, cues: Cues) -> None:
    """One list item: a subject, or a clause to skip."""
    g = grammar()
    masked = blank_remarks(line.folded[a:b])
    kind = kind_of(masked)
    whole = b  # the item with a clause after its colon, where its exclusions may be
    if _in_procedure(line, a, b):
        return  # "...: kiểm điểm tại hội nghị Đảng đoàn; Ban Thường vụ Tỉnh ủy đánh giá,
        # xếp loại": who rates the item before the colon
    if r.found and g.exclusion_after.fullmatch(line.folded, a, b):
        return  # who a list leaves out, not one of it: "..., những đảng viên không thuộc
        # diện kiểm điểm nêu trên thì không xếp loại"
    placed = g.placed.search(masked) if kind else None
    if kind and placed and masked[placed.start() - 1:placed.start()] != ":" and any(
            s.kind == kind.id for s in r.found):
        return  # where or when a part of a group named before is reviewed: "Đảng viên
        # sinh hoạt đảng tạm thời thì kiểm điểm ở nơi sinh hoạt tạm thời" (not a listed
        # item, "Đảng viên giữ chức vụ lãnh đạo: kiểm điểm ở chi bộ và ở ...")
    if (kind is None or kind.category is SubjectCategory.INDIVIDUAL) and r.found and (
            (colon := procedure_after(line, a, b)) is not None) and g.negation.match(
            line.folded, colon + 1, b) and not _PLACE.search(line.folded, colon, b):
        # "- 07 đồng chí được miễn công tác và sinh hoạt đảng: không phải kiểm điểm, không
        # đánh giá, xếp loại" under "Cá nhân: đảng viên trong Chi bộ ..., trong đó:"
        count = _COUNT.match(line.folded, a, colon)
        attach(r, exclusions=exclusion_items(line, count.end() if count else a, colon))
        return
    if kind and (colon := procedure_after(line, a, b)) is not None:
        if g.negation.match(line.folded, colon + 1, b):
            return  # "Đảng viên ... nơi cư trú: không kiểm điểm tại chi bộ"
        # "Giám đốc Sở: Văn phòng lập hồ sơ, trình ... đánh giá": the purpose named after
        # the colon, up to the line's end (the item stops at a ";")
        ctx = ctx._replace(purpose=own_purpose(line.folded[colon:]) or ctx.purpose)
        b, masked = colon, masked[:colon - a]
    # the item without a remark ending it: what "…, nơi chưa có chi ủy thì chi bộ tự kiểm
    # điểm" says is done stands for the item, not for a clause about the procedure; nor
    # does what its exclusions say ("..., trừ viên chức đã được đánh giá theo năm học")
    own_part = masked
    if cues.exclusion and (m := g.exclusion_cue.search(masked)) and line.top[a + m.start()]:
        own_part = masked[:m.start()]
    bare = own_part[:m.start()] if (m := g.remark_clause.search(own_part)) else own_part
    rated = g.self_rating.search(bare) if cues.action else None
    if rated and (kind or ctx.category) and len(bare[:rated.start()].split()) \
            <= _MAX_RATER_WORDS:  # "Sở Xây dựng tự đánh giá, xếp loại chất lượng"
        itself = ctx._replace(purpose=own_purpose(rated.group("words")))
        emit(r, line, a, a + rated.end(), _category(itself, kind), itself,
             kind.id if kind else None)
        return
    if (cues.action and g.heads["action"].search(bare)) or (
            kind is None and own_purpose(bare)) or (kind and rates_another(bare)):
        return  # a clause about the procedure ("Chi bộ tự đánh giá, đề xuất ...")
    if kind is None and g.member_opener.fullmatch(masked):
        return  # "..., trừ các trường hợp quy định tại điểm 3.1. Cụ thể:" over the items
    if kind is None and ctx.category is None:
        if len(masked.split()) <= _MAX_ITEM_WORDS:
            r.warnings.append(DocWarning("VB601", f"{warning_message('VB601')}: no known "
                                         f"subject in {line.text[a:b]!r}",
                                         (line.start + a, line.start + b)))
        return
    # "Đảng viên: kiểm điểm và đánh giá, xếp loại, trừ các trường hợp sau:" has its
    # exclusions after the colon that ends its name
    cue = g.exclusion_cue.search(line.folded, a, whole) if cues.exclusion else None
    exclusions = _cue_exclusions(line, cue, whole)
    listing = cue is not None and not exclusions and cue.end() >= whole
    end = min(b, cue.start()) if listing and cue is not None else b
    own = g.passive.search(own_part) if kind else None  # "Chi bộ X được đánh giá, xếp loại"
    if own is not None:
        end, ctx = a + own.start(), ctx._replace(purpose=own_purpose(own.group()))
    opener = g.member_opener.search(line.folded, a, end) if kind and line.text.rstrip(
        ).endswith(":") else None
    if opener is not None:  # "Đảng viên trong Chi bộ (trừ ...), cụ thể:" over its members
        end = opener.start()
    named, purpose = _remarked(line.folded[a:end])
    ctx = ctx._replace(purpose=purpose or ctx.purpose)
    if named is None and purpose is None and own is None and kind and (
            kind.category is SubjectCategory.PARTY_ORG and ctx.purpose is Purpose.BOTH):
        # "Chi bộ thôn X (tự đánh giá, đề xuất ...)" under "Tập thể": it is rated
        ctx = ctx._replace(purpose=Purpose.ASSESSMENT)
    emit(r, line, a, end, named or _category(ctx, kind), ctx, kind.id if kind else None,
         exclusions)
    if listing:  # "Đảng viên, trừ các trường hợp sau:" and the bullets below
        r.listing = Listing(len(r.found) - 1, line.rank)
    if opener is not None:
        r.members = (len(r.found) - 1, line.rank, line.section)


# A head count before who is denied ("07 đồng chí ..."), and the words of where a denial
# holds ("không kiểm điểm tại chi bộ": reviewed elsewhere, not excluded).
_COUNT = re.compile(r"\s*\d{1,4}\s+")
_PLACE = re.compile(r"(?<!\w)(?:tại|ở|nơi)(?!\w)")


def _category(ctx: Context, kind: Kind | None) -> SubjectCategory:
    """The category of an item: its heading's, else its kind's. A Party organisation rated
    and not reviewed is one under a heading of collectives too ("Tập thể: Chi ủy ... (kiểm
    điểm); Chi bộ ... (đánh giá, xếp loại)")."""
    if kind and kind.category is SubjectCategory.PARTY_ORG and ctx.purpose is Purpose.ASSESSMENT:
        return kind.category
    return ctx.category or (kind.category if kind else SubjectCategory.COLLECTIVE)


def _remarked(folded: str) -> tuple[SubjectCategory | None, Purpose | None]:
    """The category and the purpose the item's remarks name: "Đảng bộ xã (tổ chức đảng)",
    "Chi bộ thôn (đánh giá, xếp loại)"."""
    if "(" not in folded:
        return None, None
    g, category, purpose = grammar(), None, None
    for a, b in remark_spans(folded):
        words = folded[a:b].strip()
        if m := g.category_word.fullmatch(words):
            category = heading_value(m, 0) or category
        elif g.purpose_remark.fullmatch(words):
            purpose = own_purpose(words)
    return category, purpose


def _in_procedure(line: Line, a: int, b: int) -> bool:
    """Whether the item at ``a:b`` goes on a clause on how the item before a colon is
    rated ("Tập thể Đảng đoàn ...: kiểm điểm tại hội nghị Đảng đoàn; Ban Thường vụ Tỉnh
    ủy đánh giá, xếp loại"): a clause naming a purpose and no subject runs from the
    colon to it, and it names a purpose too."""
    colon = line.text.rfind(":", 0, a)
    if colon < 0 or not line.top[colon]:
        return False
    before = blank_remarks(line.folded[colon + 1:a])
    return bool(own_purpose(before) and names_none(before)
                and own_purpose(blank_remarks(line.folded[a:b])))


def procedure_after(line: Line, a: int, b: int) -> int | None:
    """Where the item's head ends when a colon sets it before a clause on how it is rated,
    naming no subject ("Chủ tịch, Phó Chủ tịch UBND xã: Văn phòng lập hồ sơ, trình ...
    đánh giá", "Đảng viên giữ chức vụ: kiểm điểm ở chi bộ nơi sinh hoạt"); not before the
    rest of its name ("Tập thể lãnh đạo các Trường: Mầm non, Tiểu học")."""
    colon = line.text.find(":", a, b)
    if colon < 0 or not line.top[colon]:
        return None
    rest = blank_remarks(line.folded[colon + 1:b])
    return colon if own_purpose(rest) and names_none(rest) else None


def emit_reference(r: Reader, line: Line, a: int, b: int, ctx: Context,
                    target: str) -> None:
    """One subject standing for those of another section ("Các tập thể quy định tại điểm
    1.1, mục 1, phần II của Kế hoạch này"), with its own exclusions ("các tập thể đã kiểm
    điểm nêu tại mục 1, trừ Ban Chấp hành Đảng bộ xã")."""
    g = grammar()
    masked = blank_remarks(line.folded[a:b])
    kind = kind_of(masked)
    category = ctx.category or (kind.category if kind else None)
    if category is None:
        word = g.category_word.search(masked)
        category = (heading_value(word, 0) if word else None) or SubjectCategory.COLLECTIVE
    exclusions = _cue_exclusions(line, g.exclusion_cue.search(line.folded, a, b), b)
    emit(r, line, a, b, category, ctx, kind.id if kind else None, exclusions,
         refers_to=target)


def _cue_exclusions(line: Line, cue: re.Match[str] | None, end: int) -> tuple[str, ...]:
    """The exclusions after an item's "trừ" (``cue``), up to the end of the parenthesis
    it stands in, else ``end``; none without a cue."""
    if cue is None:
        return ()
    return exclusion_items(line, cue.end(), paren_end(line.text, cue.start(), end))


def exclusion_items(line: Line, start: int, end: int) -> tuple[str, ...]:
    """"đảng viên A; đảng viên B, bị C" → ("A", "B", "bị C"), as the gold words them; the
    marks of a list inside the sentence go too ("(1) đảng viên A; (2) đảng viên B"), and
    where one of them is reviewed stays with it ("A; đồng chí kiểm điểm tại chi bộ ...")."""
    g = grammar()
    top = top_level(line.text[start:end])  # depth inside the clause, not the line
    cuts = [start]
    for m in g.separator.finditer(line.folded, start, end):
        if top[m.start() - start] and (m.group() == ";" or g.heads["item"].match(
                line.folded, m.end()) or g.heads["state"].match(line.folded, m.end())):
            cuts += [m.start(), m.end()]
    cuts.append(end)
    spans: list[tuple[int, int]] = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        if mark := INLINE_MARK.match(line.folded, a, b):
            a = mark.end()
        if span := trim(line.text, a, b):
            head = g.heads["item"].match(line.folded, span[0], span[1])
            first = head.end() if head else span[0]
            if spans and g.placed.match(f" {line.folded[first:span[1]]}"):
                spans[-1] = (spans[-1][0], span[1])  # "...; đồng chí kiểm điểm tại chi bộ
                continue  # nơi đang sinh hoạt": where the one before is reviewed
            spans.append((first, span[1]))
    return tuple(x for x in (clean(line.text[a:b]) for a, b in spans) if x)


# "Tập thể" alone between an item's label and its name, read as a heading of collectives
# ("b) Tập thể Chi uỷ và các đảng viên ..."): the subject keeps it, as its readers do.
_COLLECTIVE_LEAD = re.compile(r"\s*(?P<word>tập thể)\s+$")


def emit(r: Reader, line: Line, a: int, b: int, category: SubjectCategory, ctx: Context,
          kind: str | None, exclusions: tuple[str, ...] = (),
          refers_to: str | None = None) -> None:
    """Add the subject at ``line.text[a:b]`` (trimmed), of level and purpose ``ctx``.

    A text with no letter names no one: a page number a dump left between two items.
    """
    if ctx.purpose is None or (trimmed := trim(line.text, a, b)) is None:
        return
    a, b = trimmed
    if not any(ch.isalpha() for ch in line.text[a:b]):
        return
    if category is SubjectCategory.COLLECTIVE and (lead := _COLLECTIVE_LEAD.match(
            line.folded, (m.end() if (m := LINE_LABEL.match(line.folded)) else 0), a)):
        a = lead.start("word")  # "b) Tập thể Chi uỷ": the word is part of the name
    r.found.append(Subject(line.text[a:b], ctx.purpose, category, kind, ctx.level,
                           exclusions, (),
                           refers_to, line.section.id if line.section else r.home.id,
                           (line.start + a, line.start + b)))


def drop_group_titles(r: Reader) -> None:
    """Drop the subjects read from a title line when the lines under it name subjects
    of their own (conditions aside): the title heads a group ("1.1. Người đứng đầu thuộc
    thẩm quyền đánh giá của Chủ tịch UBND tỉnh" over "- Giám đốc các sở ...")."""
    drop = set()
    for i, sec in r.titled:
        below = sec + "/"
        if any(s.section == sec or (s.section or "").startswith(below)
               for s in r.found[i + 1:] if s.category != SubjectCategory.CONDITION):
            drop.add(i)
    if drop:
        r.found = [s for i, s in enumerate(r.found) if i not in drop]


def attach(r: Reader, exclusions: tuple[str, ...] = (), inclusions: tuple[str, ...] = (),
           kind: Kind | None = None, index: int | None = None,
           words: str | None = None) -> int | None:
    """Add exclusions or inclusions stated in a sentence of their own to the last subject
    (the last of the same kind when the sentence names one: "đảng viên nghỉ thai sản";
    given the words that named it, the last of that kind named by them: "viên chức các
    trường ..." goes to "Viên chức ...", not to "Người lao động ..." listed after it),
    or to the subject at ``index``; return the index of the subject they went to."""
    if not r.found:
        return None
    if index is None:
        same = [i for i, s in enumerate(r.found) if kind is not None and s.kind == kind.id]
        if words:
            same = [i for i in same if words in match_text(r.found[i].text)] or same
        index = same[-1] if same else len(r.found) - 1
    found = r.found[index]
    r.found[index] = replace(found, exclusions=found.exclusions + exclusions,
                             inclusions=found.inclusions + inclusions)
    return index


def listed_member(r: Reader, line: Line) -> bool:
    """Read the line as one of the members of ``r.members``, if it is one: a bullet below
    the line that opened them, or a numbered line inside its section. A member denied the
    purpose ("(6) Đồng chí Hồ Sĩ Lâm – ... (đang nghỉ ốm ..., không kiểm điểm năm 2024)")
    is an exclusion of the subject, by name; the others add nothing."""
    if r.members is None:
        return False
    index, rank, home = r.members
    sec = line.section
    if rank >= 0:  # a bullet opened them: the deeper bullets below it
        inside = line.rank > rank
    else:  # a numbered line: bullets in its section, numbered lines inside it, the lines
        # of a table below it (a group's title across the columns among them)
        inside = home is not None and sec is not None and sec.path[:len(home.path)] == \
            home.path and (line.rank >= 0 or sec.path != home.path
                           or _in_table(r.doc.text, line.begin))
    if not inside:
        r.members = None
        return False
    g = grammar()
    if g.denial.search(line.folded) and (m := g.member_name.match(line.folded)):
        attach(r, exclusions=(clean(line.text[m.start("name"):m.end("name")]),), index=index)
    return True


def _in_table(text: str, begin: int) -> bool:
    """Whether the line starting at ``begin`` is a table's row, or stands between two
    rows ("A. Các chi bộ bản, thôn (17 chi bộ)" across the columns of a scanned table)."""
    end = line_end(text, begin)
    if "|" in text[begin:end]:
        return True
    return begin > 0 and end < len(text) and "|" in text[slice(*line_at(text, begin - 1))] \
        and "|" in text[slice(*line_at(text, end + 1))]


def listed_exclusion(r: Reader, line: Line) -> bool:
    """Read the line as one of the bullets listing the exclusions of ``r.listing``, if it
    is one: a bullet below the line that opened the list. An unlabelled line right after
    a list that may be prose gives them in its first sentence (``r.sentence_list``)."""
    listing, r.sentence_list = r.listing, None
    if listing is None:
        return False
    above = _chain(r, line)[1:]
    if listing.section is not None and any(s.id == listing.section for s in above):
        if _apart(r, above, listing.section):
            return False  # "3.2. Các trường hợp đặc biệt" beside "3.1. Không đánh giá ..."
        if not line.text.rstrip().endswith(":"):  # not the head of the items below it
            list_exclusions(r, listing, line, 0, len(line.text))  # ("3.1. Không ... đối với:")
        return True
    if line.rank < 0 or line.rank <= listing.rank:
        r.listing = None
        if listing.prose and line.rank == PLAIN:
            r.sentence_list = listing
        return False
    list_exclusions(r, listing, line, 0, len(line.text))
    return True


def _apart(r: Reader, above: Sequence[Section], listing: str) -> bool:
    """Whether a line whose own section has the sections ``above`` it, below the section
    ``listing`` that lists exclusions, sits in a part titled without a denial: "3.2. Các
    trường hợp đặc biệt" under "3. Trường hợp không đánh giá, xếp loại và trường hợp đặc
    biệt" lists who is still reviewed."""
    denial = grammar().denial
    for sec in above:
        if sec.id == listing:
            return False
        if sec.title and not denial.search(folded_title(r.doc, sec)):
            return True
    return False


def list_exclusions(r: Reader, listing: Listing, line: Line, a: int, b: int) -> None:
    """Attach the exclusions named in ``line.text[a:b]`` to the subject of ``listing``
    (without one, to the last subject of the kind they name), in place of a reference to
    where they are listed ("trừ các trường hợp nêu tại điểm 2.3 dưới đây"). A list under a
    denial that names no subject goes to the one whose exclusions point at it, if any
    ("Toàn bộ viên chức ..., trừ các trường hợp quy định tại điểm 3.1 mục 3 phần này")."""
    if listing.included:  # each case goes to the last subject of the kind it names
        kind, words = kind_named(blank_remarks(line.folded[a:b]).lstrip())
        attach(r, inclusions=(clean(line.text[a:b]),), kind=kind, words=words,
               index=listing.subject)
        return
    if listing.subjects:
        excluded, included = denial_parts(line, a, b)
        for each in listing.subjects:
            attach(r, exclusions=excluded, inclusions=included, index=each)
        return
    subject = listing.subject if listing.subject is not None else _referring(r, line)
    # "- Không đánh giá, xếp loại đối với công chức, viên chức có thời gian ...": a denial
    # of its own under the list's title names the cases after it
    refused = None  # what such a denial refuses
    if subject is None and (span := trim(line.text, a, b)) is not None and (
            denied := grammar().exclusion_sentence.match(line.folded, *span)):
        a, refused = denied.end(), own_purpose(denied.group())
    if subject is None and served_exclusions(r, line, a, b, refused):
        return  # "- Công chức, viên chức có thời gian công tác ... dưới 06 tháng"
    items = exclusion_items(line, a, b)
    kind, words = (None, None) if subject is not None else kind_named(
        blank_remarks(line.folded[a:b]).lstrip())
    index = attach(r, exclusions=items, kind=kind, index=subject, words=words)
    if subject is None and kind is not None and index is not None and \
            listing.denied is Purpose.BOTH:
        # a list under a denial of both purposes ("3. Không kiểm điểm, không xếp loại")
        # leaves them out of the kind's list for each: "Đảng viên trong chi bộ" under "1.
        # Kiểm điểm" and again under "2. Đánh giá, xếp loại"
        purpose = r.found[index].purpose
        other = next((i for i in range(index - 1, -1, -1) if r.found[i].kind == kind.id
                      and r.found[i].purpose != purpose), None)
        if other is not None and not set(items) & set(r.found[other].exclusions):
            attach(r, exclusions=items, index=other)
    if index is not None and items:
        found = r.found[index]
        kept = tuple(x for x in found.exclusions if x in items or not reference_only(x))
        r.found[index] = replace(found, exclusions=kept)


def denial_parts(line: Line, a: int, b: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The cases a denial names in ``line.text[a:b]`` up to its clause's end (";", ",
    nhưng"), and those its own "trừ" takes back: "người có thời gian công tác trong năm
    dưới 06 tháng, trừ trường hợp nghỉ chế độ thai sản; những người này vẫn phải kiểm
    điểm" → the first as an exclusion, the leave as an inclusion."""
    g = grammar()
    if clause := next((m for m in g.clause_stop.finditer(line.folded, a, b)
                       if line.top[m.start()]), None):
        b = clause.start()
    cue = next((m for m in g.exclusion_cue.finditer(line.folded, a, b)
                if line.top[m.start()]), None)
    if cue is None:
        return exclusion_items(line, a, b), ()
    return exclusion_items(line, a, cue.start()), exclusion_items(line, cue.end(), b)


def reference_only(exclusion: str) -> bool:
    """Whether an exclusion points to where the cases are listed ("nêu tại điểm 2.1")
    rather than naming one (a case with a remark pointing elsewhere: "được miễn công tác
    ... (trừ trường hợp nêu tại mục 3 phần này)")."""
    return reference_patterns()[0].search(blank_remarks(match_text(exclusion))) is not None


def _referring(r: Reader, line: Line) -> int | None:
    """The last subject with an exclusion that is a reference to the part holding
    ``line`` or one above it, by index in ``r.found``. The reference gives way to the
    items (``list_exclusions``); ``r.referred`` keeps where it pointed."""
    for i in range(len(r.found) - 1, -1, -1):
        for x in r.found[i].exclusions:
            if reference_only(x) and (
                    target := resolve_reference(r.doc, x)) is not None:
                r.referred.setdefault(target, i)
    return next((r.referred[s.id] for s in _chain(r, line) if s.id in r.referred), None)


def served_exclusions(r: Reader, line: Line, a: int, b: int,
                      purpose: Purpose | None) -> list[int]:
    """Add a denial that turns on time served, besides the condition it is, to the
    exclusions of the individuals it names whose subjects were listed before it: "Không
    thực hiện xếp loại đối với cán bộ, công chức, viên chức có thời gian công tác trong
    năm dưới 06 tháng, người đang bị tạm đình chỉ công tác" excludes both from "Cán bộ,
    công chức cấp xã" and from "Viên chức các đơn vị sự nghiệp", not from "Người lao
    động". Naming no one but "người" ("... đối với người có tổng thời gian công tác trong
    năm dưới 06 tháng"), it narrows every individual listed before it whom the denied
    ``purpose`` concerns. The rule holds plan-wide, and each subject it narrows says so.
    Return the indices (in ``r.found``) of the subjects it went to.
    """
    g, folded = grammar(), line.folded
    served = g.condition_phrase.search(folded, a, b)
    if served is None:
        return []
    kind = kind_of(blank_remarks(folded[a:b]))
    lead = _SERVED_LEAD.search(folded, a, served.start())  # "... viên chức có thời gian"
    start = lead.start() if lead else served.start()
    named = [n.strip() for n in _NAME_JOINS.split(folded[a:start]) if n.strip()]
    if kind is None and all(_ANYONE.fullmatch(n) for n in named):  # "người có ..."
        targets = _individuals(r, purpose)
        start = a  # "người có thời gian ...": the word names who, as no subject does
    elif kind is None or kind.category is not SubjectCategory.INDIVIDUAL:
        return []
    else:  # each subject naming one of them: "Viên chức, người lao động ..." for either
        targets = [i for i, s in enumerate(r.found) if s.category is
                   SubjectCategory.INDIVIDUAL and any(n in match_text(s.text) for n in named)]
    excluded = exclusion_items(line, start, b)
    for index in targets:
        attach(r, exclusions=excluded, index=index)
    return targets


def anyone_exclusions(r: Reader, line: Line, a: int, b: int, purpose: Purpose | None) -> bool:
    """Add a denial naming no one but "người" in a state ("không đánh giá người đã nghỉ
    hưu, thôi việc trước thời điểm đánh giá") to the exclusions of every individual listed
    before it whom the denied ``purpose`` concerns, as ``served_exclusions`` does for time
    served; return whether it was one."""
    if _ANYONE_IN_STATE.match(line.folded, a, b) is None:
        return False
    targets = _individuals(r, purpose)
    if not targets:
        return False
    excluded = exclusion_items(line, a, b)
    for index in targets:
        attach(r, exclusions=excluded, index=index)
    return True


def denied_from(folded: str, start: int, end: int) -> int | None:
    """Where who is named, when ``folded[start:end]`` opens with a denial naming someone
    ("không kiểm điểm đối với đảng viên ...") or anyone in a state without "đối với"
    ("không đánh giá người đã nghỉ hưu")."""
    g = grammar()
    start = end - len(folded[start:end].lstrip())
    if m := g.exclusion_sentence.match(folded, start, end):
        return m.end()
    if (m := g.denial.match(folded, start, end)) and (
            who := _ANYONE_IN_STATE.match(folded, m.end(), end)):
        return who.start("who")
    return None


def _individuals(r: Reader, purpose: Purpose | None) -> list[int]:
    """The indices of the individuals listed so far whom denying ``purpose`` touches."""
    return [i for i, s in enumerate(r.found)
            if s.category is SubjectCategory.INDIVIDUAL and _concerns(s, purpose)]


def _concerns(subject: Subject, purpose: Purpose | None) -> bool:
    """Whether denying ``purpose`` (None: every purpose) touches ``subject``."""
    return purpose is None or subject.purpose in (purpose, Purpose.BOTH) \
        or purpose is Purpose.BOTH


# Words between the individuals named and the time they served ("có", "người có").
_SERVED_LEAD = re.compile(r"(?:\s+(?:người|nào|mà|có|tổng))*\s*$")
# Who is named when no one in particular is: the denial then holds for everyone listed.
_ANYONE = re.compile(r"(?:những\s+|các\s+)?(?:người|trường hợp)")
_NAME_JOINS = re.compile(r",|(?<!\w)và(?!\w)")
# "người đã nghỉ hưu", "những người đang bị tạm đình chỉ công tác": anyone in a state
_ANYONE_IN_STATE = re.compile(r"\s*(?P<who>(?:những\s+|các\s+)?người\s+(?:đã|đang|bị))(?!\w)")
