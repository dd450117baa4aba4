"""Story grouping (numcheck.stories): articles that report the same story share one; figures are
compared only within a story; a new article joins its story without the archive being regrouped."""
import json
import random
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from numcheck import api, stories
from numcheck.cli import main
from numcheck.models import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"

QUAKE = [
    "A magnitude 6.1 earthquake struck the Peruvian Andes near Cusco on Tuesday, killing 12 people and "
    "destroying adobe homes in mountain villages, Peru's civil defence institute said.",
    "Rescuers in Cusco searched collapsed adobe houses after Tuesday's earthquake in the Andes killed 14 people, "
    "Peruvian officials said; the quake's magnitude was put at 6.1.",
    "Peru's government declared an emergency in Cusco province, where the Andes earthquake flattened adobe "
    "villages and killed a dozen people.",
]
STRIKE = [
    "Dockworkers at the port of Rotterdam walked off the job on Monday, and 2,000 containers sat idle as the "
    "union demanded higher wages from terminal operators.",
    "The Rotterdam dockworkers' strike entered a second day with terminal operators refusing the union's wage "
    "demand; some 2,000 containers were stranded on the quays.",
]


def _grouped(articles, **kw):
    return stories.of_articles([(a.doc, stories.story_terms(a), a.date) for a in articles], **kw)


def _partition(grouped) -> set[frozenset]:
    return {frozenset(docs) for docs in grouped.members().values()}


def _articles(texts, prefix, dates=None):
    return [Article(doc=f"{prefix}{i}.txt", text=t, date=(dates or [""] * len(texts))[i]) for i, t in enumerate(texts)]


def test_two_stories_are_told_apart_and_each_kept_whole():
    quake, strike = _articles(QUAKE, "quake"), _articles(STRIKE, "strike")
    grouped = _grouped(quake + strike)
    assert _partition(grouped) == {frozenset(a.doc for a in quake), frozenset(a.doc for a in strike)}
    for story, label in grouped.label.items():
        assert label, f"story {story} has no label"
    assert any("rotterdam" in label for label in grouped.label.values())


def test_articles_giving_the_same_precise_figures_share_a_story_and_no_label_shows_a_figure():
    """Two reports of one crash in other words: the same 113 dead and $1.94 billion join them, as a shared
    rare name would; other figures in the same words leave them apart. "Two people" or "$2 billion" (one
    distinctive digit) is no evidence."""
    told = "Officials said 113 people died when the jet went down outside Gonesse, and insurers put losses at $1.94 billion."
    retold = "The airliner crash left 113 people dead; underwriters expect claims of $1.94 billion, a spokesman told reporters."
    same = _grouped(_articles([told, retold], "crash"))
    assert len(same.members()) == 1
    assert all(stories.FIGURE not in label for label in same.label.values())
    other = _grouped(_articles([told, retold.replace("113", "87").replace("1.94", "2.38")], "crash"))
    assert len(other.members()) == 2
    terms = stories.story_terms(Article(doc="x.txt", text="Two people died and $2 billion was lost; 2,000 fled."))
    assert stories.FIGURE not in terms


def _unit_rows(rows):
    import numpy as np
    from scipy import sparse

    x = np.asarray(rows, dtype=float)
    return sparse.csr_matrix(x / np.linalg.norm(x, axis=1, keepdims=True))


def test_a_story_of_two_events_alike_within_and_apart_between_is_split():
    """Two events of one kind (two title fights of one boxer): each event's articles share its words, both
    events the boxer's. Five articles each: two stories. Groups smaller than SPLIT_PIECE stay with the group
    they are most like; events alike enough (more than SPLIT_THRESHOLD between them) stay one story."""
    piece = stories.SPLIT_PIECE

    def rows(between: float, first: int, second: int):  # cosine ``between`` across the groups, 0.9+ within
        shared = between ** 0.5
        own = (1 - shared ** 2) ** 0.5
        return [[shared, own, 0.0, 0.01 * i] for i in range(first)] + [[shared, 0.0, own, 0.01 * i] for i in range(second)]

    story_of = [0] * (2 * piece)
    stories._split_apart(_unit_rows(rows(0.1, piece, piece)), story_of)
    assert story_of == [0] * piece + [1] * piece
    story_of = [0] * (2 * piece)
    stories._split_apart(_unit_rows(rows(stories.SPLIT_THRESHOLD + 0.1, piece, piece)), story_of)
    assert story_of == [0] * (2 * piece)
    story_of = [0] * (2 * piece - 1)  # one group too small to be a story: it stays
    stories._split_apart(_unit_rows(rows(0.1, piece, piece - 1)), story_of)
    assert story_of == [0] * (2 * piece - 1)
    # Other stories keep their numbers; the new one takes the next.
    story_of = [0] * (2 * piece) + [1, 1]
    stories._split_apart(_unit_rows(rows(0.1, piece, piece) + [[0, 0, 0, 1.0]] * 2), story_of)
    assert story_of == [0] * piece + [2] * piece + [1, 1]


