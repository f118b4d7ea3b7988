"""Subjects of a plan: who is reviewed (kiểm điểm) and who is assessed (đánh giá, xếp loại).

The subject sections are found by role or by their title ("Đối tượng ..."), never by
number. Each line of such a section is read in turn: sub-headings ("Tập thể", "a) Tổ chức
đảng") give the category, level groups ("- Cấp Tỉnh", "Cấp huyện: ...") the level, purpose
headings ("- Kiểm điểm: ...") the purpose, and everything else is a list of subjects.
Lists split at semicolons, and at commas or "và" only before a leadership organ
("Thường trực HĐND, tập thể lãnh đạo UBND xã" → two subjects, "ban cán sự đảng, đảng
đoàn" → one). Exclusions ("trừ ..."), inclusions ("... thì vẫn phải kiểm điểm"),
conditions ("Chỉ tiến hành kiểm điểm đối với ...") and references to other sections ("tại
điểm 1.1, mục 1, phần II", resolved by ``structure.resolve_reference``) are read on the
way, as are exclusions listed as bullets under "..., trừ các trường hợp sau:", those in a
subject table's "Ghi chú" column, and denials ("Không đánh giá đối với ..."; a condition
when they turn on time served or on a collective's size, one on time served also going to
the exclusions of the individuals it names). A body rating itself ("Sở X tự
đánh giá, xếp loại mức độ hoàn thành nhiệm vụ") is a subject. Not subjects:
who rates whom ("Giám đốc Sở đánh giá, xếp loại các Phó Giám đốc"), a title heading the
subjects listed under it ("1.2. Công chức"), and, when one part of the section is titled
"Đối tượng ...", the parts beside it about other things ("3. Mức xếp loại"). An appendix
after the closing that lists subjects ("PHỤ LỤC / DANH SÁCH CÁC TẬP THỂ ... KIỂM ĐIỂM") is
read as a subject section; its subjects belong to no section. All vocabulary lives in
``data/subject_kinds.yaml``; matching runs on ``match_text``
(same length as the text), so every match is a span of ``Document.text``.
The vocabulary is compiled in ``subject_grammar``, lines are cut in ``subject_lines``, and
the context of headings and the subjects found are kept in ``subject_reader``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from vbparser.config import Config
from vbparser.extract.subject_grammar import grammar, kind_named, kind_of, names_none, own_purpose
from vbparser.extract.subject_lines import (
    BULLET_RANK,
    INLINE_MARK,
    PLAIN,
    Line,
    blank_remarks,
    clean,
    folded_title,
    lines,
    note_of,
    paren_end,
    sentences,
    title_end,
    trim,
)
from vbparser.extract.subject_reader import (
    FIELDS,
    Context,
    Cues,
    Listing,
    Reader,
    anyone_exclusions,
    attach,
    context,
    denial_parts,
    denied_from,
    drop_group_titles,
    emit,
    emit_item,
    emit_reference,
    exclusion_items,
    heading_value,
    in_special,
    is_level,
    is_skipped,
    list_exclusions,
    listed_exclusion,
    listed_member,
    reference_only,
    served_exclusions,
    set_context,
)
from vbparser.extract.subject_tables import is_group
from vbparser.model import Document, Purpose, Section, SectionRole, Subject, SubjectCategory
from vbparser.model import Warning as DocWarning
from vbparser.normalize.fold import match_text
from vbparser.patterns import reference_cue
from vbparser.spans import line_end
from vbparser.structure import (
    appendices,
    is_below,
    resolve_reference,
    resolve_references,
    role_of,
)

_BULLETS = "".join(BULLET_RANK) + " "  # the marks a cell may set before each item


def _start(sec: Section) -> int:
    """Sort key: where a section starts."""
    return sec.span[0]


def _region(sec: Section, sections: tuple[Section, ...]) -> tuple[int, int]:
    """Span of a section with all its descendants (in case ``span`` stops at its body):
    by their parents, not their paths, which a form appended after the closing may
    repeat ("II. KẾT QUẢ ĐÁNH GIÁ" of a report form under "II. ĐỐI TƯỢNG")."""
    by_id = {other.id: other for other in sections}
    start, end = sec.span
    return start, max([end] + [other.span[1] for other in sections
                               if other.span[0] >= start and is_below(other, sec.id, by_id)])


# --- reading a subject section ------------------------------------------------------------

def _read_line(r: Reader, line: Line) -> None:
    """Read one line: headings set context, the rest lists subjects."""
    g = grammar()
    if r.scopes:
        r.scopes = [s for s in r.scopes if s[0] < line.rank]
    if is_skipped(r, line) or listed_exclusion(r, line) or listed_member(r, line):
        return
    sec = line.section
    if g.out_of_scope.match(line.folded) or (
            sec is not None and sec.title and line.start >= sec.span[0]
            and g.out_of_scope.match(folded_title(r.doc, sec))):
        return  # bodies the plan does not cover ("Không thuộc phạm vi Kế hoạch này: ...")
    if m := g.denial_listing.fullmatch(line.folded):  # "2.3. Các trường hợp không kiểm điểm"
        _denial_list(r, line, m, len(line.text))
        return
    titled = sec is not None and line.begin <= sec.span[0] <= line.start
    if titled and sec is not None and sec.title and len(sec.title) >= len(
            line.text.rstrip(" .:")) and _topic_of(line.folded):
        return  # "2. Đối với đảng viên" alone: whom the part is about; its items name them
    if g.inclusion_listing.fullmatch(line.folded):  # "2.2. Các trường hợp vẫn kiểm điểm"
        r.listing = Listing(None, line.rank, section=sec.id if titled and sec else None,
                            included=True)
        return
    end, size = title_end(r.doc, line), len(line.text)
    offset = 0
    if m := g.title.match(line.folded, 0, end):
        if m.group("rest") is None and end == size:
            return
        offset = end if m.group("rest") is None else m.start("rest")
    inline = Context(category=line.category)  # what "Heading: list" says about its own
    # list, or a table's row about its unit ("Tập thể; Trưởng phòng")
    for slot, rx in enumerate((g.heading, g.level, g.purpose_heading)):
        m = rx.match(line.folded, offset, end)
        if m is None or (slot == 1 and not is_level(m)):
            continue
        heading = Context(**{FIELDS[slot]: heading_value(m, slot)})
        if m.group("rest"):
            inline, offset = heading.over(inline), m.start("rest")
            continue
        set_context(r, line, heading)
        if m.group("after") is None and end == size:
            return
        offset = end if m.group("after") is None else m.start("after")
    if is_group(line.rank) and line.text.isupper():
        return  # a table's row in capitals heading a group ("C. TỔ CHỨC ĐẢNG TRỰC THUỘC")
    last = size  # where the subjects end
    colon = end if end < size else line.text.find(":")  # a title the structure left
    if offset == 0 and 0 < colon < size and _named_members(line, colon):
        last = colon  # "07 Bảo hiểm xã hội cơ sở: Đông Lãm, Lãm Hà, …": the units named
    elif end < size and not (offset == 0 and _names_subject(line, end)):
        offset = max(offset, end)  # an unknown title before the list
    note = g.note.match(line.folded, offset)
    ctx = context(r, line, inline)
    first = len(r.found)
    for start, stop in sentences(line, note.end() if note else offset):
        if start < last:
            _read_sentence(r, line, start, min(stop, last), ctx, bool(note))
    if len(r.found) > first and (remark := note_of(r.doc, line)) is not None:
        _remark_exclusions(r, remark)
    if len(r.found) > first and r.members is None and _members_below(r, line, offset):
        r.members = (len(r.found) - 1, line.rank, line.section)
    if titled and sec is not None and sec.title and end == size:  # the line is the title
        r.titled += [(i, sec.id) for i in range(first, len(r.found))]


def _members_below(r: Reader, line: Line, start: int) -> bool:
    """Whether the line's last sentence, after the one naming its last subject, says the
    table below lists that subject's members ("b) Chi ủy các chi bộ trực thuộc. Danh sách
    các chi bộ trực thuộc và số đảng viên như sau:" over a table of the chi bộ)."""
    text = r.doc.text
    below = line_end(text, line.begin) + 1
    if not line.text.endswith(":") or "|" not in text[below:line_end(text, below)]:
        return False
    *_, (last, _) = sentences(line, start)
    return line.start + last >= r.found[-1].span[1] and bool(
        grammar().members_below.search(line.folded, last))


