"""Which files a command reads: those given on the command line, else the
project's (``handouts.toml``), else the bundled demo, read-only."""
from __future__ import annotations

import functools
from pathlib import Path

import click

from .config import CONFIG_NAME, Project, find_config, load_project

BUNDLED_NOTE = ("note: no {config} here or in a folder above: using the bundled demo, "
                "read-only (`handouts init` makes a project with your own copy)")


class NoSuchProject(click.UsageError):
    """``--project DIR`` names a folder with no ``handouts.toml`` (exit 2)."""


def _use_layouts(folder: Path | None) -> None:
    """Search the project's layouts ``folder`` first (``None``: the bundled
    alone, as a command outside a project needs after one inside, in one
    process)."""
    import sys

    if folder is not None or "handouts.inputs.layouts" in sys.modules:
        from ..inputs.layouts import use_project_folder

        use_project_folder(folder)


class Where:
    """The project a command runs in, found once, on first use: the one
    ``--project`` names, else the nearest ``handouts.toml`` at or above the
    current folder; ``None`` outside any project."""

    def __init__(self, explicit: Path | None = None, start: Path | None = None):
        self.explicit = explicit
        self.start = start
        self._noted = False

    @functools.cached_property
    def project(self) -> Project | None:
        if self.explicit is not None:
            config = Path(self.explicit) / CONFIG_NAME
            if not config.is_file():
                raise NoSuchProject(f"--project {self.explicit}: no {CONFIG_NAME} there; "
                                    "`handouts init DIR` makes a project")
        else:
            config = find_config(self.start or Path.cwd())
            if config is None:
                _use_layouts(None)
                return None
        project = load_project(config)
        _use_layouts(project.layouts)
        return project

    def bundled(self) -> None:
        """Say, once, to a person at a terminal, that the bundled demo is in
        use (a script's standard error keeps to errors; `check` says it in
        its report either way)."""
        import sys

        if not self._noted and sys.stderr.isatty():
            self._noted = True
            click.echo(BUNDLED_NOTE.format(config=CONFIG_NAME), err=True)

    def content(self, explicit: Path | None, lang: str | None) -> Path:
        """The content file of ``lang`` (``None``: the main language)."""
        from ..inputs.editions import UnknownLanguage, content_for
        from ..inputs.values import primary_language

        if explicit is not None:
            return content_for(explicit, lang)
        project = self.project
        if project is None:
            from ..paths import bundled

            self.bundled()
            return content_for(bundled("assets") / "content" / "ketamine-pain.yaml", lang)
        want = primary_language(lang) if lang else project.main_language
        if want not in project.content:
            raise UnknownLanguage(f"the project has no edition in '{lang}'; its languages: "
                                  f"{', '.join(project.languages)} ({project.config})")
        return project.content[want]

    def brand(self, explicit: Path | None) -> Path:
        if explicit is not None:
            return explicit
        if self.project is None:
            from ..paths import bundled

            self.bundled()
            return bundled("assets") / "brand" / "brand.yaml"
        return self.project.brand

    def clinic(self, explicit: Path | None, lang: str | None) -> Path | None:
        """The clinic file for ``lang`` (``None``: the main language), or
        ``None``: the one the brand names."""
        from ..inputs.values import primary_language

        if explicit is not None or self.project is None:
            return explicit
        return self.project.clinic.get(primary_language(lang) if lang
                                       else self.project.main_language)

    def languages(self, explicit: Path | None, wanted: str | None) -> list[tuple[str, Path]]:
        """(language, content file) for each language a build makes, the
        main language first."""
        from ..inputs.editions import UnknownLanguage, languages_for
        from ..inputs.values import primary_language

        if explicit is not None or self.project is None:
            return languages_for(self.content(explicit, None), wanted)
        project = self.project
        if not wanted:
            return [(lang, project.content[lang]) for lang in project.languages]
        out = []
        for lang in dict.fromkeys(primary_language(w) for w in wanted.split(",") if w.strip()):
            if lang not in project.content:
                raise UnknownLanguage(f"the project has no edition in '{lang}'; its languages: "
                                      f"{', '.join(project.languages)}")
            out.append((lang, project.content[lang]))
        if not out:
            raise UnknownLanguage(f"--lang names no language; available: "
                                  f"{', '.join(project.languages)}")
        return out

    def main_language(self, content_path: Path) -> str:
        """The first language: the project's, else that of the base edition
        ``content_path`` belongs to."""
        from ..inputs.editions import editions

        if self.project is not None:
            return self.project.main_language
        found = editions(content_path)
        return next(iter(found), "en")

    def sites(self, explicit: Path | None) -> Path | None:
        if explicit is not None or self.project is None:
            return explicit
        return self.project.sites

    def output(self, explicit: Path | None, default: Path) -> Path:
        if explicit is not None:
            return explicit
        return self.project.output if self.project is not None else default


def approvable(where: Where, explicit: Path | None, lang: str | None, clinic: bool) -> Path:
    """The file ``approve`` may write: the project's edition (or clinic
    file) of ``lang``, or ``explicit``; refused (exit 1) unless it lies in a
    project's folder, and always when it is part of the installed tool."""
    from ..errors import HandoutsError
    from ..inputs.editions import content_for
    from ..paths import is_bundled

    init = "run `handouts init DIR` to make a project with your own copy, and approve there"
    if explicit is None:
        project = where.project
        if project is None:
            raise HandoutsError(f"approve writes only into a project's files, and there is no "
                                f"{CONFIG_NAME} here or in a folder above; the bundled demo "
                                f"is read-only: {init}")
        path = where.clinic(None, lang) if clinic else where.content(None, lang)
        if path is None:
            raise HandoutsError(f"{project.config}: names no clinic file for "
                                f"'{lang or project.main_language}' (add it to [clinic])")
    else:
        path = explicit if clinic else content_for(explicit, lang)
    if is_bundled(path):
        raise HandoutsError(f"{path}: part of the installed handouts, which is read-only "
                            f"(an upgrade would replace it): {init}")
    if find_config(Path(path).resolve().parent) is None:
        raise HandoutsError(f"{path}: not in a project (no {CONFIG_NAME} in its folder or "
                            f"above); approve writes only into a project's files: {init}")
    return path


def language_problems(project: Project) -> list:
    """A :class:`Problem` for each content or clinic file the project names
    for a language it is not written in (``[content] es`` naming the English
    edition): its files would be named, and its clinic file paired, as that
    language. Files that cannot be read are left to loading them to report."""
    from ..errors import HandoutsError, Problem
    from ..inputs import yamlfile
    from ..inputs.values import primary_language

    problems = []
    for table, files, what in (("content", project.content, "content"),
                               ("clinic", project.clinic, "clinic")):
        for lang, path in files.items():
            try:
                located = yamlfile.load(path, what)
            except HandoutsError:
                continue
            data = located.data if isinstance(located.data, dict) else {}
            loc = ("meta", "language") if table == "content" else ("language",)
            node = data.get("meta") if table == "content" else data
            declared = node.get("language") if isinstance(node, dict) else None
            declared = declared if isinstance(declared, str) and declared.strip() else "en-US"
            if primary_language(declared) != lang:
                problems.append(Problem(
                    str(path), located.line(loc), ".".join(loc),
                    f"'{declared}', but {project.config.name} names this file for "
                    f"'{lang}' ([{table}] {lang} = ...); name the file written in '{lang}'"))
    return problems
