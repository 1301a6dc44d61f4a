"""Vendored browser libraries: intact, complete, and the only assets the map may use."""
from __future__ import annotations

import pytest

from geo.assets import (
    CDN_TO_LOCAL,
    VENDOR_DIR,
    WEB_DIR,
    UnknownAssetError,
    localize_assets,
    read_manifest,
    sha256,
)


def test_vendored_files_match_the_manifest():
    manifest = read_manifest()
    on_disk = {str(p.relative_to(VENDOR_DIR)) for p in VENDOR_DIR.rglob("*") if p.is_file()} - {"MANIFEST.json"}
    assert on_disk == set(manifest)
    for rel, digest in manifest.items():
        assert sha256(VENDOR_DIR / rel) == digest, rel


def test_every_known_cdn_url_has_a_local_copy():
    for url, rel in CDN_TO_LOCAL.items():
        assert (WEB_DIR / rel).is_file(), url


def test_known_cdn_urls_become_local_paths():
    html = '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>'
    assert localize_assets(html) == '<script src="vendor/leaflet-1.9.3/leaflet.js"></script>'


@pytest.mark.parametrize(
    "tag",
    [
        '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js"></script>',
        '<link rel="stylesheet" href="https://cdnjs.cloudflare.com/ajax/libs/x/1.0/x.css"/>',
        '<script src="//unpkg.com/x"></script>',
        '<script src="../app.py"></script>',
    ],
)
def test_unknown_assets_fail_loudly(tag):
    with pytest.raises(UnknownAssetError):
        localize_assets(tag)


def test_inline_mode_embeds_scripts_styles_and_images():
    html = (
        '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"/>'
        '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>'
    )
    out = localize_assets(html, inline=True)
    assert "<link" not in out and 'src="' not in out
    assert "data:image/png;base64," in out  # leaflet.css's layer-control icons
    assert "Leaflet" in out
