"""The meaning-equivalence judge (monitor/facts/judge/): each kind of wording it must silence,
each kind of fact it must let through, its data files, and severity."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from monitor.facts import diff_documents, judge, judge_data, shown, signatures
from monitor.facts.context import Context
from monitor.facts.judge.coverage import bounded_by, rounds_to
from monitor.facts.judge.parts import new_clauses
from monitor.facts.lexicon import STATUS
from monitor.facts.reading import analyse
from monitor.models import Change, Document

INTRO = "The council met on Monday. Residents packed the hall."


def changes(old: str, new: str, *, old_title: str = "Council vote",
            new_title: str | None = None) -> list[Change]:
    return diff_documents(Document(old_title, f"{INTRO} {old}"),
                          Document(new_title or old_title, f"{INTRO} {new}")).changes


# Wording the judge must silence: (old sentence, new sentence), written for these tests.
SAME_FACTS = [
    ("The deal is worth $30 million a year.", "The deal is worth $30-million a year."),
    # a market's move told by another verb of the same way
    ("Stocks tick higher as oil prices ease.", "Stocks rise as oil prices ease."),
    # a record reached told two ways; a forecast's high is no record
    ("Stocks rise to a record as oil eases.", "Stocks climb to an all-time high as oil eases."),
    ("Temperatures reach a high of 30 in Sydney.", "Temperatures hit a high of 30 in Sydney."),
    ("Wall Street flirts with a record as oil eases.",
     "Wall Street drifts near its record as oil eases."),
    # "record" the verb is no record reached
    ("Police want to record every interview.", "Police want to film every interview."),
    ("The fall of Kabul shocked the world.", "The collapse of Kabul shocked the world."),
    ("After July 8, users have to download the app to sync their data.",
     "After July 8, users must download the app to sync their data."),  # one obligation
    ("Despite the videos, seemingly the company had no problem with the account.",
     "Despite the videos, the company apparently had no problem with the account."),
    ("The driver was not hurt, police said on Monday.",
     "The driver was unharmed, police said on Monday."),  # (not hurt -> hurt: a change)
    ("Mines in the region were not affected, the industry association said.",
     "Mines in the region were unaffected, according to the industry association."),
    ("A magnitude 6.1 quake struck the coast.", "A magnitude-6.1 quake struck the coast."),
    ("Temperatures reached 41 degrees Celsius.", "Temperatures reached 41C."),
    ("The fund holds 20 million Australian dollars.", "The fund holds A$20 million."),
    ("Trade reached $15 billion in 2024.", "Trade reached US$15bn in 2024."),
    ("Flights resume to almost three quarters of its network.",
     "Flights resume to almost 75% of its network."),  # a share spelled is its percentage
    ("A third of staff quit on Monday.", "33% of staff quit on Monday."),
    ("Half of the voters backed it on Monday.", "50% of the voters backed it on Monday."),
    ("The wreck lies in about 7 metres of water.", "The wreck lies in about 7m of water."),
    ("The central bank raised its key rate on Monday.",
     "The central bank lifted its key rate on Monday."),  # "lift" a quantity: raise it
    ("The Senate passes the resolution on Monday.", "The Senate OKs the resolution on Monday."),
    ("The former aide is to testify before the committee on Monday.",
     "The former aide will testify before the committee on Monday."),  # a future two ways
    ("The US Energy Information Agency said output rose in May.",
     "The US Energy Information Administration said output rose in May."),  # name corrected
    ("Unions said the sides resumed talks on Monday.",
     "Unions said the sides returned to the negotiating table on Monday."),
    ("The Civil Guard has opened an investigation into the fire.",
     "An investigation into the fire has been launched by the Civil Guard."),
    ("The inquiry was launched in March.", "The inquiry began in March."),
    ("He was jailed for the past 3½ weeks.", "He was jailed for the past 31/2 weeks."),
    ("Alibaba will pay US $600M to settle.", "Alibaba will pay $600M to settle."),
    ("Rates rose by 2% last year.", "Rates rose by 2 percent last year."),
    ("The bill costs $12\u200b million.", "The bill costs $12 million."),
    ("The grant of 5\u00ad000 pounds was paid.", "The grant of 5000 pounds was paid."),
    ("Aid reached the Democratic Republic of Congo.", "Aid reached the DRC."),
    ("British troops arrived on Friday.", "UK troops arrived on Friday."),
    ("New Zealanders were told to stay home.", "Kiwis were told to stay home."),
    ("The injuries were not serious.", "The injuries were non-serious."),
    ("Prices increased sharply in May.", "Prices climbed sharply in May."),
    ("The programme has been launched in Leeds.", "The programme has begun in Leeds."),
    ("He said the plan would form the basis of talks.",
     "He said the plan would from the basis of talks."),
    ("Officials said Scheffler had withdrawn.", "Officials said Sheffler had withdrawn."),
    ("The center will cost $30 billion per year.",
     "The center will cost $30 billion-per-year."),
    ("The Govt reached a pivot point on Friday.",
     "The Government reached a pivot point on Friday."),
    ("NASA lost contact with one its three orbiters.",
     "NASA lost contact with one of its three orbiters."),
    ("Two S'poreans were flown home on Friday.", "Two Singaporeans were flown home on Friday."),
    ("Deaths from coronavirus rose in May.", "Deaths from Covid-19 rose in May."),
    ("She won the Conrad H. Hilton Prize.", "She won the Conrad N. Hilton Prize."),
    ("The update supports the seventh-gen iPad.", "The update supports the 7th-gen iPad."),
    ("A gunman opened fire in a mall in PA on Friday.",
     "A gunman opened fire in a mall in Pennsylvania on Friday."),
    ("Wildfires forced evacuations in Calif. on Sunday.",
     "Wildfires forced evacuations in California on Sunday."),
    ("He couldn't bring himself to sign it.", "He can't bring himself to sign it."),
    ("Repairs must finish within 14 days.", "Repairs must finish within two weeks."),
    ("The inquiry will take 12 months.", "The inquiry will take a year."),
    ("Power failed at 0712 on Sunday.", "Power failed at 07:12 on Sunday."),
    ("The European Medicines Agency backed the drug on Monday.",
     "Europe's medicines regulator, the EMA, backed the drug on Monday."),
    # furniture inside a sentence: a dateline, an update stamp
    ("Rescuers reached the village on Monday.",
     "LAKE TAHOE, Calif.—Rescuers reached the village on Monday."),
    ("Rescuers reached the village on Monday.",
     "(Update 2, 4:10 p.m.) Rescuers reached the village on Monday."),
    # the same person, their name shortened or a descriptor dropped
    ("Kamala Harris toured the port on Monday.", "Harris toured the port on Monday."),
    ("Brazilian president Lula da Silva toured the port on Monday.",
     "Lula da Silva toured the port on Monday."),
    # one number, two spellings; a countdown that moves with the clock
    ("Chile was number three on the list.", "Chile was No. 3 on the list."),
    ("Polls open with 48 hours to go until the count.",
     "Polls open with two days to go until the count."),
    ("The union called off the strike on Monday.", "The union averted the strike on Monday."),
    # a typo fixed inside a longer name, in a sentence reworded elsewhere too
    ("So for this piece, we'll test gadgets like the Acme Nest Hub Mini on Monday.",
     "So, we will test gadgets like the Acme Next Hub Mini on Monday."),
    # the same thing named more precisely by a compound ending in it
    ("Doctors fought the virus in Lagos on Monday.",
     "Doctors fought the coronavirus in Lagos on Monday."),
    ("The quake shook Lima on Monday.", "The earthquake shook Lima on Monday."),
    # "inside" a named place or vehicle is "in" it; a small l for a capital I
    ("The crew returned to Earth inside a Falcon capsule on Monday.",
     "The crew returned to Earth in a Falcon capsule on Monday."),
    ("In a post Wednesday the agency said a sample was sent to the laboratory in Ames, lowa "
     "for testing.", "In a post on Wednesday the agency said a sample was sent to the "
     "laboratory in Ames, Iowa, for testing."),
    # the same source, named with other words around it
    ("The chip is intended to be deployed at large data centers, both companies claim this is "
     "just the first generation.", "The companies intend to deploy the chip at large data "
     "centers and claim this is just the first generation."),
    # "one ... the other" is a pair's pronoun, not a count
    ("Experts said the two plans differ.",
     "Experts said the two plans differ and one scenario is worse than the other."),
    # (session 36) a question of a Q&A page's list, rotated for another
    ("Can you work while furloughed, and other questions answered by BBC experts.",
     "Are dentists open for emergency care, and other questions answered by BBC experts."),
    # (session 36) a name's word misspelt by two letters among its other words, and a
    # homophone slip
    ("The minister met Argyris Krizise on Monday.", "The minister met Argyris Kriezis on Monday."),
    ("An audit of the Assigned Council Program is out.",
     "An audit of the Assigned Counsel Program is out."),
    # (session 36) a numbered noun's rank before it is its number after it
    ("Pakistan dominated England on day two.", "Pakistan dominated England on the second day."),
    ("The team went out in round 3 on Friday.", "The team went out in the third round on Friday."),
    # an amount with a fraction, in one character or in figures
    ("The trip took 3½ weeks in all.", "The trip took 3.5 weeks in all."),
    ("The trip took 3 1/2 weeks in all.", "The trip took 3½ weeks in all."),
    # a bare "m" after an amount is metres where a length follows, millions elsewhere
    ("The crack was about 2 meters wide on Monday.", "The crack was about 2m wide on Monday."),
    ("She won the 400 metres hurdles on Monday.", "She won the 400m hurdles on Monday."),
    ("The fund raised $2 million on Monday.", "The fund raised $2m on Monday."),
    ("Some 2 million people voted on Monday.", "Some 2m people voted on Monday."),
    # one compass point, two spellings
    ("Fans were crushed near the northern gate on Monday.",
     "Fans were crushed near the north gate on Monday."),
    # a demonym moved inside its sentence ("Canadian" -> "Canadians")
    ("Voters queued on Monday to cast ballots in Canadian elections.",
     "Canadians queued on Monday to cast ballots in elections."),
    # one thing named by an alias, or by a compound ending with an alias's word
    ("Now Virus Cases Are Soaring in the city.", "Now Covid Cases Are Soaring in the city."),
    ("Now Coronavirus Cases Are Soaring in the city.", "Now Covid Cases Are Soaring in the city."),
    # a currency by its symbol or its name; a name with or without its accents; a
    # numbered phase in Roman numerals; a range by "to" or a dash; a size in metres
    ("The mayor received about 1.2 million reais in 2023.",
     "The mayor received about R$1.2 million in 2023."),
    ("The balloon landed in Turkey's Cappadocia region.",
     "The balloon landed in Türkiye's Cappadocia region."),
    ("The Phase 3 trial enrolled 4,800 children in Kenya.",
     "The Phase III trial enrolled 4,800 children in Kenya."),
    ("The trial enrolled children aged 5 to 17 months.",
     "The trial enrolled children aged 5-17 months."),
    ("The mosaic measures about 8 metres by 5 metres.", "The mosaic measures about 8m x 5m."),
    # "until" after a verb that defers names the new date; a stray closing mark opens no
    # quotation
    ("The company said it would move the launch until Thursday.",
     "The company said it would move the launch to Thursday."),
    ('Its title ends with Grok" On the surface, that seems like an LLM that seems proud.',
     'Its title ends with Grok" On the surface, that seems like an LLM proud.'),
    # local currencies by symbol, code or name; the Indian lakh; one person's given name
    # and its familiar form; a state told another way; a body's name in other case
    ("The minister announced compensation of 500,000 rupees for each person.",
     "The minister announced compensation of Rs 5 lakh for each person."),
    ("Subscriptions start at 650 rand ($36) a month.",
     "Subscriptions start at R650 ($36) a month."),
    ("Losses were estimated at 120 billion pesos a month.",
     "Losses were estimated at COP 120 billion a month."),
    ("Assemblyman Bill Brough lost his committee posts on Monday.",
     "Assemblyman William Brough lost his committee posts on Monday."),
    ("The plant downstream was shut down as a precaution on Monday.",
     "The plant downstream was taken offline as a precaution on Monday."),
    ("Andhra Pradesh's pollution control board said it ordered a halt.",
     "The Andhra Pradesh Pollution Control Board (APPCB) said it ordered a halt."),
    ("The ground gave way at about 7:40 a.m. on Monday.",
     "The ground gave way at about 7.40am on Monday."),  # a clock time, British style
    ("Senator Thom Tillis (R-North Carolina) spoke on Monday.",
     "Senator Thom Tillis (R-N.C.) spoke on Monday."),  # a state by its abbreviation
    # shillings, bolivianos, kina and taka by name or sign; a name with its accents; a unit
    # written another way beside its amount; a time given again in another zone; a span
    # of time two ways
    ("The photos were sold for 500 shillings each.", "The photos were sold for KSh 500 each."),
    ("The dollar trades at more than 12 bolivianos.", "The dollar trades at over Bs 12."),
    ("Each vial costs about 10,000 kina.", "Each vial costs about K10,000."),
    ('"Farmers in Soc Trang have lost half their crop," he said.',
     '"Farmers in Sóc Trăng have lost half their crop," he said.'),
    ("Temperatures can exceed 45 degrees Celsius in June, the ministry (MoL) said.",
     "Temperatures can exceed 45C in June, the ministry said."),
    ("Officials said 1,148 people were admitted by 8 a.m. on Tuesday.",
     "Officials said 1,148 people were admitted by 8 a.m. (0200 GMT) on Tuesday."),
    ("Agents seized the timber in a week-long operation, officials said.",
     "Agents seized the timber in a seven-day operation, officials said."),
    # a share by its article and qualifier; a decade told short; so many in ten; a war
    # and a city by their two names; "below" a limit is "less than" it
    ("Tourism accounts for about a quarter of the economy.",
     "Tourism accounts for roughly 25% of the economy."),
    ("The park lost its elephants to poaching in the 1980s.",
     "The park lost its elephants to poaching in the '80s."),
    ("The survey found 60% of shallow reefs bleached on Monday.",
     "The survey found six in 10 shallow reefs bleached on Monday."),
    ("Experts will defuse an unexploded Second World War bomb on Monday.",
     "Experts will defuse an unexploded WWII bomb on Monday."),
    ("Trains through Cologne-Deutz station will halt on Monday.",
     "Trains through Köln-Deutz station will halt on Monday."),
    ("Visibility had fallen to less than 50 metres on Monday.",
     "Visibility had dropped below 50 metres on Monday."),
    # a scope word before an amount qualifies it; dong, dinars, leva; "mln"; a range by
    # "between ... and"; a vote's tally in words; a festival's two names
    ("A bus plunged about 200 metres into a ravine, police said.",
     "A bus plunged some 200 meters into a ravine, police said."),
    ("Companies can be fined up to 15 billion dong.",
     "Companies can be fined up to VND15 billion."),
    ("The total owed is 1.9 million Kuwaiti dinars.", "The total owed is KD1.9 million."),
    ("The network made more than 2 million leva.", "The network made more than 2 mln leva."),
    ("Restaurants signed such deals between 2022 and 2024, it said.",
     "Restaurants signed such deals from 2022 to 2024, it said."),
    ("The bill passed by 98 votes to 25 on Monday.", "The bill passed 98-25 on Monday."),
    ("The film premiered at the Berlin International Film Festival in February.",
     "The film premiered at the Berlinale in February."),
    # a coming event in the present progressive or with "will"
    ("Buffalo is celebrating its 193rd birthday on Thursday.",
     "Buffalo will celebrate its 193rd birthday on Thursday."),
    ("A new restaurant is opening near the airport on Monday.",
     "A new restaurant will be opening near the airport on Monday."),
    ("The president will call for calm in a speech on Friday.",
     "The president does call for calm in a speech on Friday."),  # the emphatic present
    ("Residents prepare for another night of storms.",
     "Residents brace for another night of storms."),  # paraphrases.txt
    # (session 43) the enumerated news-event groups of paraphrases.txt
    ("Work on the bridge is on hold, the council said.",
     "Work on the bridge has been paused, the council said."),
    ("The firm has pulled the plug on plans for a second plant.",
     "The firm has cancelled plans for a second plant."),
    ("Production at the mine has ground to a halt.",
     "Production at the mine has been halted."),
    # a photo credit standing alone after its caption
    ("Smoke rose from the prison on Monday.",
     "Smoke rose from the prison on Monday. Photo: AP/Jorge Vera"),
    # one spelling written for another (confusables.txt)
    ("The coin slid passed the vocal cords on Monday.",
     "The coin slid past the vocal cords on Monday."),
    # "another", "a further", "an additional": one qualifier of an amount
    ("The clash left 26 dead, with another 77 in hospital.",
     "The clash left 26 dead, with a further 77 in hospital."),
    # "fully" before an amount stresses it; "apart" after "sets X" is the verb's particle
    ("Fully three of the four buttons are for punching.",
     "Three of the four buttons are for punching."),
    ("Its physics sets the game from rivals on Monday.",
     "Its physics sets the game apart from rivals on Monday."),
    # a person's condition is their health, no proviso
    ("NASA did not identify the astronaut or give details about their condition.",
     "NASA did not identify the astronaut."),
    # a trial that begins is one that opens, however it is said
    ("Trial begins for the former governor in Chicago on Monday.",
     "The former governor goes on trial in Chicago on Monday."),
    # a hedge before an amount makes it an estimate, as "up to" does
    ("A bug removed up to hundreds of accounts on Monday.",
     "A bug removed potentially hundreds of accounts on Monday."),
    # "only" before an amount stresses it too: the count is the same
    ("There are no new cases, and one active case.",
     "There are no new cases, and only one active case."),
    # a proceeding that opens the sentence is opened, however it is said and however far
    # its verb (opened_proceedings.txt)
    ("An inquiry into the collapse of the bridge, which killed three people, opened on Monday.",
     "An inquiry into the collapse of the bridge, which killed three people, got under way "
     "on Monday."),
    # a region's short name (news_aliases.txt); a pointer to more coverage (furniture.txt)
    ("Mideast oil producers step up plans to bypass the strait.",
     "Middle East oil producers step up plans to bypass the strait."),
    ("She was suspended from supervising doctoral students on Monday.",
     "She was suspended from supervising PhD students on Monday."),
    # people sent from a place are evacuated (phrasal_verbs.txt); a bill clears a reading
    # as it passes one (paraphrases.txt)
    ("Hundreds were ordered out of the Melbourne tower on Monday.",
     "Hundreds were evacuated from the Melbourne tower on Monday."),
    ("The bill passed its third reading on Monday.",
     "The bill cleared its third reading on Monday."),
    # members of one paraphrase group that open with the same word (paraphrases.txt)
    ("Treasury says 53 million filers used the new tax exemptions before the deadline.",
     "Treasury says 53 million filers used the new tax breaks before the deadline."),
    ("Thirty staff tested positive. See the latest on Covid-19 here.",
     "Thirty staff tested positive."),
    # a person's state word dropped while the sentence still tells that state
    ("Crowds mourned the late leader Ali Khamenei, killed in the war.",
     "Crowds mourned leader Ali Khamenei, killed in the war."),
    # a currency by its local sign or with its country, on either side (CLDR's signs)
    ("The grant is worth 31 million Guyana dollars, the ministry said.",
     "The grant is worth G$31 million, the ministry said."),
    ("The fine was 340 million dalasis, the ministry said.",
     "The fine was D340 million, the ministry said."),
    ("Each test costs 180 pa'anga, the ministry said.",
     "Each test costs T$180, the ministry said."),
    ("The ferry subsidy is 12 million escudos, the ministry said.",
     "The ferry subsidy is 12 million Cape Verdean escudos, the ministry said."),
    # how often, and a span, told two ways
    ("The permit will be reviewed every six months, the ministry said.",
     "The permit will be reviewed twice a year, the ministry said."),
    ("The station sent readings every 30 minutes until Monday.",
     "The station sent readings every half-hour until Monday."),
    ("Crews must reach the site within 90 seconds of an alarm.",
     "Crews must reach the site within a minute and a half of an alarm."),
    # paraphrases.txt: cessation, power, permission, withdrawal, a patient's condition
    ("The station has stopped transmitting since Monday.",
     "The station is no longer transmitting since Monday."),
    ("The cold room lost power for 36 hours on Monday.",
     "The cold room was without power for 36 hours on Monday."),
    ("Visitors will be allowed to climb to the gallery only in groups.",
     "Visitors may climb to the gallery only in groups."),
    ("Two workers were in critical condition on Monday.",
     "Two workers were critically hurt on Monday."),
    ("The opening has been postponed until spring 2027.",
     "The opening has been pushed back to spring 2027."),
    # a country by its adjective in a name (by the kind of state it is: a test below)
    ("Inspectors from the Danish Civil Aviation Authority found faults on Monday.",
     "Inspectors from Denmark's Civil Aviation Authority found faults on Monday."),
    # more of the same, written blind elsewhere and read this way since (crafted19)
    ("The company has not commented on the report, officials said.",
     "The company has yet to comment on the report, officials said."),
    ("Tests found high levels of E. coli bacteria on Monday.",
     "Tests found high levels of Escherichia coli bacteria on Monday."),
    ("The rules will raise costs by 15% to 20%, analysts said.",
     "The rules will raise costs by 15-20%, analysts said."),
    ("The village was reachable by road only through Malaysia.",
     "The village could be reached by road only through Malaysia."),
    ("Upkeep costs rose to 14.2 million dollars last year, the ministry said.",
     "Upkeep costs rose to BND 14.2 million last year, the ministry said."),
    ("A pumping station failed on Sunday, releasing untreated waste.",
     "The failure of a pumping station on Sunday released untreated waste."),
    ("Pharmacies will be required to keep prescriptions for two years.",
     "Pharmacies must keep prescriptions for two years."),
    # crafted20's readings (a tuning set since round 61)
    ("Owners must wait at least 30 days before they reapply, the ministry said.",
     "Owners must wait no fewer than 30 days before they reapply, the ministry said."),
    ("A maximum of 150 horses may be exported each year, the ministry said.",
     "No more than 150 horses may be exported each year, the ministry said."),
    ("The repairs cost VT 38 million, the ministry said.",
     "The repairs cost VUV 38 million, the ministry said."),
    ("The surcharge brings in CHF 4.6 million a year, the council said.",
     "The surcharge brings in Fr. 4.6 million a year, the council said."),
    ("The capital was plunged into darkness on Monday night.",
     "The capital was left without power on Monday night."),
    ("The country has no national grid, the ministry said.",
     "The country lacks a national grid, the ministry said."),
    ("The council said it would respect the judgement on Monday.",
     "The council said it would abide by the judgement on Monday."),
    ("Offenders face fines of up to 25,000 cordobas, the ministry said.",
     "Offenders face fines of as much as C$25,000, the ministry said."),
    ("It is the third foreign vessel seized in the sanctuary since 2023.",
     "It is the third foreign vessel to be seized in the sanctuary since 2023."),
    ("Residents were told to cover the windows before the storm on Monday.",
     "Residents were told to cover their windows before the storm on Monday."),
    # probes written in session 28: a suspension until a hearing, a drive opened
    ("The court suspended the sale until a petition by farmers is heard.",
     "The court suspended the sale pending a hearing of a farmers' petition."),
    ("Mozambique opens a cholera vaccination drive in Nampula on Friday.",
     "Mozambique launches a cholera vaccination drive in Nampula on Friday."),
    # "lost" with no contest or place after it is no contest lost
    ("The glacier has lost 0.9 metres of ice a year since 2016.",
     "The glacier has thinned by 0.9 metres of ice a year since 2016."),
    ("The ruling cannot be appealed, the court said.",
     "The ruling can't be appealed, the court said."),
    ("Police recorded 41 shootings in the first nine months of the year.",
     "Police recorded 41 shootings between January and September."),  # one span of months
    ("Exports fell 3% in January-September, the ministry said.",
     "Exports fell 3% from Jan. through Sept., the ministry said."),
    ("Horses must have passed an inspection by the service, the ministry said.",
     "Horses must have been inspected by the service, the ministry said."),  # no law passed
    ("Traders said the closure would cost them business.",
     "Traders said the closure would hurt their business."),  # no one injured
    ("A maximum of 150 horses may be exported each year, Orazov said.",
     "Orazov said no more than 150 horses may be exported annually."),  # who said it, first
    ("Orazov spoke on Monday. A maximum of 150 horses may be exported each year, he said.",
     "Orazov spoke on Monday. Orazov said no more than 150 horses may be exported "
     "annually."),  # "he", now named
    ("The vaccine will be offered free of charge to people over 65.",
     "People aged over 65 will be offered the vaccine for free."),  # a price, no accusation
    ("The officer in charge of the unit was praised on Monday.",
     "The officer who leads the unit was praised on Monday."),
    ("The refinery is running at half its capacity.",
     "The refinery is operating at 50% of capacity."),
    ("Prices rose 4.1% in the year to October.",
     "Prices were up 4.1 percent in the 12 months to October."),
    ("The board approved the merger by a vote of 7 to 2.",
     "The board approved the merger in a 7-2 vote."),
    ("The law requires employers to report accidents within 48 hours.",
     "Under the law, employers must report accidents within two days."),  # one duty
    ("Officials have not released the names of the victims.",
     "The victims' names have not been made public."),
    ("Lawmakers passed the budget with 102 votes in favour and 31 against.",
     "Lawmakers passed the budget 102-31."),
    ("Timor-Leste will issue new ID cards, officials said.",
     "East Timor will issue new ID cards, officials said."),  # a country, no compass
    ("The company was granted a 10-year licence.",
     "The company was granted a decade-long licence."),
    ("The freeze will last until the end of 2026.", "The freeze will last until Dec. 31, 2026."),
    ("The plant will close by end-2026, the company said.",
     "The plant will close by the end of 2026, the company said."),
    ("Adoptions are frozen for six months.", "Adoptions are frozen for half a year."),
    ("The tank holds 500 litres when full.", "The tank holds 500 L when full."),
    ("The ban applies on New Year's Eve.", "The ban applies on Dec. 31."),
    ("Eritrea held a vote. Eritrea will ban old cars, officials said.",
     "Eritrea held a vote. The Horn of Africa country will ban old cars, officials said."),
    ("Kiribati held a vote. Kiribati voted on Monday, officials said.",
     "Kiribati held a vote. The Pacific atoll nation voted on Monday, officials said."),
    ("The tournament runs from June 4 to June 18.", "The tournament runs June 4-18."),
    ("The index closed 1.3% lower at 7,412 points.", "The index ended down 1.3% at 7,412."),
    ("Wall Street drifts in mixed trading after Micron soars.",
     "Wall Street drifts to a mixed finish after Micron soars."),
    ("The review typically takes two to three years, the institute said.",
     "The review typically takes 2-3 years, the institute said."),
    ("The council voted five to four to cut collections.",
     "The council voted 5-4 to cut collections."),
    ("The base student allocation has barely moved since 2017, the union said.",
     "The base student allocation, or BSA, has barely moved since 2017, the union said."),
    ("About 1,200 cubic metres of rock fell onto the road.",
     "About 1,200 cubic metres (42,400 cubic feet) of rock fell onto the road."),
    ("The central bank raised rates by a quarter of a percentage point.",
     "The central bank lifted rates by 25 basis points."),
    ("The clinic will be open on weekdays from 8 a.m. to 6 p.m.",
     "The clinic will open from 8am to 6pm Monday to Friday."),
    ("The forest fire has burned 5,000 hectares.",
     "The forest fire has burned 50 square kilometres."),
    ("The zone covers some 500,000 square kilometres.", "The zone covers some 500,000 km²."),
    ("The rover travelled 15 kilometres in its first year.",
     "The rover covered 15 km in its first year."),  # a distance, no scope
    ("The ministry banned the pesticide with immediate effect.",
     "The ministry banned the pesticide, effective immediately."),
    ("About 12 per cent of households are affected.", "About 12pc of households are affected."),
    ("The budget is 4.7 trillion won.", "The budget is W4.7 trillion."),
    ("The project will cost one and a half billion dollars.",
     "The project will cost $1.5 billion."),
    ("The population grew by 0.5 per cent.", "The population grew by half a percent."),
    ("The event takes place in mid-July.", "The event takes place in the middle of July."),
    ("The typhoon forced the evacuation of 12,000 people on Tuesday.",
     "The typhoon forced 12,000 people to evacuate on Tuesday."),
    ("The president sacked the police chief on Monday.",
     "The president dismissed the police chief on Monday."),  # a post, no claim
    ("Unrest continued in the Anglophone regions, officials said.",
     "Unrest continued in the English-speaking regions, officials said."),
    ("The suspect was released on bail pending further inquiries.",
     "The suspect has been bailed pending further inquiries."),
    ("The defendant pleaded not guilty to all charges.",
     "The defendant denied all the charges."),
    ("The station was built in the 1960s.", "The station was built in the Sixties."),
    ("The plant opened in early 2019.", "The plant opened at the start of 2019."),
    ("Bhutan has delayed a planned cut in its fee for foreign tourists to September 1.",
     "Bhutan has pushed back a planned cut in its fee for foreign tourists until Sept. 1."),
    ("Seventeen people have died on the route since January.",
     "Seventeen people have died on the route since the start of the year."),
    ("Health Minister Ana Costa said the clinic would open in May.",
     "Costa, the health minister, said the clinic would open in May."),  # descriptor moved
    ("Lice counts had exceeded the limit for three consecutive weeks.",
     "Lice counts had exceeded the limit for three weeks in a row."),
    ("The team lost six consecutive games.", "The team lost six straight games."),
    ("The plant will produce 60,000 cubic metres of water a day.",
     "The plant will produce 60,000 m3 of water per day."),
    ("The cabinet approved the plant on Wednesday.",
     "The cabinet gave the go-ahead for the plant on Wednesday."),
    ("The agency raised its alert level to danger on Tuesday.",
     "The agency lifted its alert level to danger on Tuesday."),  # lifted a level: raised
    ("More than 800 earthquakes were recorded overnight.",
     "More than 800 earthquakes were recorded during the night."),
    ("Schools closed because of a severe fuel shortage, officials said.",
     "Schools closed due to an acute fuel shortage, officials said."),
    ("The ban applies for six months starting June 1.",
     "The ban applies for six months from June 1."),
    ("Fiji trailed 17-10 at half-time.", "Fiji were 17-10 down at the break."),
    ("The findings were published in the journal Nature.",
     "The findings appeared in the journal Nature."),
    ("Copper output rose to 198,000 tonnes in the first quarter.",
     "Copper output rose to 198,000 tons in Q1."),
    ("The sale is expected to raise about 64 billion francs.",
     "The sale should raise about 64 billion francs."),  # an expectation told with "should"
    ("The court ruled that the ministry had failed to consult farmers as required by law.",
     "The court found that the ministry had not consulted farmers as the law requires."),
    ("The prime minister told parliament on Tuesday that the wage would rise.",
     "The prime minister told lawmakers on Tuesday that the wage would rise."),
    ("The mayor told the council on Monday that the budget was short.",
     "The mayor told councillors on Monday that the budget was short."),
    ("Namibia opened its first green hydrogen plant on Tuesday.",
     "Namibia's first green hydrogen plant began operations on Tuesday."),
    ("Prosecutors said they would appeal the decision.",
     "Prosecutors said they planned to appeal the decision."),
    ("Rescuers pulled 37 survivors from the water, officials said.",
     "Rescue teams pulled 37 survivors out of the water, officials said."),
    # (session 30) a plan told "is to V" is "will V"; a forecast is an expectation; "late
    # on Wednesday" is "late Wednesday"; a hearing adjourned is postponed
    ("The UN Security Council will meet on Thursday to discuss the crisis.",
     "The U.N. Security Council is to meet Thursday to discuss the crisis."),
    ("The storm is expected to make landfall late on Wednesday.",
     "The storm is forecast to make landfall late Wednesday."),
    ("Growth is expected to slow to 1.2% next year.",
     "Growth is projected to slow to 1.2% next year."),
    ("The hearing has been adjourned until March 14.",
     "The hearing has been postponed to March 14."),
    ("Poland to sign a new defense deal", "Poland are to sign a new defense deal"),
    # a source kept anonymous, told two ways
    ("Officials, who spoke on condition of anonymity, said the talks had stalled.",
     "Officials who asked not to be named said the talks had stalled."),
    ("One trader said, asking not to be named, that prices would fall.",
     "One trader, who declined to be identified, said prices would fall."),
    # a prize or a share of the vote taken is won; a side beaten by a score, defeated;
    # a race's bare "m" is metres
    ("She won gold in the 200 metres on Friday.", "She took gold in the 200m on Friday."),
    ("The candidate won 52% of the vote in Sunday's runoff.",
     "The candidate took 52% of the vote in Sunday's runoff."),
    ("Manchester City beat Arsenal 2-1 on Sunday.",
     "Manchester City defeated Arsenal 2-1 on Sunday."),
    ("The Kenyan ran 10,000m in a record time.", "The Kenyan ran 10,000 metres in a record time."),
    ("Japan's PM to step down after election defeat",
     "Japan's prime minister to step down after election defeat"),  # the title told short
    # a headline's future beside a second edit; "ex-" a role marker like "former"
    ("Microsoft to cut 10,000 jobs", "Microsoft will lay off 10,000 workers"),
    ("Ex-president convicted of corruption", "Former president found guilty of corruption"),
    # a range's scale written once; a goalless draw; imperial lengths in inches
    ("The project will cost between $2 billion and $3 billion.",
     "The project will cost $2-3 billion."),
    ("The match ended in a goalless draw.", "The match ended 0-0."),
    ("The storm dumped a foot of snow on the city.",
     "The storm dumped 12 inches of snow on the city."),
    ("The wall is 6 feet high.", "The wall is 2 yards high."),
    # a lawmaker's state in a party tag, AP style, beside another such edit
    ("Senators Jo Reed (R-Louisiana) and Al Hart (R-North Carolina) voted no.",
     "Senators Jo Reed (R-La.) and Al Hart (R-N.C.) voted no."),
    # one restriction told two ways
    ("The aid will be released only if the reforms are passed.",
     "The aid will be released only once the reforms are passed."),
    ("The loan is conditional on spending cuts.", "The loan depends on spending cuts."),
    ("Staff may work from home until further notice.",
     "Staff can work from home until further notice."),
    ("He pleaded guilty to manslaughter.", "He admitted manslaughter."),  # a plea, UK style
    # deaths told as lives claimed; a hospital stay; an infection found
    ("The outbreak has killed 34 people.", "The outbreak has claimed 34 lives."),
    ("Hospitalisations rose to 1,200 on Monday.",
     "Hospital admissions climbed to 1,200 on Monday."),
    ("The patient tested positive for the virus.", "The patient was diagnosed with the virus."),
    ("The company filed for bankruptcy protection on Monday.",
     "The company filed for Chapter 11 on Monday."),
    # flights grounded are suspended; a power cut told three ways
    ("Flights were grounded at the airport.", "Flights were suspended at the airport."),
    ("The storm knocked out power to 200,000 homes.",
     "The storm left 200,000 homes without power."),
    # paraphrases of one sense, beside what they are about (paraphrases_in_context.txt)
    ("The court overturned his conviction.", "His conviction was quashed by the court."),
    ("The judge dismissed the case.", "The judge threw out the case."),
    ("The drug was approved for use in adults.", "The drug was cleared for use in adults."),
    ("The jury acquitted her of all charges.", "The jury cleared her of all charges."),
    ("The opposition won 48 seats.", "The opposition secured 48 seats."),
    # a change told as a multiple
    ("Sales doubled last year.", "Sales rose 100% last year."),
    ("The price was halved.", "The price fell 50%."),
    # (session 31) number words shouted in capitals; an active "expects X to" is the
    # passive "X is expected to"; "among them" lists as "including" does; a caption
    # labelled as one; a faith's adjective either way
    ("More than ELEVEN MILLION jobs are now subsidised.",
     "More than 11 million jobs are now subsidised."),
    ("The crop is expected to total about 600,000 tons, the board said.",
     "The board expects the crop to total about 600,000 tons."),
    ("He vetoed four payments, including one of £450,000.",
     "He vetoed four payments, among them one of £450,000."),
    ("Photo caption: Homes on Fongafale islet. The sea wall was finished in May.",
     "The sea wall was finished in May."),
    # (session 35) a caption opened by "Pictured:", even where the sentence before is joined
    ("Britons have enjoyed sunshine in recent days. Pictured: A woman on the beach in Kent "
     "on Sunday.", "Britons have enjoyed sunshine in recent days, that has brought wisteria "
     "and tulips into bloom early."),
    ("Students abducted by Muslim militants were rescued.",
     "Students abducted by Islamic militants were rescued."),
    # a word negated by its prefix, told "not" and the word
    ("The owner, a collector who has not been named, failed to show good faith.",
     "The owner, an unnamed collector, failed to show good faith."),
    ("The cause of the fire has not been confirmed.", "The cause of the fire is unconfirmed."),
    ("The injuries were not serious.", "The injuries were non-serious."),
    # "was due to V" is "was set to V"; "starts back up" resumes
    ("Workers accepted the offer, calling off a strike that was due to start on Monday.",
     "Workers accepted the offer, averting a strike that had been set to begin on Monday."),
    ("Flights started back up on Monday.", "Flights resumed on Monday."),
    # a title in capitals the story sets beside the person's name
    ('The court, sitting with the Deputy Bailiff, Philippa Renouf, ruled on Monday. "They '
     'are not a weapon," the Deputy Bailiff wrote.',
     'The court, sitting with the Deputy Bailiff, Philippa Renouf, ruled on Monday. "They '
     'are not a weapon," Renouf wrote.'),
    # "the suspect" is a person, not a hunch; a headline's closing "Live Updates" label;
    # a summary cut a few words into its last sentence
    ("A police inspector shot him after he raised a knife, police said.",
     "A police inspector shot the suspect after he raised a knife, police said."),
    ("Coronavirus World News: Live Updates", "Coronavirus World News: Live Tracker"),
    ("The team will explore keeping the Cup in Auckland. It comes as the selection period ...",
     "The team will explore keeping the Cup in Auckland. But its chief executive Grant ..."),
    # a multiple told as a word; a parliament's members called by their seats; the most an
    # offence can bring, as a penalty or a sentence
    ("Residents paid roughly three times the average pension.",
     "Residents paid about triple the average pension."),
    ("Opposition members who voted against the bill said the money was wasted.",
     "Opposition MPs who voted against the bill said the money was wasted."),
    ("Possession carries a maximum penalty of 10 years in prison.",
     "Possession carries a maximum sentence of 10 years behind bars."),
    # people sent or taken to hospital are hospitalised
    ("Ammonia leak at fertiliser plant sends dozens to hospital",
     "Dozens hospitalised as ammonia leaks at fertiliser plant"),
    ("Two people were taken to hospital after the crash.",
     "Two people were hospitalised after the crash."),
    # a warning put out is in force
    ("A winter storm warning has been issued for Western New York.",
     "A winter storm warning is in effect for all of Western New York."),
    # (session 32) a list given "such as" or "like" is given "including"; a case dropped
    # is a case dismissed
    ("Races including the Superbike and Supersport races were cancelled.",
     "Races such as the Superbike and Supersport races were cancelled."),
    ("The kits are sold under names including Tycoon 2FA, Rockstar 2FA and Mamba 2FA.",
     "The kits are sold under names like Tycoon 2FA, Rockstar 2FA and Mamba 2FA."),
    ("The judge denied a bid to dismiss the rape case against the doctor.",
     "The judge denied a bid to drop the rape case against the doctor."),
    # a sum payable must be paid; schedules posted are published
    ("Wardens can issue penalties of £150, which must be paid within 14 days.",
     "Wardens can issue penalties of £150, payable within a fortnight."),
    ("Schedules will be published daily on the website.",
     "Schedules will be posted daily on the website."),
    # a permission in force is a "may"
    ("The licence allows the 420-room resort at Willoughby Point to operate up to 250 slot "
     "machines.", "Under the licence, the 420-room resort at Willoughby Point may operate up "
     "to 250 slot machines."),
    ("The law allows police to detain suspects.", "Police are allowed to detain suspects."),
    # an instruction told is an obligation said
    ("Musk tells federal employees to document work",
     "Musk says federal employees must document work"),
    ("Officials told residents to leave their homes.",
     "Officials said residents must leave their homes."),
    # a role told by its verb
    ('"Prices are low," said Conhcafé president Marvin Euceda.',
     '"Prices are low," said Marvin Euceda, who chairs Conhcafé.'),
    # a headline's future "is to" told in the progressive
    ("Face masks are to become compulsory in shops", "Face masks are becoming compulsory in shops"),
    # a capital standing for its country's government ("Washington" without its "D.C.")
    ("Iran's supreme leader says it will protect its nuclear and missile capabilities",
     "Iran's supreme leader says Tehran will protect its nuclear and missile capabilities"),
    ("China warns US over Taiwan arms sale", "Beijing warns Washington over Taiwan arms sale"),
    # a span of time named by its unit after "every" or "a" (signatures._periods) read as
    # the amount it is
    ("The fee is paid every month.", "The fee is paid monthly."),
    ("A day after the attack, police arrested him.",
     "One day after the attack, police arrested him."),
    ("Trains will run at up to 230 km per hour.", "Trains will run at up to 230 km/h."),
    # (session 35) a market going both ways, however told ("waver", "swing": status.txt
    # "mixed", read after what a market report says moves, market_subjects.txt)
    ("Parents must prepare for the impact.", "Parents need to prepare for the impact."),
    ("US stocks waver in shaky trading as oil prices keep climbing",
     "US stocks swing as oil prices keep climbing"),
    ("Biden visits a swing state.", "Biden visits a key state."),
    # a place's relation read only from the words of place_relations.txt before a place:
    # "on" and "at" put a thing in one relation, "under way" and "near death" are idioms
    ("The rally was held on Main Street.", "The rally was held at Main Street."),
    ("Work on the bridge was under way on Monday.", "Work on the bridge had begun on Monday."),
    ("In contrast, most renewable projects stalled.",
     "By contrast, most renewable projects stalled."),
    ("He was near death after the crash.", "He was close to death after the crash."),
    # a capital a former union gave too (tools/make_capitals.py: YIELDS)
    ("Protesters clash with police after anti-government rally in Belgrade",
     "Protesters clash with police after an anti-government rally in Serbia’s capital"),
    ("Manila's agriculture department said it was in talks with suppliers.",
     "The Philippine Department of Agriculture said it was in talks with suppliers."),
    # an acronym written as a word, British style, where the story spells the name out
    ("The North Atlantic Treaty Organization will meet on Monday.", "Nato will meet on Monday."),
    ("A survey by Legal & General and the Centre for Economics and Business Research has "
     "found almost one in four purchases this year will be backed by parents.",
     "Almost one in four purchases this year will be backed by parents, according to a "
     "survey by Legal & General and the Cebr."),
    # "said to" + a verb of what it is said of is a hedge, as "reportedly" is
    ("The US offers a reward for a citizen said to lead the cartel.",
     "The US offers a reward for a citizen who reportedly leads the cartel."),
    # a clause ", ending ..." made a sentence of its own; an end told with "bring"
    ("The department confirmed the find on Tuesday, ending the island's status as mite-free.",
     "The department confirmed the find on Tuesday. The find ends the island's status as "
     "mite-free."),
    ("The deal was signed on Monday, ending two years of talks.",
     "The deal was signed on Monday, bringing to an end two years of talks."),
    # what cannot be done is what is not done ("can be appealed" is in FACT_CHANGES' kin)
    ("The ruling is final and cannot be appealed, the court said.",
     "There is no appeal against the ruling, which is final, the court said."),
    # a place's people named for it at a headline's start, where no capital marks a name
    ("Sicily mourns journalists killed in strike", "Sicilians mourn journalists killed in strike"),
    # a place made off-limits is closed
    ("Iran says its airspace is off-limits to US planes involved in the strikes.",
     "Iran closes its airspace to US planes involved in the strikes."),
    # an amount told in another metric unit of its measure
    ("Each bottle holds 0.1 litres of water, the maker said.",
     "Each bottle holds 100 millilitres of water, the maker said."),
    ("The parcel weighed 2 kg, the court heard.",
     "The parcel weighed 2,000 grams, the court heard."),
    # "within" a place is "inside" it (a reach of time, "within 30 days", stays one)
    ("The reefs lie inside the marine protected area, the survey found.",
     "The reefs sit within the marine protected area, the survey found."),
    # a legislature by its own name; one word in two spellings; units by their symbols
    ("Brennan told parliament the cap would cost 300 million euros.",
     "Brennan told the Dáil the cap would cost 300 million euros."),
    ("The scheme will be run by a non-profit operator.",
     "The scheme will be run by a not-for-profit operator."),
    ("The level will be set at 0.7 milligrams per litre.", "The level will be set at 0.7 mg/L."),
    # a fraction after its qualifier is an amount where the value stops at it
    ("Motorcycles were involved in about half of the deaths, the agency said.",
     "Motorcycles were involved in roughly half the deaths, the agency said."),
    # (session 41) a rule in force told with "take effect" or "apply"; the year before;
    # dimensions; a temperature below zero; the lowest price; a thing's year before or
    # after it; a death remembered; one of a list of counts told with "a"
    ("The points deduction takes effect immediately, the league said.",
     "The points deduction applies with immediate effect, the league said."),
    ("Reservoirs were at 51% of capacity, compared with 78% at this time last year.",
     "Reservoirs were at 51% of capacity, against 78% a year ago."),
    ("The team plans to create a 3D digital model of the trackway.",
     "The team plans to create a three-dimensional digital model of the trackway."),
    ("Crews worked at minus 20 degrees overnight, the union said.",
     "Crews worked at -20 degrees overnight, the union said."),
    ("Tickets go on sale on April 1 and start at €49 for a seat.",
     "Tickets go on sale on April 1 and cost from €49 for a seat."),
    ("The ruling overturns a 2023 decision by the cantonal court.",
     "The ruling overturns a decision from 2023 by the cantonal court."),
    ("Pope honors Barcelona's sacred monuments on death centenary of Sagrada Familia "
     "designer Gaudí", "Pope honors Barcelona's Sagrada Familia on Gaudí centenary"),
    ("At least 20 children and 1 adult killed in a Uganda school bus crash",
     "A school bus crash in Uganda kills at least 20 children and an adult"),
    # a head called by a word that calls any head, a role in two of its words
    ("Competition Commissioner Helena Moreau said the deal was blocked.",
     "EU competition chief Helena Moreau said the deal was blocked."),
    ("Chairman Paul Drever blamed weaker global prices.",
     "Chair Paul Drever blamed weaker global prices."),
    # "daily" after an amount before a preposition is "a day"; a name in another language
    # given its acronym in brackets, the acronym named on the other side
    ("Critics noted that the utility loses 190 million litres a day through leaks.",
     "Critics noted that the utility loses 190 million litres daily through leaks."),
    ("The French civil aviation authority, the DGAC, said it was in talks with the union.",
     "France's civil aviation authority, the Direction générale de l'aviation civile "
     "(DGAC), said it was in talks with the union."),
    # a body by its acronym or its own name; "Without" inside a name denies nothing; a year
    # after a plural's possessive is a year
    ("The country fell to 80th in Reporters Without Borders' 2025 press freedom index.",
     "The country fell to 80th in the 2025 RSF press freedom index."),
    ("Trade in the shark's fins is regulated under the Convention on International Trade "
     "in Endangered Species.", "Trade in the shark's fins is regulated under CITES."),
    # one place written two ways behind a restriction's word
    ("The Sunday ban exempts petrol stations and pharmacies.",
     "The Sunday ban exempts filling stations and pharmacies."),
    # rules in force are rules that apply
    ("Fiji and Vanuatu already apply similar rules, the ministry said.",
     "Similar rules are already in force in Fiji and Vanuatu, the ministry said."),
    # what lies on a thing covers it, no scope
    ("Freezing rain coated power lines and trees across the south overnight.",
     "Freezing rain covered power lines and trees across the south overnight."),
    # a sentence removed whole that another sentence tells with the same facts, its
    # negation included: nobody hurt, told two ways
    ("The bus overturned late on Monday. Nobody was injured. The driver was arrested.",
     "The bus overturned late on Monday. There were no injuries. The driver was arrested."),
    ("The bus overturned late on Monday. No injuries were reported. The driver was arrested.",
     "The bus overturned late on Monday. No one was hurt. The driver was arrested."),
    # one body's formal name told in another order, or with its owner
    ("The Food and Agriculture Organization said the harvest was poor.",
     "The U.N. Food and Agriculture Organization (FAO) said the harvest was poor."),
    # an area in hectares or in square metres
    ("The new cemetery, on a 4.5-hectare plot, will have room for 9,000 graves.",
     "The new cemetery, on a 45,000-square-metre plot, will have room for 9,000 graves."),
    # one body's kind told two ways before its verb of saying; a place's part before it
    ("The club was fined, the association said on Monday.",
     "The club was fined, the group said on Monday."),
    ("Businesses in the city's industrial south said they were buying water from trucks.",
     "Businesses in the city's industrial south told reporters they were buying water from "
     "trucks."),
    # a thing won as it is granted is no contest won
    ("The insolvent grocer Tempo won court backing for its reorganisation on Monday.",
     "The insolvent grocer Tempo gained court backing for its reorganisation on Monday."),
    # an apartment block is a building, not a ban
    ("A missile hit an apartment block in the city, officials said.",
     "A missile hit an apartment building in the city, officials said."),
    # a body called by two words of one family, both used by the story
    ("The Senior Staff Association said members would strike. The union said it would "
     "meet on March 1.",
     "The Senior Staff Association said members would strike. The association said it "
     "would meet on March 1."),
    # a link brought back is restored
    ("The operator announced on Monday, restoring a direct passenger link that ended in 1998.",
     "The operator announced on Monday, bringing back a direct passenger link that ended in "
     "1998."),
]


@pytest.mark.parametrize(("old", "new"), SAME_FACTS)
def test_wording_with_the_same_facts_is_silent(old: str, new: str) -> None:
    assert changes(old, new) == []


# Facts the judge must let through.
FACT_CHANGES = [
    ("The ruling cannot be appealed, the court said.",
     "The ruling can be appealed, the court said.", "status"),
    # (session 41) a firm's word for itself swapped for another party's
    ("Dairy cooperative Bass Strait Milk cut its price, the company said on Monday. The "
     "union disagreed.",
     "Dairy cooperative Bass Strait Milk cut its price, the union said on Monday. The union "
     "disagreed.", "attribution"),
    ("The Hollingford Hawks and the Leeds Rhinos were docked points. Hollingford chairman "
     "Neil Ashworth said the club would appeal.",
     "The Hollingford Hawks and the Leeds Rhinos were docked points. Leeds chairman Neil "
     "Ashworth said the club would appeal.", "entity"),
    # (session 41) one person given another role
    ("Chief executive Paul Drever blamed weaker global prices.",
     "Chairman Paul Drever blamed weaker global prices.", "entity"),
    ("Interior Minister Carlos Malaver said 312 people had been arrested.",
     "Interior Secretary Carlos Malaver said 312 people had been arrested.", "entity"),
    # (session 41) what a closure applies to, one item more
    ("The motorway was closed to trucks on Monday, police said.",
     "The motorway was closed to trucks and buses on Monday, police said.", "condition"),
    # (session 41) a negation told by no other sentence
    ("The bus overturned late on Monday. Nobody was injured. The driver was arrested.",
     "The bus overturned late on Monday. Two people were injured. The driver was arrested.",
     "number"),
    # (session 41) two members of one closed class, one a compound of the other's word
    # ("mother" -> "grandmother" is no precision added); who works in a clinic, who plays
    ("\"My mother is 80 and we are freezing,\" said Aigul Sadykova.",
     "\"My grandmother is 80 and we are freezing,\" said Aigul Sadykova.", "quote"),
    ("It expects to save 1.8 million euros a year, mainly in doctor salaries.",
     "It expects to save 1.8 million euros a year, mainly in nurse salaries.", "entity"),
    ("The club paid three players a combined 212,000 pounds.",
     "The club paid three coaches a combined 212,000 pounds.", "entity"),
    # (session 41) two bodies by two formal names
    ("The Association of Italian Museums said it deeply regrets the sale.",
     "The International Council of Museums said it deeply regrets the sale.", "entity"),
    # (session 41) kept open, then shut; offered, then agreed; a currency's abbreviation
    # ends no sentence
    ("Schools in the town stayed open, while restaurants shut off their drinks fountains.",
     "Schools in the town were closed, while restaurants shut off their drinks fountains.",
     "status"),
    ("The province has offered to pay half of that cost.",
     "The province has agreed to pay half of that cost.", "status"),
    ("The fund ran a deficit of Afl. 85 million in the health system.",
     "The fund ran a deficit of Afl. 97 million in the health system.", "number"),
    # (session 41) another speaker called by an ordinary noun
    ("The commission placed the college on probation, the college said on Thursday.",
     "The commission placed the college on probation, the commission said on Thursday.",
     "attribution"),
    # (session 41) a body of another kind, though of one field
    ("The health ministry warned in July that overcrowding posed a risk.",
     "The World Health Organization warned in July that overcrowding posed a risk.",
     "attribution"),
    # (session 41) the verb "block" still bars
    ("The court allowed the plan on Monday.", "The court blocked the plan on Monday.",
     "status"),
    # (session 41) what a scope covers
    ("The ban covers all imports, the ministry said.",
     "The ban covers some imports, the ministry said.", "condition"),
    # (session 41) a span's start is no thing's year
    ("The ban applies to a decision from 2023.",
     "The ban applies to a decision from 2023 to 2025.", "date"),
    # an event put off is postponed
    ("The union will hold the strike on Monday, its leaders said.",
     "The union puts off the strike, its leaders said.", "status"),
    # an aside that denies the claim is no aside
    ("Trump says the US is negotiating with Iran's parliamentary speaker.",
     "Trump says the US is negotiating with Iran's parliamentary speaker, who denies talks.",
     "status"),
    # a title word inside an institution's name is the name's ("Regina General Hospital")
    ("Handover delays were worst at Regina General Hospital, the audit found.",
     "Handover delays were worst at Saskatoon City Hospital, the audit found.", "entity"),
    # a hedge dropped: "said to lead" is no claim the story makes itself
    ("The US offers a reward for a citizen said to lead the cartel.",
     "The US offers a reward for a citizen who leads the cartel.", "status"),
    ("The former mayor is accused of taking bribes, prosecutors said.",
     "The former mayor is charged with taking bribes, prosecutors said.", "status"),
    ("Biden set to travel to Texas", "Biden traveling to Texas", "status"),  # plan -> under way
    ("Missing person in Lancaster.", "Missing person in Lancaster found.", "status"),
    # the public's assistance sought is the search, not the find (phrasal_verbs.txt)
    ("Buffalo Police are asking for assistance in locating a missing 16-year-old female.",
     "Buffalo Police have located a missing 16-year-old female.", "status"),
    # a market going neither way is a move of its own (session 34; the pair was kept
    # silent before, for "oil prices", which name no fuel swapped in: still none)
    ("Asian shares are mostly lower on Monday.",
     "Asian shares are mixed as oil prices surge on Monday.", "status"),
    # and one going neither way, then one way (opposed_states.txt, session 38); a market
    # falling is its move, where "fall" alone is the season
    ("Asian shares are mixed ahead of the deadline for Iran to reopen the oil route.",
     "Asian shares mostly higher ahead of the deadline for Iran to reopen the oil route.",
     "status"),
    ("Asian shares rise amid caution about the war in Iran.",
     "Asian shares fall amid caution about the war in Iran.", "status"),
    # a record approached, then reached (reading._record_mark)
    ("Apple leads Wall Street toward more records as oil prices pull back",
     "Apple leads Wall Street to more records as oil prices pull back", "status"),
    ("Wall Street heads toward a record after adding to its rally",
     "Wall Street hits an all-time high after adding to its rally", "status"),
    # one relation to a place for another (place_relations.txt)
    ("The warehouse fire broke out near the Boundary Waters visitor centre on Friday.",
     "The warehouse fire broke out below the Boundary Waters visitor centre on Friday.",
     "entity"),
    ("Wall Street drifts near its all-time high as oil prices keep swinging",
     "Wall Street drifts below its all-time high as oil prices keep swinging", "status"),
    ("Britain's health secretary Matt Hancock said the test was ready.",
     "France's health secretary Matt Hancock said the test was ready.", "entity"),
    ("The rules will be published in the regional gazette and take effect in April.",
     "The rules have been published in the regional gazette and will take effect in April.",
     "status"),  # a passive future told done
    ("The Federal Office for Information Security (BSI) said the attack was over.",
     "The Federal Criminal Police Office (BKA) said the attack was over.", "entity"),
    ("Motorcycles were involved in about half of the deaths, the agency said.",
     "Motorcycles were involved in about a third of the deaths, the agency said.", "number"),
    # "he" names a person: a capital after it is a place, not the country's government
    ("Britain's envoy said he would visit the families in the north.",
     "Britain's envoy said London would visit the families in the north.", "attribution"),
    ("Officials said two-thirds of voters backed it.",
     "Officials said half of voters backed it.", "number"),  # one share for another
    ("The Justice Department said the probe was closed.",
     "The State Department said the probe was closed.", "entity"),  # a title word's body
    ("The Federal Aviation Administration opened a review of the crash.",
     "The Federal Railroad Administration opened a review of the crash.", "entity"),
    ("The deal is worth $30 million a year.", "The deal is worth $40 million a year.",
     "number"),
    ("More than ELEVEN MILLION jobs are now subsidised.",
     "More than 12 million jobs are now subsidised.", "number"),
    ("The workers were paid for three months.", "The workers were unpaid for three months.",
     "status"),
    ("The strike was due to start on Monday.", "The strike started on Monday.", "status"),
    ("Police are questioning a witness after the shooting.",
     "Police are questioning a suspect after the shooting.", "entity"),
    ("Person of interest detained in campus shooting", "Suspect detained in campus shooting",
     "entity"),
    ("A winter storm warning is in effect for Western New York.",
     "A winter storm warning has expired for Western New York.", "status"),
    ("Far-right party elects leaders as protesters clash",
     "Far-right party reelects leaders as protesters clash", "status"),
    ("Police suspect foul play in the death.", "Police do not suspect foul play in the death.",
     "status"),
    ("Residents paid roughly three times the average pension.",
     "Residents paid about four times the average pension.", "number"),
    ("The patient was discharged on Monday.", "The patient was readmitted on Monday.",
     "status"),
    ("Two people were taken to hospital after the crash.",
     "Two people were killed in the crash.", "status"),
    ("Possession carries a maximum penalty of 10 years in prison.",
     "Possession carries a maximum sentence of 12 years in prison.", "number"),
    ('The Labour Party, led by Keir Starmer, won on Monday. "We won," the Labour Party said.',
     'The Labour Party, led by Keir Starmer, won on Monday. "We won," Starmer said.',
     "attribution"),
    ("Health Minister Anna Kowalska said the plan would go ahead.",
     "Former health minister Anna Kowalska said the plan would go ahead.", "status"),
    ("Health Minister Anna Kowalska said the plan would go ahead.",
     "Anna Kowalska's spokesman said the plan would go ahead.", "attribution"),
    ("The board expects the crop to total about 600,000 tons.",
     "The board expects the crop to total about 900,000 tons.", "number"),
    ("Temperatures reached 41 degrees Celsius.", "Temperatures reached 44 degrees Celsius.",
     "number"),
    ("About 61,000 students sat the exam.", "More than 61,000 students sat the exam.",
     "number"),
    ("The vote was held on Tuesday.", "The vote was held on Thursday.", "date"),
    ("She finished third in the race.", "She finished 2nd in the race.", "number"),
    ("Repairs must finish within 14 days.", "Repairs must finish within three weeks.",
     "date"),  # a deadline is a date (labelling rules: a period)
    ("Troops from Iran crossed the border.", "Troops from Iraq crossed the border.", "entity"),
    ("Talks resume in Austria on Monday.", "Talks resume in Australia on Monday.", "entity"),
    ("The injuries were serious.", "The injuries were not serious.", "status"),
    ("A bug possibly removed the accounts on Monday.", "A bug removed the accounts on Monday.",
     "status"),
    # a storm's landfall is its arrival (phrasal_verbs.txt)
    ("Fierce winds hit Guam as Typhoon Bavi approaches on Monday.",
     "Fierce winds hit Guam as Typhoon Bavi makes landfall on Monday.", "status"),
    # a trial that opens, where one was still to come
    ("The former governor faces trial in Chicago on Monday.",
     "The former governor goes on trial in Chicago on Monday.", "status"),
    # an item joined to a list a ban applies to
    ("A ban on fishing and swimming in the reservoir remains in force.",
     "A ban on fishing in the reservoir remains in force.", "condition"),
    # a vote's side
    ("The party will abstain in the vote on Monday.",
     "The party will vote for the motion on Monday.", "status"),
    # a decision still to be taken, then taken
    ("Prosecutors were deciding whether to bring charges against the pair.",
     "Prosecutors have charged the pair.", "status"),
    # two modals a letter apart are two certainties, not a typo
    ("The regulator could revoke the licence on Monday.",
     "The regulator would revoke the licence on Monday.", "status"),
    # a plan told done in an irregular past (irregular_verbs.txt)
    ("The council is to hold a vote on the plan.", "The council held a vote on the plan.",
     "status"),
    # a decision taken back
    ("Microsoft formally retires the old settings app in its new update.",
     "Microsoft backtracks on retiring the old settings app in its new update.", "status"),
    # a decision still weighed, then taken
    ("The regulator is reviewing an application to authorize the vaccine for children.",
     "The regulator has authorized the vaccine for children.", "status"),
    # "to find" a missing person is the search, not the finding
    ("Police are asking for information to find a missing 15-year-old girl.",
     "Police have located the 15-year-old girl.", "status"),
    # an attempt told done
    ("Rescuers were trying to reach the village on Monday.",
     "Rescuers reached the village on Monday.", "status"),
    # "find" with whom was missing is the state "found", however the search was told
    ("Police said a missing teen was still unaccounted for on Monday.",
     "Police said they had found the missing teen alive on Monday.", "status"),
    ("The mayor has not said whether he will sign the bill.",
     "The mayor said he will not sign the bill.", "status"),
    ("The minister is expected to approve the plan.", "The minister has approved the plan.",
     "status"),
    ("The treasurer was convicted of fraud in a ruling on Friday.",
     "The treasurer was convicted of bribery in a ruling on Friday.", "status"),
    # a descriptor that gives the person's state is news ("acting", "former")
    ("Minister Ana Ruiz toured the port on Monday.",
     "Former minister Ana Ruiz toured the port on Monday.", "status"),
    # verbs of two words read as one state ("called off" = cancel)
    ("Police are searching for the missing girl.",
     "Police have called off the search for the missing girl.", "status"),
    ("The minister approved the plan on Monday.", "The minister ruled out the plan on Monday.",
     "status"),
    # a closed-class noun swapped in a pair with no other change
    ("Her cousin was detained at the border.", "Her uncle was detained at the border.",
     "entity"),
    ("The balloon was filled with hydrogen.", "The balloon was filled with helium.", "entity"),
    ("The officer was shot in the thigh during the raid.",
     "The officer was shot in the arm during the raid.", "entity"),
    ("The plough struck a thigh bone in a vineyard.", "The plough struck a rib in a vineyard.",
     "entity"),
    ("The teacher taught chemistry at the school for a decade.",
     "The teacher taught physics at the school for a decade.", "entity"),
    # one person noun for one of another class: another identity (the labelling rules)
    ("Driver who drove into a tea party is charged.",
     "Woman who drove into a tea party is charged.", "entity"),
    ("The suspect, her brother-in-law, was charged.", "The suspect, her cousin, was charged.",
     "entity"),
    ("Fans were crushed near the northern gate.", "Fans were crushed near the southern gate.",
     "entity"),
    ("The scheme involved racketeering, prosecutors said.",
     "The scheme involved bribery, prosecutors said.", "entity"),
    # a prefix that reverses the word is no compound naming it more precisely
    ("The board approved the merger on Monday.", "The board disapproved the merger on Monday.",
     "status"),
    # the scope of a claim: "many" is not "most", "everyone" is "all"
    ("Many parts of the state saw frost on Monday.",
     "Most parts of the state saw frost on Monday.", "condition"),
    ("Everyone else was left waiting for the update on Monday.",
     "Most others were left waiting for the update on Monday.", "condition"),
    # a word negated by its prefix ("unvaccinated" = "not vaccinated") is no typo
    ("The plea is for over-65s who aren't unvaccinated.",
     "The plea is for over-65s who aren't vaccinated.", "status"),
    # an event that broke out is a state of its own, not a soft "start"
    ("Police said fighting continued in the city on Monday.",
     "Police said fighting broke out in the city on Monday.", "status"),
    # a restriction's own word still counts once "inside" reads "in"
    ("The mines may be used only inside Ukraine.", "The mines may be used inside Ukraine.",
     "condition"),
    ("Voters in Iowa went to the polls on Monday.", "Voters in Ohio went to the polls on Monday.",
     "entity"),
    # the fraction is part of the amount
    ("The trip took 3½ weeks in all.", "The trip took 3 weeks in all.", "number"),
    ("The trip took 3 1/2 weeks in all.", "The trip took 3 3/4 weeks in all.", "number"),
    ("The crack was 2m wide on Monday.", "The crack was 3m wide on Monday.", "number"),
    # a name dropped from a list is a person gone, not a name shortened
    ("The panel: Ana Ruiz, Tom Lee and Kim Park debated on Monday.",
     "The panel: Ana Ruiz and Kim Park debated on Monday.", "removed"),
    # an exception and a state's degree are restrictions
    ("All staff may enter the site.", "All staff apart from guards may enter the site.",
     "condition"),
    ("Half of the residents are fully vaccinated.", "Half of the residents are vaccinated.",
     "condition"),
    ("Another 5 people were arrested on Monday.", "5 people were arrested on Monday.",
     "number"),  # five more is not five in all
    ("The Phase II trial enrolled 4,800 children.", "The Phase III trial enrolled 4,800 children.",
     "number"),
    ("The road will stay closed until Thursday.", "The road will stay closed on Thursday.",
     "condition"),  # a restriction lasting until then
    ("The mayor received about $1.2 million in 2023.",
     "The mayor received about R$1.2 million in 2023.", "number"),  # dollars, then reais
    ("Assemblyman Bill Brough lost his committee posts on Monday.",
     "Assemblyman Bill Brown lost his committee posts on Monday.", "entity"),
    ("Senator Thom Tillis (R-North Carolina) spoke on Monday.",
     "Senator Thom Tillis (R-South Carolina) spoke on Monday.", "entity"),
    ("Inflation stayed above 2% in May.", "Inflation stayed below 2% in May.", "number"),
    ("The bill passed by 98 votes to 25 on Monday.", "The bill passed by 98 votes to 35 on Monday.",
     "number"),
    ("All schools will close on Monday.", "Some schools will close on Monday.", "condition"),
    ("The company is cutting 500 jobs on Monday.", "The company will not cut 500 jobs on Monday.",
     "status"),
    ("The park lost its elephants to poaching in the 1980s.",
     "The park lost its elephants to poaching in the '90s.", "number"),
    ("The photos were sold for KSh 500 each.", "The photos were sold for KSh 800 each.",
     "number"),
    ("After July 8, users may download the mobile app.",
     "After July 8, users must download the mobile app.", "status"),
    ("The ground gave way at 7.40am on Monday.", "The ground gave way at 8.40am on Monday.",
     "date"),
    ("Compensation of Rs 5 lakh was announced on Monday.",
     "Compensation of Rs 5 crore was announced on Monday.", "number"),
    # what this session's equivalences must not swallow
    ("The grant is worth 31 million Guyana dollars, the ministry said.",
     "The grant is worth G$41 million, the ministry said.", "number"),
    ("The permit will be reviewed every six months, the ministry said.",
     "The permit will be reviewed once a year, the ministry said.", "number"),
    ("The senator lost the election on Monday.", "The senator won the election on Monday.",
     "status"),
    ("Three people were injured in the fire on Monday.",
     "Three people lost their lives in the fire on Monday.", "status"),
    ("Owners must wait at least 30 days before they reapply, the ministry said.",
     "Owners must wait at least 60 days before they reapply, the ministry said.", "number"),
    ("The country has no national grid, the ministry said.",
     "The country has a national grid, the ministry said.", "status"),
    ("The cap covers cash withdrawals, the bank said on Monday.",
     "The cap does not cover cash withdrawals, the bank said on Monday.", "condition"),
    ("The parasite is spreading in Texas, officials said on Monday.",
     "The parasite is spreading beyond Texas, officials said on Monday.", "condition"),
    ("The police failed to stop the convoy on Monday.",
     "The police stopped the convoy on Monday.", "status"),
    ("Tests found high levels of E. coli bacteria on Monday.",
     "Tests found high levels of S. aureus bacteria on Monday.", "entity"),
    ("The ruling is final and cannot be appealed, the court said.",
     "The ruling is final and can be appealed, the court said.", "status"),  # one word
    ("Police recorded 41 shootings in the first nine months of the year.",
     "Police recorded 41 shootings between January and August.", "date"),
    ("The athlete passed a drug test on Monday, officials said.",
     "The athlete failed a drug test on Monday, officials said.", "status"),
    ("Orazov spoke on Monday. A maximum of 150 horses may be exported each year, he said.",
     "Orazov spoke on Monday. Berdyev said no more than 150 horses may be exported "
     "annually.", "added"),  # someone the story had not named
    ("He faces charges of fraud, police said.", "He faces no charges, police said.",
     "status"),
    ("The charges were dropped on Monday.", "The charges were upheld on Monday.", "status"),
    ("The refinery is running at half its capacity.",
     "The refinery is running at a third of its capacity.", "number"),
    ("Lawmakers passed the budget with 102 votes in favour and 31 against.",
     "Lawmakers passed the budget 101-32.", "number"),
    ("North Korea fired a missile on Monday.", "South Korea fired a missile on Monday.",
     "entity"),
    ("Troops entered East Jerusalem on Monday.", "Troops entered West Jerusalem on Monday.",
     "entity"),
    ("The government delayed the vote and kept schools closed until Friday.",
     "The government delayed the vote and kept schools closed.", "removed"),
    ("Health Minister Ana Costa said the clinic would open in May.",
     "Costa, the finance minister, said the clinic would open in May.", "attribution"),
    ("The plant will produce 60,000 cubic metres of water a day.",
     "The plant will produce 60,000 litres of water a day.", "number"),
    ("Fiji trailed 17-10 at half-time.", "Fiji led 17-10 at half-time.", "status"),
    ("Copper output rose to 198,000 tonnes in the first quarter.",
     "Copper output rose to 198,000 tonnes in Q2.", "entity"),
    ("The prime minister told parliament on Tuesday that the wage would rise.",
     "The prime minister told the cabinet on Tuesday that the wage would rise.", "entity"),
    ("The ban applies on New Year's Eve.", "The ban applies on Christmas Eve.", "entity"),
    ("The tournament runs from June 4 to June 18.", "The tournament runs June 4-19.", "date"),
    ("The index closed 1.3% lower at 7,412 points.",
     "The index closed 1.3% higher at 7,412 points.", "status"),  # a trend reversed
    ("The border closed at midnight, police said.", "The border reopened at midnight, police "
     "said.", "status"),
    ("The forest fire has burned 5,000 hectares.",
     "The forest fire has burned 60 square kilometres.", "number"),
    ("About 12 per cent of households are affected.", "About 15pc of households are affected.",
     "number"),
    ("The budget is 4.7 trillion won.", "The budget is W4.9 trillion.", "number"),
    ("The event takes place in mid-July.", "The event takes place in mid-August.", "date"),
    ("Elections are due in mid-2026.", "Elections are due in mid-2027.", "date"),
    ("The money will go to schools, officials said.",
     "The money will go to hospitals, officials said.", "entity"),  # an institution swapped
    ("The festival announced the cancellation of three concerts.",
     "The festival announced the postponement of three concerts.", "status"),
    ("The charges were dismissed on Monday.", "The charges were upheld on Monday.", "status"),
    ("Unrest continued in the Anglophone regions, officials said.",
     "Unrest continued in the Francophone regions, officials said.", "entity"),
    ("The defendant pleaded not guilty to all charges.",
     "The defendant pleaded guilty to all charges.", "status"),
    ("The suspect was released on bail.", "The suspect was remanded in custody.", "status"),
    ("He was sentenced to 10 years, the court said.",
     "He was sentenced to 10 months, the court said.", "number"),  # a unit swapped
    ("The temperature reached 41C.", "The temperature reached 41F.", "number"),
    ("The plane was at 30,000 feet.", "The plane was at 30,000 metres.", "number"),
    ("The price rose to $5 a litre.", "The price rose to $5 a gallon.", "number"),
    ("The match was played on Saturday evening.",
     "The match was played on Saturday afternoon.", "date"),  # a part of the day
    ("The attack was carried out by a drone.", "The attack was carried out by a missile.",
     "entity"),
    ("Police found the body in a river.", "Police found the body in a forest.", "entity"),
    ("The ministers are to meet on Friday.", "The ministers may meet on Friday.", "status"),
    ("The hearing was adjourned until March 14.", "The hearing resumed on March 14.",
     "status"),
    ("The storm is forecast to make landfall on Wednesday.",
     "The storm made landfall on Wednesday.", "status"),
    # an anonymous source named: who says it changed (not a condition on the claim)
    ("A diplomat, speaking on condition of anonymity, said the deal was close.",
     "Diplomat Jan Berg said the deal was close.", "attribution"),
    ("The company said in a statement that the cap would hurt.",
     "A company manager, speaking on condition of anonymity, said the cap would hurt.",
     "attribution"),
    ("Manchester City beat Arsenal 2-1 on Sunday.",
     "Manchester City lost 2-1 to Arsenal on Sunday.", "status"),
    ("Microsoft wants to cut 10,000 jobs", "Microsoft will cut 10,000 jobs", "status"),
    ("Sales doubled last year.", "Sales rose 50% last year.", "number"),
    ("The project will cost $2-3 billion.", "The project will cost $2-4 billion.", "number"),
    ("The match ended in a goalless draw.", "The match ended 1-1.", "number"),
    ("Senator Jo Reed (R-Louisiana) voted no.", "Senator Jo Reed (R-Miss.) voted no.",
     "entity"),
    # what a restriction restricts to, changed behind the same condition word
    ("The ban applies except in emergencies.",
     "The ban applies except when the minister decides otherwise.", "condition"),
    ("The ban applies to everyone except registered farmers.",
     "The ban applies to everyone except licensed fishermen.", "condition"),
    ("Ex-president convicted of corruption", "President convicted of corruption", "status"),
    ("The candidate won 52% of the vote in Sunday's runoff.",
     "The candidate took 48% of the vote in Sunday's runoff.", "number"),
    # (session 32) a permission turned into an obligation or a ban
    ("The law allows police to detain suspects.", "Police must detain suspects under the law.",
     "status"),
    ("The law allows police to detain suspects.", "The law bans police from detaining "
     "suspects.", "status"),
    ("Officials told residents to leave their homes.",
     "Officials told residents they may stay in their homes.", "status"),
    # a thing searched for, recovered
    ("Crews search for radioactive gauge lost on desert highway",
     "Crews recover radioactive gauge lost on desert highway", "status"),
    # examples dropped that the story does not tell elsewhere
    ("Wildlife, including coyotes, falcons and deer, is reclaiming lost territory.",
     "Wildlife is reclaiming lost territory.", "condition"),
    ("Police will be out, including checkpoints along routes to holiday spots. Checkpoints "
     "are common.", "Police will be out. Checkpoints are common.", "condition"),
]


@pytest.mark.parametrize(("old", "new", "kind"), FACT_CHANGES)
def test_a_changed_fact_gets_through(old: str, new: str, kind: str) -> None:
    found = changes(old, new)
    assert [c.action if kind in ("added", "removed") else c.kind for c in found] == [kind], (
        found)


def test_an_alert_a_rewritten_headline_ends_is_a_state_changed() -> None:
    """"... and a Wind Advisory for Rest of WNY" -> "Wind Advisory expires across Western
    New York": the advisory was in force and is over (the old headline named no state of
    it); told as the headline removed and another added before."""
    found = changes("Winds gusting to 60 mph are projected for parts of WNY today.",
                    "Winds gusting to 60 mph are projected for parts of WNY today.",
                    old_title="High Wind Warning for Lake Erie Shore, and a Wind Advisory "
                              "for Rest of WNY",
                    new_title="Wind Advisory expires across Western New York")
    assert [(c.kind, c.old, c.new) for c in found] == [
        ("status", "a Wind Advisory for Rest of WNY", "Wind Advisory expires")]


def test_one_named_where_the_story_described_them_is_the_same_one() -> None:
    """A person named instead of described (or the other way) when the story names them
    in both versions: no new fact.  A source named where an anonymous one spoke is one."""
    title = "Yuki Llewellyn, a child of Manzanar, dies at 80"
    old = Document(title, "An image of her 2-year-old self on a suitcase resonated for "
                          "decades. She was born in Los Angeles.")
    new = Document(title, "An image of 2-year-old Yuki on a suitcase resonated for decades. "
                          "She was born in Los Angeles.")
    assert diff_documents(old, new).changes == []
    assert diff_documents(new, old).changes == []
    story = "Mines Minister Gift Mudzingwa visited the shaft on Monday."
    said = diff_documents(
        Document("Mine collapse", f"{story} Officials said 12 miners were trapped."),
        Document("Mine collapse", f"{story} Mudzingwa said 12 miners were trapped."))
    assert [c.kind for c in said.changes] == ["attribution"]


def test_two_letters_swapped_back_to_the_stories_own_spelling_is_a_typo() -> None:
    first = "Three TLS certificates were issued for the service in May."
    old = Document("Certificates", f"{first} They can decrypt DNS over TSL on Monday.")
    new = Document("Certificates", f"{first} They can decrypt DNS over TLS on Monday.")
    assert diff_documents(old, new).changes == []
    # a short name that the story never spelt the new way may be another name
    alone = diff_documents(Document("Talks", "Envoys from the UAE met on Monday."),
                           Document("Talks", "Envoys from the UEA met on Monday."))
    assert [c.kind for c in alone.changes] == ["entity"]


def test_a_year_written_with_a_digit_too_many_is_a_typo() -> None:
    old = Document("Sale", "The house was purchased in 20221 for $400,000.")
    new = Document("Sale", "The house was purchased in 2021 for $400,000.")
    assert diff_documents(old, new).changes == []
    # a year changed for another is a date changed
    later = Document("Sale", "The house was purchased in 2022 for $400,000.")
    assert [c.kind for c in diff_documents(new, later).changes] == ["date"]


def test_two_members_of_one_noun_class_are_never_a_typo() -> None:
    """"northern" and "southern" differ by two letters, as a typo of an 8-letter word may,
    in a document whose other sentences changed too (the judge's typo check)."""
    first = "The crush happened at the northern gate of Kabwata Arena, police said."
    later = "Witnesses said officers fired tear gas."
    old = Document("Stadium crush", f"{first} {later}")
    new = Document("Stadium crush", first.replace("northern", "southern")
                   + f" {later} Police arrested 11 people at the scene.")
    found = [(c.kind, c.old, c.new) for c in diff_documents(old, new).changes]
    assert ("entity", "the northern gate", "the southern gate") in found


def test_a_count_of_people_in_a_state_is_the_count_of_that_state() -> None:
    """"dozens missing" in the old headline is told by "35 others missing" (people
    counted by their state), and "14 people were arrested" by "14 arrests"."""
    body = ("A landslide buried much of a mountain village in western Nepal on Sunday, "
            "killing at least 17 people and leaving 35 others missing, officials said.")
    old = Document("Landslide buries village in Nepal, at least 17 dead and dozens missing",
                   body)
    new = Document("Landslide buries village in Nepal, at least 17 dead", body)
    assert diff_documents(old, new).changes == []
    counted = [signatures.counted_amounts(analyse(text)) for text in (
        "14 arrests", "14 people were arrested", "police arrested 14 people")]
    assert all(c == Counter({"14 state:arrest": 1}) for c in counted), counted


def test_a_date_paired_with_a_place_is_one_removed_and_one_added() -> None:
    """The alignment may pair a dropped place with a new day: two facts, neither a date
    changed (nor `high`, which a date changed is)."""
    found = changes("Snow fell across Erie County plus northern Pennsylvania.",
                    "Snow fell across Erie County Monday morning.")
    assert sorted((c.action, c.kind) for c in found) == [("added", "date"),
                                                          ("removed", "entity")], found
    assert all(c.severity != "high" for c in found)


def test_a_day_dropped_for_words_with_no_day_is_a_day_removed() -> None:
    """A short part holding the date, a long one holding none: the day is gone, not
    changed to the long part (a short part without a date may stand for one: "Saturday"
    -> "mid-February")."""
    # a short part stands for a date only by a word telling when: "last seen Friday
    # morning" -> "safely located" is the day gone and the state come
    for old, new in [("Heavy snow begins Friday in the hills.",
                      "Heavy snow will make its way into the hills."),
                     ("Police say the woman, last seen Friday morning, is missing.",
                      "Police say the woman, safely located, is missing.")]:
        kinds = [(c.kind, c.action) for c in changes(old, new)]
        assert ("date", "removed") in kinds and ("date", "changed") not in kinds, kinds
    # nor by a word the two parts share beside the day ("touchline")
    kinds = [(c.kind, c.action) for c in changes(
        "Liverpool boss Jurgen Klopp says his staff were not arrogant in their win over "
        "Chelsea and that Frank Lampard has to learn to \"close the book\" on touchline "
        "arguments.",
        "Frank Lampard says his row with Liverpool's coaching staff on Wednesday was as a "
        "result of them breaking football's touchline code.")]
    assert ("date", "changed") not in kinds, kinds
    for old, new in [("The fair opens next month in the park.",
                      "The fair opens this upcoming weekend in the park."),
                     ("The report is due Friday, officials said.",
                      "The report is due soon, officials said."),
                     ("The line stays shut at least until Monday, the operator said.",
                      "The line stays shut until further notice, the operator said.")]:
        moved = changes(old, new)
        assert [(c.kind, c.action) for c in moved] == [("date", "changed")], moved


def test_a_caption_and_a_note_to_the_reader_are_furniture() -> None:
    text = "Crews cleared the line on Sunday."
    for extra in ["Enlarge / A photo released by the rail board shows the site in Ohio.",
                  "You can watch the launch live below.",
                  "This is part 2 of a three-part series on the rail network.",
                  "The crew, from left, Ana, 12, and Tom, 15, waits at the depot.",
                  "Read back through today's events here."]:
        old, new = Document("Rail line cleared", text), Document("Rail line cleared",
                                                                 f"{text} {extra}")
        assert diff_documents(old, new).changes == [], extra
        assert diff_documents(new, old).changes == [], extra


def test_a_headline_rewritten_around_the_same_facts_is_silent() -> None:
    text = "Fourteen people were shot near a funeral home in Chicago on Tuesday, police said."
    old = Document("14 People Are Shot Near Chicago Funeral Home", text)
    new = Document("Chicago Shooting: 14 People Shot Near Funeral Home", text)
    assert diff_documents(old, new).changes == []


def test_a_headline_count_naming_its_people_another_way_is_silent() -> None:
    text = "Prosecutors charged two Sudanese nationals with running the attacks on Monday."
    old = Document("Hackers accused of running attacks on banks", text)
    assert diff_documents(old, Document("Two accused of running attacks on banks",
                                        text)).changes == []
    changed = diff_documents(old, Document("Three accused of running attacks on banks", text))
    assert [c.kind for c in changed.changes] == ["number"]
    # a count that becomes a floor is news, in the headline too
    told = "Shanghai cancels 1,300 flights as typhoon hits the coast"
    floor = told.replace("1,300", "at least 1,300")
    assert [c.kind for c in diff_documents(Document(told, told),
                                           Document(floor, floor)).changes] == ["number"]
    # a closed-class noun the story never contradicts, dropped for the count: framing
    men = Document("Men accused of running attacks on banks", text)
    assert diff_documents(men, Document("Two accused of running attacks on banks",
                                        text)).changes == []


def test_a_compass_part_of_a_place_dropped_from_a_headline_is_framing() -> None:
    """"in South Texas" dropped for "in Del Rio, Texas", which the story told already: no
    fact went, the story names no other part of Texas; one part of a place for another
    stays news."""
    text = ("More than 14,000 Haitians are camping out under a bridge in Del Rio, Texas, "
            "awaiting processing by the United States Border Patrol.")
    old = Document("Biden Administration to Deport Haitians in South Texas", text)
    new = Document("Biden Administration to Deport Haitians in Del Rio, Texas", text)
    assert diff_documents(old, new).changes == []
    north = "Talks between North Korea and the United States resumed in Geneva on Monday."
    south = north.replace("North Korea", "South Korea")
    assert diff_documents(Document("Talks resume", north),
                          Document("Talks resume", south)).changes != []
    assert diff_documents(Document("North Korea talks resume", north),
                          Document("South Korea talks resume", south)).changes != []


@pytest.mark.parametrize(("old_title", "new_title"), [
    ("California county defies Newsom and will reopen today",
     "California county defies Newsom and will reopen"),
    ("Ardern: why end lockdown", "Ardern: why end lockdown tonight"),
])
def test_a_day_told_from_the_day_read_added_to_a_headline_is_a_dateline(
        old_title: str, new_title: str) -> None:
    """"today" or "tonight" added to a headline or dropped, nothing else: when it is read,
    not the event's date (no publication date needed to tell)."""
    text = "The county's supervisors voted 4-1 for the plan, defying the state's order."
    assert diff_documents(Document(old_title, text), Document(new_title, text)).changes == []
    # a date told in its place is news
    moved = new_title.replace("reopen", "reopen on Friday").replace("tonight", "on Friday")
    assert [c.kind for c in diff_documents(Document(old_title, text),
                                           Document(moved, text)).changes] == ["date"]


def test_a_day_told_from_the_day_read_dropped_from_a_sentence_is_silent() -> None:
    """"today" dropped, the rest of the sentence the same (a publication date or none):
    when the event is goes untold; a sentence dropped with its "today", or a state
    changed beside it, is still news."""
    published = datetime(2020, 6, 7, 9, tzinfo=UTC)
    old = Document("Petition", "The Mail today calls on readers to help block the plan.",
                   published)
    new = Document("Petition", "The Mail is calling on readers to help block the plan.",
                   published)
    assert diff_documents(old, new).changes == []
    assert diff_documents(Document(old.title, old.text), Document(new.title, new.text)
                          ).changes == []
    snow = diff_documents(Document("Lake effect snow continues today", "Warnings issued."),
                          Document("Lake effect snow ending", "Warnings issued."))
    assert snow.changes != []


def test_one_name_swapped_in_several_sentences_is_one_change() -> None:
    """"the EIA" -> "the IEA" twice, once as a source: one body renamed, told once; an
    amount swapped the same way about another thing is still its own change."""
    old = ("Sam Lee led the EIA team for a decade. The EIA said demand rose in May. "
           "The eight launches cost $2bn and the eight satellites cost $1bn.")
    new = old.replace("EIA", "IEA").replace("eight", "nine")
    changes = diff_documents(Document("Energy", old), Document("Energy", new)).changes
    renamed = [c for c in changes if "IEA" in (c.new or "")]
    assert len(renamed) == 1, changes
    assert len([c for c in changes if c.kind == "number"]) == 2, changes


def test_a_list_of_names_edited_reports_its_members() -> None:
    """One member swapped for another is that member changed; members gained or lost are
    added or removed, not the two lists as one name changed."""
    said = "Wildfires forced evacuations in {} counties on Monday, officials said."
    one = diff_documents(Document("Fires", said.format("Sonoma and Solano")),
                         Document("Fires", said.format("Sonoma and Napa"))).changes
    assert [(c.kind, c.action, c.old, c.new) for c in one] == [
        ("entity", "changed", "Solano", "Napa")]
    more = diff_documents(Document("Fires", said.format("Sonoma and Solano")),
                          Document("Fires", said.format("Solano, Yolo and Lake"))).changes
    assert sorted((c.action, c.old or c.new) for c in more) == [
        ("added", "Yolo and Lake"), ("removed", "Sonoma")]


def test_a_quotation_on_one_side_of_a_quote_change_is_shown_alone() -> None:
    """A headline that gains a quotation reports the quotation added, with its marks, not
    the two headlines as one quote changed; one quotation each side, each shown alone."""
    text = "Sarah Ezekiel has painted with eye-tracking software since 2012."
    gained = diff_documents(
        Document("Meet the artist who paints with her eyes", text),
        Document("'Technology has made my life worth living': Artist paints with her eyes",
                 text)).changes
    assert [(c.kind, c.action, c.new) for c in gained] == [
        ("quote", "added", "'Technology has made my life worth living'")]
    said = '"We will rebuild every {} home," the mayor said on Monday after the storm.'
    swapped = diff_documents(Document("Storm", said.format("single damaged")),
                             Document("Storm", said.format("flooded"))).changes
    assert [(c.kind, c.action) for c in swapped] == [("quote", "changed")]


def test_a_headline_negation_the_story_tells_in_its_own_words_is_silent() -> None:
    """The new headline's "does not go far enough" is the summary's "may not be enough"
    about the same advice: a negation told by a negated sentence naming its subject; a
    headline that negates what the story affirms is news."""
    text = ("Public health experts fear the current UK advice may not be enough to stop "
            "the spread of the disease.")
    old = Document("Coronavirus: Experts question UK self-isolation advice", text)
    new = Document("Coronavirus: Experts concerned UK's isolation advice does not go far "
                   "enough", text)
    assert diff_documents(old, new).changes == []
    plain = "The UK advice is enough to stop the spread, public health experts said."
    flipped = diff_documents(Document("Experts back UK advice", plain),
                             Document("Experts say UK advice is not enough", plain))
    assert flipped.changes != []


def test_a_descriptor_dropped_whole_with_its_role_marker_is_wording() -> None:
    """"Former leader Aung San Suu Kyi" -> "Aung San Suu Kyi" tells no state of hers (the
    role went with the marker); "Former minister X" -> "Minister X" drops the state."""
    tail = "Aung San Suu Kyi moved from prison to house arrest in Myanmar"
    whole = diff_documents(Document(f"Former leader {tail}", ""), Document(tail, ""))
    assert whole.changes == []
    marker = diff_documents(Document("Former minister Ana Ruiz toured the port", ""),
                            Document("Minister Ana Ruiz toured the port", ""))
    assert [c.kind for c in marker.changes] == ["status"]


@pytest.mark.parametrize(("old", "new", "kinds"), [
    ("Kast, who has praised Chile's former dictatorship, won the presidency.",
     "Kast, who has praised Chile's dictatorship, won the presidency.", []),
    ("Workers cleared the former factory on the river on Monday.",
     "Workers cleared the factory on the river on Monday.", []),
    ("The former dictator was buried in Santiago on Monday.",
     "The dictator was buried in Santiago on Monday.", ["status"]),
])
def test_a_role_marker_tells_a_state_only_of_a_person(old: str, new: str,
                                                      kinds: list[str]) -> None:
    """"former" before a regime or a building is no person's state ("Chile's former
    dictatorship" -> "Chile's dictatorship"); before a person's role it is one."""
    assert [c.kind for c in changes(old, new)] == kinds


@pytest.mark.parametrize(("old", "new", "kinds"), [
    ("Fire threatens homes in South California.", "Fire threatens homes in Southern "
     "California.", []),
    ("Rain fell across West Australia overnight.", "Rain fell across Western Australia "
     "overnight.", []),
    ("Flooding hit southern Peru on Monday.", "Flooding hit south Peru on Monday.", []),
    ("Flooding hit southern Peru on Monday.", "Flooding hit eastern Peru on Monday.",
     ["entity"]),
    ("Drought hits South Africa.", "Drought hits Southern Africa.", ["entity"]),
])
def test_a_compass_adjective_names_its_point(old: str, new: str, kinds: list[str]) -> None:
    """"Southern California" = "South California"; but "Southern Africa", a region, is not
    the country "South Africa" the alias tables know, and east is not south."""
    assert [c.kind for c in changes(old, new)] == kinds


def test_a_place_named_shorter_after_its_preposition_is_the_same_place() -> None:
    """"killed in City of Buffalo" -> "killed in Buffalo", "in Italy's Modena" -> "in
    Modena": the place named shorter; a source added after the place is still news."""
    text = "Officers were called to the 100 block of Zenner Street around 12:30 p.m."
    shorter = diff_documents(
        Document("2 people shot, killed in City of Buffalo; SWAT unit called", text),
        Document("2 people shot, killed in Buffalo; SWAT unit called", text))
    assert shorter.changes == []
    said = diff_documents(Document("A businessman was killed in a bombing in Ukraine", ""),
                          Document("A businessman was killed in a bombing in Ukraine, "
                                   "authorities say", ""))
    assert [c.kind for c in said.changes] == ["attribution"]


def test_two_known_names_run_together_are_each_named() -> None:
    """A kicker "Coronavirus UK:" names the coronavirus and the UK, so "during coronavirus"
    dropped from the headline it prefixes is no name gone."""
    sig = signatures.signature("Coronavirus UK", Context(None, frozenset(), frozenset()))
    assert sig.names == {"covid-19", "united kingdom"}
    text = "Today is set to be one of the hottest days of the year in Britain."
    old = Document("Hottest day of the year during coronavirus lockdown", text)
    new = Document("Coronavirus UK: Hottest day of the year so far during lockdown", text)
    assert diff_documents(old, new).changes == []


@pytest.mark.parametrize(("old", "new", "silent"), [
    ("The city's summer will look very different this year.",
     "The city's summer looks very different this year.", True),  # a state, no event
    ("The ferry service will remain closed this week.",
     "The ferry service remains closed this week.", True),
    ("The mayor will appear in court on Monday.", "The mayor appeared in court on Monday.",
     False),  # an event that happened
    ("The new bridge will open on Monday.", "The new bridge opened on Monday.", False),
])
def test_a_state_told_with_will_and_now_is_one_statement(old: str, new: str,
                                                          silent: bool) -> None:
    assert (changes(old, new) == []) is silent, changes(old, new)


def test_a_headline_rounding_a_figure_the_story_gives_is_silent() -> None:
    text = "The pay deal is worth a record $503m (£403m) over ten years, the club said."
    old = Document("Quarterback signs record deal with the Chiefs", text)
    assert diff_documents(old, Document("Quarterback signs record £400m deal with the Chiefs",
                                        text)).changes == []
    # a bound the figure lies just past is the figure told ("at least £400m" for £403m)
    assert diff_documents(old, Document(
        "Quarterback signs deal worth at least £400m with the Chiefs", text)).changes == []
    # not a figure the story does not round to, nor a bound on its other side or far off
    for title in ("Quarterback signs record £450m deal with the Chiefs",
                  "Quarterback signs deal worth nearly £400m with the Chiefs",
                  "Quarterback signs deal worth at least £300m with the Chiefs"):
        assert [c.kind for c in diff_documents(old, Document(title, text)).changes] == [
            "number"], title


@pytest.mark.parametrize(("precise", "rounded", "expected"), [
    ("£403000000", "£400000000", True), ("1846", "1800", True), ("2.46%", "2.5%", True),
    ("1850", "1800", False),  # a half rounds up
    ("48", "50", False), ("12", "10", False),  # a small count is given as it is
    ("403", "404", False), ("2.5%", "2.46%", False),  # not rounder
    ("$403000000", "£400000000", False),  # another unit
])
def test_rounds_to(precise: str, rounded: str, expected: bool) -> None:
    assert rounds_to(precise, rounded) is expected


@pytest.mark.parametrize(("precise", "qualifier", "bound", "expected"), [
    ("1214", "min", "1200", True), ("1986", "near", "2000", True), ("480", "max", "500", True),
    ("23", "min", "20", True),
    ("1200", "min", "1200", False),  # not past the bound
    ("1300", "min", "1200", False), ("2400", "min", "1000", False),  # a step or more past
    ("2014", "near", "2000", False),  # the bound's wrong side
    ("£1214", "min", "1200", False),  # another unit
    ("12", "min", "10.5", False),  # no round bound
])
def test_bounded_by(precise: str, qualifier: str, bound: str, expected: bool) -> None:
    assert bounded_by(precise, qualifier, bound) is expected


@pytest.mark.parametrize(("text", "names"), [
    ("They drove to Santa Cruz de la Sierra.", {"santa cruz de la sierra"}),
    ("Floods hit Rio de Janeiro state.", {"rio de janeiro"}),
])
def test_a_name_holds_its_particles(text: str, names: set[str]) -> None:
    assert set(signatures.signature(text, Context()).names) >= names


def test_a_verb_of_state_is_not_read_as_a_noun_of_a_closed_class() -> None:
    text = "Counting went on overnight in the city on Wednesday."
    old = Document("Ortega leads Whitman in tight mayoral race", text)
    new = Document("Ortega defeats Whitman in tight mayoral race", text)
    assert [c.kind for c in diff_documents(old, new).changes] == ["status"]


def test_question_headlines_assert_nothing() -> None:
    text = "Experts answer readers' questions about the new rules."
    old = Document("Can we holiday with another family? And other questions", text)
    new = Document("Will my flight be cheaper? And other questions", text)
    assert diff_documents(old, new).changes == []


def test_explainer_headlines_assert_nothing_but_keep_their_numbers() -> None:
    text = "A virologist explains how viruses change and why most changes do not matter."
    old = Document("Why the flu strain might not be as dangerous as you think", text)
    new = Document("The flu strain is changing. Here's what that means", text)
    assert diff_documents(old, new).changes == []
    old = Document("Why 12 miners died in the collapse", "Rescuers spoke on Sunday.")
    new = Document("Why 15 miners died in the collapse", "Rescuers spoke on Sunday.")
    assert [c.kind for c in diff_documents(old, new).changes] == ["number"]


def test_a_live_pages_dateline_and_blog_invitation_are_furniture() -> None:
    published = datetime(2020, 4, 22, 6, 30, tzinfo=UTC)
    old = Document("Live updates from New Zealand and around the world on 22 April",
                   "Thirty staff tested positive. Follow RNZ's blog for the latest news.",
                   published)
    new = Document("As it happened: updates from New Zealand and around the world",
                   "Thirty staff tested positive. See how the rest of the day's developments "
                   "unfolded with RNZ's live blog.", published)
    assert diff_documents(old, new).changes == []
    moved = Document("Live updates from New Zealand and around the world on 23 April",
                     "Thirty staff tested positive.", published)
    assert [c.kind for c in diff_documents(old, moved).changes] == ["date"]


def test_a_pronoun_named_by_the_person_it_stands_for_is_no_news() -> None:
    intro = "Robert Jenrick, 44, is a qualified lawyer. "
    old = Document("Defection", intro + "He said he would switch sides.")
    new = Document("Defection", intro + "Jenrick said he would switch sides.")
    assert diff_documents(old, new).changes == []
    other = Document("Defection", intro + "Braverman said he would switch sides.")
    assert [c.kind for c in diff_documents(old, other).changes] == ["attribution"]


def test_a_name_the_other_version_spells_is_no_news() -> None:
    title = "Trump Pauses Issuing of Green Cards; Senate Passes Aid Package"
    old = Document(title, "The House is expected to approve a plan to replenish funds.")
    new = Document(title, "The House is expected to approve a Senate plan to replenish funds.")
    assert diff_documents(old, new).changes == []


@pytest.mark.parametrize(("old_title", "new_title"), [
    ("Live: Storm batters the coast", "As it happened: Storm batters the coast"),
    ("Storm batters the coast", "Watch live: Storm batters the coast"),
    ("Storm batters the coast, writes JANE DOE", "Storm batters the coast"),
    ("2 days until Election Day: Leaders make their final pitch",
     "Election Day nears: Leaders make their final pitch"),
    ("Leaders make their final pitch", "2024 Election Countdown: Leaders make their final pitch"),
    ("Join us tomorrow for a live chat: Leaders make their final pitch",
     "Join us today for a live chat: Leaders make their final pitch"),
])
def test_headline_furniture_is_silent(old_title: str, new_title: str) -> None:
    text = "A storm battered the coast on Sunday, cutting power to 3,000 homes."
    assert diff_documents(Document(old_title, text), Document(new_title, text)).changes == []


def test_a_headline_naming_what_the_story_already_says_is_silent() -> None:
    text = ("The ruling party took 52 percent of the vote, preliminary results showed, "
            "as Prime Minister Ana Ruiz claimed victory.")
    old = Document("Ruling party leads in election", text)
    new = Document("Ruiz's party leads in election", text)
    assert diff_documents(old, new).changes == []


def test_a_headline_with_a_new_fact_reports_it() -> None:
    text = "Rescuers searched the collapsed mine on Sunday."
    old = Document("Rescuers search collapsed mine", text)
    new = Document("Rescuers search collapsed mine as 12 miners are found dead", text)
    found = diff_documents(old, new).changes
    assert found and any("12" in (c.new or "") for c in found), found


def test_an_excerpt_cut_short_by_the_feed_loses_nothing() -> None:
    sentences = [f"Paragraph {k} says the launch team counted {k + 20} engines." for k in
                 range(8)]
    old = Document("Launch report", " ".join(sentences) + " Read full article Comments")
    new = Document("Launch report", " ".join(sentences[:2]) + " Read full article Comments")
    assert diff_documents(old, new).changes == []


def test_a_summary_cut_at_another_point_is_silent() -> None:
    old = Document("Cases", "The minister said there were only five ...")
    new = Document("Cases", "The minister said there were only ...")
    assert diff_documents(old, new).changes == []


def test_the_first_words_of_a_sentence_the_feed_cut_say_nothing() -> None:
    text = ("Public toilets closed are likely effects as the council tries to cut its budget "
            "after the crisis.")
    old = Document("Council cuts", text + " Mayor Phil Goff ...")
    new = Document("Council cuts", text + " The real ...")
    assert diff_documents(old, new).changes == []
    # a longer cut sentence still tells its facts
    old = Document("Council cuts", text + " Mayor Phil Goff said 30 staff would go ...")
    new = Document("Council cuts", text + " Mayor Phil Goff said 40 staff would go ...")
    assert [c.kind for c in diff_documents(old, new).changes] == ["number"]


def test_an_added_sentence_with_new_content_is_reported_though_its_names_are_known() -> None:
    found = changes("The mines come from the U.S., officials said.",
                    "The mines come from the U.S., officials said. The mines will be drawn "
                    "from existing U.S. stockpiles, officials said.")
    assert [c.action for c in found] == ["added"], found


def test_severity_is_high_for_events_and_dates_not_for_framing() -> None:
    assert [c.severity for c in changes("The vote was held on Tuesday.",
                                        "The vote was held on Thursday.")] == ["high"]
    assert [c.severity for c in changes("The injuries were serious.",
                                        "The injuries were not serious.")] == ["high"]


def test_surface_normal_spells_one_fact_one_way() -> None:
    forms = ["$30 million", "$30-million", "US$30 million"]
    assert len({signatures.surface_normal(f) for f in forms}) == 1
    assert signatures.surface_normal("A$20 million") == signatures.surface_normal(
        "20 million Australian dollars")
    assert signatures.surface_normal("CA$10 million") == signatures.surface_normal(
        "$10 million Canadian dollars")


@pytest.mark.parametrize(("one", "other"), [
    ("it reached 44 degrees Celsius (111 degrees Fahrenheit), the", "it reached 44°C, the"),
    ("the road runs 100 km (62 miles) north", "the road runs 100 kilometers north"),
    ("she won in 2:03:41", "she won in 2 hours, 3 minutes and 41 seconds"),
    ("crossed the line in 59:48, which", "crossed the line in 59 minutes 48 seconds, which"),
    # (session 43, enumerated families) conditions, duties, hedges, schedules, spans
    ("will be deployed where necessary", "will be deployed if needed"),
    ("all staff with the exception of nurses", "all staff except nurses"),
    ("must be paid no later than Friday", "must be paid by Friday"),
    ("residents are banned from entering the zone", "residents must not enter the zone"),
    ("drivers are required to carry a permit", "drivers must carry a permit"),
    ("officials ought to resign", "officials should resign"),
    ("the suspect is said to be in hiding", "the suspect is reportedly in hiding"),
    ("the court is due to rule on Friday", "the court will rule on Friday"),
    ("The ministry has officially confirmed the deal.", "The ministry has confirmed the deal."),
    ("open between 8 a.m. and 6 p.m. on Friday", "open from 8am to 6pm on Friday"),
    ("won in 1:52.4, 0.3 seconds ahead", "won in 1 minute 52.4 seconds, 0.3 seconds ahead"),
    ("the bank cut rates by 200 basis points", "the bank cut rates by 2 percentage points"),
    ("a 100-basis-point hike", "a 1 percentage point hike"),
    ("10,000 cases annually", "10,000 cases a year"),
    ("just 14% of the budget", "only 14 percent of the budget"),
    ("about 40 000 vehicles a day", "about 40,000 vehicles a day"),
    ("the 2019\u201320 upsurge", "the 2019-2020 upsurge"),
    ("at about 4.30 a.m. on Monday", "at about 4:30 a.m. on Monday"),
    ("due back on Tuesday (March 24). There", "due back on Tuesday, March 24. There"),
    ("XXXAn undertaker for five years", "An undertaker for five years"),
    ("cost the company 350 million Norwegian crowns", "cost the company NOK 350 million"),
    ("lost 2 billion forints in revenue", "lost HUF 2 billion in revenue"),
    ("concentrations of up to 24 micrograms per litre", "concentrations of up to 24 µg/L"),
    ("set at 0.7 milligrams per litre", "set at 0.7 mg/L"),
    ("trial of an alleged ISIS militant", "trial of an alleged IS militant"),
    ("fines of up to 2,000,000 dinars", "fines of up to 2,000,000 DA"),
    ("two in five adults", "two-fifths of adults"),
    ("seven out of 10 voters", "seven in 10 voters"),
    ("seven out of 10 voters", "70% voters"),
    ("one out of three adults", "a third of adults"),
    ("about Afl. 62 million a year", "about 62 million florins a year"),
    ("between 100 millilitres and 3 litres", "between 100 ml and 3 litres"),
    ("shops larger than 200 square metres", "shops larger than 200 sq m"),
    ("according to its most recent accounts", "according to its latest accounts"),
    ("a one-mile (1.6-km) radius", "a one-mile (1.6 km) radius"),
    ("began at about 09:15 GMT", "began at about 0915 GMT"),
    ("during the 2021-2022 season", "during the 2021/22 season"),
    ("for a heart condition.", "for a heart condition. Reporting by Nadia Haddad in Doha"),
    ("The VP will visit", "The vice president will visit"),
    ("the company's CEO resigned", "the company's chief executive officer resigned"),
    ("It closed. xxThe council met", "It closed. The council met"),
])
def test_surface_normal_reads_units_rates_and_times_one_way(one: str, other: str) -> None:
    assert signatures.surface_normal(one) == signatures.surface_normal(other)


@pytest.mark.parametrize(("old", "new"), [
    ("Report cases within 48 hours of the test.", "Report cases within two days of the test."),
    ("Aid came from the Caribbean Community on Monday.", "Aid came from CARICOM on Monday."),
    ("The charity had raised more than $210,000.", "The charity had raised upward of $210,000."),
    ("Rates rose by 250 basis points.", "Rates rose by 2.5 percentage points."),
])
def test_units_acronyms_and_qualifiers_spelt_another_way_are_silent(old: str, new: str) -> None:
    assert changes(old, new) == []


@pytest.mark.parametrize(("old", "new"), [
    ("It measured up to 25 metres from head to tail.",
     "It measured up to twenty-five metres (about 82 feet) from head to tail."),
    ("The hole measured roughly 2 metres by 1 metre.",
     "The hole measured roughly two metres by one metre (about 6.5 by 3.3 feet)."),
    ("It will pass about 5.6 million kilometres from Earth.",
     "It will pass about 5,600,000 km (3.5 million miles) from Earth."),
    ("Crews replaced a 2,100-mm pipe.", "Crews replaced a 2.1-metre pipe."),
    ("Fines of up to NT$200 million ($6.1 million) apply.",
     "Fines of up to 200 million New Taiwan dollars (US$6.1 million) apply."),
    ("A cash handout of 5,000 baht ($154) was approved.",
     "A cash handout of THB5,000 (about US$154) was approved."),
    ("West Indies ended the day on 312 for 6.", "West Indies ended the day on 312-6."),
])
def test_an_amount_converted_in_brackets_or_told_in_another_unit_is_the_same_amount(
        old: str, new: str) -> None:
    assert changes(old, new) == []


@pytest.mark.parametrize(("old", "new"), [
    ("It will pass about 5.6 million kilometres from Earth.",
     "It will pass about 5,600,000 km (4.5 million miles) from Earth."),  # a wrong conversion
    ("Rain reached 120 mm overnight.", "Rain reached 15 cm overnight."),
    ("A loss of 640 million Czech crowns ($28 million) was reported.",
     "A loss of CZK 640 million (about US$38 million) was reported."),
])
def test_a_converted_amount_that_differs_is_a_number_change(old: str, new: str) -> None:
    assert [c.kind for c in changes(old, new)] == ["number"]


@pytest.mark.parametrize(("old", "new"), [
    ("The death toll nears 100,000.", "The death toll is almost 100,000."),
    ("Cases topped 2 million on Friday.", "Cases exceeded 2 million on Friday."),
    ("The toll has edged closer to 100.", "The toll nears 100."),
])
def test_a_verb_that_qualifies_its_amount_reads_like_the_qualifier_it_means(
        old: str, new: str) -> None:
    assert changes(old, new) == []


@pytest.mark.parametrize(("old", "new"), [
    ("The death toll nears 100,000.", "The death toll tops 100,000."),
    ("Global cases approach 5 million.", "Global cases surpass 5 million."),
])
def test_an_amount_told_as_reached_that_was_only_near_is_a_number_change(
        old: str, new: str) -> None:
    [change] = changes(old, new)
    assert (change.kind, change.severity) == ("number", "high")


def test_shipped_data_loads() -> None:
    assert judge_data.surface_rules() and judge_data.furniture_rules() and judge_data.soft_states()
    assert {"dis", "ex", "counter"} <= judge_data.reversing_prefixes()
    assert "un" in judge_data.negating_prefixes() and "ex" not in judge_data.negating_prefixes()
    aliases = judge_data.alias_table()
    assert aliases["drc"] == aliases["democratic republic of the congo"]
    assert aliases["british"] == aliases["uk"] == "united kingdom"
    assert judge_data.noun_classes()["cousins"][0] == "kinship"
    assert judge_data.unit_table()["miles"] == ("length", "1609.344")
    assert judge_data.confusables()["passed"] == judge_data.confusables()["past"]
    assert {"group", "company"} <= judge_data.body_kinds()
    assert {"ltd", "inc"} <= judge_data.company_suffixes()
    assert {"company", "cooperative"} <= judge_data.firm_nouns()
    families = judge_data.body_families()
    assert any({"ministry", "office"} <= f for f in families) and not any(
        {"ministry", "organization"} <= f for f in families)
    assert judge_data.firm_nouns() in families
    assert "built" in judge_data.origin_participles()
    assert set(judge_data.role_marker_states().values()) <= set(STATUS.values())
    assert set(judge_data.role_marker_states()) <= judge_data.role_markers()
    regions = judge_data.country_regions()
    assert regions["ontario"] == {"canada"} and "united states" in regions["georgia"]
    assert set().union(*regions.values()) <= judge_data.countries()  # one name for each


@pytest.mark.parametrize(("alias", "name"), [
    ("chinese", "china"), ("french", "france"), ("american", "united states"),
    ("norwegian", "norway"), ("indian", "india"), ("dominican", "dominican republic"),
    ("singaporean", "singapore"), ("s'porean", "singapore"),
])
def test_a_demonym_several_places_share_names_the_one_a_reader_means(alias: str,
                                                                       name: str) -> None:
    assert judge_data.alias_table()[alias] == name


def test_names_spelt_out_in_the_same_order_are_the_same_people() -> None:
    assert changes("Yeoh and Schafer joined the show runner onstage for the reveal.",
                   "Co-stars Michelle Yeoh and Hunter Schafer joined the show runner onstage "
                   "for the reveal.") == []
    # the same words making another name, or a place both versions name put in another's
    # stead, are still changes
    assert changes("She studied at the University of Arizona for two years.",
                   "She studied at Arizona State University for two years.") != []
    assert changes("Kano and Katsina reported cases. There were 61 deaths in Kano.",
                   "Kano and Katsina reported cases. There were 61 deaths in Katsina.") != []


@pytest.mark.parametrize(("old", "new"), [
    ("The ferry capsized in rough seas off Bohol.",
     "The ferry overturned in rough seas off Bohol."),
    ("Two inmates escaped from the prison on Monday.",
     "Two inmates broke out of the prison on Monday."),
    ("Evacuation centres have been prepared in three towns.",
     "Evacuation centres have been set up in three towns."),
    ("Anyone who still has the pastries should throw them away, the agency said.",
     "Anyone who still has the pastries should discard them, the agency said."),
    ("Hospitals must be ready for a surge in cases by March, the minister said.",
     "Hospitals must be prepared for a surge in cases by March, the minister said."),
    ("Iran says it will quit direct talks with the US.",
     "Iran says it will withdraw from direct talks with the US."),
    ("The judge denied the motion on Monday.", "The judge rejected the motion on Monday."),
    ("The PM will return to No10 on Monday.", "The PM will return to Downing Street on Monday."),
    ("A former officer is on trial in the death.", "A former officer goes on trial in the death."),
    ("People at risk are advised to take extra precautions.",
     "People at risk should take extra precautions."),
    ("A woman was nabbed at the airport on Monday.",
     "A woman was arrested at the airport on Monday."),
])
def test_two_words_for_one_event_are_the_same_fact(old: str, new: str) -> None:
    assert changes(old, new) == []


@pytest.mark.parametrize("quoted", [True, False])
def test_a_two_word_verb_with_its_first_word_misspelt_is_a_typo(quoted: bool) -> None:
    """"looking for" reads as one state word; "lokoing for" (a letter swapped) no longer
    does, and is no state changed (found by tests/test_diff.py's cosmetic variants)."""
    said = "we have been looking for a forward"
    old = f'"{said}," the manager said.' if quoted else f"{said}, the manager said."
    assert changes(old, old.replace("looking", "lokoing")) == []


def test_a_name_written_with_its_number_apart_counts_nothing() -> None:
    """"Covid 19: ..." is the kicker "Covid-19: ...", not 19 of something dropped; a count
    beside it is still a count."""
    text = "An Italian backpacker has painted a mural at a Dunedin hostel during lockdown."
    assert diff_documents(
        Document("Covid 19: Mural pays backpacker's lodgings", text),
        Document("Backpacker paying his way by painting mural in lockdown", text)).changes == []
    assert [c.kind for c in changes("Covid 19 cases rose to 40 on Monday.",
                                    "Covid 19 cases rose to 45 on Monday.")] == ["number"]


@pytest.mark.parametrize("new", ["The president does not call for calm in a speech.",
                                 "The president does  not call for calm in a speech.",
                                 "The president doesn't call for calm in a speech."])
def test_a_present_denying_a_coming_event_is_a_change(new: str) -> None:
    old = "The president will call for calm in a speech."
    assert [c.kind for c in changes(old, new)] == ["status"]


@pytest.mark.parametrize(("old", "new"), [
    ("The court overturned the ruling on Monday.", "The court upheld the ruling on Monday."),
    ("Trains stopped running at noon.", "Trains resumed running at noon."),
])
def test_a_paraphrase_word_on_one_side_only_is_read_as_written(old: str, new: str) -> None:
    assert [c.kind for c in changes(old, new)] == ["status"]


@pytest.mark.parametrize(("old", "new"), [
    ("Sweden's Financial Supervisory Authority said it was reviewing the halt.",
     "Sweden's Financial Supervisory Authority (Finansinspektionen) said it was reviewing "
     "the halt."),
    ("Women and children made up most arrivals, the UN refugee agency said on Friday.",
     "Women and children made up most arrivals, the UN refugee agency, UNHCR, said on "
     "Friday."),
])
def test_another_name_given_in_brackets_or_commas_is_no_new_one(old: str, new: str) -> None:
    assert changes(old, new) == []


@pytest.mark.parametrize(("old", "new"), [
    ("Panelists Chris, Loren, and Joey will join.", "Panelists Chris and Joey will join."),
    ("A spokesman, John Smith, said the plant was closed.",
     "A spokesman said the plant was closed."),
])
def test_a_name_dropped_from_a_list_or_a_source_is_still_a_change(old: str, new: str) -> None:
    assert changes(old, new) != []


@pytest.mark.parametrize(("old", "new"), [
    ("The lithium would be enough for roughly 800,000 electric-vehicle batteries.",
     "The lithium would be enough for roughly 800,000 EV batteries."),
    ("Refugees were counted by the United Nations High Commissioner for Refugees on Friday.",
     "Refugees were counted by UNHCR on Friday."),
])
def test_an_acronym_for_words_the_other_side_spells_is_no_new_name(old: str,
                                                                   new: str) -> None:
    assert changes(old, new) == []
    assert changes("The US imposed tariffs under strict rules.",
                   "The EU imposed tariffs under strict rules.") != []


@pytest.mark.parametrize(("old", "new"), [
    ("The pastries were sold between Oct. 17 and Oct. 19.",
     "The pastries were sold between 17 and 19 October."),
    ("The pastries were sold between Oct. 17 and Oct. 19.",
     "The pastries were sold between Oct. 17 and 19."),
])
def test_a_range_giving_its_month_once_dates_both_days(old: str, new: str) -> None:
    assert changes(old, new) == []
    assert [c.kind for c in changes("On Oct. 17, 12 people were hurt.",
                                    "On Oct. 17 and 19 people were hurt.")] != ["date"]


@pytest.mark.parametrize(("old", "new"), [
    ("Germany's Federal Office for Information Security (BSI) said it was monitoring the "
     "outage.", "Germany's BSI cybersecurity agency said it was monitoring the outage."),
    ("Police in Spain seized the pens. The Spanish Agency of Medicines and Medical Devices "
     "(AEMPS) warned buyers on Monday.",
     "Police in Spain seized the pens. Spain's medicines agency AEMPS warned buyers on "
     "Monday."),
])
def test_a_body_named_by_the_acronym_defined_for_it_is_the_same_source(old: str,
                                                                      new: str) -> None:
    assert changes(old, new) == []


def test_a_conversion_after_one_of_a_unit_in_words_is_no_new_amount() -> None:
    assert changes("Residents within a one-mile radius were told to leave.",
                   "Residents within a one-mile (1.6-km) radius were told to leave.") == []


def test_a_metric_amount_in_another_metric_unit_is_the_same_amount() -> None:
    assert changes("Residents within 1,000 metres of the site were told to leave.",
                   "Residents within 1 km of the site were told to leave.") == []
    assert changes("Residents within 1,000 metres of the site were told to leave.",
                   "Residents within 2 km of the site were told to leave.") != []


@pytest.mark.parametrize(("old", "new"), [
    ("Roads reopened after the storm on Monday.", "Roads reopened following the storm on Monday."),
    ("An avalanche hit the ski run on Sunday.", "An avalanche struck the ski run on Sunday."),
])
def test_following_and_striking_are_no_ruling(old: str, new: str) -> None:
    assert changes(old, new) == []
    assert [c.kind for c in changes("The court upheld the law on Monday.",
                                    "The court struck down the law on Monday.")] == ["status"]


@pytest.mark.parametrize(("old", "new", "kinds"), [
    ("Police said a car exploded near the hotel on Monday.",
     "Police said a car exploded outside the hotel on Monday.", []),
    ("Tesla shareholders gave enough votes on Monday.",
     "Tesla shareholders provided enough votes on Monday.", []),
    ("The victim was taken to hospital on Monday.",
     "The victim was taken to hospital in critical condition on Monday.", ["status"]),
    # the same words as restrictions
    ("The mines may be used inside Ukraine.", "The mines may be used only inside Ukraine.",
     ["condition"]),
    ("The museum can keep the items, provided storage is built.",
     "The museum can keep the items.", ["condition"]),
    ("Everyone was allowed in apart from staff.", "Everyone was allowed in.", ["condition"]),
    ("The mines will be used only inside Ukraine and away from populated areas.",
     "The mines will be used only inside Ukraine and near the front.", ["condition"]),
    ("The weekend is a few days away, forecasters said.",
     "The weekend is a few days off, forecasters said.", []),
])
def test_a_restriction_word_in_another_sense_is_no_condition(old: str, new: str,
                                                              kinds: list[str]) -> None:
    assert [c.kind for c in changes(old, new)] == kinds


def test_a_bar_is_a_place_unless_it_bars_someone() -> None:
    assert changes("Many new jobs are in restaurants and hotels.",
                   "Many new jobs are in restaurants, bars and hotels.") == []
    assert [c.kind for c in changes("The court will not bar Trump from the ballot.",
                                    "The court will bar Trump from the ballot.")] == ["status"]


def test_ahead_of_is_a_time_not_a_lead() -> None:
    assert changes("Roads will close ahead of the parade on Sunday.",
                   "Roads will close before the parade on Sunday.") == []


def test_a_rocket_lifting_off_is_a_launch() -> None:
    found = changes("The rocket is scheduled for liftoff on Wednesday.",
                    "The rocket lifted off on Wednesday.")
    assert [c.kind for c in found] == ["status"]


def test_a_speech_word_after_a_determiner_is_a_noun() -> None:
    assert changes("There is a human story behind each number.",
                   "There is a human story behind each claim.") == []
    assert changes("A source that said the deal was off has been named.",
                   "A source that denied the deal was off has been named.") != []
    # a hedge after a determiner is still a hedge, though no verb of saying
    assert [c.kind for c in changes("He was charged over an alleged drink-driving crash.",
                                    "He was charged over a drink-driving crash.")] == ["status"]


def test_an_acronym_in_the_plural_names_what_its_singular_does() -> None:
    assert changes("Owners of EVs will pay a new road tax from July.",
                   "Owners of an EV will pay a new road tax from July.") == []


def test_a_name_particle_is_no_state_abbreviation() -> None:
    assert "del" not in judge_data.alias_table()  # "Del Rio", "Lana Del Rey"
    names = signatures.signature("Biden Administration to Deport Haitians in Del Rio, Texas",
                            Context()).names
    assert "delaware" not in names and "texas" in names


def test_an_alias_naming_two_things_is_an_error() -> None:
    table: dict[str, str] = {}
    judge_data._claim(table, "chinese", "china", "a.txt:1")
    judge_data._claim(table, "chinese", "china", "a.txt:2")  # the same name again is fine
    with pytest.raises(judge_data.JudgeDataError,
                       match=r"b\.txt:3: 'chinese' already names 'china'"):
        judge_data._claim(table, "chinese", "macau", "b.txt:3")


def test_a_word_in_two_noun_classes_is_an_error() -> None:
    lines = [(1, "kinship: uncle cousin"), (2, "rank: general uncle")]
    with pytest.raises(judge_data.JudgeDataError, match="2: 'uncle' is already in kinship"):
        judge_data.parse_noun_classes(lines)


def test_an_added_fact_is_shown_as_its_clause_not_a_fragment() -> None:
    found = changes("Officials met on Friday.",
                    "Officials met on Friday. The region expects its worst harvest in 40 "
                    "years because of the drought, the ministry said.")
    assert [c.action for c in found] == ["added"], found
    value = found[0].new or ""
    assert "worst harvest in 40 years" in value and not value.endswith("because"), value


def test_a_fact_one_side_adds_to_what_the_other_still_says_is_added_not_changed() -> None:
    old = Document("The 32 most bizarre lines from the mayor's interview", INTRO)
    new = Document("Most bizarre lines from the mayor's interview", INTRO)
    found = diff_documents(old, new).changes
    assert [(c.kind, c.action, c.old, c.new) for c in found] == [
        ("number", "removed", "The 32 most bizarre lines", None)]
    # a date the other sentence gives another way is a date changed, not one removed
    published = datetime(2025, 5, 5, tzinfo=UTC)
    text = "The chain is closing its 92 stores across the country {} morning to inform staff."
    found = diff_documents(Document("Stores", f"{INTRO} {text.format('tomorrow')}", published),
                           Document("Stores", f"{INTRO} {text.format('this')}", published)).changes
    assert [(c.kind, c.action) for c in found] == [("date", "changed")]
    # and a negation added is the claim changed
    assert [(c.kind, c.action) for c in changes("The mayor will step down in May.",
                                                 "The mayor will not step down in May.")] == [
        ("status", "changed")]


@pytest.mark.parametrize(("text", "quoted"), [
    ("FBI treats the blast as an 'intentional act of terrorism'",
     ("intentional act of terrorism",)),
    ("'A very sad day': Iconic bar goes up in flames", ("a very sad day",)),
    ("Police call it \u2018an isolated incident\u2019 on Monday", ("an isolated incident",)),
    # apostrophes, and a name or term in scare quotes, are no quotation
    ("Mulligan's bar plays rock 'n' roll again", ()),
    ("Withdrawal exposed the shortcomings of 'The Blob\u2019", ()),
])
def test_single_quotation_marks_of_headlines_are_quotes(text: str, quoted: tuple[str, ...]) -> None:
    assert signatures.signature(text, Context()).quoted == quoted


def test_a_quotation_put_in_a_headline_is_reported() -> None:
    text = "One person died in the blast on Saturday, officials said."
    old = Document("FBI treats clinic blast as an act of terrorism", text)
    new = Document("FBI treats clinic blast as an 'intentional act of terrorism'", text)
    assert [c.kind for c in diff_documents(old, new).changes] == ["quote"]


def test_a_quotation_added_to_a_headline_does_not_make_its_old_wording_news() -> None:
    old = Document("Private lunar lander Blue Ghost touches down on the moon",
                   "A private lander carrying a drill for NASA touched down on the moon Sunday.")
    new = Document("\"We're on the moon\": private Blue Ghost spacecraft makes an historic "
                   "lunar landing", "A commercial spacecraft carrying NASA experiments touched "
                   "down on the moon early Sunday.")
    assert [(c.kind, c.action) for c in diff_documents(old, new).changes] == [
        ("quote", "added"), ("date", "changed")]
    # a scare-quoted word gone from a rewritten headline is wording too
    story = "The Justice Department sued Apple on Thursday over its iPhone messaging."
    old = Document("Apple's green bubbles targeted by DOJ in lawsuit over iPhone "
                   "\u201cmonopoly\u201d", story)
    new = Document("Apple's green message bubbles draw wrath of the Justice Department", story)
    assert diff_documents(old, new).changes == []


def test_a_relative_day_moved_with_the_clock_is_the_same_day() -> None:
    published = datetime(2025, 5, 5, 9, tzinfo=UTC)
    sentence = f"{INTRO} Union leaders will meet the minister {{}}, officials said."

    def version(day: str, seen: datetime) -> Document:
        return Document("Talks", sentence.format(day), published, seen)

    monday, tuesday = datetime(2025, 5, 5, 9, tzinfo=UTC), datetime(2025, 5, 6, 9, tzinfo=UTC)
    assert diff_documents(version("tomorrow", monday), version("today", tuesday)).changes == []
    assert diff_documents(version("tonight", monday), version("last night", tuesday)).changes == []
    # the same words seen the same day, or another day named, are a date changed
    later = datetime(2025, 5, 5, 15, tzinfo=UTC)
    for new in (version("today", later), version("on Friday", tuesday)):
        found = diff_documents(version("tomorrow", monday), new).changes
        assert [c.kind for c in found] == ["date"]


@pytest.mark.parametrize(("old", "new", "reported"), [
    ("Today is set to be the hottest day of the year, with the highest temperatures "
     "reaching 75F.", "Britons ignore lockdown rules as the highest temperatures reach 75F.",
     {("date", "removed"), ("entity", "added")}),
    ("Flights were halted across the area on Tuesday.",
     "Flights were halted for planes flying below 20,000 feet on Tuesday.",
     {("number", "added")}),
])
def test_unrelated_parts_of_a_rewritten_sentence_are_removed_and_added_not_changed(
        old: str, new: str, reported: set[tuple[str, str]]) -> None:
    """A "changed" value needs its kind on both sides: a date "changed" into a clause
    with no date is the date removed and the clause added, each by what it says."""
    found = diff_documents(Document("Heat and storms", old), Document("Heat and storms", new))
    assert {(c.kind, c.action) for c in found.changes} == reported


@pytest.mark.parametrize(("old", "new"), [
    ("The ban lasts a predetermined period.",
     "The ban lasts a period ranging from four hours to two weeks."),
    ("The alarm sounded twice overnight.", "The alarm sounded three times overnight."),
    ("Police said five people were hurt in the crash.",
     "Police said some people were hurt in the crash."),
])
def test_a_value_replaced_in_its_own_slot_stays_changed(old: str, new: str) -> None:
    found = diff_documents(Document("Ban and alarm", old), Document("Ban and alarm", new))
    assert [c.action for c in found.changes] == ["changed"]


@pytest.mark.parametrize(("old", "new", "same"), [
    ("Senate opening the impeachment trial", "Senate opens the impeachment trial", True),
    ("has died", "dies", True),
    ("is raising prices", "raised prices", True),
    ("have left", "are leaving", False),  # an irregular form: not read as one verb
    ("will open", "opens", False),  # a modal is a word of its own
    ("opens", "does not open", False),
    ("charged", "cleared", False),
])
def test_a_tense_changed_alone_is_the_same_statement(old: str, new: str, same: bool) -> None:
    assert judge.inflected_only(old, new) is same


def test_a_question_dropped_from_a_headline_is_silent_unless_it_names_a_fact() -> None:
    text = "The museum asked the city to remove the statue on Monday."
    dropped = diff_documents(
        Document("A city's vast halls of old monuments are being called into question. "
                 "Will demands for reform finally be heard?", text),
        Document("A city's old monuments are being called into question", text))
    assert dropped.changes == []
    scoped = diff_documents(Document("How does contact tracing work in England?", text),
                            Document("How does contact tracing work?", text))
    assert [c.action for c in scoped.changes] == ["removed"]


def test_a_headlines_capitalised_common_word_is_no_name_gone() -> None:
    """"Dockworkers" opens the old headline (a capital, so read as a name); the story
    says "dockworkers": the rewritten headline drops no one."""
    text = ("About 300 dockworkers at Harwich, the county's busiest port, began a 48-hour "
            "strike on Wednesday after pay talks broke down.")
    found = diff_documents(Document("Dockworkers walk out at Essex's Harwich port over pay", text),
                           Document("Essex's Harwich port hit by dockworker strike over pay", text))
    assert found.changes == []


@pytest.mark.parametrize(("old", "new", "silent"), [
    ("The quake was centered 40 kilometers south of the city.",
     "The quake was centered 40 kilometers (25 miles) south of the city.", True),
    ("Temperatures hit 44 degrees Celsius (111 degrees Fahrenheit).",
     "Temperatures hit 44°C (111°F).", True),
    ("The quake was centered 40 kilometers (25 miles) south of the city.",
     "The quake was centered 40 kilometers (35 miles) south of the city.", False),
])
def test_a_unit_conversion_in_brackets_is_the_amount_told_twice_unless_wrong(
        old: str, new: str, silent: bool) -> None:
    assert (changes(old, new) == []) is silent


def test_a_new_headline_is_shown_by_the_clauses_the_story_did_not_tell() -> None:
    old = Document("WA hospital visit restrictions to ease",
                   "Restrictions on visiting hours at WA public hospitals will be eased.")
    new = Document("WA restrictions ease, Artania ship cases spike", old.text)
    versions = judge.Versions(old, new, Context())
    added = Change("entity", "added", None, new.title, None, new.title, "medium")
    assert [c.new for c in new_clauses(added, versions)] == ["Artania ship cases spike"]
    told = Change("entity", "added", None, "WA restrictions ease", None, new.title, "medium")
    assert new_clauses(told, versions) == [told]  # not the whole headline: as it is


@pytest.mark.parametrize(("old", "new"), [
    ("A wind advisory is in effect for Erie County until 9pm.",
     "The wind advisory for Erie County has expired."),
    ("The county's burn ban took effect on Monday.", "The county's burn ban lapsed on Monday."),
    ("The coach was placed on leave after the incident.",
     "The coach was fired after the incident."),
])
def test_a_warning_or_order_running_out_is_a_status_change(old: str, new: str) -> None:
    assert "status" in {c.kind for c in changes(old, new)}


def test_a_launch_set_for_a_day_then_made_is_a_status_change() -> None:
    found = changes("The rocket is set for launch on Friday.", "The rocket launched on Friday.")
    assert [(c.kind, c.action) for c in found] == [("status", "changed")]
    assert changes("The vote is set for Tuesday.", "The vote is scheduled for Tuesday.") == []


def test_words_dropped_after_a_place_word_with_no_restriction_are_no_condition() -> None:
    assert "condition" not in {c.kind for c in changes(
        "Spies are coexisting inside the same compromised routers.",
        "Spies are coexisting inside compromised routers.")}
    assert "condition" in {c.kind for c in changes(
        "The mines may be used only inside Ukraine.",
        "The mines may be used only inside eastern Ukraine.")}


def test_set_for_without_its_verb_is_the_same_plan() -> None:
    # a reduced clause ("missions set for launch") plans as "missions are set for launch"
    assert changes("There are several major missions set for launch in the next few months.",
                   "Several major missions are set for launch in the next few months.") == []
    assert changes("Two missions set for launch this year were delayed.",
                   "Two missions launched this year were delayed.") != []


@pytest.mark.parametrize(("old", "new"), [
    ("The car was found on her driveway on Sunday.", "The car was found in her carport on Sunday."),
    ("The driver was taken to hospital.", "The passenger was taken to hospital."),
])
def test_a_place_in_a_home_or_a_road_user_swapped_is_an_entity_change(old: str, new: str) -> None:
    assert [c.kind for c in changes(old, new)] == ["entity"]


@pytest.mark.parametrize(("old", "new"), [
    ("Drones reportedly killed nine people in the city.", "Drones killed nine people in the city."),
    ("The car was used in the murder plot.", "The car was allegedly used in the murder plot."),
])
def test_a_hedge_added_or_dropped_changes_what_is_claimed(old: str, new: str) -> None:
    assert changes(old, new) != []


def test_a_headline_dropping_who_says_it_is_an_attribution_change() -> None:
    text = "A cargo plane with five people aboard lost contact with air traffic control."
    found = diff_documents(
        Document("Cargo plane with 5 aboard goes missing off the coast, officials say", text),
        Document("Cargo plane with 5 aboard goes missing off the coast", text))
    assert [(c.kind, c.action, c.old) for c in found.changes] == [
        ("attribution", "removed", "officials say")]


def test_a_noun_dropped_is_no_swap_and_a_headline_its_text_repeats_is_one_change() -> None:
    """"passengers" dropped while "ship" stays: no member of a class replaced another.
    AP items repeat the headline as their text: one promoted change, not two."""
    old = "Aboard the storm-hit cruise ship, some passengers fear what awaits back home"
    new = "On the cruise ship hit by the storm, some fear what awaits them"
    assert diff_documents(Document(old, old), Document(new, new)).changes == []
    swapped = diff_documents(Document("Driver hurt in crash", "Driver hurt in crash"),
                             Document("Passenger hurt in crash", "Passenger hurt in crash"))
    assert [(c.kind, c.action) for c in swapped.changes] == [("entity", "changed")]


def test_a_suspect_is_the_suspected_person() -> None:
    assert changes("Police shot the suspected attacker near the mosque.",
                   "Police shot the suspect near the mosque.") == []


def test_a_value_the_headline_and_its_repeating_text_both_report_is_one_change() -> None:
    old = "US stocks waver after Fed officials indicate an increase to rates is possible this year"
    new = ("US stocks sink on worries about a possible hike to interest rates this year by the "
           "Federal Reserve")
    found = diff_documents(Document(old, old), Document(new, new)).changes
    assert len({(c.action, c.old, c.new) for c in found}) == len(found)


def test_half_a_million_is_not_a_million() -> None:
    assert [c.kind for c in changes("Half a million people fled the fires.",
                                    "A million people fled the fires.")] == ["number"]
    assert changes("A quarter-million people fled the fires.",
                   "A quarter million people fled the fires.") == []


def test_a_wording_edit_promoted_to_a_fact_passes_the_judge_too() -> None:
    # "according to the USDA ... on August 10" -> "the USDA said on August 10 ...": the
    # date moved within its sentence.  Promoted from a wording edit (the pair has other
    # changes), it was reported as a date changed without being judged.
    old = Document("Drones hunt screwworms", "Since June, agencies have run one of the "
                   "largest operations in the country, according to the USDA in posts on X "
                   "and Facebook on August 10. The USDA has described more than 1,000 drone "
                   "flights.")
    new = Document("Drones hunt screwworms", "Since June, agencies have run one of the "
                   "largest operations in the country, the USDA said on August 10 in posts "
                   "on X and Facebook. But the number in use varies, a USDA spokesperson "
                   "told Ars.")
    assert "date" not in [c.kind for c in diff_documents(old, new).changes]


def test_first_before_a_participle_is_no_ordinal() -> None:
    assert signatures.surface_normal("it was first spotted on Sunday") == (
        "it was first spotted on Sunday")
    assert signatures.surface_normal("the first case") == "the 1 case"


@pytest.mark.parametrize(("old", "new"), [
    ("The upsurge was the worst in 70 years, the agency said.",
     "The upsurge was the worst in seven decades, the agency said."),
    ("Locusts destroyed crops on about 35,000 hectares, officials said.",
     "Locusts destroyed crops on about 35,000 hectares (86,000 acres), officials said."),
])
def test_a_duration_or_conversion_told_another_way_is_the_same_fact(old: str, new: str) -> None:
    assert changes(old, new) == []


@pytest.mark.parametrize(("title", "text", "old_source", "same_source", "other_source"), [
    # a source described with a name the story gives is the same source; a name swapped
    # for another is a new source, whoever else the story names
    ("Three lynxes escape from Leipzig zoo",
     "Three lynxes escaped from the zoo in Leipzig on Sunday. The cats were last seen near "
     "the river, {} said.",
     "a police spokesman", "a spokesman for Leipzig police", "a spokesman for Dresden police"),
    # a body called by its kind is the body its story names
    ("Halvard University reviews admissions",
     "Halvard University admitted 23 students through a consultant. {} said it would "
     "review their files.",
     "Halvard", "The university", "The ministry"),
])
def test_a_source_named_another_way_is_the_same_source(
        title: str, text: str, old_source: str, same_source: str, other_source: str) -> None:
    old = Document(title, text.format(old_source))
    assert diff_documents(old, Document(title, text.format(same_source))).changes == []
    assert [c.kind for c in diff_documents(
        old, Document(title, text.format(other_source))).changes] == ["attribution"]


def test_a_year_after_by_or_from_is_no_clock_time() -> None:
    assert signatures.surface_normal("net zero by 2030") == "net zero by 2030"
    assert signatures.surface_normal("the subsidy falls from 2027") == "the subsidy falls from 2027"
    assert signatures.surface_normal("the ferry left at 0712") == "the ferry left at 07:12"


def test_a_value_shows_no_page_label_before_it() -> None:
    old = Document("Police: Person arrested following incident at City Hall",
                   "The incident happened on Sunday.")
    new = Document("Buffalo man charged for smashing windows at City Hall",
                   "The incident happened on Sunday.")
    assert [(c.old, c.new) for c in diff_documents(old, new).changes] == [
        ("Person arrested following incident", "Buffalo man charged for smashing windows")]


def test_a_value_does_not_end_on_a_word_joining_the_next_clause() -> None:
    assert shown._without_joiner("Global COVID-19 cases top 5.9 million as") == (
        "Global COVID-19 cases top 5.9 million")
    assert shown._without_joiner("The two, as well as") == "The two"
    assert shown._without_joiner("Three firefighters were slightly injured, though") == (
        "Three firefighters were slightly injured")
    assert shown._without_joiner("Eleven of the 44 vendors will") == "Eleven of the 44 vendors"
    assert shown._without_joiner("said in a statement") == "said in a statement"
    assert shown._without_joiner("in") == "in"  # nothing would be left: kept whole


def test_a_closed_class_noun_the_old_version_never_names_is_news() -> None:
    old = Document("Boat capsizes", "A boat carrying 12 people capsized on Monday. "
                   "Rescue vessels reached the site within an hour.")
    new = Document("Boat capsizes", "A boat carrying 14 people capsized on Monday. "
                   "Rescue helicopters reached the site within an hour.")
    changes = diff_documents(old, new).changes
    assert ("vessels", "helicopters") in [(c.old, c.new) for c in changes if c.kind == "entity"]
    # a member dropped and named outside the class ("helicopters" -> "aircraft") may be
    # the same thing: no news by itself
    flown = Document("Boat capsizes", new.text.replace("helicopters", "aircraft").replace(
        "14", "16"))
    assert [c.kind for c in diff_documents(new, flown).changes] == ["number"]


@pytest.mark.parametrize(("value", "kind", "tidied"), [
    ('The teen "has been located.', "status", 'The teen "has been located."'),
    ('totally obliterated" military targets', "entity", '"totally obliterated" military targets'),
    ("of the American population has", "entity", "the American population"),
    ("Of note here, smart TVs", "entity", "Of note here, smart TVs"),  # opens its sentence
    ('to be his best self," as one friend put it', "quote",
     '"to be his best self," as one friend put it'),  # the joiner is inside the quotation
    ("to announce an executive order", "status", "to announce an executive order"),  # a plan
    ("Leaders Will Have", "entity", "Leaders Will Have"),  # a headline's verb
    ("\u2022 Outrage grows over the death", "status", "Outrage grows over the death"),
])
def test_a_value_shows_no_half_clause_or_half_quotation(value: str, kind: str,
                                                        tidied: str) -> None:
    assert shown._tidy(value, kind) == tidied


def test_a_summary_replaced_by_navigation_became_empty() -> None:
    title = "Trump says he was being sarcastic about injecting disinfectant"
    old = Document(title, "President Donald Trump said on Friday he was being sarcastic.")
    new = Document(title, "Tracking US cases | Podcast | Catch up | Q&A | Life after lockdown")
    assert diff_documents(old, new).changes == []


def test_a_headline_future_told_the_headline_way_is_silent() -> None:
    assert changes("Flights resume in August.", "Flights resume in August.",
                   old_title="Easyjet says it will resume flights to most of its network",
                   new_title="Easyjet to resume flights to most of its network") == []


def test_a_dotted_abbreviation_inside_a_word_is_one_spelling() -> None:
    text = "Kevin Clinesmith altered an email during the Russia inquiry."
    assert diff_documents(
        Document("Ex-F.B.I. Lawyer Expected to Plead Guilty in Review of Russia Inquiry", text),
        Document("Durham Probe: Ex-FBI Lawyer Expected to Plead Guilty in Review of Russia "
                 "Inquiry", text)).changes == []


@pytest.mark.parametrize(("old_title", "new_title", "silent"), [
    ("Your future workplace: health checks at reception",
     "Will Covid-19 kill the office as we know it?", True),
    ("Coronavirus update: What are the symptoms of coronavirus?",
     "Coronavirus symptoms: What are they and how long should I self-isolate?", True),
    # a state stated before the question is stated
    ("Theatres brace for a long closure",
     "Theatre bosses say the rules will be ruinous - so can they stay afloat?", False),
    # a state asked about, then told: the story moved on
    ("Will the minister resign?", "Minister resigns", False),
])
def test_a_state_asked_about_is_not_stated(old_title: str, new_title: str, silent: bool) -> None:
    text = "Readers sent questions about the week's news on Monday."
    found = diff_documents(Document(old_title, text), Document(new_title, text)).changes
    assert (found == []) is silent, found


def test_a_source_called_by_the_role_the_story_gives_them_is_the_same_source() -> None:
    """Elegant variation: a surname for the role the story introduced the person with, a
    body's acronym for its kind; a body is not its leader."""
    intro = ("Zoo director Anke Brandt said the leopard escaped overnight. Dr. Imogen Hale "
             "of the University of Leicester, who is leading the excavation, found the "
             "mosaic. The Department of Conservation (DOC) said 13 whales were refloated. ")
    old = Document("Leopard escapes", intro + '"She is hiding," Brandt told reporters. '
                   '"It is complete," Hale said. Crews return on Monday, the department said.')
    new = Document("Leopard escapes", intro + '"She is hiding," the director told reporters. '
                   '"It is complete," the excavation leader said. Crews return on Monday, '
                   "DOC said.")
    assert diff_documents(old, new).changes == []
    guard = "The Philippine Coast Guard (PCG) said 20 crew were rescued on Monday. "
    said_by_kind = Document("Tanker grounded", guard + "The coast guard said a probe began.")
    said_by_acronym = Document("Tanker grounded", guard + "The PCG said a probe began.")
    assert diff_documents(said_by_kind, said_by_acronym).changes == []
    deal = ("Manila will buy 14 jets from Italy's Aurelis Aerospace, its biggest purchase in "
            "decades, the defence department said on Tuesday. ")
    other_source = diff_documents(
        Document("Jets deal", deal + "Deliveries start in 2027, according to the department."),
        Document("Jets deal", deal + "Deliveries start in 2027, according to Aurelis Aerospace."))
    assert [c.kind for c in other_source.changes] == ["attribution"]
    party = "Party leader Anna Joseph spoke at the rally on Monday. "
    found = diff_documents(
        Document("Rally", party + "Elections are rigged, the United Workers Party said."),
        Document("Rally", party + "Elections are rigged, Joseph said."))
    assert [c.kind for c in found.changes] == ["attribution"]


@pytest.mark.parametrize(("old_title", "new_title"), [
    ("BA will cut 12,000 jobs, owner IAG says",
     "Coronavirus UK: BA to cut 12,000 jobs, owner IAG says"),
    ("AP Exclusive: How banned goods are smuggled into Gaza",
     "AP investigation shows how banned goods are smuggled into Gaza"),
])
def test_a_headline_told_another_way_with_its_label_is_silent(old_title: str,
                                                            new_title: str) -> None:
    text = "The company said on Tuesday that the cuts would be made this year."
    assert diff_documents(Document(old_title, text), Document(new_title, text)).changes == []


def test_a_source_called_by_a_pronoun_then_by_the_role_the_story_gives_them() -> None:
    """"he said" -> "the lawyer said" where the story names her lawyer, "Carruthers told"
    -> "the minister told" beside "Education Minister Helen Carruthers"; a role the story
    gives no one is another source."""
    intro = ("Her phones were seized, according to her lawyer, Nurlan Sadykov. The cap was "
             "announced by Education Minister Helen Carruthers on Monday. ")
    old = Document("Detained", intro + '"She asked where the money went," he said. '
                   '"It must be sustainable," Carruthers told reporters.')
    new = Document("Detained", intro + '"She asked where the money went," the lawyer said. '
                   '"It must be sustainable," the minister told reporters.')
    assert diff_documents(old, new).changes == []
    plain = "Her phones were seized, police said on Monday. "
    found = diff_documents(Document("Detained", plain + '"She asked why," he said.'),
                           Document("Detained", plain + '"She asked why," the lawyer said.'))
    assert [c.kind for c in found.changes] == ["attribution"]


def test_a_month_of_last_year_is_that_year() -> None:
    published = datetime(2025, 3, 11, tzinfo=UTC)
    text = "Landslides damaged several cables off West Africa in {}, disrupting service."
    old = Document("Cables cut", text.format("March 2024"), published)
    assert diff_documents(old, Document("Cables cut", text.format("March last year"),
                                        published)).changes == []
    moved = diff_documents(old, Document("Cables cut", text.format("March this year"),
                                         published)).changes
    assert [c.kind for c in moved] == ["date"]


HEADLINE_STORY = (
    "The water company said on Wednesday that about 52,000 homes had no supply after a "
    "pump failed. Engineers moved 418 generators to the valley. The levy will rise "
    "from March 2027, the council said, and the region's fire service (R.F.S.) said "
    "crews from Norway's Vestkyst Marine were helping.")


NEUTRAL = "Engineers moved generators, company said"  # the story tells it word for word


@pytest.mark.parametrize(("old_title", "new_title", "silent"), [
    # a headline drops the story's "about"; a vague count the story's exact one falls in
    ("Pump failure cuts water to 52,000 homes", NEUTRAL, True),
    (NEUTRAL, "Hundreds of generators moved to the valley",
     True),
    (NEUTRAL, "Thousands of generators moved to the valley",
     False),  # 418 is no thousands
    (NEUTRAL, "Hundreds of engineers sent to the valley",
     False),  # the story counts generators, not engineers
    # a headline's date the story gives more precisely, or with another preposition
    ("Council to raise levy from 2027", NEUTRAL, True),
    (NEUTRAL, "Levy to rise in March", True),
    ("Council to raise levy from 2028", NEUTRAL, False),
    # an acronym defined with dots; a compound of origin names its first part
    ("Fire service joins valley rescue", "R.F.S. crews join valley rescue", True),
    (NEUTRAL, "Norwegian-built pumps sent to valley", True),
    (NEUTRAL, "Swedish-built pumps sent to valley", False),
])
def test_a_headline_rewritten_is_read_against_what_the_story_tells(
        old_title: str, new_title: str, silent: bool) -> None:
    found = diff_documents(Document(old_title, HEADLINE_STORY),
                           Document(new_title, HEADLINE_STORY)).changes
    assert (found == []) is silent, found


def test_vague_ranges_are_read_and_checked() -> None:
    ranges = judge_data.vague_ranges()
    assert ranges["~hundred"] == (200, 999)
    assert all(low <= high for low, high in ranges.values())


@pytest.mark.parametrize(("given", "silent"), [
    ('HRT (for "Heavy Rail Transit")', True),
    ("HRT (short for Heavy Rail Transit)", True),
    ('HRT (for "a new rail plan")', False),  # a claim in brackets, not a name
])
def test_an_acronym_spelt_out_in_brackets_is_no_new_fact(given: str, silent: bool) -> None:
    old = "The plan, commonly called HRT, was approved by the council on Monday."
    new = f"The plan, commonly called {given}, was approved by the council on Monday."
    assert (changes(old, new) == []) is silent


def test_a_value_keeps_its_amounts_qualifier_at_the_start_of_its_clause() -> None:
    """A clause's first function word is trimmed from a value ("the", "of"), never the
    first word of its amount's qualifier: "At least 100 dead ...", not "least 100 dead"."""
    text = "Some 100 people were killed when an air strike hit a market on Sunday."
    old = Document("Market attack in north", text)
    new = Document("At least 100 dead in Nigeria after air strike on market, sources say",
                   text)
    values = [c.new for c in diff_documents(old, new).changes if c.new]
    assert values and all(not v.startswith("least") for v in values), values
    assert any(v.startswith("At least 100") for v in values), values


@pytest.mark.parametrize(("intro", "old_source", "new_source", "silent"), [
    ("The Lagos-based Centre for Housing Rights (CHR) counted 900 evictions on Monday. ",
     "CHR said", "The housing group said", True),
    ("The Lagos-based Centre for Housing Rights (CHR) counted 900 evictions on Monday. ",
     "CHR said", "The lawyers' group said", False),  # no word of its name
    ("Gas leaked from a plant run by Ostrava Fertilisers and Chemicals Ltd on Monday. ",
     "Ostrava said", "The company said", True),
    ("Gas leaked from a plant run by Ostrava Fertilisers on Monday. ",
     "Ostrava said", "The company said", False),  # no company named: the city, perhaps
    ("Gas leaked from a plant near the Ostrava hot spring spa on Monday. ",
     "Ostrava said", "The company said", False),  # "spa" in lower case is no "SpA"
])
def test_a_body_called_by_its_kind_is_the_same_source(intro: str, old_source: str,
                                                       new_source: str, silent: bool) -> None:
    tail = " many of those affected could not afford to move."
    found = diff_documents(Document("Evictions", intro + old_source + tail),
                           Document("Evictions", intro + new_source + tail)).changes
    assert (found == []) is silent, found


def test_a_time_again_in_another_zone_is_no_new_fact() -> None:
    old = ("Officials said 1,148 people with the disease were admitted in the 24 hours to "
           "8 a.m. on Tuesday.")
    new = ("Officials said 1,148 people with the illness were admitted in the 24 hours to "
           "8 a.m. (0200 GMT) on Tuesday.")  # a word changed beside it
    assert changes(old, new) == []
    moved = ("Officials said 1,148 people with the disease were admitted in the 24 hours to "
             "9 a.m. on Tuesday.")
    assert [c.kind for c in changes(old, moved)] == ["date"]


@pytest.mark.parametrize(("old_source", "new_source", "silent"), [
    ("Chile's transport ministry said", "The Ministry of Transport and Telecommunications said",
     True),
    ("the General Directorate of Customs said", "Chile's customs authority said", True),
    ("the prosecutor's office said", "the prosecution service said", True),
    ("The Czech Agrarian Chamber said", "The Agrarian Chamber of the Czech Republic said",
     True),
    ("The Czech Agrarian Chamber said", "The Slovak Agrarian Chamber said", False),
    ("Chile's transport ministry said", "Peru's transport ministry said", False),
    ("Chile's transport ministry said", "the Ministry of Finance said", False),
    ("the port authority said", "port operator Valtrex said", False),  # a named firm
])
def test_a_body_described_or_formally_named_is_the_same_source(
        old_source: str, new_source: str, silent: bool) -> None:
    tail = " the road would reopen by Friday after 12 days of repairs."
    old = Document("Road shut", "A landslide cut the highway on Monday. " + old_source + tail)
    new = Document("Road shut", "A landslide cut the highway on Monday. " + new_source + tail)
    found = diff_documents(old, new).changes
    assert (found == []) is silent, found


def test_today_is_the_day_where_the_outlet_is_not_in_utc() -> None:
    """A version seen at 01:50 UTC on Wednesday says "today" of Tuesday in the Americas:
    "on Tuesday" -> "today" is the same day; "on July 9" -> "today" seen early on July 10
    (UTC) too.  Seen at midday on Thursday, "today" is Thursday, and Tuesday another."""
    published = datetime(2024, 10, 25, 21, tzinfo=UTC)
    text = "Two researchers will answer readers' questions about the new drugs {}."

    def version(day: str, seen: datetime) -> Document:
        return Document("Live chat", text.format(day), published, seen)

    monday = datetime(2024, 10, 28, 15, tzinfo=UTC)
    early_wednesday = datetime(2024, 10, 30, 1, 51, tzinfo=UTC)
    assert diff_documents(version("on Tuesday", monday),
                          version("today", early_wednesday)).changes == []
    july = datetime(2024, 7, 2, 11, tzinfo=UTC)
    assert diff_documents(Document("Live chat", text.format("on July 9"), july, july),
                          Document("Live chat", text.format("today"), july,
                                   datetime(2024, 7, 10, 1, 36, tzinfo=UTC))).changes == []
    midday_thursday = datetime(2024, 10, 31, 12, tzinfo=UTC)
    found = diff_documents(version("on Tuesday", monday), version("today", midday_thursday))
    assert [c.kind for c in found.changes] == ["date"]


def test_a_vague_scale_missing_its_plural_is_a_typo() -> None:
    old = "The institute held back hundred of millions of vaccine doses on Monday."
    new = "The institute held back hundreds of millions of vaccine doses on Monday."
    assert changes(old, new) == []
    counted = "The institute held back a hundred of the vaccine doses on Monday."
    assert {c.kind for c in changes(counted, new)} == {"number"}  # 100 is no hundreds


def test_a_date_added_beside_the_weekday_it_falls_on_is_the_same_day() -> None:
    published = datetime(2025, 6, 23, 5, 30, tzinfo=UTC)
    text = ("A truck caught fire in the tunnel on Sunday night{}, forcing its closure, "
            "firefighters said.")

    def version(date_told: str) -> Document:
        return Document("Tunnel fire", text.format(date_told), published)

    assert diff_documents(version(""), version(", June 22")).changes == []
    assert diff_documents(version(", June 22"), version("")).changes == []
    found = diff_documents(version(""), version(", June 15")).changes
    assert [c.kind for c in found] == ["date"]  # another Sunday: a date changed


@pytest.mark.parametrize(("old_title", "new_title", "reported"), [
    ("Council to hold vote on budget", "Council holds vote on budget", True),
    ("EU is set to impose tariffs on steel", "EU imposes tariffs on steel", True),
    ("Council holds vote on budget", "Council to hold vote on budget", True),  # and back
    ("Crowds gather to mark Victory Day", "Crowds gather, marking Victory Day", False),
    ("Man to be charged over crash", "Man charged over crash", True),  # a passive plan
    ("Man charged over crash", "Man to be charged over crash", True),
    ("Man to be questioned by police", "Man to be questioned by detectives", False),
    ("Council to hold vote on budget", "Council to hold a vote on budget", False),
])
def test_a_plan_told_as_done_is_a_state_changed(old_title: str, new_title: str,
                                                reported: bool) -> None:
    text = "The announcement was made on Monday."
    found = diff_documents(Document(old_title, text), Document(new_title, text)).changes
    assert ([c.kind for c in found] == ["status"]) is reported, found
    assert reported or found == []


def test_a_rewritten_headline_with_new_facts_tells_each_fact_not_the_headline() -> None:
    """Issue 10: a rewritten headline whose facts changed reports those facts, each as its
    clause; a clause name's "and" ("Health and Human Services") is no clause edge."""
    text = "Protests spread across the country over the weekend, officials said."
    old = Document("Looting continued in New York as protests spread", text)
    new = Document("Curfew ordered in Seattle, military helicopters circle over Denver",
                   text)
    found = diff_documents(old, new).changes
    added = sorted(c.new for c in found if c.action == "added" and c.new)
    assert added == ["Curfew ordered in Seattle", "military helicopters circle over Denver"]
    removed = [c.old for c in found if c.action == "removed"]
    assert removed == ["Looting continued in New York"]
    agency = diff_documents(
        Document("Markets rally as earnings beat forecasts", text),
        Document("Health and Human Services Secretary Alex Azar to be replaced", text))
    assert any(c.new and "Health and Human Services Secretary" in c.new
               for c in agency.changes), agency.changes


def test_a_headline_count_changed_beside_a_body_that_retells_it_is_reported() -> None:
    """"4 dead" -> "5 dead" in a headline whose body drops "doubles to four" and brings
    "five dead": the headline's change has both sides, the body's do not; "death toll"
    shares a state with "4 dead", not a count."""
    old = Document("Prison outbreak worsens: 4 dead, 600 infected",
                   "600 inmates with the virus; death toll at the federal prison doubles "
                   "to four")
    new = Document("Prison outbreak worsens: 5 dead, 600 infected",
                   "600 inmates with the virus; five dead at the federal prison")
    found = diff_documents(old, new).changes
    assert ("number", "changed", "4 dead", "5 dead") in [
        (c.kind, c.action, c.old, c.new) for c in found], found


@pytest.mark.parametrize(("old", "new", "silent"), [
    ("The bundle costs $13 a month or $130 a year.",
     "The bundle costs $12.99 a month or $129 a year.", True),  # charm prices told rounded
    ("The bundle costs $2.99 a month.", "The bundle costs $3 a month.", True),
    ("The soundbar sells for $2,200 this week.", "The soundbar sells for $2,198 this week.",
     False),  # a deal's price moved by a little
    ("The station sells for $1,249 this week.", "The station sells for $1,279 this week.",
     False),
    ("The fire killed 129 people on Monday.", "The fire killed 130 people on Monday.",
     False),  # a count is never rounded so
])
def test_a_charm_price_told_rounded_is_the_same_price(old: str, new: str,
                                                      silent: bool) -> None:
    assert (changes(old, new) == []) is silent


def test_a_name_with_and_in_it_is_one_name_in_a_value() -> None:
    """"Health and Human Services Secretary Alex Azar": capitalised common words after
    "and" continue one name; "Tom Briggs and Maria Lopez" are two names."""
    text = "Markets rallied on Monday as earnings beat forecasts, traders said."
    found = diff_documents(
        Document("Markets rally as earnings beat forecasts", text),
        Document("Health and Human Services Secretary Alex Azar to be replaced", text))
    assert any(c.new and c.new.startswith("Health and Human Services Secretary")
               for c in found.changes), found.changes


def test_a_paraphrase_in_a_sentence_edited_elsewhere_is_no_change_of_its_own() -> None:
    """"for free" -> "free of charge" ("charge" is no criminal charge there) beside another
    edit: the other edit is reported, the paraphrase is not."""
    old = "England schools can appeal against the grades for free, the minister says."
    new = "Schools can appeal against the grades free of charge, the minister says."
    found = changes(old, new)
    assert all(c.kind != "status" for c in found), found
    assert changes("Schools can appeal for free, the minister says.",
                   "Schools can appeal free of charge, the minister says.") == []


@pytest.mark.parametrize(("old", "new", "silent"), [
    ("European football's governing body, UEFA, has named the country as a risk.",
     "UEFA has named the country as a risk.", True),  # a descriptor naming a continent
    ("Former coach Ana Silva, 52, has named the country as a risk.",
     "Ana Silva has named the country as a risk.", False),  # an age and a role marker
])
def test_a_descriptor_dropped_before_a_name_is_no_new_fact(old: str, new: str,
                                                           silent: bool) -> None:
    assert (changes(old, new) == []) is silent, changes(old, new)


@pytest.mark.parametrize(("old_title", "new_title", "silent"), [
    ("Ebola: What's really happening in Kivu?", "How Kivu is really coping with Ebola",
     True),  # the kicker's topic, named in the new headline's sentence
    ("Covid-19: What's happening to house prices in Leeds?",
     "How Leeds house prices are reacting to Covid-19", True),
    ("Ebola: What's really happening in Kivu?",
     "How Kivu and Ituri are really coping with Ebola", False),  # a new place
])
def test_a_kickers_topic_named_in_the_new_headline_is_nothing_new(
        old_title: str, new_title: str, silent: bool) -> None:
    """A kicker ("Ebola: ...") is furniture to the headline's facts, but the version
    names its topic: a rewritten headline naming it in its sentence tells nothing new."""
    text = "Health workers in the region reported new cases this week, officials said."
    found = diff_documents(Document(old_title, text), Document(new_title, text)).changes
    assert (found == []) is silent, found


def test_headline_label_is_what_the_furniture_rules_take_off() -> None:
    assert judge.headline_label("Covid-19: What's happening to house prices?") == "Covid-19"
    assert judge.headline_label("3 dead: storm hits the coast") == ""  # its count is news
    assert judge.headline_label("Storm hits the coast") == ""


@pytest.mark.parametrize(("old", "new", "silent"), [
    ("Crews removed the two-tonne bomb on Monday.",
     "Crews removed the 2,000-kilogram bomb on Monday.", True),  # a unit after a hyphen
    ("Police held 12 people in a two-week operation, officials said.",
     "Police held 12 people in a 14-day operation, officials said.", True),
    ("Crews removed the two-tonne bomb on Monday.",
     "Crews removed the 3,000-kilogram bomb on Monday.", False),
    ("Visibility had fallen to less than 50 metres when the bus crashed.",
     "Visibility had dropped below 50m when the bus crashed.", True),  # "50m": metres here
    ("Visibility had fallen to less than 50 metres when the bus crashed.",
     "Visibility had dropped below 30m when the bus crashed.", False),
    ("The firm paid 50 metres of cable.", "The firm paid $50m for cable.", False),  # money
])
def test_an_amount_told_in_another_unit_or_spelling_is_the_same(old: str, new: str,
                                                                 silent: bool) -> None:
    assert (changes(old, new) == []) is silent, changes(old, new)


def test_a_value_never_cuts_an_amount_from_its_unit() -> None:
    """"appeals four" of "appeals four-year doping ban": four is a count, four-year a span
    of time; the value is shown, and judged, with its unit."""
    text = "The runner appealed his four-year ban, his lawyer said."
    found = diff_documents(
        Document("Kenyan runner appeals four-year doping ban at CAS", text),
        Document("Kiprono takes four-year doping ban to top court", text)).changes
    assert not any((c.old or "").endswith(" four") for c in found), found
    assert any((c.old or "").endswith("four-year") for c in found), found


OPERATION_OLD = ("Agents seized timber and detained 12 people in a week-long operation, "
                 "the agency said.")
OPERATION_NEW = "Agents seized timber in a seven-day operation, the agency said."


@pytest.mark.parametrize(("old_value", "new_value", "new_sentence", "kept"), [
    ("a week-long", "a seven-day operation", OPERATION_NEW, False),  # one span of time
    ("a week-long", "a ten-day operation", OPERATION_NEW.replace("seven", "ten"), True),
    ("12 people", "12 vehicles", "Agents seized timber and 12 vehicles in a week-long "
     "operation, the agency said.", True),  # the same amount of another thing
])
def test_a_number_change_whose_values_state_the_same_amount_is_format(
        old_value: str, new_value: str, new_sentence: str, kept: bool) -> None:
    """The diff saw the sentence's amounts change ("12 people" moved to a sentence of its
    own); values stating one amount, each of their other words told by the other
    sentence, are the amount written another way."""
    old = Document("Timber seized", OPERATION_OLD)
    new = Document("Timber seized", f"{new_sentence} Twelve people were detained.")
    change = Change("number", "changed", old_value, new_value, OPERATION_OLD, new_sentence,
                    "high")
    assert judge.judge_change(change, judge.Versions(old, new, Context())).keep is kept


def test_a_state_shown_with_its_object_keeps_the_sentences_spelling() -> None:
    """The object after a state is the sentence's own words: "a 15-year-old boy", not "a
    15 -year-old boy" (the words split off a hyphenated age)."""
    found = diff_documents(
        Document("Teen missing", "Police are asking for help in locating a 15-year-old boy."),
        Document("Teen found", "Police have located a missing 15-year-old boy.")).changes
    assert found and all(c.old is None or c.old in c.old_sentence for c in found if
                         c.old_sentence), found
    assert all(c.new is None or c.new in c.new_sentence for c in found if c.new_sentence)


@pytest.mark.parametrize(("old", "new", "reported"), [
    ("The sheriff's office is looking for the community's help in locating 15-year-old "
     "Dana Reyes.", "The sheriff's office has located 15-year-old Dana Reyes.", True),
    ("Deputies are trying to find a man who left a care home on Friday.",
     "Deputies have found a man who left a care home on Friday.", True),
    ("Police are searching for a 40-year-old hiker, officials said.",
     "Police are looking for a 40-year-old hiker, officials said.", False),  # one search
    ("Police are asking for help in finding a 40-year-old hiker.",
     "Police attempt to locate a 40-year-old hiker.", False),
])
def test_a_search_that_ends_in_a_find_is_a_state_changed(old: str, new: str,
                                                         reported: bool) -> None:
    """"help in locating" is the search, "has located" the find: one state before the
    other (the labellers' "missing -> found"), not the verb "locate" told twice."""
    found = changes(old, new)
    assert (any(c.kind == "status" for c in found)) is reported, found


@pytest.mark.parametrize(("old", "new", "reported"), [
    ("The envoy heads to Yaounde to open talks, officials said.",
     "The envoy arrives in Yaounde to open talks, officials said.", True),
    ("The envoy is expected to arrive in Yaounde next week, officials said.",
     "The envoy arrived in Yaounde on Monday, officials said.", True),
    ("The capsule splashes down off Florida, officials said.",
     "The capsule splashed down off Florida, officials said.", False),  # its tense
])
def test_an_arrival_is_a_state_the_journey_moves_to(old: str, new: str,
                                                    reported: bool) -> None:
    found = changes(old, new)
    assert (any(c.kind in ("status", "date") for c in found)) is reported, found


@pytest.mark.parametrize(("old", "new", "reported"), [
    ('"We got there fast," a police chief told reporters.',
     '"We got there fast," a fire chief told reporters.', True),  # another person
    ("The health ministry confirmed the figures on Monday.",
     "The finance ministry confirmed the figures on Monday.", True),  # another body
    ("The Meteorological Office issued a warning.", "The Met Office issued a warning.",
     False),  # one name shortened (no role noun after it, and a prefix of the other)
    ("The state health department confirmed the figures.",
     "The state health department confirmed the numbers.", False),
])
def test_a_role_told_as_anothers_is_another_person(old: str, new: str,
                                                   reported: bool) -> None:
    """The word before a role's noun says whose it is: swapped in an otherwise unchanged
    sentence, it names another person or body."""
    assert bool(changes(old, new)) is reported, changes(old, new)


@pytest.mark.parametrize(("old", "new", "silent"), [
    ("President Luiz Inácio Lula da Silva has pledged to end illegal logging by 2030.",
     "President Lula has pledged to end illegal logging by 2030.", True),  # his short name
    ("Mayor Andrés Manuel López Obrador has pledged to end illegal logging by 2030.",
     "Mayor López Obrador has pledged to end illegal logging by 2030.", True),
    ("President Luiz Inácio Lula da Silva has pledged to end illegal logging by 2030.",
     "President Dilma has pledged to end illegal logging by 2030.", False),  # someone else
])
def test_a_name_told_by_a_part_of_itself_is_the_same_person(old: str, new: str,
                                                            silent: bool) -> None:
    assert (changes(old, new) == []) is silent, changes(old, new)


def test_a_title_case_headline_losing_a_word_is_no_shortened_name() -> None:
    """"Only Modest Benefits" -> "Modest Benefits": Title Case words are no name."""
    found = diff_documents(
        Document("Study Finds Only Modest Benefits From Drug", INTRO),
        Document("Study Finds Modest Benefits From Drug", INTRO)).changes
    assert found, found


@pytest.mark.parametrize(("old", "new"), [
    ("The ship was about 30 nautical miles east of the port.",
     "The ship was about 30 nautical miles (56 km) east of the port."),  # told twice
    ("The yacht sailed at 12 knots towards the coast.",
     "The yacht sailed at 12 knots (22 km/h) towards the coast."),
    ("Swells of 7 metres hit the coast on Sunday.", "Swells of 7m hit the coast on Sunday."),
    ("The 190-metre carrier struck a sandbank.", "The 190m carrier struck a sandbank."),
])
def test_a_distance_or_speed_told_in_another_unit_is_the_same(old: str, new: str) -> None:
    assert changes(old, new) == []


@pytest.mark.parametrize(("old", "new"), [
    ("Médecins Sans Frontières said the clinic had run out of vaccine.",
     "Doctors Without Borders (MSF) said the clinic had run out of vaccine."),
    ("The UN refugee agency said 2,000 people crossed on Monday.",
     "UNHCR said 2,000 people crossed on Monday."),
])
def test_an_international_body_by_another_of_its_names_is_the_same_source(
        old: str, new: str) -> None:
    """A sentence opening with an alias's first word ("Doctors") reads the alias whole."""
    assert changes(old, new) == []


@pytest.mark.parametrize(("old", "new", "silent"), [
    ("The ministry will pay 250 million riyals to farmers.",
     "The ministry will pay SR250 million to farmers.", True),
    ("The fund set aside 350 million lempiras for growers.",
     "The fund set aside L350 million for growers.", True),
    ("Shops face fines of 500 Fijian dollars, rising to 5,000 dollars for repeat offenders.",
     "Shops face fines of F$500, rising to F$5,000 for repeat offenders.", True),
    ("The city paid 1 million pesos in damages.", "The city paid P1 million in damages.",
     True),
    ("The city paid 1 million pesos in damages.", "The city paid P2 million in damages.",
     False),
    # CLDR's units (data/currency_units.txt, currency_codes.txt): code, word or sign
    ("Fares have risen to 780,000 drams a year.", "Fares have risen to AMD 780,000 a year.",
     True),
    ("A subscription costs 300 leks a month.", "A subscription costs ALL 300 a month.", True),
    ("The court fined him ₦250,000.", "The court fined him 250,000 naira.", True),
    ("The court fined him ₦250,000.", "The court fined him 250,000 cedis.", False),
    ("The plant will cost 640 million crowns.", "The plant will cost CZK 640 million.", True),
    ("Tickets cost between 500 and 2,000 shillings.",
     "Tickets cost between KSh 500 and KSh 2,000.", True),
])
def test_a_currency_written_by_its_sign_is_the_same_amount(old: str, new: str,
                                                           silent: bool) -> None:
    assert (changes(old, new) == []) is silent, changes(old, new)


def test_a_person_called_by_the_role_set_off_before_their_name_is_the_same() -> None:
    """"their mayor, Radu Munteanu, ..." then "Munteanu" -> "The mayor": the story gives
    him that role, set off by a comma."""
    intro = "Voters will decide whether to remove their mayor, Radu Munteanu, in October."
    found = diff_documents(
        Document("Mayor faces recall", f"{intro} Munteanu said the vote was political."),
        Document("Mayor faces recall", f"{intro} The mayor said the vote was political."))
    assert found.changes == [], found.changes


def test_a_question_headline_behind_a_kicker_asks_with_a_contracted_opener() -> None:
    """"House price drops: Who's at risk, who can afford not to worry?" asks; "Who's" is
    "who" contracted with its verb."""
    found = diff_documents(Document("So what happens to your home if house prices fall?", ""),
                           Document("House price drops: Who's at risk, who can afford not "
                                    "to worry?", "")).changes
    assert found == [], found


def test_a_place_dropped_where_the_story_names_it_another_way_is_still_told() -> None:
    """"in Holland" dropped from the text while the headline says "the Netherlands"."""
    old = Document("Singer detained in Holland over cannabis",
                   "Her concert was postponed after police in Holland found cannabis.")
    new = Document("Singer detained in the Netherlands over cannabis",
                   "Her concert was postponed after police found cannabis.")
    assert diff_documents(old, new).changes == []


def test_a_suspended_hyphen_is_the_compound_told_short() -> None:
    assert changes("The sale includes 10-year and 30-year notes, the minister said.",
                   "The sale includes 10- and 30-year notes, the minister said.") == []


@pytest.mark.parametrize(("old", "new", "silent"), [
    ("Its races are broadcast live on television, organisers said.",
     "Its races are shown live on TV, organisers said.", True),
    ("Its races are broadcast live on television, organisers said.",
     "Its races are no longer shown on TV, organisers said.", False),
])
def test_a_programme_aired_told_another_way_is_the_same(old: str, new: str,
                                                        silent: bool) -> None:
    assert (changes(old, new) == []) is silent, changes(old, new)


@pytest.mark.parametrize(("converted", "kept"), [("3,100 miles", False), ("4,100 miles", True)])
def test_a_unit_abbreviated_with_a_conversion_added_is_the_distance_told_twice(
        converted: str, kept: bool) -> None:
    """"kilometres" -> "km (3,100 miles)" beside the same 5,000: the unit written short and
    the amount told again in brackets (a wrong conversion is a fact of its own)."""
    old_sentence = "The AAD said the icebreaker RSV Nuyina would sail about 5,000 kilometres."
    new_sentence = ("The division said the icebreaker Nuyina would sail about 5,000 km "
                    f"({converted}).")
    change = Change("number", "changed", "kilometres", f"km ({converted})", old_sentence,
                    new_sentence, "high")
    versions = judge.Versions(Document("Ship", old_sentence), Document("Ship", new_sentence),
                              Context())
    assert judge.judge_change(change, versions).keep is kept


@pytest.mark.parametrize(("old", "new", "silent"), [
    ("Fans have waited since their last 1964 premiership win, the author writes.",
     "Fans have waited since their last premiership win in 1964, the author writes.", True),
    ("Fans have waited since their last 1964 premiership win, the author writes.",
     "Fans have waited since their last premiership win in 1966, the author writes.", False),
])
def test_a_year_read_as_a_count_on_one_side_is_that_years_date(old: str, new: str,
                                                                silent: bool) -> None:
    assert (changes(old, new) == []) is silent, changes(old, new)


def test_a_date_the_other_version_still_tells_is_no_date_changed() -> None:
    """A wording edit is promoted to a fact in a pair with other changes only when its
    amount or date is told by one version alone: "was built in 1994 and had" -> "It",
    beside "The vessel dates from 1994" in the new version, changes no date."""
    old = Document("Ferry sinks off central Philippines",
                   "The company said the vessel was built in 1994 and had passed its last "
                   "safety inspection in March.")
    new = Document("Four dead after ferry sinks",
                   "The vessel dates from 1994, the company said. It passed its last safety "
                   "inspection in March.")
    assert [c.kind for c in diff_documents(old, new).changes if c.kind == "date"] == []


def test_a_verb_of_two_words_with_its_second_word_misspelt_is_a_typo() -> None:
    """"make landfall" is one state word (an arrival); "make lnadfall" no longer reads as
    it, and is no state changed (found by tests/test_diff.py's cosmetic variants)."""
    old = "The storm is expected to make landfall near Cedar Key late Thursday night."
    assert changes(old, old.replace("landfall", "lnadfall")) == []


@pytest.mark.parametrize(("old", "new", "old_value", "new_value"), [
    ("Police arrested 23 people after the match.", "Police arrested 31 people after the match.",
     "arrested 23 people", "arrested 31 people"),  # the verb that says what the count is
    ("The bill failed by 11 votes on Tuesday.", "The bill failed by 17 votes on Tuesday.",
     "failed by 11 votes", "failed by 17 votes"),  # the preposition and its verb
    ("The ban will apply for five years.", "The ban will apply for three years.",
     "apply for five years", "apply for three years"),  # "apply" is no adverb
    ("Prices rose sharply across six states.", "Prices rose sharply across seven states.",
     "across six states", "across seven states"),  # an adverb is not what it is of
    ("Officials said 46 flights were cancelled.", "Officials said 61 flights were cancelled.",
     "46 flights", "61 flights"),  # a verb of saying is who told it
    ("The change will save about £610k a year, officials said.",
     "The change will save about £540k a year, officials said.",
     "save about £610k a year", "save about £540k a year"),  # a rate with its period
    ("Workers accepted a 9% pay rise after the talks.",
     "Workers accepted an 11% pay rise after the talks.",
     "accepted a 9% pay rise", "accepted an 11% pay rise"),  # the noun whole
    ("The plan raises coverage to at least 60 percent of districts by 2027.",
     "The plan raises coverage to at least 70 percent of districts by 2027.",
     "coverage to at least 60 percent of districts",
     "coverage to at least 70 percent of districts"),  # what a share is of
    ("About 100 protesters converged near the embassy.",
     "About 200 protesters converged near the embassy.",
     "About 100 protesters converged", "About 200 protesters converged"),  # no "near"
])
def test_an_amount_is_shown_with_the_word_that_governs_it(old: str, new: str,
                                                          old_value: str,
                                                          new_value: str) -> None:
    """"23 people" -> "31 people" says how many but not of what: the verb (or the
    preposition and the word it belongs to) both sentences share before the amount is
    shown with it, as an editor reads it."""
    found = [c for c in changes(old, new) if c.kind == "number"]
    assert [(c.old, c.new) for c in found] == [(old_value, new_value)], found


def test_a_place_dropped_after_a_name_is_shown_alone() -> None:
    """"in Buffalo" dropped after "Heritage Corridor": the place, not the name before its
    preposition (which was shown cut: "Street African American Heritage Corridor in
    Buffalo")."""
    found = changes("Michigan Street African American Heritage Corridor in Buffalo being "
                    "awarded $500K",
                    "Michigan Street African American Heritage Corridor being awarded $500K")
    assert [(c.old, c.new) for c in found] in ([], [("in Buffalo", None)])


def test_a_value_shown_with_its_object_never_cuts_a_number() -> None:
    """The words after a value are read to the first punctuation, but not to a comma or a
    point inside a number: "decision add 1,400 beds", not "decision add 1"."""
    found = changes("The decision add 1,400 beds to the state's capacity of about 4,000.",
                    "The decision will add 1,400 beds to the state's capacity of about 4,000.")
    assert [(c.old, c.new) for c in found] == [("decision add 1,400 beds",
                                                "decision will add 1,400 beds")]


@pytest.mark.parametrize(("old", "new", "old_value", "new_value"), [
    ("Water levels fell 2 metres, according to the trust.",
     "Water levels fell 2 metres, according to the environment ministry.",
     "according to the trust", "according to the environment ministry"),
    ("Festival director Nour Khalil said tickets sold out.",
     "Festival spokeswoman Layla Saab said tickets sold out.",
     "Festival director Nour Khalil said", "Festival spokeswoman Layla Saab said"),
    ("A spokesman for the growers' cooperative said prices fell.",
     "Jean Rasolofo, president of the growers' cooperative, said prices fell.",
     "A spokesman for the growers' cooperative said",
     "Jean Rasolofo, president of the growers' cooperative"),
])
def test_a_source_is_shown_as_the_whole_phrase_naming_it(old: str, new: str, old_value: str,
                                                         new_value: str) -> None:
    """Who says it is the whole of who they are: "according to" before the source, the
    words of its noun phrase the edit left out, and the body a role speaks for."""
    found = [c for c in changes(old, new) if c.kind == "attribution"]
    assert [(c.old, c.new) for c in found] == [(old_value, new_value)], changes(old, new)


def test_a_source_value_takes_no_word_of_another_phrase() -> None:
    """Only a name or a role opens a source's noun phrase: "warns Forest and Bird" is a
    verb's clause, and the noun before it ("shortcuts") is not the source's."""
    assert shown._whole_source("warns Forest and Bird", "It cuts shortcuts warns Forest and "
                               "Bird, a group.") == "warns Forest and Bird"
    assert shown._whole_source("In Singapore", "AM In Singapore, cases fell.") == "In Singapore"


@pytest.mark.parametrize(("value", "sentence", "shown_as"), [
    ("Mexico", "Mexico's National University of La Plata said so.",
     "Mexico's National University"),
    ("14 of the country", "He said 14 of the country's 21 provinces were hit.",
     "14 of the country's 21 provinces"),
    ("a passenger", "It was a passenger’s head that got caught.", "a passenger’s head"),
    ("12 Victorian McDonald", "Coronavirus closes 12 Victorian McDonald’s",
     "12 Victorian McDonald’s"),  # a name's "’s" ending its sentence
    ("the White House", "Explosions could be heard from the White House's ...",
     "the White House"),  # a feed's cut: what it owned is not known
    ("Trump", "It was Trump's, not Biden's.", "Trump"),
])
def test_a_value_never_ends_on_an_owner_cut_from_what_it_owns(value: str, sentence: str,
                                                              shown_as: str) -> None:
    assert shown._with_possessed(value, sentence) == shown_as


def test_a_word_after_a_thing_that_is_a_verbs_past_is_not_its_noun() -> None:
    """"a passenger’s head" -> "a man’s head", not "... head got": an irregular past
    ("got", "said") is no noun the thing qualifies."""
    found = changes("Officials said a passenger’s head got caught in the door.",
                    "Officials said a man’s head got caught in the door.")
    assert [(c.old, c.new) for c in found] == [("a passenger’s head", "a man’s head")], found


@pytest.mark.parametrize(("value", "sentence", "shown_as"), [
    ("amendment by 58 votes", "MPs passed the amendment by 58 votes to 24, with two abstaining.",
     "amendment by 58 votes to 24"),  # a tally
    ("networks between 2021", "It hit networks between 2021 and 2023.",
     "networks between 2021 and 2023"),
    ("from June 20", "The fair takes place from June 20 to 22.", "from June 20 to 22"),
    ("At least 96 passengers", "At least 96 passengers and 11 crew were rescued.",
     "At least 96 passengers"),  # another count, not a range
    ("down 113.1 points", "The ASX fell 1.5%, down 113.1 points to 7290.6 as miners fell.",
     "down 113.1 points"),  # the level it fell to is another fact
])
def test_an_amount_is_shown_with_the_other_end_of_its_range(value: str, sentence: str,
                                                            shown_as: str) -> None:
    assert shown._with_range(value, sentence) == shown_as


@pytest.mark.parametrize(("old", "new", "old_value", "new_value"), [
    ("Officials said the country could take the case to the World Trade Organization.",
     "Officials said the country had filed a complaint with the World Trade Organization.",
     "could take the case to the World Trade Organization",
     "had filed a complaint with the World Trade Organization"),  # each its own preposition
    ("Two men were arrested on suspicion of fraud, police said.",
     "Two men were charged with fraud, police said.",
     "were arrested on suspicion of fraud", "were charged with fraud"),
])
def test_a_state_is_shown_with_the_object_its_preposition_ties_it_to(
        old: str, new: str, old_value: str, new_value: str) -> None:
    """"could take the case" -> "had filed a complaint" says what happened but not about
    what: the object both sentences share, after the preposition each state takes, is
    shown with it, when the object is whole."""
    found = [c for c in changes(old, new) if c.kind == "status"]
    assert [(c.old, c.new) for c in found] == [(old_value, new_value)], changes(old, new)


def test_a_states_object_cut_short_is_not_shown() -> None:
    """"have taken to one" reads worse than "have taken": an object that goes on ("one
    [of Brisbane's busiest roads]") past what both sides share is left out."""
    assert not shown._whole_object(["one"], ["to", "one", "of", "the", "roads"][1:],
                                   ["one", "of", "the", "streets"])
    assert shown._whole_object(["court"], ["court"], ["court", "on", "Monday"])


@pytest.mark.parametrize(("old", "new", "severity"), [
    # the framing of a process changed: reported, but below what a reader acts on
    ("The rescue team was trying to reach the flooded village on Monday.",
     "The rescue team planned to reach the flooded village on Monday.", "medium"),
    ("The company confirmed the merger talks on Friday.",
     "The company completed the merger talks on Friday.", "high"),  # done is an outcome
    # the state of a person or an event, and done versus yet to come
    ("The driver was detained by police after the crash.",
     "The driver was charged by police after the crash.", "high"),
    ("The city council approved the budget on Monday.",
     "The city council rejected the budget on Monday.", "high"),
    ("The mayor said the plan could ease congestion.",
     "The mayor told reporters the plan will ease congestion.", "high"),
    ("The driver was charged with murder on Monday, police said.",
     "The driver was charged with manslaughter on Monday, police said.", "high"),
])
def test_a_status_change_is_high_only_for_events_negation_and_what_is_done(
        old: str, new: str, severity: str) -> None:
    [change] = changes(old, new)
    assert (change.kind, change.severity) == ("status", severity)


def test_medium_states_are_status_groups_and_never_the_issues_events() -> None:
    medium = judge_data.medium_states()
    assert medium <= set(STATUS.values())
    assert not medium & {"not", "dead", "arrest", "charge", "resign", "approve", "cancel"}


@pytest.mark.parametrize(("added", "kind", "severity"), [
    ("Two more people have died, officials said.", "number", "high"),
    ("Roads will stay closed unless the water recedes.", "status", "medium"),
])
def test_a_sentence_added_whole_is_high_only_for_an_amount_or_a_restriction(
        added: str, kind: str, severity: str) -> None:
    story = "The storm hit the coast on Monday. Crews worked through the night to restore power."
    [change] = diff_documents(Document("Storm hits coast", story),
                              Document("Storm hits coast", f"{story} {added}")).changes
    assert (change.kind, change.action, change.severity) == (kind, "added", severity)


@pytest.mark.parametrize(("old", "new"), [
    ("Nintendo is raising prices of Switch 2 game cartridges, the company said.",
     "Nintendo is lowering prices of Switch 2 game cartridges, the company said."),
    ("The central bank held interest rates at its meeting on Tuesday.",
     "The central bank raised interest rates at its meeting on Tuesday."),
    ("The senator leads her challenger in the latest count.",
     "The senator trails her challenger in the latest count."),
])
def test_a_trend_reversed_is_a_status_change_though_trend_words_alone_are_framing(
        old: str, new: str) -> None:
    [change] = changes(old, new)
    assert (change.kind, change.action, change.severity) == ("status", "changed", "high")


def test_a_trend_told_with_another_verb_of_its_direction_stays_silent() -> None:
    assert changes("Shares rose sharply in early trading.",
                   "Shares climbed sharply in early trading.") == []


def test_opposed_states_are_pairs_of_status_groups() -> None:
    pairs = judge_data.opposed_states()
    assert frozenset({"increase", "decrease"}) in pairs
    assert all(len(pair) == 2 and pair <= set(STATUS.values()) for pair in pairs)


@pytest.mark.parametrize(("old", "new"), [
    # a word negated by its prefix is a negation, rated high wherever the change came from
    ("Officials said most of the staff were unvaccinated when the outbreak began.",
     "Officials said most of the staff were vaccinated when the outbreak began."),
    # a word for its opposite by prefix (opposed_prefixes.txt)
    ("The country's exports of rice rose in May.", "The country's imports of rice rose in May."),
    ("The agency upgraded the storm warning on Tuesday.",
     "The agency downgraded the storm warning on Tuesday."),
    # a word for its antonym, in any of its forms (opposites.txt, from WordNet)
    ("Turnout was the highest since 1992, officials said.",
     "Turnout was the lowest since 1992, officials said."),
    ("The fire was started deliberately, investigators said.",
     "The fire was started accidentally, investigators said."),
    ("The lifeboat sank near the harbour on Friday.",
     "The lifeboat floated near the harbour on Friday."),
])
def test_a_word_reversed_by_its_prefix_is_a_high_status_change(old: str, new: str) -> None:
    [change] = changes(old, new)
    assert (change.kind, change.action, change.severity) == ("status", "changed", "high")


def test_opposites_hold_antonyms_but_no_place_or_posture() -> None:
    from monitor.facts.judge.spelling import opposite_by_meaning
    assert opposite_by_meaning("older", "younger") and opposite_by_meaning("arrived", "left")
    # compass points and sides are places (entities); where a place "sits" or "lies" is
    # one fact
    assert not opposite_by_meaning("northern", "southern")
    assert not opposite_by_meaning("sits", "lies")
    assert not opposite_by_meaning("said", "asked")


def test_opposed_prefixes_are_pairs() -> None:
    pairs = judge_data.opposed_prefixes()
    assert frozenset({"im", "ex"}) in pairs and all(len(pair) == 2 for pair in pairs)


@pytest.mark.parametrize(("kind", "value", "expected_kind"), [
    ("quote", "she said", "attribution"),
    ("entity", "Corrections says", "attribution"),
    ("status", "says associate editor Vikram Khanna", "attribution"),
    # a claim told with a verb of saying is the claim, not its source
    ("status", "Pope Leo XIV called for a ceasefire in Gaza and an end to the war", "status"),
    ("number", "officials said 12 people died", "number"),
])
def test_a_source_added_alone_is_an_attribution_whichever_path_found_it(
        kind: str, value: str, expected_kind: str) -> None:
    from monitor.facts.context import build_context
    from monitor.facts.judge.verdict import rated
    from monitor.facts.judge.versions import Versions
    old = Document("Story", "The talks ended.")
    new = Document("Story", f"The talks ended. {value}.")
    change = Change(kind, "added", None, value, None, f"{value}.", "medium")
    assert rated(change, Versions(old, new, build_context(old, new))).kind == expected_kind


def test_a_quotation_with_its_contraction_written_out_is_the_same_quotation() -> None:
    assert changes('"I\'m outraged," the senator said of the ruling.',
                   '"I am outraged," the senator said of the ruling.') == []



def test_a_surname_withheld_and_then_given_is_a_change_of_who_is_named() -> None:
    [change] = changes("Police are investigating Christian B. over the disappearance.",
                       "Police are investigating Christian Brueckner over the disappearance.")
    assert change.kind == "entity"


def test_a_weekday_told_as_today_by_a_version_seen_that_day_is_the_same_day() -> None:
    sunday_night = datetime(2025, 7, 6, 2, tzinfo=UTC)
    sunday_noon = datetime(2025, 7, 6, 12, tzinfo=UTC)
    published = datetime(2025, 7, 5, 12, tzinfo=UTC)
    old = Document("Storms", "Storms are expected Sunday across the region.", published,
                   captured=sunday_night)
    new = Document("Storms", "Storms are expected today across the region.", published,
                   captured=sunday_noon)
    assert diff_documents(old, new).changes == []


def test_a_claim_moved_from_state_media_to_officials_changes_its_source() -> None:
    old = "Deadliest coal mine explosion in China in years kills 90 people, state media say"
    new = ("Deadliest coal mine explosion in China in years kills at least 82 people, local "
           "officials say")
    reported = diff_documents(Document(old, ""), Document(new, "")).changes
    assert {(c.kind, c.old, c.new) for c in reported} >= {
        ("attribution", "state media", "local officials")}


@pytest.mark.parametrize(("old_title", "new_title", "severity"), [
    # a list article's item count is no amount in the world
    ("Cooking at home", "4 ways to get creative with your leftovers", "medium"),
    # a numbered noun's number is its label, no count ("level 3")
    ("Almost there, NZ", "39 essential things to know about alert level 3", "medium"),
    ("Flood update", "Two more people have died in the floods", "high"),
    ("Flood update", "Two more people have died in level 3 areas", "high"),
])
def test_a_count_of_a_list_articles_items_is_never_high(
        old_title: str, new_title: str, severity: str) -> None:
    from monitor.facts.context import build_context
    from monitor.facts.judge.verdict import rated
    from monitor.facts.judge.versions import Versions
    old, new = Document(old_title, "The story."), Document(new_title, "The story.")
    change = Change("number", "added", None, new_title, None, new_title, "high")
    assert rated(change, Versions(old, new, build_context(old, new))).severity == severity


def test_an_appeals_court_named_is_no_appeal() -> None:
    reported = changes("The US appeals court rules the tariffs are illegal.",
                       "The court rules the tariffs are illegal.")
    assert all(change.kind != "status" for change in reported)
    [appealed] = changes("The company will appeal the ruling, its lawyer said.",
                         "The company will not appeal the ruling, its lawyer said.")
    assert (appealed.kind, appealed.severity) == ("status", "high")


@pytest.mark.parametrize(("old", "new"), [
    ("Council to approve troop contribution for peace mission",
     "Council approves troop contribution for peace mission"),
    ("Shakira to follow Madonna and Lady Gaga with a free concert on Copacabana beach",
     "Shakira follows Madonna and Lady Gaga with a free concert on Copacabana beach"),
])
def test_a_plan_told_done_is_a_high_status_change_as_will_to_done_is(old: str, new: str) -> None:
    [change] = diff_documents(Document(old, ""), Document(new, "")).changes
    assert (change.kind, change.severity) == ("status", "high")


NAMES = ["joe biden", "biden", "centers for disease control", "cdc", "victoria", "vic",
         "caribbean community", "caricom", "european police office", "europol", "new york",
         "york", "national party", "nat", "united nations high commissioner for refugees",
         "unhcr", "iran", "iraq", "tehran", "b", "the hague", "los angeles", "la"]


@pytest.mark.parametrize("name", [*NAMES, "new", "joe", "centers", "eu", "angel", "v"])
def test_named_in_a_set_of_names_answers_as_the_test_of_each_name_does(name: str) -> None:
    # named_in looks a frozenset up through an index of words and initials: it must say
    # what testing every name one by one says, for every subset it is asked about
    from monitor.facts.compare import named_in
    for size in (1, 2, 5, len(NAMES)):
        for start in range(0, len(NAMES), 3):
            others = NAMES[start:start + size]
            assert named_in(name, frozenset(others)) == named_in(name, list(others)), others


def test_a_headline_opening_on_inside_frames_a_feature_and_restricts_nothing() -> None:
    found = diff_documents(
        Document("Searching for truth behind Spain's care home tragedy", "Thousands died."),
        Document("Inside story of Spain's care home tragedy", "Thousands died.")).changes
    assert [c for c in found if c.kind == "condition" or c.severity == "high"] == []
    # inside a clause a restriction governs it is one still
    [change] = diff_documents(Document("Mines to be used only inside Ukraine", ""),
                              Document("Mines to be used inside Ukraine", "")).changes
    assert (change.kind, change.severity) == ("condition", "high")


def test_odds_told_with_hyphens_are_amounts() -> None:
    # "1-in-630" is read as "1 in 630": a change of the odds is a number change, and the
    # odds told without hyphens are the same
    [change] = changes("The asteroid has a 1-in-630 chance of hitting Earth.",
                       "The asteroid has a 1-in-410 chance of hitting Earth.")
    assert (change.kind, change.old, change.new) == ("number", "630 chance", "410 chance")
    assert changes("The asteroid has a 1-in-630 chance of hitting Earth.",
                   "The asteroid has a 1 in 630 chance of hitting Earth.") == []


@pytest.mark.parametrize(("old", "new"), [
    ("How 2 watch the awards tonight.", "How to watch the awards tonight."),
    ("He will test the boundaries of fact and fiction one again.",
     "He will test the boundaries of fact and fiction once again."),
])
def test_a_number_written_for_a_word_and_fixed_is_a_typo(old: str, new: str) -> None:
    assert changes(old, new) == []


def test_a_number_slip_beside_a_changed_amount_is_no_typo() -> None:
    assert [c.kind for c in changes("Storm kills 2 in Ohio.", "Storm kills 4 in Ohio.")] == [
        "number"]


def test_number_slips_load_as_groups() -> None:
    slips = judge_data.number_slips()
    assert slips["2"] == slips["to"] == slips["too"] and slips["one"] == slips["once"]


def test_who_estimated_a_figure_is_its_source() -> None:
    found = changes("Opposition lawmakers estimated the annual cost at 25 million euros.",
                    "The finance ministry estimated the annual cost at 25 million euros.")
    assert [(c.kind, c.old, c.new) for c in found] == [
        ("attribution", "Opposition lawmakers estimated", "The finance ministry estimated")]
    # "an estimated 5,000" stays a qualifier of the amount
    assert changes("An estimated 5,000 people attended.", "About 5,000 people attended.") == []


def test_a_multiple_swapped_counts_another_number_of_victims() -> None:
    found = diff_documents(Document("Man arraigned in triple homicide case", ""),
                           Document("Man arraigned in quadruple homicide case", "")).changes
    assert [(c.kind, c.severity, c.old, c.new) for c in found] == [
        ("number", "high", "arraigned in triple homicide", "arraigned in quadruple homicide")]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("Bills draft order nearly set", "Bills draft order set", ["status"]),
    ("Threat from Tehran nearly eliminated", "Threat from Tehran eliminated", ["status"]),
    ("Google, in almost wondrously opaque fashion, announced it",
     "Google, in wondrously opaque fashion, announced it", []),  # no state hedged
    ("Nearly 100 people died", "100 people died", ["number"]),  # an amount's qualifier
])
def test_a_hedge_before_a_state_says_whether_it_is_reached(
        old: str, new: str, expected: list[str]) -> None:
    found = diff_documents(Document(old, ""), Document(new, "")).changes
    assert [c.kind for c in found] == expected


