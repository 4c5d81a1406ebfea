"""The tagging pipeline: countries and sentence-level indicator evidence for documents.

`tag_text(text, title=None, language=None, doc_id=None)` tags one document; `tag_stream(records, batch_size=256)`
tags an iterable of ``{"id", "text", "title"?, "language"?}`` dicts lazily, batch by batch (constant memory). Both
go through `Tagger.tag_batch`, as do `vigil tag` and the Prefect tag flow. Models load once per process
(`default_tagger()`).

Output per document::

    {"id", "language", "primary_iso3", "countries": [{"iso3", "mentions", "score"}],
     "hits": [{"indicator", "risk_factor", "confidence", "iso3", "sentence", "start", "end",
               "sentence_start", "sentence_end", "method", "cues"}],
     "model_version"}

``start``/``end`` are character offsets of the matched span in ``text`` (for classifier-only evidence, the
sentence); ``sentence_start``/``sentence_end`` those of its sentence.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from pathlib import Path

import numpy as np

from models.classifier import detect_language, doc_features
from models.evidence import (
    CombineConfig,
    PatternMatcher,
    carry_cues,
    classifier_only_floor,
    combine_sentence,
)
from models.patterns import LANGUAGES, patterns_version, rf_patterns_v1
from models.sentences import split_sentences

TAGGER_NAME = "tagger.v1"
ARTIFACTS_DIR = Path(__file__).resolve().parent / "artifacts"
CURRENT_FILE = "CURRENT"


class ModelArtifactError(RuntimeError):
    """The model artifact is missing, unreadable, or made for another framework or scikit-learn."""


class BadRecord(ValueError):
    """An input record cannot be tagged (no text, wrong types); carries the offending record id or value."""


def artifact_path(directory: Path = ARTIFACTS_DIR) -> Path:
    """The current artifact, named by `models/artifacts/CURRENT`."""
    current = directory / CURRENT_FILE
    if not current.exists():
        raise ModelArtifactError(f"no model artifact: {current} missing (run `vigil train`)")
    path = directory / current.read_text(encoding="utf-8").strip()
    if not path.exists():
        raise ModelArtifactError(f"model artifact named in {current} not found: {path}")
    return path


def load_artifact(path: Path | None = None) -> dict:
    """Load the joblib artifact and check its scikit-learn version and labels."""
    import joblib
    import sklearn

    path = path or artifact_path()
    try:
        art = joblib.load(path)
    except (OSError, EOFError, ValueError) as exc:
        raise ModelArtifactError(f"cannot read model artifact {path}: {exc}") from exc
    if art.get("sklearn_version") != sklearn.__version__:
        raise ModelArtifactError(
            f"{path} was trained with scikit-learn {art.get('sklearn_version')}, this is {sklearn.__version__}: "
            "install the pinned version (constraints.txt) or run `vigil train`"
        )
    return art


def _classifier_only(value) -> float | dict[int, float]:
    """The artifact's classifier-only floor: one number, or one per risk factor (JSON keys are strings)."""
    return {int(k): float(v) for k, v in value.items()} if isinstance(value, dict) else float(value)


