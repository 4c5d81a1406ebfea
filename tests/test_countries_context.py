"""Country attribution, countries.v3: what the rest of the document says about a name — names contained in longer
names, countries named as reference points, demonyms before place nouns, lone far-away homonyms. Our own
sentences; each rule is checked where it decides and where it must not apply."""

from __future__ import annotations

import pytest

from models.countries import CountryAttributor, default_attributor


@pytest.fixture(scope="module")
def att() -> CountryAttributor:
    return default_attributor()


def roles(a, iso3: str) -> set[str]:
    return {m.role for m in a.mentions if m.iso3 == iso3}


def test_version_records_v3(att):
    assert att.version.startswith("countries.v3+") and "aliases.v3" in att.version


# -- a name inside a longer name of the same document --------------------------------------------------------------

def test_a_name_inside_a_longer_matched_name_is_that_place(att):
    # "Mau" alone is a town in India; after "Mau Narok" (Kenya) it is the same Kenyan area again.
    a = att.attribute("Settlers were evicted near Mau Narok. Officials said Mau would be cleared by June.")
    assert {c.iso3 for c in a.countries} == {"KEN"}
    assert att.attribute("Officials said Mau would be cleared by June.").primary_iso3 == "IND"


def test_contained_name_keeps_a_reading_in_the_longer_names_country(att):
    # "Kashmir" inside "Jammu and Kashmir" (India) keeps its Indian reading.
    a = att.attribute("Curfew was imposed in Jammu and Kashmir. Shops in Kashmir stayed shut.")
    assert [m.iso3 for m in a.mentions] == ["IND", "IND"]


def test_country_names_inside_longer_country_names_are_left_alone(att):
    a = att.attribute("Refugees from South Sudan crossed into Sudan near Renk.")
    assert {"SSD", "SDN"} <= {c.iso3 for c in a.countries}


# -- reference points ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "iso3"), [
    ("Gunmen attacked a police post near the Somalia border town of Elwak.", "SOM"),
    ("Traders protested at a crossing on the Kenya-Somalia border.", "KEN"),
    ("Traders protested at a crossing on the Kenya-Somalia border.", "SOM"),
    ("Herders were attacked in Turkana by militia from neighbouring Ethiopia.", "ETH"),
    ("Protesters looted a Somali-owned shop in Mwingi.", "SOM"),
])
def test_countries_named_as_reference_points(att, text, iso3):
    assert roles(att.attribute(text), iso3) == {"reference"}


def test_reference_point_yields_to_the_place_of_the_events(att):
    a = att.attribute("Protesters looted a Somali-owned shop in Mwingi.")
    assert a.primary_iso3 == "KEN"
    # Without the hyphen rule "Somali" would be an event demonym; with no place it still names the country.
    assert att.attribute("Protesters looted a Somali shop.").primary_iso3 == "SOM"


def test_a_border_not_named_by_a_country_stays_an_event(att):
    a = att.attribute("Somalia deployed troops to Gedo after clashes at the border.")
    assert roles(a, "SOM") == {"event"}


def test_space_based_is_where_the_group_is_based(att):
    a = att.attribute("Somalia based gunmen attacked a bus in Garissa.")
    assert roles(a, "SOM") == {"reporter"} and a.primary_iso3 == "KEN"


# -- demonym before a place noun --------------------------------------------------------------------------------

def test_demonym_before_a_place_noun_names_the_country(att):
    assert att.attribute("Ugandan raiders attacked a Kenyan village.").primary_iso3 == "KEN"
    assert att.attribute("Ugandan raiders attacked Kenyan herders.").primary_iso3 == "UGA"  # who, not where


# -- lone far-away homonyms without an anchor ---------------------------------------------------------------------

def test_a_far_away_town_yields_to_demonyms_and_actors(att):
    # "Forrest" is a US county; nothing else in the note is American.
    assert att.attribute("Kenyan forces said they killed three militants in Forrest.").primary_iso3 == "KEN"
    assert att.attribute("BJP activists clashed with police at Salt Lake.").primary_iso3 == "IND"


def test_a_town_near_the_other_evidence_is_not_penalised(att):
    # Same continent: the town stays the place of the events.
    a = att.attribute("Ethiopian traders were robbed in Mwingi.")
    assert a.primary_iso3 == "KEN"
    # The far-away place alone still names its country.
    assert att.attribute("Protesters marched in Salt Lake on Sunday.").primary_iso3 == "USA"