def test_a_denial_turned_into_a_confirmation_is_a_reversal() -> None:
    [change] = changes("The company denied wrongdoing on Monday.",
                       "The company confirmed wrongdoing on Monday.")
    assert (change.kind, change.severity) == ("status", "high")


def test_all_of_a_place_is_the_place() -> None:
    assert changes("A warning is in effect for Western New York until Friday.",
                   "A warning is in effect for all of Western New York until Friday.") == []
    assert [c.kind for c in changes("Some schools closed on Monday.",
                                    "All schools closed on Monday.")] == ["condition"]


def test_challenges_as_difficulties_are_no_legal_challenge() -> None:
    assert changes("He secured the nomination despite headwinds.",
                   "He secured the nomination despite challenges.") == []
    assert [c.kind for c in changes("The law faces legal challenges in court.",
                                    "The law faces no legal challenges in court.")] == [
        "status"]


def test_a_fact_added_is_shown_with_what_happened_not_a_lone_name() -> None:
    found = diff_documents(
        Document("Live updates", "The UN tripled its aid appeal. And Italy has become the "
                 "first to reopen."),
        Document("Live updates", "The UN tripled its aid appeal. In India, a lethal gas leak "
                 "may have resulted from a rush to reopen a chemical plant.")).changes
    added = [c.new for c in found if c.action == "added"]
    assert added == ["In India, a lethal gas leak may have resulted from a rush to reopen a "
                     "chemical plant"]


