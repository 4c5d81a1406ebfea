"""Vigil: atrocity-risk early warning against the UN Framework of Analysis for Atrocity Crimes."""

__version__ = "0.1.0"
