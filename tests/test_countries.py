"""Country attribution: the classic traps, French, admin1/town-only texts, datelines, weighting, alignment."""

from __future__ import annotations

import pytest

from models.countries import (
    COUNTRIES_VERSION,
    Attribution,
    CountryAttributor,
    default_attributor,
)
from models.gazetteer import (
    GAZETTEER_VERSION,
    GazetteerError,
    fold_text,
    load_gazetteer,
    name_key,
)
from models.sentences import split_sentences


@pytest.fixture(scope="module")
def att() -> CountryAttributor:
    return default_attributor()


def isos(a: Attribution) -> set[str]:
    return {c.iso3 for c in a.countries}


def primary(att: CountryAttributor, text: str, **kw) -> str | None:
    return att.attribute(text, **kw).primary_iso3


# -- look-alike country names -----------------------------------------------------------------------------------

def test_niger_vs_nigeria(att):
    assert isos(att.attribute("Gunmen attacked a village in Niger near the border with Mali.")) == {"NER", "MLI"}
    assert isos(att.attribute("Nigeria's army said it repelled the attack.")) == {"NGA"}
    assert isos(att.attribute("Nigerien soldiers and Nigerian police met.")) == {"NER", "NGA"}
    assert isos(att.attribute("Niger and Nigeria signed a border deal.")) == {"NER", "NGA"}
    assert primary(att, "Bandits killed 12 farmers in Niger State, police in Minna said.") == "NGA"


def test_sudan_vs_south_sudan(att):
    assert isos(att.attribute("Fighting resumed in South Sudan's Jonglei state.")) == {"SSD"}
    assert isos(att.attribute("The Sudanese army shelled Omdurman.")) == {"SDN"}
    assert isos(att.attribute("South Sudanese refugees fled to Sudan.")) == {"SSD", "SDN"}


def test_the_two_congos(att):
    assert isos(att.attribute("Rebels advanced on Goma in the DRC.")) == {"COD"}
    assert isos(att.attribute("Clashes in the Democratic Republic of the Congo.")) == {"COD"}
    assert isos(att.attribute("Elections in the Republic of the Congo were calm.")) == {"COG"}
    assert isos(att.attribute("Protests in Brazzaville, Congo, turned violent.")) == {"COG"}
    assert isos(att.attribute("Fighting in eastern Congo near Bukavu.")) == {"COD"}
    assert isos(att.attribute("Des combats ont éclaté en RDC, à Kinshasa.", language="fr")) == {"COD"}
    assert isos(att.attribute("Congo-Brazzaville and DR Congo share a river.")) == {"COG", "COD"}


def test_the_guineas(att):
    assert isos(att.attribute("Protesters were killed in Guinea's capital.")) == {"GIN"}
    assert isos(att.attribute("A coup attempt in Guinea-Bissau failed.")) == {"GNB"}
    assert isos(att.attribute("Oil revenues in Equatorial Guinea fell.")) == {"GNQ"}
    assert isos(att.attribute("Tribal violence in Papua New Guinea's highlands.")) == {"PNG"}


def test_dominica_vs_dominican_republic(att):
    assert isos(att.attribute("A hurricane struck Dominica.")) == {"DMA"}
    assert isos(att.attribute("Deportations from the Dominican Republic rose.")) == {"DOM"}


def test_georgia_country_vs_us_state(att):
    assert primary(att, "Russian troops moved deeper into Georgia, Tbilisi said.") == "GEO"
    assert primary(att, "Georgia's parliament passed the foreign agents law.") == "GEO"
    assert primary(att, "Police in Atlanta, Georgia, arrested two men.") == "USA"
    assert primary(att, "The governor of Georgia signed the bill.") == "USA"
    assert primary(att, "Storms hit Georgia, USA, overnight.") == "USA"
    assert "GEO" not in isos(att.attribute("Police in Atlanta, Georgia, arrested two men."))


def test_turkey_the_bird_vs_the_country(att):
    assert isos(att.attribute("We ate roast turkey at Thanksgiving.")) == set()
    assert isos(att.attribute("Turkey sandwiches were served after the Thanksgiving parade.")) == set()
    assert isos(att.attribute("Turkey shelled Kurdish positions in northern Syria.")) == {"TUR", "SYR"}
    assert isos(att.attribute("Türkiye and Turkiye are the same country.")) == {"TUR"}