def test_a_role_marker_added_is_shown_with_the_person_not_the_headline() -> None:
    found = diff_documents(Document("Carney names Supreme Court Justice Louise Arbour", ""),
                           Document("Carney names former Supreme Court Justice Louise Arbour",
                                    "")).changes
    assert [(c.kind, c.new) for c in found] == [
        ("status", "former Supreme Court Justice Louise Arbour")]


def test_is_to_is_the_future_will_tells() -> None:
    # the rewrite names the prime minister: a change, but not a high one for the tense
    found = diff_documents(
        Document("Deadline day", "It comes as the PM is to lead the Downing Street briefing."),
        Document("Deadline day", "Boris Johnson will lead the Downing Street briefing.")).changes
    assert found and all(c.severity != "high" for c in found)
    assert [c.kind for c in changes("The council is to approve the budget on Monday.",
                                    "The council approved the budget on Monday.")] == ["status"]


def test_a_plan_told_done_with_a_verb_no_table_knows_as_a_state() -> None:
    # "lead" is no state word: the diff reads the edit as wording, the plan is still done
    [change] = changes("The PM is to lead the briefing on Monday.",
                       "The PM led the briefing on Monday.")
    assert (change.kind, change.severity) == ("status", "high")


def test_close_after_to_or_a_modal_is_the_state() -> None:
    assert changes("The chain said 45 stores will close by June.",
                   "The chain said it will shut 45 stores by June.") == []
    assert [c.kind for c in changes("New state rules could force the bar to close.",
                                    "New state rules could force changes at the bar.")] == [
        "status"]
    assert changes("The race was close to a record.", "The race was near a record.") == []


