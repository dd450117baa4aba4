"""Table-driven extractor tests on real news strings (price-parser style): one row per case."""
import math

import pytest

from numcheck import api, extract

# text, surface, kind, value, unit, qualifier (None: not checked), extra expectations
CASES = [
    ("it cost just $5.6 million to train", "$5.6 million", "money", 5.6e6, "USD", "exact"),
    ("Stargate seeks to invest up to $500 billion", "up to $500 billion", "money", 5e11, "USD", "at_most"),
    ("a rocket landed within 20 miles of Tel Aviv", "within 20 miles", "quantity", 20, "mile", "at_most"),
    ("the tanker was seized 450 nautical miles off Kenya", "450 nautical miles", "quantity", 450, "nautical mile", "exact"),
    ("a deal is expected within 24 hours", "within 24 hours", "duration", 24, "hour", "at_most"),
    ("a more than $1 trillion tech wipeout", "more than $1 trillion", "money", 1e12, "USD", "at_least"),
    ("losing $600 billion (£482bn) in market value", "£482bn", "money", 4.82e11, "GBP", "exact"),
    ("appeal in the administrative court over 746m euro GDPR fine", "746m euro", "money", 7.46e8, "EUR", "exact"),
    ("spend some $310bn this year", "some $310bn", "money", 3.1e11, "USD", "approx"),
    ("Shr 34 cts vs 1.19 dlrs", "34 cts", "money", 0.34, "USD", "exact"),
    ("Net 3,328,000 dlrs vs 2,917,000", "3,328,000 dlrs", "money", 3328000, "USD", "exact"),
    ("Revs 15.4 mln dlrs", "15.4 mln dlrs", "money", 15.4e6, "USD", "exact"),
    ("a $ 90 million deal", "$ 90 million", "money", 9e7, "USD", "exact"),
    ("a $ 161-million contract", "$ 161-million", "money", 1.61e8, "USD", "exact"),
    ("Rs 500 crore investment", "Rs 500 crore", "money", 5e9, "INR", "exact"),
    ("EUR 20 million in damages", "EUR 20 million", "money", 2e7, "EUR", "exact"),
    ("a fee of 20 million pounds", "20 million pounds", "money", 2e7, "GBP", "exact"),
    ("raised HK$5bn", "HK$5bn", "money", 5e9, "HKD", "exact"),
    ("a USD1.2bn syndicated loan", "USD1.2bn", "money", 1.2e9, "USD", "exact"),
    ("EUR500m in fines", "EUR500m", "money", 5e8, "EUR", "exact"),
    ("a C$ 16.4 million loss", "C$ 16.4 million", "money", 16.4e6, "CAD", "exact"),
    ("paid 125 million Australian dollars", "125 million Australian dollars", "money", 1.25e8, "AUD", "exact"),
    ("it sold for $5-6 million", "$5-6 million", "money", 5.5e6, "USD", "range"),
    ("a $200MM offer", "$200MM", "money", 2e8, "USD", "exact"),  # MM: a million, as finance and sports write it
    ("the Orioles at seven years, $140-150MM, and", "$140-150MM", "money", 1.45e8, "USD", "range"),
    ("10 to 20 billion dollars", "10 to 20 billion dollars", "money", 1.5e10, "USD", "range"),
    ("estimates of $10bn-$20bn", "$10bn-$20bn", "money", 1.5e10, "USD", "range"),
    ("a net loss of ($99.99)", "$99.99", "money", -99.99, "USD", "exact"),
    ("Q1 EPS ($0.12)", "$0.12", "money", -0.12, "USD", "exact"),
    ("The ML320 ($34,950) has been", "$34,950", "money", 34950, "USD", "exact"),  # the price of what it follows
    ("a Stand Alone Bill for Stimulus Checks ($1,200), they will", "$1,200", "money", 1200, "USD", "exact"),
    ("50 cents a share", "50 cents a share", "money", 0.5, "USD", "exact"),
    ("oil at $58.24 per barrel", "$58.24 per barrel", "money", 58.24, "USD", "exact"),
    ("have spent billions of dollars on infrastructure", "billions of dollars", "money", None, "USD", "vague"),
    ("Nvidia dropped 17 percent", "17 percent", "percent", 17, "percent", "exact"),
    ("profits rose 17 per cent", "17 per cent", "percent", 17, "percent", "exact"),
    ("inflation was 5 pct", "5 pct", "percent", 5, "percent", "exact"),
    ("a cut of 25 basis points", "25 basis points", "percent", 25, "basis point", "exact"),
    ("up 2 percentage points", "2 percentage points", "percent", 2, "percentage point", "exact"),
    # A percent hyphenated before its noun, as AP style writes it.
    ("a 10-percent stake in the firm", "10-percent", "percent", 10, "percent", "exact"),
    ("a 2.5-per-cent rise", "2.5-per-cent", "percent", 2.5, "percent", "exact"),
    ("DeepSeek used only 2,000 Nvidia H800 chips, which", "2,000 Nvidia H800 chips", "count", 2000, "chip", "exact"),
    ("the 2000 Nvidia chips it bought", "2000 Nvidia chips", "count", 2000, "chip", "exact"),  # a round figure
    ("the 1,982 protesters marched", "1,982 protesters", "count", 1982, "protester", "exact"),
    # Catalog units that news means otherwise: wax candles, TV networks, electric vehicles.
    ("covered in 500 candles", "500 candles", "count", 500, "candle", "exact"),  # no candelas
    ("two high-stakes contests on Tuesday", "two high-stakes contests", "count", 2, "contest", "exact"),
    ("27 overseas booths opened", "27 overseas booths", "count", 27, "booth", "exact"),
    ("across 11 TV networks", "11 TV networks", "count", 11, "network", "exact"),  # no teravolts
    ("about 40 EV chargers", "about 40 EV chargers", "count", 40, "charger", "approx"),  # no electronvolts
    ("a few hundred thousand people fled the city", "a few hundred thousand people", "count", None, "person",
     "vague"),
    ("with a couple thousand reduced-capability chips", "a couple thousand reduced-capability chips", "count", 2000,
     "chip", "approx"),
    ("it cost a couple of million dollars", "a couple of million dollars", "money", 2e6, "USD", "approx"),
    ("a couple of dozen protesters gathered", "a couple of dozen protesters", "count", 24, "protester", "approx"),
    ("his three million X-formerly-Twitter followers", "three million X-formerly-Twitter followers", "count", 3e6,
     "follower", "exact"),
    ("two new PebbleOS-based smartwatches", "two new PebbleOS-based smartwatches", "count", 2, "smartwatch", "exact"),
    ("The 6-foot-9 senior needed nine points to pass Ford", "nine points", "count", 9, "point", "exact"),
    ("more than 1,000 people were killed", "more than 1,000 people", "count", 1000, "person", "at_least"),
    # "other", "more", "further" between a number and its noun: the noun is still what is counted.
    ("He is serving six other life sentences.", "six other life sentences", "count", 6, "sentence", "exact"),
    ("210 years in prison for nine other murders", "nine other murders", "count", 9, "murder", "exact"),
    ("Police arrested two more suspects on Monday.", "two more suspects", "count", 2, "suspect", "exact"),
    ("Three further patients died overnight.", "Three further patients", "count", 3, "patient", "exact"),
    # "N of the <noun>": those of them counted (keying makes it a part)
    ("Seven of the men have been convicted.", "Seven of the men", "count", 7, "man", "exact"),
    # An obituary's age: "died ... at 91"
    ("Esther Williams died Thursday at 91.", "91", "quantity", 91, "year of age", "exact"),
    ("Bettie Page died at 85 in Los Angeles.", "85", "quantity", 85, "year of age", "exact"),
    ("Twelve of the victims were children.", "Twelve of the victims", "count", 12, "victim", "exact"),
    # Plurals in -oes and -ves, as the lemmatizer reads them ("shoes" stays "shoe").
    ("The port loaded 20 cargoes of wheat.", "20 cargoes", "count", 20, "cargo", "exact"),
    ("She was one of 12 heroes honoured.", "12 heroes", "count", 12, "hero", "exact"),
    ("Police seized 40 knives on Sunday.", "40 knives", "count", 40, "knife", "exact"),
    ("He bought 3 shoes and 2 wolves.", "3 shoes", "count", 3, "shoe", "exact"),
    # People befallen by what news counts, the noun left out: a count of people.
    ("the blast killed 12 people and injured 74.", "74", "count", 74, "person", "exact"),
    ("Another 74 were injured, police said.", "74", "count", 74, "person", "exact"),
    ("killing at least 12 and wounding 40", "40", "count", 40, "person", "exact"),
    ("The storm killed two and injured five.", "two", "count", 2, "person", "exact"),
    ("Police arrested 15 on Sunday.", "15", "count", 15, "person", "exact"),
    ("30 dead, 12 missing after the floods", "12", "count", 12, "person", "exact"),
    ("1 dead, 4 injured in crash", "1", "count", 1, "person", "exact"),
    ("The jet crashed, killing all 44 aboard.", "44", "count", 44, "person", "exact"),
    ("He was one of 12 killed in the blast.", "12", "count", 12, "person", "exact"),
    ("between 2,000 and 3,000 people", "between 2,000 and 3,000 people", "count", 2500, "person", "range"),
    ("dozens of people were hurt", "dozens of people", "count", None, "person", "vague"),
    ("tens of thousands of protesters", "tens of thousands of protesters", "count", None, "protester", "vague"),
    ("half a million people", "half a million people", "count", 5e5, "person", "exact"),
    ("cut your expectations 100x", "100x", "factor", 100, "x", "exact"),
    ("Tencent triples capital expenditure", "triples", "factor", 3, "x", "exact"),
    ("a three-fold rise", "three-fold", "factor", 3, "x", "exact"),
    ("the stock is up 10-fold since 2019", "10-fold", "factor", 10, "x", "exact"),
    ("over the next four years", "four years", "duration", 4, "year", "exact"),
    ("30-day battery life", "30-day", "duration", 30, "day", "exact"),
    # A unit of two words hyphenated into the compound it opens.
    ("a 1,500-square-foot home", "1,500-square-foot", "quantity", 1500, "square foot", "exact"),
    ("a 20-square-mile area of forest", "20-square-mile", "quantity", 20, "square mile", "exact"),
    ("a 2-mile-long tunnel", "2-mile", "quantity", 2, "mile", "exact"),
    ("a 10 MW plant", "10 MW", "quantity", 10, "megawatt", "exact"),
    ("3 million tonnes of oil", "3 million tonnes", "quantity", 3e6, "tonne", "exact"),
    ("in a January 20 tweet", "January 20", "date", None, "", "exact"),
    ("On 23 October, the government gave", "23 October", "date", None, "", "exact"),
    ("Last Friday, 1, 300 biologists signed", "1, 300 biologists", "count", 1300, "biologist", "exact"),
    ("the cost is 100元, paid monthly", "100元", "money", 100, "CNY", "exact"),
    ("a fine of 100,000 ₭ was paid", "100,000 ₭", "money", 100000, "LAK", "exact"),
    ("a quarter million people marched", "a quarter million people", "count", 250000, "person", "exact"),
    ("It paid about 50,000 stg for the stake", "about 50,000 stg", "money", 50000, "GBP", "approx"),
    # Title-case headlines: capitals mark neither names nor the end of the noun phrase.
    ("DeepSeek Hits 2 Million Downloads in Two Weeks", "2 Million Downloads", "count", 2e6, "download", "exact"),
    ("Nvidia Loses Nearly $600 Billion In Market Value", "Nearly $600 Billion", "money", 6e11, "USD", "approx"),
    ("Company Cuts 1,500 Jobs After Weak Quarter", "1,500 Jobs", "count", 1500, "job", "exact"),
    # Acronyms counted by their plural; a modifier noun before the head ("data centres", "police officers").
    ("using 2,048 Nvidia H800 GPUs over two months", "2,048 Nvidia H800 GPUs", "count", 2048, "GPU", "exact"),
    ("the carmaker sold 1,000 EVs in March", "1,000 EVs", "count", 1000, "EV", "exact"),
    ("Stargate will build 10 data centres in Texas", "10 data centres", "count", 10, "centre", "exact"),
    ("three police officers were hurt", "three police officers", "count", 3, "officer", "exact"),
    ("about 900 sales people lost their jobs", "about 900 sales people", "count", 900, "person", "approx"),
    ("Shares in ASML fell 7pc in Amsterdam", "7pc", "percent", 7, "percent", "exact"),
    ("its $200-a-month ChatGPT Pro plan", "$200-a-month", "money", 200, "USD", "exact"),
    ("The 40-year-old founder owns 84% of the firm", "40-year-old", "quantity", 40, "year of age", "exact"),
    ("the 747-SRs were retired", "747", "number", 747, "", "exact"),  # a model name glued by a hyphen, no count
    # A number hyphened to a word is an adjective ("a 1.5bn-strong base"): it counts nothing after it; but a noun
    # hyphened to its number, in a compound that modifies the next noun, is what that has so many of.
    ("a 1.5bn-strong user base spans 190 countries", "1.5bn", "number", 1.5e9, "", "exact"),
    ("new 32-bit microprocessors", "32-bit", "count", 32, "bit", "exact"),
    ("She wrote a 15-page report on the case", "15-page", "count", 15, "page", "exact"),
    ("A 10-member panel will decide", "10-member", "count", 10, "member", "exact"),
    ("a 2,000-strong workforce", "2,000", "number", 2000, "", "exact"),  # an adjective
    ("won by a one-sided 5-0 score", "5", "count", 5, "score", "exact"),
    ("Net 3,533,000 vs 2,000,000 NOTE: per share figures", "2,000,000", "number", 2e6, "", "exact"),  # a label
    ("emissions 5 percent below 1990 levels", "1990", "date", None, "", "exact"),
    ("by the year 2000 the plan", "2000", "date", None, "", "exact"),  # a round year after "year"
    ("the class of '81 met again", "81", "date", None, "", "exact"),  # a year's last two digits
    ("they sold 20 or so tickets", "20 or so tickets", "count", 20, "ticket", "approx"),
    ("gives it control over 60 percent of the market", "60 percent", "percent", 60, "percent", "exact"),  # a preposition
    ("one notable exception is the state", "one notable exception", "count", 1, "exception", "exact"),
    ("two Democrats voted against it", "two Democrats", "count", 2, "Democrat", "exact"),  # a party's members
    ("three Conservatives quit the cabinet", "three Conservatives", "count", 3, "Conservative", "exact"),
    ("He ran for 189 rushing yards", "189 rushing yards", "quantity", 189, "yard", "exact"),  # as "189 yards rushing"
    ("Net profit for the nine mths rose", "nine mths", "duration", 9, "month", "exact"),  # wire copy's months
    ("It travels 5 miles a second", "5 miles a second", "quantity", 5, "mile", "exact"),
    ("The tree stood for over 200 years", "over 200 years", "duration", 200, "year", "at_least"),  # "for over": more
    ("three movies were made", "three movies", "count", 3, "movie", "exact"),  # the lemma keeps "movie"
    ("harmful gases from 3 buses", "3 buses", "count", 3, "bus", "exact"),  # and drops the "e" of "buses"
    ("she won 4 prizes", "4 prizes", "count", 4, "prize", "exact"),
    ("NEW YORK, May 21 (Reuters) ― Two dozen U.S. states sued", "Two dozen U.S. states", "count", 24, "state",
     "exact"),  # a dateline's bar opens the sentence
    ("down from about 3 million two days earlier", "two days", "duration", 2, "day", "exact"),  # no adjective of days
    ("The state's total prison population is 71,233.", "71,233", "count", 71233, "person", "exact"),
    ("In the 25,000-student Kent School District", "25,000-student", "count", 25000, "student", "exact"),
    ("Potential 2020 presidential contenders seized on it", "2020", "date", None, "", "exact"),
    ("plans two 500-bed facilities", "500-bed", "count", 500, "bed", "exact"),  # "bed" is no participle
    ("the two most outspoken critics of Trump", "two most outspoken critics", "count", 2, "critic", "exact"),
    ("The US says two of its submarines were monitoring", "two of its submarines", "count", 2, "submarine", "exact"),
    ("was thousands of miles away", "thousands of miles", "quantity", None, "mile", "vague"),  # a measure, no count
    ("hundreds of inches of snow", "hundreds of inches", "quantity", None, "inch", "vague"),
    ("Net 1,555,000 vs 900,000 Sales 2,447,000", "900,000", "number", 900000, "", "exact"),  # the next figure's label
    ("killing five people and wounding two others, police said", "two others", "count", 2, "person", "exact"),
    ("three others were damaged", "three others", "count", 3, "other", "exact"),  # no casualty: others of anything
    ("they are all a million times better", "a million times", "factor", 1e6, "x", "exact"),
    ("raise the temperature by two degrees centigrades", "two degrees centigrades", "quantity", 2, "degree Celsius",
     "exact"),
    ("confirmed by a 51-to-40 vote in the Senate", "40", "count", 40, "vote", "exact"),  # a tally's second side
    ("children under 12 should always sit in the rear", "under 12", "quantity", 12, "year of age", "at_most"),
    ("Americans over 65 got shots", "over 65", "quantity", 65, "year of age", "at_least"),  # people by their age
    ("sales under 12 units", "under 12 units", "count", 12, "unit", "at_most"),
    ("a roundup of 25 suspicious or interesting claims", "25 suspicious or interesting claims", "count", 25, "claim",
     "exact"),  # adjectives joined by "or"
    ("At least 50 reported injured and buildings destroyed", "At least 50", "number", 50, "", "at_least"),  # no "and"
    ("The bill, which has 14 co-sponsors, outlines", "14 co-sponsors", "count", 14, "co-sponsor", "exact"),
    ("the assassination of Kennedy in 1963 reveals that", "1963", "date", None, "", "exact"),  # "reveals" a verb
    ("to repeal the controversial 2015 rules", "2015", "date", None, "", "exact"),  # an adjective opens the phrase
    ("He purchased 1995 shares", "1995 shares", "count", 1995, "share", "exact"),  # after a verb: a count
    ("during the 1997-1998 school year", "1998", "date", None, "", "exact"),  # no 1998-year span
    ("construction of a 60-unit Days Inn in Athens", "60-unit", "count", 60, "unit", "exact"),  # "Days": a name
    ("the temperature will rise by 2100", "2100", "date", None, "", "exact"),  # a round year after "by"
    ("China will contribute closer to $40 million", "closer to $40 million", "money", 4e7, "USD", "approx"),
    ("the nation is 65 years of age or older", "65 years of age or older", "quantity", 65, "year of age", "at_least"),
    ("people 65 and older are at risk", "65 and older", "quantity", 65, "year of age", "at_least"),
    ("Poll Shows 99 Percent Approve", "99 Percent", "percent", 99, "percent", "exact"),  # a headline's capitals
    ("PRICES RISE 0.1 PCT IN MAY", "0.1 PCT", "percent", 0.1, "percent", "exact"),
    ("ACME 1986 YEAR NET", "1986", "date", None, "", "exact"),  # no 1,986-year span
    ("models from 2021 to 2026 passenger cars", "2026", "date", None, "", "exact"),  # a span's second year
    ("Revs 3,149,000 vs 2,000,000 Avg shrs 10,429,000", "2,000,000", "number", 2e6, "", "exact"),  # a label's
    # ...unless the word hedges it.
    ("the 50-odd states", "50-odd states", "count", 50, "state", "approx"),
    ("its 400-plus bank creditors", "400-plus bank creditors", "count", 400, "creditor", "at_least"),
    ("a bill of Rs 1,200 crore (about $145 million)", "about $145 million", "money", 1.45e8, "USD", "approx"),
    ("the app was downloaded 1.6m times", "1.6m", "number", 1.6e6, "", "exact"),
    # After a verb of change, "X to Y" is a change and a new level when X has its own unit; else a range.
    ("Profits rose 5 pct to 10 pct", "5 pct", "percent", 5, "percent", "exact"),
    ("Oil prices rose $2 to $85.50 a barrel", "$85.50 a barrel", "money", 85.5, "USD", "exact"),
    ("sales may rise 5 to 10 pct", "5 to 10 pct", "percent", 7.5, "percent", "range"),
    # ... and when X is bare, as far apart as a change and a level are (a range's ends are near each other)
    ("Weekly jobless claims rose by 10,000 to 850,000", "850,000", "number", 850000, "", "exact"),
    ("The index climbed 150 to 10,500 on Friday", "10,500", "number", 10500, "", "exact"),
    ("The death toll rose by two to 15", "15", "count", 15, "person", "exact"),  # the toll: people
    ("it sold for $5 million to $6 million", "$5 million to $6 million", "money", 5.5e6, "USD", "range"),
    # A suspended hyphen: the unit after the second end is both ends'.
    ("Among 25- to 34-year-olds, support was 40 percent", "25- to 34-year-olds", "quantity", 29.5, "year of age",
     "range"),
    ("a 10- to 15-minute walk", "10- to 15-minute", "duration", 12.5, "minute", "range"),
    ("a $5- to $6-million deal", "$5- to $6-million", "money", 5.5e6, "USD", "range"),
    # An age whose unit is the word before it ("aged"): a bare second end is a range of ages, not a change.
    ("people aged 25 to 34 were asked", "25 to 34", "quantity", 29.5, "year of age", "range"),
    # Temperatures through quantulum3's symbols and surfaces; a glued C or F only within earthly degrees.
    ("Temperatures reached 45°C in Seville", "45°C", "quantity", 45, "degree Celsius", "exact"),
    ("a heatwave of 45C (113F)", "113F", "quantity", 113, "degree fahrenheit", "exact"),
    ("to limit warming to 1.5C", "1.5C", "quantity", 1.5, "degree Celsius", "exact"),
    ("it was 40 degrees Celsius at noon", "40 degrees Celsius", "quantity", 40, "degree Celsius", "exact"),
    ("revenue more than doubled", "more than doubled", "factor", 2, "x", "at_least"),
    ("costs nearly tripled", "nearly tripled", "factor", 3, "x", "approx"),
    ("output of 3m barrels a day", "3m barrels a day", "quantity", 3e6, "barrel", "exact"),
    ("a wall 5 m high", "5 m", "quantity", 5, "metre", "exact"),  # no millions: nothing counted after the "m"
    ("5m people watched the final", "5m people", "count", 5e6, "person", "exact"),
    ("Temperatures reached 48C.", "48C", "quantity", 48, "degree Celsius", "exact"),
    ("The deal (about $145 million) closed", "about $145 million", "money", 1.45e8, "USD", "approx"),  # no negative
    ("it seeks to raise $1 billion to $1.5 billion in its IPO", "$1 billion to $1.5 billion", "money", 1.25e9,
     "USD", "range"),  # a change verb, but no reported change
    ("profits rose by 5% to $3bn", "$3bn", "money", 3e9, "USD", "exact"),
    ("it is cutting its price by 0.75 cent to 66 cents a lb", "0.75 cent", "money", 0.0075, "USD", "exact"),
    ("Initial claims fell by 92,000 to 498,000 in the week", "92,000", "number", 92000, "", "exact"),  # by, then to
    ("Initial claims fell by 92,000 to 498,000 in the week", "498,000", "number", 498000, "", "exact"),
    ("prices rose by 5 to 10 percent", "5 to 10 percent", "percent", 7.5, "percent", "range"),  # 2x: a range
    ("Initial claims decreased by 193,000 to 576,000 in the week", "193,000", "number", 193000, "", "exact"),  # 3x
    ("Initial claims decreased by 193,000 to 576,000 in the week", "576,000", "number", 576000, "", "exact"),
    # A bare figure set against one right before it is in its unit (wire copy leaves it unsaid).
    ("exports rose to 22,068 tonnes in 1986 from 20,430 a year earlier", "20,430", "quantity", 20430, "tonne",
     "exact"),
    ("the rate fell to 5.2 pct from 5.5", "5.5", "percent", 5.5, "percent", "exact"),
    ("losing 400,000 units between 1993 and 1997, compared with 425,000 between 1985 and 1993", "425,000", "count",
     425000, "unit", "exact"),  # the years between are skipped
    ("Net 211.03 mln dlrs vs 138.69 mln", "138.69 mln", "money", 1.3869e8, "USD", "exact"),
    ("sales rose to $5.2 million from 4.1", "4.1", "number", 4.1, "", "exact"),  # 1/1000 of it: not its unit
    ("He lived at 12 Main St from 1990 to 1995", "12", "number", 12, "", "exact"),
    ("Books close April 21 to 27", "27", "date", None, "", "exact"),  # the last day of a range of dates
    ("The fair runs Sept. 12-14 in Paris", "14", "date", None, "", "exact"),
    ("In 1998 and 12 more years", "12 more years", "duration", 12, "year", "exact"),  # after a year: no day
    ("to give him four more years in office", "four more years", "duration", 4, "year", "exact"),
    ("They walked three more miles to the camp", "three more miles", "quantity", 3, "mile", "exact"),
    ("After 10 long months of delay", "10 long months", "duration", 10, "month", "exact"),  # an adjective, a time
    ("for 20 consecutive months", "20 consecutive months", "duration", 20, "month", "exact"),
    ("BERLIN (AP) _ Two medical experts testified", "Two medical experts", "count", 2, "expert", "exact"),  # dateline
    ("LONDON -- Three people died", "Three people", "count", 3, "person", "exact"),
    ("all between the ages of 17 and 19 when", "17 and 19", "quantity", 18, "year of age", "range"),
    ("two men, aged 45 and 50, were", "45", "quantity", 45, "year of age", "exact"),  # two ages, no range
    ("The debentures have an 8-3/4 pct coupon", "8-3/4 pct", "percent", 8.75, "percent", "exact"),  # wire copy
    ("priced to yield 6-3/16 pct", "6-3/16 pct", "percent", 6.1875, "percent", "exact"),
    ("He served 2-1/2 years in prison", "2-1/2 years", "duration", 2.5, "year", "exact"),
    (" --Aug. 14 -- The navy announces a malfunction", "Aug. 14", "date", None, "", "exact"),  # a timeline's dash
    ("claims ticked up to 3.731 million from 3.727 million", "3.731 million", "number", 3.731e6, "", "exact"),
    ("He said 11 of the 63 patients tested negative", "11", "count", 11, "patient", "exact"),  # the whole's noun
    ("He said 11 of the 63 patients tested negative", "63 patients", "count", 63, "patient", "exact"),
    ("Four of the five categories rose", "Four", "count", 4, "category", "exact"),
    ("in denominations of 1,000 and 10,000 dlrs", "1,000", "money", 1000, "USD", "exact"),  # one unit for both
    ("prices rose 2 or 3 percent", "2", "percent", 2, "percent", "exact"),
    ("the 13- and 15-inch models", "13", "quantity", 13, "inch", "exact"),
    ("a touted 5 and 7 hours of battery", "5", "duration", 5, "hour", "exact"),
    ("The death toll from the quake climbed to 25 by Tuesday", "25", "count", 25, "person", "exact"),  # its people
    ("raising the death toll in Gaza to at least 25", "at least 25", "count", 25, "person", "at_least"),
    ("a toll road to exit 25", "25", "number", 25, "", "exact"),
    ("the number of confirmed cases rose to 1,000 on Monday", "1,000", "count", 1000, "case", "exact"),
    ("The number of people without power stood at 25,000.", "25,000", "count", 25000, "person", "exact"),
    ("The number of people infected worldwide surpassed 100,000", "100,000", "count", 100000, "person", "exact"),
    ("A number of officials said 30 were fired", "30", "number", 30, "", "exact"),  # "a number of": some
    ("never seen consolidated in one global crisis, experts said", "one global crisis", "count", 1, "crisis",
     "exact"),  # "crisis" is no plural of "crisi"
    ("with an upgraded model going for $2, 199.", "$2, 199", "money", 2199, "USD", "exact"),  # ECB+'s spaced group
    ("with 37 of the candidates registered in Ashgabat, 46 in Akhal region", "46", "count", 46, "candidate",
     "exact"),  # a list's item, its noun left to the one before
    ("They found 12 bodies, 3 on Monday and 9 on Tuesday", "9", "count", 9, "body", "exact"),
    ("at least one roving gang attacked", "at least one roving gang", "count", 1, "gang", "at_least"),  # -ing adjective
    ("one building collapsed", "one building", "count", 1, "building", "exact"),  # not a verb's form
    ("The manhunt after the attack that killed at least 12 continues", "at least 12", "count", 12, "person",
     "at_least"),  # "continues": a verb, the people killed are counted
    ("In 2008, 40 in the room said no", "40", "number", 40, "", "exact"),  # after a year: no noun to take
    ("Fred LaRue, 75 ; delivered 'hush' money", "75", "quantity", 75, "year of age", "exact"),  # a headline's age
    ("in round 2 and 300 fans came", "2", "number", 2, "", "exact"),  # 150 times apart: no unit
    ("It will hire up to 500 workers from the area", "up to 500 workers", "count", 500, "worker", "at_most"),
    ("it will cut costs by $50 million to $60 million", "$50 million to $60 million", "money", 5.5e7, "USD",
     "range"),
    ("it will raise its price 75 cts to 42.75 dlrs", "75 cts", "money", 0.75, "USD", "exact"),  # 57x apart
    ("exports are expected to rise 27.7 pct to 350,000 tonnes", "27.7 pct", "percent", 27.7, "percent", "exact"),
    ("net profit of 26 mln dlrs to 28 mln", "26 mln dlrs to 28 mln", "money", 2.7e7, "USD", "range"),
    ("Its 1986 sales volumes rose", "1986", "date", None, "", "exact"),
    # People by nation or party, capitalised.
    ("More than 40,000 Palestinians have been killed", "More than 40,000 Palestinians", "count", 40000,
     "Palestinian", "at_least"),
    ("three Americans were freed", "three Americans", "count", 3, "American", "exact"),
    # An acronym is no function word ("US" is not "us"), unless the line is all capitals.
    ("Five US soldiers were killed", "Five US soldiers", "count", 5, "soldier", "exact"),
    ("Millions of US families will get checks", "Millions of US families", "count", None, "family", "vague"),
    # Hard-wrapped wire copy (~70 columns; a paragraph opens on an indent or after a blank line): a line
    # break inside a paragraph is a space; the surface and offsets stay those of the original text.
    ("The new charter was approved on Friday by some 500\ngrassroots national committees, officials said.",
     "some 500\ngrassroots national committees", "count", 500, "committee", "approx"),
    ("The tobacco companies agreed last year to settle the claims by paying $21\nbillion over 25 years.",
     "$21\nbillion", "money", 2.1e10, "USD", "exact"),
    ("   At least 3 million people in the United States _ about 1.6\npercent of adults _ will suffer from it\n",
     "about 1.6\npercent", "percent", 1.6, "percent", "approx"),
    ("The company said it would cut its work force by about 1,200 jobs, or\n8 pct, over the next two years.",
     "8 pct", "percent", 8, "percent", "exact"),
    ("Officials at the agency said on Tuesday that the storm had destroyed 3,400\nhomes along the coast.",
     "3,400\nhomes", "count", 3400, "home", "exact"),
    # A weekday before a number is no name the number belongs to ("Boeing 737"): the figure is read.
    ("Officials said Tuesday 220 people died in the attack.", "220 people", "count", 220, "person", "exact"),
    ("Apple said Monday 1,000 workers would be laid off.", "1,000 workers", "count", 1000, "worker", "exact"),
    # Irregular plurals are counted nouns (the lemmatizer's lemma, fitting the plural's ending).
    ("the college admitted 89 freshmen this fall", "89 freshmen", "count", 89, "freshman", "exact"),
    ("at least 12 children were hurt", "at least 12 children", "count", 12, "child", "at_least"),
    ("the panel set out 30 criteria for the grant", "30 criteria", "count", 30, "criterion", "exact"),
    ("some 400 alumni attended the dinner", "some 400 alumni", "count", 400, "alumnus", "approx"),
    ("three women doctors were hired", "three women doctors", "count", 3, "doctor", "exact"),
    ("five media outlets reported the figure", "five media outlets", "count", 5, "outlet", "exact"),
    ("the study ran 14 analyses of the data", "14 analyses", "count", 14, "analysis", "exact"),
    # Ages: a unit of their own, never a duration.
    ("a 60-year-old man was arrested", "60-year-old", "quantity", 60, "year of age", "exact"),
    ("a five-month-old baby was found", "five-month-old", "quantity", 5, "month of age", "exact"),
    ("the victim, aged 45, was taken to hospital", "45", "quantity", 45, "year of age", "exact"),
    ("he retired at the age of 62", "62", "quantity", 62, "year of age", "exact"),
    ("a photographer named Ellen Shub died, near Boston, at the age of seventy-three.", "seventy-three", "quantity", 73,
     "year of age", "exact"),  # spelled, at a sentence's end
    ("she was 29 years old when she founded it", "29 years old", "quantity", 29, "year of age", "exact"),
    # A number set off by commas after a name, the next word in lower case: the person's age.
    ("Tara Reid, 33, was photographed at the party", "33", "quantity", 33, "year of age", "exact"),
    ("The troubled actress, 26, would be arrested", "26", "quantity", 26, "year of age", "exact"),  # a noun as a name
    ("his son, 12, was hurt", "12", "quantity", 12, "year of age", "exact"),
    ("Of the total, 45, were sold at auction", "45", "number", 45, "", "exact"),  # after a preposition: no person
    ("said Marc O'Neal, 43, a schoolteacher", "43", "quantity", 43, "year of age", "exact"),
    ("Florida, 29, Texas, 38 and Ohio, 18 electoral votes", "29", "number", 29, "", "exact"),
    ("sales rose to 12, and then fell", "12", "number", 12, "", "exact"),
    ("flu deaths in New York City, 29, and Boston, 4, were reported", "29", "number", 29, "", "exact"),  # a place
    ("most cases are found at around 3 years of age", "around 3 years of age", "quantity", 3, "year of age",
     "approx"),
    # Changes: "from X to Y" reads both values (marked "from" and "to"), not a range...
    ("The jobless rate fell from 4.8 percent to 4.7 percent in May", "4.8 percent", "percent", 4.8, "percent",
     "exact"),
    ("The jobless rate fell from 4.8 percent to 4.7 percent in May", "4.7 percent", "percent", 4.7, "percent",
     "exact"),
    ("median income dropped from $36,040 to $34,935", "$36,040", "money", 36040, "USD", "exact"),
    ("median income dropped from $36,040 to $34,935", "$34,935", "money", 34935, "USD", "exact"),
    ("output rose from 5 to 6 million barrels", "5", "quantity", 5e6, "barrel", "exact"),  # the unit is both's
    # ...unless it is a span: "ranging from", "anywhere from".
    ("fines ranging from $5,000 to $10,000", "$5,000 to $10,000", "money", 7500, "USD", "range"),
    # Signs: a minus before digits, and the word "minus".
    ("European bourses fell: CAC -1.7% DAX -1.6%", "-1.7%", "percent", -1.7, "percent", "exact"),
    ("European bourses fell: CAC -1.7% DAX -1.6%", "-1.6%", "percent", -1.6, "percent", "exact"),
    ("nitrogen boils at minus 320 Fahrenheit", "minus 320 Fahrenheit", "quantity", -320, "degree fahrenheit",
     "exact"),
    ("the probe measured minus-130 degrees Fahrenheit", "minus-130 degrees Fahrenheit", "quantity", -130,
     "degree fahrenheit", "exact"),
    # Decimals without a leading zero; scales that belong to both ends of a range, or come two at once.
    ("rates near .001 per cent", ".001 per cent", "percent", 0.001, "percent", "exact"),
    ("it trades at $.50 a share", "$.50 a share", "money", 0.5, "USD", "exact"),
    ("four to five thousand people marched", "four to five thousand people", "count", 4500, "person", "range"),
    ("between two and three million dollars", "between two and three million dollars", "money", 2.5e6, "USD",
     "range"),
    ("some 4 hundred million people", "some 4 hundred million people", "count", 4e8, "person", "approx"),
    ("a market of about 8 B people", "about 8 B people", "count", 8e9, "person", "approx"),
    # Currencies: codes, symbols, names and country adjectives from CLDR; wire and regional styles.
    ("the company will pay dlrs 60 million for it", "dlrs 60 million", "money", 6e7, "USD", "exact"),
    ("a loan of dlrs 800,000 was agreed", "dlrs 800,000", "money", 8e5, "USD", "exact"),
    ("profit of 5 mln dlrs 12 months earlier", "12 months", "duration", 12, "month", "exact"),  # no prefix
    ("the bank raised HK $3.7 billion", "HK $3.7 billion", "money", 3.7e9, "HKD", "exact"),
    ("a US $473 million contract", "US $473 million", "money", 4.73e8, "USD", "exact"),
    ("debts of $US113 trillion", "$US113 trillion", "money", 1.13e14, "USD", "exact"),
    ("the estate paid $A82,615,680", "$A82,615,680", "money", 82615680, "AUD", "exact"),
    ("damage put at $ US1 million ($ 1.52 million)", "$ US1 million", "money", 1e6, "USD", "exact"),  # tokenised
    ("a meal costs RM42 in Kuala Lumpur", "RM42", "money", 42, "MYR", "exact"),
    ("a meal costs RM 42 there", "RM 42", "money", 42, "MYR", "exact"),
    ("tickets priced at Rs20 each", "Rs20", "money", 20, "INR", "exact"),
    ("tickets priced at Rs.20 each", "Rs.20", "money", 20, "INR", "exact"),
    ("a fare of Ksh 500", "Ksh 500", "money", 500, "KES", "exact"),
    ("candy bars at 10¢ each", "10¢", "money", 0.1, "USD", "exact"),
    ("a pint costs ten pounds now", "ten pounds", "money", 10, "GBP", "exact"),
    ("he lost 20 pounds last year", "20 pounds", "count", 20, "pound", "exact"),  # a weight
    ("it only cost me 42 bucks", "42 bucks", "money", 42, "USD", "exact"),
    ("a kilo of bread costs 42 Lebanese pounds", "42 Lebanese pounds", "money", 42, "LBP", "exact"),
    ("a fine of 5,000 Egyptian pounds", "5,000 Egyptian pounds", "money", 5000, "EGP", "exact"),
    ("bread rose to ten rials", "ten rials", "money", 10, "IRR", "exact"),
    ("a fee of 300 Saudi riyals", "300 Saudi riyals", "money", 300, "SAR", "exact"),
    ("it cost 20 ringgit and 43 sen", "20 ringgit and 43 sen", "money", 20.43, "MYR", "exact"),
    ("an aid package of 2 billion Kenyan shillings", "2 billion Kenyan shillings", "money", 2e9, "KES", "exact"),
    ("a bill of 4,000 Nigerian naira", "4,000 Nigerian naira", "money", 4000, "NGN", "exact"),
    # Local symbols of the regional English press: Kenya, Egypt, Bangladesh, the Emirates, Ghana.
    ("a fare of KSh500 million", "KSh500 million", "money", 5e8, "KES", "exact"),
    ("a fine of E£20,000", "E£20,000", "money", 2e4, "EGP", "exact"),
    ("a budget of Tk 50 crore", "Tk 50 crore", "money", 5e8, "BDT", "exact"),
    ("rents of Dhs50,000 a year", "Dhs50,000 a year", "money", 5e4, "AED", "exact"),
    ("a ticket costs GH¢10", "GH¢10", "money", 10, "GHS", "exact"),
    ("a grant of Ksh2 billion", "Ksh2 billion", "money", 2e9, "KES", "exact"),
    ("a bill of Sh2 billion", "Sh2 billion", "money", 2e9, "KES", "exact"),
    ("a project of Rs 500 cr", "Rs 500 cr", "money", 5e9, "INR", "exact"),  # crore abbreviated
    ("fares of CDN$5", "CDN$5", "money", 5, "CAD", "exact"),
    ("a euro110 billion ($141 billion) bailout", "euro110 billion", "money", 1.1e11, "EUR", "exact"),  # AP style
    # Spoken and colloquial money: one unit after "a", spoken decimals, cents after a spelled hundred,
    # "and a half" after a scale, slang units, pence and cents glued to the number.
    ("it cost a dollar", "a dollar", "money", 1, "USD", "exact"),
    ("living on less than a dollar a day", "less than a dollar a day", "money", 1, "USD", "at_most"),
    ("a coffee is a dollar fifty", "a dollar fifty", "money", 1.5, "USD", "exact"),
    ("not a cent more", "a cent", "money", 0.01, "USD", "exact"),
    ("a loaf for a euro", "a euro", "money", 1, "EUR", "exact"),
    ("it costs half a dollar", "half a dollar", "money", 0.5, "USD", "exact"),
    ("a package of Rs. 5 lakh crore", "Rs. 5 lakh crore", "money", 5e12, "INR", "exact"),
    ("deposit rates of negative 0.5 percent", "negative 0.5 percent", "percent", -0.5, "percent", "exact"),
    ("it lost three point five million dollars", "three point five million dollars", "money", 3.5e6, "USD", "exact"),
    ("a rate of zero point two five percent", "zero point two five percent", "percent", 0.25, "percent", "exact"),
    ("fifty four point two billion euros", "fifty four point two billion euros", "money", 5.42e10, "EUR", "exact"),
    ("one hundred twenty three dollars and forty five cents", "one hundred twenty three dollars and forty five cents",
     "money", 123.45, "USD", "exact"),
    ("ten united states dollars", "ten united states dollars", "money", 10, "USD", "exact"),
    ("a million and a half dollars", "a million and a half dollars", "money", 1.5e6, "USD", "exact"),
    ("he owes me five grand, he said", "five grand", "money", 5000, "USD", "exact"),
    ("a round costs 50 quid", "50 quid", "money", 50, "GBP", "exact"),
    ("the 5p bag charge", "5p", "money", 0.05, "GBP", "exact"),
    ("sodas at 99c.", "99c", "money", 0.99, "USD", "exact"),
    # An earthquake's magnitude, the way news writes it before and after the number.
    ("a 7.1-magnitude quake hit", "7.1-magnitude", "quantity", 7.1, "magnitude", "exact"),
    ("a magnitude 6.4 earthquake struck", "magnitude 6.4", "quantity", 6.4, "magnitude", "exact"),
    ("a magnitude-6.4 earthquake struck", "magnitude-6.4", "quantity", 6.4, "magnitude", "exact"),
    ("a quake measuring 5.9 on the Richter scale", "5.9 on the Richter scale", "quantity", 5.9, "magnitude", "exact"),
    ("first rated as 4.4 in magnitude", "4.4 in magnitude", "quantity", 4.4, "magnitude", "exact"),
    ("24 dead as a 6.1 magnitude quake hits Aceh", "6.1 magnitude", "quantity", 6.1, "magnitude", "exact"),  # no "hits"
    # Unit abbreviations news writes: the catalog's symbols in capitals, two-word symbols, speeds with a
    # slash, concentrations, fuel economy, sports rates, degrees with a scale letter.
    ("a 784 HP engine", "784 HP", "quantity", 784, "horsepower", "exact"),
    ("it shipped 3 PC models", "3 PC models", "count", 3, "model", "exact"),  # "PC" no parsec
    ("the grid ran at 49.55 HZ", "49.55 HZ", "quantity", 49.55, "hertz", "exact"),
    ("a 570 sq m flat", "570 sq m", "quantity", 570, "square metre", "exact"),
    ("a 2,500 sq ft house", "2,500 sq ft", "quantity", 2500, "square foot", "exact"),
    ("winds of 140 km/h", "140 km/h", "quantity", 140, "kilometre per hour", "exact"),
    ("a 10 Mb line", "10 Mb", "quantity", 10, "megabit", "exact"),  # no megabarns: barns are not news units
    ("a 2 MB attachment", "2 MB", "quantity", 2, "megabyte", "exact"),
    ("lead at 4 ppb in the water", "4 ppb", "quantity", 4, "part per billion", "exact"),
    ("a 5-mpg boost", "5-mpg", "quantity", 5, "mile per gallon", "exact"),
    ("he averages 15.3 ppg, 7.4 rpg", "15.3 ppg", "quantity", 15.3, "point per game", "exact"),
    ("he averages 15.3 ppg, 7.4 rpg", "7.4 rpg", "quantity", 7.4, "rebound per game", "exact"),
    ("output of 15.8 mln bpd", "15.8 mln bpd", "quantity", 1.58e7, "barrel per day", "exact"),
    ("a fever of 98.6 degrees f", "98.6 degrees f", "quantity", 98.6, "degree fahrenheit", "exact"),
    ("it was 6 deg c outside", "6 deg c", "quantity", 6, "degree Celsius", "exact"),
    ("the 1.5 to 2 degree range", "1.5 to 2 degree", "quantity", 1.75, "degree", "range"),
    # Micro written with Greek mu or the micro sign; metres as a bare "m" (no money, no noun after it);
    # a height in feet and inches as one figure.
    ("particles of 352 μm were found", "352 μm", "quantity", 352, "micrometre", "exact"),
    ("a dose of 120 µg was given", "120 µg", "quantity", 120, "microgram", "exact"),
    ("the 1.8m-tall striker", "1.8m", "quantity", 1.8, "metre", "exact"),
    ("a crane with a reach of 48m.", "48m", "quantity", 48, "metre", "exact"),
    ("he won the 100 m final", "100 m", "quantity", 100, "metre", "exact"),
    ("he is 6 feet 4 inches tall", "6 feet 4 inches", "quantity", 6 + 4 / 12, "foot", "exact"),
    ("the 5 ft 2 in guard", "5 ft 2 in", "quantity", 5 + 2 / 12, "foot", "exact"),
    ("a wall 12 feet and 6 inches high", "12 feet and 6 inches", "quantity", 12.5, "foot", "exact"),
    # Fractions: AP's "2 1/2", vulgar fractions, a fraction alone before what it measures.
    # A person's age after the name at the end of a sentence or a list item, as "Reid, 33, said" inside one.
    ("a gunman opened fire, killing Benjamin Banky, 40.", "40", "quantity", 40, "year of age", "exact"),
    ("The dead were Mary Jones, 62; Bob Lee, 45.", "62", "quantity", 62, "year of age", "exact"),
    ("John Murphy (45), from Cork, was charged.", "45", "quantity", 45, "year of age", "exact"),  # in brackets
    ("he served 2 1/2 years in prison", "2 1/2 years", "duration", 2.5, "year", "exact"),
    ("it takes more than 10 1/2 miles of cable", "more than 10 1/2 miles", "quantity", 10.5, "mile", "at_least"),
    ("he signed a 3½-year deal", "3½-year", "duration", 3.5, "year", "exact"),
    ("the bank cut rates by 1/2 percent", "1/2 percent", "percent", 0.5, "percent", "exact"),
    ("a 1/4 mile paved oval", "1/4 mile", "quantity", 0.25, "mile", "exact"),
    ("it raised $1 1/2 billion", "$1 1/2 billion", "money", 1.5e9, "USD", "exact"),
    ("add ½ teaspoon of salt", "½ teaspoon", "quantity", 0.5, "teaspoon", "exact"),  # a vulgar fraction alone
    ("the homes sit about ¾ mile from the plant", "about ¾ mile", "quantity", 0.75, "mile", "approx"),
    ("stir in 1/2 cup olive oil", "1/2 cup", "count", 0.5, "cup", "exact"),  # a fraction counts a singular noun
    # A share of a group is a percent, its precision one in the whole: "one in five adults" counts no five adults.
    ("one in five adults has had the virus", "one in five", "percent", 20, "percent", "exact"),
    ("Nearly 4 in 10 voters said they would", "Nearly 4 in 10", "percent", 40, "percent", "approx"),
    ("one out of every three children", "one out of every three", "percent", 100 / 3, "percent", "exact"),
    ("the risk is 1 in 1,000 people", "1 in 1,000", "percent", 0.1, "percent", "exact"),
    ("Two-thirds of voters backed it", "Two-thirds", "percent", 200 / 3, "percent", "exact"),
    ("a third of voters backed it", "a third", "percent", 100 / 3, "percent", "exact"),
    # Each side of a vote's tally counts votes: "voted 70-30", "a vote of 21 to 19", "the 5-4 ruling".
    ("The Senate voted 70-30 to confirm him", "70", "count", 70, "vote", "exact"),
    ("the Senate passed it by a vote of 21 to 19.", "19", "count", 19, "vote", "exact"),
    ("The court ruled 5-4 in the case", "4", "count", 4, "vote", "exact"),
    ("The justices split 5-4, with Roberts joining the liberals.", "5", "count", 5, "vote", "exact"),
    ("The 5-4 unsigned ruling follows similar decisions.", "4", "count", 4, "vote", "exact"),  # not "follows"
    # A name right before a vote's first side does not take the number ("Section 230"): the tally is read.
    ("senators voted to convict Trump 57 to 43.", "57", "count", 57, "vote", "exact"),
    ("The measure passed Tuesday 220-211.", "220", "count", 220, "vote", "exact"),
    # And of a game's final score: "won 24-17", "a 91-73 victory", "beat Evansville 91-73".
    ("Creighton defeated Drake, 65 - 53, on Friday", "53", "count", 53, "score", "exact"),
    ("helped the Colts beat the Jacksonville Jaguars 31-24 on Thursday", "31", "count", 31, "score", "exact"),
    ("nearly half of Americans applied", "nearly half", "percent", 50, "percent", "approx"),
    ("One half of the respondents said", "One half", "percent", 50, "percent", "exact"),
    ("a quarter of the workers left", "a quarter", "percent", 25, "percent", "exact"),
    ("nearly three quarters of respondents", "nearly three quarters", "percent", 75, "percent", "approx"),
    ("three quarters of an hour", "three quarters", "number", 0.75, "", "exact"),  # a part of one unit
    # A dash between two figures is a range's, not a sign: "75 -300mm" is no minus 300.
    ("a 75 -300mm zoom lens", "75 -300mm", "quantity", 187.5, "millimetre", "range"),
    # A unit symbol in brackets after the figure, as tables write it.
    ("load per axle: 20 (kg)", "20 (kg)", "quantity", 20, "kilogram", "exact"),
    ("span 3.5 [cm]", "3.5 [cm]", "quantity", 3.5, "centimetre", "exact"),
    # Pounds after another unit of weight, or after a verb of losing weight, are a weight.
    ("a metric ton is equal to 2,204.62 pounds", "2,204.62 pounds", "count", 2204.62, "pound", "exact"),
    ("she wanted to drop 25 pounds", "25 pounds", "count", 25, "pound", "exact"),
    # An acronym counted in the singular, as box scores write it, where the noun phrase ends.
    ("he hit 33 homers and 121 RBI last season", "121 RBI", "count", 121, "RBI", "exact"),
    ("with 300 ICBM on alert", "300 ICBM", "count", 300, "ICBM", "exact"),
]

