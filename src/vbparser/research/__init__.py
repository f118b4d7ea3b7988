"""For researchers: a corpus as pandas tables, plans as spaCy Docs, and pictures.

``Corpus`` (``collection.py``) and ``to_spacy`` (``spacy_doc.py``) are re-exported by
``vbparser``; the pictures are in ``vbparser.research.plots``. pandas, spaCy and
matplotlib are imported only when used, so ``import vbparser`` stays fast.
"""

from vbparser.research.collection import Corpus
from vbparser.research.spacy_doc import to_spacy

__all__ = ["Corpus", "to_spacy"]
