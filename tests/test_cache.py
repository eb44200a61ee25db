"""The renderers' cache on disk: a hit is the value a miss makes, and a
cache that is missing, broken or read-only changes nothing but time."""
import os
import pickle

import pytest

from conftest import render_pptx
from tools import fresh_python
from handouts.render import cache
from handouts.render.pptx import template
from handouts.render.pptx.layouts import LayoutInfo
from handouts.render.pptx.template import Deflated, Skeleton

CLASSES = (Skeleton, Deflated, LayoutInfo)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    template.skeleton.cache_clear()
    yield tmp_path / "cache"
    template.skeleton.cache_clear()


def framed(body: bytes) -> bytes:
    """An entry as the cache writes it: its mark, the hash of ``body``, ``body``."""
    import hashlib

    return cache.MAGIC + hashlib.sha256(body).digest() + body


def fonts_of(brand):
    return ((brand.font_family, brand.font_file("regular"), brand.font_file("bold")),)


def test_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    assert cache.folder() == tmp_path
    monkeypatch.setenv(cache.ENV, "")
    assert cache.folder() is None
    cache.store("thing", "k", 1)  # off: nothing written, no error
    assert cache.load("thing", "k", (int,)) is None
    monkeypatch.delenv(cache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder() == tmp_path / "xdg" / "handouts"


def test_key_changes_with_any_part_and_only_then():
    base = ["a", b"bc", 3]
    assert cache.key(base) == cache.key(list(base))
    assert len({cache.key(base), cache.key(["ab", b"c", 3]), cache.key(["a", b"bc", 4]),
                cache.key(["a", b"bc"]), cache.key(["a", b"bd", 3])}) == 5


def test_an_entry_reads_back_as_stored(folder):
    value = Deflated("a.xml", b"\x00\x01", 7, 2)
    cache.store("thing", "k1", value)
    assert cache.load("thing", "k1", (Deflated,)) == value
    assert cache.load("thing", "k2", (Deflated,)) is None  # another key
    assert cache.load("thing", "k1", (LayoutInfo, Deflated)) is None  # not the kind asked for
    assert not list(folder.glob(".*.part"))


def test_a_broken_or_foreign_entry_is_not_used(folder):
    folder.mkdir(mode=0o700)
    (folder / "thing-k.pickle").write_bytes(b"not a pickle")
    assert cache.load("thing", "k", (Deflated,)) is None
    # A pickle naming any class it was not asked for is refused before that
    # class is looked up (so nothing it names is imported or called).
    (folder / "thing-k.pickle").write_bytes(framed(pickle.dumps(os.system)))
    assert cache.load("thing", "k", (Deflated,)) is None
    (folder / "thing-k.pickle").write_bytes(framed(pickle.dumps(Deflated("a", b"", 0, 0))))
    assert cache.load("thing", "k", (Deflated,)) == Deflated("a", b"", 0, 0)
    # An entry without its hash, or with another one, is not read at all.
    (folder / "thing-k.pickle").write_bytes(pickle.dumps(Deflated("a", b"", 0, 0)))
    assert cache.load("thing", "k", (Deflated,)) is None


def test_a_folder_that_cannot_be_written_costs_nothing_else(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would be")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))
    cache.store("thing", "k", Deflated("a", b"", 0, 0))
    assert cache.load("thing", "k", (Deflated,)) is None


def test_only_the_newest_entries_of_a_kind_are_kept(folder):
    for i in range(cache.KEEP + 3):
        cache.store("thing", f"k{i}", Deflated("a", b"", i, 0))
        os.utime(folder / f"thing-k{i}.pickle", (1_000_000 + i, 1_000_000 + i))
    cache.store("other", "x", Deflated("b", b"", 0, 0))
    kept = sorted(p.name for p in folder.glob("thing-*.pickle"))
    assert len(kept) == cache.KEEP and "thing-k0.pickle" not in kept
    assert (folder / "other-x.pickle").exists()


def test_a_cached_skeleton_is_the_one_made_and_makes_the_same_deck(folder, content, brand):
    made = render_pptx(content, brand, content.condition("crps")).data
    entries = list(folder.glob("skeleton-*.pickle"))
    assert len(entries) == 1
    template.skeleton.cache_clear()
    fresh = template._make_skeleton(None, 12192000, 6858000, fonts_of(brand))
    assert template.skeleton(None, 12192000, 6858000, fonts_of(brand)) == fresh
    assert render_pptx(content, brand, content.condition("crps")).data == made
    # A broken entry is made again, to the same bytes.
    entries[0].write_bytes(b"broken")
    template.skeleton.cache_clear()
    assert render_pptx(content, brand, content.condition("crps")).data == made
    assert entries[0].read_bytes() != b"broken"


def test_skeleton_key_covers_its_inputs(brand, tmp_path):
    fonts = fonts_of(brand)
    key = template._skeleton_key(None, 12192000, 6858000, fonts)
    assert key == template._skeleton_key(None, 12192000, 6858000, fonts)
    other_font = tmp_path / "regular.ttf"
    other_font.write_bytes(fonts[0][1].read_bytes() + b"\0")
    changed = [
        template._skeleton_key(None, 9144000, 6858000, fonts),  # size
        template._skeleton_key(None, 12192000, 6858000, ()),  # no fonts
        template._skeleton_key(None, 12192000, 6858000, (("Other", *fonts[0][1:]),)),
        template._skeleton_key(None, 12192000, 6858000, ((fonts[0][0], other_font,
                                                          fonts[0][2]),)),
    ]
    assert len({key, *changed}) == 5


def test_skeleton_key_covers_the_template_and_the_code(brand, tmp_path, monkeypatch):
    import io

    from pptx import Presentation

    fonts = fonts_of(brand)
    path = tmp_path / "t.pptx"
    Presentation().save(path)
    with_template = template._skeleton_key(path, 12192000, 6858000, fonts)
    prs = Presentation(io.BytesIO(path.read_bytes()))
    prs.slide_width = 9144000
    prs.save(path)
    assert template._skeleton_key(path, 12192000, 6858000, fonts) != with_template
    before = template._skeleton_key(None, 12192000, 6858000, fonts)
    monkeypatch.setattr(template, "_MAKERS", template._MAKERS[:-1])  # less code hashed
    assert template._skeleton_key(None, 12192000, 6858000, fonts) != before


def test_a_deck_worker_with_a_cached_skeleton_does_not_import_python_pptx(folder):
    code = ("import sys; from handouts.assemble.jobs import DeckJob, Inputs, load_inputs;"
            "from handouts.inputs.target import WHOLE;"
            "from handouts.paths import DEFAULT_BRAND, DEFAULT_CONTENT;"
            "i = load_inputs(DEFAULT_CONTENT, DEFAULT_BRAND);"
            "DeckJob(WHOLE).render(Inputs(i.content, i.brand, i.review, i.clinic));"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pptx'}))")
    # With the leaf-modules speed-up: python-pptx's constants come without python-pptx.
    cold, warm = fresh_python(code, speedups="1"), fresh_python(code, speedups="1")
    assert (cold.strip(), warm.strip()) == ("['pptx']", "[]")


# An entry that cannot lie (issue 26): its hash is checked, and it is read only
# as a regular file of bounded size from a folder only this user can write.

def _made_deck(folder, content, brand):
    made = render_pptx(content, brand, content.condition("crps")).data
    (entry,) = folder.glob("skeleton-*.pickle")
    template.skeleton.cache_clear()
    return made, entry


def _zip_is_sound(data):
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.testzip() is None


def test_a_flipped_byte_in_an_entry_is_caught_and_the_entry_made_again(folder, content, brand):
    made, entry = _made_deck(folder, content, brand)
    data = bytearray(entry.read_bytes())
    # Flip a byte inside a compressed member's data (the pickle still loads).
    member = next(m for m in template.skeleton(None, 12192000, 6858000, fonts_of(brand)).members
                  if len(m.data) > 64)
    at = bytes(data).index(member.data) + 10
    data[at] ^= 0x01
    entry.write_bytes(bytes(data))
    template.skeleton.cache_clear()
    assert cache.load("skeleton", entry.name[len("skeleton-"):-len(".pickle")], CLASSES) is None
    again = render_pptx(content, brand, content.condition("crps")).data
    assert again == made and _zip_is_sound(again)
    assert entry.read_bytes() != bytes(data)  # made again


def test_an_entry_in_a_folder_others_can_write_is_not_trusted(folder, content, brand):
    made, entry = _made_deck(folder, content, brand)
    digest = entry.name[len("skeleton-"):-len(".pickle")]
    assert cache.load("skeleton", digest, CLASSES) is not None
    for mode in (0o777, 0o775, 0o757):
        os.chmod(folder, mode)
        assert cache.load("skeleton", digest, CLASSES) is None, oct(mode)
        cache.store("thing", "k", 1)  # nor written
        assert not (folder / "thing-k.pickle").exists()
    os.chmod(folder, 0o700)
    assert cache.load("skeleton", digest, CLASSES) is not None
    if os.geteuid() == 0:  # a folder owned by someone else
        os.chown(folder, 12345, 12345)
        assert cache.load("skeleton", digest, CLASSES) is None
        os.chown(folder, 0, 0)
    assert render_pptx(content, brand, content.condition("crps")).data == made


def test_a_new_cache_folder_is_private(folder):
    cache.store("thing", "k", 1)
    assert folder.stat().st_mode & 0o777 == 0o700
    assert cache.load("thing", "k", (int,)) == 1


def test_a_fifo_at_an_entry_does_not_hang(folder, content, brand):
    made, entry = _made_deck(folder, content, brand)
    entry.unlink()
    os.mkfifo(entry)
    code = ("from handouts.render import cache; from handouts.render.pptx.template import "
            "Skeleton, Deflated; from handouts.render.pptx.layouts import LayoutInfo;"
            f"print(cache.load('skeleton', {entry.name[9:-7]!r}, "
            "(Skeleton, Deflated, LayoutInfo)))")
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=20, env={**os.environ, cache.ENV: str(folder)})
    assert out.stdout.strip() == "None", out.stderr
    # A deck made over it is the same deck (and the FIFO is replaced by an entry).
    template.skeleton.cache_clear()
    assert render_pptx(content, brand, content.condition("crps")).data == made


def test_an_entry_linked_to_a_device_or_too_big_is_not_read(folder, content, brand, monkeypatch):
    made, entry = _made_deck(folder, content, brand)
    digest = entry.name[len("skeleton-"):-len(".pickle")]
    data = entry.read_bytes()
    entry.unlink()
    entry.symlink_to("/dev/zero")
    assert cache.load("skeleton", digest, CLASSES) is None
    entry.unlink()
    real = folder / "elsewhere.pickle"
    real.write_bytes(data)
    entry.symlink_to(real)  # even a good entry, through a link
    assert cache.load("skeleton", digest, CLASSES) is None
    entry.unlink()
    entry.write_bytes(data)
    assert cache.load("skeleton", digest, CLASSES) is not None
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", len(data) - 1)
    assert cache.load("skeleton", digest, CLASSES) is None


def test_skeleton_key_covers_every_module_of_the_libraries(brand, tmp_path, monkeypatch):
    import sys

    lib = tmp_path / "fakelib"
    (lib / "deep").mkdir(parents=True)
    (lib / "__init__.py").write_text("__version__ = '1.0'\n")
    (lib / "deep" / "module.py").write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(template, "_LIBRARIES", ("pptx", "fakelib"))
    fonts = fonts_of(brand)
    cache.tree_fingerprint.cache_clear()
    before = template._skeleton_key(None, 12192000, 6858000, fonts)
    (lib / "deep" / "module.py").write_text("X = 22\n")  # __init__.py unchanged
    cache.tree_fingerprint.cache_clear()
    changed = template._skeleton_key(None, 12192000, 6858000, fonts)
    (lib / "deep" / "other.py").write_text("")
    cache.tree_fingerprint.cache_clear()
    added = template._skeleton_key(None, 12192000, 6858000, fonts)
    assert len({before, changed, added}) == 3
    sys.modules.pop("fakelib", None)
    cache.tree_fingerprint.cache_clear()
