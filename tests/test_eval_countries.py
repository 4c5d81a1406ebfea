"""models.eval_countries: the fixed dev/test split and the ceiling of a name-reading attributor (synthetic rows)."""

from __future__ import annotations

import hashlib

import pytest

from models.countries import default_attributor
from models.eval_countries import (
    LabelledDataError,
    evaluate_countries,
    half_of,
    lowercase_vocabulary,
    main,
    names_capitalised,
    read_labelled,
)


def test_half_of_is_sha256_parity():
    for item_id in ("acledKEN:KEN1", "acledKEN:KEN2", "x", "acledASIA:IND77"):
        odd = int(hashlib.sha256(item_id.encode()).hexdigest(), 16) % 2
        assert half_of(item_id) == ("test" if odd else "dev")
    halves = {half_of(f"item{i}") for i in range(20)}
    assert halves == {"dev", "test"}


def _write(tmp_path, rows, header="item_id,text,iso3"):
    path = tmp_path / "rows.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_read_labelled_halves_partition_the_rows(tmp_path):
    ids = [f"id{i}" for i in range(40)]
    path = _write(tmp_path, [f"{i},Gunmen attacked a bus in Garissa.,KEN" for i in ids])
    dev = read_labelled(path, half="dev")
    test = read_labelled(path, half="test")
    assert len(dev) + len(test) == 40 and dev and test
    assert {r["item_id"] for r in dev}.isdisjoint({r["item_id"] for r in test})
    assert all(half_of(r["item_id"]) == "test" for r in test)
    assert len(read_labelled(path)) == 40
    # A sample is drawn inside the half.
    assert {r["item_id"] for r in read_labelled(path, sample=3, half="test")} <= {r["item_id"] for r in test}


def test_read_labelled_half_needs_item_ids(tmp_path):
    path = _write(tmp_path, ["Gunmen attacked a bus in Garissa.,KEN"], header="text,iso3")
    assert len(read_labelled(path)) == 1
    with pytest.raises(LabelledDataError, match="item_id"):
        read_labelled(path, half="dev")
    with pytest.raises(ValueError, match="half"):
        read_labelled(path, half="train")


@pytest.mark.parametrize("text, expected", [
    ("Police dispersed protesters over unpaid salaries.", False),
    ("On March 3 2015, police dispersed protesters on Monday.", False),   # months and weekdays name nothing
    ("LOCATION: unknown. FATALITIES: DETAILS NOT SPECIFIED. Clan fighting left 5 dead.", False),
    ("I saw protesters. [Size=no report]", False),
    ("Protesters gathered in Garissa.", True),
    ("Gunmen attacked a bus near the border.  Al Shabaab claimed it.", True),  # "Shabaab" is not sentence-first
    ("BJP members protested.", True),                 # a sentence-initial acronym may name an actor
])
def test_names_capitalised(text, expected):
    vocab = frozenset({"police", "protesters", "gunmen", "clan", "members", "on"})
    assert names_capitalised(text, vocab) is expected


def test_sentence_initial_word_counts_only_if_never_written_in_lower_case():
    vocab = lowercase_vocabulary(["the police came", "residents of the town protested"])
    assert "police" in vocab and "Town" not in vocab
    assert names_capitalised("Kilifi residents protested.", vocab)
    assert not names_capitalised("Police protested.", vocab)
    assert names_capitalised("Police protested.")  # no vocabulary: every capitalised word may be a name


def test_ceiling_rows(tmp_path):
    path = _write(tmp_path, [
        "a1,Gunmen attacked a bus in Garissa.,KEN",
        "a2,Police dispersed gunmen after police arrived.,KEN",
        "a3,Protesters blocked a road in Kampala.,KEN",
    ])
    score = evaluate_countries(read_labelled(path), default_attributor(), "tiny")
    assert (score.n, score.capitalised, score.capitalised_correct, score.nameless_correct) == (3, 2, 1, 0)
    assert score.ceiling == pytest.approx(2 / 3)
    assert "ceiling 66.7%" in score.table()


def test_main_prints_the_half(tmp_path, capsys):
    path = _write(tmp_path, [f"id{i},Gunmen attacked a bus in Garissa.,KEN" for i in range(10)])
    assert main([str(path), "--half", "test"]) == 0
    out = capsys.readouterr().out
    assert "half: test" in out and "(test)" in out and "ceiling" in out