NOT_QUANTITIES = [
    ("DeepSeek R1 and GPT-4 use H800 chips", ["R1", "4", "H800"]),
    ("Reddit user TheorySudden5996 asked", ["5996"]),
    ("he did a couple of nice things", ["couple"]),
    ("OpenAI's number one goal", ["one"]),
    ("It is one of the largest banks in the country.", ["one"]),  # one of many: no count of banks
    ("She died at 9 a.m. on Sunday.", ["9"]),  # a time, not an age
    ("Three of us went home", ["Three"]),  # "us" is no acronym: nothing counted
    ("At one point, the crowd grew to 500", ["one"]),  # idioms: "one" counts nothing
    ("the rules were swept away in one fell swoop", ["one"]),
    ("He lives at 10 Downing Street in London.", ["10"]),  # an address
    ("Write to P.O. Box 2378, Cairo.", ["2378"]),
    ("a one-way street", ["one"]),  # "one-" stays an idiom's
    ("end of the story\n-0-\nNext story", ["0"]),  # a wire's separator
    ("Haugen gave an interview to CBS' 60 Minutes on Sunday.", ["60"]),  # a title in running text
    ("it wasn't a one-off", ["one"]),
    ("the meeting is at 10:30 am", ["10", "30"]),
    ("the 3rd quarter", ["3rd"]),
    ("founder of $37bn hedge fund Point72", ["72"]),
    ("a car like the one used in the shootings", ["one"]),
    ("the laptop has three USB 2.0 ports", ["2.0"]),
    ("the retailer filed for Chapter 11 bankruptcy protection", ["11"]),
    ("please call the News Desk at (602)\n 444-8286.", ["602", "444", "8286", "444-8286"]),  # a telephone number
    ("call 602-444-8286 for details", ["602", "444", "8286", "444-8286"]),
    ("the order for Boeing 737 jets was cut", ["737"]),
    ("its Nvidia GeForce 9400M integrated graphics", ["9400"]),
    ("a delay at the Nine Mile Point plant", ["Nine"]),
    ("the Big Four accounting firms", ["Four"]),
    ("Fluke had 1986 sales of 209 mln dlrs", ["1986"]),
    ("the data row read 7,8,9,10", ["8", "9"]),  # inside a comma-separated row of numbers
    ("a banner of $$$5 signs", ["5"]),
    ("dozens of dozens of options", ["dozens"]),
    ("the first quarter profit rose", ["quarter"]),
    ("PHP8 and the ABC123 code", ["8", "123"]),  # letters glued to digits that are no currency code
    ("the XEUR5 contract", ["5"]),
    ("Fluke's 1986 data includes a gain", ["1986"]),  # a year before a noun it dates, then a verb
    ("he has lived in Apartment 4C of the building since 2019", ["4"]),  # a label, not degrees
    ("they talked about doubling the budget", ["about"]),  # a preposition, not a qualifier
    ("CF6-80C2 engines and 5G phones", ["80", "5"]),  # letters glued to digits: a C here is no degree
    ("he said TOP 10 players and ALL 5 members came", ["TOP", "ALL"]),  # ISO codes that are English words
    ("a FIRM 42 offer", ["RM"]),  # a currency symbol inside a word
    ("since the 9/11 attacks on 1/4/2020, a 3/16 bolt", ["9/11", "1/4", "3/16", "11 attacks"]),  # no fractions
    ("a dollar-denominated bond sold at a dollar store", ["a dollar"]),  # "a dollar" as a modifier
    ("the meeting starts at 3 PM and Rome fell about 40 BC", ["PM", "BC"]),  # a clock time, an era: no acronyms counted
    ("a grand jury heard it", ["a grand"]),
    ("a 1080p screen", ["1080p"]),  # a resolution, no pence
    ("the R1.2 billion and N2 billion deals", ["billion"]),  # a scale after a number glued to letters is no number
    ("an order of magnitude 3 times larger", ["magnitude"]),
    ("he scored 20 in 30 minutes, 3 in 2019 and 2 in a row", [" in 30", " in 2019", " in a row"]),  # no shares
    ("a two-thirds majority and two-thirds of a mile", ["two-thirds"]),
    ("the third quarter, a fifth of the workforce, the first half of the season", ["third", "fifth", "half"]),
    ("by the second half of this year, two-thirds of his", ["half", "two-thirds"]),  # a period; "his" is no plural
    ("a pin-up queen in the nineteen fifties", ["nineteen"]),  # a decade, no 19 "fifties"
    ("a GeForce 9600 GT card", ["GT"]),  # a graphics card, no gigatonnes
    ("the Angels' offer to free-agent 1B Mark Teixeira", ["Mark"]),  # a first baseman, not a billion marks
    # A year before a noun it dates: after "the" or a possessive, or before a name.
    ("ahead of the 2022 midterm elections, the 2011 NFL playoffs and Dale Stevens' 1982 comic series",
     ["2022", "2011", "1982"]),
    ("the city in 2007 using federal grants; the firm in 2001 announced plans", ["2007", "2001"]),  # a verb between
    # A decade's year too ("2000" stays a round figure: "the 2000 Nvidia chips" above).
    ("the 2020 election results and Trump's 2010 campaign promises", ["2020", "2010"]),
    ("the nation's No. 1 automaker, the #2 seed", ["1", "2"]),  # a rank, not a count of automakers
]


