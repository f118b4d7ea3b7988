"""Patterns of deadline phrases, built once from the data files.

Cue words ("trước ngày", "xong đến ngày", "chậm nhất là"), ranges ("từ ngày ... đến
ngày"), recurrence ("hằng năm") and past markers come from ``data/date_words.yaml``; level
labels and level words from ``data/admin_levels.yaml``; the words that find an actor and
its action ("Các chi bộ", "hoàn thành", "Hội nghị kiểm điểm của") and the issuer's
adopting sentence from ``data/deadline_actors.yaml``. All match on ``match_text`` (same
length as the text), so every match is a span of ``Document.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import Any

from vbparser import data
from vbparser.extract.dates import word_alternation, words
from vbparser.model import Level
from vbparser.normalize.fold import match_text


@dataclass(frozen=True, slots=True)
class Patterns:
    cue_tail: re.Pattern[str]  # "xong đến ngày " just before a date
    clock_tail: re.Pattern[str]  # "17 giờ 00, " just before "ngày"
    clock_ends: frozenset[str]  # the characters a time of day may end with
    cue_ends: frozenset[str]  # the last words of cues: "trước", "đến", "nhất", "xong", ...
    fillers: frozenset[str]  # the words of cue fillers: "là", "hết", "ngày", "các"
    cue_kind: dict[str, str]  # folded cue → before | by | in
    # a limit of its own after a comma (", nhưng không muộn hơn "): the day after it caps a
    # period, it is not the event the period counts from
    later_limit: re.Pattern[str]
    month_meeting: re.Pattern[str]  # "sinh hoạt" in a month's limit: a meeting's name
    range_open: re.Pattern[str]  # "từ ngày " just before the first date
    range_join: re.Pattern[str]  # " đến ngày " between the two dates
    recurring_after: re.Pattern[str]  # " hằng năm" after the date
    recurring_before: re.Pattern[str]  # "Hằng năm, " before the cue
    past: re.Pattern[str]
    cutoff: re.Pattern[str]
    term: re.Pattern[str]  # "áp dụng từ kỳ đánh giá tháng 02/2026 " before a term's end
    data_cutoff: re.Pattern[str]  # "chốt số liệu kinh doanh " before the data's last day
    replaced: re.Pattern[str]  # "từ “trước ngày 10/12”" thành": a quote of old wording
    superseded: re.Pattern[str]  # "; nay điều chỉnh thành" after an old limit
    old_limit: re.Pattern[str]  # "(trước đây là " before an old limit in brackets
    day_word: re.Pattern[str]  # "ngày " or "sáng thứ Năm (" right before a numeric date
    weekday: re.Pattern[str]  # "thứ Năm", "chủ nhật"
    cited: re.Pattern[str]  # a document symbol or "ban hành" right before "ngày"
    level_label: re.Pattern[str]  # "Cấp huyện (tương đương):", "Cấp cơ sở hoàn thành"
    label_level: dict[str, Level]
    level_word: re.Pattern[str]
    word_level: dict[str, Level | None]
    issuer_verb: re.Pattern[str]  # "ban hành", "hướng dẫn" in the adopting sentence
    as_follows: re.Pattern[str]  # "như sau" that ends it
    actor_head: re.Pattern[str]
    not_actor: re.Pattern[str]  # "Các nội dung trên ...": a thing, not a body
    compound: re.Pattern[str]
    meeting: re.Pattern[str]  # "Hội nghị kiểm điểm của " before the body that holds it
    meeting_stop: re.Pattern[str]
    verb: re.Pattern[str]
    self_review: re.Pattern[str]  # "Kiểm điểm tập thể, cá nhân " before the body reviewed
    review_stop: re.Pattern[str]  # where the name of the body reviewed ends
    lead_in: re.Pattern[str]  # "Ở cấp xã, " / "Đề nghị " / "Nếu ... thì " before the actor
    agent: re.Pattern[str]  # "do " before the agent of a passive
    actor_clause: re.Pattern[str]  # "được phân công": an actor may run longer


def _word_re(alternation: str) -> str:
    return rf"(?<!\w)(?:{alternation})(?!\w)"


# The keys this module reads from the two files beside date_words.yaml.
_LEVEL_KEYS = ("level_labels", "level_words", "not_level")
_ACTOR_KEYS = ("issuer_verbs", "as_follows", "actor_heads", "not_actors", "action_verbs",
               "meeting_words", "meeting_stops", "actor_compounds", "self_review_verbs",
               "self_review_whom", "actor_lead_ins", "actor_requests", "actor_conditions",
               "actor_condition_links", "agent_markers",
               "actor_clauses", "not_verbs")


def _vocabulary() -> dict[str, Any]:
    """The words of deadline phrases, from the date, level and actor data files."""
    levels, actors = data.load_keys("admin_levels", _LEVEL_KEYS), data.load_keys(
        "deadline_actors", _ACTOR_KEYS)
    return {**words(), **{k: levels[k] for k in _LEVEL_KEYS},
            **{k: actors[k] for k in _ACTOR_KEYS}}


def _levels(table: dict[str, list[str]]) -> dict[str, Level | None]:
    known = {level.value for level in Level}
    return {match_text(w): (Level(lv) if lv in known else None)
            for lv, ws in table.items() for w in ws}


@cache
def patterns() -> Patterns:
    w = _vocabulary()
    cues = w["cues"]
    fillers = rf"(?:\s+(?:{word_alternation(w['cue_fillers'])}))*"
    weekday = (rf"(?:\s+(?:{word_alternation(w['day_parts'])}))?"
               rf"(?:\s+(?:{word_alternation(w['weekdays'])})\s*[,(]?)?")
    hour, minute = w["clock"]["hour"], w["clock"]["minute"]
    clock = (rf"\s+(?:(?:{word_alternation(w['clock']['at'])})\s+)?\d{{1,2}}\s*"
             rf"(?:{word_alternation(hour)})(?:\s*\d{{1,2}}"
             rf"(?:\s*(?:{word_alternation(minute)}))?)?\s*,?")
    fill = rf"(?:\s*:)?{fillers}(?P<time>{clock})?{weekday}{fillers}\s*$"
    done, core = word_alternation(cues["done"]), word_alternation(
        [c for kind in ("before", "by", "in") for c in cues[kind]])
    verbs = word_alternation(w["action_verbs"])
    labels = {match_text(x): Level(lv) for lv, xs in w["level_labels"].items() for x in xs}
    level_words = {**_levels(w["level_words"]), **{match_text(x): None for x in w["not_level"]}}
    return Patterns(
        cue_tail=re.compile(rf"(?<!\w)(?:(?:(?P<done>{done})\s+)?(?P<cue>{core})"
                            rf"|(?P<only>{done})){fill}"),
        clock_tail=re.compile(clock + r"\s*$"),
        clock_ends=frozenset("0123456789" + "".join(match_text(x)[-1] for x in hour + minute)),
        cue_ends=frozenset(match_text(c).split()[-1] for c in chain(
            cues["done"], *(cues[kind] for kind in ("before", "by", "in")))),
        fillers=frozenset(word for f in chain(w["cue_fillers"], w["weekdays"], w["day_parts"])
                          for word in match_text(f).split()),
        cue_kind={match_text(c): kind for kind in ("before", "by", "in") for c in cues[kind]},
        later_limit=re.compile(
            rf",[^,]*?(?<!\w)(?:{word_alternation([*cues['by'], *cues['before']])})(?!\w)"),
        month_meeting=re.compile(_word_re(word_alternation(w["month_meetings"]))),
        range_open=re.compile(rf"(?<!\w)(?:{word_alternation(w['range_open'])}){fill}"),
        range_join=re.compile(rf"\s*(?:{word_alternation(w['range_join'])}){fillers}"
                              rf"{weekday}{fillers}\s*$"),  # "đến thứ Sáu, ngày "
        recurring_after=re.compile(rf"\s*,?\s*(?:{word_alternation(w['recurring'])})(?!\w)"),
        recurring_before=re.compile(rf"(?<!\w)(?:{word_alternation(w['recurring'])})\s*,?\s*$"),
        day_word=re.compile(rf"(?<!\w)(?:ngày\s+|(?:(?:{word_alternation(w['day_parts'])})\s+)?"
                            rf"(?:{word_alternation(w['weekdays'])})\s*[,(]?\s*)$"),
        weekday=re.compile(_word_re(word_alternation(w["weekdays"]))),
        cited=re.compile(rf"(?:\S*\d\S*/\S+|{word_alternation(w['issued_words'])})\s*,?\s*$"),
        past=re.compile(_word_re(word_alternation(w["past_markers"]))),
        cutoff=re.compile(_word_re(word_alternation(w["cutoff_words"]))),
        term=re.compile(rf"(?<!\w)(?:{word_alternation(w['term_words'])})\s+(?:[^\W\d]+\s+)"
                        r"{0,3}?từ\s[^.;:\n]{1,60}$"),
        data_cutoff=re.compile(rf"(?<!\w)(?:{word_alternation(w['data_cutoff_words'])})"
                               r"(?:\s+[^\W\d]+){0,4}\s+$"),
        replaced=re.compile(
            rf"(?<!\w)(?:(?:{word_alternation(w['replaced_before'])})\s*[“\"]"
            rf"(?P<old>[^”\"]{{1,160}})[”\"]\s*(?:(?:{word_alternation(w['replaced_verbs'])})\s+)?"
            rf"(?:{word_alternation(w['replaced_after'])})(?!\w)"
            rf"|(?:{word_alternation(w['replaced_instead'])})\s*[“\"](?P<instead>[^”\"]{{1,160}})[”\"])"),
        # "; tại Kế hoạch số 57-KH/ĐU, Ban Thường vụ đã điều chỉnh thời hạn này thành"
        superseded=re.compile(
            rf"\s*(?:[;,]\s*[^.;\n]{{0,100}}?|\.)?\s*(?:nay\s+)?(?<!\w)"
            rf"(?:{word_alternation(w['replaced_verbs'])})\s+"
            rf"(?:(?:{word_alternation(w['replaced_what'])})\s+)?"
            rf"(?:{word_alternation(w['replaced_to'])})(?!\w)"),
        old_limit=re.compile(
            rf"\([^()\n]*?(?<!\w)(?:{word_alternation(w['old_limit_marks'])})"
            rf"(?:\s+là)?\s*[:,]?\s*$"),
        level_label=re.compile(rf"\s*(?P<w>{word_alternation(labels)})(?:\s*\(?\s*(?:và\s+)?"
                               rf"tương\s+đương\s*\)?)?(?:\s*(?::|$)|(?=\s+(?:{verbs})(?!\w)))"),
        label_level=labels,
        level_word=re.compile(_word_re(word_alternation(level_words))),
        word_level=level_words,
        issuer_verb=re.compile(_word_re(word_alternation(w["issuer_verbs"]))),
        as_follows=re.compile(_word_re(word_alternation(w["as_follows"]))),
        actor_head=re.compile(rf"\s*(?:{word_alternation(w['actor_heads'])})(?!\w)"),
        not_actor=re.compile(rf"\s*(?:(?:các|những)\s+)?(?:{word_alternation(w['not_actors'])})"
                             r"(?!\w)"),
        meeting=re.compile(rf"\s*(?:{word_alternation(w['meeting_words'])})(?:\s+(?:{verbs}))*"
                           r"(?:\s+của)?\s+"),
        meeting_stop=re.compile(rf"[:;,(.]|\s(?:{word_alternation(w['meeting_stops'])})(?!\w)"),
        compound=re.compile(rf"\s*(?:{word_alternation(w['actor_compounds'])})(?!\w)"),
        verb=re.compile(rf"(?<!\w)(?:(?P<c>{word_alternation(w['actor_compounds'])})"
                        rf"|(?!(?:{word_alternation(w['not_verbs'])})(?!\w))"
                        rf"(?P<v>{word_alternation(w['action_verbs'])}))(?!\w)"),
        self_review=re.compile(
            rf"\s*(?:{word_alternation(w['self_review_verbs'])})"
            rf"(?:\s*(?:,|và)?\s+(?:{word_alternation(w['self_review_whom'])})(?!\w))*\s+"),
        review_stop=re.compile(rf"[:;(.]|\s(?:{word_alternation(w['meeting_stops'])})(?!\w)"),
        lead_in=re.compile(rf"\s*(?:(?:{word_alternation(w['actor_lead_ins'])})(?!\w)[^,;:.]*,"
                           rf"|(?:{word_alternation(w['actor_requests'])})(?!\w)"
                           rf"|(?:{word_alternation(w['actor_conditions'])})(?!\w)[^;:.]*?\s"
                           rf"(?:{word_alternation(w['actor_condition_links'])})(?!\w))\s*"),
        agent=re.compile(rf"(?<!\w)(?:{word_alternation(w['agent_markers'])})\s+"),
        actor_clause=re.compile(_word_re(word_alternation(w["actor_clauses"]))),
    )
