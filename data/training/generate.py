"""Generate Vigil's labelled sentence set (`sentences.jsonl`) from template families, deterministically.

Every sentence is synthetic text written for Vigil: the templates in `families_*.py` and the slot vocabularies
below are our own wording, not copied from any article, report or dataset. The events are fictional; the
places are real so that country attribution can be evaluated; the armed groups and ethnic groups are invented.

A *family* is a small set of templates sharing one labelling (risk factors, indicators, polarity, kind).
The split unit is one template (`family` field `rf11.en.03.t2`): all fillings of a template land on one side,
and about a quarter of the templates of every stratum (language x primary risk factor or negative type) go to
`test`, so no phrasing straddles the split.

Run: `python data/training/generate.py` (rewrites sentences.jsonl; `--check` only verifies it is current).
"""

from __future__ import annotations

import json
import random
import re
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

SEED = 20141031
TEST_SHARE = 0.25
OUTPUT = HERE / "sentences.jsonl"


# ----------------------------------------------------------------------------------------------- places
@dataclass(frozen=True)
class Country:
    iso3: str
    en: str  # "Sudan", "the Central African Republic"
    en_poss: str  # "Sudan's"
    fr: str  # subject form with article: "le Soudan", "la Centrafrique"
    fr_loc: str  # "au Soudan"
    places: tuple[tuple[str, str, str | None, str | None], ...] = ()  # (town_en, town_fr, region_en, region_fr_loc)
    mission: tuple[str, str] | None = None  # (en, fr)


def _p(town: str, region: str | None = None, region_fr: str | None = None, town_fr: str | None = None):
    return (town, town_fr or town, region, region_fr)