@pytest.mark.parametrize("text,surface,kind,value,unit,qualifier", CASES, ids=[c[1] for c in CASES])
def test_reads(text, surface, kind, value, unit, qualifier):
    found = [m for m in extract(text) if m.surface == surface]
    assert found, f"{surface!r} not found in {text!r}: {[m.surface for m in extract(text)]}"
    m = found[0]
    assert m.kind.value == kind
    assert (m.value is None) if value is None else math.isclose(m.value, value, rel_tol=1e-9)
    assert m.unit == unit
    assert m.qualifier.value == qualifier
    assert text[m.start:m.end] == m.surface


@pytest.mark.parametrize("text", [
    "Sadly, the mother of two died from her injuries.",  # what befell the owner, not the count
    "A Brooklyn mother of 12 was killed in a gang shootout.",
    "Gray had been arrested four times on charges of larceny.",  # occasions, not people
])
def test_a_number_beside_a_casualty_word_that_counts_no_casualties(text):
    assert not [m for m in extract(text) if m.unit == "person"], extract(text)


@pytest.mark.parametrize("text,pieces", NOT_QUANTITIES, ids=[c[0] for c in NOT_QUANTITIES])
def test_not_quantities(text, pieces):
    for m in extract(text):
        if m.kind.value == "date":
            continue
        for piece in pieces:
            at = text.find(piece)
            assert not (m.start <= at < m.end), f"{piece!r} read as {m.kind.value} in {m.surface!r}"