def test_a_fact_moved_within_its_sentence_is_no_change() -> None:
    old = ("The World Rowing Council (WRC) has suspended the national federation, the sport's "
           "governing body said Thursday.\n\nRowers may compete only under a neutral flag, the "
           "council said in a statement from its headquarters in Lausanne.")
    new = old.replace("the council said in a statement from its headquarters in Lausanne",
                      "the Lausanne-based council said in a statement")
    assert changes(old, new) == []
    # another place is a change
    assert changes(old, new.replace("Lausanne", "Geneva")) != []


@pytest.mark.parametrize(("old_title", "new_title", "text"), [
    ("Chaos and destruction in Beirut after blast", "Chaos and destruction after the blast",
     "Photos show the destruction in the Lebanese capital after a huge explosion."),
    ("Turkey detains 20 in raids in the capital of Ankara", "Turkey detains 20 in raids in "
     "the capital", "Police detained 20 people in dawn raids on Tuesday."),
])
def test_a_capital_called_by_its_country_is_told(old_title: str, new_title: str,
                                                 text: str) -> None:
    assert diff_documents(Document(old_title, text), Document(new_title, text)).changes == []


def test_every_capital_is_a_country_of_the_alias_tables() -> None:
    countries = set(judge_data.alias_table().values())
    assert set(judge_data.capitals()) <= countries


