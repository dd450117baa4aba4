"""Keying: what each number is about (subjects, measure, dimension), on real-shaped sentences."""
import pytest

from numcheck import extract
from numcheck.claims import DEFAULT_KEYING, Keying, key_claims
from numcheck.models import Article

PACK = Keying.build(aliases={"OpenAI": ["Open AI"], "DeepSeek": ["DeepSeek-R1", "DeepSeek R1"],
                             "'Ndrangheta": []})


def claims_of(text: str, keying: Keying = DEFAULT_KEYING):
    return key_claims(Article(doc="a.txt", text=text), extract(text, "a.txt"), keying)


@pytest.mark.parametrize("text, surface, subjects, measure", [
    ("DeepSeek said it spent $5.6 million training the model.", "$5.6 million", ("DeepSeek",), "spending"),
    # The subject comes from the sentence before when the number's own sentence names nobody.
    ("Investors sold Nvidia on Monday. Its market value fell by $593 billion.", "$593 billion",
     ("Nvidia",), "decline"),
    # Aliases are matched whatever their case and map to the canonical name.
    ("OPEN AI raised $6.6 billion.", "$6.6 billion", ("OpenAI",), "funding"),
    ("The deepseek r1 model cost $6 million to train.", "$6 million", ("DeepSeek",), "cost"),
    ("The ’ndrangheta laundered $40 million, police said.", "$40 million", ("'Ndrangheta",), ""),
    # A name in the number's clause comes before one elsewhere in the sentence.
    ("Investors bought Microsoft, while Nvidia lost $593 billion in market value.", "$593 billion",
     ("Nvidia", "Microsoft"), "market value"),
])
def test_subjects_and_measure(text, surface, subjects, measure):
    by_surface = {c.mention.surface: c for c in claims_of(text, PACK)}
    claim = by_surface[surface]
    assert claim.subjects == subjects
    assert claim.measure == measure


def test_names_inside_another_figure_are_not_the_subject():
    # "Nvidia H800" says what the 2,048 counts; the $5.6 million is DeepSeek's.
    by_surface = {c.mention.surface: c for c in claims_of(
        "DeepSeek said it trained the model for $5.6 million using 2,048 Nvidia H800 GPUs.")}
    assert by_surface["$5.6 million"].subjects == ("DeepSeek",)
    assert by_surface["2,048 Nvidia H800 GPUs"].dimension == "count:GPU"


def test_place_names_and_of_phrases():
    claim, = claims_of("Nvidia's shares fell 17% in New York on Monday, and Nvidia said so.")
    assert "New York" in claim.subjects and "York" not in claim.subjects
    claim, = claims_of("Shares of Nvidia sank 17 percent on Monday, Nvidia said.")
    assert claim.subjects[0] == "Nvidia"
    claim, = claims_of("New Zealand's GDP grew 2 percent, New Zealand said.")
    assert claim.subjects[0] == "New Zealand"
    claim, = claims_of("Bank of America said profit rose 5 percent.")
    assert claim.subjects == ("Bank of America",)


def test_an_empty_alias_is_left_out():
    keying = Keying.build(aliases={"OpenAI": ["  ", "Open AI"]})
    assert set(keying.aliases) == {"openai", "open ai"}
    assert claims_of("Open AI raised $6.6 billion.", keying)[0].subjects == ("OpenAI",)


def test_possessive_names_the_owner_too():
    claim, = claims_of("Tesla’s Cybertruck sold 30,000 units last year.")
    assert claim.subjects == ("Tesla", "Tesla’s Cybertruck")
    assert claim.dimension == "count:unit"


def test_demonyms_and_common_sentence_openers_are_not_subjects():
    claim, = claims_of("Chinese exports rose 5 percent. Some analysts expected 7 percent from Beijing.")[:1]
    assert claim.subjects == ()
    second = claims_of("Chinese exports rose 5 percent. Some analysts expected 7 percent from Beijing.")[1]
    assert second.subjects == ("Beijing",)


@pytest.mark.parametrize("text, subjects", [
    ("Like Apple, Google sold 5 million phones.", ("Google",)),  # not "Like Apple"
    ("Despite Biden's plan, 12 states sued over the rule.", ("Biden",)),
])
def test_a_preposition_opening_a_sentence_is_no_part_of_a_name(text, subjects):
    # "Under Colorado law", "Despite Biden's plan": a capital that opens the sentence, not the name after it
    claim, = claims_of(text)
    assert claim.subjects == subjects


def test_a_sentence_opening_word_the_article_repeats_is_a_subject():
    # "Apple" is also a common word: opening a sentence once it could be "Some" or "Unlike"; named twice, a name.
    assert claims_of("Apple sold 5 million phones.")[0].subjects == ()
    text = "Shr 34 cts vs 20 cts.\nShr rose again."
    assert claims_of(text)[0].subjects == ()  # a row label, used once as a label
    text = "Apple sold 5 million phones. Apple said 3 million phones were returned."
    assert [c.subjects for c in claims_of(text)] == [("Apple",), ("Apple",)]


