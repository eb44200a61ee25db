"""The staff page: ``index.html`` at the top of a build folder, for the front
desk to find, open and print a handout without a terminal.

One page per language of the build (``index.html`` in the first,
``index-es.html`` ...), its own words from the catalogues. It works opened
straight from a shared folder (``file://``): no server, no network. Without
JavaScript it lists every handout; with it, a search box (a condition or any
other name for it, in either language, accents optional) and filters by
language, print size and paper narrow the list as one types.
"""
from __future__ import annotations

import html
import json
import unicodedata
from dataclasses import dataclass

from .wording import say, speaking


@dataclass(frozen=True)
class Row:
    """One printable handout (a PDF) of the build, and what goes with it."""

    site: str
    condition: str | None  # None: the booklet of the whole edition
    language: str  # BCP 47, e.g. es-US
    layout: str
    paper: str
    review: str
    pdf: str  # path relative to the build folder
    web: str | None = None
    deck: str | None = None


# The manifest's kinds the page lists: a condition's handout, its one-sheet
# summary, the booklet of the whole edition.
PRINTED = ("handout", "summary", "booklet")
# How each layout the build makes is named on the page (any other: standard).
SIZES = {"standard": "staff.standard", "large-print": "staff.large",
         "summary": "staff.summary"}


def fold(text: str) -> str:
    """``text`` for matching: lower case, accents and hyphens dropped."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().replace("-", " ").replace("_", " ").split())


def rows_from_manifest(files: list[dict]) -> list[Row]:
    """The PDFs of a manifest's ``files``, each with the web page and deck of
    the same site, condition and language, in the manifest's order."""
    def key(entry: dict) -> tuple:
        return entry["site"], entry.get("condition"), entry["language"]

    webs = {key(e): e["path"] for e in files if e["kind"] == "web"}
    decks = {key(e): e["path"] for e in files if e["kind"] == "deck"}
    return [Row(e["site"], e.get("condition"), e["language"], e["layout"], e.get("paper") or "",
                e["review"], e["path"], webs.get(key(e)), decks.get(key(e)))
            for e in files if e["kind"] in PRINTED]


def _names(editions: dict, condition: str | None) -> dict[str, str]:
    """Language -> the title a handout prints; and the folded search text
    (every title, short title, slug and alias, in every language)."""
    titles, words = {}, []
    for lang, content in editions.items():
        if condition is None:
            titles[lang] = content.meta.title
            words += [content.meta.title, "overview"]
            continue
        cond = content.condition(condition)
        titles[lang] = cond.title
        words += [cond.title, cond.short_title or "", cond.slug, *cond.aliases]
    titles["_search"] = fold(" ".join(words))
    return titles


def _paper(paper: str) -> str:
    return say(f"staff.paper.{paper}") if paper in ("letter", "a4") else paper


def _state(review: str) -> str:
    return say(f"staff.state.{review}")


def _row(row: Row, names: dict[str, str], page_lang: str, languages: dict[str, str]) -> str:
    lang = row.language.split("-")[0]
    title = names.get(lang) or names.get(next(iter(names)))
    lang_attr = f' lang="{html.escape(row.language)}"' if lang != page_lang else ""
    size = say(SIZES.get(row.layout, "staff.standard"))
    what = f"{title}, {size.lower()}, {languages.get(lang, lang)}"
    hidden = f'<span class="vh">: {html.escape(what)}</span>'
    links = [f'<a href="{html.escape(row.pdf)}">{html.escape(say("staff.pdf"))}{hidden}</a>']
    if row.web:
        links.append(f'<a href="{html.escape(row.web)}">{html.escape(say("staff.web"))}'
                     f'{hidden}</a>')
    if row.deck:
        links.append(f'<a href="{html.escape(row.deck)}">{html.escape(say("staff.deck"))}'
                     f'{hidden}</a>')
    state_class = "ok" if row.review == "approved" else "warn"
    return (f'<li class="entry" data-names="{html.escape(names["_search"])}" '
            f'data-condition="{html.escape(row.condition or "overview")}" '
            f'data-lang="{html.escape(lang)}" data-layout="{html.escape(row.layout)}" '
            f'data-paper="{html.escape(row.paper)}">\n'
            f'<p class="title"{lang_attr}>{html.escape(title)}</p>\n'
            f'<p class="meta">{html.escape(size)} · {html.escape(_paper(row.paper))} · '
            f'{html.escape(languages.get(lang, lang))} · '
            f'<span class="state {state_class}">{html.escape(_state(row.review))}</span></p>\n'
            f'<p class="links">{" ".join(links)}</p>\n</li>')


