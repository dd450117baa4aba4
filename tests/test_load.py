"""Tests for numcheck.load: finding files, decoding, and the article formats."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from numcheck.files import find_files_aside
from numcheck.load import InputError, find_files, iso_date, iter_articles, name_date, read_file
from numcheck.models import LoadWarning

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data"


def load(paths, **kw):
    """Articles and warnings, as lists."""
    warnings: list[LoadWarning] = []
    arts = list(iter_articles(paths, on_warning=warnings.append, **kw))
    return arts, warnings


def write(path: Path, content, encoding="utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding=encoding, newline="")
    return path


# --- walking, doc ids, include / exclude -------------------------------------------


def test_folder_walk_doc_ids_sorted(tmp_path):
    write(tmp_path / "b.txt", "B costs $5.")
    write(tmp_path / "a.md", "A costs $4.")
    write(tmp_path / "sub" / "deep" / "c.txt", "C costs $3.")
    write(tmp_path / "notes.csv", "x,1")  # not a supported extension
    write(tmp_path / ".git" / "HEAD.txt", "ref")  # hidden dir
    write(tmp_path / ".numcheck" / "cache.json", '{"text": "x"}')
    arts, warnings = load([tmp_path])
    assert [a.doc for a in arts] == ["a.md", "b.txt", "sub/deep/c.txt"]
    assert arts[0].text == "A costs $4."
    assert arts[2].path == str(tmp_path / "sub" / "deep" / "c.txt")
    assert warnings == []
    # deterministic
    assert find_files([tmp_path]) == find_files([tmp_path])


def test_explicit_file_any_extension_doc_is_name(tmp_path):
    f = write(tmp_path / "sub" / "story.article", "Revenue was $10 million.")
    arts, _ = load([f])
    assert [(a.doc, a.text) for a in arts] == [("story.article", "Revenue was $10 million.")]


def test_same_named_files_under_two_arguments_stay_two_articles(tmp_path):
    """Outlet folders often hold the same file names: under two arguments each keeps its path as its id (one
    id for both merged them, and their disagreement was lost); an id no other argument gives stays short."""
    write(tmp_path / "p1" / "x.txt", "Acme agreed to pay $5.6 million.")
    write(tmp_path / "p2" / "x.txt", "Acme agreed to pay $9.1 million.")
    write(tmp_path / "p2" / "y.txt", "Acme shares fell 3%.")
    lone = write(tmp_path / "x.txt", "Acme paid $6 million.")
    files = find_files([tmp_path / "p1", tmp_path / "p2", lone])
    assert [f.doc for f in files] == [str(tmp_path / "p1" / "x.txt"), str(tmp_path / "p2" / "x.txt"), "y.txt",
                                      str(lone)]
    assert len({f.doc for f in files}) == len(files)
    assert [f.doc for f in find_files([tmp_path / "p1"])] == ["x.txt"]


def test_single_path_string_accepted(tmp_path):
    write(tmp_path / "a.txt", "one")
    assert [a.doc for a in iter_articles(str(tmp_path))] == ["a.txt"]


def test_include_exclude(tmp_path):
    write(tmp_path / "keep.txt", "k")
    write(tmp_path / "drop.txt", "d")
    write(tmp_path / "drafts" / "x.txt", "x")
    write(tmp_path / "data.csv", "c")
    docs = lambda **kw: [f.doc for f in find_files([tmp_path], **kw)]  # noqa: E731
    assert docs() == ["drafts/x.txt", "drop.txt", "keep.txt"]
    assert docs(exclude=["drop.txt"]) == ["drafts/x.txt", "keep.txt"]
    assert docs(exclude=["drafts"]) == ["drop.txt", "keep.txt"]  # a dir pattern prunes the dir
    assert docs(exclude=["drafts/*"]) == ["drop.txt", "keep.txt"]
    assert docs(include=["*.csv"]) == ["data.csv"]
    assert docs(include=["k*"]) == ["keep.txt"]  # basename match
    assert docs(include=["drafts/*.txt"]) == ["drafts/x.txt"]  # relative path match


def test_missing_path_raises(tmp_path):
    missing = tmp_path / "nope" / "x.txt"
    with pytest.raises(InputError) as e:
        iter_articles([missing])  # raised at call time, before any article
    assert str(missing) in str(e.value)
    assert "no such file or directory" in str(e.value)
    assert "\n" not in str(e.value)


@pytest.mark.skipif(not hasattr(os, "symlink") or sys.platform == "win32", reason="needs symlinks")
def test_walking_aside_answers_as_the_walk_does(tmp_path):
    """find_files_aside walks in a forked child: the same files, the same warnings, the same error."""
    (tmp_path / "sub").mkdir()
    for name in ("b.txt", "a.md", "sub/c.txt", "skip.csv", "sub/no.txt"):
        (tmp_path / name).write_text("x")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    for include, exclude in [((), ()), (("*.txt",), ("sub/no.txt",))]:
        inline, aside = [], []
        walked = find_files_aside([tmp_path], include, exclude)(aside.append)
        assert list(walked) == find_files([tmp_path], include, exclude, on_warning=inline.append)
        assert walked[1] == list(walked)[1] and walked[-1] == list(walked)[-1] and walked[:2] == list(walked)[:2]
        assert aside == inline and [w.kind for w in aside] == ["unreadable"]
    with pytest.raises(InputError, match="nowhere: no such file or directory"):
        find_files_aside([tmp_path, tmp_path / "nowhere"])(aside.append)


def test_symlink_loop_does_not_hang(tmp_path):
    write(tmp_path / "a" / "x.txt", "x")
    os.symlink(tmp_path, tmp_path / "a" / "loop")  # a/loop -> root
    os.symlink(tmp_path / "a", tmp_path / "a" / "self")  # a/self -> a
    docs = [f.doc for f in find_files([tmp_path])]
    assert docs == ["a/x.txt"]


# --- decoding ----------------------------------------------------------------------


def test_utf8_bom_stripped(tmp_path):
    write(tmp_path / "a.txt", "\ufeffCafé costs €3.", encoding="utf-8")
    assert (tmp_path / "a.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    arts, warnings = load([tmp_path])
    assert arts[0].text == "Café costs €3."
    assert warnings == []


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_bom(tmp_path, encoding):
    data = "Price: £5.\r\nLine two".encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    write(tmp_path / "a.txt", data)
    arts, warnings = load([tmp_path])
    assert arts[0].text == "Price: £5.\nLine two"
    assert warnings == []


def test_latin1_fallback_warns_once(tmp_path):
    f = write(tmp_path / "old.txt", "Caf\xe9 \x93quoted\x94 \x81".encode("latin-1"))
    arts, warnings = load([tmp_path])
    assert arts[0].text == "Café \u201cquoted\u201d \x81"  # cp1252 quotes; 0x81 via latin-1
    assert len(warnings) == 1
    w = warnings[0]
    assert w.kind == "encoding" and w.path == str(f)
    assert str(f) in str(w)


def test_newlines_normalized(tmp_path):
    write(tmp_path / "a.txt", b"one\r\ntwo\rthree\n")
    arts, _ = load([tmp_path])
    assert arts[0].text == "one\ntwo\nthree\n"


def test_binary_and_empty_skipped(tmp_path):
    write(tmp_path / "bin.txt", b"GIF89a\x00\x01\x02 some bytes")
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "blank.md", " \n\t\r\n")
    write(tmp_path / "ok.txt", "fine")
    arts, warnings = load([tmp_path])
    assert [a.doc for a in arts] == ["ok.txt"]
    kinds = {Path(w.path).name: w.kind for w in warnings}
    assert kinds == {"bin.txt": "binary", "empty.txt": "empty", "blank.md": "empty"}


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file_warns_and_continues(tmp_path):
    f = write(tmp_path / "secret.txt", "hidden")
    write(tmp_path / "ok.txt", "fine")
    f.chmod(0)
    try:
        arts, warnings = load([tmp_path])
    finally:
        f.chmod(0o644)
    assert [a.doc for a in arts] == ["ok.txt"]
    assert [(w.kind, w.path) for w in warnings] == [("unreadable", str(f))]


def test_permission_error_warns_even_as_root(tmp_path, monkeypatch):
    # chmod 000 cannot stop root, so also simulate the OSError directly.
    f = write(tmp_path / "secret.txt", "hidden")
    write(tmp_path / "ok.txt", "fine")
    real_read = Path.read_bytes

    def read_bytes(self):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    arts, warnings = load([tmp_path])
    assert [a.doc for a in arts] == ["ok.txt"]
    assert [(w.kind, w.path, w.message) for w in warnings] == [("unreadable", str(f), "Permission denied")]


def test_vanished_file_warns(tmp_path):
    f = write(tmp_path / "gone.txt", "x")
    files = find_files([tmp_path])
    f.unlink()  # removed between listing and reading
    warnings: list[LoadWarning] = []
    assert read_file(files[0][0], files[0][1], warnings.append) == []
    assert [w.kind for w in warnings] == ["unreadable"]


def test_strict_raises_on_first_warning(tmp_path):
    write(tmp_path / "a.txt", b"")
    with pytest.raises(InputError) as e:
        list(iter_articles([tmp_path], strict=True))
    assert "a.txt" in str(e.value) and "empty" in str(e.value)


def test_default_warnings_go_to_logger(tmp_path, caplog):
    write(tmp_path / "a.txt", b"")
    with caplog.at_level("WARNING", logger="numcheck.load"):
        assert list(iter_articles([tmp_path])) == []
    assert "a.txt" in caplog.text and "[empty]" in caplog.text


# --- formats -----------------------------------------------------------------------


def test_jsonl_good_and_bad_lines(tmp_path):
    lines = [
        json.dumps({"text": "Sales hit $5 billion.", "outlet": "Wire", "title": "T", "date": "2024-01-02"}),
        "",
        "{not json",
        json.dumps({"body": "Body field.", "url": "https://www.example.com/x"}),
        json.dumps({"content": "Content\r\nfield.", "source": "Src"}),
        json.dumps({"title": "no text"}),
        json.dumps([1, 2]),
    ]
    f = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    arts, warnings = load([tmp_path])
    assert [a.doc for a in arts] == ["feed.jsonl:1", "feed.jsonl:4", "feed.jsonl:5"]
    first = arts[0]
    assert (first.text, first.outlet, first.title, first.date) == ("Sales hit $5 billion.", "Wire", "T", "2024-01-02")
    assert arts[1].outlet == "example.com"
    assert arts[2].text == "Content\nfield." and arts[2].outlet == "Src"
    assert [(w.kind, w.line, w.path) for w in warnings] == [("json", n, str(f)) for n in (3, 6, 7)]
    assert str(warnings[0]).startswith(f"{f}:3: warning [json]")


def test_unpaired_surrogate_escapes_become_replacement_characters_with_a_warning(tmp_path):
    """JSON may escape half a surrogate pair ("\\ud800"); no UTF-8 report or cache can hold it."""
    f = write(tmp_path / "feed.jsonl", '{"text": "Acme paid $5.2 million \\ud800.", "title": "\\udfff T"}\n'
                                       '{"text": "A pair \\ud83d\\ude00 is kept."}\n')
    write(tmp_path / "one.json", '{"text": "Acme paid $7.9 million \\udc00."}')
    arts, warnings = load([tmp_path])
    assert [a.text for a in arts] == ["Acme paid $5.2 million \ufffd.", "A pair \U0001f600 is kept.",
                                      "Acme paid $7.9 million \ufffd."]
    assert arts[0].title == "\ufffd T"
    assert [(w.kind, w.line, w.path) for w in warnings] == [("encoding", 1, str(f)),
                                                            ("encoding", None, str(tmp_path / "one.json"))]
    for a in arts:
        a.text.encode("utf-8")  # what the report, the cache and the workers' messages need


def test_json_article_title_prepended(tmp_path):
    write(tmp_path / "a.json", json.dumps({"title": "First sentence.", "text": "The rest."}))
    write(tmp_path / "b.json", json.dumps({"title": "Head", "text": "Head and body."}))
    arts, warnings = load([tmp_path])
    assert [a.text for a in arts] == ["First sentence.\nThe rest.", "Head and body."] and warnings == []


def test_json_list_is_articles_and_what_is_no_article_is_warned_not_read_as_prose(tmp_path):
    write(tmp_path / "list.json", json.dumps([{"text": "Acme paid $5 million."}, {"body": "Acme paid $9 million."}, 3]))
    write(tmp_path / "cut.json", '{"title": "x", "text": "It cost $5 million')
    write(tmp_path / "other.json", json.dumps({"foo": 1}))
    arts, warnings = load([tmp_path])
    assert [(a.doc, a.text) for a in arts] == [("list.json:1", "Acme paid $5 million."),
                                              ("list.json:2", "Acme paid $9 million.")]
    assert sorted((Path(w.path).name, w.kind, w.line) for w in warnings) == [
        ("cut.json", "json", 1), ("list.json", "json", None), ("other.json", "json", None)]
    assert any("item 3 skipped" in w.message for w in warnings)


def test_html_boilerplate_dropped(tmp_path):
    pytest.importorskip("trafilatura")
    page = """<!DOCTYPE html><html><head><title>Acme profits soar</title>