COUNTRIES: dict[str, Country] = {c.iso3: c for c in [
    Country("SDN", "Sudan", "Sudan's", "le Soudan", "au Soudan", (
        _p("El Fasher", "North Darfur state", "dans l'État du Darfour-Nord"),
        _p("Nyala", "South Darfur state", "dans l'État du Darfour-Sud"),
        _p("El Geneina", "West Darfur state", "dans l'État du Darfour-Occidental"),
        _p("Zalingei", "Central Darfur state", "dans l'État du Darfour-Central"),
        _p("Kadugli", "South Kordofan state", "dans l'État du Kordofan-Sud"),
        _p("El Obeid", "North Kordofan state", "dans l'État du Kordofan-Nord"),
        _p("Wad Madani", "Gezira state", "dans l'État d'Al-Jazira"),
        _p("Ed Damazin", "Blue Nile state", "dans l'État du Nil Bleu"),
        _p("Omdurman", "Khartoum state", "dans l'État de Khartoum"),
    )),
    Country("SSD", "South Sudan", "South Sudan's", "le Soudan du Sud", "au Soudan du Sud", (
        _p("Bor", "Jonglei state", "dans l'État du Jonglei"),
        _p("Malakal", "Upper Nile state", "dans l'État du Haut-Nil"),
        _p("Bentiu", "Unity state", "dans l'État d'Unité"),
        _p("Yei", "Central Equatoria state", "dans l'État d'Équatoria-Central"),
        _p("Yambio", "Western Equatoria state", "dans l'État d'Équatoria-Occidental"),
        _p("Kuajok", "Warrap state", "dans l'État de Warrap"),
        _p("Pibor", "the Greater Pibor Administrative Area", "dans la zone administrative du Grand Pibor"),
    ), ("UNMISS", "la MINUSS")),
    Country("COD", "the Democratic Republic of the Congo", "the Democratic Republic of the Congo's",
            "la République démocratique du Congo", "en République démocratique du Congo", (
        _p("Beni", "North Kivu province", "dans la province du Nord-Kivu"),
        _p("Rutshuru", "North Kivu province", "dans la province du Nord-Kivu"),
        _p("Masisi", "North Kivu province", "dans la province du Nord-Kivu"),
        _p("Butembo", "North Kivu province", "dans la province du Nord-Kivu"),
        _p("Uvira", "South Kivu province", "dans la province du Sud-Kivu"),
        _p("Bukavu", "South Kivu province", "dans la province du Sud-Kivu"),
        _p("Djugu", "Ituri province", "dans la province de l'Ituri"),
        _p("Bunia", "Ituri province", "dans la province de l'Ituri"),
        _p("Kalemie", "Tanganyika province", "dans la province du Tanganyika"),
        _p("Kananga", "Kasai-Central province", "dans la province du Kasaï-Central"),
    ), ("MONUSCO", "la MONUSCO")),
    Country("COG", "the Republic of the Congo", "the Republic of the Congo's", "le Congo-Brazzaville",
            "au Congo-Brazzaville", (
        _p("Kinkala", "the Pool department", "dans le département du Pool"),
        _p("Mindouli", "the Pool department", "dans le département du Pool"),
        _p("Brazzaville"),
    )),
    Country("NGA", "Nigeria", "Nigeria's", "le Nigeria", "au Nigeria", (
        _p("Maiduguri", "Borno State", "dans l'État de Borno"),
        _p("Gwoza", "Borno State", "dans l'État de Borno"),
        _p("Damaturu", "Yobe State", "dans l'État de Yobe"),
        _p("Gusau", "Zamfara State", "dans l'État de Zamfara"),
        _p("Bokkos", "Plateau State", "dans l'État du Plateau"),
        _p("Makurdi", "Benue State", "dans l'État de Benue"),
        _p("Kaura", "Kaduna State", "dans l'État de Kaduna"),
        _p("Minna", "Niger State", "dans l'État du Niger"),
        _p("Mariga", "Niger State", "dans l'État du Niger"),
        _p("Yola", "Adamawa State", "dans l'État d'Adamawa"),
    )),
    Country("NER", "Niger", "Niger's", "le Niger", "au Niger", (
        _p("Tillabéri", "the Tillabéri region", "dans la région de Tillabéri"),
        _p("Ouallam", "the Tillabéri region", "dans la région de Tillabéri"),
        _p("Téra", "the Tillabéri region", "dans la région de Tillabéri"),
        _p("Diffa", "the Diffa region", "dans la région de Diffa"),
        _p("Tahoua", "the Tahoua region", "dans la région de Tahoua"),
        _p("Agadez", "the Agadez region", "dans la région d'Agadez"),
    )),
    Country("MLI", "Mali", "Mali's", "le Mali", "au Mali", (
        _p("Mopti", "the Mopti region", "dans la région de Mopti"),
        _p("Djenné", "the Mopti region", "dans la région de Mopti"),
        _p("Bandiagara", "central Mali", "dans le centre du Mali"),
        _p("Ménaka", "the Ménaka region", "dans la région de Ménaka"),
        _p("Gao", "the Gao region", "dans la région de Gao"),
        _p("Timbuktu", "the Timbuktu region", "dans la région de Tombouctou", "Tombouctou"),
        _p("Niono", "the Ségou region", "dans la région de Ségou"),
        _p("Kidal", "the Kidal region", "dans la région de Kidal"),
    )),
    Country("BFA", "Burkina Faso", "Burkina Faso's", "le Burkina Faso", "au Burkina Faso", (
        _p("Djibo", "the Sahel region", "dans la région du Sahel"),
        _p("Dori", "the Sahel region", "dans la région du Sahel"),
        _p("Arbinda", "the Sahel region", "dans la région du Sahel"),
        _p("Fada N'Gourma", "the Est region", "dans la région de l'Est"),
        _p("Kaya", "the Centre-Nord region", "dans la région du Centre-Nord"),
        _p("Barsalogho", "the Centre-Nord region", "dans la région du Centre-Nord"),
        _p("Dédougou", "the Boucle du Mouhoun region", "dans la région de la Boucle du Mouhoun"),
        _p("Ouahigouya", "the Nord region", "dans la région du Nord"),
    )),
    Country("TCD", "Chad", "Chad's", "le Tchad", "au Tchad", (
        _p("Adré", "Ouaddaï province", "dans la province du Ouaddaï"),
        _p("Abéché", "Ouaddaï province", "dans la province du Ouaddaï"),
        _p("Bol", "Lac province", "dans la province du Lac"),
        _p("Goré", "Logone Oriental province", "dans la province du Logone oriental"),
    )),
    Country("CAF", "the Central African Republic", "the Central African Republic's", "la Centrafrique",
            "en Centrafrique", (
        _p("Bambari", "Ouaka prefecture", "dans la préfecture de la Ouaka"),
        _p("Bria", "Haute-Kotto prefecture", "dans la préfecture de la Haute-Kotto"),
        _p("Bangassou", "Mbomou prefecture", "dans la préfecture du Mbomou"),
        _p("Kaga-Bandoro", "Nana-Grébizi prefecture", "dans la préfecture de la Nana-Grébizi"),
        _p("Paoua", "Ouham-Pendé prefecture", "dans la préfecture de l'Ouham-Pendé"),
        _p("Birao", "Vakaga prefecture", "dans la préfecture de la Vakaga"),
    ), ("MINUSCA", "la MINUSCA")),
    Country("CMR", "Cameroon", "Cameroon's", "le Cameroun", "au Cameroun", (
        _p("Bamenda", "the North-West region", "dans la région du Nord-Ouest"),
        _p("Kumbo", "the North-West region", "dans la région du Nord-Ouest"),
        _p("Buea", "the South-West region", "dans la région du Sud-Ouest"),
        _p("Mamfe", "the South-West region", "dans la région du Sud-Ouest"),
        _p("Mora", "the Far North region", "dans la région de l'Extrême-Nord"),
        _p("Kolofata", "the Far North region", "dans la région de l'Extrême-Nord"),
    )),
    Country("ETH", "Ethiopia", "Ethiopia's", "l'Éthiopie", "en Éthiopie", (
        _p("Mekelle", "the Tigray region", "dans la région du Tigré"),
        _p("Shire", "the Tigray region", "dans la région du Tigré"),
        _p("Gondar", "the Amhara region", "dans la région Amhara"),
        _p("Bahir Dar", "the Amhara region", "dans la région Amhara"),
        _p("Nekemte", "the Oromia region", "dans la région Oromia"),
        _p("Assosa", "the Benishangul-Gumuz region", "dans la région Benishangul-Gumuz"),
        _p("Gambela", "the Gambela region", "dans la région de Gambela"),
    )),
    Country("SOM", "Somalia", "Somalia's", "la Somalie", "en Somalie", (
        _p("Baidoa", "the Bay region", "dans la région de Bay"),
        _p("Afgooye", "the Lower Shabelle region", "dans la région du Bas-Shabelle"),
        _p("Jowhar", "the Middle Shabelle region", "dans la région du Moyen-Shabelle"),
        _p("Beledweyne", "the Hiraan region", "dans la région de Hiiraan"),
        _p("Kismayo", "the Lower Juba region", "dans la région du Bas-Juba"),
        _p("Garbaharey", "the Gedo region", "dans la région de Gedo"),
    )),
    Country("MOZ", "Mozambique", "Mozambique's", "le Mozambique", "au Mozambique", (
        _p("Palma", "Cabo Delgado province", "dans la province de Cabo Delgado"),
        _p("Mocímboa da Praia", "Cabo Delgado province", "dans la province de Cabo Delgado"),
        _p("Macomia", "Cabo Delgado province", "dans la province de Cabo Delgado"),
        _p("Muidumbe", "Cabo Delgado province", "dans la province de Cabo Delgado"),
        _p("Mecula", "Niassa province", "dans la province du Niassa"),
    )),
    Country("MMR", "Myanmar", "Myanmar's", "la Birmanie", "en Birmanie", (
        _p("Maungdaw", "Rakhine State", "dans l'État d'Arakan"),
        _p("Buthidaung", "Rakhine State", "dans l'État d'Arakan"),
        _p("Sittwe", "Rakhine State", "dans l'État d'Arakan"),
        _p("Myitkyina", "Kachin State", "dans l'État kachin"),
        _p("Lashio", "Shan State", "dans l'État shan"),
        _p("Monywa", "the Sagaing region", "dans la région de Sagaing"),
        _p("Hakha", "Chin State", "dans l'État chin"),
    )),
    Country("AFG", "Afghanistan", "Afghanistan's", "l'Afghanistan", "en Afghanistan", (
        _p("Lashkar Gah", "Helmand province", "dans la province du Helmand"),
        _p("Jalalabad", "Nangarhar province", "dans la province de Nangarhar"),
        _p("Kunduz", "Kunduz province", "dans la province de Kunduz"),
        _p("Bamiyan", "Bamiyan province", "dans la province de Bamiyan"),
        _p("Herat", "Herat province", "dans la province d'Hérat", "Hérat"),
    )),
    Country("SYR", "Syria", "Syria's", "la Syrie", "en Syrie", (
        _p("Idlib", "Idlib governorate", "dans le gouvernorat d'Idleb", "Idleb"),
        _p("Maarat al-Numan", "Idlib governorate", "dans le gouvernorat d'Idleb", "Maarat al-Nouman"),
        _p("Aleppo", "Aleppo governorate", "dans le gouvernorat d'Alep", "Alep"),
        _p("Deir ez-Zor", "Deir ez-Zor governorate", "dans le gouvernorat de Deir ez-Zor"),
        _p("Daraa", "Daraa governorate", "dans le gouvernorat de Deraa", "Deraa"),
        _p("Homs", "Homs governorate", "dans le gouvernorat de Homs"),
    )),
    Country("YEM", "Yemen", "Yemen's", "le Yémen", "au Yémen", (
        _p("Hodeidah", "Hodeidah governorate", "dans le gouvernorat de Hodeïda", "Hodeïda"),
        _p("Taiz", "Taiz governorate", "dans le gouvernorat de Taëz", "Taëz"),
        _p("Marib", "Marib governorate", "dans le gouvernorat de Marib"),
        _p("Saada", "Saada governorate", "dans le gouvernorat de Saada"),
        _p("Hajjah", "Hajjah governorate", "dans le gouvernorat de Hajjah"),
    )),
    Country("IRQ", "Iraq", "Iraq's", "l'Irak", "en Irak", (
        _p("Sinjar", "Nineveh governorate", "dans le gouvernorat de Ninive"),
        _p("Mosul", "Nineveh governorate", "dans le gouvernorat de Ninive", "Mossoul"),
        _p("Kirkuk", "Kirkuk governorate", "dans le gouvernorat de Kirkouk", "Kirkouk"),
        _p("Ramadi", "Anbar governorate", "dans le gouvernorat d'Anbar"),
    )),
    Country("UKR", "Ukraine", "Ukraine's", "l'Ukraine", "en Ukraine", (
        _p("Kharkiv", "the Kharkiv region", "dans la région de Kharkiv"),
        _p("Kherson", "the Kherson region", "dans la région de Kherson"),
        _p("Zaporizhzhia", "the Zaporizhzhia region", "dans la région de Zaporijjia", "Zaporijjia"),
        _p("Sumy", "the Sumy region", "dans la région de Soumy", "Soumy"),
        _p("Odesa", "the Odesa region", "dans la région d'Odessa", "Odessa"),
        _p("Kramatorsk", "the Donetsk region", "dans la région de Donetsk"),
    )),
    Country("HTI", "Haiti", "Haiti's", "Haïti", "en Haïti", (
        _p("Port-au-Prince", "the Ouest department", "dans le département de l'Ouest"),
        _p("Cité Soleil", "the Ouest department", "dans le département de l'Ouest"),
        _p("Croix-des-Bouquets", "the Ouest department", "dans le département de l'Ouest"),
        _p("Saint-Marc", "the Artibonite department", "dans le département de l'Artibonite"),
        _p("Gonaïves", "the Artibonite department", "dans le département de l'Artibonite"),
        _p("Petite-Rivière-de-l'Artibonite", "the Artibonite department", "dans le département de l'Artibonite"),
    )),
    Country("COL", "Colombia", "Colombia's", "la Colombie", "en Colombie", (
        _p("Tibú", "Norte de Santander department", "dans le département de Norte de Santander"),
        _p("Tumaco", "Nariño department", "dans le département de Nariño"),
        _p("Quibdó", "Chocó department", "dans le département du Chocó"),
        _p("Santander de Quilichao", "Cauca department", "dans le département du Cauca"),
        _p("Arauquita", "Arauca department", "dans le département d'Arauca"),
    )),
    Country("LBY", "Libya", "Libya's", "la Libye", "en Libye", (
        _p("Tripoli"), _p("Sirte"),
        _p("Murzuq", "the Fezzan region", "dans la région du Fezzan", "Mourzouq"),
        _p("Sabha", "the Fezzan region", "dans la région du Fezzan", "Sebha"),
    )),
    Country("LBN", "Lebanon", "Lebanon's", "le Liban", "au Liban", (
        _p("Nabatieh", "Nabatieh governorate", "dans le gouvernorat de Nabatiyé", "Nabatiyé"),
        _p("Tyre", "South governorate", "dans le gouvernorat du Liban-Sud", "Tyr"),
    ), ("UNIFIL", "la FINUL")),
    Country("BDI", "Burundi", "Burundi's", "le Burundi", "au Burundi", (
        _p("Cibitoke", "Cibitoke province", "dans la province de Cibitoke"),
        _p("Bujumbura"),
    )),
    Country("GIN", "Guinea", "Guinea's", "la Guinée", "en Guinée", (
        _p("Nzérékoré", "the Nzérékoré region", "dans la région de Nzérékoré"),
        _p("Kankan", "the Kankan region", "dans la région de Kankan"),
        _p("Conakry"),
    )),
    Country("CIV", "Côte d'Ivoire", "Côte d'Ivoire's", "la Côte d'Ivoire", "en Côte d'Ivoire", (
        _p("Duékoué", "the Guémon region", "dans la région du Guémon"),
        _p("Bouaké", "the Gbêkê region", "dans la région du Gbêkê"),
        _p("Man", "the Tonkpi region", "dans la région du Tonkpi"),
    )),
    Country("BEN", "Benin", "Benin's", "le Bénin", "au Bénin", (
        _p("Tanguiéta", "the Atacora department", "dans le département de l'Atacora"),
        _p("Kandi", "the Alibori department", "dans le département de l'Alibori"),
    )),
    Country("TGO", "Togo", "Togo's", "le Togo", "au Togo", (
        _p("Dapaong", "the Savanes region", "dans la région des Savanes"),
    )),
    Country("KEN", "Kenya", "Kenya's", "le Kenya", "au Kenya", (
        _p("Mandera", "Mandera county", "dans le comté de Mandera"),
        _p("Lodwar", "Turkana county", "dans le comté de Turkana"),
        _p("Marsabit", "Marsabit county", "dans le comté de Marsabit"),
    )),
    Country("PAK", "Pakistan", "Pakistan's", "le Pakistan", "au Pakistan", (
        _p("Quetta", "Balochistan province", "dans la province du Baloutchistan"),
        _p("Peshawar", "Khyber Pakhtunkhwa province", "dans la province de Khyber Pakhtunkhwa"),
    )),
    Country("IND", "India", "India's", "l'Inde", "en Inde", (
        _p("Imphal", "Manipur state", "dans l'État du Manipur"),
        _p("Churachandpur", "Manipur state", "dans l'État du Manipur"),
    )),
    Country("MEX", "Mexico", "Mexico's", "le Mexique", "au Mexique", (
        _p("Chilapa", "Guerrero state", "dans l'État de Guerrero"),
        _p("Culiacán", "Sinaloa state", "dans l'État de Sinaloa"),
    )),
    Country("PHL", "the Philippines", "the Philippines'", "les Philippines", "aux Philippines", (
        _p("Marawi", "Lanao del Sur province", "dans la province de Lanao del Sur"),
    )),
    Country("BGD", "Bangladesh", "Bangladesh's", "le Bangladesh", "au Bangladesh", (
        _p("Cox's Bazar", "Cox's Bazar district", "dans le district de Cox's Bazar"),
    )),
    Country("VEN", "Venezuela", "Venezuela's", "le Venezuela", "au Venezuela", (
        _p("Caracas"), _p("Maracaibo", "Zulia state", "dans l'État de Zulia"),
    )),
    Country("PNG", "Papua New Guinea", "Papua New Guinea's", "la Papouasie-Nouvelle-Guinée",
            "en Papouasie-Nouvelle-Guinée", (
        _p("Wabag", "Enga province", "dans la province d'Enga"),
    )),
    # stable places for hard negatives and noise (and country traps)
    Country("GHA", "Ghana", "Ghana's", "le Ghana", "au Ghana", (_p("Accra"), _p("Kumasi", "the Ashanti region", "dans la région Ashanti"))),
    Country("SEN", "Senegal", "Senegal's", "le Sénégal", "au Sénégal", (_p("Dakar"), _p("Thiès", "the Thiès region", "dans la région de Thiès"))),
    Country("FRA", "France", "France's", "la France", "en France", (_p("Lyon"), _p("Marseille"), _p("Lille"))),
    Country("CAN", "Canada", "Canada's", "le Canada", "au Canada", (_p("Montreal", "Quebec", "au Québec", "Montréal"), _p("Toronto", "Ontario", "en Ontario"))),
    Country("BRA", "Brazil", "Brazil's", "le Brésil", "au Brésil", (_p("São Paulo"), _p("Recife"))),
    Country("JPN", "Japan", "Japan's", "le Japon", "au Japon", (_p("Osaka"), _p("Sapporo", "Hokkaido", "à Hokkaido"))),
    Country("BWA", "Botswana", "Botswana's", "le Botswana", "au Botswana", (_p("Gaborone"),)),
    Country("NOR", "Norway", "Norway's", "la Norvège", "en Norvège", (_p("Bergen"),)),
    Country("MAR", "Morocco", "Morocco's", "le Maroc", "au Maroc", (_p("Casablanca"), _p("Fès"))),
    Country("BEL", "Belgium", "Belgium's", "la Belgique", "en Belgique", (_p("Liège"), _p("Antwerp", None, None, "Anvers"))),
    Country("CHE", "Switzerland", "Switzerland's", "la Suisse", "en Suisse", (_p("Geneva", None, None, "Genève"), _p("Lausanne"))),
    Country("GEO", "Georgia", "Georgia's", "la Géorgie", "en Géorgie", (_p("Tbilisi", None, None, "Tbilissi"), _p("Batumi", "Adjara", "en Adjarie", "Batoumi"))),
    Country("USA", "the United States", "the United States'", "les États-Unis", "aux États-Unis", (_p("Atlanta", "Georgia", "en Géorgie"), _p("Savannah", "Georgia", "en Géorgie"), _p("Denver", "Colorado", "au Colorado"))),
    Country("DMA", "Dominica", "Dominica's", "la Dominique", "à la Dominique", (_p("Roseau"),)),
    Country("DOM", "the Dominican Republic", "the Dominican Republic's", "la République dominicaine", "en République dominicaine", (_p("Santo Domingo", None, None, "Saint-Domingue"), _p("Santiago de los Caballeros"))),
    Country("GNB", "Guinea-Bissau", "Guinea-Bissau's", "la Guinée-Bissau", "en Guinée-Bissau", (_p("Bissau"), _p("Bafatá"))),
    Country("GNQ", "Equatorial Guinea", "Equatorial Guinea's", "la Guinée équatoriale", "en Guinée équatoriale", (_p("Malabo"), _p("Bata"))),
    Country("RWA", "Rwanda", "Rwanda's", "le Rwanda", "au Rwanda", (_p("Kigali"), _p("Nyamata"), _p("Murambi"))),
    Country("BIH", "Bosnia and Herzegovina", "Bosnia's", "la Bosnie-Herzégovine", "en Bosnie-Herzégovine", (_p("Srebrenica"), _p("Sarajevo"), _p("Potočari"))),
    Country("KHM", "Cambodia", "Cambodia's", "le Cambodge", "au Cambodge", (_p("Phnom Penh"),)),
]}

