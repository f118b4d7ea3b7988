"""Plan sources: a small annotated markup that renders to a plan's text and its gold.

A plan source is YAML front matter (header, signature, recipients, style) between two
``---`` lines, then the body. In the body:

- ``@ II/1/1.1 | Tập thể`` starts a numbered section with a title (the path gives the
  labels of the section and its ancestors);
- ``@ III/2 > Ủy ban nhân dân xã hướng dẫn ...`` starts a section whose body begins on
  the heading line (no title);
- ``@end`` ends the sections; the lines after it close the body;
- ``{{kind args || quote}}`` marks a quote as a deadline (``dl``), a subject (``sj``) or a
  legal reference (``ref``); the text keeps only the quote. ``args`` are ``;``-separated,
  either positional or ``key=value``; list values are ``/``-separated;
- a ``dl`` note reads its date from the quote, or from ``when=`` where the quote is not
  a date: in a schedule table, a time cell merged down from the row above is written
  ``^^`` in each row it goes on into (``vbparser.tables.MERGED``; an author's ditto "nt"
  likewise), and each such row gets its own deadline, dated as the cell it continues
  (``{{dl within; commune; when=Trong tháng 12/2025; actor=Văn phòng Đảng ủy;
  action=Tổng hợp kết quả || ^^}}``);
- lines starting with ``;;`` are comments; blank lines are ignored;
- ``@use NAME at=II/2`` (expanded by ``expand`` before parsing) inserts a shared block,
  replacing a leading ``~`` in its heading paths by the ``at`` path; ``$name`` fills in
  variables.

Lines before the first heading form the opening (legal bases). Both the hand-written
corpus (``corpora/tools``) and the synthetic generator write plans in this markup, so
text and gold always come from the same source.

>>> plan = parse_plan("---\\nheader: {type: KẾ HOẠCH}\\n---\\n"
...                   "@ I | MỤC ĐÍCH\\n@ I/1 > Hoàn thành {{dl by; commune || đến ngày 05/12}}.")
>>> [n.path for n in plan.nodes], plan.nodes[1].lines[0].text
([('I',), ('I', '1')], 'Hoàn thành đến ngày 05/12.')
>>> plan.nodes[1].lines[0].notes[0].quote
'đến ngày 05/12'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from string import Template
from typing import Any

import yaml

from vbparser.errors import ConfigError

# {{dl before; commune; actor=Các chi bộ || trước ngày 05/12/2023}}
_NOTE = re.compile(r"\{\{(?P<kind>dl|sj|ref)\b(?P<args>.*?)\|\|\s?(?P<quote>.+?)\}\}")
# @ II/1/1.1 | Tập thể      @ III/2 > Ủy ban nhân dân xã ...
_HEADING = re.compile(r"@\s+(?P<path>[^\s|>]+)\s*(?:(?P<mark>[|>])\s?(?P<rest>.*))?$")
_FRONT = re.compile(r"\A---\n(?P<front>.*?)\n---\n", re.DOTALL)
_USE = re.compile(r"(?m)^@use\s+(?P<name>[\w-]+)(?P<params>(?:\s+\w+=\S+)*)[ \t]*$")


@dataclass(frozen=True, slots=True)
class Note:
    """One annotation: its kind, arguments and the quote it marks."""

    kind: str
    positional: tuple[str, ...]
    args: dict[str, str]
    quote: str
    start: int  # offset of the quote in its line's plain text


@dataclass(frozen=True, slots=True)
class Line:
    """One paragraph line: plain text plus the annotations found in it."""

    text: str
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True, slots=True)
class Node:
    """One numbered section: its path of labels, title and body lines."""

    path: tuple[str, ...]
    title: str | None
    lines: tuple[Line, ...]
    inline: bool  # True when the body starts on the heading line

    @property
    def label(self) -> str:
        return self.path[-1]


@dataclass(frozen=True, slots=True)
class Plan:
    """A parsed plan source."""

    front: dict[str, Any]
    opening: tuple[Line, ...]
    nodes: tuple[Node, ...]
    closing: tuple[Line, ...]


def parse_note_args(raw: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """Split ``a; b; key=value`` into positional values and keyword values.

    >>> parse_note_args(" before; commune; actor=Các chi bộ ")
    (('before', 'commune'), {'actor': 'Các chi bộ'})
    """
    positional: list[str] = []
    keyed: dict[str, str] = {}
    for part in raw.split(";"):
        part = part.strip()
        if not part:
            continue
        key, eq, value = part.partition("=")
        if eq and re.fullmatch(r"[a-z_]+", key.strip()):
            keyed[key.strip()] = value.strip()
        else:
            positional.append(part)
    return tuple(positional), keyed


def strip_notes(raw: str) -> Line:
    """Replace every ``{{...}}`` annotation in ``raw`` by its quote.

    >>> strip_notes("Xong {{dl by || đến ngày 10/12/2023}}.").text
    'Xong đến ngày 10/12/2023.'
    """
    if "{{" not in raw:
        return Line(raw)
    out: list[str] = []
    notes: list[Note] = []
    last = 0
    pos = 0
    for match in _NOTE.finditer(raw):
        chunk = raw[last:match.start()]
        out.append(chunk)
        pos += len(chunk)
        positional, keyed = parse_note_args(match.group("args"))
        quote = match.group("quote")
        notes.append(Note(match.group("kind"), positional, keyed, quote, pos))
        out.append(quote)
        pos += len(quote)
        last = match.end()
    out.append(raw[last:])
    text = "".join(out)
    if "{{" in text or "}}" in text:
        raise ConfigError(f"malformed annotation in line: {raw[:120]!r}")
    return Line(text, tuple(notes))


def expand(body: str, blocks: Mapping[str, str], variables: Mapping[str, Any]) -> str:
    """Insert shared blocks (``@use``) and fill in ``$variables``.

    ``@use NAME at=II/2 k=v`` puts the block's ``~`` headings under ``II/2`` and sets
    ``$n`` (the last label of ``at``) and ``$k`` inside the block.

    >>> expand("@use x at=II/1\\nBáo cáo $huyen.", {"x": "@ ~/1.1 | Tập thể"},
    ...        {"huyen": "Đông Lâm"})
    '@ II/1/1.1 | Tập thể\\nBáo cáo Đông Lâm.'

    Raises:
        ConfigError: an unknown block or a variable without a value.
    """
    def use(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in blocks:
            raise ConfigError(f"unknown block {name!r}; known: {', '.join(sorted(blocks))}")
        params = dict(p.split("=", 1) for p in match.group("params").split())
        text = blocks[name].strip("\n")
        if "at" in params:
            text = text.replace("@ ~/", f"@ {params['at']}/")
            params.setdefault("n", params["at"].rsplit("/", 1)[-1])
        return Template(text).safe_substitute(params)

    for _ in range(3):  # blocks may use blocks, two levels deep
        body = _USE.sub(use, body)
    try:
        return Template(body).substitute({k: str(v) for k, v in variables.items()})
    except (KeyError, ValueError) as exc:
        raise ConfigError(f"plan variable without a value: {exc}") from None


def split_front(source: str) -> tuple[dict[str, Any], str]:
    """Split a plan source into its front matter (parsed) and its body.

    Raises:
        ConfigError: the front matter is missing.
    """
    match = _FRONT.match(source)
    if not match:
        raise ConfigError("a plan source must start with YAML front matter between '---' lines")
    return yaml.safe_load(match.group("front")) or {}, source[match.end():]


def parse_plan(source: str) -> Plan:
    """Parse a plan source (front matter plus annotated body, without ``@use``).

    Raises:
        ConfigError: the front matter is missing or a heading is malformed.
    """
    return parse_body(*split_front(source))


def parse_body(front: dict[str, Any], body: str) -> Plan:
    """Parse the annotated body of a plan whose front matter is already a dict."""
    opening: list[Line] = []
    closing: list[Line] = []
    nodes: list[Node] = []
    current: dict[str, Any] | None = None
    ended = False
    for raw in body.split("\n"):
        raw = raw.rstrip()
        if not raw.strip() or raw.startswith(";;"):
            continue
        if raw.startswith("@end"):
            ended = True
            continue
        if raw.startswith("@ ") and not ended:
            if current:
                nodes.append(_node(current))
            current = _heading(raw)
        elif ended:
            closing.append(strip_notes(raw))
        elif current is None:
            opening.append(strip_notes(raw))
        else:
            current["lines"].append(strip_notes(raw))
    if current:
        nodes.append(_node(current))
    return Plan(front, tuple(opening), tuple(nodes), tuple(closing))


def _heading(raw: str) -> dict[str, Any]:
    match = _HEADING.match(raw)
    if not match:
        raise ConfigError(f"malformed heading: {raw!r}")
    path = tuple(match.group("path").split("/"))
    mark, rest = match.group("mark"), (match.group("rest") or "").strip()
    if mark == ">":
        return {"path": path, "title": None, "lines": [strip_notes(rest)], "inline": True}
    return {"path": path, "title": rest or None, "lines": [], "inline": False}


def _node(spec: dict[str, Any]) -> Node:
    title = spec["title"]
    if title is not None and "{{" in title:
        raise ConfigError(f"annotations are not allowed in titles: {title!r}")
    return Node(spec["path"], title, tuple(spec["lines"]), spec["inline"])
