"""Import a plain-text article into a content file.

The article's shape: the first line is the title; a short line with no
closing punctuation is a heading; a heading containing "Conclusion" starts
the conclusion; a "Frequently Asked Questions" heading starts the FAQ, where
"1. ...?" lines are questions and the lines after them the answer. All other
headings start a condition. Text is kept verbatim; key points are left empty
for a person to write.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InvalidInput, Problem

MAX_HEADING_WORDS = 12
_QUESTION = re.compile(r"^\s*(\d+)[.)]\s+(.+\?)\s*$")
_CLOSING = tuple('.?!:;,"\'”’')

# Canonical slugs for the conditions this project knows, with the words in a
# heading that identify them and the aliases people type for them.
KNOWN_CONDITIONS: tuple[tuple[str, tuple[str, ...], str, tuple[str, ...]], ...] = (
    ("neuropathic-pain", ("neuropathic", "neuropathy", "nerve pain"), "Nerve pain",
     ("neuropathy", "neuropathic", "nerve-pain")),
    ("fibromyalgia", ("fibromyalgia",), "Fibromyalgia", ("fibro",)),
    ("crps", ("complex regional", "crps"), "CRPS", ("complex-regional-pain-syndrome",)),
    ("migraine", ("migraine", "headache"), "Migraine", ("migraines", "headache", "headaches")),
    ("cancer-pain", ("cancer",), "Cancer pain", ("cancer", "palliative-care")),
    ("post-surgical-pain", ("post-surgical", "phantom"), "Post-surgical pain",
     ("post-surgical", "phantom-limb", "phantom-limb-pain")),
    ("low-back-pain", ("back pain", "sciatica"), "Back pain and sciatica",
     ("sciatica", "back-pain", "lower-back-pain")),
    ("pelvic-pain", ("pelvic", "interstitial cystitis"), "Pelvic pain",
     ("interstitial-cystitis", "pelvic")),
)


def slugify(text: str) -> str:
    """Lower-case ASCII words of ``text`` joined by '-' (``''`` if none)."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.*?)[\s#]*$")


def _unmark(line: str) -> tuple[str, bool]:
    """A line without its Markdown heading marks (``## Title``), and whether
    it had them."""
    m = _MARKDOWN_HEADING.match(line)
    return (m.group(1).strip(), True) if m else (line, False)


def is_heading(line: str) -> bool:
    """A short line with no closing punctuation."""
    s = line.strip()
    return bool(s) and len(s.split()) <= MAX_HEADING_WORDS and not s.endswith(_CLOSING)


@dataclass
class _Section:
    heading: str
    line: int
    paragraphs: list[str] = field(default_factory=list)


def _identify(heading: str, used: set[str]) -> tuple[str, str, list[str]]:
    low = heading.lower()
    for slug, words, short, aliases in KNOWN_CONDITIONS:
        if slug not in used and any(w in low for w in words):
            return slug, short, list(aliases)
    slug = slugify(heading) or "condition"
    base, n = slug, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    return slug, heading, []


