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
way. All vocabulary lives in ``data/subject_kinds.yaml``; matching runs on ``match_text``
(same length as the text), so every match is a span of ``Document.text``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, NamedTuple

from vbparser import data
from vbparser.config import Config
from vbparser.errors import ConfigError, warning_message
from vbparser.model import Document, Level, Purpose, Section, SectionRole, Subject, SubjectCategory
from vbparser.model import Warning as DocWarning
from vbparser.normalize.fold import fold_found, folded, key
from vbparser.patterns import LINE_LABEL, UPPER_VI, reference_cue
from vbparser.structure import resolve_reference

_BULLET_RANK = {"-": 0, "–": 0, "•": 0, "*": 0, "+": 1}
_PLAIN, _NUMBERED = -1, -2  # ranks of unlabelled lines and of numbered labels
_TRIM = " \t.;,:"
_MAX_TITLE = 80  # a first line longer than this, without a colon, is body text
_MAX_ITEM_WORDS = 12  # an unknown item longer than this is prose, not a missed subject
# "... 6 tháng). Đối với cấp ủy viên ..." — a full stop before a capital ends a sentence.
_SENTENCE_END = re.compile(rf"\.\s+(?=[{UPPER_VI}])")
_REQUIRED = ("organ_heads", "split_heads", "party_org_heads", "determiners", "conjunctions",
             "kinds", "headings", "colon_headings", "levels", "inline_only_levels",
             "level_suffixes", "subject_titles", "purpose_words", "purpose_suffixes",
             "exclusion_cues", "exclusion_sentences", "item_heads", "exclusion_states",
             "inclusion_openers", "inclusion_verbs", "condition_openers", "condition_links",
             "remark_openers", "action_words", "note_markers", "prose_openers",
             "max_words_before_kind")
# Tokens of a data-file phrase: a dash, a comma, or a word ("chính trị - xã hội").
_PHRASE_TOKEN = re.compile(r"[-–—]|,|[^\s,\-–—]+")
# The next non-space character (found without copying the rest of a line).
_NON_SPACE = re.compile(r"\S")
# A parenthesis: ``_nested`` steps from one to the next instead of over every character.
_PAREN = re.compile(r"[()]")


# --- regexes built from data/subject_kinds.yaml -------------------------------------------

def _phrase(text: str) -> str:
    """Regex for one phrase of the data file, on ``match_text`` form.

    >>> bool(re.fullmatch(_phrase("tổ chức chính trị - xã hội"), "tổ chức chính trị-xã hội"))
    True
    """
    out: list[str] = []
    word_before = False
    for token in _PHRASE_TOKEN.findall(key(text)):
        if token == ",":
            out.append(r"\s*,\s*")
        elif token in "-–—":
            out.append(r"\s*[-–—]\s*")
        else:
            out.append((r"\s+" if word_before else "") + re.escape(token))
        word_before = token not in ",-–—"
    return "".join(out)


def _alt(phrases: Iterable[str]) -> str:
    """Alternation of phrases, longest first, as a non-capturing group."""
    return "(?:" + "|".join(sorted({_phrase(p) for p in phrases}, key=len, reverse=True)) + ")"


def _named(groups: dict[str, list[str]], prefix: str = "") -> str:
    """Alternation with one named group per key (the key says what matched)."""
    return "(?:" + "|".join(f"(?P<{prefix}{name}>{_alt(p)})" for name, p in groups.items()) + ")"


@dataclass(frozen=True, slots=True)
class _Kind:
    id: str
    category: SubjectCategory
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Grammar:
    """Compiled vocabulary of subject sections (one per process)."""

    kinds: tuple[_Kind, ...]
    kind_start: re.Pattern[str]        # where a kind matches (searched: the earliest place)
    kinds_at: dict[str, _KindsAt]      # by the letter there: which kinds match, how far
    max_before: int                    # words allowed before a kind ("toàn thể đảng viên")
    heads: dict[str, re.Pattern[str]]  # split / party_org / item / state / remark / action
    heading: re.Pattern[str]           # "Tập thể", "Tổ chức đảng: ...", "Đảng viên: ..."
    heading_start: re.Pattern[str]    # "Tổ chức đảng " opening a flattened line
    level: re.Pattern[str]             # "Cấp Tỉnh", "Cấp huyện (tương đương): ..."
    purpose_heading: re.Pattern[str]   # "Kiểm điểm: ...", "Đánh giá, xếp loại: ..."
    purpose_lead: re.Pattern[str]      # "Kiểm điểm tập thể chi bộ; đánh giá chi bộ"
    inline_only: frozenset[str]
    title: re.Pattern[str]             # "Đối tượng kiểm điểm[: ...]"
    purposes: dict[Purpose, re.Pattern[str]]
    separator: re.Pattern[str]         # "; " or ", " or " và " between list items
    item_cut: re.Pattern[str]          # a separator that can end a subject (``_items``)
    exclusion_cue: re.Pattern[str]     # "trừ"
    # the bare words of exclusion_cue and heads["action"], for ``_cues``: without word
    # boundaries the regex engine scans for their first letters, several times faster
    exclusion_word: re.Pattern[str]
    action_word: re.Pattern[str]
    exclusion_sentence: re.Pattern[str]
    inclusion: re.Pattern[str]
    condition: re.Pattern[str]
    note: re.Pattern[str]
    prose: re.Pattern[str]
    category_word: re.Pattern[str]     # "Các cá nhân được quy định tại ..." → individual