@pytest.mark.parametrize("text,surface,per", [
    ("oil at $58.24 per barrel", "$58.24 per barrel", "barrel"),
    # A rate adverb after the figure: "weekly", "hourly", "annually"...
    ("a critical $600 weekly federal jobless payment", "$600 weekly", "week"),
    ("workers earning $15 hourly", "$15 hourly", "hour"),
    ("a salary of $50,000 annually", "$50,000 annually", "year"),
    ("pumping 2 million barrels daily", "2 million barrels daily", "day"),
    ("34 cts a share", "34 cts a share", "share"),
    ("$2 per GPU hour", "$2 per GPU hour", "GPU hour"),
    ("its $200-a-month ChatGPT Pro plan", "$200-a-month", "month"),
    ("workers paid $15-an-hour", "$15-an-hour", "hour"),
    ("a $25-per-share offer for the company", "$25-per-share", "share"),  # the offer is not in the rate
    ("$0.55 per million input tokens", "$0.55 per million input tokens", "million input tokens"),
    ("$2 per million tokens processed", "$2 per million tokens", "million tokens"),
    ("gold rose to $1,200/oz", "$1,200/oz", "ounce"),  # a symbol after a slash: the unit's name, as "an ounce"
    # a time after "per" is the rate's denominator, though "day" or "year" is a function word elsewhere
    ("Interns were paid $300 per week.", "$300 per week", "week"),
    ("output of 120,000 barrels per day in May", "120,000 barrels per day", "day"),
    ("it can store 10 tons per year, the firm said", "10 tons per year", "year"),
    ("an offer of $20-25 a share", "$20-25 a share", "share"),  # a rate after a range is both ends'
    # counts have rates too
    ("The hotline takes 150 calls a day.", "150 calls a day", "day"),
    ("averaging 20 points a game this season", "20 points a game", "game"),
    ("Reggie scored 7 points per game.", "7 points per game", "game"),
    ("a density of 12 people per square mile", "12 people per square mile", "square mile"),
    # "a year ago" is a point in time, not a rate
    ("Profit was $300 million a year ago.", "$300 million", ""),
    ("It sold 5 tons a year earlier.", "5 tons", ""),
    ("It hired 30 workers a month before the strike.", "30 workers", ""),
])
def test_rates_carry_their_denominator(text, surface, per):
    (m,) = [m for m in extract(text) if m.kind.value in ("money", "quantity", "count")]
    assert (m.surface, m.per) == (surface, per)


