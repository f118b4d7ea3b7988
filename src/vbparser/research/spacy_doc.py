"""A parsed plan as a spaCy ``Doc``: extractions as entities, sections as span groups.

``to_spacy`` tokenises ``Document.text`` with a blank Vietnamese pipeline (nothing is
downloaded) and marks what the extractors found:

* ``doc.ents``: LEGAL_REF (every mention of a cited document), DEADLINE, SUBJECT and
  ISSUER, without overlaps (``spacy.util.filter_spans``: the longest span wins, then the
  earliest), so that ``displacy.render(doc, style="ent")`` can draw them;
* ``doc.spans["vbparser"]``: every one of those spans, overlapping ones included;
* ``doc.spans["sections"]``: one span per section, labelled with the section's role.

Every span is made with ``char_span(start, end, alignment_mode="expand")``: it covers at
least the characters the extractor reported, and exactly those when the extractor's
boundaries fall on token boundaries. With the default ``rules`` tokenizer that is every
span of the project's corpus.

Why ``rules``: ``benchmarks/spacy_tokenizers.py`` on the 42 corpus plans (median time to
tokenise a plan; share of the 707 entity spans whose both ends fall on token boundaries):

============  =========  ============  ===========================================
tokenizer     ms/plan    exact spans   note
============  =========  ============  ===========================================
rules         3.3        100 %         spaCy's rule-based tokenizer, "./." split off
whitespace    0.7        19.1 %        ``use_pyvi=False``: "2023," stays one token
pyvi          8.9        99.4 %        needs pyvi (and scikit-learn)
underthesea   39         99.7 %        word segmentation; 12× slower
============  =========  ============  ===========================================

Tokens are syllables, not words: a researcher who needs Vietnamese words can pass
``tokenizer="underthesea"`` (or their own ``nlp``) and accept a few widened spans.

Each span links back to the Document: ``span.id_`` is ``"<collection>/<index>"``
(``"deadlines/3"``, ``"legal_refs/0"``, ``"meta/issuer"``) and ``span.kb_id_`` is the
entity's key (a cited document's ``full_id``, a deadline's ``due``, a subject's ``kind``,
the issuer's code, a section's id).

The ISSUER span is ``Issuer.span``: where the metadata extractor read the issuer's
name, in the header or in the sentence "<X> ban hành Kế hoạch", its organ included when
named beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from vbparser.errors import ConfigError
from vbparser.model import Document

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

LABELS = ("LEGAL_REF", "DEADLINE", "SUBJECT", "ISSUER")
# displaCy colours for the labels: displacy.render(doc, style="ent", options=DISPLACY_OPTIONS)
DISPLACY_OPTIONS: dict[str, Any] = {
    "ents": list(LABELS),
    "colors": {"LEGAL_REF": "#9ecae1", "DEADLINE": "#fdae6b",
               "SUBJECT": "#a1d99b", "ISSUER": "#dadaeb"},
}
DEFAULT_TOKENIZER = "rules"
_END_MARK = r"\./\."


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """A character span the extractors reported, with the label it gets in spaCy.

    Attributes:
        label: LEGAL_REF, DEADLINE, SUBJECT or ISSUER (or a section role).
        start: first character, in ``Document.text``.
        end: one past the last character.
        ref: where it comes from, ``"<collection>/<index>"`` (``"deadlines/3"``).
        key: the entity's key (full_id, due date, subject kind, issuer code), or "".
    """

    label: str
    start: int
    end: int
    ref: str
    key: str = ""


def _tokenizer_rules() -> Language:
    import spacy
    from spacy.util import compile_suffix_regex

    # spaCy's rule-based tokenizer with its language-neutral punctuation rules:
    # "124-QĐ/TW," -> "124-QĐ" "/" "TW" ",", so spans end where the extractors end them.
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    # "./." closes the body of a Vietnamese administrative text ("... ngày 09/12/2025./."):
    # without this suffix "09/12/2025./." stays one token (corpus b09, b12, b20).
    suffixes = [_END_MARK, *(nlp.Defaults.suffixes or ())]
    tokenizer: Any = nlp.tokenizer
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    return nlp


def _tokenizer_whitespace() -> Language:
    import spacy

    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


def _tokenizer_pyvi() -> Language:
    import spacy

    try:
        return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": True}}})
    except ImportError as exc:
        raise ImportError("the 'pyvi' tokenizer needs pyvi: pip install pyvi") from exc


class UndertheseaTokenizer:
    """Word segmentation by underthesea (multi-syllable words as one token)."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        from spacy.tokens import Doc
        from underthesea import word_tokenize

        words: list[str] = []
        for line in text.splitlines():
            # use_token_normalize=False: underthesea must not respell tone marks, or the
            # words no longer match the text they came from.
            words += word_tokenize(line, use_token_normalize=False) if line.strip() else []
        return Doc(self.vocab, *_words_and_spaces(words, text))


def _words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    from spacy.util import get_words_and_spaces

    try:
        return get_words_and_spaces(words, text)
    except ValueError:  # a word that is not in the text as such: fall back to syllables
        return get_words_and_spaces([w for word in words for w in word.split()], text)


def _tokenizer_underthesea() -> Language:
    nlp = _tokenizer_whitespace()
    nlp.tokenizer = UndertheseaTokenizer(nlp.vocab)
    return nlp


TOKENIZERS: dict[str, Callable[[], Language]] = {
    "rules": _tokenizer_rules,
    "whitespace": _tokenizer_whitespace,
    "pyvi": _tokenizer_pyvi,
    "underthesea": _tokenizer_underthesea,
}