def parse_article(text: str, source: str, edition: dt.date,
                  warnings: list[str] | None = None) -> dict:
    """Return the content-file mapping for ``text`` (plain text, or Markdown
    with ``#`` headings).

    ``source`` names the article (shown in metadata and in error messages).
    Raises :class:`InvalidInput` with the line of each structural problem: no
    title, no condition sections, a heading with no text under it, no FAQ, a
    question with no answer. Things a person should check (fewer than the
    eight known conditions, a line that looks like a heading but ends with a
    full stop) are appended to ``warnings``.
    """
    lines = [(i + 1, *_unmark(ln.strip())) for i, ln in enumerate(text.splitlines())
             if ln.strip()]
    warnings = warnings if warnings is not None else []
    problems: list[Problem] = []

    def problem(line: int | None, msg: str) -> None:
        problems.append(Problem(source, line, "", msg))

    if not lines:
        raise InvalidInput([Problem(source, None, "", "the article is empty")])
    title_line, title, marked = lines[0]
    if not (marked or is_heading(title)):
        problem(title_line, "the first line must be the title (a short line with no closing punctuation)")
    intro: list[str] = []
    sections: list[_Section] = []
    conclusion: _Section | None = None
    faq_section: _Section | None = None
    faq: list[dict] = []
    current: list[str] = intro
    for lineno, line, marked in lines[1:]:
        if faq_section is not None:
            m = _QUESTION.match(line)
            if m or (marked and line.endswith("?")):
                question = m.group(2).strip() if m else line
                faq.append({"question": question, "answer": [], "line": lineno})
            elif faq:
                faq[-1]["answer"].append(line)
            else:
                problem(lineno, "text in the FAQ before its first numbered question ('1. ...?')")
            continue
        if marked or is_heading(line):
            section = _Section(line, lineno)
            if "frequently asked questions" in line.lower():
                faq_section = section
            elif "conclusion" in line.lower():
                conclusion = section
            else:
                sections.append(section)
            current = section.paragraphs
            continue
        if len(line.split()) <= MAX_HEADING_WORDS and line.endswith(".") and _known(line):
            warnings.append(f"{source}:{lineno}: '{line}' looks like a heading but ends with "
                            "a full stop, so it was read as a paragraph; remove the full stop "
                            "if it starts a section")
        current.append(line)

    if not intro:
        problem(title_line, "no introduction: expected paragraphs between the title and the first heading")
    for s in [*sections, *([conclusion] if conclusion else [])]:
        if not s.paragraphs:
            problem(s.line, f"heading '{s.heading}' has no text under it")
    if not sections:
        problem(None, "no condition sections found (headings: short lines with no closing punctuation)")
    if conclusion is None:
        problem(None, "no conclusion: expected a heading containing 'Conclusion'")
    if faq_section is None:
        problem(None, "no FAQ: expected a 'Frequently Asked Questions' heading")
    elif not faq:
        problem(faq_section.line, "the FAQ has no numbered questions ('1. ...?')")
    for q in faq:
        if not q["answer"]:
            problem(q["line"], f"question '{q['question']}' has no answer")
    if problems:
        raise InvalidInput(problems)

    used: set[str] = set()
    conditions = []
    for s in sections:
        slug, short, aliases = _identify(s.heading, used)
        used.add(slug)
        conditions.append({
            "slug": slug,
            "title": s.heading,
            "short_title": short,
            "aliases": aliases,
            "body": s.paragraphs,
            "key_points": [],
        })
    missing = [slug for slug, *_ in KNOWN_CONDITIONS if slug not in used]
    if missing:
        warnings.append(f"{source}: found {len(KNOWN_CONDITIONS) - len(missing)} of the "
                        f"{len(KNOWN_CONDITIONS)} known conditions; missing: {', '.join(missing)}")
    half = (len(intro) + 1) // 2
    return {
        "meta": {
            "title": title,
            "source": source,
            "edition": edition.isoformat(),
            "review": {"status": "draft"},
        },
        "introduction": {"what_it_is": intro[:half], "how_it_works": intro[half:]},
        "conditions": conditions,
        "conclusion": {"title": conclusion.heading, "body": conclusion.paragraphs},
        "faq": [{"question": q["question"], "answer": " ".join(q["answer"])} for q in faq],
    }


def _known(line: str) -> str | None:
    """The slug of the known condition a line names, if any."""
    low = line.lower()
    return next((slug for slug, words, *_ in KNOWN_CONDITIONS if any(w in low for w in words)),
                None)


def import_article(path: Path, edition: dt.date) -> tuple[str, list[str]]:
    """Read the article at ``path``; return the content file as YAML text,
    and warnings for a person to check."""
    import yaml

    from .files import read_text

    warnings: list[str] = []
    data = parse_article(read_text(path, "article"), str(path), edition, warnings)
    header = (f"# Imported from {path.name}. Text is verbatim: edit it into plain\n"
              "# language and write 3 to 5 key points per condition; then a clinician\n"
              "# approves it with `handouts approve --by \"NAME, CREDENTIALS\"`.\n")
    class Dumper(yaml.SafeDumper):
        """Long text as folded block scalars (``>-``), as the bundled edition
        writes it: easy to edit, and kept line for line by `handouts approve`."""

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = ">" if len(value) > 60 and value.isprintable() else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    body = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=80)
    _check_imported(path, header + body)
    return header + body, warnings


def _check_imported(article: Path, text: str) -> None:
    """Raise :class:`InvalidInput`, placed in ``article``, when the content
    file made from it would not be valid (a paragraph past its limit, say):
    import writes nothing that every other command would refuse. Problems
    that only a person can fix in the new file (key points to write) are
    warnings of :func:`parse_article`, not refusals."""
    import tempfile

    from ..errors import InvalidInput, Problem
    from .content import load_content

    with tempfile.TemporaryDirectory() as folder:
        made = Path(folder) / "content.yaml"
        made.write_text(text, encoding="utf-8")
        try:
            load_content(made)
        except InvalidInput as exc:
            raise InvalidInput([Problem(str(article), None, p.key,
                                        f"{p.message} (in the content file it would make)")
                                for p in exc.problems]) from None
