"""Plan sources for the synthetic corpus: front matter and annotated body per level.

``body(Writer(rng, doc, campaign))`` writes one ``world.Doc`` as plan-source markup
(``markup.py``) with the regulations of its era, the subjects of its level and deadlines
derived from its due days; the ``Writer`` keeps the evidence of the doc's planted error,
if any, for the manifest. The wording comes from ``blocks.yaml`` and ``vocab.yaml``;
every choice is drawn from the ``random.Random`` the writer holds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from vbparser.corpus.gold import regulations
from vbparser.corpus.markup import strip_notes
from vbparser.corpus.world import Campaign, Doc, vocab
from vbparser.errors import ConfigError

# What a plan citing a superseded document cites instead of the current one.
SUPERSEDED = {"124-QĐ/TW": "132-QĐ/TW", "366-QĐ/TW": "124-QĐ/TW",
              "21-HD/BTCTW": "16-HD/BTCTW", "25-HD/BTCTW": "21-HD/BTCTW",
              "43-HD/BTCTW": "25-HD/BTCTW"}
_X = {"province": "xã, thị trấn", "post": "xã, phường"}


def party_rules(campaign: Campaign) -> list[str]:
    """The Party rule, guidance (and letter) a plan of this campaign should cite."""
    if campaign.era == "post2025":
        return ["366-QĐ/TW", "43-HD/BTCTW", "10072-CV/BTCTW"]
    if campaign.year >= 2023:
        return ["124-QĐ/TW", "25-HD/BTCTW"]
    return ["132-QĐ/TW", "21-HD/BTCTW"]


def body_name(doc: Doc) -> str:
    """How the plan names its issuer ("Ban Thường vụ Huyện ủy Đông Lâm")."""
    if doc.level == "province":
        return f"Ban Thường vụ Tỉnh ủy {doc.name}"
    if doc.level == "district":
        return f"Ban Thường vụ Huyện ủy {doc.name}"
    if doc.level == "commune":
        organ = "Ban Thường vụ Đảng ủy" if doc.signer[0] == "T/M BAN THƯỜNG VỤ" else "Đảng ủy"
        return f"{organ} {doc.kind} {doc.name}"
    return f"Chi bộ {doc.name}"


def body_of(doc: Doc) -> str:
    """The Party body itself, without its standing committee ("Huyện ủy Đông Lâm")."""
    return {"province": f"Tỉnh ủy {doc.name}", "district": f"Huyện ủy {doc.name}",
            "commune": f"Đảng ủy {doc.kind} {doc.name}"}.get(doc.level, f"Chi bộ {doc.name}")


@dataclass
class Writer:
    """Builds the markup of one plan; holds its random source and planted evidence."""

    rng: random.Random
    doc: Doc
    campaign: Campaign
    evidence: dict[str, str] | None = None

    def pick(self, options: list[Any]) -> Any:
        """One of ``options``."""
        return self.rng.choice(options)

    def date_text(self, day: date, words: bool = True) -> str:
        """A date as plans write it: 05/12/2023, 5/12/2023, 05 tháng 12 năm 2023, 05/12."""
        roll = self.rng.random()
        if roll < 0.6 or (not words and roll >= 0.8):
            return f"{day.day:02d}/{day.month:02d}/{day.year}"
        if roll < 0.8:
            return f"{day.day}/{day.month}/{day.year}"
        if roll < 0.9:
            return f"{day.day:02d} tháng {day.month} năm {day.year}"
        return f"{day.day:02d}/{day.month:02d}"

    def deadline(self, due: date, level: str, action: str, actor: str | None = None,
                 bound: str | None = None) -> str:
        """A ``dl`` annotation whose last admissible day is ``due``."""
        bound = bound or self.pick(["before", "by", "by"])
        stated = due + timedelta(days=1) if bound == "before" else due
        form = self.pick(vocab()["deadline_forms"][bound])
        expr = form.replace("$d", self.date_text(stated))
        who = f"; actor={actor}" if actor else ""
        return f"{{{{dl {bound}; {level}{who}; action={action} || {expr}}}}}"

    def ranged(self, first: date, last: date, level: str, action: str, actor: str) -> str:
        """A ``dl`` annotation for "từ ngày A đến ngày B"."""
        expr = f"từ ngày {self.date_text(first, False)} đến ngày {self.date_text(last, False)}"
        return f"{{{{dl range; {level}; actor={actor}; action={action} || {expr}}}}}"

    def ref(self, full_id: str) -> str:
        """A basis citation of a known regulation, with what it is about."""
        known = regulations()[full_id]
        if not (known["date"] and known["issuer"]):
            raise ConfigError(f"{full_id}: the knowledge base lacks its date or issuer, which "
                              "a basis citation quotes")
        y, m, d = (int(x) for x in known["date"].split("-"))
        comma = self.pick(["", ","])
        quote = f"{known['type']} số {full_id}{comma} ngày {d:02d}/{m}/{y} của {known['issuer']}"
        return f"{{{{ref id={full_id} || {quote}}}}} {vocab()['reg_about'][full_id]}"

    def upper_ref(self) -> str:
        """The citation of the upper plan (wrong on purpose for wrong_upper_citation)."""
        upper = self.doc.parent
        assert upper is not None
        number, issued = upper.number, upper.date
        if self.doc.error == "wrong_upper_citation":
            number, issued = self._wrong(number, issued)
        quote = (f"Kế hoạch số {number} ngày {issued.day:02d}/{issued.month}/{issued.year} "
                 f"của {body_name(upper)}")
        if self.doc.error == "wrong_upper_citation":
            self.evidence = {"evidence": quote.split(" của ")[0], "upper_evidence": upper.number,
                             "cited": number, "cited_date": issued.isoformat(),
                             "actual": upper.number, "actual_date": upper.date.isoformat()}
        return f"{{{{ref id={number} || {quote}}}}}"

    def _wrong(self, number: str, issued: date) -> tuple[str, date]:
        digits, rest = number.split("-", 1)
        if self.rng.random() < 0.5:
            return f"{int(digits) + self.rng.randint(1, 9):02d}-{rest}", issued
        return number, issued - timedelta(days=self.rng.randint(1, 4))


def _rules_markup(w: Writer) -> str:
    ids = party_rules(w.campaign)
    if w.doc.error == "superseded_citation":
        # the rule if it has a predecessor (132 → 124 → 366), else the guidance (16 → 21)
        slot = 0 if ids[0] in SUPERSEDED else 1
        old = SUPERSEDED[ids[slot]]
        w.evidence = {"evidence": f"số {old}", "cited": old, "replaced_by": ids[slot]}
        ids = [*ids[:slot], old, *ids[slot + 1:]]
    return "; ".join(w.ref(i) for i in ids)


def opening(w: Writer) -> str:
    """The legal-basis paragraph and the sentence that issues the plan."""
    parts = [_rules_markup(w)]
    if w.doc.parent is not None:
        parts.append(w.upper_ref() + " về kiểm điểm, đánh giá, xếp loại chất lượng năm "
                     + str(w.campaign.year))
    verb = w.pick(vocab()["opening_verbs"])
    return (f"{verb} " + "; ".join(parts) + ",\n" + f"{body_name(w.doc)} ban hành Kế hoạch "
            f"kiểm điểm, đánh giá, xếp loại chất lượng năm {w.campaign.year} như sau:")


def _fill(template: str, **values: str) -> str:
    for key, value in values.items():
        template = template.replace(f"${key}", value)
    return template


def _exclusions() -> dict[str, str]:
    s = vocab()["subjects"]
    return {"exclusions": s["exclusions"], "exclusion_text": s["exclusion_text"]}


def _commune_collectives(w: Writer, x: str) -> str:
    items = vocab()["subjects"]["commune_collectives"]
    kept = [i["text"] for i in items
            if not (i.get("tag") == "front" and w.doc.error == "missing_subject")]
    line = "; ".join(kept).replace("$x", x)
    if w.doc.error == "missing_subject":
        front = "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam"
        w.evidence = {"evidence": strip_notes(line).text, "upper_evidence": front,
                      "subject": front}
    return line


def _collectives(w: Writer) -> list[str]:
    s, doc = vocab()["subjects"], w.doc
    post = w.campaign.era == "post2025"
    if doc.level == "province":
        own = s["province_collectives_post" if post else "province_collectives_pre"]
        lines = ["- Cấp tỉnh: " + "; ".join(own) + "."]
        if not post:
            lines.append("- Cấp huyện: " + "; ".join(s["district_collectives"]) + ".")
        lines.append(f"- Cấp {'xã' if post else 'cơ sở'}: "
                     + _commune_collectives(w, _X["post" if post else "province"]) + ".")
    elif doc.level == "district":
        lines = ["- Cấp huyện: " + "; ".join(s["district_collectives"]) + ".",
                 "- Cấp cơ sở: " + _commune_collectives(w, "xã, thị trấn") + "."]
    else:
        lines = ["- " + _commune_collectives(w, doc.kind) + "."]
    return [*lines, "- " + s["branch_collectives"][0] + "."]


def _party_orgs(w: Writer) -> str:
    doc, orgs = w.doc, vocab()["party_orgs"]
    if doc.level == "province":
        names = orgs["province_post" if w.campaign.era == "post2025" else "province_pre"]
    else:
        names = orgs[doc.level]
    return "; ".join(f"{{{{sj assessment; party_org || {_fill(o, kind=doc.kind)}}}}}"
                     for o in names)


def subjects(w: Writer) -> str:
    """Section II: who is reviewed and who is rated, for the plan's level."""
    v, doc = vocab(), w.doc
    where = {"province": "tỉnh", "district": "huyện"}.get(doc.level, doc.kind)
    lines = ["@ II | " + w.pick(v["section_titles"]["subjects"]),
             "@ II/1 | Đối tượng kiểm điểm", "@ II/1/1.1 | Tập thể", *_collectives(w),
             _fill(v["individuals"].strip(), where=where, **_exclusions()),
             "@ II/2 | Đối tượng đánh giá, xếp loại",
             f"@ II/2/2.1 > Tổ chức đảng: {_party_orgs(w)}.", *v["assessment_refs"]]
    if w.rng.random() < 0.5:
        block = "content_366" if w.campaign.era == "post2025" else "content_124"
        lines += ["@ II/3 | Nội dung kiểm điểm", f"@use {block} at=II/3"]
    return "\n".join(lines)