def test_a_rate_is_one_block_however_it_is_written():
    """"1.2 million bpd", "1.2 million barrels per day" and "a day" are one rate: the matching compares them."""
    from numcheck.matching import block_key
    from numcheck.models import Article

    keys = set()
    for text in ("Output reached 1.2 million bpd.", "Output reached 1.2 million barrels per day.",
                 "Output reached 1.2 million barrels a day."):
        [claim] = api.analyse_articles([Article(doc="a.txt", text=text)])
        keys.add(block_key(claim, None))
    assert keys == {"quantity:barrel\x1fday"}
    for text in ("The car reached 40 mph.", "The car reached 40 miles an hour."):
        [claim] = api.analyse_articles([Article(doc="a.txt", text=text)])
        assert block_key(claim, None) == "quantity:mile\x1fhour"


def test_a_number_ending_a_sentence_is_an_age_only_after_a_name():
    assert [m.unit for m in extract("The Dow rose to 12,345, up 40.")] == ["", ""]
    assert [m.unit for m in extract("Section (3) of the Act and The Banana (3)")] == ["", ""]  # labels
    assert [m.unit for m in extract("China's Water Deterioration (2)\n\nChina will act")] == [""]  # a headline's part


def test_crore_abbreviated_is_a_scale_of_money_only():
    assert [(m.value, m.unit) for m in extract("a 4cr engine and Rs5cr")] == [(4, ""), (5e7, "INR")]


