"""Configuration: one frozen dataclass, validated, passed explicitly to every stage."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from vbparser.errors import ConfigError

PDF_ENGINES = ("pdfium", "pdfplumber")
OCR_MODES = ("auto", "always", "never")


@dataclass(frozen=True, slots=True)
class Config:
    """Options of a parse.

    Attributes:
        normalize: names of the normalisation steps, in order (None: the defaults).
        stages: names of the pipeline stages to run (None: all).
        kb_paths: extra knowledge-base files of regulations (YAML), added to the built-in.
        strict_deadlines: read "trước ngày X" strictly (due X-1) — the default.
        max_pages: refuse PDFs with more pages than this.
        pdf_engine: what reads a PDF's text layer: "pdfium" (the default, fast) or
            "pdfplumber" (slower, pure Python); both give the same layout.
        pdf_password: the user password of an encrypted PDF, if you have it.
        ocr: when to recognise page images with Tesseract: "auto" (pages with no usable
            text layer), "always" or "never".
        ocr_language: Tesseract language model(s), e.g. "vie" or "vie+eng".
        ocr_dpi: resolution at which pages are rendered for OCR.
        ocr_workers: pages recognised in parallel (None: one per CPU).
        ocr_timeout: seconds allowed to recognise one page.
    """

    normalize: tuple[str, ...] | None = None
    stages: tuple[str, ...] | None = None
    kb_paths: tuple[Path, ...] = ()
    strict_deadlines: bool = True
    max_pages: int = 500
    pdf_engine: str = "pdfium"
    pdf_password: str | None = None
    ocr: str = "auto"
    ocr_language: str = "vie"
    ocr_dpi: int = 300
    ocr_workers: int | None = None
    ocr_timeout: float = 120.0

    def __post_init__(self) -> None:
        if self.max_pages < 1:
            raise ConfigError(f"max_pages must be at least 1, not {self.max_pages}")
        self._check_pdf_options()
        for path in self.kb_paths:
            if not Path(path).is_file():
                raise ConfigError(f"knowledge-base file {path} does not exist")

    def _check_pdf_options(self) -> None:
        if self.pdf_engine not in PDF_ENGINES:
            raise ConfigError(f"pdf_engine must be one of {', '.join(PDF_ENGINES)}, "
                              f"not {self.pdf_engine!r}")
        if self.ocr not in OCR_MODES:
            raise ConfigError(f"ocr must be one of {', '.join(OCR_MODES)}, not {self.ocr!r}")
        if not 50 <= self.ocr_dpi <= 600:
            raise ConfigError(f"ocr_dpi must be between 50 and 600, not {self.ocr_dpi}")
        if self.ocr_workers is not None and self.ocr_workers < 1:
            raise ConfigError(f"ocr_workers must be at least 1 (or None), not {self.ocr_workers}")
        if self.ocr_timeout <= 0:
            raise ConfigError(f"ocr_timeout must be positive, not {self.ocr_timeout}")

    @classmethod
    def resolve(cls, value: None | dict[str, Any] | Config = None) -> Config:
        """Accept None (defaults), a dict of options or a Config.

        >>> Config.resolve({"max_pages": 10}).max_pages
        10
        """
        if value is None:
            return cls()
        if isinstance(value, Config):
            return value
        if isinstance(value, dict):
            known = {f.name for f in fields(cls)}
            unknown = sorted(set(value) - known)
            if unknown:
                raise ConfigError(f"unknown option(s) {', '.join(unknown)}; "
                                  f"known: {', '.join(sorted(known))}")
            clean = dict(value)
            for key in ("normalize", "stages", "kb_paths"):
                if clean.get(key) is not None:
                    clean[key] = tuple(clean[key])
            return cls(**clean)
        raise ConfigError(f"config must be None, a dict or a Config, not {type(value).__name__}")