def test_forked_processes_find_the_same_candidates_as_one(monkeypatch):
    """A large corpus's candidate products are shared out among forked processes, a chunk of rows each."""
    articles = _articles(QUAKE, "quake") + _articles(STRIKE, "strike") + _articles(QUAKE[::-1], "again")
    one = _grouped(articles)
    monkeypatch.setattr(stories, "_PARALLEL_FROM", 0)
    monkeypatch.setattr(stories, "_PRODUCT_ROWS", 2)  # four chunks of rows
    monkeypatch.setattr(stories, "_CHUNK", 3)  # and three of articles read into vectors
    import multiprocessing

    contexts = []
    real = multiprocessing.get_context
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: contexts.append(method) or real(method))
    forked = _grouped(articles, jobs=2)
    assert contexts == ["fork"]
    assert forked.of == one.of and forked.label == one.label


def test_the_neighbours_kept_do_not_depend_on_how_the_rows_are_chunked(monkeypatch):
    """Each article keeps its NEIGHBOURS nearest earlier ones; among equally near ones (copies of one wire), the
    earliest, however many rows a product held."""
    articles = _articles(QUAKE * 12 + STRIKE * 6, "copy")
    monkeypatch.setattr(stories, "NEIGHBOURS", 3)
    kept = []
    real = stories._join_alone
    monkeypatch.setattr(stories, "_join_alone", lambda pairs, *a, **k: kept.append(pairs.tolist()) or real(pairs, *a, **k))
    for rows in (1000, 7, 1):
        monkeypatch.setattr(stories, "_PRODUCT_ROWS", rows)
        _grouped(articles)
    assert kept[0] == kept[1] == kept[2]
    # Each copy keeps three earlier copies of its own story (the first three of each story, fewer).
    assert len(kept[0]) == 3 * (len(articles) - 6) + 2 * (0 + 1 + 2)


def test_the_same_articles_give_the_same_stories_in_any_order():
    articles = _articles(QUAKE, "quake") + _articles(STRIKE, "strike")
    first = _grouped(articles)
    shuffled = articles[:]
    random.Random(3).shuffle(shuffled)
    assert _grouped(shuffled).of == first.of


def test_one_story_puts_every_article_in_one():
    articles = _articles(QUAKE, "quake") + _articles(STRIKE, "strike")
    assert len(set(_grouped(articles, one=True).of.values())) == 1


def test_dated_articles_further_apart_than_the_window_never_share_a_story():
    articles = _articles(QUAKE, "quake", dates=["2024-03-01", "2024-03-02", "2024-06-01"])
    assert len(set(_grouped(articles).of.values())) == 1
    apart = _grouped(articles, window_days=30)
    assert apart.of["quake0.txt"] == apart.of["quake1.txt"] != apart.of["quake2.txt"]


def test_a_new_article_joins_its_story_and_a_stray_one_starts_its_own():
    quake, strike = _articles(QUAKE, "quake"), _articles(STRIKE, "strike")
    before = _grouped(quake[:2] + strike)
    added = [(a.doc, stories.story_terms(a), a.date) for a in (quake[2],)]
    joined = stories.join(before.rows(), set(), added)
    assert joined.of["quake2.txt"] == joined.of["quake0.txt"] == before.of["quake0.txt"]
    assert joined.of["strike0.txt"] == before.of["strike0.txt"]
    # Only the joined story's rows may change (its label is its members' words); the other story's stay.
    assert "quake2.txt" in joined.kept and set(joined.kept) <= {a.doc for a in quake}
    assert joined.renamed == set(joined.kept) - {"quake2.txt"}
    stray = Article(doc="stray.txt", text="The orchestra premiered a symphony for viola and harpsichord in Vienna.")
    alone = stories.join(joined.rows() + before.rows(), set(), [(stray.doc, stories.story_terms(stray), "")])
    assert alone.of["stray.txt"] not in set(before.of.values())


def test_an_article_left_alone_joins_the_story_it_is_nearest_on_average_at_the_lower_bar():
    """Articles 0-1 are one story, 2 alone, 3 alone; 2 is near the story on average (0.3 and 0.1, counting the
    later article 1 too), 3 less so (0.1 and 0.1); an article alone never draws another alone one (4 with 3)."""
    import numpy as np

    pairs = np.array([[1, 0], [2, 0], [1, 2], [3, 0], [3, 1], [4, 3]])  # (later, earlier), as the pass makes them
    sims = np.array([0.5, 0.3, 0.1, 0.1, 0.1, 0.9])
    story_of, size = [0, 0, 1, 2, 3], [2, 1, 1, 1]
    stories._join_alone(pairs, sims, story_of, size, threshold=0.16)
    assert story_of == [0, 0, 0, 2, 3]