def test_a_bracketed_amount_after_an_unread_one_is_a_conversion_not_a_negative():
    assert [m.value for m in extract("a 110 billion ($141 billion) bailout")] == [110e9, 141e9]
    assert [m.value for m in extract("net loss ($99.99) for the quarter")] == [-99.99]


def test_negative_is_a_sign_of_percents_only():
    assert [m.value for m in extract("she tested negative 3 times")] == [3]


def test_at_one_point_is_an_idiom_not_a_spoken_decimal():
    assert 1.2 not in [m.value for m in extract("at one point two of them left")]
    assert [m.value for m in extract("it grew one point two percent")] == [1.2]


def test_changes_mark_old_and_new_values():
    old, new = extract("The jobless rate fell from 4.8 percent to 4.7 percent in May")
    assert (old.change, new.change) == ("from", "to")
    (m,) = [m for m in extract("fines ranging from $5,000 to $10,000") if m.kind.value == "money"]
    assert m.change == ""


@pytest.mark.parametrize("sentence, changes", [
    ("The unemployment rate rose to 3.6 percent from 3.5 percent in October.", ["", "from"]),  # new value first
    ("Profit fell to $1.1 billion from $1.25 billion a year earlier.", ["", "from"]),
    ("Sales were $5.2 billion, down from $6.1 billion a year earlier.", ["", "from"]),
    ("Rainfall was 30 inches, up from 20 inches last year.", ["", "from"]),
    ("Turnout fell from 62 percent.", ["from"]),
    ("The jobless rate fell from 4.8 percent to 4.7 percent.", ["from", "to"]),
    ("Donations came from 40 countries, or 12 percent of members.", ["", ""]),  # a source, not a change
    ("Fines ranging from $5,000 to $10,000 apply.", [""]),
    ("They moved the plant to Ohio from 2,000 miles away.", [""]),  # "to" before no figure
])
def test_the_old_value_of_a_change_is_marked_in_either_order(sentence, changes):
    assert [m.change for m in extract(sentence) if m.kind.value in ("money", "percent", "quantity", "count")] \
        == changes