<meta name="date" content="2024-03-05"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/markets">Markets menu 999</a></li></ul></nav>
<article><h1>Acme profits soar</h1>
<p>Acme Corp said on Tuesday that its quarterly profit rose to $5.6 million, up 12 percent
from a year earlier, as demand for its widgets grew across Europe and Asia.</p></article>
<footer><p>Copyright 2024 Example News. All rights reserved. Footer 777.</p></footer>
</body></html>"""
    write(tmp_path / "page.html", page)
    arts, warnings = load([tmp_path])
    assert len(arts) == 1
    text = arts[0].text
    assert "$5.6 million" in text
    assert "Markets menu 999" not in text and "Footer 777" not in text
    assert arts[0].title == "Acme profits soar"
    assert arts[0].date == "2024-03-05"


def test_html_without_main_content_falls_back(tmp_path):
    pytest.importorskip("trafilatura")
    write(tmp_path / "tiny.htm", "<html><body><div>Only 42 words here.</div></body></html>")
    arts, _ = load([tmp_path])
    assert len(arts) == 1 and "42" in arts[0].text


def test_sgm_small(tmp_path):
    sgm = (
        '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n'
        '<REUTERS TOPICS="YES" NEWID="7">\n<DATE> 1-MAR-1987 01:30:29.50</DATE>\n'
        "<TEXT>&#2;\n<TITLE>A &amp; B &lt;ABC&gt; PROFIT</TITLE>\n"
        "<BODY>Profit rose to 5 mln dlrs vs 4 mln caf\xe9.\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n"
        '<REUTERS NEWID="8">\n<TEXT TYPE="BRIEF">&#2;\n<TITLE>NO BODY</TITLE></TEXT>\n</REUTERS>\n'
    )
    write(tmp_path / "r.sgm", sgm, encoding="latin-1")
    arts, warnings = load([tmp_path])
    assert warnings == []  # Latin-1 is the format's encoding: no warning
    assert len(arts) == 1
    a = arts[0]
    assert a.doc == "r.sgm:7" and a.date == "1987-03-01" and a.title == "A & B <ABC> PROFIT"
    assert a.text == "A & B <ABC> PROFIT\nProfit rose to 5 mln dlrs vs 4 mln café."


# --- shared data ---------------------------------------------------------------------


def test_reuters_shared_file():
    f = DATA / "reuters21578" / "reut2-000.sgm"
    if not f.exists():
        pytest.skip(f"shared data not available: {f}")
    arts, warnings = load([f])
    assert warnings == []
    assert 900 <= len(arts) <= 1000
    assert all(a.doc.startswith("reut2-000.sgm:") for a in arts)
    assert len({a.doc for a in arts}) == len(arts)
    assert not any("&lt;" in a.text or "&#" in a.text or "\x03" in a.text for a in arts)
    assert not any(a.text.rstrip().endswith(("Reuter", "REUTER")) for a in arts)


def test_ecbplus_shared_json():
    folder = DATA / "ecbplus" / "articles_json"
    if not folder.is_dir():
        pytest.skip(f"shared data not available: {folder}")
    f = sorted(folder.glob("*/*.json"))[0]
    raw = json.loads(f.read_text(encoding="utf-8"))
    arts, warnings = load([f])
    assert warnings == [] and len(arts) == 1
    assert arts[0].text.startswith(raw["title"].strip())
    assert raw["text"] in arts[0].text


@pytest.mark.parametrize("raw,iso", [
    ("July 13, 2009", "2009-07-13"),
    ("Published July 28, 2004 He was 75.", "2004-07-28"),
    ("PUBLISHED : WEDNESDAY, MARCH 11, 2009", "2009-03-11"),
    ("Posted 12 / 19 / 2005 3 : 36 PM", "2005-12-19"),
    ("Last Updated : Tuesday, 20 December 2005", "2005-12-20"),
    ("2025-01-28T10:00:00Z", "2025-01-28"),
    ("He was 75", ""),
    ("", ""),
])
def test_publication_dates_are_read_as_iso(raw, iso):
    assert iso_date(raw) == iso


@pytest.mark.parametrize("name,iso", [
    ("APW19990707.0181.txt", "1999-07-07"),  # LDC wire archives (DUC, TDT, Gigaword): source, day, number
    ("NYT19980612.0403", "1998-06-12"),
    ("XIE20000101.0001.txt", "2000-01-01"),
    ("2024-05-01-storm.md", "2024-05-01"),
    ("2024_05_01.txt", "2024-05-01"),
    ("20240631.txt", ""),  # no 31 June
    ("2024-0501.txt", ""),  # separators differ
    ("id120240501.txt", ""),  # within a longer number
    ("12_4ecbplus.json", ""),
    ("report.txt", ""),
])
def test_a_file_name_can_date_its_article(name, iso):
    assert name_date(name) == iso


def test_an_article_without_a_date_of_its_own_takes_its_file_names(tmp_path):
    (tmp_path / "APW19981030.0042.txt").write_text("Officials said 157 people were injured.\n")
    (tmp_path / "NYT19981031.0007.jsonl").write_text(json.dumps({"text": "162 injured.", "date": "1998-11-02"}) + "\n")
    dated = {a.doc: a.date for a in iter_articles([tmp_path])}
    assert dated == {"APW19981030.0042.txt": "1998-10-30", "NYT19981031.0007.jsonl:1": "1998-11-02"}  # its own first