def _remark_exclusions(r: Reader, note: Line) -> None:
    """Exclusions written in the row's "Ghi chú" cell ("Trừ người đã có quyết định nghỉ
    hưu ...") or in a column of them ("Trường hợp không thực hiện") go to the row's
    subject; a part saying who is still rated is an inclusion, and a rule on which
    collectives are reviewed a condition."""
    g = grammar()
    if m := g.condition_bare.match(note.folded):  # "Chỉ kiểm điểm tập thể có từ 03 thành
        purpose = own_purpose(m.group("verb"))  # viên trở lên": a condition of its own
        emit(r, note, m.start("who"), m.end("who"), SubjectCategory.CONDITION,
             Context(level=r.found[-1].level, purpose=purpose), None)
        return
    cue = g.exclusion_cue.match(note.folded) or g.remark_denial.match(note.folded) or (
        None if note.note_listed else g.denial.match(note.folded))
    if cue is None and not note.note_listed:
        return
    start, stop = cue.end() if cue else 0, len(note.folded)
    if cue is not None and cue.re is g.denial:  # "Không kiểm điểm đảng viên được miễn ...,
        if link := g.item_link.match(note.folded, start):  # đảng viên đang bị đình chỉ
            start = link.end()  # ...": who its first sentence names
        stop = full if (full := note.folded.find(". ", start)) >= 0 else stop
    # parts end at ";" and at a sentence's end: "Trừ A, B. Cấp ủy viên ... vẫn phải kiểm
    # điểm" (the second sentence an inclusion)
    for a, b in sentences(note, start):
        first, b = a == start, min(b, stop)
        for part in note.folded[a:b].split(";"):
            end = a + len(part)
            if m := g.inclusion.match(note.folded, a, end):  # "... vẫn được đánh giá"
                attach(r, inclusions=(clean(note.text[m.start("who"):m.end("who")]),))
            elif first or cue is None:  # a later sentence lists no exclusions
                # a cell listing them may set each after a dash: "- Đảng viên ...; - ..."
                attach(r, exclusions=tuple(x.lstrip(_BULLETS) for x in exclusion_items(
                    note, a, end)))
            a = end + 1
        if b >= stop:
            break


