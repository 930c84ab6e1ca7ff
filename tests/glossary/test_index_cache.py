"""The cached compiled glossary (``glossary.index_cache``): a hit gives the glossary and
matches a fresh load gives, a changed file misses, and a cache file that is damaged,
foreign or forged is rebuilt, never used."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

import glossary.index_cache as index_cache
from glossary import CompiledGlossary, load_compiled
from glossary.entry import Entry
from glossary.errors import GlossaryError
from glossary.index_cache import cache_dir, load_matcher
from glossary.matcher import INDEX_VERSION, Match, Matcher
from glossary.storage import load_glossary, save_glossary
from glossary.termbase import Glossary

TEXT = (
    "قال الرئيس فلاديمير بوتين في موسكو إن الناتو يهدد روسيا، وقال بوتين للصحفيين "
    "إن نواف سلام زار العراق واليمن. وأكد سلام أن منظمة الصحة العالمية ستساعد."
)


def desk_glossary() -> Glossary:
    """Types, notes, flags, several forms, comments above entries and after the last."""
    entries = [
        Entry("Vladimir Putin", ["فلاديمير بوتين", "بوتين"], "person", "Russian president"),
        Entry("Moscow", ["موسكو"], "place"),
        Entry("NATO", ["ناتو", "حلف شمال الأطلسي"], "organization"),
        Entry("Nawaf Salam", ["نواف سلام", "سلام"], "person"),
        Entry("Iraq", ["العراق"], "place"),
        Entry("Yemen", ["اليمن"], "place", "the country"),
        Entry("World Health Organization", ["منظمة الصحة العالمية"], "organization"),
        Entry("Russia", ["روسيا"]),
    ]
    entries[3].set_flags("سلام", {"always", "suggest"})
    entries[2].set_flags("ناتو", {"article"})
    entries[0].comments = ["# checked by the desk, 2026-12-01"]
    glossary = Glossary(entries)
    glossary.trailing_comments = ["# end of the Russia list"]
    return glossary


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def path(tmp_path: Path, cache: Path) -> Path:
    out = tmp_path / "desk.tsv"
    save_glossary(desk_glossary(), out)
    return out


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every call of the validating loader (a compile) is recorded."""
    calls: list[str] = []
    real = index_cache.load_glossary

    def counting(p: object) -> Glossary:
        calls.append(str(p))
        return real(p)  # type: ignore[arg-type]

    monkeypatch.setattr(index_cache, "load_glossary", counting)
    return calls


def full(matches: list[Match]) -> list[tuple[object, ...]]:
    return [(m, m.entry, m.entry.comments) for m in matches]


def assert_same_glossary(got: Glossary, want: Glossary) -> None:
    assert got.entries == want.entries  # targets, forms, types, notes, flags
    assert [e.comments for e in got.entries] == [e.comments for e in want.entries]
    assert got.trailing_comments == want.trailing_comments


def the_index() -> Path:
    (found,) = cache_dir().glob("*.idx")
    return found


def test_a_hit_gives_an_equal_glossary_and_identical_matches(path: Path, compiles) -> None:
    fresh = load_glossary(path)
    first = load_compiled(path)
    second = load_compiled(path)
    assert isinstance(second, CompiledGlossary)
    assert compiles == [str(path)]  # the second call did not parse the file
    assert_same_glossary(first.glossary, fresh)
    assert_same_glossary(second.glossary, fresh)
    assert second.glossary.targets() == fresh.targets()
    want = Matcher(fresh)
    assert full(second.matcher.find(TEXT)) == full(want.find(TEXT))
    sentences = TEXT.split("، ")
    assert [full(ms) for ms in second.matcher.find_document(sentences)] == [
        full(ms) for ms in want.find_document(sentences)
    ]
    assert [m.target for m in second.matcher.find(TEXT)] == [
        "Vladimir Putin",
        "Moscow",
        "NATO",
        "Russia",
        "Vladimir Putin",
        "Nawaf Salam",
        "Iraq",
        "Yemen",
        "Nawaf Salam",
        "World Health Organization",
    ]