def _province_items(w: Writer) -> list[str]:
    t, dues = vocab()["schedule"], w.doc.dues
    post = w.campaign.era == "post2025"
    items = []
    if post:
        items.append(_fill(t["branch_of_province"], dl=w.deadline(
            dues["branch"], "branch", "hoàn thành kiểm điểm, đề xuất xếp loại",
            "Chi bộ trực thuộc đảng ủy xã, phường")))
    items.append(_fill(t["commune_of_province"], label="Cấp xã" if post else "Cấp cơ sở",
                       dl=w.deadline(dues["commune"], "commune",
                                     "hoàn thành kiểm điểm, xếp loại và báo cáo cấp ủy cấp trên")))
    if not post:
        items.append(_fill(t["district_of_province"], dl=w.deadline(
            dues["district"], "district", "hoàn thành và báo cáo Ban Thường vụ Tỉnh ủy")))
    month = f"trong tháng 01/{w.campaign.year + 1}"
    items.append(_fill(t["province_own"], dl="{{dl within; province; actor=Ban Thường vụ Tỉnh "
                       f"ủy; action=xem xét, quyết định xếp loại || {month}}}}}"))
    return items


def _quote_of(markup: str) -> str:
    return markup.split("|| ", 1)[1].split("}}", 1)[0]


