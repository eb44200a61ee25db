"""``handouts init``: a clinic's project, made from the bundled demo."""
from __future__ import annotations

import re
from pathlib import Path

from .config import CONFIG_NAME
from .upstream import RECORD, UPSTREAM, bundled_editions, record_text

CONFIG = '''\
# The handouts project of {name}.
# Every handouts command run in this folder (or a folder below it) uses the
# files named here. Paths are relative to this file and stay in this folder.

# The languages to build, the main one first. Files in the other languages
# carry the language's code in their names (crps-handout-es.pdf).
languages = [{languages}]

brand = "brand/brand.yaml"     # name, logo, colours, contact details
sites = "sites.csv"            # one row per site; each gets its own folder in output
output = "out"                 # where `handouts build` writes
# layouts = "layouts"          # a folder of your own layouts (*.yaml), used
#                              # before the bundled ones of the same name
# Signed approvals (`handouts approve --sign KEY`): the reviewers' public
# keys, in ssh-keygen's allowed signers format, and whether only signed
# approvals count.
# allowed_signers = "allowed_signers"
# require_signatures = true

[content]                      # the edition of each language: the text patients read
{content}

[clinic]                       # the clinic's own safety information, with sources
{clinic}
'''

README = '''\
# Patient handouts: {name}

This folder is a handouts project. `handouts.toml` says which files it uses.
Run every command from this folder.

## What to edit, in this order

1. `brand/brand.yaml`: your clinic's name, tagline, colours, phone, address,
   email, website and the link in the QR code. Replace `brand/logo.png`
   (a placeholder) with your logo (PNG).
2. `sites.csv`: one row per site (its folder name, name, phone, address).
3. `brand/clinic-info.yaml` (and `brand/clinic-info.es.yaml` in Spanish):
   your own safety information (who may not have ketamine, side effects,
   when to call, before and during the infusion, cost), each statement with
   its source.
4. `content/ketamine-pain.yaml` (and `content/ketamine-pain.es.yaml`): the
   text of the handouts and decks, if your clinician wants changes.

After each change, run `handouts check`. It names the file, the line and
the problem of anything wrong, and the reading level of every section.

## Approval

Every page prints as a draft until a clinician approves the text:

    handouts approve --by "NAME, CREDENTIALS"
    handouts approve --by "NAME, CREDENTIALS" --clinic
    handouts approve --by "NAME, CREDENTIALS" --lang es
    handouts approve --by "NAME, CREDENTIALS" --lang es --clinic

The approval is written into the file it covers. Change a word and that
file is a draft again until it is approved again. A handout prints as
reviewed only when its edition and its language's clinic file are both
approved, and a clinic file is approved only with every safety section
written (approval, side effects, who should not have it, after the infusion,
when to call). To sign an approval with your SSH key, add
`--sign ~/.ssh/id_ed25519` and list the reviewers' public keys in
`allowed_signers` (see the handouts documentation, project.md).

## Building and printing

    handouts build

writes every handout and deck into `out/`, one folder per site, and lists
every file and its review state in `out/manifest.json`.

## Upgrades

`upstream/` holds a copy of the edition this project started from. Do not
edit it: handouts never prints from it. After an upgrade, `handouts check`
says which sections of the new release's edition changed, and
`handouts upstream` shows the old and new text side by side, so the
reviewer can carry changes into `content/` by hand. `handouts upstream
--accept` then records that you have seen them. Nothing here changes by
itself.
'''


class ProjectExists(Exception):
    """Files ``init`` would write exist already."""

    def __init__(self, existing: list[Path]):
        self.existing = existing
        super().__init__(", ".join(map(str, existing)))


def _brand_copy(text: str) -> str:
    """The bundled brand, its clinic files named by handouts.toml instead."""
    return re.sub(r"(?m)^(\s*)clinic_info:.*$",
                  r"\1# clinic_info: named in handouts.toml ([clinic])", text)


def _site_row(brand_text: str) -> bytes:
    """sites.csv with one row: the brand's own name and contact details."""
    import csv
    import io

    import yaml

    data = yaml.safe_load(brand_text)
    contact = data.get("contact", {})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["site", "name", "phone", "address", "email", "website", "logo"])
    writer.writerow(["main", data["clinic"]["name"], contact.get("phone", ""),
                     contact.get("address", ""), contact.get("email", ""),
                     contact.get("website", ""), ""])
    return out.getvalue().encode("utf-8")


def project_files(name: str) -> dict[str, bytes]:
    """Relative path -> bytes of every file a new project holds."""
    from ..paths import bundled

    brand_dir = bundled("assets") / "brand"
    editions = bundled_editions()
    brand_text = (brand_dir / "brand.yaml").read_text(encoding="utf-8")
    languages = list(editions)
    files = {
        CONFIG_NAME: CONFIG.format(
            name=name, languages=", ".join(f'"{lang}"' for lang in languages),
            content="\n".join(f'{lang} = "content/{p.name}"' for lang, p in editions.items()),
            clinic="\n".join(f'{lang} = "brand/{_clinic_name(lang, languages[0])}"'
                             for lang in languages)),
        "README.md": README.format(name=name),
        "brand/brand.yaml": _brand_copy(brand_text),
        "brand/logo.png": (brand_dir / "logo.png").read_bytes(),
        "sites.csv": _site_row(brand_text),
    }
    files = {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in files.items()}
    for lang in languages:
        clinic = _clinic_name(lang, languages[0])
        files[f"brand/{clinic}"] = (brand_dir / clinic).read_bytes()
    for path in editions.values():
        files[f"content/{path.name}"] = path.read_bytes()
        files[f"{UPSTREAM}/{path.name}"] = path.read_bytes()
    files[f"{UPSTREAM}/{RECORD}"] = record_text(editions).encode("utf-8")
    return files


def _clinic_name(lang: str, main: str) -> str:
    return "clinic-info.yaml" if lang == main else f"clinic-info.{lang}.yaml"


def init_project(folder: Path) -> list[Path]:
    """Make a project in ``folder`` (made if missing); returns the files
    written. Raises :class:`ProjectExists` naming every file that exists
    already, before writing anything."""
    from ..assemble.output import write_atomic

    folder = Path(folder)
    name = folder.resolve().name or "your clinic"
    files = project_files(name)
    existing = [folder / rel for rel in files if (folder / rel).exists()
                or (folder / rel).is_symlink()]
    # A folder of the project's that is a file, or a link (which would take
    # the files out of the project), is in the way too.
    subfolders = {parent for rel in files for parent in Path(rel).parents if str(parent) != "."}
    existing += [folder / sub for sub in sorted(subfolders, key=str)
                 if (folder / sub).is_symlink()
                 or ((folder / sub).exists() and not (folder / sub).is_dir())]
    if existing:
        raise ProjectExists(existing)
    written: list[Path] = []
    made: list[Path] = []
    try:
        for rel, data in files.items():
            path = folder / rel
            for parent in reversed([folder / p for p in Path(rel).parents if str(p) != "."]
                                   + [folder]):
                if not parent.exists():
                    parent.mkdir()
                    made.append(parent)
            written.append(write_atomic(path, data, durable=False))
    except BaseException:
        # All or nothing: a project half made would be refused by the next `init`.
        for path in reversed(written):
            path.unlink(missing_ok=True)
        for parent in reversed(made):
            try:
                parent.rmdir()
            except OSError:
                pass
        raise
    return written