CONFLICT = ("SDN", "SSD", "COD", "NGA", "NER", "MLI", "BFA", "TCD", "CAF", "CMR", "ETH", "SOM", "MOZ", "MMR",
            "AFG", "SYR", "YEM", "IRQ", "UKR", "HTI", "COL", "LBY", "BDI", "COG", "LBN", "PAK", "IND", "MEX",
            "PHL", "BEN", "TGO", "PNG", "CIV")
# Weighted toward the places the news we monitor is mostly about.
CONFLICT_WEIGHTS = {"SDN": 4, "SSD": 3, "COD": 4, "NGA": 3, "NER": 2, "MLI": 3, "BFA": 3, "CAF": 2, "ETH": 3,
                    "SOM": 2, "MMR": 3, "SYR": 2, "YEM": 2, "UKR": 2, "HTI": 2, "MOZ": 2}
UNREST = ("GIN", "KEN", "VEN", "BGD", "TGO", "PAK", "CIV", "GEO")  # no armed conflict: protests, repression
STABLE = ("GHA", "SEN", "FRA", "CAN", "BRA", "JPN", "BWA", "NOR", "MAR", "BEL", "CHE", "GEO", "USA", "DMA",
          "DOM", "GNB", "GNQ", "KEN")
MISSION = tuple(k for k, c in COUNTRIES.items() if c.mission)
SAHEL = ("MLI", "BFA", "NER", "NGA", "TCD", "CAF", "SDN", "SSD", "CMR", "BEN", "TGO", "ETH", "KEN", "SOM")
POOLS = {"conflict": CONFLICT, "sahel": SAHEL, "unrest": UNREST, "stable": STABLE, "mission": MISSION,
         "any": CONFLICT + UNREST + STABLE}

