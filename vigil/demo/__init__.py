"""The demo: Vigil's own synthetic corpus, served on loopback, run through the real pipeline.

Every article here is synthetic text written for Vigil. It describes no real events; the countries are real only
so that the map, the gazetteer and the scoring can be exercised end to end.
"""