def _names_subject(line: Line, end: int) -> bool:
    """Whether the title before a colon is a subject itself, the rest of the line naming
    none: the rest of its name ("Tập thể lãnh đạo các trường: Mầm non, Tiểu học"), how
    it is rated ("Giám đốc Sở: Văn phòng lập hồ sơ, trình ... đánh giá") or where
    ("Đảng viên giữ chức vụ lãnh đạo: kiểm điểm ở chi bộ nơi sinh hoạt và ...")."""
    rest = blank_remarks(line.folded[end:]).lstrip(" :")
    return kind_of(blank_remarks(line.folded[:end])) is not None and names_none(rest)


def _named_members(line: Line, end: int) -> bool:
    """Whether a title that counts its units is followed by their proper names after
    its colon ("07 Bảo hiểm xã hội cơ sở: Đông Lãm, Lãm Hà, Khê Thượng; ..."), or a
    plural title by units each named with its noun ("Các khoa lâm sàng: Khoa Khám bệnh;
    Khoa Cấp cứu; ..."): the title is the subject, the names its members.

    >>> l = "07 Bảo hiểm xã hội cơ sở: Đông Lãm, Lãm Hà và Khê Thượng; mỗi đơn vị ..."
    >>> _named_members(Line(0, 0, l, l.lower(), 0, None, []), l.index(":"))
    True
    >>> l = "Các phòng chức năng: Phòng Kế hoạch tổng hợp; Phòng Điều dưỡng."
    >>> _named_members(Line(0, 0, l, l.lower(), 0, None, []), l.index(":"))
    True
    """
    if plural := _PLURAL.match(line.text, 0, end):
        noun = plural.group(1).lower()
        units = [n.strip() for n in _UNIT_SEPARATOR.split(
            line.text[end + 1:].split(".", 1)[0])]
        return len(units) >= 2 and all(
            n[:1].isupper() and n.split(maxsplit=1)[0].lower() == noun for n in units)
    if not _COUNTED.match(line.text, 0, end):
        return False
    clause = _CLAUSE_END.split(line.text[end + 1:], maxsplit=1)[0]
    names = [n.strip() for n in _UNIT_SEPARATOR.split(clause)]
    return len(names) >= 2 and all(n[:1].isupper() and kind_of(match_text(n)) is None
                                   for n in names)


_COUNTED = re.compile(r"\s*\d{1,3}\s+\w")  # "07 Bảo hiểm xã hội cơ sở"
_PLURAL = re.compile(r"\s*(?:[Cc]ác|[Nn]hững)\s+(\w+)")  # "Các khoa lâm sàng"
_CLAUSE_END = re.compile(r"[;.]")
_UNIT_SEPARATOR = re.compile(r"[;,]|\s+và\s+")