@cache
def blank_vietnamese(tokenizer: str = DEFAULT_TOKENIZER) -> Language:
    """Return a blank Vietnamese spaCy pipeline (cached); nothing is downloaded.

    Args:
        tokenizer: ``rules`` (spaCy's rule-based tokenizer: syllables, punctuation split
            off; the default, chosen by ``benchmarks/spacy_tokenizers.py``),
            ``whitespace`` (spaCy's Vietnamese tokenizer with ``use_pyvi=False``),
            ``pyvi`` (needs pyvi) or ``underthesea`` (word segmentation).

    Raises:
        ConfigError: an unknown tokenizer name.

    >>> blank_vietnamese().lang
    'vi'
    """
    try:
        make = TOKENIZERS[tokenizer]
    except KeyError:
        raise ConfigError(f"unknown tokenizer {tokenizer!r}; "
                          f"tokenizers: {', '.join(TOKENIZERS)}") from None
    return make()


def entity_spans(doc: Document) -> list[EntitySpan]:
    """List the entity spans of a plan, in document order (no spaCy needed).

    >>> import vbparser
    >>> d = vbparser.parse("KẾ HOẠCH\\nI. TỔ CHỨC THỰC HIỆN\\n1. Báo cáo trước ngày 15/12/2023.")
    >>> [(s.label, d.text[s.start:s.end]) for s in entity_spans(d)]
    [('DEADLINE', 'trước ngày 15/12/2023')]
    """
    spans = list(_legal_ref_spans(doc))
    spans += [EntitySpan("DEADLINE", *d.span, f"deadlines/{i}", d.due or "")
              for i, d in enumerate(doc.deadlines)]
    spans += [EntitySpan("SUBJECT", *s.span, f"subjects/{i}", s.kind or "")
              for i, s in enumerate(doc.subjects)]
    issuer = issuer_span(doc)
    if issuer is not None:
        spans.append(EntitySpan("ISSUER", *issuer, "meta/issuer", doc.meta.issuer.code or ""))
    return sorted(spans, key=lambda s: (s.start, -s.end, LABELS.index(s.label)))


def _legal_ref_spans(doc: Document) -> Iterator[EntitySpan]:
    for i, ref in enumerate(doc.legal_refs):
        for start, end in ref.mentions:
            yield EntitySpan("LEGAL_REF", start, end, f"legal_refs/{i}", ref.full_id or "")


def section_spans(doc: Document) -> list[EntitySpan]:
    """List the sections of a plan as spans labelled with their role ("other" if none)."""
    return [EntitySpan(str(s.role or "other"), *s.span, f"sections/{i}", s.id)
            for i, s in enumerate(doc.sections)]


def issuer_span(doc: Document) -> tuple[int, int] | None:
    """Where the issuer's name is read (``Issuer.span``), or None.

    >>> import vbparser
    >>> d = vbparser.parse("ĐẢNG ỦY XÃ AN BÌNH\\nSố 5-KH/ĐU\\nKẾ HOẠCH\\nI. MỤC ĐÍCH")
    >>> s = issuer_span(d)
    >>> d.meta.issuer.name, d.text[s[0]:s[1]]
    ('Đảng ủy xã An Bình', 'ĐẢNG ỦY XÃ AN BÌNH')
    """
    return doc.meta.issuer.span if doc.meta.issuer.name else None


def to_spacy(doc: Document, nlp: Language | None = None, *,
             tokenizer: str = DEFAULT_TOKENIZER) -> Doc:
    """Turn a parsed plan into a spaCy ``Doc`` over ``doc.text`` with its extractions.

    Args:
        doc: a parsed plan (``vbparser.parse``).
        nlp: the pipeline to tokenise with (default: ``blank_vietnamese(tokenizer)``).
        tokenizer: the tokenizer of the default pipeline (see ``blank_vietnamese``).

    Returns:
        The Doc, with ``ents``, ``spans["vbparser"]`` and ``spans["sections"]`` set and
        ``user_data["vbparser"]`` holding the plan's metadata.

    >>> import vbparser
    >>> d = vbparser.parse("KẾ HOẠCH\\nI. TỔ CHỨC THỰC HIỆN\\n1. Báo cáo trước ngày 15/12/2023.")
    >>> [(e.label_, e.text) for e in to_spacy(d).ents]
    [('DEADLINE', 'trước ngày 15/12/2023')]
    """
    from spacy.tokens import SpanGroup
    from spacy.util import filter_spans

    sdoc = (nlp or blank_vietnamese(tokenizer))(doc.text)
    found = [_span(sdoc, s) for s in entity_spans(doc)]
    entities = [s for s in found if s is not None]
    sdoc.spans["vbparser"] = SpanGroup(sdoc, name="vbparser", spans=entities)
    sdoc.ents = sorted(filter_spans(entities), key=lambda s: s.start)
    sections = [_span(sdoc, s) for s in section_spans(doc)]
    sdoc.spans["sections"] = SpanGroup(sdoc, name="sections",
                                       spans=[s for s in sections if s is not None])
    sdoc.user_data["vbparser"] = {"doc_id": doc.source.sha256[:16], "path": doc.source.path,
                                  "meta": doc.to_dict()["meta"]}
    return sdoc


def _span(sdoc: Doc, item: EntitySpan) -> Any:
    # Span.char_span returns None only for a span of whitespace alone.
    span = sdoc.char_span(item.start, item.end, label=item.label, kb_id=item.key,
                          alignment_mode="expand", span_id=item.ref)
    return span
