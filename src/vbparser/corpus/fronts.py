"""Front matter of synthetic plans: header, gold metadata, recipients, signature, style."""

from __future__ import annotations

import random
from typing import Any

from vbparser.corpus.plans import Writer, body_name, body_of
from vbparser.corpus.world import Doc, vocab

# (value, weight) tables for the typographic variants of one document.
STYLE_CHOICES: dict[str, list[tuple[Any, int]]] = {
    "tone": [("new", 6), ("old", 3), ("old_uy", 2)],
    "heading": [("dot", 7), ("dash", 3)],
    "layout": [("lines", 14), ("blank", 3), ("markdown", 1), ("wrapped", 2), ("flat", 1)],
    "header": [("stacked", 3), ("side", 2)],
    "footer": [("stacked", 3), ("side", 1)],
    "number_colon": [(False, 4), (True, 1)],
    "signed": [(False, 5), (True, 1)],
    "rsep": [(";", 2), (",", 1)],
}


def choose_style(rng: random.Random) -> dict[str, Any]:
    """Draw one document's typography."""
    style = {}
    for key, table in STYLE_CHOICES.items():
        values, weights = zip(*table, strict=True)
        style[key] = rng.choices(values, weights)[0]
    return style


def _header(w: Writer, year: int) -> dict[str, Any]:
    doc = w.doc
    superior = {"province": None, "district": f"ĐẢNG BỘ TỈNH {w.campaign.province}",
                "commune": (f"ĐẢNG BỘ TỈNH {w.campaign.province}" if w.campaign.era == "post2025"
                            else f"ĐẢNG BỘ HUYỆN {doc.parent.name if doc.parent else ''}")}.get(
        doc.level)
    if doc.level == "branch" and doc.parent is not None:
        superior = f"ĐẢNG BỘ {doc.parent.kind} {doc.parent.name}"
    if doc.error == "abolished_district_level" and w.rng.random() < 0.5:
        superior = f"ĐẢNG BỘ HUYỆN {doc.former_district}"
        w.evidence = {"evidence": superior.upper(), "where": "header"}
    title_key = "cell" if doc.level == "branch" else "party"
    title = w.pick(vocab()["titles"][title_key]).replace("$year", str(year)).split("|")
    place = doc.parent.name if doc.level == "branch" and doc.parent else doc.name
    return {"superior": superior.upper() if superior else None,
            "issuer": body_of(doc).upper(), "number": doc.number, "place": place,
            "date": doc.date.isoformat(), "type": "KẾ HOẠCH", "title": title}


def _upper_issuer(doc: Doc) -> str:
    if doc.parent is None:
        return "Trung ương"
    return body_of(doc.parent)


def _recipients(w: Writer) -> list[str]:
    doc = w.doc
    rep = w.pick([" (để báo cáo)", " (b/c)", ""])
    act = w.pick([" (để thực hiện)", " (t/h)", ""])
    if doc.level == "province":
        below = ("đảng ủy xã, phường trực thuộc Tỉnh ủy" if w.campaign.era == "post2025"
                 else "huyện ủy, đảng ủy trực thuộc Tỉnh ủy")
        return [f"Ban Tổ chức Trung ương{rep}", f"Văn phòng Trung ương Đảng{rep}",
                "Các đồng chí Tỉnh ủy viên", f"Các {below}{act}", "Lưu Văn phòng Tỉnh ủy"]
    if doc.level == "district":
        return [f"Thường trực Tỉnh ủy{rep}", f"Ban Tổ chức Tỉnh ủy{rep}",
                "Các đồng chí Huyện ủy viên", f"Các đảng ủy, chi bộ cơ sở{act}",
                "Lưu Văn phòng Huyện ủy"]
    if doc.level == "commune":
        upper = _upper_issuer(doc)
        first = f"Thường trực {upper}"
        if doc.error == "abolished_district_level" and w.evidence is None:
            first = f"Thường trực Huyện ủy {doc.former_district}"
            w.evidence = {"evidence": first, "where": "recipients"}
        organ = upper.split(" ", 2)[0] + " " + upper.split(" ", 2)[1]  # "Tỉnh ủy" / "Huyện ủy"
        return [first + rep, f"Ban Tổ chức {organ}{rep}", "Các đồng chí đảng ủy viên",
                f"Các chi bộ trực thuộc{act}", "Lưu Văn phòng Đảng ủy"]
    return [f"{_upper_issuer(doc)}{rep}", "Đảng viên trong chi bộ", "Lưu Chi bộ"]


def front_matter(w: Writer, style: dict[str, Any]) -> dict[str, Any]:
    """The whole front matter of the plan (header first: it may plant an error)."""
    doc, year = w.doc, w.campaign.year
    header = _header(w, year)
    authority, position, name = doc.signer
    upper = f"{w.campaign.key}/docs/{doc.parent.stem}.txt" if doc.parent else None
    return {
        "implements": upper,
        "style": style, "vars": {"nam": year}, "header": header,
        "meta": {"issuer": body_name(doc), "issuer_level": doc.level,
                 "upper_issuer": _upper_issuer(doc), "year": year},
        "recipients": _recipients(w),
        "signature": {"authority": authority, "position": position, "name": name},
    }