def _read_sentence(r: Reader, line: Line, start: int, end: int, ctx: Context,
                   note: bool) -> None:
    g = grammar()
    if (listing := r.sentence_list) is not None:  # "Những đảng viên sau đây không phải
        r.sentence_list = None  # kiểm điểm:" over "đảng viên A, đảng viên B và ..."
        list_exclusions(r, listing, line, start, end)
        return None
    folded = line.folded[:end]
    if m := g.denial_listing.fullmatch(folded, start):
        return _denial_list(r, line, m, end)
    if m := g.topic_lead.match(folded, start):  # "Về chính quyền, …: kiểm điểm …"
        start = m.end()
    elif m := g.prose_lead.match(folded, start):  # "Về cá nhân, kiểm điểm các đồng chí …"
        start, ctx = m.end(), ctx._replace(category=heading_value(m, 0) or ctx.category,
                                           purpose=own_purpose(m.group("words")) or ctx.purpose)
    # "Đối tượng kiểm điểm gồm ...", "Tổ chức đảng được đánh giá, xếp loại gồm ..."
    if m := g.list_opener.match(folded, start) or g.heading_opener.match(folded, start):
        start, ctx = m.end(), ctx._replace(purpose=own_purpose(m.group("words")))
    m = g.condition.match(folded, start)
    if m and (purpose := own_purpose(m.group("verb"))):
        condition = Context(level=ctx.level, purpose=purpose)
        return emit(r, line, m.start("who"), end, SubjectCategory.CONDITION, condition, None)
    # "Chỉ kiểm điểm tập thể có từ 03 thành viên trở lên; ...", "Tập thể có từ 03 thành
    # viên trở lên mới tiến hành kiểm điểm": the condition alone, up to its clause's end
    if m := g.condition_bare.match(folded, start) or (
            g.condition_final.search(folded, start) and g.condition_first.match(folded, start)):
        condition = Context(level=ctx.level, purpose=own_purpose(m.group("verb")))
        return emit(r, line, m.start("who"), m.end("who"), SubjectCategory.CONDITION,
                    condition, None)
    if (m := g.addressed.match(folded, start)) and _addressed(r, line, m, end):
        return None
    denied = g.exclusion_sentence.match(folded, start)  # "Không đánh giá đối với X"
    who = (denied.end(), end) if denied else None
    if denied is None and (m := g.exclusion_after.match(folded, start)):  # "X thì không"
        denied, who = m, (m.start("who"), m.end("who"))
    if denied is not None and who is not None:
        return _denied(r, line, who, end, ctx, own_purpose(folded[start:denied.end()]))
    if g.outside_plan.match(folded, start):
        return None  # "Người làm việc theo hợp đồng ... không thuộc đối tượng của Kế hoạch
        # này; thủ trưởng ... nhận xét ...": no purpose denied, no subject named
    if r.found and (cue := g.exclusion_cue.match(folded, start)):
        # a sentence of its own after a subject: "Trừ đảng viên được miễn ...", or
        # "Trừ các trường hợp sau:" over the lines that list them
        excluded = exclusion_items(line, cue.end(), end)
        index = attach(r, exclusions=excluded)
        if not excluded and index is not None:
            r.listing = Listing(index, line.rank)
        return None
    if m := g.inclusion.match(folded, start):  # to the last subject of the kind it names
        named = line.folded[m.start("who"):m.end("who")]
        attach(r, inclusions=(clean(line.text[m.start("who"):m.end("who")]),),
               kind=kind_of(blank_remarks(named)))
        return None
    if line.rank == PLAIN and r.found and (m := g.special_case.match(folded, start)) and \
            _special_case(r, line, m):
        return None
    if note or g.prose.match(folded, start) or in_special(r, line):
        return None  # a rule for some of those listed: "Đảng viên là thuyền viên ...: viết
        # bản tự kiểm điểm, gửi ..." under "1.3. Một số trường hợp đặc thù"
    cues = _cues(line, start, end)
    items = _items(line, start, end, cues)
    targets = [_targets(r, line, a, b, cues) for a, b in items] if cues.reference else None
    shared = targets is not None and any(targets)  # a reference that items before it may share
    first, denied_to = len(r.found), -1
    for i, (a, b) in enumerate(items):
        if a < denied_to:
            continue  # a case the denial before it names
        if len(r.found) > first and (m := g.exclusion_sentence.match(folded, a, b)):
            # "Toàn thể đảng viên ...; không kiểm điểm đối với đảng viên được miễn ...,
            # đảng viên ... và đảng viên ...": the cases of the item before it
            denied_to = _exclusion_end(line, m.end(), end, line.top)
            attach(r, exclusions=exclusion_items(line, m.end(), denied_to),
                   index=len(r.found) - 1)
            continue
        if i and (m := g.inclusion.match(folded, a, b)):  # "...; đảng viên ... vẫn phải ..."
            attach(r, inclusions=(clean(line.text[m.start("who"):m.end("who")]),))
            continue
        if i and (m := g.heading_opener.match(line.folded, a, b)):  # "; các cá nhân được
            a = m.end()  # đánh giá, xếp loại là các cá nhân nêu tại điểm 1.2"
        if lead := g.purpose_lead.match(line.folded, a, b):  # "Kiểm điểm tập thể chi bộ"
            purpose = own_purpose(lead.group("words")) or ctx.purpose
            ctx, a = Context(ctx.category, ctx.level, purpose), lead.end()
        if link := g.item_link.match(line.folded, a, b):  # "...; đối với các chi bộ"
            a = link.end()
        target = targets[i] if targets is not None else ()
        if (shared and targets is not None and not target
                and g.category_word.fullmatch(line.folded, a, b)):
            # "các tập thể và cá nhân nêu tại mục 1": the reference covers both; "Các tập
            # thể, cá nhân nêu tại mục 1, mục 2": one part each, in order
            k = next((k for k in range(i + 1, len(targets)) if targets[k]), None)
            if k is not None and len(targets[k]) == k - i + 1:
                target, targets[k] = targets[k][:1], targets[k][1:]
            else:
                target = targets[i] = targets[k] if k is not None else ()
        if target and _denies(line, a, b):
            target = ()  # "Đối với công chức nêu tại điểm b khoản này: không thực hiện ..."
        for section in target:  # "các tập thể quy định tại tiết a, tiết b điểm 1.1": one
            emit_reference(r, line, a, b, ctx, section)  # subject for each part named
        if not target:
            emit_item(r, line, a, b, ctx, cues)


def _addressed(r: Reader, line: Line, m: re.Match[str], end: int) -> bool:
    """Whether the sentence denies a purpose to cases of subjects it points to, and if so
    give them those cases: "Đối với công chức, viên chức nêu tại điểm b, điểm c khoản
    này: không thực hiện đánh giá, xếp loại chất lượng đối với người có thời gian công tác
    trong năm dưới 06 tháng, trừ trường hợp nghỉ chế độ thai sản" (an exclusion and an
    inclusion of each), or "..., không thực hiện đánh giá ... đối với các trường hợp
    sau:" over the bullets naming them. Subjects the reference does not reach leave the
    sentence to the other rules."""
    who = m.start("who"), m.end("who")
    if reference_cue().search(line.folded, *who) is None:
        return False
    targets = resolve_references(r.doc, (line.start + who[0], line.start + who[1]))
    indices = tuple(i for i, s in enumerate(r.found)
                    if s.category is not SubjectCategory.CONDITION and s.section is not None
                    and (sec := r.parents.get(s.section)) is not None
                    and any(s.section == t or is_below(sec, t, r.parents) for t in targets))
    if not indices:
        return False
    g = grammar()
    denied = g.exclusion_sentence.match(line.folded, m.end())
    start = denied.end() if denied else m.end()
    if g.listing.fullmatch(line.folded, start, end):
        r.listing = Listing(indices[-1], line.rank, subjects=indices)
        return True
    excluded, included = denial_parts(line, start, end)
    for index in indices:
        attach(r, exclusions=excluded, inclusions=included, index=index)
    return True