class _KindsAt(NamedTuple):
    """The kinds a match starting with one letter can be, tried in one anchored pattern.

    Each kind is a lookahead keeping its match as a group; a group that does not match is
    unset. First come the kinds whose own phrases start with the letter, then, after an
    organ starting with it ("Ban thường vụ"), matched once for them all, the kinds that
    absorb an organ. Group ``i + 1`` belongs to ``kinds[slots[i]]``.
    """

    pattern: re.Pattern[str]
    kinds: tuple[_Kind, ...]  # in data order
    slots: tuple[int, ...]


def _kinds_at(letter: str, raw: dict[str, Any], kinds: tuple[_Kind, ...], det: str) -> _KindsAt:
    """``_KindsAt`` for ``letter``.

    At any place at most one organ is followed by white space ("tập thể lãnh đạo" is not
    where "tập thể lãnh đạo, quản lý" matches), so the organ matched once is the one each
    organ kind's own pattern (``_Kind.regex``) would take; a test checks every organ before
    every phrase against the kinds tried one by one.
    """
    def starting(phrases: list[str]) -> list[str]:
        return [p for p in phrases if key(p).startswith(letter)]

    own = [i for i, k in enumerate(raw["kinds"]) if starting(k["patterns"])]
    organs = starting(raw["organ_heads"])
    after = [i for i, k in enumerate(raw["kinds"]) if organs and k.get("organ")]
    used = sorted(set(own) | set(after))
    pattern = "".join(rf"(?:(?=({_alt(starting(raw['kinds'][i]['patterns']))}(?!\w)))|)"
                      for i in own)
    if after:
        pattern += rf"(?:{_alt(organs)}\s+" + "".join(
            rf"(?:(?=({det}{_alt(raw['kinds'][i]['patterns'])}(?!\w)))|)" for i in after) + "|)"
    return _KindsAt(re.compile(pattern), tuple(kinds[i] for i in used),
                    tuple(used.index(i) for i in own + after))


