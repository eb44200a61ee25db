"""Content and clinic files with every bounded field at its limit
(handouts/inputs/limits.py), in long words, each text different (so no
memo of a renderer sees the same paragraph twice)."""
from __future__ import annotations

import itertools
from pathlib import Path

import yaml

from handouts.inputs import limits as L
from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT

WORDS = ("hyperalgesia", "neuropathic", "ketamine", "infusion", "dissociative", "a", "on",
         "anesthetic", "fibromyalgia", "sensitization", "interstitial", "receptors", "de",
         "intravenosa", "tratamiento")
_counter = itertools.count()


def text(n: int, end: str = ".") -> str:
    """Text of exactly ``n`` characters (ending in ``end``), words rotated so
    no two calls give the same text."""
    start = next(_counter)
    out: list[str] = []
    i = start
    while len(" ".join(out)) < n:
        out.append(WORDS[i % len(WORDS)])
        i += 1
    body = " ".join(out)[: n - len(end)].rstrip()
    return (body + "x" * (n - len(end) - len(body)) + end)[:n]


def worst(language: str = "en", slugs: tuple[str, ...] = ("crps",)) -> tuple[dict, dict]:
    """(content, clinic) in ``language`` with the conditions ``slugs`` (all:
    every condition) and everything else at its limits."""
    suffix = "" if language == "en" else f".{language}"
    content = yaml.safe_load(DEFAULT_CONTENT.with_name(f"ketamine-pain{suffix}.yaml")
                             .read_text(encoding="utf-8"))
    clinic = yaml.safe_load((DEFAULT_BRAND.parent / f"clinic-info{suffix}.yaml")
                            .read_text(encoding="utf-8"))
    meta = content["meta"]
    meta["title"], meta["subtitle"] = text(L.TITLE, ""), text(L.SUBTITLE, "")
    intro = content["introduction"]
    intro["keep_in_mind"] = [text(L.KEEP_IN_MIND) for _ in range(L.CAUTIONS)]
    intro["what_it_is"] = [text(L.PARAGRAPH) for _ in range(L.PARAGRAPHS)]
    intro["how_it_works"] = [text(L.PARAGRAPH) for _ in range(L.PARAGRAPHS)]
    for cond in content["conditions"]:
        if cond["slug"] in slugs or slugs == ("*",):
            cond["title"], cond["short_title"] = text(L.TITLE, ""), text(L.SHORT_TITLE, "")
            cond["main_message"] = text(L.MAIN_MESSAGE)
            cond["body"] = [text(L.PARAGRAPH) for _ in range(L.PARAGRAPHS)]
            cond["speaker_notes"] = text(L.NOTES)
    content["faq"] = [{"question": text(L.QUESTION, "?"), "answer": text(L.ANSWER)}
                      for _ in range(L.FAQ_ENTRIES)]
    clinic["clinic"] = text(L.NAME, "")
    source = next(iter(clinic["sources"]))
    for slot in ("approval", "side_effects", "who_should_not", "before", "during", "after",
                 "when_to_call", "cost"):
        clinic["sections"][slot] = [{"text": text(L.STATEMENT), "source": source}
                                    for _ in range(L.STATEMENTS)]
    return content, clinic


def write(folder: Path, content: dict, clinic: dict) -> tuple[Path, Path]:
    c, k = folder / "content.yaml", folder / "clinic.yaml"
    c.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    k.write_text(yaml.safe_dump(clinic, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return c, k
