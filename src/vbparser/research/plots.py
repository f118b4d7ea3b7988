"""Pictures of a corpus: a deadline timeline, a citation graph, a subject-coverage matrix.

Each function takes a ``Corpus`` (anything with its DataFrames: ``documents``,
``deadlines``, ``legal_refs``, ``subjects``) and returns a ``matplotlib.figure.Figure``,
made without pyplot (no global figure state; a notebook shows it after
``%matplotlib inline``). ``save(fig, path)`` writes PNG, SVG or PDF by the suffix.

Every picture has one row per plan, in the same order: by level from the top
(central, province, district, commune, branch, unknown), then by date, then by name.

>>> import vbparser
>>> corpus = vbparser.Corpus.from_documents([vbparser.parse(
...     "KẾ HOẠCH\\nI. TỔ CHỨC THỰC HIỆN\\n1. Báo cáo trước ngày 15/12/2023.")])
>>> len(deadline_timeline(corpus).axes[0].get_yticks())
1
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from vbparser.errors import ConfigError
from vbparser.model import Level

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

LEVELS = tuple(level.value for level in Level)
UNKNOWN = "unknown"
LEVEL_COLORS = {"central": "#6a3d9a", "province": "#1f78b4", "district": "#33a02c",
                "commune": "#ff7f00", "branch": "#e31a1c", UNKNOWN: "#8c8c8c"}
SUPERSEDED_COLOR = "#d62728"
SAVE_FORMATS = (".png", ".svg", ".pdf")
_ROW_INCHES = 0.3


class Tables(Protocol):
    """What the pictures read: a ``Corpus`` or anything with the same DataFrames."""

    documents: pd.DataFrame
    deadlines: pd.DataFrame
    legal_refs: pd.DataFrame
    subjects: pd.DataFrame


def save(fig: Figure, path: str | Path, *, dpi: int = 150) -> Path:
    """Write a figure to ``path`` (.png, .svg or .pdf), creating its folder.

    Raises:
        ConfigError: an unsupported suffix.
    """
    out = Path(path)
    if out.suffix.lower() not in SAVE_FORMATS:
        raise ConfigError(f"cannot save a figure as {out.suffix!r}; "
                          f"formats: {', '.join(SAVE_FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=dpi, bbox_inches="tight")
    return out


def plan_order(documents: pd.DataFrame) -> pd.DataFrame:
    """The plans in picture order (level from the top, date, name), one row each."""
    docs = documents.drop_duplicates("doc_id").copy()
    docs["level"] = docs["level"].fillna(UNKNOWN)
    docs["_rank"] = docs["level"].map(lambda v: LEVELS.index(v) if v in LEVELS else len(LEVELS))
    docs = docs.sort_values(["_rank", "date", "name"], na_position="last", kind="stable")
    return docs.drop(columns="_rank").reset_index(drop=True)


def _figure(rows: int, width: float = 11.0) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, max(2.5, 1.4 + _ROW_INCHES * rows)), layout="constrained")
    return fig, fig.add_subplot()


def _level_handles(levels: list[str]) -> list[Any]:
    from matplotlib.lines import Line2D

    return [Line2D([], [], marker="o", linestyle="", color=LEVEL_COLORS[lv], label=lv)
            for lv in LEVEL_COLORS if lv in levels]


def _plan_labels(ax: Axes, plans: pd.DataFrame) -> None:
    ax.set_yticks(range(len(plans)), list(plans["name"]), fontsize="small")
    for label, level in zip(ax.get_yticklabels(), plans["level"], strict=True):
        label.set_color(LEVEL_COLORS.get(level, LEVEL_COLORS[UNKNOWN]))
    ax.set_ylim(max(len(plans), 1) - 0.5, -0.5)  # the first plan on top


# --- deadline timeline -----------------------------------------------------------------

def deadline_timeline(corpus: Tables, *, upper: list[str] | None = None,
                      title: str = "Deadlines per plan") -> Figure:
    """Draw one row per plan with its deadlines, coloured by the plan's level.

    A hollow diamond marks the plan's date, dots its deadlines (``due``), and a thin line
    joins them. The deadlines of the ``upper`` plans are drawn across the whole picture as
    dashed vertical rules, coloured by the level each deadline is set for, so that a lower
    plan's dot to the right of the rule of its own colour is a deadline later than the
    upper plan allows.

    Args:
        corpus: a ``Corpus`` (or its tables).
        upper: doc ids or names of the upper plans (default: the plans of the highest
            level present).
        title: the picture's title.

    Returns:
        The figure; its y-ticks are the plans, in ``plan_order``.
    """
    import matplotlib.dates as mdates

    plans = plan_order(corpus.documents)
    fig, ax = _figure(len(plans))
    deadlines = corpus.deadlines.dropna(subset=["due"])
    for row, plan in enumerate(plans.itertuples(index=False)):
        _timeline_row(ax, row, plan, deadlines[deadlines["doc_id"] == plan.doc_id])
    _upper_rules(ax, plans, deadlines, upper)
    _plan_labels(ax, plans)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d/%m/%Y"))  # type: ignore[no-untyped-call]
    ax.grid(axis="x", alpha=0.3)
    ax.set_xlabel("date (due = last admissible day)")
    ax.set_title(title)
    _timeline_legend(ax, list(plans["level"]))
    return fig


def _timeline_legend(ax: Axes, levels: list[str]) -> None:
    from matplotlib.lines import Line2D

    handles = _level_handles(levels) + [
        Line2D([], [], marker="D", linestyle="", markerfacecolor="white", color="#4d4d4d",
               label="plan's date"),
        Line2D([], [], linestyle="--", color="#4d4d4d", label="upper plan's deadline\n"
                                                             "(colour: level it is for)")]
    ax.legend(handles=handles, fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1))


def _timeline_row(ax: Axes, row: int, plan: Any, deadlines: pd.DataFrame) -> None:
    color = LEVEL_COLORS.get(plan.level, LEVEL_COLORS[UNKNOWN])
    dues = list(deadlines["due"])
    issued = [plan.date] if plan.date == plan.date and plan.date is not None else []
    ends = sorted(issued + dues)
    if len(ends) >= 2:
        ax.plot([ends[0], ends[-1]], [row, row], color=color, linewidth=1, alpha=0.4)
    if issued:
        ax.plot(issued, [row], marker="D", markerfacecolor="white", color=color, markersize=5)
    if dues:
        ax.plot(dues, [row] * len(dues), marker="o", linestyle="", color=color, markersize=5)


def _upper_rules(ax: Axes, plans: pd.DataFrame, deadlines: pd.DataFrame,
                 upper: list[str] | None) -> None:
    if upper is None:
        top = plans["level"].iloc[0] if len(plans) else None
        ids = set(plans.loc[plans["level"] == top, "doc_id"])
    else:
        ids = set(plans.loc[plans["doc_id"].isin(upper) | plans["name"].isin(upper), "doc_id"])
    rules = deadlines[deadlines["doc_id"].isin(ids)]
    for due, level in rules[["due", "level"]].drop_duplicates().itertuples(index=False):
        color = LEVEL_COLORS.get(level if isinstance(level, str) else UNKNOWN)
        ax.axvline(due, color=color, linestyle="--", linewidth=1, alpha=0.7)
        ax.annotate(f"{due:%d/%m}", (due, 0), xycoords=("data", "axes fraction"),
                    xytext=(2, 2), textcoords="offset points", fontsize="x-small",
                    color=color, rotation=90, va="bottom")


# --- citation graph --------------------------------------------------------------------

def citations(corpus: Tables) -> pd.DataFrame:
    """The graph's edges: one row per (plan, cited document with a full_id).

    Unnumbered references are left out: they cannot be told apart or merged.
    """
    refs = corpus.legal_refs.dropna(subset=["full_id"])
    cols = ["doc_id", "full_id", "type", "status", "replaced_by", "superseded_at_date"]
    return refs[cols].drop_duplicates(["doc_id", "full_id"]).reset_index(drop=True)


def citation_graph(corpus: Tables, *, title: str = "Plans and the documents they cite") -> Figure:
    """Draw plans (left, coloured by level) linked to the documents they cite (right).

    Cited documents superseded today are red crosses, labelled with their successor; an
    edge is red when the document had been superseded already on the citing plan's date.

    Returns:
        The figure; its node markers (scatter points) are the plans plus the distinct
        cited documents, and its edges one line segment per (plan, cited document).
    """
    from matplotlib.collections import LineCollection

    plans, edges = plan_order(corpus.documents), citations(corpus)
    cited = _cited_order(edges)
    fig, ax = _figure(max(len(plans), len(cited)), width=10.0)
    y_plan = _spread(len(plans), len(cited))
    y_cited = _spread(len(cited), len(plans))
    plan_y = dict(zip(plans["doc_id"], y_plan, strict=True))
    cited_y = dict(zip(cited["full_id"], y_cited, strict=True))
    edges = edges[edges["doc_id"].isin(plan_y)]
    segments = [[(0, plan_y[d]), (1, cited_y[c])] for d, c in zip(edges["doc_id"], edges["full_id"])]
    colors = [SUPERSEDED_COLOR if late else "#b0b0b0" for late in edges["superseded_at_date"]]
    ax.add_collection(LineCollection(segments, colors=colors, linewidths=0.8, zorder=1))
    plan_colors = [LEVEL_COLORS.get(lv, LEVEL_COLORS[UNKNOWN]) for lv in plans["level"]]
    ax.scatter([0] * len(plans), y_plan, c=plan_colors, s=30, zorder=2)
    _cited_nodes(ax, cited, y_cited)
    for y, name in zip(y_plan, plans["name"], strict=True):
        ax.annotate(name, (0, y), xytext=(-6, 0), textcoords="offset points",
                    ha="right", va="center", fontsize="x-small")
    _finish_graph(ax, plans, max(len(plans), len(cited)), title)
    return fig


def _cited_order(edges: pd.DataFrame) -> pd.DataFrame:
    """Distinct cited documents, most cited first."""
    grouped = edges.groupby("full_id", sort=False).agg(
        type=("type", "first"), status=("status", "first"),
        replaced_by=("replaced_by", "first"), plans=("doc_id", "nunique")).reset_index()
    return grouped.sort_values(["plans", "full_id"], ascending=[False, True],
                               kind="stable").reset_index(drop=True)


def _spread(n: int, other: int) -> list[float]:
    """Positions of ``n`` nodes, centred on the taller of two columns (rows go down)."""
    offset = (max(n, other) - n) / 2
    return [offset + i for i in range(n)]


def _cited_nodes(ax: Axes, cited: pd.DataFrame, ys: list[float]) -> None:
    old = (cited["status"] == "superseded").tolist()
    for flag, marker, color in ((False, "s", "#4d4d4d"), (True, "X", SUPERSEDED_COLOR)):
        picked = [y for y, o in zip(ys, old, strict=True) if o is flag]
        ax.scatter([1] * len(picked), picked, marker=marker, c=color, s=45, zorder=2)
    for y, row in zip(ys, cited.itertuples(index=False), strict=True):
        label = f"{row.full_id} ({row.plans})"
        if row.status == "superseded" and isinstance(row.replaced_by, str):
            label += f" → {row.replaced_by}"
        ax.annotate(label, (1, y), xytext=(6, 0), textcoords="offset points", va="center",
                    fontsize="x-small",
                    color=SUPERSEDED_COLOR if row.status == "superseded" else "black")


def _finish_graph(ax: Axes, plans: pd.DataFrame, rows: int, title: str) -> None:
    from matplotlib.lines import Line2D

    ax.set_ylim(max(rows, 1) - 0.5, -0.5)
    ax.set_xlim(-0.6, 1.6)
    ax.axis("off")
    ax.set_title(title)
    handles = _level_handles(list(plans["level"])) + [
        Line2D([], [], marker="s", linestyle="", color="#4d4d4d", label="cited (n plans)"),
        Line2D([], [], marker="X", linestyle="", color=SUPERSEDED_COLOR,
               label="superseded today"),
        Line2D([], [], color=SUPERSEDED_COLOR, label="superseded on the plan's date")]
    ax.legend(handles=handles, fontsize="x-small", loc="upper left", bbox_to_anchor=(1.0, 1.0))


# --- subject coverage --------------------------------------------------------------------

def coverage(corpus: Tables, kinds: list[str] | None = None) -> pd.DataFrame:
    """Plans × subject kinds: how many subjects of each kind each plan names.

    Rows are every plan in ``plan_order`` (index: name), columns the ``kinds`` given or
    every kind found, most frequent first ("unclassified" for subjects without a kind).
    """
    plans = plan_order(corpus.documents)
    subjects = corpus.subjects.assign(kind=corpus.subjects["kind"].fillna("unclassified"))
    table = subjects.pivot_table(index="doc_id", columns="kind", values="text",
                                 aggfunc="count", fill_value=0)
    if kinds is None:
        plans_with = table.gt(0).sum()  # per kind: how many plans name it
        kinds = sorted(table.columns, key=lambda k: (-int(plans_with[k]), str(k)))
    table = table.reindex(index=list(plans["doc_id"]), columns=kinds, fill_value=0)
    table.index = list(plans["name"])
    return table.fillna(0).astype(int)


def subject_coverage(corpus: Tables, *, kinds: list[str] | None = None,
                     title: str = "Subjects named per plan") -> Figure:
    """Draw the plans × subject-kinds matrix of ``coverage`` as a heat map.

    Returns:
        The figure; its image's array has one row per plan and one column per kind.
    """
    matrix = coverage(corpus, kinds)
    plans = plan_order(corpus.documents)
    fig, ax = _figure(len(plans), width=max(6.0, 3.0 + 0.4 * matrix.shape[1]))
    ax.set_title(title)
    if matrix.size == 0:
        ax.text(0.5, 0.5, "no subjects", ha="center", va="center", transform=ax.transAxes)
        return fig
    values = matrix.to_numpy()
    image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0, interpolation="nearest")
    for (row, col), value in _cells(matrix):
        ax.text(col, row, str(value), ha="center", va="center", fontsize="xx-small",
                color="white" if value > values.max() / 2 else "black")
    _plan_labels(ax, plans)
    ax.set_xticks(range(matrix.shape[1]), list(matrix.columns), rotation=60, ha="right",
                  fontsize="x-small")
    fig.colorbar(image, ax=ax, label="subjects of this kind", shrink=0.6)
    return fig


def _cells(matrix: pd.DataFrame) -> list[tuple[tuple[int, int], int]]:
    values = matrix.to_numpy()
    return [((r, c), int(values[r, c])) for r in range(values.shape[0])
            for c in range(values.shape[1]) if values[r, c]]


__all__ = ["citation_graph", "citations", "coverage", "deadline_timeline", "plan_order",
           "save", "subject_coverage"]