HUBS = {"KEN": ("NAIROBI", "NAIROBI"), "SEN": ("DAKAR", "DAKAR"), "CHE": ("GENEVA", "GENÈVE"),
        "USA": ("NEW YORK", "NEW YORK"), "LBN": ("BEIRUT", "BEYROUTH"), "THA": ("BANGKOK", "BANGKOK"),
        "ZAF": ("JOHANNESBURG", "JOHANNESBURG"), "FRA": ("PARIS", "PARIS"), "CIV": ("ABIDJAN", "ABIDJAN")}

# ------------------------------------------------------------------------------------- slot vocabularies
GROUPS_EN = ["the Red Ridge Militia", "the Northern Salvation Front", "the Valley Sentinels Movement",
             "the People's Defence Brigade", "the Unity Liberation Army", "the Ironwood Brigade",
             "the Dawn Movement", "the Free Highlands Army", "the Marsh Lions Militia", "the Salvation Column",
             "the Popular Vigilance Front", "the Army of the Righteous Path"]
GROUPS_FR = [("le Front de salut du Nord (FSN)", "du Front de salut du Nord (FSN)"),
             ("la Brigade de l'Aube", "de la Brigade de l'Aube"),
             ("le Mouvement pour la justice et le renouveau (MJR)", "du Mouvement pour la justice et le renouveau (MJR)"),
             ("le Mouvement des Gardiens du Fleuve", "du Mouvement des Gardiens du Fleuve"),
             ("l'Armée de résistance populaire (ARP)", "de l'Armée de résistance populaire (ARP)"),
             ("le Collectif d'autodéfense de la Vallée", "du Collectif d'autodéfense de la Vallée"),
             ("le Front patriotique des Hauts-Plateaux", "du Front patriotique des Hauts-Plateaux"),
             ("la Colonne du Salut", "de la Colonne du Salut")]