def _special_case(r: Reader, line: Line, m: re.Match[str]) -> bool:
    """Whether a sentence of prose after the lists is a rule for some of the individuals
    listed ("Đảng viên dự bị đã đủ 6 tháng thì kiểm điểm ... như đảng viên chính thức";
    "Đảng viên ... giữ mối liên hệ với chi ủy nơi cư trú thì chi ủy có nhận xét ...")
    rather than a subject; one that says they are still reviewed or rated adds them to
    the inclusions of the last subject of their kind, unless it says only where."""
    who = (m.start("who"), m.end("who"))
    if not line.top[m.end() - 1]:
        return False
    kind = kind_of(blank_remarks(line.folded[who[0]:who[1]]))
    if kind is None or kind.category is not SubjectCategory.INDIVIDUAL:
        return False
    g = grammar()
    if g.purpose_remark.match(line.folded, m.end()) and not g.placed.match(line.folded, who[1]):
        attach(r, inclusions=(clean(line.text[who[0]:who[1]]),), kind=kind)
    return True


def _denies(line: Line, a: int, b: int) -> bool:
    """Whether the item denies a purpose outside its parentheses: what it refers to is
    not listed there but left out ("công chức, viên chức nêu tại điểm b khoản này: không
    thực hiện đánh giá, xếp loại ...")."""
    return any(line.top[m.start()] for m in grammar().denial.finditer(line.folded, a, b))


def _denial_list(r: Reader, line: Line, m: re.Match[str], end: int) -> None:
    """A denial heading the exclusions listed after it: after its colon, else in the lines
    below: bullets, or, after a colon, the next unlabelled line ("Những đảng viên sau đây
    không phải kiểm điểm:" over "đảng viên A, đảng viên B và ..."). They go to the last
    subject of the kind it names, or, when it names none ("Các trường hợp không kiểm
    điểm"), to the last of the kind each names."""
    kind, words = kind_named(blank_remarks(line.folded[m.start("who"):m.end("who")]).lstrip())
    index = attach(r, kind=kind, words=words) if kind is not None else None
    if m.group("rest"):
        list_exclusions(r, Listing(index, line.rank), line, m.start("rest"), end)
    else:  # a section's title: the items of its sub-sections list them as well
        sec = line.section
        titled = sec is not None and line.begin <= sec.span[0] <= line.start
        r.listing = Listing(index, line.rank, prose=m.group("colon") is not None,
                            section=sec.id if titled and sec is not None else None,
                            denied=own_purpose(line.folded[m.start():m.end()]))


def _denied(r: Reader, line: Line, who: tuple[int, int], end: int, ctx: Context,
            purpose: Purpose | None) -> None:
    """A sentence denying a purpose to some: the exclusions of the last subject of their
    kind, or a condition when it turns on time served ("Không đánh giá, xếp loại đối với
    công chức có thời gian công tác trong năm chưa đủ 06 tháng, nhưng vẫn phải kiểm điểm
    ..."); the condition ends before "nhưng" or ";", and its own "trừ ..." are inclusions.
    Such a condition also goes to the exclusions of the subjects it narrows
    (``served_exclusions``). A denial going on to others (", cũng như đối với tập thể
    lãnh đạo có dưới 03 thành viên") is read part by part.
    """
    g, (a, b) = grammar(), who
    join = next((m for m in g.denial_join.finditer(line.folded, a, b) if line.top[m.start()]),
                None)
    if join is not None:
        _denied(r, line, (a, join.start()), end, ctx, purpose)
        _denied(r, line, (join.end(), b), end, ctx, purpose)
        return
    if g.condition_phrase.search(line.folded, a, b) is None:
        if anyone_exclusions(r, line, a, b, purpose):
            return
        kind, words = kind_named(blank_remarks(line.folded[a:b]))
        listing = g.listing.fullmatch(line.folded, a, b)  # "... đối với các trường hợp sau:"
        items = () if listing else exclusion_items(line, a, _exclusion_end(line, a, b, line.top))
        index = attach(r, exclusions=items, kind=kind, words=words)
        if not items and index is not None:  # "Không kiểm điểm đối với:" and bullets
            r.listing = Listing(index, line.rank)
        return
    after = None  # who a denial of its own after the clause names: "...; không đánh giá
    rest = b  # người đã nghỉ hưu ..."
    if clause := g.clause_stop.search(line.folded, a, b):
        if line.folded[clause.start()] == ";" and line.top[clause.start()]:
            rest = clause.end()
            after = denied_from(line.folded, rest, b)
        b = clause.start()
    served_exclusions(r, line, a, b, purpose)
    cue = g.exclusion_cue.search(line.folded, a, b)
    last = b if cue is None else cue.start() if line.top[cue.start()] else \
        line.text.rfind("(", a, cue.start())
    condition = Context(level=ctx.level, purpose=purpose or ctx.purpose)
    emit(r, line, a, last, SubjectCategory.CONDITION, condition, None)
    if cue:
        attach(r, inclusions=exclusion_items(line, cue.end(), paren_end(line.text,
                                                                        cue.start(), b)))
    if after is not None:
        _denied(r, line, (after, who[1]), end, ctx,
                own_purpose(line.folded[rest:after]) or purpose)


