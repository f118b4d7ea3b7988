"""Plan sources for the synthetic corpus: front matter and annotated body per level.

``build_plan`` writes one ``world.Doc`` as plan-source markup (``markup.py``) with the
regulations of its era, subjects of its level and deadlines derived from its due days,
and returns the manifest entry of its planted error, if any. The wording comes from
``blocks.yaml`` and ``vocab.yaml``; every choice is drawn from the ``random.Random``
passed in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from vbparser.corpus.gold import regulations
from vbparser.corpus.markup import strip_notes
from vbparser.corpus.world import Campaign, Doc, vocab

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
        return self.rng.choice(options)

    def date_text(self, day: date, words: bool = True) -> str:
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
        bound = bound or self.pick(["before", "by", "by"])
        stated = due + timedelta(days=1) if bound == "before" else due
        form = self.pick(vocab()["deadline_forms"][bound])
        expr = form.replace("$d", self.date_text(stated))
        who = f"; actor={actor}" if actor else ""
        return f"{{{{dl {bound}; {level}{who}; action={action} || {expr}}}}}"

    def ranged(self, first: date, last: date, level: str, action: str, actor: str) -> str:
        expr = f"từ ngày {self.date_text(first, False)} đến ngày {self.date_text(last, False)}"
        return f"{{{{dl range; {level}; actor={actor}; action={action} || {expr}}}}}"

    def ref(self, full_id: str) -> str:
        known = regulations()[full_id]
        y, m, d = (int(x) for x in known["date"].split("-"))
        comma = self.pick(["", ","])
        quote = f"{known['type']} số {full_id}{comma} ngày {d:02d}/{m}/{y} của {known['issuer']}"
        return f"{{{{ref id={full_id} || {quote}}}}} {vocab()['reg_about'][full_id]}"

    def upper_ref(self) -> str:
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


def _individuals(where: str, path: str) -> str:
    s = vocab()["subjects"]
    return (f"@ {path} | Cá nhân\n- {{{{sj review; individual; excl={s['exclusions']} || "
            f"Đảng viên trong Đảng bộ {where}}}}} ({s['exclusion_text']}).\n"
            "- {{sj review; individual || Cán bộ lãnh đạo, quản lý}} các cấp.")


def _commune_collectives(w: Writer, x: str) -> str:
    items = vocab()["subjects"]["commune_collectives"]
    kept = [i["text"] for i in items
            if not (i.get("tag") == "front" and w.doc.error == "missing_subject")]
    line = "; ".join(kept).replace("$x", x)
    if w.doc.error == "missing_subject":
        w.evidence = {"evidence": strip_notes(line).text,
                      "upper_evidence": "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam",
                      "subject": "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam"}
    return line


def subjects(w: Writer) -> str:
    """Section II: who is reviewed and who is rated, for the plan's level."""
    s, doc = vocab()["subjects"], w.doc
    post = w.campaign.era == "post2025"
    lines = ["@ II | " + w.pick(vocab()["section_titles"]["subjects"]),
             "@ II/1 | Đối tượng kiểm điểm", "@ II/1/1.1 | Tập thể"]
    if doc.level == "province":
        own = s["province_collectives_post" if post else "province_collectives_pre"]
        lines.append("- Cấp tỉnh: " + "; ".join(own) + ".")
        if not post:
            lines.append("- Cấp huyện: " + "; ".join(s["district_collectives"]) + ".")
        lines.append(f"- Cấp {'xã' if post else 'cơ sở'}: "
                     + _commune_collectives(w, _X["post" if post else "province"]) + ".")
    elif doc.level == "district":
        lines.append("- Cấp huyện: " + "; ".join(s["district_collectives"]) + ".")
        lines.append("- Cấp cơ sở: " + _commune_collectives(w, "xã, thị trấn") + ".")
    else:
        lines.append("- " + _commune_collectives(w, doc.kind) + ".")
    lines.append("- " + s["branch_collectives"][0] + ".")
    where = {"province": "tỉnh", "district": "huyện"}.get(doc.level, doc.kind)
    lines.append(_individuals(where, "II/1/1.2"))
    orgs = {"province": ["đảng bộ xã, phường", "chi bộ trực thuộc đảng ủy xã, phường"] if post
            else ["đảng bộ huyện và tương đương", "đảng bộ cơ sở", "chi bộ trực thuộc đảng ủy cơ sở"],
            "district": ["đảng bộ xã, thị trấn", "chi bộ trực thuộc đảng ủy cơ sở"]}.get(
        doc.level, [f"Đảng bộ {doc.kind}", "các chi bộ trực thuộc"])
    org_text = "; ".join(f"{{{{sj assessment; party_org || {o}}}}}" for o in orgs)
    lines += ["@ II/2 | Đối tượng đánh giá, xếp loại",
              f"@ II/2/2.1 > Tổ chức đảng: {org_text}.",
              "@ II/2/2.2 > Tập thể lãnh đạo, quản lý: {{sj assessment; collective; "
              "refers_to=II/1/1.1 || các tập thể nêu tại điểm 1.1}} mục 1 phần này.",
              "@ II/2/2.3 > Cá nhân: {{sj assessment; individual; refers_to=II/1/1.2 || "
              "các cá nhân nêu tại điểm 1.2}} mục 1 phần này."]
    if w.rng.random() < 0.5:
        block = "content_366" if post else "content_124"
        lines += ["@ II/3 | Nội dung kiểm điểm", f"@use {block} at=II/3"]
    return "\n".join(lines)