def test_two_counts_of_different_states_are_not_one_count_changed() -> None:
    old = Document("Firefighters battle a massive Belgian wildfire that forced hundreds to "
                   "evacuate", "")
    new = Document("Firefighters battle massive wildfires in Belgium and Greece as 2 die on an "
                   "island near Athens", "")
    assert not [c for c in diff_documents(old, new).changes
                if c.kind == "number" and c.action == "changed"]


def test_until_further_notice_is_indefinitely() -> None:
    assert changes("The border crossing will stay closed until further notice.",
                   "The border crossing will stay closed indefinitely.") == []
    assert changes("The border crossing will stay closed until further notice.",
                   "The border crossing will stay closed until Friday.") != []


@pytest.mark.parametrize(("old", "new"), [
    ("Winds reached 25 metres per second overnight.", "Winds reached 25 m/s overnight."),
    ("Releases must reach 45 cubic metres per second.", "Releases must reach 45 m³/s."),
])
def test_a_speed_or_flow_per_second_written_another_way_is_the_same(old: str,
                                                                    new: str) -> None:
    """"per second" is a unit, not the ordinal "second" read as 2."""
    assert changes(old, new) == []


def test_a_dateline_with_a_country_of_several_words_is_furniture() -> None:
    old = ("SARAJEVO, Bosnia and Herzegovina — Cafés must stop customers smoking indoors "
           "from May 1.")
    assert changes(old, "SARAJEVO — Cafés must stop customers smoking indoors from May 1.") == []