def _cues(line: Line, start: int, end: int) -> Cues:
    """The cues of the sentence from ``start`` to ``end``.

    They are searched as bare words, even inside a longer word, so an item (a part of
    the sentence) holds a cue only if the sentence does.
    """
    g = grammar()
    return Cues(g.exclusion_word.search(line.folded, start, end) is not None,
                 reference_cue().search(line.folded, start, end) is not None,
                 g.action_word.search(line.folded, start, end) is not None)


def _targets(r: Reader, line: Line, a: int, b: int, cues: Cues) -> tuple[str, ...]:
    """The sections an item refers to ("các tập thể nêu tại điểm 1.1"; "tại tiết a, b
    điểm 1.1": two), exclusions aside.

    Most items name no section: one without a reference word is not resolved.
    """
    if reference_cue().search(line.folded, a, b) is None:
        return ()
    cue = grammar().exclusion_cue.search(line.folded, a, b) if cues.exclusion else None
    return resolve_references(r.doc, (line.start + a, line.start + (cue.start() if cue else b)))


def _items(line: Line, start: int, end: int, cues: Cues) -> list[tuple[int, int]]:
    """Split a sentence into subjects: at ";", and at "," / "và" before an organ; join
    "nơi không có ban thường vụ thì ..." to the subject before it."""
    g = grammar()
    top, folded = line.top, line.folded
    cue = next((m for m in g.exclusion_cue.finditer(folded, start, end) if top[m.start()]),
               None) if cues.exclusion else None
    clause = (cue.start(), _exclusion_end(line, cue.end(), end, top)) if cue else (end, end)
    managed = [m.span() for m in g.managed.finditer(folded, start, end)]
    cuts = [start]
    for m in g.item_cut.finditer(folded, start, end):  # only "," / "và" before a head
        if not top[m.start()] or clause[0] <= m.start() < clause[1] or any(
                a <= m.start() < b for a, b in managed):  # "thuộc diện X và Y quản lý"
            continue
        if m.group("party_org") is not None and not _party_list(line, cuts[-1], end):
            continue
        if m.group("head") is not None and not _opens_with(line, cuts[-1], m.end(), m["head"]):
            continue
        cuts += [m.start(), m.end()]
    cuts.append(end)
    spans: list[tuple[int, int]] = []
    remark = g.heads["remark"]
    members = False  # the item before goes on with its members ("..., gồm A, B và C")
    for a, b in zip(cuts[::2], cuts[1::2]):
        if (span := trim(line.text, a, b)) is None:
            continue
        if spans and members and ";" not in folded[spans[-1][1]:span[0]]:
            spans[-1] = (spans[-1][0], span[1])
            continue
        # a remark, the members, or the exclusions of the item before ("Công chức làm
        # việc tại ...; trừ công chức có thời gian công tác trong năm dưới 06 tháng")
        if spans and (remark.match(folded, span[0]) or g.member_lead.match(folded, span[0])
                      or g.exclusion_cue.match(folded, span[0])
                      or g.placed.match(folded, span[0] - 1)  # "; kiểm điểm ở chi bộ ..."
                      or (  # outside its parentheses
                g.remark_link.search(folded, span[0], span[1])
                and g.remark_link.search(blank_remarks(folded[span[0]:span[1]]))
                # ... unless the remark is the item's own last clause: "chi ủy các chi bộ
                # thôn, ..., riêng chi bộ chưa có chi ủy thì kiểm điểm tập thể chi bộ"
                and not _OWN_REMARK.search(folded, span[0], span[1]))):
            spans[-1] = (spans[-1][0], span[1])
        else:
            spans.append(span)
        opener = g.member_clause.search(folded, *spans[-1])
        members = opener is not None and top[opener.start()]
    return spans


# A remark closing an item after a comma: ", riêng chi bộ chưa có chi ủy thì ...".
_OWN_REMARK = re.compile(r",\s*riêng\s")


def _opens_with(line: Line, item: int, end: int, head: str) -> bool:
    """Whether the item that starts at ``item`` opens with ``head`` (a Party committee's
    word, ``repeated_heads``): then "và" before the same word ends it."""
    first = (trim(line.text, item, end) or (end, end))[0]
    found = grammar().heads["repeated"].match(line.folded, first, end)
    return found is not None and found.group().strip().endswith(head)


def _party_list(line: Line, item: int, end: int) -> bool:
    """Whether the item that starts at ``item`` is a party organisation: then "," or "và"
    before another one ends it ("đảng bộ cơ sở, chi bộ cơ sở"), unlike "Ban chấp hành đảng
    bộ, chi bộ" or "ban cán sự đảng, đảng đoàn"."""
    g = grammar()
    first = (trim(line.text, item, end) or (end, end))[0]
    if lead := g.purpose_lead.match(line.folded, first, end):  # "Đánh giá, xếp loại ..."
        first = lead.end()
    if link := g.item_link.match(line.folded, first, end):  # "... đối với Đảng bộ xã"
        first = link.end()
    return g.heads["party_org"].match(line.folded, first) is not None