def test_range_low_high_take_the_shared_scale():
    (m,) = extract("four to five thousand people")
    assert (m.low, m.high) == (4000, 5000)


def test_wrapped_lines_keep_original_offsets_and_lines():
    text = "Headline\n\n   The charter was approved on Friday by some 500\ngrassroots national committees.\n"
    (m,) = [m for m in extract(text) if m.kind.value == "count"]
    assert text[m.start:m.end] == m.surface and m.line == 3
    assert m.sentence.startswith("The charter") and m.sentence.endswith("committees.")


@pytest.mark.parametrize("tail", ["", " ", "  ", "\t"])
def test_a_wrapped_line_may_end_in_spaces(tail):
    """Wire archives often leave spaces before the break: "Turkey and South  \\nKorea" is one sentence."""
    text = ("\tWhile experts were still tallying numbers, Turkey and South" + tail + "\nKorea each reported "
            "300,000 computers damaged Monday, and there\nwere more elsewhere in Asia and the Middle East.\n")
    (m,) = extract(text)
    assert m.sentence.startswith("While experts") and m.line == 2

def test_one_paragraph_per_line_keeps_its_breaks():
    text = ("The company said on Monday that its quarterly profit rose sharply to a record on strong demand "
            "for its chips in every market it serves, from phones to data centres, and it raised its forecast.\n"
            "5 analysts said the rise was expected.\n")
    assert all(m.line == 2 for m in extract(text))


