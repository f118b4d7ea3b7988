"""The vocabulary of subject sections, compiled once from ``data/subject_kinds.yaml``.

Each phrase of the data file becomes a regex on ``match_text`` form (``_phrase``): kinds of
subject ("ban thường vụ", "chi bộ"), with the leadership organs they absorb ("tập thể lãnh
đạo ..."), headings, levels, purposes and the cue words of exclusions, inclusions,
conditions and references. ``kind_of`` and ``own_purpose`` name what a piece of text is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from vbparser import data
from vbparser.errors import ConfigError
from vbparser.model import Purpose, SubjectCategory
from vbparser.normalize.fold import key

_REQUIRED = ("organ_heads", "split_heads", "party_org_heads", "repeated_heads", "determiners",
             "conjunctions",
             "kinds", "headings", "colon_headings", "levels", "level_leads",
             "inline_only_levels", "level_suffixes", "subject_titles", "purpose_words", "purpose_suffixes",
             "exclusion_cues", "exclusion_sentences", "item_heads", "exclusion_states",
             "inclusion_openers", "inclusion_verbs", "inclusion_bare_verbs",
             "condition_openers", "condition_links", "condition_verb_leads", "condition_finals",
             "remark_openers", "action_words", "note_markers", "prose_openers",
             "max_words_before_kind", "table_columns", "total_rows", "agent_blockers",
             "exclusion_negations",
             "exclusion_verbs", "plan_scopes", "condition_phrases", "condition_stops", "remark_links",
             "subject_list_openers", "topic_leads", "passive_words", "agent_markers",
             "self_rating_openers", "self_rating_requests", "rating_bases",
             "self_rating_proposals", "rating_decisions",
             "self_rating_objects", "listing_phrases", "member_openers", "members_below", "member_titles",
             "denial_listing_nouns", "denial_listing_followers", "place_words",
             "exclusion_predicates", "denial_joins", "out_of_scope", "managed_clauses",
             "exclusion_columns", "appendix_lists", "special_case_titles", "unit_columns")
# Tokens of a data-file phrase: a dash, a comma, or a word ("chính trị - xã hội").
_PHRASE_TOKEN = re.compile(r"[-–—]|,|[^\s,\-–—]+")

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
class Kind:
    id: str
    category: SubjectCategory
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Grammar:
    """Compiled vocabulary of subject sections (one per process)."""

    kinds: tuple[Kind, ...]
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
    table_column: re.Pattern[str]      # a subject column's header cell: "Đối tượng"
    total_row: re.Pattern[str]         # a table's row of totals: "Cộng", "Tổng cộng"
    purposes: dict[Purpose, re.Pattern[str]]
    separator: re.Pattern[str]         # "; " or ", " or " và " between list items
    item_cut: re.Pattern[str]          # a separator that can end an item (``subjects._items``)
    managed: re.Pattern[str]           # "thuộc diện ... quản lý": no item ends inside it
    exclusion_cue: re.Pattern[str]     # "trừ"
    # the bare words of exclusion_cue and heads["action"], for ``subjects._cues``: without
    # word boundaries the regex engine scans for their first letters, several times faster
    exclusion_word: re.Pattern[str]
    action_word: re.Pattern[str]
    exclusion_sentence: re.Pattern[str]
    # "Đối với công chức, viên chức nêu tại điểm b, điểm c khoản này: không thực hiện đánh
    # giá ... đối với ...": a denial addressed to subjects named before it (``who``)
    addressed: re.Pattern[str]
    inclusion: re.Pattern[str]
    condition: re.Pattern[str]
    # "Chỉ kiểm điểm tập thể có từ 03 thành viên trở lên": the link left out
    condition_bare: re.Pattern[str]
    # "Tập thể có từ 03 thành viên trở lên mới tiến hành kiểm điểm tập thể"
    condition_first: re.Pattern[str]
    condition_final: re.Pattern[str]   # "mới": searched first, condition_first is slower
    note: re.Pattern[str]
    out_of_scope: re.Pattern[str]  # "Không thuộc phạm vi Kế hoạch này: ..."
    # "Người lao động ... không thuộc đối tượng của Kế hoạch này": who the plan leaves out
    outside_plan: re.Pattern[str]
    prose: re.Pattern[str]
    category_word: re.Pattern[str]     # "Các cá nhân được quy định tại ..." → individual
    # "Giám đốc Sở đánh giá, xếp loại các Phó Giám đốc": a purpose phrase with a subject
    # after it, the word before it not a blocker ("được", "tự", "thì")
    agent_verb: re.Pattern[str]
    agent_blocker: re.Pattern[str]     # searched up to where the purpose starts
    rating_basis: re.Pattern[str]      # "trên cơ sở" after a purpose: who rates
    agent_marker: re.Pattern[str]      # "do" before who rates the subject
    # "Công chức ... thì không đánh giá, xếp loại": a negated purpose after who it is for,
    # or "<who> không thuộc đối tượng đánh giá, xếp loại"
    exclusion_after: re.Pattern[str]
    condition_phrase: re.Pattern[str]  # "có thời gian công tác ... chưa đủ 06 tháng"
    clause_stop: re.Pattern[str]       # "; ..." or ", nhưng ..." after such a condition
    remark_link: re.Pattern[str]       # "... thì kiểm điểm ...": a remark on the item before
    special_case: re.Pattern[str]      # "<who> thì ...": a rule for some of those listed
    list_opener: re.Pattern[str]       # "Đối tượng kiểm điểm gồm": the list follows
    topic_lead: re.Pattern[str]        # "Về chính quyền, …:": the list follows the colon
    # "Về tập thể, tiến hành kiểm điểm đối với": a category and a purpose heading the
    # subjects of a sentence of prose
    prose_lead: re.Pattern[str]
    # "đối với" opening an item of such a sentence ("...; đối với các chi bộ trực thuộc")
    item_link: re.Pattern[str]
    # ", cũng như đối với": a denial going on to others, each part read on its own
    denial_join: re.Pattern[str]
    heading_opener: re.Pattern[str]    # "Tổ chức đảng được đánh giá, xếp loại gồm": a list
    passive: re.Pattern[str]           # " được đánh giá, xếp loại": the item's own purpose
    self_rating: re.Pattern[str]       # "tự đánh giá, xếp loại chất lượng": rated itself
    purpose_remark: re.Pattern[str]    # a remark naming a purpose: "(đánh giá, xếp loại)"
    negation: re.Pattern[str]          # "không ..." opening a clause
    remark_clause: re.Pattern[str]     # ", nơi chưa có chi ủy thì ...": a remark ending an item
    listing: re.Pattern[str]           # "các trường hợp sau": the bullets below name them
    # "trừ các trường hợp: A; B; C": the cases named after the colon, to the sentence's end
    cases_colon: re.Pattern[str]
    member_opener: re.Pattern[str]     # ", cụ thể:" ending an item: its members follow
    members_below: re.Pattern[str]     # "... như sau:" ending an item's last sentence
    member_lead: re.Pattern[str]       # "bao gồm ..." opening an item: the members before
    member_clause: re.Pattern[str]     # ", gồm ...", " gồm: ..." in an item: its members
    member_name: re.Pattern[str]       # "Đồng chí Hồ Sĩ Lâm – ...": the member's name
    denial: re.Pattern[str]            # "không kiểm điểm": a purpose denied
    # "Không thực hiện đối với:" in a row's remark: the purposes its row marks, denied
    remark_denial: re.Pattern[str]
    # "Những đảng viên sau đây không phải kiểm điểm:", "Các trường hợp không kiểm điểm":
    # a denial heading the exclusions listed after it (in ``rest``, or the lines below)
    denial_listing: re.Pattern[str]
    # "Các trường hợp vẫn kiểm điểm, đánh giá, xếp loại": who is still reviewed, listed
    # after it (inclusions)
    inclusion_listing: re.Pattern[str]
    placed: re.Pattern[str]            # "thì kiểm điểm ở ...": where or when, not who
    exclusion_column: re.Pattern[str]  # a table column of exclusions: "Trường hợp loại trừ"
    appendix_list: re.Pattern[str]     # an appendix "DANH SÁCH CÁC TẬP THỂ ... KIỂM ĐIỂM"
    unit_column: re.Pattern[str]       # a header "Cơ quan, đơn vị" (fullmatch)
    special_title: re.Pattern[str]     # a part titled "Một số trường hợp đặc thù"


class _KindsAt(NamedTuple):
    """The kinds a match starting with one letter can be, tried in one anchored pattern.

    Each kind is a lookahead keeping its match as a group; a group that does not match is
    unset. First come the kinds whose own phrases start with the letter, then, after an
    organ starting with it ("Ban thường vụ"), matched once for them all, the kinds that
    absorb an organ. Group ``i + 1`` belongs to ``kinds[slots[i]]``.
    """

    pattern: re.Pattern[str]
    kinds: tuple[Kind, ...]  # in data order
    slots: tuple[int, ...]


def _kinds_at(letter: str, raw: dict[str, Any], kinds: tuple[Kind, ...], det: str) -> _KindsAt:
    """``_KindsAt`` for ``letter``.

    At any place at most one organ is followed by white space ("tập thể lãnh đạo" is not
    where "tập thể lãnh đạo, quản lý" matches), so the organ matched once is the one each
    organ kind's own pattern (``Kind.regex``) would take; a test checks every organ before
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
def grammar() -> Grammar:
    """Load and compile ``data/subject_kinds.yaml`` once."""
    raw = _check(data.load("subject_kinds"))
    # a determiner, or a count ("Đảng bộ xã và 24 chi bộ trực thuộc")
    det = rf"(?:(?:{_alt(raw['determiners'])}|\d+)\s+)?"
    organ = rf"(?:{_alt(raw['organ_heads'])}\s+{det})?"
    word = _alt(w for ws in raw["purpose_words"].values() for w in ws)
    conj = _alt(raw["conjunctions"])
    words = rf"(?P<words>{word}(?:\s*,\s*{word}|\s+{conj}\s+{word})*)"
    purpose = rf"{words}(?:\s+{_alt(raw['purpose_suffixes'])})?"
    # "không (thực hiện) đánh giá, xếp loại (chất lượng) (năm 2025) (theo Kế hoạch này)":
    # a purpose denied
    scopes = _alt(raw['plan_scopes'])
    negated = (rf"{_alt(raw['exclusion_negations'])}\s+(?:{_alt(raw['exclusion_verbs'])}\s+)?"
               rf"(?:{purpose.replace('?P<words>', '?:')}(?:\s+năm\s+\d{{4}})?"
               rf"(?:\s+{scopes})?|{scopes})")
    link = _alt(raw["remark_links"])  # "thì"
    following = _alt(raw["denial_listing_followers"])  # "những đảng viên sau đây"
    nouns = _alt(raw["denial_listing_nouns"])  # "các trường hợp"
    # "Trường hợp không thuộc phạm vi Kế hoạch này": cases, not bodies, outside the plan
    outside = _alt(raw["out_of_scope"])
    # after a heading: ": inline list", an inline bullet of flattened text ("- Cấp Tỉnh
    # + Ban Thường vụ ..."), or nothing
    tail = r"\s*(?:(?P<colon>:)\s*(?P<rest>.*)|(?<=\s)[-–+•]\s+(?P<after>.*)|[.;]?\s*$)"
    start = {"split": raw["organ_heads"] + raw["split_heads"], "remark": raw["remark_openers"],
             "party_org": raw["party_org_heads"], "repeated": raw["repeated_heads"],
             "item": raw["item_heads"],
             "state": raw["exclusion_states"]}
    colon = [p for ps in raw["colon_headings"].values() for p in ps]
    kinds = tuple(Kind(k["id"], SubjectCategory(k["category"]), re.compile(
        rf"(?<!\w){organ if k.get('organ') else ''}{_alt(k['patterns'])}(?!\w)"))
        for k in raw["kinds"])
    phrases = [p for k in raw["kinds"] for p in k["patterns"]]
    organ_phrases = [p for k in raw["kinds"] if k.get("organ") for p in k["patterns"]]
    initials = sorted({key(p)[:1] for p in phrases + raw["organ_heads"]})
    kind_start = (rf"(?<!\w)(?=[{''.join(initials)}])"
                  rf"(?:{organ}{_alt(organ_phrases)}|{_alt(phrases)})(?!\w)")
    # who a condition is for: a kind of subject or a category ("tập thể", "cá nhân")
    named = (rf"(?=(?:{det})?(?:{kind_start}|"
             rf"{_alt(p for ps in raw['headings'].values() for p in ps)}(?!\w)))")
    # "Không kiểm điểm đối với X", "Không kiểm điểm, đánh giá đảng viên đối với: X",
    # or who straight after the purpose: "Không đánh giá, xếp loại viên chức nghỉ ..."
    denied = (rf"(?:{_alt(raw['exclusion_sentences'])}|{negated}(?:\s+\w+){{0,3}}?\s+"
              rf"{_alt(raw['condition_links'])}|{negated}\s+(?={kind_start}))\s*:?\s*")
    return Grammar(
        kinds=kinds,
        kind_start=re.compile(kind_start),
        kinds_at={c: _kinds_at(c, raw, kinds, det) for c in initials},
        max_before=int(raw["max_words_before_kind"]),
        heads={**{n: re.compile(rf"\s*{det}{_alt(p)}(?!\w)\s*") for n, p in start.items()},
               # an item may count its people: "(không kể) 02 đồng chí được miễn ..."
               "item": re.compile(rf"\s*(?:\d+\s+)?{det}{_alt(start['item'])}(?!\w)\s*"),
               "action": re.compile(rf"(?<!\w){_alt(raw['action_words'])}(?!\w)")},
        heading=re.compile(rf"(?:{_named(raw['headings'])}|(?={_alt(colon)}\s*:)"
                           rf"{_named(raw['colon_headings'], 'c_')})" + tail),
        heading_start=re.compile(_alt(p for ps in raw["headings"].values() for p in ps)),
        # a remark may follow the level: "Cấp cơ sở (các xã, phường ...):"; a word of
        # place may open it: "Ở cấp tỉnh:"
        level=re.compile(rf"(?:{_alt(raw['level_leads'])}\s+)?{_named(raw['levels'])}"
                         rf"(?:\s*{_alt(raw['level_suffixes'])})?"
                         r"(?:\s*\([^()]*\))?" + tail),
        purpose_heading=re.compile(purpose + tail),
        purpose_lead=re.compile(purpose + r"\s+(?=\w)"),
        inline_only=frozenset(key(p) for p in raw["inline_only_levels"]),
        title=re.compile(rf"{_alt(raw['subject_titles'])}(?!\w)[^:]*(?::\s*(?P<rest>.*))?$"),
        table_column=re.compile(rf"{_alt(raw['table_columns'])}(?!\w)"),
        total_row=re.compile(rf"\s*{_alt(raw['total_rows'])}\s*:?\s*"),
        unit_column=re.compile(rf"{_alt(raw['unit_columns'])}\W*"),
        purposes={Purpose(p): re.compile(rf"(?<!\w){_alt(w)}(?!\w)")
                  for p, w in raw["purpose_words"].items()},
        separator=re.compile(rf";|,|\s+{_alt(raw['conjunctions'])}(?=\s)"),
        item_cut=re.compile(rf";|(?:,|\s+{_alt(raw['conjunctions'])}(?=\s))(?="
                            rf"(?P<split>\s*{det}{_alt(start['split'])}(?!\w))|"
                            rf"(?P<party_org>\s*{det}{_alt(start['party_org'])}(?!\w))|"
                            rf"(?P<repeated>\s*{det}(?P<head>{_alt(start['repeated'])})(?!\w)))"),
        managed=re.compile("|".join(rf"(?<!\w){_alt([a])}\s[^;]*?\s{_alt([b])}(?!\w)"
                                    for a, b in raw["managed_clauses"])),
        exclusion_cue=re.compile(rf"(?<!\w){_alt(raw['exclusion_cues'])}(?!\w)\s*:?\s*"),
        exclusion_word=re.compile(_alt(raw["exclusion_cues"])),
        action_word=re.compile(_alt(raw["action_words"])),
        exclusion_sentence=re.compile(denied),
        addressed=re.compile(rf"\s*{_alt(raw['condition_links'])}\s+(?P<who>[^:;]+?)\s*[:,]\s*"
                             rf"(?={denied})"),
        exclusion_after=re.compile(
            rf"(?P<who>[^;]+?)\s+(?:{link}\s+{negated}(?:\s*,\s*{negated})*"
            rf"|{_alt(raw['exclusion_predicates'])}\s+"
            rf"{purpose.replace('?P<words>', '?:')})(?!\w)"),
        condition_phrase=re.compile(rf"(?<!\w){_alt(raw['condition_phrases'])}(?!\w)"),
        clause_stop=re.compile(rf";|,?\s+{_alt(raw['condition_stops'])}(?!\w)"),
        remark_link=re.compile(rf"\s{link}\s+{purpose}(?!\w)"),
        special_case=re.compile(rf"(?P<who>[^;]+?)\s+{link}\s+(?=\w)"),
        heading_opener=re.compile(rf"{_named(raw['headings'])}\s+(?:{_alt(raw['passive_words'])}"
                                  rf"\s+)?{purpose}\s+{_alt(raw['subject_list_openers'])}"
                                  rf"(?!\w)\s*:?\s*"),
        topic_lead=re.compile(rf"{_alt(raw['topic_leads'])}\s[^:;()]{{1,80}}:\s*"),
        prose_lead=re.compile(rf"(?:{_alt(raw['topic_leads'])}\s+)?{_named(raw['headings'])}"
                              rf"\s*,\s*(?:{_alt(raw['exclusion_verbs'])}\s+)?{purpose}"
                              rf"\s+(?:{_alt(raw['condition_links'])}\s+)?(?=\w)"),
        item_link=re.compile(rf"\s*{_alt(raw['condition_links'])}\s+(?=\w)"),
        denial_join=re.compile(rf"\s*[,;]?\s*{_alt(raw['denial_joins'])}\s+(?=\w)"),
        list_opener=re.compile(rf"{_alt(raw['subject_titles'])}\s+{purpose}\s+"
                               rf"{_alt(raw['subject_list_openers'])}(?!\w)\s*:?\s*"),
        # "(kiểm điểm và) được đánh giá, xếp loại": the purposes of the subject before it
        # ... or names who carries it out: "Cán bộ, công chức ... do Ủy ban nhân dân xã tổ
        # chức đánh giá, xếp loại theo ..."
        passive=re.compile(rf"(?:\s+{word}(?:\s*,\s*{word})*\s+{conj})?"
                           rf"\s+{_alt(raw['passive_words'])}\s+{purpose}(?!\w)"
                           rf"|\s+{_alt(raw['agent_markers'])}\s(?:(?!\s{link}\s)[^;()]){{1,80}}?\s"
                           rf"{purpose.replace('?P<words>', '?:')}(?!\w)"),
        self_rating=re.compile(rf"(?<!\w){_alt(raw['self_rating_openers'])}\s+{words}\s*"
                               rf"(?:\s{_alt(raw['self_rating_objects'])}(?!\w)"
                               rf"|,\s*{_alt(raw['self_rating_requests'])}\s[^;.()]{{3,80}}?\s"
                               rf"{purpose.replace('?P<words>', '?:')}(?!\w)"
                               rf"|,\s*{_alt(raw['self_rating_proposals'])}\s[^;.()]{{3,120}}?"
                               rf"\sđể\s[^;.()]{{3,100}}?\s{_alt(raw['rating_decisions'])}(?!\w))"),
        purpose_remark=re.compile(purpose),
        negation=re.compile(rf"\s*{_alt(raw['exclusion_negations'])}(?!\w)"),
        listing=re.compile(rf"\s*{_alt(raw['listing_phrases'])}\s*:?\s*"),
        cases_colon=re.compile(rf"(?<!\w){nouns}(?:\s+{following})?\s*:\s*$"),
        remark_clause=re.compile(rf"[,;]\s*{_alt(raw['remark_openers'])}(?!\w)"),
        member_lead=re.compile(rf"{_alt(raw['member_openers'])}(?!\w)"),
        # ", gồm A, B", or "gồm:" with no comma ("08 chi bộ trực thuộc gồm: A, B, C")
        member_clause=re.compile(rf",\s*{_alt(raw['member_openers'])}(?!\w)"
                                 rf"|\s{_alt(raw['member_openers'])}\s*:"),
        member_opener=re.compile(rf",?\s*{_alt(raw['member_openers'])}\s*:?\s*$"),
        members_below=re.compile(rf"(?<!\w){_alt(raw['members_below'])}\s*:\s*$"),
        member_name=re.compile(rf"\s*(?:{_alt(raw['member_titles'])})?\s*"
                               r"(?P<name>[^\s,;:()–-][^,;:()–]*?)\s*(?:[,;:(–]|\s-\s|$)"),
        denial=re.compile(rf"(?<!\w){negated}(?!\w)"),
        remark_denial=re.compile(rf"\s*{_alt(raw['exclusion_negations'])}\s+"
                                 rf"{_alt(raw['exclusion_verbs'])}\s+"
                                 rf"{_alt(raw['condition_links'])}\s*:?\s*"),
        # "Các trường hợp không kiểm điểm:", or the denial alone ("Không kiểm điểm, không
        # xếp loại", "Không kiểm điểm, đánh giá, xếp loại đối với (các trường hợp sau)"): no
        # one named, each listed case goes to the subject of its kind
        denial_listing=re.compile(
            rf"\s*(?:(?P<who>{nouns}(?:\s+{following})?|[^;:]{{1,60}}?"
            rf"\s+{following})\s+(?:{negated}|{outside})(?!\w)[^:;]{{0,40}}?"
            rf"|{negated}(?:\s*(?:,|và)\s*"
            rf"{negated})*(?:\s+{_alt(raw['condition_links'])}(?:\s+{nouns})?"
            rf"(?:\s+{following})?)?(?!\w))\s*(?:(?P<colon>:)\s*(?P<rest>.*?))?[\s.;]*"),
        inclusion_listing=re.compile(
            rf"\s*{nouns}\s+{_alt(raw['inclusion_verbs'])}\s+(?:phải\s+|được\s+)?"
            rf"{purpose.replace('?P<words>', '?:')}(?!\w)[^:;]{{0,40}}?\s*:?[\s.]*"),
        placed=re.compile(rf"\s(?:{link}\s+)?(?:{_alt(raw['passive_words'])}\s+)?"
                          rf"{purpose.replace('?P<words>', '?:')}\s+{_alt(raw['place_words'])}(?!\w)"),
        inclusion=re.compile(rf"(?P<opener>{_alt(raw['inclusion_openers'])}\s+)?"
                             rf"(?P<who>[^;]+?)\s+"
                             rf"(?(opener){_alt(raw['inclusion_verbs'])}\s+(?=\w)"
                             rf"|{_alt(raw['inclusion_bare_verbs'])}\s+(?={word}(?!\w)))"),
        condition=re.compile(rf"{_alt(raw['condition_openers'])}\s+(?P<verb>.*?)\s*"
                             rf"{_alt(raw['condition_links'])}\s+(?P<who>.+)$"),
        condition_bare=re.compile(
            rf"{_alt(raw['condition_openers'])}\s+(?:{_alt(raw['condition_verb_leads'])}\s+)?"
            rf"(?P<verb>{purpose.replace('?P<words>', '?:')})\s+(?P<who>{named}[^;]+)"),
        condition_first=re.compile(
            rf"(?P<who>{named}(?:(?!\s(?:{link}|{_alt(raw['agent_markers'])})\s)[^;])+?)\s+"
            rf"{_alt(raw['condition_finals'])}\s+"
            rf"(?:{_alt(raw['condition_verb_leads'])}\s+)?"
            rf"(?P<verb>{purpose.replace('?P<words>', '?:')})(?!\w)"),
        condition_final=re.compile(rf"\s{_alt(raw['condition_finals'])}\s"),
        exclusion_column=re.compile(rf"\s*{_alt(raw['exclusion_columns'])}(?:\s*\([^()]*\))?\s*"),
        special_title=re.compile(rf"{_alt(raw['special_case_titles'])}\s*:?\s*"),
        appendix_list=re.compile(rf"{_alt(raw['appendix_lists'])}(?!\w).*?(?<!\w)"
                                 + purpose.replace("?P<words>", "?:")),
        note=re.compile(rf"{_alt(raw['note_markers'])}(?!\w)\s*:?\s*"),
        out_of_scope=re.compile(rf"\s*{_alt(raw['out_of_scope'])}(?!\w)"),
        outside_plan=re.compile(rf"[^;()]+?\s{_alt(raw['out_of_scope'])}(?!\w)[^;()]*?"
                                rf"(?<!\w){_alt(raw['plan_scopes'])}(?!\w)"),
        prose=re.compile(rf"{_alt(raw['prose_openers'])}(?!\w)"),
        category_word=re.compile(rf"(?<!\w){_named(raw['headings'])}(?!\w)"),
        agent_verb=re.compile(rf"(?<=\w)\s+{purpose}\s+{det}(?=\w)"),
        agent_blocker=re.compile(rf"(?<!\w){_alt(raw['agent_blockers'])}$"),
        rating_basis=re.compile(rf"{_alt(raw['rating_bases'])}(?!\w)"),
        agent_marker=re.compile(rf"(?<!\w){_alt(raw['agent_markers'])}(?!\w)"),
    )

