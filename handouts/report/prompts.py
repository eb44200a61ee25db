"""Prompts for the medical reviewer: words in the content that may promise
too much, and statements to weigh against the known safety facts. They are
prompts, not errors: the tool changes no wording by itself."""
from __future__ import annotations

import re

from ..inputs.coverage import strings
from ..inputs.yamlfile import LocatedYaml, dotted

# Words that tend to promise more than the evidence gives.
PROMISING = ("safe", "safely", "breakthrough", "powerful", "dramatic", "dramatically",
             "ensures", "ensure", "transformative", "miracle", "cure", "cures", "guaranteed",
             "proven", "revolutionary", "remarkable", "life-changing", "rapid", "long-lasting")
# Statements a reviewer should weigh against the safety facts, and why.
TO_WEIGH = (
    (r"bladder function",
     "weigh against the bladder and urinary problems reported with repeated ketamine use"),
    (r"long-term", "weigh against the limited evidence beyond about 12 weeks"),
    (r"(ketamine|infusions?) (?:is|are) (?:considered )?safe",
     "weigh against the FDA's 2023 warning on ketamine's risks"),
    (r"\b(?:mood|depression|depressed)\b",
     "weigh against ketamine's psychiatric side effects (dissociation, hallucinations)"),
)
_WORD = re.compile(r"\b(" + "|".join(re.escape(w) for w in PROMISING) + r")\b(?!-)",
                   re.IGNORECASE)
_SKIP = {"slug", "aliases", "source", "language", "edition", "review", "speaker_notes"}


def reviewer_prompts(doc: LocatedYaml) -> list[str]:
    """``FILE:LINE: key.path: prompt`` lines, in file order."""
    found: list[tuple[int, str]] = []
    for loc, text in strings(doc.data):
        if _SKIP.intersection(k for k in loc if isinstance(k, str)):
            continue
        line = doc.line(loc) or 0
        place = f"{doc.path}:{line}: {dotted(loc)}"
        words = list(dict.fromkeys(m.group(0).lower() for m in _WORD.finditer(text)))
        if words:
            found.append((line, f"{place}: may promise too much: "
                                + ", ".join(f"'{w}'" for w in words)))
        for pattern, why in TO_WEIGH:
            m = re.search(pattern, text, re.IGNORECASE)
            if m:
                found.append((line, f"{place}: '{m.group(0)}': {why}"))
    return [text for _, text in sorted(found, key=lambda f: f[0])]
