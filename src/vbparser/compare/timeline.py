"""The deadline timeline of a plan tree as inline SVG (no script, no external resource).

One band per level (province, district, commune, branch), one lane per plan that sets
deadlines for that level; each deadline is a dot at its ``due`` day, the plan's issue
date a grey tick. Deadlines that a finding names are drawn red, and a red line joins a
late lower deadline to the upper deadline it breaks. Every text is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from vbparser.compare.timing import dated, level_of
from vbparser.model import Document, Level
from vbparser.spans import Span

LEVEL_COLOURS = {Level.CENTRAL: "#6b7280", Level.PROVINCE: "#1d4ed8",
                 Level.DISTRICT: "#7c3aed", Level.COMMUNE: "#047857",
                 Level.BRANCH: "#b45309"}
_LABEL_W, _PLOT_W, _LANE_H, _TOP, _BAND_GAP, _BAND_H = 300, 700, 18, 34, 8, 14
_CONFLICT = "#dc2626"


@dataclass(frozen=True, slots=True)
class Lane:
    """One plan's deadlines for one level."""

    level: Level
    doc: Document
    doc_id: str
    label: str
    plan_level: Level | None


def lanes_of(docs: Sequence[tuple[str, str, Document]]) -> list[Lane]:
    """Lanes for ``(doc_id, label, doc)`` triples, level by level, in the given order."""
    out = []
    for level in Level:
        for did, label, doc in docs:
            own = doc.meta.issuer.level
            if any(level_of(d, own) == level for d in dated(doc.deadlines)):
                out.append(Lane(level, doc, did, label, own))
    return out