@pytest.mark.parametrize(("old", "new", "silent"), [
    ("Fines run from 1,000 marks (about 510 to 7,670 euros).",
     "Fines run from 1,000 marks (about €510 to €7,670).", True),
    ("Fines run from 1,000 marks (about 510 to 7,670 euros).",
     "Fines run from 1,000 marks (about €510 to €7,900).", False),
])
def test_a_range_of_money_signed_once_or_twice_is_the_same(old: str, new: str,
                                                           silent: bool) -> None:
    assert (changes(old, new) == []) is silent, changes(old, new)


@pytest.mark.parametrize(("old", "new"), [
    ("Those released must report to a parole office once a month.",
     "Those released must report to a parole office monthly."),
    ("The survey found 38 percent of 12- to 16-year-olds spent four hours online.",
     "The survey found 38% of 12-16-year-olds spent four hours online."),
])
def test_how_often_and_a_range_of_ages_told_two_ways_are_the_same(old: str,
                                                                 new: str) -> None:
    assert changes(old, new) == []


@pytest.mark.parametrize(("old", "new", "silent"), [
    ("Lowering the reservoir would cut output by about a fifth at a time of shortages.",
     "Lowering the reservoir would cut output by about 20% at a time of shortages.", True),
    ("Lowering the reservoir would cut output by about a fifth at a time of shortages.",
     "Lowering the reservoir would cut output by about a third at a time of shortages.", False),
    ("The mayor won a third term in office.", "The mayor won a fourth term in office.", False),
])
def test_a_fraction_with_no_noun_after_it_is_a_share(old: str, new: str,
                                                      silent: bool) -> None:
    """"by about a fifth" is 20 %, not the ordinal fifth; "a third term" stays an
    ordinal."""
    assert (changes(old, new) == []) is silent, changes(old, new)