def test_jordan_and_chad_as_person_names(att):
    assert isos(att.attribute("Michael Jordan scored 40 points last night.")) == set()
    assert isos(att.attribute("Chad Smith played the drums.")) == set()
    assert isos(att.attribute("Jordan Henderson signed a new contract.")) == set()
    assert isos(att.attribute("King Abdullah of Jordan met refugees.")) == {"JOR"}
    assert isos(att.attribute("Boko Haram attacked fishermen on Lake Chad.")) == {"TCD", "NGA"}
    assert isos(att.attribute("Chad's army said it killed rebels near N'Djamena.")) == {"TCD"}


# -- shared names resolved by context ---------------------------------------------------------------------------

def test_city_shared_by_several_countries(att):
    assert primary(att, "Clashes erupted in Tripoli, northern Lebanon.") == "LBN"
    assert "LBY" not in isos(att.attribute("Clashes erupted in Tripoli, northern Lebanon."))
    assert primary(att, "Militias clashed in Tripoli overnight.") == "LBY"
    assert primary(att, "Police fired tear gas in Hyderabad, Sindh.") == "PAK"
    assert primary(att, "Police fired tear gas in Hyderabad, Telangana.") == "IND"
    assert primary(att, "Students protested at Punjab University in Lahore.") == "PAK"


def test_lone_foreign_town_yields_to_the_named_country(att):
    # Karimganj is a town in Assam (GeoNames) and an upazila in Bangladesh (not in GeoNames' list).
    a = att.attribute("BNP supporters torched a microbus in Karimganj upazila.")
    assert a.primary_iso3 == "BGD"
    assert {c.iso3 for c in a.countries} == {"BGD", "IND"}


def test_capital_beats_homonymous_small_town(att):
    assert primary(att, "A bomb exploded in Dhaka.") == "BGD"


# -- datelines, reporters, organisations named after places -------------------------------------------------------

def test_dateline_city_is_not_the_story(att):
    a = att.attribute("NAIROBI, 3 March (Reuters) — Gunmen killed 12 people in Mogadishu, Somalia, police said.")
    assert a.primary_iso3 == "SOM"
    assert "KEN" not in isos(a)
    a = att.attribute("GENEVA (UN News) — UN experts said militias in Darfur killed dozens of civilians.")
    assert a.primary_iso3 == "SDN" and "CHE" not in isos(a)
    assert [m.role for m in a.mentions if m.iso3 == "CHE"] == ["dateline"]


def test_dateline_alone_still_locates(att):
    assert primary(att, "NAIROBI (AFP) — Police fired tear gas at protesters on Tuesday.") == "KEN"


def test_reporter_location_counts_little(att):
    a = att.attribute("UN experts told reporters in Geneva that militias in Darfur had killed civilians.")
    assert a.primary_iso3 == "SDN"
    assert a.sentence_iso3 == (("SDN",),)
    a = att.attribute("A Nairobi-based analyst said al-Shabaab controls much of Jubaland.")
    assert a.primary_iso3 == "SOM"


def test_organisations_named_after_places_do_not_count(att):
    assert isos(att.attribute("The Sudan Tribune reported fighting in Chad.")) == {"TCD"}
    assert isos(att.attribute("Radio France Internationale reported an attack in Mali.")) == {"MLI"}
    assert isos(att.attribute("The strikes violated the Geneva Conventions, Human Rights Watch said.")) == set()
    assert isos(att.attribute("The New York Times and the Washington Post reported on Yemen.")) == {"YEM"}
    assert isos(att.attribute("The Kenya Red Cross evacuated families.")) == {"KEN"}


# -- weighting ---------------------------------------------------------------------------------------------------

def test_title_weighs_more(att):
    text = "Aid convoys were delayed. Officials in Niger said supplies ran low. Mali closed a crossing."
    assert att.attribute(text).primary_iso3 == "NER"
    assert att.attribute(text, title="Mali: border crossing closed").primary_iso3 == "MLI"


