"""Regular expressions shared by several stages, built in one place.

Each constant says what it matches and which case motivated it.
"""

from __future__ import annotations

import re

# Upper-case Vietnamese letters, for "all caps" tests on headings and header blocks.
UPPER_VI = "A-ZĐÀ-ỸÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯẠ-Ỹ"

# Roman numerals up to XXXIX as section labels: "I.", "II-", "IV." (seed 001 uses "I-").
ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"

# A section or list label at the start of a line. Numbers have at most two digits per
# part and must be followed by a space (or, after "." / ")", a capital letter) so that
# wrapped lines starting with "48/2023/NĐ-CP", "18/10/2019 của", "6 tháng)." or
# "2023 bảo đảm" (seed 001 traps) are not taken for labels.
LINE_LABEL = re.compile(
    rf"""^\s*(?:
        (?P<roman>{ROMAN})\s*[.\-–](?=\s|[{UPPER_VI}])            # I.  II-
      | (?P<num>\d{{1,2}}(?:\.\d{{1,2}}){{0,3}})(?:[.)]|\s?[-–])(?=\s)   # 1.  1.1.  1-  1)
      | (?P<num2>\d{{1,2}}(?:\.\d{{1,2}}){{1,3}})(?=\s+[{UPPER_VI}])      # 1.1 Tập thể
      | (?P<letter>[a-zđ])\s?[).](?=\s)                              # a)  b.
      | \((?P<paren>\d{{1,2}}|[a-zđ])\)                                # (1)  (a)
      | (?P<bullet>[-+*•–])(?=\s)                                     # -  +  *
    )""",
    re.VERBOSE,
)

# A line that is only a rule drawn with dashes or underscores ("-----" under the title).
RULE_LINE = re.compile(r"^\s*[-_–—=*]{3,}\s*$")

# Words that open the closing blocks of a plan; a line starting with one never
# continues the previous line.
BLOCK_OPENERS = re.compile(
    r"^\s*(?:Nơi nhận|T/M|K/T|T/L|TM\.|KT\.|TL\.|TUQ\.|Q\.|Số\s*:?\s*\d|\})", re.IGNORECASE)

# A number-symbol split at a line end: "Kết luận số 01-" / "KL/TW" (seed 001).
SPLIT_SYMBOL_END = re.compile(r"\d-\s*$")
SPLIT_SYMBOL_START = re.compile(rf"^\s*[{UPPER_VI}][A-Za-zĐđ]{{0,4}}/")