def _exclusion_end(line: Line, start: int, end: int, top: list[bool]) -> int:
    """End of an exclusion list outside parentheses: "trừ đảng viên A; đảng viên B; cán
    bộ X" ends before "cán bộ X", the first item that does not repeat the head; "trừ các
    đồng chí: A; B; C" and "trừ các trường hợp: A; B; C" at the sentence's end; "trừ:
    (1) A; (2) B; C" before the first item without a mark."""
    folded = line.folded
    marked = INLINE_MARK.match(folded, start) is not None
    head = None if marked else grammar().heads["item"].match(folded, start)
    word = head.group().strip() if head else None
    if head and folded[head.end():end].lstrip().startswith(":") or (
            head is None and not marked
            and grammar().cases_colon.search(folded, max(0, start - 40), start)):
        return end  # "trừ các đồng chí: A; B; C" lists them all after its colon, as does
        # "trừ các trường hợp: A; B; C"
    pos = folded.find(";", start, end)
    while pos >= 0:
        if top[pos] and (not INLINE_MARK.match(folded, pos + 1) if marked else (
                word is None or not folded[pos + 1:].lstrip().startswith(word))):
            return pos
        pos = folded.find(";", pos + 1, end)
    return end


# --- entry point --------------------------------------------------------------------------

def _lists_subjects(doc: Document, sec: Section) -> bool:
    """Role SUBJECTS, a title "Đối tượng ...", or a title that only names a purpose
    ("3. Đánh giá, xếp loại") in a section given no role of its own."""
    g = grammar()
    if sec.label.strip() in BULLET_RANK:
        return False
    if sec.role == SectionRole.SUBJECTS:
        return True
    title = folded_title(doc, sec)
    if sec.role not in (None, SectionRole.CONTENT, SectionRole.OTHER):
        return bool(g.title.match(title))
    return _subject_title(title)


def _subject_title(title: str) -> bool:
    """"Đối tượng ...", or a title that only names a purpose ("3. Đánh giá, xếp loại")."""
    g = grammar()
    if g.title.match(title):
        return True
    m = g.purpose_heading.match(title)
    return bool(m and not m.group("rest") and m.group("after") is None)


def _aside(doc: Document, home: Section, by_id: dict[str, Section]) -> frozenset[str]:
    """Parts of a subject section about something else.

    A part whose own title names another role is one: "1.3. Nội dung kiểm điểm" under
    "1. Kiểm điểm tự phê bình và phê bình", beside "1.1. Tập thể" and "1.2. Cá nhân".
    When one of the parts is titled "Đối tượng ...", so is every part titled otherwise:
    in "II. ĐỐI TƯỢNG, NỘI DUNG VÀ THẨM QUYỀN ĐÁNH GIÁ", part "1. Đối tượng" lists the
    subjects, while "3. Mức xếp loại" and "4. Thẩm quyền đánh giá" name people who are
    rated or who rate. The rule holds among the parts of each part as well ("1.1. Đối
    tượng kiểm điểm" beside "1.3. Cách thức tiến hành" under "1. Kiểm điểm"). Parts with
    no title, or titled by a category, a level, a purpose, a denial ("2. Trường hợp
    không xếp loại chất lượng", whose sentences narrow the subjects listed before) or
    whom they are about ("2. Đối với đảng viên") or special cases ("2. Một số trường hợp
    cụ thể", ``_special``), are read as before."""
    g = grammar()
    aside: set[str] = set()
    groups: dict[str, list[tuple[Section, str]]] = {}
    for s in doc.sections:  # the parts of the home, and of each part in it in turn
        if s.parent is not None and is_below(s, home.id, by_id) \
                and s.label.strip() not in BULLET_RANK:
            groups.setdefault(s.parent, []).append((s, folded_title(doc, s)))
    for parts in groups.values():
        aside.update(s.id for s, _ in parts
                     if role_of(s.title) not in (None, SectionRole.SUBJECTS))
        if any(g.title.match(title) for _, title in parts):
            # "1.1. Đối tượng kiểm điểm" beside "1.3. Cách thức tiến hành" under "1. Kiểm
            # điểm", as beside "3. Mức xếp loại" under the home itself
            aside.update(s.id for s, title in parts
                         if title and not _subject_title(title)
                         and not g.heading.match(title) and not g.level.match(title)
                         and not g.denial_listing.fullmatch(title)
                         and not g.special_title.fullmatch(title)
                         and not _topic_of(title))
    return frozenset(aside)


def _special(doc: Document, home: Section, by_id: dict[str, Section]) -> frozenset[str]:
    """The parts of a subject section titled by special cases ("1.3. Một số trường hợp
    đặc thù")."""
    g = grammar()
    return frozenset(s.id for s in doc.sections if s.title and is_below(s, home.id, by_id)
                     and g.special_title.fullmatch(folded_title(doc, s)))


def _topic_of(title: str) -> bool:
    """Whether a part's title names whom it is about ("2. Đối với đảng viên")."""
    link = grammar().item_link.match(title)
    return link is not None and kind_of(title[link.end():]) is not None