def test_lead_sentence_weighs_more(att):
    text = "Gunmen killed 20 villagers in Burkina Faso. Niger sent aid."
    a = att.attribute(text)
    assert a.primary_iso3 == "BFA"
    assert {c.iso3: c.mentions for c in a.countries} == {"BFA": 1, "NER": 1}
    assert a.countries[0].score > a.countries[1].score
    assert abs(sum(c.score for c in a.countries) - 1.0) < 1e-3
    # Repeated mentions later in the text can still outweigh the lead.
    a = att.attribute(text + " Niger closed its border. Niger's army deployed.")
    assert a.primary_iso3 == "NER"


# -- admin1, towns, diacritics, French ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "iso3"), [
    ("Gunmen killed five people in Borno State.", "NGA"),
    ("Clashes were reported in Mandera County.", "KEN"),
    ("A drone strike hit a compound in Khyber Pakhtunkhwa.", "PAK"),
    ("Fighting displaced thousands in Nord-Kivu.", "COD"),
    ("Fighting displaced thousands in North Kivu.", "COD"),
    ("Protesters were shot in Oromia.", "ETH"),
    ("Curfew imposed in Rakhine after the attack.", "MMR"),
    ("Shelling hit Donetsk Oblast overnight.", "UKR"),
    ("Militants attacked a checkpoint in Tillabéri.", "NER"),
    ("Militants attacked a checkpoint in Tillaberi.", "NER"),
    ("Jihadists attacked Ségou region.", "MLI"),
    ("Jihadists attacked Segou region.", "MLI"),
    ("Two people were killed in a mortar attack on Baidoa.", "SOM"),
    ("Residents of Kole District marched in the town.", "UGA"),
    ("Police dispersed protesters in Bujumbura.", "BDI"),
    ("An explosion killed three in Maiduguri.", "NGA"),
    ("Villagers fled Djibo after the attack.", "BFA"),
])
def test_admin1_and_town_only_texts(att, text, iso3):
    assert primary(att, text) == iso3


def test_french_texts(att):
    assert primary(att, "Des hommes armés ont tué 12 civils dans le nord du Burkina Faso.", language="fr") == "BFA"
    assert isos(att.attribute("L'armée soudanaise a bombardé des villages.", language="fr")) == {"SDN"}
    assert isos(att.attribute("Les autorités ivoiriennes ont arrêté un suspect.", language="fr")) == {"CIV"}
    assert isos(att.attribute("Des réfugiés sud-soudanais sont arrivés en Ouganda.", language="fr")) == {"SSD", "UGA"}
    assert primary(att, "Violences en Côte d’Ivoire : trois morts à Abidjan.", language="fr") == "CIV"
    assert primary(att, "Attaque jihadiste près de Ménaka, au Mali.", language="fr") == "MLI"
    # Language guessed from the text when not given.
    assert isos(att.attribute("Les forces tchadiennes et les soldats nigériens sont arrivés dans la région.")) == {
        "TCD", "NER"}


def test_lower_case_demonym_only_in_french(att):
    assert isos(att.attribute("the sudanese delegation left", language="en")) == set()


def test_acronyms_must_be_upper_case(att):
    assert isos(att.attribute("Car bomb kills three.")) == set()
    assert isos(att.attribute("Clashes in the CAR left 12 dead.")) == {"CAF"}
    assert isos(att.attribute("They told us to leave.")) == set()


def test_common_word_place_needs_other_evidence(att):
    # "Freedom" and "Human" are also place names; alone they must not attribute a country.
    assert isos(att.attribute("Speakers gathered at Freedom Park on Human Rights Day.")) == set()
    # Concord (a US city) is also an English word: alone it does not count, backed by its state it does.
    assert isos(att.attribute("Volunteers from Concord arrived at the camp.")) == set()
    a = att.attribute("Volunteers from Concord, New Hampshire, arrived at the camp.")
    assert {c.iso3: c.mentions for c in a.countries} == {"USA": 2}
    assert [m.name for m in a.mentions] == ["concord", "new hampshire"]


# -- sentences and offsets ---------------------------------------------------------------------------------------