def _choices(name: str, legend: str, options: list[tuple[str, str]]) -> str:
    items = [f'<label><input type="radio" name="{name}" value="" checked> '
             f'{html.escape(say("staff.all"))}</label>']
    items += [f'<label><input type="radio" name="{name}" value="{html.escape(value)}"> '
              f'{html.escape(label)}</label>' for value, label in options]
    return (f'<fieldset><legend>{html.escape(legend)}</legend>\n' + "\n".join(items)
            + "\n</fieldset>")


def render_staff_page(rows: list[Row], editions: dict, site_names: dict[str, str],
                      clinic: str, language: str, other_pages: dict[str, str],
                      colors) -> bytes:
    """The staff page in ``language`` (a BCP 47 tag) over ``rows``.

    ``editions``: language code -> Content (titles and aliases);
    ``site_names``: site folder -> its name; ``other_pages``: language code
    -> file name of the same page in that language; ``colors``: the brand's.
    """
    page_lang = language.split("-")[0]
    first = next(iter(editions.values()))
    order = {slug: i for i, slug in enumerate(first.slugs)}
    sites_order = {site: i for i, site in enumerate(dict.fromkeys(r.site for r in rows))}
    langs = list(editions)
    rows = sorted(rows, key=lambda r: (
        sites_order[r.site], order.get(r.condition, len(order)),
        langs.index(r.language.split("-")[0]) if r.language.split("-")[0] in langs else 99,
        r.layout != "standard", r.layout, r.paper))
    languages = {}
    for lang in editions:
        with speaking(lang):
            languages[lang] = say("staff.language_name")
    with speaking(language):
        names = {cond: _names(editions, cond) for cond in dict.fromkeys(r.condition for r in rows)}
        papers = sorted({r.paper for r in rows})
        filters = [_choices("lang", say("staff.language"), list(languages.items()))] \
            if len(languages) > 1 else []
        layouts = {r.layout for r in rows}
        filters.append(_choices("layout", say("staff.size"),
                                [(name, say(key)) for name, key in SIZES.items()
                                 if name in layouts or name != "summary"]))
        if len(papers) > 1:
            filters.append(_choices("paper", say("staff.paper"), [(p, _paper(p)) for p in papers]))
        sites = []
        for site in dict.fromkeys(r.site for r in rows):
            items = "\n".join(_row(r, names[r.condition], page_lang, languages)
                              for r in rows if r.site == site)
            sites.append(f'<section class="site">\n<h2>{html.escape(site_names.get(site, site))}'
                         f'</h2>\n<ul class="entries">\n{items}\n</ul>\n</section>')
        switch = ""
        for lang, file in other_pages.items():
            with speaking(lang):
                switch += (f'<p class="switch"><a href="{html.escape(file)}" lang="{lang}" '
                           f'hreflang="{lang}">{html.escape(say("staff.this_page"))}</a></p>\n')
        words = {"shown": say("staff.shown", n="{n}", total="{total}"), "none": say("staff.none")}
        body = (
            f'<header>\n{switch}<h1>{html.escape(say("staff.title"))}</h1>\n'
            f'<p>{html.escape(say("staff.intro", clinic=clinic))}</p>\n</header>\n<main>\n'
            f'<form id="find" role="search" hidden>\n'
            f'<p><label for="q">{html.escape(say("staff.find"))}</label>\n'
            f'<input id="q" name="q" type="search" spellcheck="false"></p>\n'
            + "\n".join(filters) +
            f'\n</form>\n<p id="count" role="status" aria-live="polite"></p>\n'
            f'<p id="none" hidden>{html.escape(words["none"])}</p>\n'
            + "\n".join(sites) + "\n</main>\n")
        title = f'{say("staff.title")}: {clinic}'
    page = (f'<!doctype html>\n<html lang="{html.escape(language)}">\n<head>\n'
            f'<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{html.escape(title)}</title>\n<style>\n{_css(colors)}</style>\n</head>\n'
            f'<body>\n{body}<script type="application/json" id="words">'
            f'{_json(words)}</script>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n')
    return page.encode("utf-8")