def test_dates_and_bare_numbers_carry_no_claim():
    assert claims_of("On January 20, 2025, the index stood at 4,500.") == []


@pytest.mark.parametrize("text, claimed", [
    ("One person said the plan would cost $5 million.", ["$5 million"]),
    ("Two people familiar with the matter told Reuters that 40 workers were laid off.", ["40 workers"]),
    ("Three officials, who spoke on condition of anonymity, said 30 soldiers died.", ["30 soldiers"]),
    ("Two diplomats speaking on condition of anonymity said the talks had stalled.", []),
    ("Four officials who asked not to be named said the deal was off.", []),
    ("Two sources said 12 people were arrested.", ["12 people"]),
    ("According to the two people, the company lost $3 million.", ["$3 million"]),
    ("The Times reported it, citing two people briefed on the matter.", []),
    # counts that stay facts: what the story is about, whoever says so
    ("Police said 5 people were killed.", ["5 people"]),
    ("The blast killed 12 people, officials said.", ["12 people"]),
    ("Seven people said to be missing were found alive.", ["Seven people"]),
    ("About 200 residents told to leave returned home.", ["About 200 residents"]),
    ("Police arrested three men who police said were armed with rifles.", ["three men"]),
    ("Two women who say they were assaulted by the coach have filed lawsuits.", ["Two women"]),
    ("More than 300 people say they were harmed by the drug.", ["More than 300 people"]),
    ("Twelve survivors told reporters the ship sank within minutes.", ["Twelve survivors"]),
])
def test_a_count_of_the_people_a_report_cites_is_no_claim(text, claimed):
    assert [c.mention.surface for c in claims_of(text)] == claimed


@pytest.mark.parametrize("text, surface, person", [
    ("Tara Reid, 33, was photographed at the party.", "33", "Tara Reid"),
    ("Peterson, 32, was convicted of murder.", "32", "Peterson"),  # a name opening the sentence
    ("The 33-year-old actress Tara Reid said she was fine.", "33-year-old", "Tara Reid"),
    ("Riddick Bowe, the 41-year-old American, fought again.", "41-year-old", "Riddick Bowe"),
    ("A six-year-old Cuban boy, Elian Gonzalez, was returned.", "six-year-old", "Elian Gonzalez"),
    ("The court freed 26-year-old Christopher Simpson of Fort Coffee.", "26-year-old", "Christopher Simpson"),
    ("Mayor Bill de Blasio, 52, said so.", "52", "Mayor Bill de Blasio"),
    ("However, 6-year-old Elian Gonzalez was returned.", "6-year-old", "Elian Gonzalez"),
    ("The 66-year-old Uber Eats driver Mohammad Anwar died.", "66-year-old", "Mohammad Anwar"),  # not the firm
    ("A 28-year-old Minneapolis woman was hurt.", "28-year-old", ""),  # a name that qualifies a noun
    ("It was the 32-year-old Klitschko's third win of the year.", "32-year-old", "Klitschko"),  # a name that owns
    # No name beside the age: whose it is, the sentence does not say.
    ("Reid's publicist Jack Ketsoyan said the 33-year-old was resting.", "33-year-old", ""),
    ("CNN reported that Felt died at the age of 95.", "95", ""),
    ("In New York City, a 45-year-old man was arrested.", "45-year-old", ""),  # no apposition closes
    ("The 45-year-old was interviewed by Smith on Monday.", "45-year-old", ""),  # past a function word
    ("The 91-year-old told CNN he was fine.", "91-year-old", ""),
])
def test_an_age_is_of_the_person_named_beside_it(text, surface, person):
    by_surface = {c.mention.surface: c for c in claims_of(text)}
    assert by_surface[surface].person == person


@pytest.mark.parametrize("text, converted", [
    ("Greece agreed a 110 billion euro ($143 billion) bailout.", {"$143 billion"}),
    ("It cost €10m in 2019 and €10m ($11m) in 2020.", {"$11m"}),  # the amount right before, not the first alike
    ("Over the " + "long " * 120 + "year the bank lent €110 billion ($243 billion) to " + "the " * 120 + "state.",
     {"$243 billion"}),  # a sentence so long that each figure has its own window of it
    ("The €5 million grant came on top of $3 million raised.", set()),
    ("The robber stole 143,000 yuan, 80,000 Hong Kong dollars and bonds.", set()),  # a list, not a restatement
    ("The firm was fined €20m, or $21.6m, on Monday.", {"$21.6m"}),
    # the first amount's currency sign lost in the copy: a bare large amount, the other in brackets after it
    ("since agreeing a? 110 - billion ($143 - billion) EU and IMF debt bailout", {"$143 - billion"}),
    ("The 2,000 ($50 each) tickets sold out.", set()),  # not an amount of money: too small to have lost its sign
    ("The fund holds 110 billion, and $5 million was spent.", set()),  # not in brackets
])
def test_an_amount_restated_in_another_currency_is_a_conversion(text, converted):
    assert {c.mention.surface for c in claims_of(text) if c.role == "conversion"} == converted


