"""Vigil's labelled sentence set and behaviour cases (`data/training/`): schema, loading and validation.

`load_sentences()` reads `data/training/sentences.jsonl` (or any file in the same schema) into
`LabelledSentence` objects, checking every line against the schema and every indicator id against the
framework (`risk_framework`): the id must exist and belong to one of the sentence's listed risk factors.
`load_behaviour_cases()` does the same for `behaviour_cases.jsonl`. Any defect raises `TrainingDataError`
naming the file, the line and the offending value; nothing is silently skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

__all__ = [
    "BEHAVIOUR_CASES_PATH",
    "KINDS",
    "POLARITIES",
    "SENTENCES_PATH",
    "TRAINING_DIR",
    "BehaviourCase",
    "LabelledSentence",
    "TrainingDataError",
    "load_behaviour_cases",
    "load_sentences",
    "split",
]

TRAINING_DIR = Path(__file__).resolve().parent.parent / "data" / "training"
SENTENCES_PATH = TRAINING_DIR / "sentences.jsonl"
BEHAVIOUR_CASES_PATH = TRAINING_DIR / "behaviour_cases.jsonl"

POLARITIES = ("asserted", "negated", "denied", "hedged", "past", "none")
KINDS = ("positive", "hard_negative", "noise")


class TrainingDataError(ValueError):
    """A labelled-data file is unreadable or a line breaks the schema; carries path, line and value."""

    def __init__(self, path: Path | str, line: int | None, problem: str, value: object = None):
        self.path, self.line, self.value = str(path), line, value
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {problem}")


def _iso3(value: str | None) -> str | None:
    if value is not None and not (len(value) == 3 and value.isascii() and value.isalpha() and value.isupper()):
        raise ValueError(f"iso3 must be three capital letters or null, got {value!r}")
    return value


def _factors(value: list[int]) -> list[int]:
    if any(not 1 <= f <= 14 for f in value):
        raise ValueError(f"risk factors must be integers 1..14, got {value!r}")
    if len(set(value)) != len(value):
        raise ValueError(f"risk factors repeated: {value!r}")
    return value


class LabelledSentence(BaseModel):
    """One labelled sentence (see data/training/README.md for the labelling guide)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^(en|fr)-\d{6}$")
    text: str = Field(min_length=10)
    language: Literal["en", "fr"]
    risk_factors: list[int]
    indicators: list[str]
    iso3: str | None
    polarity: Literal["asserted", "negated", "denied", "hedged", "past", "none"]
    split: Literal["train", "test"]
    kind: Literal["positive", "hard_negative", "noise"]
    family: str | None = None
    notes: str | None = None

    _check_iso3 = field_validator("iso3")(_iso3)
    _check_factors = field_validator("risk_factors")(_factors)

    @model_validator(mode="after")
    def _consistent(self) -> LabelledSentence:
        if not self.id.startswith(self.language + "-"):
            raise ValueError(f"id {self.id!r} does not match language {self.language!r}")
        if self.kind == "positive" and (not self.risk_factors or self.polarity not in ("asserted", "hedged")):
            raise ValueError("a positive needs risk factors and polarity 'asserted' or 'hedged'")
        if self.kind == "noise" and (self.risk_factors or self.polarity != "none"):
            raise ValueError("noise carries no risk factors and polarity 'none'")
        if self.polarity in ("none", "negated") and self.risk_factors:
            raise ValueError(f"polarity {self.polarity!r} cannot carry risk factors")
        if self.polarity in ("denied", "past") and not self.risk_factors:
            raise ValueError(f"polarity {self.polarity!r} labels the factor it denies or recalls")
        if self.indicators and not self.risk_factors:
            raise ValueError("indicators without risk factors")
        return self


