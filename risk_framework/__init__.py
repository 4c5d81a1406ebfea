"""The UN Framework of Analysis for Atrocity Crimes as data: `framework.toml` and its validating loader.

Self-contained: imports only the standard library, never other Vigil packages.
"""

from risk_framework.framework import (
    CRIMES,
    Framework,
    FrameworkError,
    Indicator,
    RiskFactor,
    UnknownIndicator,
    UnknownRiskFactor,
    default_framework,
    default_path,
    load_framework,
)

__all__ = [
    "CRIMES",
    "Framework",
    "FrameworkError",
    "Indicator",
    "RiskFactor",
    "UnknownIndicator",
    "UnknownRiskFactor",
    "default_framework",
    "default_path",
    "load_framework",
]