def _state_item(w: Writer) -> str:
    doc = w.doc
    due = max(doc.date + timedelta(days=2), doc.dues["branch"] - timedelta(days=3))
    if doc.error == "deadline_before_plan_date":
        due = doc.date - timedelta(days=w.rng.randint(2, 5))
    dl = w.deadline(due, "commune", "đánh giá, xếp loại cán bộ, công chức",
                    f"Ủy ban nhân dân {doc.kind}", "by")
    if doc.error == "deadline_before_plan_date":
        w.evidence = {"evidence": _quote_of(dl), "due": due.isoformat()}
    return _fill(vocab()["schedule"]["state_rating"], x=doc.kind, dl=dl)


def _own_items(w: Writer) -> list[str]:
    """Items of a district or commune plan: state side, cells, (communes), own level."""
    t, doc, dues = vocab()["schedule"], w.doc, w.doc.dues
    items = [_state_item(w)] if doc.level == "commune" else []
    items.append(_fill(t["branches"], dl=w.deadline(
        dues["branch"], "branch", "hoàn thành kiểm điểm, đề xuất xếp loại",
        "Các chi bộ trực thuộc")))
    if doc.level == "district":
        items.append(_fill(t["communes_of_district"], dl=w.deadline(
            dues["commune"], "commune",
            "hoàn thành kiểm điểm, xếp loại và báo cáo Ban Thường vụ Huyện ủy")))
    pre_commune = doc.level == "commune" and w.campaign.era == "pre2025"
    upper = "Ban Thường vụ Huyện ủy" if pre_commune else "Ban Thường vụ Tỉnh ủy"
    own = w.deadline(dues[doc.level], doc.level, f"xếp loại và báo cáo {upper}")
    _record_late(w, own)
    return [*items, _fill(t[f"{doc.level}_own"], upper=upper, dl=own)]