def test_intervals_follow_qualifiers():
    (m,) = [m for m in extract("up to $500 billion") if m.kind.value == "money"]
    assert m.low is None and m.high == 5e11
    (m,) = [m for m in extract("more than $1 trillion") if m.kind.value == "money"]
    assert m.low == 1e12 and m.high is None
    (m,) = extract("a couple thousand chips")
    assert m.low == 1500 and m.high == 3000


@pytest.mark.parametrize("text,bounds", [
    ("less than 25 km (15 miles) from the border", [(None, 25), (None, 15)]),
    ("at least 40 km (25 miles) away", [(40, None), (25, None)]),
    ("more than €10 million ($13 million) was taken", [(1e7, None), (1.3e7, None)]),
    ("about 30 km, or 19 miles, north", [(27, 33), (17.1, 20.9)]),
    ("it weighs 5 kg (11 lb)", [(5, 5), (11, 11)]),  # an exact figure restates as it is
    ("more than 50 people (12 children) were hurt", [(50, None), (12, 12)]),  # a count is a part, not a restatement
    ("less than 25 km from the border; 15 miles from the town", [(None, 25), (15, 15)]),  # not beside it
])
def test_a_restatement_in_another_unit_is_bounded_as_the_figure_it_restates(text, bounds):
    assert [(m.low, m.high) for m in extract(text)] == bounds


@pytest.mark.parametrize("text, surface, bounds", [
    ("the worst drought in nearly 50 years", "nearly 50 years", (45, 50)),  # short of 50
    ("Almost 2,000 people were evacuated.", "Almost 2,000 people", (1800, 2000)),
    ("just under $5 million was raised", "just under $5 million", (4.5e6, 5e6)),
    ("just over 100 people came", "just over 100 people", (100, 110)),  # past it
    ("about 50 people came", "about 50 people", (45, 55)),  # either side
    ("$64 billion over three years", "three years", (3, 3)),  # "over" a time: during it, no bound
])
def test_a_hedged_figure_is_bounded_on_the_side_its_word_says(text, surface, bounds):
    [m] = [m for m in extract(text) if m.surface == surface]
    assert (m.low, m.high) == pytest.approx(bounds)


@pytest.mark.parametrize("text", ["a 6-3 conservative majority on Sunday",  # no word of voting or winning near
                                  "they voted on 3-4 June",  # a date
                                  "the Senate voted to pass 10 to 20 bills",  # a range counting its own noun
                                  "they took a 13-5 lead at halftime and won",  # a score along the way
                                  "the win improved Creighton to 41-20 all-time",  # a record
                                  "the 10th win for Indianapolis (10-5)"])
def test_only_a_vote_or_a_final_score_is_a_tally(text):
    assert [m.surface for m in extract(text) if m.unit in ("vote", "score")] == []


def test_reported_precision():
    (m,) = extract("$5.6 million")
    assert m.step == 1e5
    (m,) = extract("2,000 chips")
    assert m.step == 1000
    (m,) = extract("2,048 chips")
    assert m.step == 1


def test_line_and_column_are_one_based():
    text = "First line.\nThen $5 million here."
    (m,) = extract(text)
    assert (m.line, m.col) == (2, 6)
    assert m.sentence == "Then $5 million here."


@pytest.mark.parametrize("text", ["tens of millionſ", "a quarter thouſand", "a few thouſand people", "two thirdſ",
                                  "leſs than 5%", "MORE THAN \u212a5"])
def test_letters_that_fold_to_ascii_spell_no_number_word(text):
    """Unicode case-folding matches "ſ" (long s) to "s" and "\u212a" (Kelvin) to "k": the words numcheck looks
    up must be spelled in ASCII, or a lookup fails (a KeyError crashed the run on "tens of millionſ")."""
    mentions = extract(text)
    assert all(m.qualifier.value in ("exact",) for m in mentions)
    assert all(m.kind.value in ("percent", "number", "money") for m in mentions)