@pytest.mark.parametrize("text, word", [
    ("M-1 rose to 740.5 billion dlrs in the week ended March 2, the Fed said.", "march-2"),
    ("Exports reached $4 billion in the week ending Feb. 14.", "february-14"),
    ("The toll reached 57 people on 5 June, police said.", "june-5"),
    ("Sales reached $5 million in March 2010.", "march"),  # a month and a year: no day
])
def test_a_date_of_a_month_is_one_context_word(text, word):
    [claim] = claims_of(text)
    assert word in (claim.before + " " + claim.after).split(), (claim.before, claim.after)


@pytest.mark.parametrize("text, surface, place", [
    ("The quake struck 13 miles east of Cloverdale.", "13 miles", "from-cloverdale"),
    ("It hit 10 km (6 miles) southeast of Banda Aceh's port.", "6 miles", "from-banda-aceh"),  # past a bracket
    ("The plant is two miles from The Geysers.", "two miles", "from-geysers"),
    ("The ship sank 5 miles off the coast.", "5 miles", None),  # no place named
    ("He ran 40 yards from Smith's pass.", "40 yards", None),  # yards are a game's, not a map's
])
def test_a_distance_names_the_place_it_is_measured_from(text, surface, place):
    claim = next(c for c in claims_of(text) if c.mention.surface == surface)
    first = claim.after.split()[:1]
    assert (first[0] if first and first[0].startswith("from-") else None) == place, claim.after


@pytest.mark.parametrize("text, surface, role", [
    ("Analysts surveyed by Refinitiv were expecting 870,000 jobs.", "870,000 jobs", "forecast"),
    ("Economists had been looking for a rate of 5.7%.", "5.7%", "forecast"),
    ("The economy added 943,000 jobs in July as economists expected.", "943,000 jobs", ""),  # said after it: the outcome
    ("Analysts said an estimated 200 people died in the flood.", "an estimated 200 people", ""),  # an estimate of what happened
])
def test_what_forecasters_expected_is_a_forecast(text, surface, role):
    claim = next(c for c in claims_of(text) if c.mention.surface == surface)
    assert claim.role == role


@pytest.mark.parametrize("text, measures", [
    ("Officials said 14 people were killed and 45 people were injured in the blast.", ["deaths", "injuries"]),
    ("The blast killed 12 people and injured 40 people near the market.", ["deaths", "injuries"]),
    ("The quake struck on Tuesday, injuring at least five people.", ["injuries"]),  # any inflection
    # the shot are not the killed: "shot" alone counts all who were hit, "shot dead" the dead
    ("A sniper shot 14 people, killing five police officers.", ["shot", "deaths"]),
    ("The attack left 12 police officers shot.", ["shot"]),
    ("Five officers were shot dead and two men were shot and killed nearby.", ["deaths", "deaths"]),
    # a part befell what its total did; the count left without its noun is of people ("injured 4,500")
    ("The attack killed 213 people, including 12 Americans, and injured 4,500.", ["deaths", "deaths", "injuries"]),
    ("The quake killed 30 people, among them 3 children, and injured 200.", ["deaths", "deaths", "injuries"]),
])
def test_what_befell_the_counted_people_is_the_nearest_word_of_their_conjunct(text, measures):
    assert [c.measure for c in claims_of(text)] == measures


def test_a_datelines_date_is_the_reports_not_the_figures():
    [claim] = claims_of("LONDON, August 19 (Xinhua) -- Britain plans to rescue the 118 Russian sailors.")
    assert "august-19" not in claim.before and "august" in claim.before.split()



@pytest.mark.parametrize("text, surface, role", [
    ("The fire killed 65 people, including 12 people in the stands.", "12 people", "part"),  # a whole of its unit
    ("The $900 billion package includes $600 checks.", "$600", "part"),
    ("A majority voted to convict, 57 to 43, including 7 Republicans.", "7 Republicans", ""),  # the Republicans' total
    ("The fire killed 65 people, including 12 children.", "12 children", ""),
    ("The package includes $2,000 checks for individuals.", "$2,000", ""),  # no whole before it
    ("They were paid $5 million each.", "$5 million", "part"),
    # Beyond those counted already: a change, never set against another article's total.
    ("One man died and three other people were injured.", "three other people", "change"),
    ("Police arrested two more suspects on Monday.", "two more suspects", "change"),
    ("Seven of the men have been convicted.", "Seven of the men", "part"),
    ("Officials said 11 of the 63 patients tested negative.", "11", "part"),  # the whole in its own figure
    ("Officials said 11 of the 63 patients tested negative.", "63 patients", ""),
    ("He won 40 percent of the vote.", "40 percent", ""),  # a share is no part of a count
])
def test_an_included_figure_is_a_part_only_of_a_whole_of_its_unit(text, surface, role):
    by_surface = {c.mention.surface: c for c in claims_of(text)}
    assert by_surface[surface].role == role