ETHNIC = ["Tessari", "Vendari", "Oluvi", "Kavessi", "Ndorai", "Halvani", "Sorimi", "Belutu", "Zarani", "Amoki"]
TEAMS_EN = ["Riverside United", "Atlético Norte", "the Harbour Sharks", "Real Colinas", "Eastfield Rovers",
            "the Valley Giants", "Union Sportive Lacustre", "Dynamo Savane"]
TEAMS_FR = ["l'Union sportive du Lac", "le Dynamo de la Savane", "l'Étoile du Nord", "l'AS Colline",
            "le Racing des Rives", "le Stade Fluvial", "l'Olympique des Plateaux"]
COMPANIES_EN = ["Brightmart", "Novalink Telecom", "Kestrel Airways", "Solano Foods", "Meridian Bank",
                "Orbis Mining", "Vantage Motors", "Pinecrest Retail"]
COMPANIES_FR = ["Distrimax", "Télécom Horizon", "Air Sahélia", "la Banque Méridienne", "Agrisol",
                "le groupe Orbis", "Vantage Automobiles", "les magasins Pinède"]

VOCAB: dict[str, dict[str, list[str]]] = {
    "en": {
        "when": ["on Monday", "on Tuesday", "on Wednesday night", "on Thursday", "early on Friday", "on Saturday",
                 "late on Sunday", "overnight", "last week", "on 3 March", "on 17 June", "on 28 October",
                 "earlier this month", "at dawn on Tuesday", "over the weekend", "on Friday evening"],
        "src": ["local officials", "a community leader", "the UN Office for the Coordination of Humanitarian Affairs (OCHA)",
                "a spokesperson for the regional administration", "the UN mission", "a local civil society group",
                "human rights monitors", "the UN human rights office (OHCHR)", "a security source",
                "a local administrator", "a humanitarian source", "a UN report", "diplomats"],
        "victims": ["villagers", "civilians", "farmers", "herders", "displaced people", "worshippers",
                    "market traders", "residents", "fishermen", "gold miners"],
        "armed": ["gunmen", "armed men on motorcycles", "unidentified gunmen", "fighters from {grp}",
                  "members of {grp}", "suspected fighters of {grp}", "militiamen", "heavily armed men",
                  "assailants believed to belong to {grp}"],
        "state": ["soldiers", "government troops", "security forces", "army units", "members of the national army",
                  "troops of the presidential guard", "soldiers and allied militiamen", "special forces"],
        "official": ["a senior government official", "the regional governor", "an army spokesman",
                     "a ruling-party lawmaker", "the interior minister", "a militia commander",
                     "a popular radio host", "a local administrator", "a prominent preacher", "a senator"],
        "agency": ["the World Food Programme (WFP)", "UNICEF", "an international medical charity", "a local NGO",
                   "the International Committee of the Red Cross (ICRC)", "Relief Horizons",
                   "the Sahel Health Alliance", "CareBridge International", "the UN refugee agency (UNHCR)"],
        "year": ["1994", "2003", "2008", "2012", "2016", "2019"],
    },
    "fr": {
        "when": ["lundi", "mardi soir", "dans la nuit de mercredi à jeudi", "jeudi", "vendredi matin", "samedi",
                 "dimanche", "la semaine dernière", "le 3 mars", "le 17 juin", "le 28 octobre",
                 "en début de mois", "à l'aube mardi", "ce week-end", "vendredi en fin de journée"],
        "src": ["des responsables locaux", "un élu local", "le Bureau de la coordination des affaires humanitaires (OCHA)",
                "une source sécuritaire", "la mission de l'ONU", "une organisation locale de défense des droits humains",
                "le Haut-Commissariat des Nations unies aux droits de l'homme", "une source humanitaire",
                "un notable de la localité", "un rapport de l'ONU", "des diplomates"],
        "victims": ["villageois", "civils", "agriculteurs", "éleveurs", "déplacés", "fidèles", "commerçants",
                    "habitants", "pêcheurs", "orpailleurs"],
        "armed": ["des hommes armés", "des individus armés à moto", "des assaillants non identifiés",
                  "des combattants {grp_de}", "des membres {grp_de}", "des miliciens", "des éléments présumés {grp_de}",
                  "des hommes lourdement armés"],
        "state": ["des soldats", "les forces de sécurité", "des militaires", "des éléments de l'armée",
                  "des éléments de la garde présidentielle", "des soldats appuyés par des supplétifs",
                  "des forces spéciales"],
        "official": ["un haut responsable gouvernemental", "le gouverneur de la région", "un porte-parole de l'armée",
                     "un député du parti au pouvoir", "le ministre de l'Intérieur", "un commandant de milice",
                     "un animateur de radio populaire", "un préfet", "un prédicateur influent"],
        "agency": ["le Programme alimentaire mondial (PAM)", "l'UNICEF", "une ONG médicale internationale",
                   "une ONG locale", "le Comité international de la Croix-Rouge (CICR)", "l'ONG Horizons Solidaires",
                   "l'Alliance santé Sahel", "le Haut-Commissariat pour les réfugiés (HCR)"],
        "year": ["1994", "2003", "2008", "2012", "2016", "2019"],
    },
}