def _schedule_items(w: Writer) -> list[str]:
    doc, dues = w.doc, w.doc.dues
    post = w.campaign.era == "post2025"
    if doc.level == "province":
        items = []
        if post:
            items.append("Chi bộ trực thuộc đảng ủy xã, phường hoàn thành kiểm điểm, đề xuất "
                         "xếp loại " + w.deadline(dues["branch"], "branch", "hoàn thành kiểm "
                         "điểm, đề xuất xếp loại", "Chi bộ trực thuộc đảng ủy xã, phường") + ".")
        label = "Cấp xã" if post else "Cấp cơ sở"
        items.append(f"{label}: hoàn thành kiểm điểm, đánh giá, xếp loại chất lượng và báo cáo "
                     "cấp ủy cấp trên " + w.deadline(dues["commune"], "commune", "hoàn thành "
                     "kiểm điểm, xếp loại và báo cáo cấp ủy cấp trên") + ".")
        if not post:
            items.append("Cấp huyện: hoàn thành và báo cáo Ban Thường vụ Tỉnh ủy (qua Ban Tổ "
                         "chức Tỉnh ủy) " + w.deadline(dues["district"], "district", "hoàn "
                         "thành và báo cáo Ban Thường vụ Tỉnh ủy") + ".")
        month = f"trong tháng 01/{w.campaign.year + 1}"
        items.append("Cấp tỉnh: Ban Thường vụ Tỉnh ủy xem xét, quyết định xếp loại {{dl within; "
                     "province; actor=Ban Thường vụ Tỉnh ủy; action=xem xét, quyết định xếp loại"
                     f" || {month}}}}}.")
        return items
    items = []
    if doc.level == "commune":
        ubnd = max(doc.date + timedelta(days=2), dues["branch"] - timedelta(days=3))
        if doc.error == "deadline_before_plan_date":
            ubnd = doc.date - timedelta(days=w.rng.randint(2, 5))
        items.append(f"Ủy ban nhân dân {doc.kind} hoàn thành đánh giá, xếp loại cán bộ, công "
                     "chức " + w.deadline(ubnd, "commune", "đánh giá, xếp loại cán bộ, công "
                     "chức", f"Ủy ban nhân dân {doc.kind}", "by") + ".")
        if doc.error == "deadline_before_plan_date":
            w.evidence = {"evidence": items[-1].split("|| ")[1].split("}}")[0],
                          "due": ubnd.isoformat(), "plan_date": doc.date.isoformat()}
    if doc.level == "branch":
        return _cell_items(w)
    items.append("Các chi bộ trực thuộc hoàn thành kiểm điểm, đánh giá, đề xuất xếp loại "
                 + w.deadline(dues["branch"], "branch", "hoàn thành kiểm điểm, đề xuất xếp "
                 "loại", "Các chi bộ trực thuộc") + ".")
    own = doc.level
    upper = "Ban Thường vụ Tỉnh ủy" if (own == "district" or w.campaign.era == "post2025") \
        else "Ban Thường vụ Huyện ủy"
    if own == "district":
        items.append("Đảng ủy xã, thị trấn hoàn thành kiểm điểm, xếp loại và báo cáo Ban "
                     "Thường vụ Huyện ủy " + w.deadline(dues["commune"], "commune", "hoàn "
                     "thành kiểm điểm, xếp loại và báo cáo Ban Thường vụ Huyện ủy") + ".")
    items.append(f"Kiểm điểm {'Ban Thường vụ Huyện ủy' if own == 'district' else 'Ban Thường vụ, Ban Chấp hành Đảng bộ'}"
                 f"; xem xét, quyết định xếp loại và báo cáo {upper} "
                 + w.deadline(dues[own], own, f"xếp loại và báo cáo {upper}") + ".")
    _record_late(w, items[-1] if own == doc.level else "")
    return items


