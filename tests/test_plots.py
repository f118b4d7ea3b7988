"""The three pictures (issue 11): drawn from the corpus, saved as PNG, opened with Pillow."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.collections import LineCollection, PathCollection
from PIL import Image, ImageStat

import vbparser
from vbparser.errors import ConfigError
from vbparser.research import plots

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus() -> vbparser.Corpus:
    return vbparser.Corpus(REPO / "corpora" / "campaign_a" / "docs")


def _png(fig: object, path: Path) -> Image.Image:
    plots.save(fig, path)  # type: ignore[arg-type]
    image = Image.open(path)
    assert image.format == "PNG"
    assert image.width > 300 and image.height > 300
    image = image.convert("L")
    assert ImageStat.Stat(image).stddev[0] > 5  # not one flat colour
    return image


def test_deadline_timeline(corpus: vbparser.Corpus, tmp_path: Path) -> None:
    fig = plots.deadline_timeline(corpus)
    ax = fig.axes[0]
    plans = plots.plan_order(corpus.documents)
    assert len(ax.get_yticks()) == len(corpus.documents) == len(plans)
    assert [t.get_text() for t in ax.get_yticklabels()] == list(plans["name"])
    assert plans["level"].iloc[0] == "province"  # the top level first
    upper = corpus.deadlines[corpus.deadlines["doc_level"] == "province"]
    rules = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert len(rules) == len(upper[["due", "level"]].drop_duplicates())
    _png(fig, tmp_path / "timeline.png")


def test_timeline_with_chosen_upper_plans(corpus: vbparser.Corpus) -> None:
    name = plots.plan_order(corpus.documents)["name"].iloc[2]
    fig = plots.deadline_timeline(corpus, upper=[name])
    dues = corpus.deadlines[corpus.deadlines["doc_name"] == name]
    rules = [line for line in fig.axes[0].get_lines() if line.get_linestyle() == "--"]
    assert len(rules) == len(dues[["due", "level"]].drop_duplicates())


def test_citation_graph(corpus: vbparser.Corpus, tmp_path: Path) -> None:
    fig = plots.citation_graph(corpus)
    ax = fig.axes[0]
    nodes = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
    cited = corpus.legal_refs["full_id"].dropna().nunique()
    assert nodes == len(corpus.documents) + cited
    [edges] = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(edges.get_segments()) == len(plots.citations(corpus))
    _png(fig, tmp_path / "graph.png")


def test_subject_coverage(corpus: vbparser.Corpus, tmp_path: Path) -> None:
    fig = plots.subject_coverage(corpus)
    [image] = fig.axes[0].images
    kinds = corpus.subjects["kind"].fillna("unclassified").nunique()
    assert image.get_array().shape == (len(corpus.documents), kinds)
    matrix = plots.coverage(corpus)
    assert int(matrix.to_numpy().sum()) == len(corpus.subjects)
    _png(fig, tmp_path / "coverage.png")


def test_save_formats(corpus: vbparser.Corpus, tmp_path: Path) -> None:
    fig = plots.subject_coverage(corpus, kinds=["party_members"])
    out = plots.save(fig, tmp_path / "sub" / "coverage.svg")
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    with pytest.raises(ConfigError, match=".png"):
        plots.save(fig, tmp_path / "coverage.jpg")


def test_an_empty_corpus_still_draws() -> None:
    empty = vbparser.Corpus.from_documents([])
    for draw in (plots.deadline_timeline, plots.citation_graph, plots.subject_coverage):
        assert draw(empty).axes