WRAP = {
    "en": ["{s}", "{s}", "{s}, {src} said", "{s}, according to {src}", "according to {src}, {s}",
           "{s}, {src} told reporters"],
    "fr": ["{s}", "{s}", "{s}, selon {src}", "selon {src}, {s}", "{s}, d'après {src}", "d'après {src}, {s}"],
}
HEDGE = {
    "en": ["unconfirmed reports said {s}", "residents alleged that {s}",
           "{s}, according to unverified accounts circulating on social media",
           "local sources claimed that {s}, though this could not be independently verified"],
    "fr": ["selon des informations non confirmées, {s}", "des habitants affirment que {s}",
           "{s}, selon des témoignages qui n'ont pas pu être vérifiés de manière indépendante",
           "des sources locales assurent que {s}, sans qu'il soit possible de le confirmer"],
}


# ----------------------------------------------------------------------------------------------- families
@dataclass
class Family:
    """One statement type with its paraphrases and its labels; all its sentences share one split."""

    id: str
    lang: str
    rfs: list[int]
    inds: list[str]
    templates: list[str]
    n: int = 6
    kind: str = "positive"
    pol: str = "asserted"
    places: str | tuple[str, ...] = "conflict"
    wrap: bool = True
    hedge: float = 0.0  # share of sentences wrapped in a hedge (polarity becomes "hedged")
    iso3: str | None = None  # fixed country when the template names it itself
    notes: str | None = None
    stratum: str = ""
    sentences: list[dict] = field(default_factory=list)


REGISTRY: list[Family] = []