class BehaviourCase(BaseModel):
    """A short document with the risk factors `vigil tag` must (and must not) find, and its country."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    text: str = Field(min_length=10)
    title: str | None = None
    language: Literal["en", "fr"]
    case: str = Field(min_length=1)
    expect_risk_factors: list[int]
    expect_any_risk_factors: list[int] = []
    expect_any_indicators: list[str] = []
    forbid_risk_factors: list[int]
    expect_iso3: str | None
    weaker_than: str | None = None
    notes: str | None = None

    _check_iso3 = field_validator("expect_iso3")(_iso3)
    _check_factors = field_validator("expect_risk_factors", "expect_any_risk_factors", "forbid_risk_factors")(_factors)

    @model_validator(mode="after")
    def _consistent(self) -> BehaviourCase:
        expected = set(self.expect_risk_factors) | set(self.expect_any_risk_factors)
        if expected & set(self.forbid_risk_factors):
            raise ValueError(f"risk factors both expected and forbidden: {sorted(expected & set(self.forbid_risk_factors))}")
        return self


def _read_jsonl(path: Path) -> Iterable[tuple[int, dict]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise TrainingDataError(path, None, f"cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise TrainingDataError(path, None, f"not UTF-8: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TrainingDataError(path, number, f"invalid JSON: {exc.msg}", line[:80]) from exc
        if not isinstance(obj, dict):
            raise TrainingDataError(path, number, "expected a JSON object", obj)
        yield number, obj


def _parse(model: type[BaseModel], path: Path, number: int, obj: dict):
    try:
        return model.model_validate(obj)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "line"
        raise TrainingDataError(path, number, f"{loc}: {first['msg']}", first.get("input")) from exc


def _check_indicators(path: Path, number: int, indicators: Iterable[str], factors: Iterable[int] | None, framework) -> None:
    from risk_framework import UnknownIndicator

    allowed = set(factors) if factors is not None else None
    for ind in indicators:
        try:
            owner = framework.indicator(ind).risk_factor
        except UnknownIndicator as exc:
            raise TrainingDataError(path, number, f"unknown indicator {ind!r} ({framework.full_version})", ind) from exc
        if allowed is not None and owner not in allowed:
            raise TrainingDataError(path, number, f"indicator {ind!r} belongs to RF{owner}, not to {sorted(allowed)}", ind)


def load_sentences(path: str | Path | None = None, framework=None) -> list[LabelledSentence]:
    """All labelled sentences of a JSONL file (default: the shipped set), validated; ids must be unique."""
    from risk_framework import default_framework

    path = Path(path) if path is not None else SENTENCES_PATH
    framework = framework or default_framework()
    out: list[LabelledSentence] = []
    seen: dict[str, int] = {}
    for number, obj in _read_jsonl(path):
        sentence = _parse(LabelledSentence, path, number, obj)
        if sentence.id in seen:
            raise TrainingDataError(path, number, f"duplicate id {sentence.id!r} (first on line {seen[sentence.id]})",
                                    sentence.id)
        seen[sentence.id] = number
        _check_indicators(path, number, sentence.indicators, sentence.risk_factors, framework)
        out.append(sentence)
    if not out:
        raise TrainingDataError(path, None, "no sentences")
    return out


def load_behaviour_cases(path: str | Path | None = None, framework=None) -> list[BehaviourCase]:
    """All behaviour cases of a JSONL file (default: the shipped file), validated; ids must be unique."""
    from risk_framework import default_framework

    path = Path(path) if path is not None else BEHAVIOUR_CASES_PATH
    framework = framework or default_framework()
    out: list[BehaviourCase] = []
    ids: dict[str, int] = {}
    for number, obj in _read_jsonl(path):
        case = _parse(BehaviourCase, path, number, obj)
        if case.id in ids:
            raise TrainingDataError(path, number, f"duplicate id {case.id!r} (first on line {ids[case.id]})", case.id)
        ids[case.id] = number
        _check_indicators(path, number, case.expect_any_indicators, None, framework)
        out.append(case)
    for number, case in enumerate(out, start=1):
        if case.weaker_than is not None and case.weaker_than not in ids:
            raise TrainingDataError(path, ids[case.id], f"weaker_than names unknown case {case.weaker_than!r}",
                                    case.weaker_than)
    if not out:
        raise TrainingDataError(path, None, "no behaviour cases")
    return out


def split(sentences: Iterable[LabelledSentence], name: str) -> list[LabelledSentence]:
    """The sentences of one split ("train" or "test")."""
    if name not in ("train", "test"):
        raise TrainingDataError("<split>", None, f"unknown split {name!r} (expected 'train' or 'test')", name)
    return [s for s in sentences if s.split == name]