def test_a_new_article_alone_joins_a_story_of_two_at_the_lower_bar(monkeypatch):
    quake, strike = _articles(QUAKE, "quake"), _articles(STRIKE, "strike")
    before = _grouped(quake[:2] + strike)
    added = [(a.doc, stories.story_terms(a), a.date) for a in (quake[2],)]
    monkeypatch.setattr(stories, "ALONE_THRESHOLD", 0.01)
    joined = stories.join(before.rows(), set(), added, threshold=0.99)  # no story reaches the first bar
    assert joined.of["quake2.txt"] == before.of["quake0.txt"]
    monkeypatch.setattr(stories, "ALONE_THRESHOLD", 0.99)
    assert stories.join(before.rows(), set(), added, threshold=0.99).of["quake2.txt"] not in set(before.of.values())


def test_a_story_that_loses_its_first_article_is_named_as_a_run_from_scratch_names_it():
    quake = _articles(QUAKE, "quake")
    before = _grouped(quake)
    after = stories.join(before.rows(), {"quake0.txt"}, [])
    scratch = _grouped(quake[1:])
    assert after.of == scratch.of and after.label == scratch.label
    assert after.renamed == {"quake1.txt", "quake2.txt"}


def test_findings_stay_within_a_story(tmp_path):
    """The same figure in an unrelated story is never compared; --one-story compares it."""
    (tmp_path / "a.txt").write_text("Dockworkers at the port of Rotterdam walked off the job on Monday as 2,000 "
                                    "containers sat idle in the wage dispute with terminal operators. The union said the strike would go on "
                                    "until the operators raised pay.\n")
    (tmp_path / "b.txt").write_text("The Rotterdam dockworkers' strike over wages entered its second day; 2,000 "
                                    "containers sat idle at the terminal operators' quays. Union leaders said pay talks had collapsed.\n")
    (tmp_path / "c.txt").write_text("A fire in a Singapore warehouse destroyed electronics worth millions; firefighters "
                                    "battled the blaze overnight while 3,000 containers sat idle nearby, police said. The Singapore Civil "
                                    "Defence Force said the fire began in a storage unit.\n")
    by_doc = {row["doc"]: row["story"] for row in api.stories_of([tmp_path])}
    assert by_doc["a.txt"] == by_doc["b.txt"] != by_doc["c.txt"]
    assert not api.check([tmp_path], jobs=1).all_findings
    together = api.check([tmp_path], jobs=1, one_story=True).all_findings
    # Told they are one story, the only counts of containers, each in its article's lead, are compared.
    assert ("c.txt", "3,000 containers") in {(f.doc, f.surface) for f in together}
    assert all("3,000" in f.message and "2,000" in f.message for f in together)


def test_findings_carry_their_story_in_csv_json_and_text(tmp_path):
    for i, text in enumerate(["Acme Corp agreed to pay $6.5 million to settle the lawsuit over its bleach.",
                              "Acme Corp will pay $5.2 million to settle the bleach lawsuit, its lawyers said."]):
        (tmp_path / f"{i}.txt").write_text(text + "\n")
    report = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--report", str(report), "--no-html", "--no-cache",
                                       "--format", "json", "--exit-zero"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)["findings"]
    assert found and all(f["story"].startswith("s") and f["story_label"] for f in found)
    header = report.read_text().splitlines()[0].split(",")
    assert header[-2:] == ["story", "story_label"] and header[:2] == ["rule_id", "severity"]
    text = CliRunner().invoke(main, ["check", str(tmp_path), "--report", "", "--no-html", "--no-cache",
                                     "--exit-zero"])
    assert f"(story {found[0]['story']}: {found[0]['story_label']})" in text.output


def test_stories_command_lists_each_story_with_its_articles(tmp_path):
    for i, text in enumerate(QUAKE):
        (tmp_path / f"quake{i}.txt").write_text(text + "\n")
    for i, text in enumerate(STRIKE):
        (tmp_path / f"strike{i}.txt").write_text(text + "\n")
    out = CliRunner().invoke(main, ["stories", str(tmp_path)])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[-1] == "5 articles in 2 stories"
    rows = json.loads(CliRunner().invoke(main, ["stories", str(tmp_path), "--format", "json"]).output)
    assert {r["doc"] for r in rows} == {f"quake{i}.txt" for i in range(3)} | {f"strike{i}.txt" for i in range(2)}
    one = CliRunner().invoke(main, ["stories", str(tmp_path), "--one-story"])
    assert one.output.splitlines()[-1] == "5 articles in 1 story"
    missing = CliRunner().invoke(main, ["stories", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "nope" in missing.output and "Traceback" not in missing.output


def test_the_seed_articles_are_one_story():
    rows = api.stories_of([ROOT / "seeds"])
    assert len({r["story"] for r in rows}) == 1


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is absent: no corpora to group")
@pytest.mark.parametrize("corpus, floor", [("ecbplus", 0.90), ("neus-test", 0.83)])
def test_grouping_against_real_clusters(corpus, floor):
    """Every cluster of a corpus in one archive, grouped and scored by B-cubed F1 (bench/bench_stories.py):
    floors just under the figures of the code that splits stories of two events (ECB+ 0.908, NeuS/AllSides test 0.847)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_stories import archive, bcubed

    articles, gold = archive(corpus)
    grouped = _grouped(articles)
    assert bcubed(grouped.of, gold, [a.doc for a in articles])[2] >= floor