def test_sentence_iso3_aligned_with_sentences(att):
    text = "Fighting in Sudan killed 20. Aid was delayed. Refugees reached Chad and South Sudan."
    a = att.attribute(text)
    assert len(a.sentence_iso3) == len(split_sentences(text)) == 3
    assert a.sentence_iso3 == (("SDN",), (), ("TCD", "SSD"))
    assert a.sentence_countries(1) == (a.primary_iso3,) == ("SDN",)


def test_given_sentence_spans_are_used(att):
    text = "Fighting in Sudan killed 20; refugees reached Chad."
    spans = [(0, 27), (28, len(text))]
    a = att.attribute(text, sentences=spans)
    assert a.sentence_iso3 == (("SDN",), ("TCD",))


def test_mentions_outside_the_given_spans_count_for_the_document_only(att):
    text = "Fighting in Sudan. Chad closed its border."
    a = att.attribute(text, sentences=[(0, 18)])
    assert a.sentence_iso3 == (("SDN",),)
    assert isos(a) == {"SDN", "TCD"}
    assert [m.sentence for m in a.mentions] == [0, -2]


def test_mention_offsets_point_into_the_text(att):
    text = "NAIROBI — Kenyan police met Somali officials in Mogadishu."
    a = att.attribute(text, title="Kenya and Somalia")
    body = [m for m in a.mentions if m.sentence >= 0]
    assert [text[m.start:m.end] for m in body] == ["NAIROBI", "Kenyan", "Somali", "Mogadishu"]
    title = [m for m in a.mentions if m.sentence == -1]
    assert ["Kenya and Somalia"[m.start:m.end] for m in title] == ["Kenya", "Somalia"]


def test_attribute_many_matches_attribute(att):
    items = [{"text": "Clashes in Mali."}, {"text": "Des morts au Niger.", "language": "fr"},
             {"text": "Nothing here.", "title": "Kenya"}]
    many = list(att.attribute_many(items))
    single = [att.attribute(i["text"], i.get("title"), i.get("language")) for i in items]
    assert many == single
    assert [m.primary_iso3 for m in many] == ["MLI", "NER", "KEN"]


def test_empty_and_placeless_text(att):
    a = att.attribute("")
    assert a.primary_iso3 is None and a.countries == () and a.sentence_iso3 == ()
    assert att.attribute("The meeting ended without agreement.").primary_iso3 is None


def test_bad_input_is_a_clear_error(att):
    with pytest.raises(TypeError, match="text must be a str"):
        att.attribute(None)  # type: ignore[arg-type]


def test_missing_gazetteer_file_is_a_named_error(tmp_path):
    with pytest.raises(GazetteerError, match="build it with"):
        CountryAttributor(gazetteer_path=tmp_path / "nope.tsv.gz")


def test_folding_keeps_length_and_keys_ignore_diacritics_and_punctuation():
    text = "Côte d’Ivoire – Ségou, São Tomé, Łódź"
    assert len(fold_text(text)) == len(text)
    assert name_key("Côte d’Ivoire") == name_key("Cote d'Ivoire") == name_key("COTE D IVOIRE") == "cote d ivoire"
    assert name_key("Al-Shabaab") == name_key("al Shabaab")


def test_gazetteer_covers_subdivisions_of_every_country():
    import pycountry

    from models.build_gazetteer import GENERIC_WORDS, _clean_admin

    g = load_gazetteer()
    missing, checked = [], 0
    for c in pycountry.countries:
        subs = [s for s in pycountry.subdivisions.get(country_code=c.alpha_2) or [] if s.parent_code is None]
        # Generic names ("Central", "Northern" in Uganda) are deliberately not matched on their own.
        names = [n for s in subs for n in _clean_admin(s.name) if name_key(n) not in GENERIC_WORDS]
        if not names:
            continue
        checked += 1
        if not any(c.alpha_3 in {e.iso3 for e in g.lookup(n)} for n in names):
            missing.append(c.alpha_3)
    assert checked > 190
    assert missing == []


def test_version_is_recorded(att):
    assert att.version.startswith(f"{COUNTRIES_VERSION}+{GAZETTEER_VERSION}+aliases.v")
