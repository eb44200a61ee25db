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
# The same in Spanish ("seguro médico", insurance, and "no lo cura todo",
# a caution, are not promises).
PROMISING_ES = ("seguro", "segura", "seguros", "seguras", "seguridad", "revolucionario",
                "revolucionaria", "eficaz", "eficaces", "milagro", "milagroso", "milagrosa",
                "cura", "curan", "curar", "garantizado", "garantizada", "garantiza",
                "asegura", "comprobado", "comprobada", "potente", "poderoso", "poderosa",
                "espectacular", "drástico", "drástica", "transformador", "transformadora",
                "notable", "duradero", "duradera")
_NOT_A_PROMISE = r"(?! (?:médico|de salud|todo)\b)"
# Statements a reviewer should weigh against the safety facts, and why.
TO_WEIGH = (
    (r"bladder function",
     "weigh against the bladder and urinary problems reported with repeated ketamine use"),
    (r"long-term", "weigh against the limited evidence beyond about 12 weeks"),
    (r"(ketamine|infusions?) (?:is|are) (?:considered )?safe",
     "weigh against the FDA's 2023 warning on ketamine's risks"),
    (r"\b(?:mood|depression|depressed)\b",
     "weigh against ketamine's psychiatric side effects (dissociation, hallucinations)"),
    (r"funci[oó]n de (?:la )?vejiga|vejiga funciona",
     "weigh against the bladder and urinary problems reported with repeated ketamine use"),
    (r"a largo plazo", "weigh against the limited evidence beyond about 12 weeks"),
    (r"(ketamina|infusi[oó]n(?:es)?) (?:es|son) (?:considerada )?segura|se considera segura",
     "weigh against the FDA's 2023 warning on ketamine's risks"),
    (r"\b(?:[áa]nimo|depresi[oó]n)\b",
     "weigh against ketamine's psychiatric side effects (dissociation, hallucinations)"),
)
_WORD = re.compile(r"\b(" + "|".join(re.escape(w) for w in (*PROMISING, *PROMISING_ES))
                   + r")\b(?!-)" + _NOT_A_PROMISE, re.IGNORECASE)
# Keys that hold no patient-facing words (speaker notes are read aloud: they count).
_SKIP = {"slug", "aliases", "source", "sources", "language", "edition", "review"}


def text_prompts(place: str, text: str) -> list[str]:
    """``PLACE: prompt`` for each word in ``text`` that may promise too much
    and each statement to weigh."""
    out = []
    words = list(dict.fromkeys(m.group(0).lower() for m in _WORD.finditer(text)))
    if words:
        out.append(f"{place}: may promise too much: " + ", ".join(f"'{w}'" for w in words))
    for pattern, why in TO_WEIGH:
        m = re.search(pattern, text, re.IGNORECASE)
        if m:
            out.append(f"{place}: '{m.group(0)}': {why}")
    return out


def reviewer_prompts(doc: LocatedYaml) -> list[str]:
    """``FILE:LINE: key.path: prompt`` lines, in file order: every patient-facing
    text of a content or clinic file (speaker notes included)."""
    found: list[tuple[int, str]] = []
    for loc, text in strings(doc.data):
        if _SKIP.intersection(k for k in loc if isinstance(k, str)):
            continue
        line = doc.line(loc) or 0
        found += [(line, p) for p in text_prompts(f"{doc.path}:{line}: {dotted(loc)}", text)]
    return [text for _, text in sorted(found, key=lambda f: f[0])]


def catalogue_prompts(path) -> list[str]:
    """``FILE:LINE: msgctxt: prompt`` lines for the wording a catalogue (a
    ``.po`` file) prints or has read aloud: headings, checklist questions,
    deck notes. Messages a patient never reads (``typeset.*``) are left out."""
    from babel.messages.pofile import read_po

    with open(path, "rb") as fh:
        po = read_po(fh)
    out = []
    for msg in po:
        if not msg.id or not msg.context or msg.context.startswith("typeset."):
            continue
        forms = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
        text = " ".join(f for f in forms if f) or " ".join(ids)
        out += text_prompts(f"{path}:{msg.lineno}: {msg.context}", text)
    return out
