"""An article's text from the file a teacher has: plain text, a web page saved as .html, or a Word .docx.

Each becomes what the drafter reads: one paragraph per line, the headline first, nothing else. A web page
gives its headline (the first ``<h1>``, else its ``<title>``) and the text of its paragraphs, headings, list
items, quotations and captions; menus, headers, footers, asides, forms and scripts are left out. A .docx
gives its paragraphs in order (tables included). Nothing in either file is run or fetched: a page's scripts
and links stay text or are dropped, and a .docx is read as a zip whose one member ``word/document.xml`` is
unpacked with a limit on the bytes its stream produces (not on what its header claims) and parsed by
defusedxml, which refuses entity tricks (a "billion laughs", external entities).
"""
from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from html.parser import HTMLParser

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

from geo.story import MAX_ARTICLE_BYTES
from geo.upload import READABLE_COMPRESSIONS, read_bounded

KINDS = ("txt", "html", "htm", "docx")  # the file endings an article may have
MAX_DOCX_BYTES = 5_000_000  # the .docx as uploaded
MAX_DOCX_XML_BYTES = 16 * MAX_ARTICLE_BYTES  # word/document.xml as unpacked: Word's markup is ~10x its text
MAX_DOCX_ENTRIES = 1_000
MAX_HTML_BYTES = 5_000_000


class ArticleFileError(ValueError):
    """A file whose article text cannot be had: the message says why and how to fix it, for a teacher."""


def _lines(blocks: list[str]) -> str:
    """Blocks of text as article lines: spaces collapsed, empty blocks dropped, one block per line."""
    lines = [" ".join(block.split()) for block in blocks]
    return "\n".join(line for line in lines if line) + "\n"


# --- a web page ---------------------------------------------------------------------------------------

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "pre", "dd", "dt", "td", "th",
           "caption"}
_SKIPPED = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg", "math",
            "button", "select", "textarea", "iframe", "object"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _PageText(HTMLParser):
    """The page's headline and text blocks, in order; text inside a skipped element is dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.title: list[str] = []
        self.h1 = ""
        self._open: list[str] = []  # the elements we are inside, skipped ones included
        self._skipping = 0
        self._in_title = False
        self._current: list[str] | None = None
        self._current_tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and self._current is not None:
                self._current.append(" ")
            return
        self._open.append(tag)
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCKS and not self._skipping:
            self._flush()
            self._current, self._current_tag = [], tag

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self._open:
            return
        while self._open:  # close what a sloppy page left open inside it
            top = self._open.pop()
            if top in _SKIPPED:
                self._skipping -= 1
            if top == "title":
                self._in_title = False
            if top == tag:
                break
        if tag in _BLOCKS and not self._skipping:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title and not self._skipping:
            self.title.append(data)
        elif self._current is not None and not self._skipping:
            self._current.append(data)

    def _flush(self) -> None:
        if self._current is not None:
            text = " ".join("".join(self._current).split())
            if text:
                if self._current_tag == "h1" and not self.h1:
                    self.h1 = text
                self.blocks.append(text)
        self._current, self._current_tag = None, ""

    def close(self) -> None:
        super().close()
        self._flush()


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{1,40})""", re.IGNORECASE)


def _page_chars(data: bytes) -> str:
    """The page's text: UTF-8 (with or without its mark), else the charset its <meta> names."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    named = _META_CHARSET.search(data[:4096])
    if named:
        try:
            return data.decode(codecs.lookup(named.group(1).decode("ascii")).name)
        except (LookupError, UnicodeDecodeError):
            pass
    raise ArticleFileError("is not UTF-8 text and names no character set that reads it. Fix: open the page in a "
                           "browser and save it again (Save Page As › Web Page, HTML only), or copy the article's "
                           "text and paste it into the box.")


def html_text(data: bytes) -> str:
    """The article of a saved web page: its headline, then its text blocks, one per line."""
    if len(data) > MAX_HTML_BYTES:
        raise ArticleFileError(f"is more than {MAX_HTML_BYTES:,} bytes. Fix: save the page as HTML only (not a "
                               "complete page), or copy the article's text and paste it into the box.")
    page = _PageText()
    page.feed(_page_chars(data))
    page.close()
    title = " ".join("".join(page.title).split())
    blocks = page.blocks
    if page.h1:
        blocks = blocks[blocks.index(page.h1):]  # the article starts at its headline: menus and teasers before it go
    elif title:
        blocks = [title, *blocks]
    text = _lines(blocks)
    if not text.strip():
        raise ArticleFileError("holds no paragraphs of text. Fix: copy the article's text from the page and paste "
                               "it into the box.")
    return text


# --- a Word file --------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT = "word/document.xml"
_RESAVE = "Fix: open it in Word or LibreOffice and save it again as .docx, or copy its text and paste it into the box."


def _document_xml(data: bytes) -> bytes:
    if len(data) > MAX_DOCX_BYTES:
        raise ArticleFileError(f"is more than {MAX_DOCX_BYTES:,} bytes. Fix: save a copy without its pictures, or "
                               "copy its text and paste it into the box.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, NotImplementedError, OSError, EOFError):
        raise ArticleFileError(f"is not a readable Word file. {_RESAVE}") from None
    if len(entries) > MAX_DOCX_ENTRIES:
        raise ArticleFileError(f"holds {len(entries):,} parts, more than a Word file has. {_RESAVE}")
    found = [info for info in entries if info.filename == _DOCUMENT]
    if len(found) != 1:
        raise ArticleFileError(f"is not a Word .docx file (it has no one {_DOCUMENT}). {_RESAVE}")
    info = found[0]
    if info.flag_bits & 0x1 or info.compress_type not in READABLE_COMPRESSIONS:
        raise ArticleFileError(f"is protected by a password or packed in a way this app does not unpack. {_RESAVE}")
    try:
        xml = read_bounded(archive, info, MAX_DOCX_XML_BYTES)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError):
        raise ArticleFileError(f"is damaged and cannot be unpacked. {_RESAVE}") from None
    if len(xml) > MAX_DOCX_XML_BYTES:
        raise ArticleFileError(f"unpacks to more than {MAX_DOCX_XML_BYTES:,} bytes of text and markup, more than a "
                               "story's article may hold. Fix: make two stories of it, or paste a shorter article.")
    return xml


def docx_text(data: bytes) -> str:
    """The article of a Word .docx: its paragraphs in order (those of tables too), one per line."""
    xml = _document_xml(data)
    blocks: list[str] = []
    parts: list[str] = []
    try:
        for _, element in iterparse(io.BytesIO(xml), events=("end",), forbid_dtd=True):
            tag = element.tag
            if tag == _W + "t":
                parts.append(element.text or "")
            elif tag in (_W + "tab", _W + "br", _W + "cr"):
                parts.append(" ")
            elif tag == _W + "p":
                blocks.append("".join(parts))
                parts = []
                element.clear()  # the paragraph is read: its tree can go
    except (ParseError, DefusedXmlException, ValueError):
        raise ArticleFileError(f"has a damaged or unsafe document part (it declares entities or a document type, "
                               f"which Word files do not). {_RESAVE}") from None
    text = _lines(blocks)
    if not text.strip():
        raise ArticleFileError("holds no text. Fix: check it is the article's file, or paste its text into the box.")
    return text


def article_text(name: str, data: bytes) -> str | None:
    """The article text of a .html, .htm or .docx file; None for another kind (a .txt is read as it is)."""
    kind = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if kind in ("html", "htm"):
        return html_text(data)
    if kind == "docx":
        return docx_text(data)
    return None
