"""flows.articles: decoding, extraction, canonical URLs; and extraction quality against trafilatura itself."""

from __future__ import annotations

import json

import pytest
import trafilatura

from flows.articles import UndecodableContent, canonical_url, decode_html, extract_article
from flows.documents import detect_language
from tests.conftest import shared_path
from tests.support.http_server import render_page

BASE = "http://127.0.0.1:1"


@pytest.mark.parametrize("name, lang, title_start", [
    ("en-river-valley.html", "en", "Clashes force"),
    ("fr-conseil.html", "fr", "Le conseil"),
    ("es-frontera.html", "es", "Miles de familias"),
    ("ar-mahkama.html", "ar", "آلاف النازحين"),
])
def test_extracts_text_title_author_date_language(name, lang, title_start):
    html = render_page(name, BASE).encode("utf-8")
    art = extract_article(html, f"{BASE}/pages/{name}")
    assert art is not None
    assert art.title.startswith(title_start)
    assert art.author and art.published_at and art.published_at.year == 2026
    assert "Cookie settings" not in art.text and "lentil soup" not in art.text
    assert len(art.text) > 300
    assert detect_language(art.text) == lang
    assert art.canonical_url == f"{BASE}/pages/{name}"
    assert not art.synthetic


def test_windows_1252_page_decodes():
    html = render_page("fr-conseil.html", BASE, body_swap=("d'identité", "d\u2019identité"))
    html = html.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').encode("cp1252")
    art = extract_article(html, f"{BASE}/enc/cp1252.html")  # no header charset: the <meta> decides
    assert "d\u2019identité" in art.text and "réfugiés" not in art.text and "Barenne" in art.text


def test_utf16_page_decodes_with_and_without_header_charset():
    html = render_page("es-frontera.html", BASE).encode("utf-16")
    for charset in ("utf-16", None):
        art = extract_article(html, f"{BASE}/enc/utf16.html", charset=charset)
        assert "Miles de familias cruzan la frontera" in art.title and "después" in art.text


def test_latin1_label_is_read_as_windows_1252():
    assert decode_html("l\u2019été".encode("cp1252"), "iso-8859-1") == "l\u2019été"


def test_no_article_text_and_undecodable():
    assert extract_article(render_page("no-text.html", BASE).encode(), f"{BASE}/pages/no-text.html") is None
    with pytest.raises(UndecodableContent):
        extract_article(b"\x00\x01\x02\xff" + bytes(range(256)) * 30, f"{BASE}/bad")


def test_synthetic_meta_and_foreign_canonical():
    html = render_page("wire-story.html", BASE, extra_head='<meta name="vigil:synthetic" content="true">',
                       path="/original.html").replace(f"{BASE}/original.html", "https://elsewhere.example/x")
    art = extract_article(html.encode(), f"{BASE}/copy.html")
    assert art.synthetic
    assert art.canonical_url == f"{BASE}/copy.html"  # a canonical on another site is not trusted


def test_canonical_url():
    assert canonical_url("HTTPS://WWW.Example.org:443/a/?b=1&a=2&utm_source=x#frag") == "https://www.example.org/a/?a=2&b=1"
    assert canonical_url("http://127.0.0.1:8000/p?id=3") == "http://127.0.0.1:8000/p?id=3"


def _eval_pages(step: int) -> list[dict]:
    folder = shared_path("trafilatura_eval_sample")
    return json.loads((folder / "annotations.json").read_text())[::step]


@pytest.mark.parametrize("step", [
    pytest.param(6, id="every-6th-page"),
    pytest.param(1, id="all-pages", marks=pytest.mark.slow),
])
def test_stored_text_keeps_what_trafilatura_keeps(step):
    """On real pages, every must-include snippet in trafilatura's own main-text output is in the text Vigil stores.

    Vigil leaves reader comments out (unverified third-party text is not evidence), so the comparison is with
    trafilatura's output without comments; snippets that only a comment section carries are counted apart."""
    folder = shared_path("trafilatura_eval_sample")
    annotations = _eval_pages(step)
    lost, kept_ours, kept_theirs, leaked_ours, leaked_theirs = [], 0, 0, 0, 0
    for page in annotations:
        html = (folder / page["file"]).read_bytes()
        theirs = trafilatura.extract(html, url=page["url"], include_comments=False) or ""
        try:
            art = extract_article(html, page["url"])
        except UndecodableContent:
            art = None
        ours = art.text if art else ""
        for snippet in page.get("with", []):
            in_theirs, in_ours = snippet in theirs, snippet in ours
            kept_theirs += in_theirs
            kept_ours += in_ours
            if in_theirs and not in_ours:
                lost.append((page["file"], snippet))
        for snippet in page.get("without", []):
            leaked_theirs += snippet in theirs
            leaked_ours += snippet in ours
    assert not lost, lost[:5]
    assert kept_ours >= kept_theirs > 0
    assert leaked_ours <= leaked_theirs  # and no more boilerplate than trafilatura's default output