def F(lang: str, rfs: list[int], inds: list[str], n: int, *templates: str, **kw) -> Family:
    """Declare a family; its id is `<stratum>.<lang>.<k>`."""
    kind = kw.get("kind", "positive")
    stratum = kw.pop("stratum", None) or (f"rf{rfs[0]}" if kind == "positive" else kind)
    k = sum(1 for f in REGISTRY if f.stratum == stratum and f.lang == lang) + 1
    fam = Family(id=f"{stratum}.{lang}.{k:02d}", lang=lang, rfs=list(rfs), inds=list(inds),
                 templates=list(templates), n=n, stratum=stratum, **kw)
    REGISTRY.append(fam)
    return fam


def NEG(lang: str, sub: str, n: int, *templates: str, rfs=(), inds=(), pol="none", kind="hard_negative", **kw):
    """Declare a negative family (hard negative or noise); `sub` names its stratum (sport, denial, ...)."""
    kw.setdefault("wrap", False)
    kw.setdefault("places", "stable" if pol == "none" else "conflict")
    return F(lang, list(rfs), list(inds), n, *templates, kind=kind, pol=pol, stratum=f"{kind}-{sub}", **kw)


# ----------------------------------------------------------------------------------------------- rendering
class _Slots(dict):
    """Lazily filled slot values for one sentence; place, group and ethnic slots are drawn once each."""

    def __init__(self, fam: Family, rng: random.Random):
        super().__init__()
        self.fam, self.rng, self.lang = fam, rng, fam.lang
        self.country: Country | None = None
        self.place = None

    def _draw_place(self) -> None:
        if self.country is not None:
            return
        pool = POOLS[self.fam.places] if isinstance(self.fam.places, str) else self.fam.places
        weights = [CONFLICT_WEIGHTS.get(c, 1) for c in pool]
        self.country = COUNTRIES[self.rng.choices(pool, weights)[0]]
        self.place = self.rng.choice(self.country.places)

    def _number(self, lo: int, hi: int) -> str:
        v = self.rng.randint(lo, hi)
        if v >= 1000:
            v = round(v, -2)
            return f"{v:,}" if self.lang == "en" else f"{v:,}".replace(",", "\u00a0")
        return str(v)

    def __missing__(self, key: str) -> str:
        r, lang = self.rng, self.lang
        if key in ("in_place", "town", "region", "country", "country_poss", "country_in", "mission", "dateline"):
            self._draw_place()
            c, (town_en, town_fr, reg_en, reg_fr) = self.country, self.place
            town = town_en if lang == "en" else town_fr
            if key == "town":
                val = town
            elif key == "region":
                val = (reg_en or town) if lang == "en" else (reg_fr or f"à {town}")
            elif key == "country":
                val = c.en if lang == "en" else c.fr
            elif key == "country_poss":
                val = c.en_poss
            elif key == "country_in":
                val = f"in {c.en}" if lang == "en" else c.fr_loc
            elif key == "mission":
                if c.mission is None:
                    raise KeyError(f"family {self.fam.id}: {{mission}} needs places='mission'")
                val = c.mission[0] if lang == "en" else c.mission[1]
            elif key == "dateline":
                hubs = [h for k, h in HUBS.items() if k != c.iso3]
                hub = r.choice(hubs)
                val = hub[0] if lang == "en" else hub[1]
            else:  # in_place
                # a trailing comma closes an apposition; _finish() drops it before other punctuation
                if lang == "en":
                    bare = reg_en.removeprefix("the ") if reg_en else None
                    if c.iso3 == "USA":
                        opts = [f"in {town}", f"in {town}, {reg_en},"]
                    else:
                        opts = [f"in {town}", f"in {town}, {c.en},", f"in {c.en}"]
                        if reg_en:
                            opts += [f"in {reg_en}", f"near {town}, in {reg_en},", f"in {c.en_poss} {bare}"]
                            if town not in reg_en:
                                opts.append(f"in {town} in {reg_en}")
                else:
                    opts = [f"à {town}", f"à {town}, {c.fr_loc},", c.fr_loc]
                    if reg_fr:
                        opts += [reg_fr, f"près de {town}, {reg_fr},", f"{reg_fr}, {c.fr_loc},"]
                        if town not in reg_fr:
                            opts.append(f"à {town}, {reg_fr},")
                val = r.choice(opts)
        elif key in ("grp", "grp_de"):
            if lang == "en":
                self["grp"] = r.choice(GROUPS_EN)
                self["grp_de"] = self["grp"]
            else:
                self["grp"], self["grp_de"] = r.choice(GROUPS_FR)
            return self[key]
        elif key in ("eth", "Eth", "eth2", "Eth2"):
            a, b = r.sample(ETHNIC, 2)
            self["Eth"], self["Eth2"] = a, b
            self["eth"], self["eth2"] = (a, b) if lang == "en" else (a.lower(), b.lower())
            return self[key]
        elif key == "n":
            val = self._number(3, 64)
        elif key == "n2":
            val = self._number(2, 12)
        elif key == "N":
            val = self._number(1200, 48000)
        elif key == "pct":
            val = str(r.randint(18, 74))
        elif key == "team":
            val = r.choice(TEAMS_EN if lang == "en" else TEAMS_FR)
        elif key in ("team2",):
            teams = [t for t in (TEAMS_EN if lang == "en" else TEAMS_FR) if t != self["team"]]
            val = r.choice(teams)
        elif key == "company":
            val = r.choice(COMPANIES_EN if lang == "en" else COMPANIES_FR)
        elif key in VOCAB[lang]:
            val = r.choice(VOCAB[lang][key])
        else:
            raise KeyError(f"family {self.fam.id}: unknown slot {{{key}}}")
        if "{" in val:
            val = string.Formatter().vformat(val, (), self)
        self[key] = val
        return val


_ATTRIBUTED = re.compile(r"\b(according to|said|told|say|says|selon|d'après|affirment|s'alarme)\b")
_ELIDE = re.compile(r"\b([Dd]e|[Qq]ue|[Jj]usque) (?=[AEIOUaeiouÉéÈèÊêÎîÔôÂâ])")
_SPACE = re.compile(r"\s+")