# --- what a piece of text names ---------------------------------------------------------

def named_category(m: re.Match[str]) -> SubjectCategory | None:
    """The category a heading match (``Grammar.heading``, ``category_word``) names: its
    first named group that matched, the groups of what it names coming before those of its
    tail; None for a heading naming any ("Đối tượng")."""
    name = next(k for k in m.re.groupindex if m.start(k) >= 0).removeprefix("c_")
    return None if name == "any" else SubjectCategory(name)


def own_purpose(words: str) -> Purpose | None:
    """The purpose the words name: review, assessment, both or None."""
    hits = {p for p, rx in grammar().purposes.items() if rx.search(words)}
    return None if not hits else hits.pop() if len(hits) == 1 else Purpose.BOTH


def names_none(rest: str) -> bool:
    """Whether the clause after an item's colon names no subject: no kind of one, or only
    where the item is reviewed ("kiểm điểm ở chi bộ nơi sinh hoạt").

    >>> names_none(" kiểm điểm ở chi bộ nơi sinh hoạt"), names_none(" chi bộ thôn A")
    (True, False)
    """
    rest = rest.lstrip()
    return kind_of(rest) is None or grammar().placed.match(f" {rest}") is not None


def rates_another(masked: str) -> bool:
    """Whether the item says who rates whom ("Giám đốc Sở đánh giá, xếp loại các Phó Giám
    đốc Sở"): a purpose, not someone's own ("được", "tự" before it), with a subject after it.

    >>> rates_another("người đứng đầu đánh giá, xếp loại cấp phó và công chức")
    True
    >>> rates_another("chi bộ được đánh giá, xếp loại chất lượng tổ chức đảng")
    False
    >>> rates_another("chi bộ nơi sinh hoạt chính thức đánh giá, xếp loại trên cơ sở bản "
    ...               "nhận xét của chi bộ nơi sinh hoạt tạm thời")
    True
    >>> rates_another("trưởng khoa: do giám đốc bệnh viện đánh giá, xếp loại trên cơ sở ý kiến "
    ...               "của tập thể khoa")
    False
    """
    g = grammar()
    for m in g.agent_verb.finditer(masked):
        if g.agent_blocker.search(masked, 0, m.start()) is None and (
                g.kind_start.match(masked, m.end()) or (  # not "X: do Giám đốc đánh giá,
                    g.rating_basis.match(masked, m.end())  # xếp loại trên cơ sở ...": X
                    and g.agent_marker.search(masked, 0, m.start()) is None)):  # is rated
            return True
    return False