def subject_sections(doc: Document) -> list[Section]:
    """The outermost sections that list subjects: role SUBJECTS or a title "Đối tượng ...".

    Sub-sections ("1.1.1. Tập thể") are read as part of their subject section.

    >>> from vbparser import load
    >>> doc = load("1. Đối tượng kiểm điểm\\n1.1. Tập thể\\n2. Nội dung kiểm điểm")
    >>> secs = (Section("1", None, ("1",), "1", "Đối tượng kiểm điểm", 1, None, (0, 35)),
    ...         Section("1/1.1", "1", ("1", "1.1"), "1.1", "Tập thể", 2, None, (23, 35)),
    ...         Section("2", None, ("2",), "2", "Nội dung kiểm điểm", 1, None, (36, 56)))
    >>> [s.id for s in subject_sections(replace(doc, sections=secs))]
    ['1']
    """
    ids: set[str] = set()
    parents = {s.id: s.parent for s in doc.sections}

    def nested(sec: Section) -> bool:
        node = sec.parent
        while node is not None and node not in ids:
            node = parents.get(node)
        return node is not None

    for sec in doc.sections:  # one inside a section already found is nested all the same
        if not nested(sec) and _lists_subjects(doc, sec):
            ids.add(sec.id)
    return [s for s in doc.sections if s.id in ids and not nested(s)]


def extract_subjects(doc: Document, config: Config) -> Document:
    """Return ``doc`` with the subjects of its "Đối tượng" sections.

    Args:
        doc: a document whose ``sections`` are built.
        config: the parse options (no subject options yet).

    Returns:
        A new Document with ``subjects`` in document order, and a VB601 warning for each
        list item in which no known subject was found.

    >>> from vbparser import load
    >>> doc = load("1. Đối tượng kiểm điểm\\n- Ban thường vụ; ban chấp hành các hội.")
    >>> sec = Section("1", None, ("1",), "1", "Đối tượng kiểm điểm", 1, None, (0, len(doc.text)))
    >>> [(s.text, s.kind) for s in extract_subjects(replace(doc, sections=(sec,)), None).subjects]
    [('Ban thường vụ', 'standing_committee'), ('ban chấp hành các hội', 'executive_committee')]
    """
    found: list[Subject] = []
    warnings: list[DocWarning] = []
    homes = subject_sections(doc)
    parents = {s.id: s for s in doc.sections} if homes else {}
    for home in homes:
        span = _region(home, doc.sections)
        start, end = span
        owners = sorted((s for s in doc.sections if start <= s.span[0] < end
                         and s.label.strip() not in BULLET_RANK), key=_start)
        reader = _read(Reader(doc, home, parents, aside=_aside(doc, home, parents),
                              special=_special(doc, home, parents)), span, owners)
        found += reader.found
        warnings += reader.warnings
    for n, appendix in enumerate(appendices(doc), start=1):
        if not _lists_in_appendix(appendix.title):
            continue
        home = Section(f"appendix {n}", None, (), "", appendix.title, 0, SectionRole.SUBJECTS,
                       appendix.span)
        reader = _read(Reader(doc, home, parents), appendix.span, [])
        found += [replace(s, section=None) for s in reader.found]
        warnings += reader.warnings
    return replace(doc, subjects=tuple(_earlier_exclusions(doc, found)),
                   warnings=doc.warnings + tuple(warnings))


def _earlier_exclusions(doc: Document, found: list[Subject]) -> list[Subject]:
    """Subjects whose exclusions point back to a part already read ("2.3. Cá nhân: đảng
    viên (trừ các trường hợp không kiểm điểm nêu tại điểm 1.2)"), given the exclusions of
    the subject of their kind listed there in place of the reference."""
    by_id = {s.id: s for s in doc.sections}
    out = list(found)
    for i, subject in enumerate(found):
        for x in subject.exclusions:
            if not reference_only(x) or (target := resolve_reference(doc, x)) is None:
                continue
            source = next((s for s in reversed(out[:i]) if s.kind == subject.kind
                           and s.section is not None and s.exclusions
                           and (s.section == target or (
                               (sec := by_id.get(s.section)) is not None
                               and is_below(sec, target, by_id)))), None)
            if source is not None:
                kept = tuple(e for e in out[i].exclusions if e != x)
                listed = tuple(e for e in source.exclusions if not reference_only(e))
                out[i] = replace(out[i], exclusions=kept + listed)
    return out


def _read(reader: Reader, span: tuple[int, int], owners: list[Section]) -> Reader:
    """``reader`` after reading the lines of ``span`` (``owners``: the sections in it)."""
    for line in lines(reader.doc, span, owners):
        _read_line(reader, line)
    drop_group_titles(reader)
    return reader


def _lists_in_appendix(title: str) -> bool:
    """An appendix's title says it lists subjects: "Đối tượng ..." or "Danh sách ..." with a
    purpose ("DANH SÁCH CÁC TẬP THỂ LÃNH ĐẠO, QUẢN LÝ KIỂM ĐIỂM NĂM 2024").

    >>> _lists_in_appendix("DANH SÁCH CÁC TẬP THỂ KIỂM ĐIỂM NĂM 2024")
    True
    >>> _lists_in_appendix("LỊCH TRÌNH KIỂM ĐIỂM")
    False
    """
    title = match_text(title)
    return _subject_title(title) or bool(grammar().appendix_list.match(title))