def test_load_matcher_and_load_compiled_share_one_index(path: Path, compiles) -> None:
    load_compiled(path)
    matcher = load_matcher(path)
    assert compiles == [str(path)]
    assert len(list(cache_dir().glob("*.idx"))) == 1
    # load_matcher unpacks its own entries, without the file's comments (unused in matching)
    want = Matcher(load_glossary(path)).find(TEXT)
    assert [(m, m.entry) for m in matcher.find(TEXT)] == [(m, m.entry) for m in want]
    # and the other way round, on a new file
    other = path.with_name("other.tsv")
    save_glossary(Glossary([Entry("Yemen", ["اليمن"], "place")]), other)
    load_matcher(other)
    assert load_compiled(other).glossary.targets() == ["Yemen"]
    assert compiles == [str(path), str(other)]


def test_a_changed_file_misses(path: Path, compiles) -> None:
    assert "Iraq" in load_compiled(path).glossary.targets()
    changed = desk_glossary()
    changed.remove("Iraq")
    changed.entries[0].note = "President of Russia"
    save_glossary(changed, path)
    got = load_compiled(path)
    assert compiles == [str(path), str(path)]
    assert_same_glossary(got.glossary, changed)
    assert "Iraq" not in [m.target for m in got.matcher.find(TEXT)]
    assert len(list(cache_dir().glob("*.idx"))) == 2  # each content its own key


def test_a_comment_only_change_misses_too(path: Path, compiles) -> None:
    load_compiled(path)
    changed = desk_glossary()
    changed.trailing_comments = ["# end of the list, reviewed"]
    save_glossary(changed, path)
    assert load_compiled(path).glossary.trailing_comments == ["# end of the list, reviewed"]
    assert len(compiles) == 2


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b[:-40] + bytes([b[-40] ^ 0x01]) + b[-39:], id="one-bit-flipped"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b"not an index at all", id="garbage"),
        pytest.param(lambda b: marshal.dumps([1, 2, 3]), id="another-marshal-value"),
    ],
)
def test_a_damaged_index_is_rebuilt_not_used(path: Path, compiles, damage) -> None:
    load_compiled(path)
    index = the_index()
    index.write_bytes(damage(index.read_bytes()))
    got = load_compiled(path)
    assert compiles == [str(path), str(path)]  # compiled again
    assert_same_glossary(got.glossary, load_glossary(path))
    # and the rebuilt file is whole again: the next call is a hit
    load_compiled(path)
    load_matcher(path)
    assert len(compiles) == 2


def test_a_damaged_index_is_rebuilt_by_load_matcher_too(path: Path, compiles) -> None:
    load_matcher(path)
    index = the_index()
    data = index.read_bytes()
    index.write_bytes(data[:-100] + bytes(100))
    assert [m.target for m in load_matcher(path).find("في العراق")] == ["Iraq"]
    assert len(compiles) == 2


def test_another_glossarys_index_under_this_key_is_refused(
    tmp_path: Path, path: Path, compiles
) -> None:
    other = tmp_path / "other.tsv"
    save_glossary(Glossary([Entry("Iraq", ["اليمن"], "place")]), other)  # a hostile mapping
    load_compiled(other)
    foreign = the_index()
    load_compiled(path)
    mine = next(p for p in cache_dir().glob("*.idx") if p != foreign)
    mine.write_bytes(foreign.read_bytes())  # a whole, valid index: of the other file
    got = load_compiled(path)
    assert [m.target for m in got.matcher.find("في اليمن")] == ["Yemen"]
    assert [m.target for m in load_matcher(path).find("في اليمن")] == ["Yemen"]
    assert len(compiles) == 3


def test_an_index_of_the_earlier_layout_is_refused(path: Path, compiles) -> None:
    """Before load_compiled the file was ``marshal.dumps(Matcher.to_data())``."""
    load_compiled(path)
    the_index().write_bytes(marshal.dumps(Matcher(load_glossary(path)).to_data()))
    assert_same_glossary(load_compiled(path).glossary, load_glossary(path))
    assert len(compiles) == 2
    assert marshal.loads(the_index().read_bytes())[0] == INDEX_VERSION