def kind_of(masked: str) -> Kind | None:
    """The kind matching earliest (then longest, then first listed), within the first
    words: the kinds that can start with the first letter are tried there in one anchored
    match (where most items name their kind), and otherwise a search finds the earliest
    place one matches."""
    return kind_named(masked)[0]


def kind_named(masked: str) -> tuple[Kind, str] | tuple[None, None]:
    """``kind_of`` with the words that name the kind ("viên chức" in "viên chức các
    trường mầm non ...", of the kind that also holds "công chức" and "người lao động");
    (None, None) when it names none.

    >>> kind, words = kind_named("viên chức các trường mầm non trên địa bàn xã")
    >>> kind.id, words
    ('officials_employees', 'viên chức')
    """
    g = grammar()
    found = g.kinds_at.get(masked[:1])
    hit = found.pattern.match(masked) if found else None
    if found is None or hit is None or hit.lastindex is None:  # no kind at the first word
        if (start := g.kind_start.search(masked, 1)) is None:
            return None, None
        at = start.start()
        if len(masked[:at].split()) > g.max_before:  # too deep in a clause
            return None, None
        found = g.kinds_at[masked[at]]
        hit = found.pattern.match(masked, at)
        if hit is None:  # never: the search found a kind there
            return None, None
    ends = [-1] * len(found.kinds)
    for slot, (_, end) in zip(found.slots, hit.regs[1:]):
        if end >= 0:  # a kind after an organ comes later and replaces the same kind alone
            ends[slot] = end
    last = max(ends)
    return found.kinds[ends.index(last)], masked[hit.start():last].strip()
