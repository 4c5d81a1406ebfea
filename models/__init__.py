"""NLP for Vigil: sentence splitting, gazetteer and country attribution, indicator-evidence tagging."""
