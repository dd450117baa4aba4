"""Time: a later report's different figure for a count that evolves (the dead, the injured, votes
counted) is an update, at the rule's update_severity; reports of the same day that differ still
conflict, as do figures that do not evolve."""
import json

import pytest

from numcheck import api
from numcheck.models import Article, Severity


def _findings(tmp_path, records) -> list:
    with open(tmp_path / "wire.jsonl", "w") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    return [f for f in api.check([tmp_path], jobs=1, one_story=True).all_findings if f.rule_id == "figures-agree"]


FIRE = "A fire swept through a crowded dance hall in Gothenburg, and {n} people were injured, police said."


def test_a_later_report_of_an_evolving_count_is_an_update(tmp_path):
    found = _findings(tmp_path, [{"text": FIRE.format(n=157), "date": "1998-10-30"},
                                 {"text": FIRE.format(n=162), "date": "1998-10-31"}])
    assert found and all(f.severity is Severity.info and f.message.startswith("update: ") for f in found)
    assert any("in the report of 1998-10-3" in f.message and "vs" in f.message for f in found)


@pytest.mark.parametrize("first, then, later_day", [
    (157, 162, "1998-10-30"),  # reports of the same day that differ still conflict
    (162, 120, "1998-10-31"),  # a later report of fewer injured: a count that only grows fell, one report is wrong
], ids=["same day", "fewer later"])
def test_reports_that_differ_conflict_unless_a_later_one_counts_more(tmp_path, first, then, later_day):
    found = _findings(tmp_path, [{"text": FIRE.format(n=first), "date": "1998-10-30"},
                                 {"text": FIRE.format(n=then), "date": later_day}])
    assert found and all(not f.message.startswith("update") for f in found)
    assert any(f.severity is not Severity.info for f in found)


def test_a_figure_that_does_not_evolve_is_no_update(tmp_path):
    hall = "The dance hall in Gothenburg, built in {y}, had room for {n} guests on its two floors, its owner said."
    found = _findings(tmp_path, [{"text": hall.format(y=1952, n=150), "date": "1998-10-30"},
                                 {"text": hall.format(y=1952, n=400), "date": "1998-10-31"}])
    assert found and all(not f.message.startswith("update") for f in found)


def test_a_count_that_may_fall_is_an_update_either_way(tmp_path):
    storm = "After the storm off the coast of New South Wales, {n} yachts were still missing, rescuers said."
    found = _findings(tmp_path, [{"text": storm.format(n=14), "date": "1998-12-28"},
                                 {"text": storm.format(n=9), "date": "1998-12-29"}])
    assert found and all(f.severity is Severity.info and f.message.startswith("update: ") for f in found)


TRIAL = "The trial of {age}-year-old Christopher Simpson, charged with murder in Poteau, opened before a jury."


@pytest.mark.parametrize("first, then, later_day, update", [
    (26, 27, "2013-01-29", True),  # a birthday between the reports
    (26, 28, "2013-01-29", False),  # two years older within a month: one report is wrong
    (27, 26, "2013-01-29", False),  # younger in the later report
    (26, 27, "2013-01-03", False),  # the same day
], ids=["birthday", "too much older", "younger later", "same day"])
def test_a_person_older_in_a_later_report_by_the_time_between_is_an_update(tmp_path, first, then, later_day, update):
    found = _findings(tmp_path, [{"text": TRIAL.format(age=first), "date": "2013-01-03"},
                                 {"text": TRIAL.format(age=then), "date": later_day}])
    assert found
    assert all(f.message.startswith("update: ") and f.severity is Severity.info for f in found) == update, \
        [f.message for f in found]


@pytest.mark.parametrize("first, then, flagged", [
    (26, 27, False),  # a year apart: a birthday may fall between the reports
    (27, 26, False),
    (26, 28, True),
], ids=["one older", "one younger", "two older"])
def test_ages_a_year_apart_in_undated_reports_may_be_a_birthday_apart(tmp_path, first, then, flagged):
    found = _findings(tmp_path, [{"text": TRIAL.format(age=first)}, {"text": TRIAL.format(age=then)}])
    assert found
    assert any(f.severity is not Severity.info for f in found) is flagged, [f.message for f in found]
    if not flagged:
        assert all("a birthday may fall between them" in f.message for f in found)


@pytest.mark.parametrize("then, later_day, update", [
    (33, "2020-01-29", True),  # seven years and 26 days on: seven years older...
    (34, "2020-01-29", True),  # ... or eight, with a birthday in those days
    (32, "2020-01-29", False),
    (35, "2020-01-29", False),
    (27, "2020-01-29", False),  # only one year older
])
def test_an_age_years_later_is_an_update_only_by_the_years_between(then, later_day, update):
    from numcheck.checks.consistency import _aged

    first, second = (api.analyse_articles([Article(doc=f"{i}.txt", text=TRIAL.format(age=age), date=day)],
                                          api.load_ruleset())[0]
                     for i, (age, day) in enumerate(((26, "2013-01-03"), (then, later_day))))
    assert _aged(first, second) == update