def _json(data: dict) -> str:
    """JSON safe inside a script element."""
    return json.dumps(data, ensure_ascii=True, sort_keys=True).replace("</", "<\\/")


def _css(colors) -> str:
    return f"""\
html {{ font-family: "Atkinson Hyperlegible", Verdana, Arial, sans-serif; font-size: 112.5%;
  line-height: 1.5; color: {colors.text}; background: {colors.background}; }}
body {{ margin: 0 auto; padding: 1rem; max-width: 48rem; overflow-wrap: anywhere; }}
h1, h2 {{ color: {colors.primary}; line-height: 1.25; }}
a {{ color: {colors.primary}; }}
a:focus, input:focus {{ outline: 3px solid {colors.text}; outline-offset: 2px; }}
form {{ margin: 1rem 0; }}
input[type=search] {{ font: inherit; width: 100%; box-sizing: border-box; padding: .4rem;
  border: 2px solid {colors.text}; }}
fieldset {{ border: 1px solid {colors.text}; margin: .75rem 0; }}
fieldset label {{ display: inline-block; margin-right: 1rem; }}
input[type=radio] {{ width: 1.25rem; height: 1.25rem; vertical-align: middle; }}
ul.entries {{ list-style: none; padding: 0; }}
li.entry {{ border-top: 1px solid {colors.text}; padding: .5rem 0; }}
li.entry p {{ margin: .2rem 0; }}
.title {{ font-weight: bold; }}
.state.warn {{ font-weight: bold; }}
.state.warn::before {{ content: "\\26A0\\FE0E  "; }}
.links a {{ display: inline-block; margin-right: 1rem; padding: .2rem 0; }}
.vh {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }}
[hidden] {{ display: none !important; }}
"""


SCRIPT = """\
(function () {
  var form = document.getElementById("find");
  var words = JSON.parse(document.getElementById("words").textContent);
  var count = document.getElementById("count");
  var none = document.getElementById("none");
  var items = Array.prototype.slice.call(document.querySelectorAll("li.entry"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.site"));
  function fold(s) {
    return s.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase()
      .replace(/[-_]/g, " ");
  }
  function chosen(name) {
    var c = form.querySelector("input[name=" + name + "]:checked");
    return c ? c.value : "";
  }
  function update() {
    var query = fold(document.getElementById("q").value).split(/\\s+/).filter(Boolean);
    var lang = chosen("lang"), layout = chosen("layout"), paper = chosen("paper"), n = 0;
    items.forEach(function (li) {
      var names = li.getAttribute("data-names");
      var show = query.every(function (w) { return names.indexOf(w) >= 0; }) &&
        (!lang || li.getAttribute("data-lang") === lang) &&
        (!layout || li.getAttribute("data-layout") === layout) &&
        (!paper || li.getAttribute("data-paper") === paper);
      li.hidden = !show;
      if (show) { n += 1; }
    });
    sections.forEach(function (s) { s.hidden = !s.querySelector("li.entry:not([hidden])"); });
    count.textContent = words.shown.replace("{n}", n).replace("{total}", items.length);
    none.hidden = n > 0;
  }
  form.hidden = false;
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  update();
})();
"""
