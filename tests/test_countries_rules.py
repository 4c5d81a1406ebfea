"""Country attribution: how small towns, repeated names, peoples and organisations weigh against regions,
capitals and country names (countries.v2 rules, kept in v3). Our own sentences, English and French."""

from __future__ import annotations

import pytest

from models.countries import CountryAttributor, default_attributor


@pytest.fixture(scope="module")
def att() -> CountryAttributor:
    return default_attributor()


def kinds_of(a, iso3: str) -> set[str]:
    return {m.kind for m in a.mentions if m.iso3 == iso3}


# "Keru" is a town of ~38,000 people in India (GeoNames) and, in our demo, a people of Sudan.
KERU_STORY = ("New citizenship law strips Keru of documents\n\n"
              "A new citizenship law requires members of the Keru to prove residence since 1956. "
              "Keru families queued for days outside registry offices. The Keru community fears expulsion. "
              "Officials in South Kordofan refused to register births of children from Keru families.")


def test_people_named_like_a_distant_town_do_not_move_the_story(att):
    a = att.attribute(KERU_STORY)
    assert a.primary_iso3 == "SDN"
    ind = next((c for c in a.countries if c.iso3 == "IND"), None)
    assert ind is None or ind.score < 0.25


@pytest.mark.parametrize("text", [
    "Members of the Keru said they were stripped of their documents.",
    "Keru families queued for days at the registry.",
    "The Keru community fears expulsion.",
    "Leaders of the Keru militia denied the charge.",
    "Tensions between the Keru and their neighbours have worsened.",
    "Armed men attacked Keru villages at dawn.",
])
def test_a_name_used_of_a_people_is_not_a_place(att, text):
    assert "IND" not in {c.iso3 for c in att.attribute(text).countries}


@pytest.mark.parametrize("text", [
    "Les Keru affirment avoir été privés de leurs papiers.",
    "Des familles Keru ont fui vers le sud.",
    "Les membres Keru de l'assemblée ont quitté la séance.",
])
def test_a_name_used_of_a_people_is_not_a_place_in_french(att, text):
    assert "IND" not in {c.iso3 for c in att.attribute(text, language="fr").countries}


def test_the_same_name_as_a_place_still_counts(att):
    # No group usage: the Indian town is the only reading and the only evidence.
    assert att.attribute("Police fired tear gas at protesters in Keru on Monday.").primary_iso3 == "IND"
    # A place name before a noun after "the" is a modifier, not a people ("the Peshawar press club").
    assert att.attribute("Journalists protested outside the Peshawar press club.").primary_iso3 == "PAK"


def test_repeated_small_town_mentions_saturate(att):
    text = ("Gunmen attacked Keru overnight. Residents of Keru fled. Shops in Keru stayed shut. Keru was quiet by "
            "evening. Officials in South Kordofan said the army was sent.")
    a = att.attribute(text)
    town = [m.weight for m in a.mentions if m.iso3 == "IND"]
    assert len(town) == 4
    score = {c.iso3: c.score for c in a.countries}
    # Four mentions add up to less than twice the heaviest one, and the region of another continent wins.
    assert a.primary_iso3 == "SDN" and score["IND"] < score["SDN"]


def test_small_town_weighs_less_than_region_capital_or_country(att):
    w = {m.kind: m.weight for m in att.attribute(
        "Talks ended. Clashes in Keru. Clashes in South Kordofan. Clashes in Khartoum. Clashes in Chad.").mentions}
    assert w["city"] < 0.6 * min(w["admin1"], w["capital"], w["country"])


def test_other_evidence_outvotes_an_isolated_town_from_another_continent(att):
    # One mention in the lead sentence (×2) against one later region mention: the region still wins.
    a = att.attribute("Protests spread to Keru after the vote. Police in North Darfur arrested dozens.")
    assert a.primary_iso3 == "SDN"
    # The same town with a neighbouring country's region is only halved, not crushed.
    a = att.attribute("Protests spread to Keru after the vote. Police in Sindh arrested dozens.")
    assert {c.iso3 for c in a.countries} == {"IND", "PAK"}


@pytest.mark.parametrize(("text", "absent"), [
    ("Nyanza United crush rivals to reach the cup final.", "KEN"),
    ("Savanna Airways posts record quarterly profit.", "USA"),
    ("Shares in Mombasa Cement rose 5 percent.", "KEN"),
])
def test_organisations_that_do_not_imply_their_place(att, text, absent):
    assert absent not in {c.iso3 for c in att.attribute(text).countries}


def test_organisations_that_imply_their_place(att):
    assert att.attribute("University of Zambia workers went on strike over unpaid salaries.").primary_iso3 == "ZMB"
    assert att.attribute("Mombasa County officials closed the market.").primary_iso3 == "KEN"


def test_national_police_named_by_nationality(att):
    a = att.attribute("Kenyan police shot two suspected raiders. Ethiopian herders fled across the river.")
    assert a.primary_iso3 == "KEN"
    assert att.attribute("Somali police arrested three men.").primary_iso3 == "SOM"


def test_foreign_nationals_and_embassies_are_not_the_place(att):
    assert att.attribute("Ethiopian nationals were attacked by a mob in a Nairobi suburb.").primary_iso3 == "KEN"
    assert att.attribute("Dozens protested at the Thai embassy in Yangon.").primary_iso3 == "MMR"
    assert att.attribute("Des manifestants se sont rassemblés devant l'ambassade de France à Bamako.",
                         language="fr").primary_iso3 == "MLI"


def test_ethnonym_town_readings_need_their_country(att):
    # "Fulani" and "Dinka" are peoples; towns of those names elsewhere must not attribute a country by themselves.
    assert att.attribute("Fulani herders clashed with farmers over grazing land.").countries == () or \
        att.attribute("Fulani herders clashed with farmers over grazing land.").primary_iso3 is None


def test_generic_admin1_names_with_their_admin_word(att):
    assert att.attribute("Gunmen killed 9 people in Plateau State.").primary_iso3 == "NGA"
    assert att.attribute("Separatists attacked a school in the Far North Region.").primary_iso3 == "CMR"
    assert att.attribute("Les gangs contrôlent le département de l'Ouest.", language="fr").primary_iso3 == "HTI"
    assert att.attribute("Un glissement de terrain a frappé l'État de Borno.", language="fr").primary_iso3 == "NGA"
    # The words alone are not places.
    assert att.attribute("Farmers on the plateau harvested early.").primary_iso3 is None


def test_apostrophe_variants(att):
    assert att.attribute("Troops entered Nekemte at dawn.").primary_iso3 == "ETH"
    assert att.attribute("Troops entered Nek'emte at dawn.").primary_iso3 == "ETH"