@pytest.mark.parametrize(("old", "new", "silent"), [
    ('"We waited five years," said Domingos Soares, 64, who grows maize on the plot.',
     '"We waited five years," said 64-year-old Domingos Soares, who grows maize on the plot.',
     True),
    ('"We waited five years," said Domingos Soares, 64, who grows maize on the plot.',
     '"We waited five years," said 46-year-old Domingos Soares, who grows maize on the plot.',
     False),
])
def test_an_age_told_another_way_is_the_same(old: str, new: str, silent: bool) -> None:
    assert (changes(old, new) == []) is silent, changes(old, new)


@pytest.mark.parametrize(("text", "names"), [
    ("Outlets closed over a coronavirus-infected driver.", {"covid-19"}),
    ("A US-led coalition struck overnight.", {"united states"}),
    ("The US-Iran war entered its second month.", {"us-iran"}),  # two names, kept whole
])
def test_a_compound_opened_by_a_known_name_names_it(text: str, names: set[str]) -> None:
    assert set(signatures.signature(text, Context()).names) == names


def test_a_time_in_four_digits_before_its_zone_is_a_time() -> None:
    found = changes("The launch began at about 0915 GMT, officials said.",
                    "The launch began at about 0840 GMT, officials said.")
    assert [(c.kind, c.old, c.new) for c in found] == [("date", "0915 GMT", "0840 GMT")]
    assert changes("The archive spans over 1200 hours of footage.",
                   "The archive spans over 1,200 hours of footage.") == []


def test_an_age_range_told_two_ways_is_the_same() -> None:
    assert changes("Donors between 16 and 65 years old may give blood.",
                   "Donors aged 16 to 65 may give blood.") == []
    assert changes("Donors between 16 and 65 years old may give blood.",
                   "Donors aged 18 to 65 may give blood.") != []


@pytest.mark.parametrize(("old", "new", "silent"), [
    ("Beef exports earn about 1.5 billion pula a year.",
     "Beef exports earn about P1.5 billion a year.", True),
    ("Offenders face fines of up to 10,000 pula.", "Offenders face fines of up to P10,000.", True),
    ("Offenders face fines of up to 10,000 pula.", "Offenders face fines of up to P12,000.",
     False),
])
def test_a_lone_letter_sign_is_the_currency_named_beside_it(old: str, new: str,
                                                            silent: bool) -> None:
    assert (changes(old, new) == []) is silent, changes(old, new)


def test_at_the_death_is_the_last_moment_not_a_death() -> None:
    assert not signatures.signature("Highlanders stun Chiefs at the death", Context()).states
    assert signatures.signature("Friends grieved at the death of her son",
                                Context()).states == {"dead"}


@pytest.mark.parametrize(("text", "conditions"), [
    ("Auckland waits to hear if it will move down an alert level", set()),
    ("It is unclear if the talks will resume", set()),
    ("A judge will decide if the hearing stays closed", set()),
    ("Schools will close if cases rise", {"if"}),
    ("Here is what you need to know if you are voting", {"if"}),
])
def test_if_after_asking_is_whether(text: str, conditions: set[str]) -> None:
    assert set(signatures.signature(text, Context()).conditions) == conditions


def test_a_letter_sign_glued_to_an_amount_reads_the_amount_whole() -> None:
    """"P10,000" is an amount in a currency the letter signs, not the code "P10"."""
    found = changes("Offenders face fines of up to P10,000, the ministry said.",
                    "Offenders face fines of up to P12,000, the ministry said.")
    assert [(c.kind, c.old, c.new) for c in found] == [
        ("number", "up to P10,000", "up to P12,000")]
    assert changes("Offenders face fines of up to P10 phones.",
                   "Offenders face fines of up to P10 phones.") == []


def test_a_country_called_by_the_kind_of_state_it_is_is_the_same_country() -> None:
    """"The Himalayan kingdom" is Bhutan where the story names Bhutan; "the Nepalese
    kingdom" names another country, and a story that never names Bhutan has no kingdom
    to read."""
    title = "Rockfall cuts off Bhutan glacier station"
    old = "Bhutan has eight automatic stations on glaciers."
    assert changes(old, "The Himalayan kingdom has eight automatic stations on glaciers.",
                   old_title=title) == []
    assert [c.kind for c in changes(
        old, "The Nepalese kingdom has eight automatic stations on glaciers.",
        old_title=title)] == ["entity"]
    assert [c.kind for c in changes(
        old, "The Himalayan kingdom has eight automatic stations on glaciers.",
        old_title="Rockfall cuts off glacier station")] == ["entity"]
    assert changes("Rubber is Liberia's main export, the ministry said.",
                   "Rubber is the West African country's main export, the ministry said.",
                   old_title="Liberia renews rubber concession") == []


@pytest.mark.parametrize(("sentence", "states"), [
    ("The senator lost the election on Monday.", ["lose"]),
    ("Chelsea lost 2-1 to Arsenal on Monday.", ["lose"]),
    ("Thousands lose their jobs as the plant closes.", ["fired", "close"]),  # let go
    ("The cold room lost power on Monday.", []),
    ("The glacier has lost 0.9 metres of ice a year.", []),
    ("Three people lost their lives in the fire.", ["dead"]),
])
def test_lose_is_a_state_only_for_a_contest_or_a_place_lost(sentence: str,
                                                          states: list[str]) -> None:
    """"lost" is a contest or a place lost, not power or ice; "lost their lives" a death
    (reading._read_lose)."""
    from monitor.facts.atoms import status_value

    atoms = analyse(sentence, Context(None, frozenset(), frozenset()))
    assert [s for a in atoms if (s := status_value(a))] == states


def test_a_schedule_told_in_the_present_or_with_will_is_one_schedule() -> None:
    """"Applications open on April 15" = "will open on April 15" in a story of March 28;
    "will appear" -> "appeared" on that day is the event done."""
    published = datetime(2025, 3, 28, 15, tzinfo=UTC)

    def diff(old: str, new: str) -> list[Change]:
        return diff_documents(Document("Council vote", f"{INTRO} {old}", published),
                              Document("Council vote", f"{INTRO} {new}", published)).changes
    assert diff("Applications open on April 15, the ministry said.",
                "Applications will open on April 15, the ministry said.") == []
    # a day read without its year is the next one after the story's day
    assert diff("Tickets will go on sale on April 1 and start at €49.",
                "Tickets go on sale on April 1 and start at €49.") == []
    assert diff("Tickets went on sale on March 1 and start at €49.",
                "Tickets will go on sale on March 1 and start at €49.") != []
    assert [c.kind for c in diff("The minister will appear before the committee on April 15.",
                                 "The minister appeared before the committee on April 15."
                                 )] == ["status"]


@pytest.mark.parametrize(("old", "new", "same"), [
    ("the first fatal attack since 2016", "the first fatal attack in nine years", True),
    ("the first fatal attack since 2016", "the first fatal attack in eight years", False),
    ("The attack happened in 2016", "The attack happened nine years ago", True),
    ("The attack happened in 2016", "The attack happened ten years ago", False),
])
def test_a_year_told_as_the_years_since_it_is_read_from_the_publication_year(
        old: str, new: str, same: bool) -> None:
    published = datetime(2025, 6, 2, 9, tzinfo=UTC)
    found = diff_documents(Document("Update", f"{INTRO} {old}, police said.", published),
                           Document("Update", f"{INTRO} {new}, police said.", published))
    assert (found.changes == []) is same, found.changes


@pytest.mark.parametrize(("text", "names"), [
    ("Health Minister Ana Costa said the clinic would open.", {"ana costa"}),
    ("Prime Minister Narendra Modi said the plan would work.", {"narendra modi"}),
    ("The Justice Department said the probe was closed.", {"department of justice"}),
    ("Attorney General Pam Bondi said the case was closed.", {"pam bondi"}),
])
def test_a_role_written_inside_a_name_run_is_not_the_name(text: str, names: set[str]) -> None:
    assert set(signatures.signature(text, Context()).names) == names


def test_a_headline_drops_the_floor_of_a_count_its_story_gives() -> None:
    published = datetime(2025, 5, 6, 9, tzinfo=UTC)
    body = "MAPUTO, May 6 - A cholera outbreak in Nampula has killed at least 23 people."
    found = diff_documents(Document("Cholera outbreak in Mozambique", body, published),
                           Document("Cholera outbreak kills 23 in Mozambique", body, published))
    assert found.changes == []
    found = diff_documents(Document("Cholera outbreak in Mozambique", body, published),
                           Document("Cholera outbreak kills 25 in Mozambique", body, published))
    assert any("25" in (c.new or "") for c in found.changes), found.changes


@pytest.mark.parametrize(("old", "new", "shown"), [
    ("The event takes place in mid-July.", "The event takes place in mid-August.",
     ("mid-July", "mid-August")),
    ("The event takes place in late July, officials said.",
     "The event takes place in late August, officials said.", ("late July", "late August")),
    ("The hearing is scheduled for mid-March.", "The hearing is scheduled for mid-April.",
     ("mid-March", "mid-April")),  # "March" alone is a word: read as the date it was
])
def test_a_date_moved_under_one_qualifier_is_shown_with_it(
        old: str, new: str, shown: tuple[str, str]) -> None:
    assert [(c.old, c.new) for c in changes(old, new)] == [shown]


@pytest.mark.parametrize(("new", "silent"), [
    ("The vote is on Sunday, officials said.", True),  # the coming Sunday, told bare
    ("The vote is on Saturday, officials said.", False),
    ("The vote is next Monday, officials said.", False),
])
def test_a_weekday_told_as_next_or_bare_is_one_day(new: str, silent: bool) -> None:
    published = datetime(2020, 10, 28, 9, tzinfo=UTC)  # a Wednesday
    found = diff_documents(
        Document("Vote", f"{INTRO} The vote is next Sunday, officials said.", published),
        Document("Vote", f"{INTRO} {new}", published))
    assert (found.changes == []) is silent, found.changes


@pytest.mark.parametrize(("old_title", "new_title", "silent"), [
    ("UPDATE 1-Nigeria raises rate to 27.5%", "UPDATE 2-Nigeria raises key rate to 27.5%", True),
    ("Nigeria raises rate to 27.5%", "Nigeria raises rate to 27.5% (Adds quote from governor)",
     True),
    ("Nigeria raises rate to 27.5%", "Nigeria holds rate at 27.5%", False),  # turned round
])
def test_a_wire_headline_is_read_without_its_slug_and_update_note(
        old_title: str, new_title: str, silent: bool) -> None:
    body = ("LAGOS, May 6 (Reuters) - Nigeria's central bank raised its benchmark rate to "
            "27.5% on Tuesday, Governor Olayemi Cardoso said.")
    published = datetime(2025, 5, 6, 9, tzinfo=UTC)
    found = diff_documents(Document(old_title, body, published),
                           Document(new_title, body, published))
    assert (found.changes == []) is silent, found.changes


def test_a_span_of_time_told_in_other_units_is_one_document_fact() -> None:
    """"extended ... for 60 days" -> "prolonged ... by two months" beside other edits of
    its sentence: the span counts days on both sides (signatures.counted_amounts)."""
    old = ("LIMA, May 6 (Wire) - Peru's government on Tuesday extended a state of emergency "
           "in Lima and the neighbouring port of Callao for 60 days, citing a wave of "
           "extortion and killings targeting bus drivers.")
    new = ("LIMA, May 6 (Wire) - The Peruvian government on Tuesday prolonged a state of "
           "emergency in Lima and the nearby port city of Callao by two months, citing a "
           "wave of extortion and murders targeting bus drivers.")
    published = datetime(2025, 5, 6, 9, tzinfo=UTC)
    title = "Peru extends state of emergency in Lima"
    assert diff_documents(Document(title, old, published),
                          Document(title, new, published)).changes == []


@pytest.mark.parametrize(("new", "silent"), [
    ("Life jackets will be compulsory on every passenger boat from 1 June, Transport "
     "Minister Ana Diaz said.", True),  # reordered round the part, the facts the same
    ("Life jackets will be compulsory on all passenger boats and ferries from June 1, "
     "Transport Minister Ana Diaz said.", False),  # the ferries added
    ("Life jackets will be compulsory on all cargo ships from June 1, Transport Minister "
     "Ana Diaz said.", False),
])
def test_a_sentence_reordered_round_its_part_is_judged_whole(new: str, silent: bool) -> None:
    old = ("Transport Minister Ana Diaz said life jackets would be mandatory on all "
           "passenger boats from June 1.")
    assert (changes(old, new) == []) is silent, changes(old, new)


def test_a_change_is_judged_with_the_wording_edits_of_its_sentence_made() -> None:
    """Each check compares a change's two sentences whole: another edit of the same
    sentence that the judge or the diff read as wording is made in the old sentence
    first, so that it does not keep the change (verdict._wording_applied)."""
    from monitor.facts.judge.verdict import _wording_applied
    from monitor.models import Change, CosmeticEdit
    old = "Kenya's ministry cancelled a 2.5 billion shilling contract on Monday."
    new = "The Kenyan ministry cancelled a KSh 2.5bn contract on Monday."
    change = Change("entity", "changed", "Kenya's ministry", "The Kenyan ministry", old, new,
                    "medium")
    edit = CosmeticEdit("2.5 billion shilling", "KSh 2.5bn", "format", old, new)
    elsewhere = CosmeticEdit("2.5 billion shilling", "KSh 2.5bn", "format", "Other.", new)
    assert _wording_applied(change, [edit]) == (
        "Kenya's ministry cancelled a KSh 2.5bn contract on Monday.")
    assert _wording_applied(change, [elsewhere]) is None  # another sentence's edit
    inside = CosmeticEdit("Kenya's", "The Kenyan", "alias", old, new)
    assert _wording_applied(change, [inside]) is None  # the change's own words stay


@pytest.mark.parametrize(("old", "new", "severity"), [
    ('"We are not leaving," he said.', '"We are leaving," he said.', "high"),
    ('"We won\'t leave," he said.', '"We will leave," he said.', "high"),
    ('"There is no sign of a leak," she said.', '"There is a sign of a leak," she said.', "high"),
    # a quotation reworded, or rewritten whole with a negation in it, stays low
    ('"This is a sad day," he said.', '"This is a tragic day," he said.', "low"),
    ('"We will not return until we are paid," she said.',
     '"The arrears must be paid in full first," she said.', "low"),
])
def test_a_quotation_that_now_says_the_opposite_is_high(old: str, new: str,
                                                        severity: str) -> None:
    [change] = changes(old, new)
    assert (change.kind, change.severity) == ("quote", severity)


def test_a_restriction_on_something_else_is_a_change_whatever_its_word() -> None:
    """"conditional on" and "depends on" are one restriction; on other things, not."""
    assert changes("The loan is conditional on spending cuts.",
                   "The loan depends on tax rises.")


def test_a_sentence_naming_an_offence_is_a_fact_even_without_a_name_or_a_date() -> None:
    """"He admitted murder." replacing "He pleaded guilty to manslaughter.": the offence
    changed, though neither sentence names anyone or dates anything."""
    assert changes("He pleaded guilty to manslaughter.", "He admitted murder.")


def test_a_paraphrase_of_one_sense_needs_its_context_on_both_sides() -> None:
    from monitor.facts.judge.paraphrase import said_alike
    from monitor.facts.judge_data import context_paraphrases
    assert all(group.context and group.openings for group in context_paraphrases())
    assert said_alike("The court overturned his conviction.",
                      "The court quashed his conviction.") == (
        "The court quash his conviction.", "The court quash his conviction.")
    # a bus that overturned was not quashed: no context word
    assert said_alike("The bus overturned on the road.", "The bus was quashed on the road.") == (
        "The bus overturned on the road.", "The bus was quashed on the road.")
    assert changes("The court overturned his conviction.",
                   "The court upheld his conviction.")


def test_a_headline_added_with_a_condition_reports_the_condition_apart() -> None:
    found = diff_documents(
        Document("Talks resume in Oman", "Officials met on Monday."),
        Document("Trump threatens to charge tolls in the strait if a final deal is not "
                 "reached in 60 days", "Officials met on Monday.")).changes
    assert ("condition", "if a final deal is not reached in 60 days") in [
        (c.kind, c.new) for c in found]


def test_an_if_that_asks_whether_is_no_condition_apart() -> None:
    found = diff_documents(
        Document("Talks resume in Oman", "Officials met on Monday."),
        Document("Elections on Sunday will show if the opposition can challenge the ruling "
                 "party", "Officials met on Monday.")).changes
    assert found and "condition" not in [c.kind for c in found]


def test_a_headline_quotation_replaced_is_one_quote_changed() -> None:
    found = diff_documents(
        Document("Live: 'We're fed up': Farmers descend on cities in mass protest",
                 "Farmers drove tractors into the capital on Monday."),
        Document("Live: 'No farmers, no food' - Huge turnout as tractors, utes take to cities",
                 "Farmers drove tractors into the capital on Monday.")).changes
    assert ("quote", "changed", "'We're fed up'", "'No farmers, no food'") in [
        (c.kind, c.action, c.old, c.new) for c in found]


