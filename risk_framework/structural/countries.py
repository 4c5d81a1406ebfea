"""EWP country names and Correlates-of-War codes to ISO 3166-1 alpha-3.

Names are looked up in pycountry (official, common and alternative names); the explicit table below covers EWP's
spellings pycountry does not know, and the historical states that have no ISO code today.
"""

from __future__ import annotations

from functools import cache

#: EWP names pycountry does not resolve (or resolves only fuzzily), checked by hand against CoW codes.
EXPLICIT: dict[str, str] = {
    "Burma/Myanmar": "MMR",             # CoW 775
    "Cape Verde": "CPV",                # 402
    "Democratic Republic of Congo": "COD",  # 490
    "Democratic Republic of Vietnam": "VNM",  # 816: North Vietnam, continued as unified Vietnam from 1976
    "Ivory Coast": "CIV",               # 437
    "Kosovo": "XKX",                    # 347: no ISO code; XKX is the user-assigned code Vigil's countries table uses
    "Kyrgystan": "KGZ",                 # 703 (EWP's spelling)
    "Macedonia": "MKD",                 # 343: North Macedonia
    "Republic of Congo": "COG",         # 484
    "Russia": "RUS",                    # 365: includes the Soviet Union's years
    "The Gambia": "GMB",                # 420
    "Turkey": "TUR",                    # 640: Türkiye
}

#: EWP entities with no ISO 3166-1 code today, and why. They appear only in years before 1991 and are never forecast.
UNMAPPED: dict[str, str] = {
    "East Germany": "German Democratic Republic (CoW 265), dissolved 1990 into Germany (DEU, CoW 255)",
    "Czechoslovakia": "CoW 315, dissolved 1993 into Czechia (CZE) and Slovakia (SVK)",
    "Arab Republic of Yemen": "North Yemen (CoW 678) to 1990; unified Yemen is a new CoW state (679, YEM)",
    "People's Republic of Yemen": "South Yemen, Yemen PDR (CoW 680), merged into Yemen in 1990",
    "Republic of Vietnam": "South Vietnam (CoW 817), ended 1975",
}


@cache
def ewp_to_iso3(name: str) -> str | None:
    """ISO3 for an EWP country name, or None for a historical state listed in UNMAPPED (or an unknown name)."""
    import pycountry

    if name in EXPLICIT:
        return EXPLICIT[name]
    if name in UNMAPPED:
        return None
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def map_countries(names) -> dict[str, str | None]:
    """{ewp_name: iso3 or None} for every distinct name."""
    return {n: ewp_to_iso3(n) for n in sorted(set(names))}
