"""Every script and stylesheet the map needs, served from our own files: no CDN.

Folium elements name their assets by CDN URL (``default_js``/``default_css``).
``localize_assets`` rewrites each known URL to our vendored copy in ``geo/web``
(served next to the map by the Streamlit component), or inlines it for a
standalone file. An unknown absolute URL raises ``UnknownAssetError`` here, in
Python, instead of leaving a blank map in a browser with no network.
"""
from __future__ import annotations

import base64
import hashlib
import json
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

WEB_DIR = Path(__file__).resolve().parent / "web"
VENDOR_DIR = WEB_DIR / "vendor"
MANIFEST = VENDOR_DIR / "MANIFEST.json"


@dataclass(frozen=True)
class VendorPackage:
    """An npm package we copy files from; ``files`` maps package path -> path under vendor/<folder>/."""

    npm: str
    version: str
    licence_file: str
    files: dict[str, str]
    cdn: dict[str, str]  # CDN URL used by folium -> path under vendor/<folder>/

    @property
    def folder(self) -> str:
        return f"{self.npm}-{self.version}"


VENDOR_PACKAGES = (
    VendorPackage(
        npm="leaflet", version="1.9.3", licence_file="LICENSE",
        files={
            "dist/leaflet.js": "leaflet.js",
            "dist/leaflet.css": "leaflet.css",
            **{f"dist/images/{n}": f"images/{n}" for n in (
                "layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png")},
        },
        cdn={
            "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet.js",
            "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet.css",
        },
    ),
    VendorPackage(  # a wheel turn over the map scrolls the page; Ctrl/⌘ + wheel or two fingers move the map
        npm="leaflet-gesture-handling", version="1.2.2", licence_file="LICENSE",
        files={"dist/leaflet-gesture-handling.min.js": "leaflet-gesture-handling.min.js",
               "dist/leaflet-gesture-handling.min.css": "leaflet-gesture-handling.min.css"},
        cdn={},
    ),
    VendorPackage(
        npm="leaflet.fullscreen", version="3.0.0", licence_file="LICENSE",
        files={"Control.FullScreen.js": "Control.FullScreen.js", "Control.FullScreen.css": "Control.FullScreen.css",
               "icon-fullscreen.svg": "icon-fullscreen.svg"},
        cdn={
            "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": "Control.FullScreen.js",
            "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css": "Control.FullScreen.css",
        },
    ),
)

CDN_TO_LOCAL = {url: f"vendor/{p.folder}/{rel}" for p in VENDOR_PACKAGES for url, rel in p.cdn.items()}

# <script src="..."></script> and <link rel="stylesheet" href="..."/> as folium writes them.
_SCRIPT = re.compile(r'<script src="(?P<url>[^"]+)"></script>')
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(?P<url>[^"]+)"\s*/?>')
_CSS_URL = re.compile(r"url\((?P<q>['\"]?)(?P<url>[^)'\"]+)(?P=q)\)")
_ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


class UnknownAssetError(ValueError):
    """The map names a script or stylesheet we do not serve ourselves."""


def local_path(url: str) -> str:
    """Our path (relative to geo/web) for an asset URL; relative URLs are ours already."""
    if url in CDN_TO_LOCAL:
        return CDN_TO_LOCAL[url]
    if _ABSOLUTE.match(url) or url.startswith(("http:", "https:", "data:")) or ".." in url:
        raise UnknownAssetError(
            f"the map asks for {url!r}, which is not served locally. Vendor it: add it to "
            "VENDOR_PACKAGES in geo/assets.py and run python scripts/vendor_assets.py."
        )
    if not (WEB_DIR / url).is_file():
        raise UnknownAssetError(f"the map asks for {url!r}, but geo/web/{url} does not exist.")
    return url


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(rel: str) -> str:
    """A stylesheet with its url(...) references turned into data URIs, so it stands alone."""
    css_path = WEB_DIR / rel
    css = css_path.read_text(encoding="utf-8")

    def embed(match: re.Match) -> str:
        url = match.group("url")
        if url.startswith(("data:", "#")):
            return match.group(0)
        target = (css_path.parent / url).resolve()
        if WEB_DIR not in target.parents or not target.is_file():
            raise UnknownAssetError(f"{rel} refers to {url!r}, which is not a local file.")
        return f'url("{_data_uri(target)}")'

    return _CSS_URL.sub(embed, css)


def localize_assets(html: str, inline: bool = False) -> str:
    """Point every script and stylesheet of a rendered map at our own copies.

    Parameters
    ----------
    html : str
        A document rendered by folium (``m.get_root().render()``).
    inline : bool, default False
        False: relative URLs, for a page served from geo/web. True: contents inlined, for a
        standalone file that opens from ``file://``.

    Raises
    ------
    UnknownAssetError
        If an asset is neither a known CDN URL nor a file in geo/web.
    """

    def script(match: re.Match) -> str:
        rel = local_path(match.group("url"))
        if not inline:
            return f'<script src="{rel}"></script>'
        body = (WEB_DIR / rel).read_text(encoding="utf-8").replace("</script", "<\\/script")
        return f"<script>/* {rel} */\n{body}\n</script>"

    def stylesheet(match: re.Match) -> str:
        rel = local_path(match.group("url"))
        if not inline:
            return f'<link rel="stylesheet" href="{rel}"/>'
        return f"<style>/* {rel} */\n{_inline_css(rel)}\n</style>"

    return _STYLESHEET.sub(stylesheet, _SCRIPT.sub(script, html))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest() -> dict[str, str]:
    """{path under vendor/: sha256} as written by scripts/vendor_assets.py."""
    return json.loads(MANIFEST.read_text(encoding="utf-8"))["files"]