def test_a_quotation_added_alone_is_a_quote() -> None:
    from monitor.facts.judge.parts import quotation_kind

    said = "'I don't know what it takes at this point'"
    headline = f"{said}: Surgeon vents about mask wearing"
    change = Change("status", "added", None, said, None, headline, "medium")
    assert quotation_kind(change).kind == "quote"
    dated = Change("date", "added", None, "'ready to return on 9 May'", None, headline, "high")
    assert quotation_kind(dated).kind == "date"  # the date it tells stays the fact


STORY = ("Police said the four teachers were held on Monday after exam papers leaked. The "
         "papers were sold online for $50 each. The ministry cancelled the exam. About 9,000 "
         "pupils must sit it again in June. The union said the teachers deny wrongdoing. A "
         "court hearing is set for Friday.")


@pytest.mark.parametrize(("old_title", "new_title", "kept"), [
    # a headline reworded over a full story that tells both: its verb is headline style
    ("Exam papers leak online for $50, 9,000 pupils to sit again",
     "9,000 pupils face June resit after $50 exam paper leak", False),
    # one state of the people for another is the news, however long the story
    ("Police arrest four teachers over exam leak", "Police charge four teachers over exam leak",
     True),
])
def test_a_headline_over_a_full_story_is_judged_by_its_hard_facts(
        old_title: str, new_title: str, kept: bool) -> None:
    result = diff_documents(Document(old_title, STORY), Document(new_title, STORY))
    assert bool(result.changes) is kept


@pytest.mark.parametrize(("old", "new", "old_value", "new_value"), [
    ("Flood warning issued for Saturday night", "Flood warning issued for Sunday night",
     "issued for Saturday night", "issued for Sunday night"),
    ("The storm will hit on Saturday morning.", "The storm will hit on Sunday morning.",
     "hit on Saturday morning", "hit on Sunday morning"),
])
def test_a_day_is_shown_with_its_part(old: str, new: str, old_value: str,
                                      new_value: str) -> None:
    """A day's part after it is shown with it, "night" too (which no date reads as a
    time: lexicon.SHOWN_DAY_PARTS)."""
    found = [c for c in changes(old, new) if c.kind == "date"]
    assert [(c.old, c.new) for c in found] == [(old_value, new_value)], found


@pytest.mark.parametrize(("old", "new"), [
    ("Canadian man expected to plead guilty to selling lethal substances",
     "Canadian man pleads guilty to selling lethal substances"),
    ("Falling gas prices likely cut inflation last month",
     "Falling gas prices cut inflation last month"),
])
def test_a_headline_plan_come_to_pass_is_no_move(old: str, new: str) -> None:
    """A headline-only story (its summary the headline): the old headline's plan is told
    by no fact a signature reads, so "the story says it already" held for it; the same
    verb planned and then done is the event come to pass."""
    found = diff_documents(Document(old, old), Document(new, new)).changes
    assert [c.kind for c in found] == ["status"], found
    unchanged = diff_documents(Document(old, old), Document(old.replace("Canadian", "A"),
                                                          old.replace("Canadian", "A")))
    assert all(c.kind != "status" for c in unchanged.changes)


_CASINOS = ("Some casinos swung open their doors last week despite health concerns. "
            "\u201cThis virus does not recognize jurisdictional boundaries,\u201d Gov. Gavin "
            "Newsom wrote to tribal leaders.")


@pytest.mark.parametrize(("old_title", "new_title", "reported"), [
    # a summary of two sentences tells the headline's facts: reworded, no news
    ("Indian Casinos Defy California's Reopening Plans",
     "Indian Casinos in California Reopen, Defying the Governor", False),
    # a plan come to pass is news, whatever the summary tells
    ("Indian casinos will reopen despite the governor's plans",
     "Indian casinos reopen despite the governor's plans", True),
])
def test_a_headline_reworded_over_a_summary_of_two_sentences(old_title: str, new_title: str,
                                                             reported: bool) -> None:
    found = diff_documents(Document(old_title, _CASINOS), Document(new_title, _CASINOS))
    assert bool(found.changes) is reported, found.changes


def test_a_rewritten_headline_tells_its_plan_done() -> None:
    """"Committee to discuss poverty" -> "Poverty discussed at Committee meeting": the same
    verb planned in the old headline and done in the new one (promotions.headline_plan_done),
    however the headline was rewritten around it."""
    body = "The committee met in Wellington."
    found = changes(body, body, old_title="Epidemic Response Committee to discuss poverty and "
                    "family violence", new_title="Poverty, family violence discussed at "
                    "Epidemic Response Committee meeting")
    assert [(c.kind, c.old, c.new) for c in found if c.kind == "status"] == [
        ("status", "to discuss", "discussed")], found


@pytest.mark.parametrize(("old_title", "new_title", "told"), [
    ("Rob Sand to rally in Iowa governor bid with Kentucky Gov. Andy Beshear",
     "Rob Sand rallies with Kentucky Gov. Andy Beshear", ("to rally", "rallies")),
    ("Ukrainian prime minister to step down as Zelenskyy announces reshuffle",
     "Ukraine's prime minister steps down as Zelenskyy announces reshuffle",
     ("to step", "steps")),
    ("Sean Ryan projected to win 3-way race, will become Buffalo's next mayor",
     "Sean Ryan wins Buffalo mayoral race", ("projected to win", "wins")),
])
def test_a_rewritten_headline_tells_its_plan_done_in_the_present(
        old_title: str, new_title: str, told: tuple[str, str]) -> None:
    """The present right after the plan's own subject tells it done ("Rob Sand to rally"
    -> "Rob Sand rallies"), as a past does."""
    body = "The committee met in Wellington."
    found = changes(body, body, old_title=old_title, new_title=new_title)
    assert any(c.kind == "status" and (c.old or "").startswith(told[0])
               and (c.new or "").startswith(told[1]) for c in found), found


def test_a_states_object_ends_before_the_next_clause() -> None:
    """"to resume operations as deal reached" -> "resumes operations as deal reached": the
    state is shown with its object (shown._with_object), not with the clause after it."""
    body = "The port authority met on Monday."
    found = changes(body, body, old_title="Port to resume operations as deal reached",
                    new_title="Port resumes operations as deal reached")
    assert [(c.old, c.new) for c in found if c.kind == "status"] == [
        ("to resume operations", "resumes operations")], found


@pytest.mark.parametrize("label", [
    "Live Coronavirus News and Updates", "Live Stock Market News During the Coronavirus Pandemic",
    "Live World Updates on the Coronavirus Pandemic", "Live Coverage"])
def test_a_live_pages_label_headline_is_furniture(label: str) -> None:
    """A live page's whole headline that only labels it (furniture.txt) is no fact
    removed or added when it rotates with the page's news."""
    body = "Officials in Wuhan reported 3 new cases on Monday."
    headline = "Wuhan reports first new cases in weeks"
    found = changes(body, body, old_title=label, new_title=headline)
    assert all(label not in (c.old or "") for c in found), found


def test_who_spoke_and_whom_to_are_told_apart() -> None:
    """"the minister told lawmakers" -> "Nduwimana told members of parliament": the
    source named (the story gives "Minister Léonidas Nduwimana") and the audience called
    otherwise, two edits each wording, not one new entity (regions._object_of_speech)."""
    intro = "Agriculture Minister Léonidas Nduwimana announced the sale on Tuesday. "
    old = intro + '"The state will step back," the minister told lawmakers in Gitega.'
    new = intro + '"The state will step back," Nduwimana told members of parliament in Gitega.'
    assert changes(old, new) == []


def test_a_plural_noun_is_no_plan_done() -> None:
    """"Union to strike" -> "Rail services halted as strikes spread": the -s form away
    from the plan's subject is as often a noun."""
    body = "The union met in Wellington."
    found = changes(body, body, old_title="Union to strike over pay",
                    new_title="Rail services halted as strikes spread over pay")
    assert not [c for c in found if c.kind == "status" and c.old == "to strike"], found


@pytest.mark.parametrize(("old_title", "new_title"), [
    # the "to V" of a verb's object ("forces organisers to"), no plan of the subject
    ("Mass crash forces organisers to neutralise stage of race in Colombia",
     "Race stage neutralised after mass crash on wet Colombian descent"),
    # a plan still ("to be added")
    ("Kiribati parliament votes to add ocean verse to national anthem",
     "Ocean verse to be added to Kiribati anthem after parliamentary vote"),
    # a negation, not a deed
    ("Government to tell Brits to wear facemasks at work",
     "Britons will 'NOT be told to wear face masks at work"),
])
def test_a_rewritten_headline_without_its_plan_done(old_title: str, new_title: str) -> None:
    body = "The committee met in Wellington."
    found = changes(body, body, old_title=old_title, new_title=new_title)
    assert not [c for c in found if c.kind == "status" and c.action == "changed"
                and (c.old or "").startswith("to ")], found


@pytest.mark.parametrize(("old", "new"), [
    # demonyms countryinfo spells otherwise or runs together (news_aliases.txt)
    ("A Maldives military diver died while searching the cave.",
     "A Maldivian military diver died while searching the cave."),
    ("Saudi officials met the delegation on Monday.",
     "Saudi Arabia's officials met the delegation on Monday."),
    ("Bosnia and Herzegovina's police arrested two men.", "Bosnian police arrested two men."),
])
def test_a_country_and_its_demonym_are_one_place(old: str, new: str) -> None:
    assert changes(old, new) == []


def test_a_name_opening_its_sentence_is_shown_whole() -> None:
    """"Lake Effect Snow Warning" -> "Lake Effect Snow Advisory": the first word, which the
    reading cannot tell from a capital owed to the sentence's start, is the name's, shown
    where both sides open with it (shown._with_opening_word); "But", "All" are not."""
    found = diff_documents(Document("", "Lake Effect Snow Warning issued for parts of WNY."),
                           Document("", "Lake Effect Snow Advisory issued for parts of WNY.")
                           ).changes
    assert [(c.old, c.new) for c in found] == [
        ("Lake Effect Snow Warning", "Lake Effect Snow Advisory")], found


def test_a_count_of_the_wounded_replaced_by_one_of_the_dead_is_two_facts() -> None:
    found = changes("The attack left at least four people wounded, police said.",
                    "The attack left at least eight dead, police said.")
    assert [(c.kind, c.action, c.old, c.new) for c in found] == [
        ("number", "removed", "at least four people wounded", None),
        ("number", "added", None, "at least eight dead")]
    # the same state counted again stays one amount changed
    again = changes("The attack left at least four people dead, police said.",
                    "The attack left at least eight people dead, police said.")
    assert [(c.kind, c.action) for c in again] == [("number", "changed")]


def test_a_member_added_to_what_a_restriction_covers_is_news_though_named_elsewhere() -> None:
    # "trucks" join the ban: the truck the story names elsewhere tells nothing of it
    story = ("A bus crashed into a slow-moving truck in dense fog. The police said that buses "
             "would not be allowed to travel at night.")
    found = diff_documents(Document("Fog crash", story), Document(
        "Fog crash", story.replace("that buses would", "that buses and trucks would"))).changes
    assert [(c.kind, c.action) for c in found] == [("condition", "added")]
    assert found[0].new is not None and found[0].new.startswith("trucks")


def test_an_area_told_in_another_unit_beside_a_changed_count_is_no_change() -> None:
    """"a 4.5-hectare plot" -> "a 45,000-square-metre plot" in a sentence whose count of
    graves changed: the count alone is the fact (a unit of two words, "square metre",
    read as one beside its amount)."""
    found = changes("The new cemetery, on a 4.5-hectare plot, will have room for 9,000 graves.",
                    "The new cemetery, on a 45,000-square-metre plot, will have room for "
                    "12,000 graves.")
    assert [(c.kind, c.old, c.new) for c in found] == [
        ("number", "room for 9,000 graves", "room for 12,000 graves")]


@pytest.mark.parametrize(("old", "new", "silent"), [
    # a state denied is the state its denial tells (negated_states.txt)
    ("The court said aerial spraying is prohibited near schools.",
     "The court said aerial spraying is not allowed near schools.", True),
    ("The court said aerial spraying is allowed near schools.",
     "The court said aerial spraying is not allowed near schools.", False),
    ("The court said aerial spraying is allowed near schools.",
     "The court said aerial spraying is prohibited near schools.", False),
    # "found" read as no state is no state denied: the negation flipped is a change
    ("Forty-two cattle that went missing last week have not been found, police said.",
     "Forty-two cattle that went missing last week have been found, police said.", False),
])
def test_a_state_denied_reads_as_the_state_its_denial_tells(old: str, new: str,
                                                          silent: bool) -> None:
    assert (changes(old, new) == []) is silent


def test_a_subject_denied_with_no_reads_as_the_state_its_denial_tells() -> None:
    from monitor.facts.context import Context
    ctx = Context(anchor=None, names=frozenset(), acronyms=frozenset())
    banned = signatures.signature("Departures will be banned.", ctx)
    denied = signatures.signature("No departures at all will be allowed.", ctx)
    assert (banned.states, banned.negations, banned.scope) == (
        denied.states, denied.negations, denied.scope)
    assert denied.denials == 1


def test_negated_states_name_status_or_condition_groups() -> None:
    from monitor.facts.lexicon import CONDITION_MEANING
    groups = set(STATUS.values()) | set(CONDITION_MEANING.values())
    table = judge_data.negated_states()
    assert table["approve"] == "reject"
    assert set(table.values()) <= groups
    # a word on the left that is no group is one the status lexicon does not read
    assert all(state in groups or state not in STATUS for state in table)


@pytest.mark.parametrize(("old", "new"), [
    ("Helmets will no longer be compulsory at the parks.", "Helmets will be optional at the "
     "parks."),
    ("Prices rose 3%, excluding standing charges.", "Prices rose 3%, not including standing "
     "charges."),
    ("Retail prices were unchanged in October.", "Retail prices did not change in October."),
    ("Passengers must not board the ferry.", "Passengers are forbidden to board the ferry."),
])
def test_a_condition_or_a_level_denied_reads_as_what_the_denial_tells(old: str,
                                                                      new: str) -> None:
    assert changes(old, new) == []


def test_a_duty_laid_by_an_order_is_what_must_be_done() -> None:
    # ordering_verbs.txt: "ordered X to V" = "X must V", in either voice
    assert changes("The board ruled that Betalo must refund the fees charged to users.",
                   "The board ordered Betalo to refund the fees charged to users.") == []
    assert changes("The minister ordered an inquiry to report within 14 days and said "
                   "security would be reviewed.",
                   "An inquiry to report within two weeks was ordered by the minister, who "
                   "said security would be reviewed.") == []
    assert changes("The board asked Betalo to refund the fees.",
                   "The board ordered Betalo not to refund the fees.") != []


@pytest.mark.parametrize(("old", "new"), [
    ("The capsule entered the atmosphere at about 12 kilometres per second.",
     "The capsule entered the atmosphere at about 12 km/s."),
    ("The train reached 300 kilometres per hour on the new line.",
     "The train reached 300 km/h on the new line."),
    ("The capsule landed in the desert, ending a seven-year mission.",
     "The capsule landed in the desert, bringing a seven-year mission to a close."),
])
def test_a_speed_and_an_end_told_in_other_words_are_one_fact(old: str, new: str) -> None:
    assert changes(old, new) == []


def test_a_phrasal_verbs_first_word_after_a_determiner_is_a_noun() -> None:
    # "the vote for a year" votes for nothing; "the hunt for" is still the search
    assert changes("Several speakers asked the board to delay the vote by a year.",
                   "Several speakers urged the board to postpone the vote for a year.") == []
    assert changes("Between 5% and 10% of cases are fatal.",
                   "5 to 10 percent of cases are fatal.") == []


@pytest.mark.parametrize(("old", "new"), [
    ("Peru won silver in 1988 but has not qualified for the Olympics since 2000.",
     "Peru won silver in 1988 but last qualified for the Olympics in 2000."),
    ("The climber has not been seen since 2019, police said.",
     "The climber was last seen in 2019, police said."),
])
def test_not_done_since_a_year_is_last_done_in_it(old: str, new: str) -> None:
    assert changes(old, new) == []


def test_a_harm_foretold_and_a_decade_by_its_years_are_wording() -> None:
    assert changes("The union said the plan would hit low-income neighborhoods hardest.",
                   "The union said the plan would hurt low-income neighborhoods the most.") == []
    assert changes("Enrollment fell by 2,000 students over the past decade, to about 13,400.",
                   "Enrollment fell by 2,000 students over the last 10 years, to about 13,400."
                   ) == []
    assert changes("Two people were hurt in the blast, police said.",
                   "Two people were killed in the blast, police said.") != []


def test_metric_tons_are_tonnes() -> None:
    assert changes("Ecuador exports farmed shrimp, shipping about 1.2 million tonnes in 2024.",
                   "Ecuador exports farmed shrimp, with shipments of around 1.2 million metric "
                   "tons in 2024.") == []


@pytest.mark.parametrize(("old", "new"), [
    ("The final seat on the city council will be decided by lot.",
     "The last seat on the city council will be decided by lot."),
    ("The ministry said it was preparing amendments to the tourism law.",
     "The ministry said it was drafting amendments to the tourism law."),
])
def test_paraphrases_of_the_last_and_of_a_text_in_the_writing(old: str, new: str) -> None:
    assert changes(old, new) == []


def test_a_sum_charged_is_no_accusation() -> None:
    assert changes("Growers who exceed their quota will be charged a penalty of 10% of the "
                   "sale price.", "Growers who exceed their quota will pay a penalty equal "
                   "to 10% of the sale price.") == []
    found = changes("Police said the man was arrested on Monday.",
                    "Police said the man was charged on Monday.")
    assert [(c.kind, c.severity) for c in found] == [("status", "high")]


def test_around_the_clock_is_24_hours_a_day() -> None:
    assert changes("Police will be stationed at both ends of the bridge around the clock.",
                   "Police will guard both ends of the bridge 24 hours a day.") == []


@pytest.mark.parametrize(("old", "new"), [
    ("About 160 employees have been made redundant since January.",
     "About 160 staff have lost their jobs since January."),
    ("Voltaro is the fourth Dutch energy supplier to fail since 2021.",
     "Voltaro is the fourth Dutch energy supplier to collapse since 2021."),
    ("Talks between the two sides broke down on Friday after four months of negotiations.",
     "Negotiations, which had run for four months, collapsed on Friday."),
])
def test_jobs_lost_and_firms_gone_under_told_two_ways(old: str, new: str) -> None:
    assert changes(old, new) == []


def test_workers_made_redundant_then_hired_is_a_change() -> None:
    found = changes("About 160 employees have been made redundant since January.",
                    "About 160 employees have been hired since January.")
    assert [c.kind for c in found] == ["status"]


def test_a_region_and_its_peoples_name_are_one_place() -> None:
    assert changes("Strathmore Bank will close 23 branches in rural Scotland by March.",
                   "Strathmore Bank will shut 23 rural Scottish branches by March.") == []
    assert changes("Strathmore Bank will close 23 branches in rural Scotland by March.",
                   "Strathmore Bank will close 23 branches in rural Wales by March.") != []


def test_a_bodys_own_name_spelt_out_before_its_acronym_is_an_alias() -> None:
    assert changes("The Norwegian Medical Products Agency (DMP) on Tuesday told pharmacies "
                   "to ration the drug.",
                   "The Norwegian Medical Products Agency (Direktoratet for medisinske "
                   "produkter, DMP) on Tuesday told pharmacies to ration the drug.") == []
    assert changes("LINK, which runs the UK's cash machine network, said it would help.",
                   "LINK, which runs the UK's ATM network, said it would help.") == []


def test_a_hedge_inside_a_currency_conversion_adds_nothing() -> None:
    assert changes("Drivers face fines of up to 9,000 lei ($1,950), police said.",
                   "Drivers face fines of up to 9,000 lei (about $1,950), police said.") == []
    assert changes("Drivers face fines of up to 9,000 lei ($1,950), police said.",
                   "Drivers face fines of up to 12,000 lei ($1,950), police said.") != []


@pytest.mark.parametrize(("new", "silent"), [
    ("The US leader said the talks would resume.", True),
    ("The president said the talks would resume.", True),
    ("An official said the talks would resume.", False),  # a source many could be
    ("Biden said the talks would resume.", False),
])
def test_a_person_called_by_the_one_office_they_hold(new: str, silent: bool) -> None:
    assert (changes("Trump said the talks would resume.", new) == []) is silent


def test_single_offices_are_lower_case_phrases() -> None:
    offices = judge_data.single_offices()
    assert "prime minister" in offices and "official" not in offices
    assert all(office == office.lower() for office in offices)


def test_a_decision_annulled_is_one_overturned() -> None:
    assert changes("The court on Wednesday annulled a decision by the city that barred new "
                   "rentals.", "The court on Wednesday overturned a city decision barring "
                   "new rentals.") == []


def test_a_quantifier_beside_a_verb_of_saying_names_no_source() -> None:
    found = changes("The bank did not admit wrongdoing, its lawyers said.",
                    "The bank did not admit any wrongdoing, its lawyers said.")
    assert [c.kind for c in found if c.kind == "attribution"] == []


@pytest.mark.parametrize(("old", "new"), [
    ("The ruling was effectively halting the council's plan to demolish the hall.",
     "The ruling was in effect stopping the council's plan to demolish the hall."),
    ("The regulator renewed the licence, clearing the way for the reactor to restart.",
     "The regulator renewed the licence, allowing the reactor to restart."),
    ("The ministry announced a scheme to relieve overcrowding in prisons.",
     "The ministry announced a plan to relieve overcrowding in prisons."),
    ("Telia will move about 11,500 customers to mobile connections.",
     "Telia will transfer about 11,500 customers to mobile connections."),
])
def test_a_way_cleared_a_scheme_a_move_told_two_ways(old: str, new: str) -> None:
    assert changes(old, new) == []


def test_a_warning_in_effect_stays_a_rule_in_force() -> None:
    from monitor.facts.signatures import surface_normal
    assert "in effect until" in surface_normal("A flood warning is in effect until Sunday.")


def test_a_value_ending_on_a_bound_shows_what_it_bounds() -> None:
    found = changes("A fire ripped through a dormitory, killing 10 students, police said.",
                    "A fire ripped through a dormitory, killing at least 16 students, police "
                    "said.")
    assert found and all(not (c.new or "").endswith(("at least", "least")) for c in found)
    assert shown._with_bound_amount("killing at least",
                                    "Fire at school, killing at least 16 students.") == (
        "killing at least 16 students")
    assert shown._with_bound_amount("the most", "the most endangered places") == (
        "the most endangered")


def test_a_negated_clause_told_by_a_sentence_of_the_other_version_is_no_change() -> None:
    assert changes("Officials said 11 people were treated for hypothermia at the scene and "
                   "that nobody was seriously injured.",
                   "Officials said 11 people were treated at the scene for hypothermia and "
                   "that no one suffered serious injuries.") == []
    assert changes("Officials said nobody was seriously injured.",
                   "Officials said two people suffered serious injuries.") != []


@pytest.mark.parametrize("share", ["one-third could reopen", "an eighth of the staff",
                                   "a tenth of the budget"])
def test_a_share_is_no_ordinal(share: str) -> None:
    assert not any(c.isdigit() for c in signatures.surface_normal(share))


def test_what_was_expected_said_so_states_nothing_more() -> None:
    assert changes("As expected, the central bank kept rates on hold.",
                   "The central bank kept rates on hold.") == []
    assert changes("The central bank kept rates on hold, as expected.",
                   "The central bank kept rates on hold.") == []


@pytest.mark.parametrize(("old", "new", "silent"), [
    # power and energy by their SI prefixes (units.txt)
    ("The plant has a capacity of 1,200 megawatts.", "The plant has a capacity of 1.2 GW.", True),
    ("The plant has a capacity of 500 MW.", "The plant has a capacity of 0.5 gigawatts.", True),
    ("The plant has a capacity of 2,000 MW.", "The plant has a capacity of 2.5 GW.", False),
])
def test_power_told_in_another_prefix_is_the_same_amount(old: str, new: str,
                                                         silent: bool) -> None:
    assert (changes(old, new) == []) is silent


def test_this_weekday_in_a_clause_of_what_is_to_come_is_the_coming_one() -> None:
    published = datetime(2026, 3, 3, 9, tzinfo=UTC)  # a Tuesday
    def diff(old: str, new: str) -> list[Change]:
        return diff_documents(Document("Runoff", old, published),
                              Document("Runoff", new, published)).changes
    assert diff("The two will face each other in a runoff this Sunday.",
                "The two will face each other in a runoff on March 8.") == []
    assert diff("The runoff was held this Sunday.", "The runoff was held on March 8.") != []


def test_a_count_daily_is_the_count_a_day() -> None:
    assert changes("The line carries about 4,000 daily passengers, including schoolchildren.",
                   "The line carries some 4,000 passengers a day, schoolchildren among them."
                   ) == []
    assert changes("The line carries about 4,000 passengers a day.",
                   "The line carries about 4,000 passengers a week.") != []


def test_a_demand_told_by_what_is_wanted() -> None:
    assert changes("The union is seeking a 6% annual pay rise over three years.",
                   "The union wants pay rises of 6% a year over three years.") == []


@pytest.mark.parametrize(("old", "new", "silent"), [
    ("Just under 14,000 runners finished the race.",
     "Slightly fewer than 14,000 runners finished the race.", True),
    ("The fund returned just over 6% last year.",
     "The fund returned slightly more than 6% last year.", True),
    ("The fund returned just over 6% last year.",
     "The fund returned just under 6% last year.", False),
])
def test_a_bound_nearly_reached_told_with_slightly(old: str, new: str, silent: bool) -> None:
    assert (changes(old, new) == []) is silent


@pytest.mark.parametrize(("old", "new"), [
    ("The museum will open to the public on Saturday, its director said on Wednesday.",
     "The museum opens to the public on Saturday, its director said on Wednesday."),
    ("Slovenia is going to hold a referendum on the law in June.",
     "Slovenia will hold a referendum on the law in June."),
])
def test_a_schedule_told_with_will_or_going_to(old: str, new: str) -> None:
    published = datetime(2025, 2, 12, 13, 32, tzinfo=UTC)  # a Wednesday
    assert diff_documents(Document("Museum", old, published),
                          Document("Museum", new, published)).changes == []


def test_open_after_a_verb_of_being_stays_an_adjective() -> None:
    from monitor.facts.reading import analyse
    canons = [a.canon for a in analyse("The shop is open on Sundays and will open on Monday.")]
    assert canons.count("opens") == 1


@pytest.mark.parametrize(("old", "new"), [
    ("Vestmark would not comment on the report.", "Vestmark declined to comment on the report."),
    ("The driver was taken to hospital on Saturday and did not survive.",
     "The driver was taken to hospital on Saturday and died."),
    ("The minister did not attend Tuesday's vote.", "The minister was absent from Tuesday's vote."),
    ("The suspect remains at large, police said.",
     "The suspect has not been caught, police said."),
    ("The border crossing remained closed on Wednesday.",
     "The border crossing did not reopen on Wednesday."),
    ("Bratu denied any wrongdoing as he left court.",
     "Bratu said he had done nothing wrong as he left court."),
    ("A jury found treasurer Dale Kowalchuk not guilty of fraud.",
     "A jury acquitted treasurer Dale Kowalchuk of fraud."),
])
def test_a_denial_told_as_the_state_it_leaves(old: str, new: str) -> None:
    assert changes(old, new) == []


def test_a_denial_flipped_stays_a_change() -> None:
    assert changes("The driver was taken to hospital and did not survive.",
                   "The driver was taken to hospital and survived.") != []


def test_a_weekday_after_a_schedule_in_the_present_is_the_coming_one() -> None:
    published = datetime(2025, 1, 9, 18, 37, tzinfo=UTC)  # a Thursday
    old = "The trial starts on Monday, prosecutors said."
    new = "The trial will start on Monday, prosecutors said."
    assert diff_documents(Document("Trial", old, published),
                          Document("Trial", new, published)).changes == []


@pytest.mark.parametrize(("old", "new"), [
    ("The court struck down an environmental permit granted to the mine.",
     "The court annulled an environmental permit granted to the mine."),
    ("Most farmers oppose a proposed levy on fertiliser.",
     "Most farmers are against a proposed levy on fertiliser."),
    ("Coastguards said 38 people were rescued off the island.",
     "Coastguards said 38 people were pulled to safety off the island."),
])
def test_a_ruling_voided_a_plan_opposed_a_rescue_told_two_ways(old: str, new: str) -> None:
    assert changes(old, new) == []


def test_a_descriptor_moved_behind_a_full_name_with_whose_office_it_is() -> None:
    assert changes("Interior Minister Kalle Rebane told parliament the border would close.",
                   "Kalle Rebane, Estonia's interior minister, told parliament the border "
                   "would close.") == []


def test_a_headlines_week_told_by_a_day_of_it_in_the_story() -> None:
    published = datetime(2025, 3, 4, 12, tzinfo=UTC)  # a Tuesday
    text = ("About 65,000 teachers will walk out for three days starting next Tuesday, "
            "their union said.")
    found = diff_documents(
        Document("Teachers to strike for three days next week over class sizes", text,
                 published),
        Document("Teachers to strike over class sizes", text, published)).changes
    assert found == []


def test_a_role_told_by_its_verb_then_by_its_noun_is_still_said() -> None:
    assert changes("Paulus Shikongo, who chairs parliament's public accounts committee, said "
                   "costs had risen.",
                   "Parliament's public accounts committee chairman Paulus Shikongo said "
                   "costs had risen.") == []


def test_a_sources_figures_are_its_word() -> None:
    assert changes("Inflation slowed to 3.6% in October, the state statistics bureau said on "
                   "Friday.", "According to figures released by the state statistics bureau "
                   "on Friday, inflation slowed to 3.6% in October.") == []


def test_a_thing_not_moved_stays_in_place() -> None:
    assert changes("The royal library's collection will not be moved, the library said.",
                   "The royal library's collection will stay in place, the library said.") == []


def test_everyone_unhurt_is_no_one_hurt() -> None:
    assert changes("None of the passengers was injured, the airline said.",
                   "All of the passengers escaped unhurt, the airline said.") == []


@pytest.mark.parametrize(("old", "new"), [
    ("The bridge was not open to traffic on Monday.",
     "The bridge remained closed to traffic on Monday."),
    ("The bank did not change its key interest rate on Thursday.",
     "The bank left its key interest rate unchanged on Thursday."),
    ("Officials said there are not enough obstetricians in the region.",
     "Officials said there are too few obstetricians in the region."),
    ("Wanjiru clinched the women's title in Boston.", "Wanjiru won the women's title in Boston."),
    ("The bill sailed through the Dáil on Tuesday.", "The bill passed the Dáil on Tuesday."),
    ("The company has scrapped plans for a new plant.",
     "The company has axed plans for a new plant."),
    ("The museum has been run by volunteers for a quarter of a century.",
     "The museum has been run by volunteers for 25 years."),
])
def test_more_states_told_two_ways(old: str, new: str) -> None:
    assert changes(old, new) == []


@pytest.mark.parametrize(("old", "new"), [
    ("Pupils may not use phones unless a teacher gives permission.",
     "Pupils may not use phones except when a teacher gives permission."),
    ("Students qualify provided that their course lasted at least 30 weeks.",
     "Students qualify as long as their course lasted at least 30 weeks."),
    ("Visitors will be limited to no more than 300 at a time from May 1.",
     "Visitors will be capped at a maximum of 300 at a time from May 1."),
    ("None of the passengers was seriously injured, the airline said.",
     "All the passengers escaped serious injury, the airline said."),
])
def test_a_condition_told_with_other_openers(old: str, new: str) -> None:
    assert changes(old, new) == []


def test_provided_by_stays_a_verb() -> None:
    from monitor.facts.signatures import surface_normal
    assert surface_normal("A photo provided by police.") == "A photo provided by police."