def _finish(text: str, lang: str) -> str:
    text = _SPACE.sub(" ", text).strip()
    text = re.sub(r"\s+([,.])", r"\1", text)
    text = re.sub(r",+(?=[,.;:!?)»—-]|$)", "", text)
    if lang == "fr":
        text = _ELIDE.sub(lambda m: m.group(1)[:-1] + "'", text)
        text = text.replace(" de le ", " du ").replace(" de les ", " des ").replace(" à le ", " au ")
        text = text.replace(" à les ", " aux ").replace(" auprès de des ", " auprès des ")
    text = text[0].upper() + text[1:]
    text = re.sub(r"^([A-ZÀ-Ý ]+ — )(\w)", lambda m: m.group(1) + m.group(2).upper(), text)  # after a dateline
    if text[-1] not in ".!?»\"'”":
        text += "."
    return text


def render(fam: Family, rng: random.Random) -> list[dict]:
    """Draw `fam.n` distinct sentences from a family."""
    out: list[dict] = []
    seen: set[str] = set()
    attempts = 0
    i = 0
    while len(out) < fam.n and attempts < fam.n * 8:
        attempts += 1
        t_index = i % len(fam.templates)
        tpl = fam.templates[t_index]
        slots = _Slots(fam, rng)
        core = string.Formatter().vformat(tpl, (), slots)
        pol = fam.pol
        if fam.hedge and rng.random() < fam.hedge:
            core = rng.choice(HEDGE[fam.lang]).format(s=core)
            pol = "hedged"
        elif fam.wrap and not _ATTRIBUTED.search(core):
            core = string.Formatter().vformat(rng.choice(WRAP[fam.lang]), (), _Chain(slots, s=core))
        text = _finish(core, fam.lang)
        if text in seen:
            continue
        seen.add(text)
        i += 1
        iso3 = slots.country.iso3 if slots.country is not None else fam.iso3
        rec = {"text": text, "language": fam.lang, "risk_factors": sorted(set(fam.rfs)), "indicators": list(fam.inds),
               "iso3": iso3, "polarity": pol, "kind": fam.kind,
               "family": f"{fam.id}.t{t_index + 1}"}
        if fam.notes:
            rec["notes"] = fam.notes
        out.append(rec)
    return out


class _Chain(dict):
    def __init__(self, slots: _Slots, **fixed):
        super().__init__(fixed)
        self.slots = slots

    def __missing__(self, key):
        return self.slots[key]


def assign_splits(rows: list[dict], rng: random.Random) -> dict[str, str]:
    """Map each template (`family` field, e.g. `rf11.en.03.t2`) to a split.

    The unit is one template: a paraphrase and all its slot fillings stay on one side. Within each stratum
    (language x the family's primary factor or negative type) templates are shuffled and moved to test until
    the stratum's test share reaches TEST_SHARE; a stratum with a single template stays in train.
    """
    units: dict[str, tuple[tuple[str, str], int]] = {}
    for r in rows:
        key, n = units.get(r["family"], ((r["language"], r["stratum"]), 0))
        units[r["family"]] = (key, n + 1)
    strata: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for unit, (key, n) in units.items():
        strata.setdefault(key, []).append((unit, n))
    split: dict[str, str] = {}
    for key in sorted(strata):
        members = sorted(strata[key])
        rng.shuffle(members)
        total = sum(n for _, n in members)
        test_n = 0
        for unit, n in members:
            if len(members) > 1 and test_n + n / 2 <= total * TEST_SHARE and test_n + n < total:
                split[unit] = "test"
                test_n += n
            else:
                split[unit] = "train"
    return split


def build() -> list[dict]:
    """All sentences, in a fixed order, with ids and splits."""
    import families_en  # noqa: F401  (declares families)
    import families_fr  # noqa: F401
    import families_neg  # noqa: F401

    first_batch = len(REGISTRY)
    import families_extra  # noqa: F401  (rendered last: earlier sentences keep their fillings and splits)

    rng = random.Random(SEED)
    rendered = []
    batch_of: dict[str, int] = {}
    seen: set[str] = set()
    for k, fam in enumerate(REGISTRY):
        for rec in render(fam, rng):
            if rec["text"] in seen:  # a sentence produced by two families keeps its first labelling
                continue
            seen.add(rec["text"])
            rec["stratum"] = fam.stratum
            rendered.append(rec)
            batch_of[rec["family"]] = int(k >= first_batch)
    # each batch of families is split on its own, so adding families never moves an earlier template's split
    split = {}
    for b in (0, 1):
        split.update(assign_splits([r for r in rendered if batch_of[r["family"]] == b], random.Random(SEED + 1 + b)))
    counters = {"en": 0, "fr": 0}
    rows = []
    for rec in rendered:
        counters[rec["language"]] += 1
        row = {"id": f"{rec['language']}-{counters[rec['language']]:06d}", "text": rec["text"],
               "language": rec["language"], "risk_factors": rec["risk_factors"], "indicators": rec["indicators"],
               "iso3": rec["iso3"], "polarity": rec["polarity"], "split": split[rec["family"]], "kind": rec["kind"],
               "family": rec["family"]}
        if "notes" in rec:
            row["notes"] = rec["notes"]
        rows.append(row)
    return rows


def dumps(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def main(argv: list[str]) -> int:
    text = dumps(build())
    if "--check" in argv:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run python {Path(__file__).name}", file=sys.stderr)
            return 1
        print(f"{OUTPUT} is current")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10))} sentences to {OUTPUT}")
    return 0


if __name__ == "__main__":
    # The family modules import `generate`; run through that module so they share one REGISTRY.
    import generate

    raise SystemExit(generate.main(sys.argv[1:]))