def _day(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _range(lanes: Sequence[Lane]) -> tuple[dt.date, dt.date] | None:
    """The days to show: from the first issue date or deadline to the last deadline, cut
    at the 10th and 90th percentiles (with three weeks' margin) so that one far date (an
    upper plan issued in August, a deadline in "quý I/2026") does not squeeze the rest;
    dates outside are drawn at the edge."""
    days = sorted([_day(d.due) for lane in lanes for d in dated(lane.doc.deadlines) if d.due]
                  + [_day(lane.doc.meta.date) for lane in lanes if lane.doc.meta.date])
    if not days:
        return None
    margin = dt.timedelta(days=21)
    lo = max(days[0], days[int(0.1 * (len(days) - 1))] - margin)
    hi = min(days[-1], days[int(0.9 * (len(days) - 1) + 0.5)] + margin)
    if (hi - lo).days < 14:
        hi = lo + dt.timedelta(days=14)
    return lo - dt.timedelta(days=2), hi + dt.timedelta(days=2)


def _ticks(lo: dt.date, hi: dt.date) -> list[dt.date]:
    span = (hi - lo).days
    step = 7 if span <= 120 else 30
    first = lo + dt.timedelta(days=(7 - lo.weekday()) % 7) if step == 7 else lo.replace(day=1)
    out, day = [], first
    while day <= hi:
        if day >= lo:
            out.append(day)
        day = day + dt.timedelta(days=step) if step == 7 else (
            day.replace(year=day.year + 1, month=1) if day.month == 12
            else day.replace(month=day.month + 1))
    return out


def render_timeline(lanes: Sequence[Lane], conflicts: Mapping[tuple[str, Span], str],
                    joins: Sequence[tuple[tuple[str, Span], tuple[str, Span]]]) -> Markup:
    """The SVG of ``lanes``.

    Args:
        lanes: from ``lanes_of``.
        conflicts: ``(doc_id, span)`` of deadlines named by findings → the finding's text.
        joins: pairs of such keys (lower deadline, upper deadline) to connect.

    Returns:
        Safe markup (every text inside escaped); empty when no lane has a date.
    """
    bounds = _range(lanes)
    if bounds is None:
        return Markup("")
    lo, hi = bounds
    total = max((hi - lo).days, 1)

    def x(day: dt.date) -> float:
        return _LABEL_W + _PLOT_W * (min(max(day, lo), hi) - lo).days / total

    parts: list[str] = []
    where: dict[tuple[str, Span], tuple[float, float]] = {}
    y = _TOP
    for i, lane in enumerate(lanes):
        if i == 0 or lanes[i - 1].level != lane.level:
            y += _BAND_GAP if i else 0
            parts.append(f'<text class="band" x="4" y="{y + 11}">{escape(lane.level.value)}</text>')
            y += _BAND_H
        parts.append(_lane(lane, y, x, conflicts, where))
        y += _LANE_H
    height = y + 14
    axis = [(f'<line class="axis" x1="{_LABEL_W}" y1="{_TOP - 8}" x2="{_LABEL_W + _PLOT_W}" '
             f'y2="{_TOP - 8}"/>')]
    for day in _ticks(lo, hi):
        axis.append(f'<line class="tick" x1="{x(day):.1f}" y1="{_TOP - 12}" x2="{x(day):.1f}" '
                    f'y2="{height - 10}"/>')
        axis.append(f'<text class="tick" x="{x(day):.1f}" y="{_TOP - 16}">'
                    f'{day.day:02d}/{day.month:02d}/{day.year}</text>')
    lines = [(f'<line class="join" x1="{where[a][0]:.1f}" y1="{where[a][1]:.1f}" '
              f'x2="{where[b][0]:.1f}" y2="{where[b][1]:.1f}"/>')
             for a, b in joins if a in where and b in where]
    width = _LABEL_W + _PLOT_W + 40
    body = "".join(axis + parts + lines)
    return Markup(f'<svg class="timeline" viewBox="0 0 {width} {height}" width="100%" '
                  f'role="img" aria-label="deadlines per level" '
                  f'xmlns="http://www.w3.org/2000/svg">{body}</svg>')


def _lane(lane: Lane, y: int, xf: Callable[[dt.date], float],
          conflicts: Mapping[tuple[str, Span], str],
          where: dict[tuple[str, Span], tuple[float, float]]) -> str:
    mid = y + _LANE_H / 2
    label = lane.label if len(lane.label) <= 44 else lane.label[:43] + "…"
    colour = LEVEL_COLOURS.get(lane.plan_level or lane.level, "#374151")
    out = [f'<text class="lane" x="{_LABEL_W - 6}" y="{mid + 4:.1f}">{escape(label)}</text>',
           (f'<line class="lane" x1="{_LABEL_W}" y1="{mid:.1f}" x2="{_LABEL_W + _PLOT_W}" '
            f'y2="{mid:.1f}"/>')]
    if lane.doc.meta.date:
        px = xf(_day(lane.doc.meta.date))
        out.append(f'<rect class="issued" x="{px - 1.5:.1f}" y="{mid - 6:.1f}" width="3" '
                   f'height="12"><title>{escape(lane.label)} issued '
                   f'{escape(lane.doc.meta.date)}</title></rect>')
    for d in dated(lane.doc.deadlines):
        if level_of(d, lane.plan_level) != lane.level or not d.due:
            continue
        key = (lane.doc_id, d.span)
        px = xf(_day(d.due))
        where[key] = (px, mid)
        note = conflicts.get(key)
        tip = f"{lane.label}: {d.expr} (due {d.due}) — {d.actor or ''} {d.action or ''}".strip()
        # outside the window: drawn at its edge, marked
        beyond = px >= _LABEL_W + _PLOT_W - 1e-6 or px <= _LABEL_W + 1e-6
        if note:
            tip += f"\n⚠ {note}"
        cls = ("dot conflict" if note else "dot") + (" beyond" if beyond else "")
        fill = _CONFLICT if note else colour
        out.append(f'<circle class="{cls}" cx="{px:.1f}" cy="{mid:.1f}" r="{6 if note else 4.5}" '
                   f'fill="{fill}"><title>{escape(tip)}</title></circle>'
                   + (f'<text class="beyond" x="{px + 8:.1f}" '
                      f'y="{mid + 4:.1f}">{"›" if px > _LABEL_W + 1 else "‹"}</text>'
                      if beyond else ""))
    return "".join(out)