class Tagger:
    """Countries + indicator evidence. Build once (patterns, gazetteer and classifier load here) and reuse."""

    def __init__(self, artifact: dict | None = None, framework=None, attributor=None, min_confidence: float = 0.35,
                 classifier_only: float | None = None):
        from models.countries import default_attributor
        from risk_framework import default_framework

        self.framework = framework or default_framework()
        self.artifact = artifact or load_artifact()
        self.attributor = attributor or default_attributor()
        indicator_rf = {i.id: i.risk_factor for i in self.framework.indicators}
        unknown = [i for i in self.artifact["indicator_labels"] if i not in indicator_rf]
        if unknown:
            raise ModelArtifactError(f"model artifact names indicators the framework does not have: {unknown}")
        self.matcher = PatternMatcher(rf_patterns_v1(), indicator_rf)
        self.rf_labels: list[int] = list(self.artifact["rf_labels"])
        self.ind_labels: list[str] = list(self.artifact["indicator_labels"])
        self.cfg = CombineConfig(
            thresholds={int(k): float(v) for k, v in self.artifact["thresholds"].items()},
            classifier_only=_classifier_only(classifier_only if classifier_only is not None
                                             else self.artifact["classifier_only"]),
            classifier_only_explained=_classifier_only(self.artifact.get("classifier_only_explained", 0.97)),
            min_confidence=min_confidence,
        )
        self.default_indicator = {int(k): v for k, v in self.artifact["default_indicator"].items()}
        self.version = "|".join([TAGGER_NAME, patterns_version(), self.artifact["version"], self.attributor.version])
        self.framework_version = self.framework.full_version

    # ---------------------------------------------------------------------------------------------- batches
    skip_quiet_sentences = True  # no combination for sentences without pattern hits under every classifier-only floor

    def _features(self, pipeline, docs: list, spans: list[list[tuple[int, int]]]):
        """Hashed stem features of every sentence of a batch (one sparse matrix), or None without sentences."""
        vec = pipeline.named_steps["vec"]
        rows, cols, n = [], [], 0
        for doc, sp in zip(docs, spans):
            r, c = doc_features(doc, sp, vec.n_features, vec.bigrams)
            rows.append(r + n)
            cols.append(c)
            n += len(sp)
        return vec.from_features(rows, cols, n) if n else None

    @staticmethod
    def _predict(pipeline, X) -> np.ndarray:
        import sklearn

        if X is None:
            return np.zeros((0, 0))
        with sklearn.config_context(assume_finite=True):  # hashed counts are finite: skip ~100 finiteness scans
            return pipeline[1:].predict_proba(X)

    def _batch_probabilities(self, docs: list, spans: list[list[tuple[int, int]]]) -> tuple[np.ndarray, np.ndarray]:
        """Risk-factor and indicator probabilities of every sentence of a batch: features once, one
        `predict_proba` per head."""
        rf_pipe, ind_pipe = self.artifact["rf_pipeline"], self.artifact["indicator_pipeline"]
        X = self._features(rf_pipe, docs, spans)
        same = rf_pipe.named_steps["vec"].get_params() == ind_pipe.named_steps["vec"].get_params()
        X_ind = X if same else self._features(ind_pipe, docs, spans)
        return self._predict(rf_pipe, X), self._predict(ind_pipe, X_ind)

    def tag_batch(self, records: list[dict]) -> list[dict]:
        """Tag a list of records ``{"id"?, "text", "title"?, "language"?}``; raises BadRecord on a record without text."""
        prepared = []
        for rec in records:
            text = rec.get("text") if isinstance(rec, dict) else None
            if not isinstance(text, str):
                raise BadRecord(f"record {rec.get('id') if isinstance(rec, dict) else rec!r}: 'text' must be a string")
            title = rec.get("title") if isinstance(rec.get("title"), str) else None
            lang = rec.get("language")
            lang = lang if lang in LANGUAGES else detect_language(text)
            prepared.append((rec.get("id"), text, title, lang, split_sentences(text, lang)))
        out: list[dict | None] = [None] * len(prepared)
        for lang in LANGUAGES:
            idx = [i for i, p in enumerate(prepared) if p[3] == lang]
            if not idx:
                continue
            texts = [prepared[i][1] for i in idx]
            spans = [prepared[i][4] for i in idx]
            docs = self.matcher.docs(texts, lang)
            matches = self.matcher.match(docs, lang, spans)
            p_rf, p_ind = self._batch_probabilities(docs, spans)
            floors = np.array([classifier_only_floor(self.cfg, rf) for rf in self.rf_labels])
            row = 0
            for k, i in enumerate(idx):
                doc_id, text, title, _, sp = prepared[i]
                out[i] = self._document(doc_id, text, title, lang, sp, matches[k], p_rf[row:row + len(sp)],
                                        p_ind[row:row + len(sp)], floors)
                row += len(sp)
        return out  # type: ignore[return-value]

    def _document(self, doc_id, text, title, lang, spans, sent_matches, p_rf, p_ind, floors) -> dict:
        att = self.attributor.attribute(text, title=title, language=lang, sentences=spans)
        ps = self.matcher.sets[lang]
        past_kinds = {"past"}
        document_past = bool(title) and self.matcher.title_has_past_framing(title, lang)
        if not document_past and sent_matches:
            document_past = any(c.kind in past_kinds for c in sent_matches[0].cues)
        hits = []
        sent_matches = carry_cues(sent_matches, ps)
        if self.skip_quiet_sentences and len(p_rf):
            loud = (p_rf >= floors).any(axis=1).tolist()
        else:
            loud = [True] * len(sent_matches)
        rf_rows, ind_rows = p_rf.tolist(), p_ind.tolist()
        for si, sm in enumerate(sent_matches):
            if not sm.hits and not loud[si]:
                continue  # combine_sentence would give nothing: no pattern hit, no factor at its classifier floor
            probs = dict(zip(self.rf_labels, rf_rows[si]))
            ind_probs = _Row(self.ind_labels, ind_rows[si])
            rows = combine_sentence(sm, probs, ind_probs, self.default_indicator, ps, self.cfg,
                                    document_past=document_past and si > 0)
            if not rows:
                continue
            named = att.sentence_iso3[si] if si < len(att.sentence_iso3) else ()
            iso3 = (att.primary_iso3 if att.primary_iso3 in named else named[0]) if named else att.primary_iso3
            sentence = text[sm.start:sm.end]
            for r in rows:
                hits.append({
                    "indicator": r["indicator"], "risk_factor": int(r["risk_factor"]),
                    "confidence": r["confidence"], "iso3": iso3, "sentence": sentence,
                    "start": r["start"], "end": r["end"], "sentence_start": sm.start, "sentence_end": sm.end,
                    "method": r["method"], "cues": r["cues"],
                })
        return {
            "id": doc_id,
            "language": lang,
            "primary_iso3": att.primary_iso3,
            "countries": [{"iso3": c.iso3, "mentions": c.mentions, "score": round(c.score, 4)} for c in att.countries],
            "hits": hits,
            "model_version": self.version,
        }

    # ---------------------------------------------------------------------------------------------- public
    def tag_text(self, text: str, title: str | None = None, language: str | None = None, doc_id=None) -> dict:
        return self.tag_batch([{"id": doc_id, "text": text, "title": title, "language": language}])[0]

    def tag_stream(self, records: Iterable[dict], batch_size: int = 256) -> Iterator[dict]:
        it = iter(records)
        while batch := list(islice(it, batch_size)):
            yield from self.tag_batch(batch)


class _Row:
    """One sentence's indicator probabilities as a read-only mapping, zipped only if asked (most sentences never
    need them: they are read only for classifier-only evidence)."""

    __slots__ = ("labels", "values")

    def __init__(self, labels: list[str], values: list[float]):
        self.labels, self.values = labels, values

    def items(self):
        return zip(self.labels, self.values)


@lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    """The process-wide tagger over the shipped artifact, patterns and gazetteer (loaded once)."""
    return Tagger()


def tag_text(text: str, title: str | None = None, language: str | None = None, doc_id=None) -> dict:
    """Countries and evidence hits for one document (see the module docstring for the shape)."""
    return default_tagger().tag_text(text, title=title, language=language, doc_id=doc_id)


def tag_stream(records: Iterable[dict], batch_size: int = 256) -> Iterator[dict]:
    """Tag a stream of ``{"id", "text", "title"?, "language"?}`` records lazily, `batch_size` at a time."""
    return default_tagger().tag_stream(records, batch_size=batch_size)


def __getattr__(name: str):
    if name == "MODEL_VERSION":  # computed lazily: it needs the artifact and the gazetteer
        return default_tagger().version
    raise AttributeError(name)


def dumps(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False)
