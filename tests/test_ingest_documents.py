"""flows.documents: hashes, SimHash bands, language detection, story clustering and the write path."""

from __future__ import annotations

import random

import pytest

import store
from flows.documents import (
    DocumentError, assign_story_clusters, bands, content_hash, detect_language, hamming, prepare_documents,
    simhash, write_documents,
)


def test_bands_cover_64_bits_and_guarantee_a_shared_band():
    for threshold in (0, 3, 5):
        spec = bands(threshold)
        assert len(spec) == threshold + 1 and sum(bin(mask).count("1") for _, mask in spec) == 64
    rng = random.Random(7)
    spec = bands(3)
    for _ in range(2000):
        a = rng.getrandbits(64)
        b = a
        for bit in rng.sample(range(64), rng.randint(0, 3)):
            b ^= 1 << bit
        assert hamming(a, b) <= 3
        assert any((a >> s) & m == (b >> s) & m for s, m in spec)  # pigeonhole: never missed by the lookup


def test_simhash_is_stable_and_near_for_light_edits():
    text = ("Talks on a ceasefire collapsed on Thursday after both delegations left the negotiating table in the "
            "lakeside town, mediators said. Within hours residents reported heavy shelling of the harbour district. ") * 3
    assert simhash(text) == simhash(text) and simhash("") == 0
    assert content_hash(text) == content_hash("  " + text.upper() + "\n")
    assert hamming(simhash(text), simhash(text + " Additional reporting by our desk.")) <= 3
    assert hamming(simhash(text), simhash("Football results and the weekend weather forecast " * 5)) > 10


@pytest.mark.parametrize("text, lang", [
    ("The Security Council condemned the attacks on civilians and called for an inquiry.", "en"),
    ("Le Conseil de sécurité a condamné les attaques contre les civils et demandé une enquête.", "fr"),
    ("El Consejo de Seguridad condenó los ataques contra civiles y pidió una investigación.", "es"),
    ("أدان مجلس الأمن الهجمات على المدنيين ودعا إلى إجراء تحقيق.", "ar"),
])
def test_language_detection_offline(text, lang):
    assert detect_language(text) == lang


def test_short_text_falls_back_to_hint():
    assert detect_language("Hi", "fr-FR") == "fr" and detect_language("", None) is None


def test_prepare_rejects_bad_records():
    with pytest.raises(DocumentError, match="no text"):
        prepare_documents([{"source": "s", "text": "  ", "text_source": "page"}])
    with pytest.raises(DocumentError, match="text_source"):
        prepare_documents([{"source": "s", "text": "x", "text_source": "web"}])
    with pytest.raises(DocumentError, match="no source"):
        prepare_documents([{"text": "x", "text_source": "page"}])


def test_import_path_writes_and_clusters(db_path):
    body = ("Shelling resumed near the harbour after talks collapsed, and aid convoys were suspended along the "
            "coastal road while thousands of displaced people sheltered in warehouses. ") * 4
    records = [
        {"source": "archive", "outlet": "A", "url": "http://a.example/1", "text": body, "text_source": "import",
         "published_at": "2026-11-19T10:00:00+01:00", "metadata": {"k": 1}},
        {"source": "archive", "outlet": "B", "url": "http://b.example/1", "text": body + " Reporting by B.",
         "text_source": "import"},
        {"source": "archive", "outlet": "A", "url": "http://a.example/repost", "text": body, "text_source": "import"},
        {"source": "archive", "outlet": "C", "url": "http://c.example/other", "text": "An unrelated story. " * 10,
         "text_source": "import", "synthetic": True},
    ]
    df = prepare_documents(records)
    assert str(df.loc[0, "published_at"]) == "2026-11-19 09:00:00"  # stored as naive UTC
    with store.open_db(db_path) as con:
        with store.transaction(con):
            counts = write_documents(con, df)
        assert (counts.new, counts.duplicate) == (3, 1)  # outlet A's re-post of the same text is dropped
        rows = con.execute("SELECT outlet, story_id, synthetic FROM documents ORDER BY outlet").fetchall()
        assert rows[0][1] == rows[1][1] != rows[2][1] and rows[2][2]
        with store.transaction(con):
            assert write_documents(con, df).new == 0
        more = assign_story_clusters(con, prepare_documents([{"source": "x", "outlet": "D", "text": body + " D.",
                                                               "text_source": "import"}]))
        assert more.loc[0, "story_id"] == rows[0][1]