def _cell_items(w: Writer) -> list[str]:
    t, doc, due = vocab()["schedule"], w.doc, w.doc.dues["branch"]
    meeting = min(due, max(doc.date + timedelta(days=4), due - timedelta(days=1)))
    first = max(doc.date + timedelta(days=1), meeting - timedelta(days=5))
    if doc.error == "deadline_before_plan_date":
        early = doc.date - timedelta(days=w.rng.randint(2, 4))
        dl = w.deadline(early, "branch", "nộp bản tự kiểm điểm", "Đảng viên", "by")
        w.evidence = {"evidence": _quote_of(dl), "due": early.isoformat()}
        drafts = _fill(t["cell_drafts_late"], dl=dl)
    else:
        drafts = _fill(t["cell_drafts"], dl=w.ranged(
            first, first + timedelta(days=2), "branch", "viết bản tự kiểm điểm", "Đảng viên"))
    report = w.deadline(due, "branch", "gửi biên bản, báo cáo, đề xuất xếp loại về Đảng ủy",
                        "Chi ủy")
    _record_late(w, report)
    return [drafts,
            _fill(t["cell_meeting"], dl=w.deadline(meeting, "branch", "hội nghị kiểm điểm",
                                                   "Chi bộ", "on")),
            _fill(t["cell_report"], dl=report)]


def _record_late(w: Writer, deadline_markup: str) -> None:
    doc = w.doc
    if doc.error != "deadline_after_upper" or doc.parent is None:
        return
    own = doc.level
    w.evidence = {"evidence": _quote_of(deadline_markup), "level": own,
                  "lower_due": doc.dues[own].isoformat(),
                  "upper_due": doc.parent.dues.get(own, doc.dues[own]).isoformat()}


def _numbered(number: str, title: str, items: list[str]) -> str:
    return "\n".join([f"@ {number} | {title}"]
                     + [f"@ {number}/{i} > {text}" for i, text in enumerate(items, 1)])


def schedule(w: Writer, number: str) -> str:
    """The schedule section with the plan's deadlines."""
    level = w.doc.level
    items = (_province_items(w) if level == "province" else _cell_items(w)
             if level == "branch" else _own_items(w))
    return _numbered(number, w.pick(vocab()["section_titles"]["schedule"]), items)


def _organisation(w: Writer, number: str) -> str:
    items = vocab()["organisation"][w.doc.level]
    if isinstance(items, str):
        return f"@ {number} | TỔ CHỨC THỰC HIỆN\n{items}"
    return _numbered(number, "TỔ CHỨC THỰC HIỆN", items)


def _asked(doc: Doc) -> str:
    if doc.level == "province":
        return "Thường trực Tỉnh ủy (qua Ban Tổ chức Tỉnh ủy)"
    if doc.level == "district":
        return "Thường trực Huyện ủy (qua Ban Tổ chức Huyện ủy)"
    return "Thường trực Đảng ủy" if doc.level == "commune" else "Bí thư chi bộ"


def body(w: Writer) -> str:
    """The whole annotated body of the plan."""
    doc = w.doc
    parts = [opening(w), "@ I | MỤC ĐÍCH, YÊU CẦU"]
    if doc.level == "branch":
        cell = _fill(vocab()["cell_subjects"].strip(), name=doc.name, **_exclusions())
        parts += ["@use purpose_cell at=I", cell, schedule(w, "IV"), _organisation(w, "V")]
    else:
        purpose = w.pick(["purpose_titled at=I", "purpose_items at=I", "purpose_plain"])
        parts += [f"@use {purpose}", subjects(w), schedule(w, "III"), _organisation(w, "IV")]
    closing = w.pick(vocab()["closings"]).replace("$ask", _asked(doc))
    return "\n".join([*parts, "@end", closing]) + "\n"