def _check(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ConfigError("subject_kinds.yaml must be a mapping")
    missing = [k for k in _REQUIRED if k not in raw]
    bad = [k.get("id", "?") for k in raw.get("kinds", []) if k.get("category") not in
           {c.value for c in SubjectCategory} or not k.get("patterns")]
    if missing or bad:
        raise ConfigError(f"subject_kinds.yaml: missing keys {missing}, bad kinds {bad}; "
                          f"categories are {[c.value for c in SubjectCategory]}")
    return raw


@cache
def _grammar() -> _Grammar:
    """Load and compile ``data/subject_kinds.yaml`` once."""
    raw = _check(data.load("subject_kinds"))
    det = rf"(?:{_alt(raw['determiners'])}\s+)?"
    organ = rf"(?:{_alt(raw['organ_heads'])}\s+{det})?"
    word = _alt(w for ws in raw["purpose_words"].values() for w in ws)
    conj = _alt(raw["conjunctions"])
    purpose = (rf"(?P<words>{word}(?:\s*,\s*{word}|\s+{conj}\s+{word})*)"
               rf"(?:\s+{_alt(raw['purpose_suffixes'])})?")
    # after a heading: ": inline list", an inline bullet of flattened text ("- Cấp Tỉnh
    # + Ban Thường vụ ..."), or nothing
    tail = r"\s*(?:(?P<colon>:)\s*(?P<rest>.*)|(?<=\s)[-–+•]\s+(?P<after>.*)|[.;]?\s*$)"
    start = {"split": raw["organ_heads"] + raw["split_heads"], "remark": raw["remark_openers"],
             "party_org": raw["party_org_heads"], "item": raw["item_heads"],
             "state": raw["exclusion_states"]}
    colon = [p for ps in raw["colon_headings"].values() for p in ps]
    kinds = tuple(_Kind(k["id"], SubjectCategory(k["category"]), re.compile(
        rf"(?<!\w){organ if k.get('organ') else ''}{_alt(k['patterns'])}(?!\w)"))
        for k in raw["kinds"])
    phrases = [p for k in raw["kinds"] for p in k["patterns"]]
    organ_phrases = [p for k in raw["kinds"] if k.get("organ") for p in k["patterns"]]
    initials = sorted({key(p)[:1] for p in phrases + raw["organ_heads"]})
    return _Grammar(
        kinds=kinds,
        kind_start=re.compile(rf"(?<!\w)(?=[{''.join(initials)}])"
                              rf"(?:{organ}{_alt(organ_phrases)}|{_alt(phrases)})(?!\w)"),
        kinds_at={c: _kinds_at(c, raw, kinds, det) for c in initials},
        max_before=int(raw["max_words_before_kind"]),
        heads={**{n: re.compile(rf"\s*{det}{_alt(p)}(?!\w)\s*") for n, p in start.items()},
               "action": re.compile(rf"(?<!\w){_alt(raw['action_words'])}(?!\w)")},
        heading=re.compile(rf"(?:{_named(raw['headings'])}|(?={_alt(colon)}\s*:)"
                           rf"{_named(raw['colon_headings'], 'c_')})" + tail),
        heading_start=re.compile(_alt(p for ps in raw["headings"].values() for p in ps)),
        level=re.compile(rf"{_named(raw['levels'])}(?:\s*{_alt(raw['level_suffixes'])})?"
                         + tail),
        purpose_heading=re.compile(purpose + tail),
        purpose_lead=re.compile(purpose + r"\s+(?=\w)"),
        inline_only=frozenset(key(p) for p in raw["inline_only_levels"]),
        title=re.compile(rf"{_alt(raw['subject_titles'])}(?!\w)[^:]*(?::\s*(?P<rest>.*))?$"),
        purposes={Purpose(p): re.compile(rf"(?<!\w){_alt(w)}(?!\w)")
                  for p, w in raw["purpose_words"].items()},
        separator=re.compile(rf";|,|\s+{_alt(raw['conjunctions'])}(?=\s)"),
        item_cut=re.compile(rf";|(?:,|\s+{_alt(raw['conjunctions'])}(?=\s))(?="
                            rf"(?P<split>\s*{det}{_alt(start['split'])}(?!\w))|"
                            rf"(?P<party_org>\s*{det}{_alt(start['party_org'])}(?!\w)))"),
        exclusion_cue=re.compile(rf"(?<!\w){_alt(raw['exclusion_cues'])}(?!\w)\s*:?\s*"),
        exclusion_word=re.compile(_alt(raw["exclusion_cues"])),
        action_word=re.compile(_alt(raw["action_words"])),
        exclusion_sentence=re.compile(rf"{_alt(raw['exclusion_sentences'])}\s*:?\s*"),
        inclusion=re.compile(rf"{_alt(raw['inclusion_openers'])}\s+(?P<who>.+?)\s+"
                             rf"{_alt(raw['inclusion_verbs'])}\s+(?=\w)"),
        condition=re.compile(rf"{_alt(raw['condition_openers'])}\s+(?P<verb>.*?)\s*"
                             rf"{_alt(raw['condition_links'])}\s+(?P<who>.+)$"),
        note=re.compile(rf"{_alt(raw['note_markers'])}(?!\w)\s*:?\s*"),
        prose=re.compile(rf"{_alt(raw['prose_openers'])}(?!\w)"),
        category_word=re.compile(rf"(?<!\w){_named(raw['headings'])}(?!\w)"),
    )


# --- lines of a section -------------------------------------------------------------------
# _Line, _Context and _Cues never leave this module and are built for every line, sentence
# or heading: named tuples are immutable too, and several times cheaper to build than
# frozen dataclasses.

class _Line(NamedTuple):
    """One line of a subject section: its content after the label."""

    begin: int          # offset of the line (label included) in the document
    start: int          # offset of ``text`` in the document
    text: str
    folded: str         # the fold of ``text`` (``match_text``): same length, lower case
    rank: int           # _NUMBERED, _PLAIN, or the bullet's rank
    section: Section | None
    top: list[bool]     # _top_level(text): outside every parenthesis


class _Context(NamedTuple):
    """What the headings above a line say about the subjects it lists."""

    category: SubjectCategory | None = None
    level: Level | None = None
    purpose: Purpose | None = None

    def over(self, below: _Context) -> _Context:
        """This context, its gaps filled from ``below`` (an outer heading)."""
        return _Context(self.category or below.category, self.level or below.level,
                        self.purpose or below.purpose)


_FIELDS = ("category", "level", "purpose")  # what a heading, level or purpose line gives


class _Cues(NamedTuple):
    """Which rarer words a sentence holds at all; an item's own search for them is skipped
    when its sentence has none (most list sentences have none of the three)."""

    exclusion: bool  # "trừ": an exclusion clause
    reference: bool  # "điểm", "mục": a reference to another section
    action: bool     # "đề xuất": a clause about the procedure, not a subject


@dataclass(slots=True)
class _Reader:
    """Mutable state while reading one subject section (local to one call)."""

    doc: Document
    home: Section
    parents: dict[str, Section]
    found: list[Subject] = field(default_factory=list)
    warnings: list[DocWarning] = field(default_factory=list)
    by_section: dict[str, _Context] = field(default_factory=dict)
    scopes: list[tuple[int, _Context]] = field(default_factory=list)
    purposes: dict[str, Purpose] = field(default_factory=dict)
    chains: dict[str | None, tuple[Section, ...]] = field(default_factory=dict)  # by section
    skipped: dict[str | None, bool] = field(default_factory=dict)                # by section


def _start(sec: Section) -> int:
    """Sort key: where a section starts."""
    return sec.span[0]


def _region(sec: Section, sections: tuple[Section, ...]) -> tuple[int, int]:
    """Span of a section with all its descendants (in case ``span`` stops at its body)."""
    (start, end), n = sec.span, len(sec.path)
    return start, max([end] + [other.span[1] for other in sections
                               if other.span[0] >= start and other.path[:n] == sec.path])


def _lines(doc: Document, span: tuple[int, int], owners: list[Section]) -> Iterator[_Line]:
    """Lines starting in ``span``, each with its label stripped and its section (the
    deepest of ``owners``, sorted by start, that holds it)."""
    text, fold = doc.text, folded(doc.text)
    starts = [sec.span[0] for sec in owners]
    pos = text.rfind("\n", 0, span[0]) + 1
    while pos < span[1]:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        if pos >= span[0]:
            yield _line(text[pos:end], pos, owners, starts, fold)
        pos = end + 1


def _line(raw: str, pos: int, owners: list[Section], starts: list[int], fold: str) -> _Line:
    """The line ``raw`` at ``pos``; ``starts`` are where ``owners`` start and ``fold`` is
    the folded document text.

    The line's text is cut at white space and a label, so its slice of ``fold`` is its
    own fold.
    """
    m = LINE_LABEL.match(raw)
    rank, cut = _PLAIN, 0
    if m:
        cut = m.end()
        rank = _BULLET_RANK[m.group("bullet")] if m.group("bullet") else _NUMBERED
    cut = word.start() if (word := _NON_SPACE.search(raw, cut)) else len(raw)
    start = pos + cut
    i = bisect_right(starts, start)  # the owners starting before the text; the last of
    while i and owners[i - 1].span[1] <= pos:  # them still open is the deepest
        i -= 1
    text = raw[cut:].rstrip()
    return _Line(pos, start, text, fold[start:start + len(text)], rank,
                 owners[i - 1] if i else None, _top_level(text))


def _title_of(doc: Document, sec: Section) -> str:
    """The head of the section's first line before a colon (for a section with no title)."""
    end = doc.text.find("\n", sec.span[0], sec.span[1])
    line = doc.text[sec.span[0]:end if end >= 0 else sec.span[1]]
    if m := LINE_LABEL.match(line):
        line = line[m.end():]
    head, colon, _ = line.partition(":")
    return head.strip() if colon or len(head) <= _MAX_TITLE else ""


def _folded_title(doc: Document, sec: Section) -> str:
    """``match_text`` of the section's title (or ``_title_of`` when it has none).

    A title is cut from its heading line at white space or punctuation, so where it is
    written as is, its slice of the folded text is its fold and nothing is folded again.
    """
    title = sec.title or _title_of(doc, sec)
    return fold_found(doc.text, title, *sec.span) if title else ""


def _title_end(doc: Document, line: _Line) -> int:
    """Where the heading ends when the list follows it on its line, else the line's end.

    The structure stage's title tells ("2.1.1. Tổ chức đảng: Đảng bộ ..."); without one,
    a known heading followed by a capitalised word does, as flattened text has it ("a) Tổ
    chức đảng Đảng bộ xã; ..."). An all-caps word ("Tập thể lãnh đạo UBND xã") does not.
    """
    sec, size = line.section, len(line.text)
    if sec is None or not line.begin <= sec.span[0] <= line.start:
        return size
    if sec.title:
        n = len(sec.title)
        same = line.folded[:n] == _folded_title(doc, sec)
        return n if same and _NON_SPACE.search(line.text, n) else size
    m = _grammar().heading_start.match(line.folded)
    if m is None:
        return size
    after = _NON_SPACE.search(line.text, m.end())  # the next word, without copying the line
    nxt = line.text[after.start():after.start() + 2] if after else ""
    return m.end() if len(nxt) == 2 and nxt[0].isupper() and nxt[1].islower() else size


# --- context: category, level, purpose ----------------------------------------------------

def _own_purpose(words: str) -> Purpose | None:
    """The purpose the words name: review, assessment, both or None."""
    hits = {p for p, rx in _grammar().purposes.items() if rx.search(words)}
    return None if not hits else hits.pop() if len(hits) == 1 else Purpose.BOTH


def _purpose(r: _Reader, sec: Section) -> Purpose:
    """Purpose from the title of ``sec`` or, failing that, of its ancestors."""
    if sec.id not in r.purposes:
        node: Section | None = sec
        found = None
        while node is not None and found is None:
            found = _own_purpose(_folded_title(r.doc, node))
            node = r.parents.get(node.parent) if node.parent else None
        r.purposes[sec.id] = found or Purpose.BOTH
    return r.purposes[sec.id]


def _chain(r: _Reader, line: _Line) -> tuple[Section, ...]:
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


def _context(r: _Reader, line: _Line, inline: _Context) -> _Context:
    """Category, level and purpose given by ``inline`` (what "Heading: list" says about its
    own list), else by the nearest headings above ``line``, else by the section titles."""
    category, level, purpose = inline
    layers = [scope for _, scope in reversed(r.scopes)]
    layers += [heading for sec in _chain(r, line)
               if (heading := r.by_section.get(sec.id)) is not None]
    for layer in layers:  # nearest first
        category, level, purpose = (category or layer.category, level or layer.level,
                                    purpose or layer.purpose)
    return _Context(category, level, purpose or _purpose(r, line.section or r.home))


def _set_context(r: _Reader, line: _Line, heading: _Context) -> None:
    """Record a heading for its section (numbered or plain line) or for the bullets under it.

    A later heading in the same section replaces an earlier one ("Tập thể" ... "Cá nhân").
    """
    if line.rank < 0 and line.section is not None:
        r.by_section[line.section.id] = heading.over(r.by_section.get(line.section.id,
                                                                      _Context()))
    else:
        r.scopes.append((line.rank, heading))


def _skipped(r: _Reader, line: _Line) -> bool:
    """Whether the line sits in a sub-section with another role ("2. Nội dung kiểm điểm")."""
    sec = line.section.id if line.section else None
    if (skipped := r.skipped.get(sec)) is None:
        skipped = r.skipped[sec] = any(s.role not in (None, SectionRole.SUBJECTS)
                                       for s in _chain(r, line) if s.id != r.home.id)
    return skipped


def _heading_value(m: re.Match[str], slot: int) -> Any:
    """The category (0), level (1) or purpose (2) a heading match names."""
    if slot == 2:
        return _own_purpose(m.group("words"))
    # the named groups of what a heading names come before those of its tail ("rest", ...)
    # and exactly one of them matches
    name = next(k for k in m.re.groupindex if m.start(k) >= 0)
    if slot == 1:
        return Level(name)
    name = name.removeprefix("c_")
    return None if name == "any" else SubjectCategory(name)


def _is_level(m: re.Match[str]) -> bool:
    """"Cấp ủy trực thuộc đảng ủy cơ sở" heads a list only before a colon or a bullet."""
    bare = m.group("colon") is None and m.group("after") is None
    return not (bare and key(m.group(0).rstrip(_TRIM)) in _grammar().inline_only)


# --- reading a subject section ------------------------------------------------------------

def _read_line(r: _Reader, line: _Line) -> None:
    """Read one line: headings set context, the rest lists subjects."""
    g = _grammar()
    if r.scopes:
        r.scopes = [s for s in r.scopes if s[0] < line.rank]
    if _skipped(r, line):
        return
    end, size = _title_end(r.doc, line), len(line.text)
    offset = 0
    if m := g.title.match(line.folded, 0, end):
        if m.group("rest") is None and end == size:
            return
        offset = end if m.group("rest") is None else m.start("rest")
    inline = _Context()  # what "Heading: list" says about its own list
    for slot, rx in enumerate((g.heading, g.level, g.purpose_heading)):
        m = rx.match(line.folded, offset, end)
        if m is None or (slot == 1 and not _is_level(m)):
            continue
        heading = _Context(**{_FIELDS[slot]: _heading_value(m, slot)})
        if m.group("rest"):
            inline, offset = heading.over(inline), m.start("rest")
            continue
        _set_context(r, line, heading)
        if m.group("after") is None and end == size:
            return
        offset = end if m.group("after") is None else m.start("after")
    offset = max(offset, end) if end < size else offset  # an unknown title before the list
    note = g.note.match(line.folded, offset)
    ctx = _context(r, line, inline)
    for start, stop in _sentences(line, note.end() if note else offset):
        _read_sentence(r, line, start, stop, ctx, bool(note))


def _sentences(line: _Line, start: int) -> Iterator[tuple[int, int]]:
    """Sentences of the line's text from ``start``, split at parenthesis depth 0."""
    text, top = line.text, line.top
    for m in _SENTENCE_END.finditer(text, start):
        if top[m.start()] and not (m.start() and text[m.start() - 1].isupper()):
            yield start, m.start()
            start = m.end()
    yield start, len(text)


def _nested(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` inside an outermost parenthesis (the parentheses themselves are
    outside it); an unclosed one runs to the end, a stray ")" is ignored.

    >>> _nested("a (b (c) d) e (f")
    [(3, 10), (15, 16)]
    """
    spans, depth, start = [], 0, 0
    for m in _PAREN.finditer(text):
        if m.group() == "(":
            start = m.end() if depth == 0 else start
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, m.start()))
    if depth:
        spans.append((start, len(text)))
    return spans


def _top_level(text: str) -> list[bool]:
    """For each character, whether it is outside every parenthesis."""
    if "(" not in text:
        return [True] * len(text)
    out: list[bool] = []
    for a, b in _nested(text):
        out += [True] * (a - len(out))
        out += [False] * (b - a)
    out += [True] * (len(text) - len(out))
    return out


def _read_sentence(r: _Reader, line: _Line, start: int, end: int, ctx: _Context,
                   note: bool) -> None:
    g = _grammar()
    folded = line.folded[:end]
    m = g.condition.match(folded, start)
    if m and (purpose := _own_purpose(m.group("verb"))):
        condition = _Context(level=ctx.level, purpose=purpose)
        return _emit(r, line, m.start("who"), end, SubjectCategory.CONDITION, condition, None)
    if m := g.inclusion.match(folded, start):
        return _attach(r, inclusions=(_clean(line.text[m.start("who"):m.end("who")]),))
    if m := g.exclusion_sentence.match(folded, start):
        kind = _kind(_masked(folded[m.end():end]))
        return _attach(r, exclusions=_exclusion_items(line, m.end(), end), kind=kind)
    if note or g.prose.match(folded, start):
        return None
    cues = _cues(line, start, end)
    items = _items(line, start, end, cues)
    targets = [_target(r, line, a, b, cues) for a, b in items] if cues.reference else None
    shared = targets is not None and any(targets)  # a reference that items before it may share
    for i, (a, b) in enumerate(items):
        if lead := g.purpose_lead.match(line.folded, a, b):  # "Kiểm điểm tập thể chi bộ"
            purpose = _own_purpose(lead.group("words")) or ctx.purpose
            ctx, a = _Context(ctx.category, ctx.level, purpose), lead.end()
        target = targets[i] if targets is not None else None
        if (shared and targets is not None and target is None
                and g.category_word.fullmatch(line.folded, a, b)):
            # "các tập thể và cá nhân nêu tại mục 1": the reference covers both
            target = targets[i] = next((t for t in targets[i + 1:] if t), None)
        if target:
            _emit_reference(r, line, a, b, ctx, target)
        else:
            _emit_item(r, line, a, b, ctx, cues)


def _cues(line: _Line, start: int, end: int) -> _Cues:
    """The cues of the sentence from ``start`` to ``end``.

    They are searched as bare words, even inside a longer word, so an item (a part of
    the sentence) holds a cue only if the sentence does.
    """
    g = _grammar()
    return _Cues(g.exclusion_word.search(line.folded, start, end) is not None,
                 reference_cue().search(line.folded, start, end) is not None,
                 g.action_word.search(line.folded, start, end) is not None)


def _target(r: _Reader, line: _Line, a: int, b: int, cues: _Cues) -> str | None:
    """The section an item refers to ("các tập thể nêu tại điểm 1.1"), exclusions aside.

    Most items name no section: one without a reference word is not resolved.
    """
    if reference_cue().search(line.folded, a, b) is None:
        return None
    cue = _grammar().exclusion_cue.search(line.folded, a, b) if cues.exclusion else None
    return resolve_reference(r.doc, (line.start + a, line.start + (cue.start() if cue else b)))


def _items(line: _Line, start: int, end: int, cues: _Cues) -> list[tuple[int, int]]:
    """Split a sentence into subjects: at ";", and at "," / "và" before an organ; join
    "nơi không có ban thường vụ thì ..." to the subject before it."""
    g = _grammar()
    top, folded = line.top, line.folded
    cue = next((m for m in g.exclusion_cue.finditer(folded, start, end) if top[m.start()]),
               None) if cues.exclusion else None
    clause = (cue.start(), _exclusion_end(line, cue.end(), end, top)) if cue else (end, end)
    cuts = [start]
    for m in g.item_cut.finditer(folded, start, end):  # only "," / "và" before a head
        if not top[m.start()] or clause[0] <= m.start() < clause[1]:
            continue
        if m.lastgroup != "party_org" or _party_list(line, cuts[-1], end):
            cuts += [m.start(), m.end()]
    cuts.append(end)
    spans: list[tuple[int, int]] = []
    remark = g.heads["remark"]
    for a, b in zip(cuts[::2], cuts[1::2]):
        if (span := _trim(line.text, a, b)) is None:
            continue
        if spans and remark.match(folded, span[0]):
            spans[-1] = (spans[-1][0], span[1])
        else:
            spans.append(span)
    return spans


def _party_list(line: _Line, item: int, end: int) -> bool:
    """Whether the item that starts at ``item`` is a party organisation: then "," or "và"
    before another one ends it ("đảng bộ cơ sở, chi bộ cơ sở"), unlike "Ban chấp hành đảng
    bộ, chi bộ" or "ban cán sự đảng, đảng đoàn"."""
    first = (_trim(line.text, item, end) or (end, end))[0]
    return _grammar().heads["party_org"].match(line.folded, first) is not None


def _exclusion_end(line: _Line, start: int, end: int, top: list[bool]) -> int:
    """End of an exclusion list outside parentheses: "trừ đảng viên A; đảng viên B; cán
    bộ X" ends before "cán bộ X", the first item that does not repeat the head."""
    head = _grammar().heads["item"].match(line.folded, start)
    word = head.group().strip() if head else None
    pos = line.folded.find(";", start, end)
    while pos >= 0:
        if top[pos] and (word is None or not line.folded[pos + 1:].lstrip().startswith(word)):
            return pos
        pos = line.folded.find(";", pos + 1, end)
    return end


def _trim(text: str, a: int, b: int) -> tuple[int, int] | None:
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    return (a, b) if a < b else None


def _clean(text: str) -> str:
    return " ".join(text.strip(_TRIM).split())


def _masked(folded: str) -> str:
    """``folded`` with parenthesised remarks blanked out (same length)."""
    if "(" not in folded:
        return folded
    out, pos = [], 0
    for a, b in _nested(folded):
        out += [folded[pos:a], " " * (b - a)]
        pos = b
    return "".join(out) + folded[pos:]


def _kind(masked: str) -> _Kind | None:
    """The kind matching earliest (then longest, then first listed), within the first
    words: the kinds that can start with the first letter are tried there in one anchored
    match (where most items name their kind), and otherwise a search finds the earliest
    place one matches."""
    g = _grammar()
    found = g.kinds_at.get(masked[:1])
    hit = found.pattern.match(masked) if found else None
    if found is None or hit is None or hit.lastindex is None:  # no kind at the first word
        if (start := g.kind_start.search(masked, 1)) is None:
            return None
        at = start.start()
        if len(masked[:at].split()) > g.max_before:  # too deep in a clause
            return None
        found = g.kinds_at[masked[at]]
        hit = found.pattern.match(masked, at)
        if hit is None:  # never: the search found a kind there
            return None
    ends = [-1] * len(found.kinds)
    for slot, (_, end) in zip(found.slots, hit.regs[1:]):
        if end >= 0:  # a kind after an organ comes later and replaces the same kind alone
            ends[slot] = end
    return found.kinds[ends.index(max(ends))]


def _emit_item(r: _Reader, line: _Line, a: int, b: int, ctx: _Context, cues: _Cues) -> None:
    """One list item: a subject, or a clause to skip."""
    g = _grammar()
    masked = _masked(line.folded[a:b])
    kind = _kind(masked)
    if (cues.action and g.heads["action"].search(masked)) or (
            kind is None and _own_purpose(masked)):
        return  # a clause about the procedure ("Chi bộ tự đánh giá, đề xuất ...")
    if kind is None and ctx.category is None:
        if len(masked.split()) <= _MAX_ITEM_WORDS:
            r.warnings.append(DocWarning("VB601", f"{warning_message('VB601')}: no known "
                                         f"subject in {line.text[a:b]!r}",
                                         (line.start + a, line.start + b)))
        return
    cue = g.exclusion_cue.search(line.folded, a, b) if cues.exclusion else None
    exclusions = _exclusion_items(line, cue.end(), _closing(line.text, cue.start(), b)) \
        if cue else ()
    category = ctx.category or (kind.category if kind else SubjectCategory.COLLECTIVE)
    _emit(r, line, a, b, category, ctx, kind.id if kind else None, exclusions)


def _emit_reference(r: _Reader, line: _Line, a: int, b: int, ctx: _Context,
                    target: str) -> None:
    """One subject standing for those of another section ("Các tập thể quy định tại điểm
    1.1, mục 1, phần II của Kế hoạch này")."""
    masked = _masked(line.folded[a:b])
    kind = _kind(masked)
    category = ctx.category or (kind.category if kind else None)
    if category is None:
        word = _grammar().category_word.search(masked)
        category = (_heading_value(word, 0) if word else None) or SubjectCategory.COLLECTIVE
    _emit(r, line, a, b, category, ctx, kind.id if kind else None, refers_to=target)


def _closing(text: str, pos: int, limit: int) -> int:
    """End of the parenthesis around ``pos`` (or ``limit`` if it is not inside one)."""
    depth = 0
    for m in _PAREN.finditer(text, pos, limit):
        depth += 1 if m.group() == "(" else -1
        if depth < 0:
            return m.start()
    return limit


def _exclusion_items(line: _Line, start: int, end: int) -> tuple[str, ...]:
    """"đảng viên A; đảng viên B, bị C" → ("A", "B", "bị C"), as the gold words them."""
    g = _grammar()
    top = _top_level(line.text[start:end])  # depth inside the clause, not the line
    cuts = [start]
    for m in g.separator.finditer(line.folded, start, end):
        if top[m.start() - start] and (m.group() == ";" or g.heads["item"].match(
                line.folded, m.end()) or g.heads["state"].match(line.folded, m.end())):
            cuts += [m.start(), m.end()]
    cuts.append(end)
    out = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        if span := _trim(line.text, a, b):
            head = g.heads["item"].match(line.folded, span[0], span[1])
            out.append(_clean(line.text[head.end() if head else span[0]:span[1]]))
    return tuple(x for x in out if x)


def _emit(r: _Reader, line: _Line, a: int, b: int, category: SubjectCategory, ctx: _Context,
          kind: str | None, exclusions: tuple[str, ...] = (),
          refers_to: str | None = None) -> None:
    """Add the subject at ``line.text[a:b]`` (trimmed), of level and purpose ``ctx``."""
    if ctx.purpose is None or (trimmed := _trim(line.text, a, b)) is None:
        return
    a, b = trimmed
    r.found.append(Subject(line.text[a:b], ctx.purpose, category, kind, ctx.level,
                           exclusions, (),
                           refers_to, line.section.id if line.section else r.home.id,
                           (line.start + a, line.start + b)))


def _attach(r: _Reader, exclusions: tuple[str, ...] = (), inclusions: tuple[str, ...] = (),
            kind: _Kind | None = None) -> None:
    """Add exclusions or inclusions stated in a sentence of their own to the last subject
    (the last of the same kind when the sentence names one: "đảng viên nghỉ thai sản")."""
    if not r.found:
        return
    same = [i for i, s in enumerate(r.found) if kind is not None and s.kind == kind.id]
    i = same[-1] if same else len(r.found) - 1
    r.found[i] = replace(r.found[i], exclusions=r.found[i].exclusions + exclusions,
                         inclusions=r.found[i].inclusions + inclusions)


# --- entry point --------------------------------------------------------------------------

def _lists_subjects(doc: Document, sec: Section) -> bool:
    """Role SUBJECTS, a title "Đối tượng ...", or a title that only names a purpose
    ("3. Đánh giá, xếp loại") in a section given no role of its own."""
    g = _grammar()
    if sec.label.strip() in _BULLET_RANK:
        return False
    if sec.role == SectionRole.SUBJECTS:
        return True
    title = _folded_title(doc, sec)
    if g.title.match(title):
        return True
    if sec.role not in (None, SectionRole.CONTENT, SectionRole.OTHER):
        return False
    m = g.purpose_heading.match(title)
    return bool(m and not m.group("rest") and m.group("after") is None)


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
                         and s.label.strip() not in _BULLET_RANK), key=_start)
        reader = _Reader(doc, home, parents)
        for line in _lines(doc, span, owners):
            _read_line(reader, line)
        found += reader.found
        warnings += reader.warnings
    return replace(doc, subjects=tuple(found), warnings=doc.warnings + tuple(warnings))