def forge(where: Path, index: object, columns: object) -> None:
    """A file with the right key and a right digest over what it carries."""
    key = where.stem
    index_blob, entries_blob = marshal.dumps(index), marshal.dumps(columns)
    digest = index_cache._digest(key, index_blob, entries_blob)
    where.write_bytes(marshal.dumps((INDEX_VERSION, key, digest, index_blob, entries_blob)))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda c: (c[0][:-1], *c[1:]), id="a-column-short"),
        pytest.param(lambda c: (c[0], c[1], ["alien"] * len(c[2]), *c[3:]), id="unknown-type"),
        pytest.param(lambda c: (c[0], [7] * len(c[1]), *c[2:]), id="forms-not-text"),
        pytest.param(lambda c: (*c[:4], {0: {"فلاديمير بوتين": ["run"]}}, *c[5:]), id="bad-flag"),
        pytest.param(lambda c: (*c[:4], {99: {}}, *c[5:]), id="flags-of-no-entry"),
        pytest.param(lambda c: (*c[:4], {-1: {}}, *c[5:]), id="negative-entry"),
        pytest.param(lambda c: c[:3], id="too-few-columns"),
    ],
)
def test_an_index_whose_entries_have_the_wrong_shape_is_rebuilt(
    path: Path, compiles, change
) -> None:
    """Even with a matching digest, entries are type-checked as they are rebuilt."""
    first = load_compiled(path)
    where = the_index()
    columns = index_cache._columns(first.glossary)
    forge(where, first.matcher.to_data(), change(columns))
    assert_same_glossary(load_compiled(path).glossary, load_glossary(path))
    assert len(compiles) == 2


def test_an_index_of_another_index_version_is_rebuilt(path: Path, compiles) -> None:
    first = load_compiled(path)
    where = the_index()
    data = list(first.matcher.to_data())
    data[0] = INDEX_VERSION + 1
    forge(where, tuple(data), index_cache._columns(first.glossary))
    assert [m.target for m in load_matcher(path).find("في العراق")] == ["Iraq"]
    assert len(load_compiled(path).glossary) == len(desk_glossary())
    assert len(compiles) == 2


def test_a_file_changed_while_compiling_is_not_cached_under_the_old_key(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = index_cache.load_glossary
    changed = Glossary([Entry("Yemen", ["اليمن"], "place")])

    def racing(p: object) -> Glossary:
        save_glossary(changed, path)  # another process saves while this one compiles
        return real(p)  # type: ignore[arg-type]

    monkeypatch.setattr(index_cache, "load_glossary", racing)
    got = load_compiled(path)
    assert got.glossary.targets() == ["Yemen"]
    assert list(cache_dir().glob("*.idx")) == []
    monkeypatch.setattr(index_cache, "load_glossary", real)
    assert load_compiled(path).glossary.targets() == ["Yemen"]


def test_an_unwritable_cache_costs_only_the_speed_up(
    tmp_path: Path, path: Path, monkeypatch: pytest.MonkeyPatch, compiles
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    for _ in range(2):
        assert_same_glossary(load_compiled(path).glossary, load_glossary(path))
    assert len(compiles) == 2


def test_a_missing_or_invalid_glossary_gives_the_loaders_own_error(
    tmp_path: Path, cache: Path
) -> None:
    missing = tmp_path / "nowhere.tsv"
    with pytest.raises(GlossaryError) as want:
        load_glossary(missing)
    with pytest.raises(GlossaryError) as got:
        load_compiled(missing)
    assert str(got.value) == str(want.value)
    bad = tmp_path / "bad.tsv"
    bad.write_text("Iraq العراق\n", "utf-8")  # no TAB
    with pytest.raises(GlossaryError, match="TAB"):
        load_compiled(bad)
    assert not cache.exists() or list(cache_dir().glob("*.idx")) == []


def test_only_the_newest_indexes_are_kept(tmp_path: Path, cache: Path) -> None:
    for n in range(index_cache.KEEP + 3):
        one = tmp_path / f"g{n}.tsv"
        save_glossary(Glossary([Entry(f"Name {n}", ["بوتين" + "ا" * n], "person")]), one)
        load_compiled(one)
    assert len(list(cache_dir().glob("*.idx"))) == index_cache.KEEP