def _cell_items(w: Writer) -> list[str]:
    doc, due = w.doc, w.doc.dues["branch"]
    first = doc.date + timedelta(days=1)
    if doc.error == "deadline_before_plan_date":
        early = doc.date - timedelta(days=w.rng.randint(2, 4))
        item = ("Đảng viên nộp bản tự kiểm điểm cho chi ủy " + w.deadline(
            early, "branch", "nộp bản tự kiểm điểm", "Đảng viên", "by") + ".")
        w.evidence = {"evidence": item.split("|| ")[1].split("}}")[0],
                      "due": early.isoformat(), "plan_date": doc.date.isoformat()}
    else:
        item = ("Đảng viên viết bản tự kiểm điểm, gửi chi ủy "
                + w.ranged(first, first + timedelta(days=2), "branch", "viết bản tự kiểm điểm",
                           "Đảng viên") + ".")
    meeting = max(first + timedelta(days=3), due - timedelta(days=1))
    items = [item, "Hội nghị kiểm điểm của chi bộ " + w.deadline(
        meeting, "branch", "hội nghị kiểm điểm", "Chi bộ", "on") + ".",
        "Chi ủy gửi biên bản, báo cáo và đề xuất xếp loại về Đảng ủy " + w.deadline(
            due, "branch", "gửi biên bản, báo cáo, đề xuất xếp loại về Đảng ủy", "Chi ủy") + "."]
    _record_late(w, items[-1])
    return items


def _record_late(w: Writer, item: str) -> None:
    doc = w.doc
    if doc.error != "deadline_after_upper" or not item or doc.parent is None:
        return
    own = doc.level
    w.evidence = {"evidence": item.split("|| ")[1].split("}}")[0], "level": own,
                  "lower_due": doc.dues[own].isoformat(),
                  "upper_due": doc.parent.dues.get(own, doc.dues[own]).isoformat()}


def schedule(w: Writer, number: str) -> str:
    """The schedule section with the plan's deadlines."""
    title = w.pick(vocab()["section_titles"]["schedule"])
    items = _schedule_items(w)
    return "\n".join([f"@ {number} | {title}"]
                     + [f"@ {number}/{i} > {text}" for i, text in enumerate(items, 1)])


def _organisation(w: Writer, number: str) -> str:
    doc = w.doc
    if doc.level == "province":
        items = ["Các đảng ủy trực thuộc Tỉnh ủy căn cứ Kế hoạch này xây dựng kế hoạch của cấp "
                 "mình, tổ chức thực hiện bảo đảm chất lượng, đúng tiến độ.",
                 "Ban Tổ chức Tỉnh ủy hướng dẫn, theo dõi, thẩm định, tổng hợp kết quả, báo cáo "
                 "Ban Thường vụ Tỉnh ủy."]
    elif doc.level == "district":
        items = ["Các đảng ủy, chi bộ cơ sở căn cứ Kế hoạch này xây dựng kế hoạch, tổ chức "
                 "thực hiện ở đơn vị mình.",
                 "Ban Tổ chức Huyện ủy hướng dẫn, đôn đốc, thẩm định hồ sơ, tổng hợp kết quả."]
    elif doc.level == "commune":
        items = ["Các chi bộ trực thuộc xây dựng kế hoạch, tổ chức kiểm điểm nghiêm túc, đúng "
                 "thời gian.", "Văn phòng Đảng ủy theo dõi, đôn đốc, tổng hợp kết quả, báo cáo "
                 "Ban Thường vụ Đảng ủy."]
    else:
        return (f"@ {number} | TỔ CHỨC THỰC HIỆN\nĐồng chí Bí thư chi bộ chỉ đạo chung; các "
                "đồng chí đảng viên chuẩn bị bản kiểm điểm và dự hội nghị đầy đủ.")
    return "\n".join([f"@ {number} | TỔ CHỨC THỰC HIỆN"]
                     + [f"@ {number}/{i} > {t}" for i, t in enumerate(items, 1)])


def _cell_subjects(w: Writer) -> str:
    s = vocab()["subjects"]
    return "\n".join([
        "@ II | ĐỐI TƯỢNG",
        "@ II/1 > Kiểm điểm: {{sj review; collective; branch || chi ủy chi bộ}}; "
        f"{{{{sj review; individual; excl={s['exclusions']} || đảng viên trong chi bộ}}}} "
        f"({s['exclusion_text']}).",
        f"@ II/2 > Đánh giá, xếp loại: {{{{sj assessment; party_org || Chi bộ {w.doc.name}}}}}; "
        "{{sj assessment; individual || đảng viên}}.",
        "@ III | NỘI DUNG", "@use content_cell"])


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
        parts += ["@use purpose_cell at=I", _cell_subjects(w), schedule(w, "IV"),
                  _organisation(w, "V")]
    else:
        purpose = w.pick(["purpose_titled at=I", "purpose_items at=I", "purpose_plain"])
        parts += [f"@use {purpose}", subjects(w), schedule(w, "III"), _organisation(w, "IV")]
    closing = w.pick(vocab()["closings"]).replace("$ask", _asked(doc))
    return "\n".join(parts + ["@end", closing]) + "\n"
