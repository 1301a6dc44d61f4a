"""geo.draft.sources: an article's text from a saved web page or a Word file, and the attacks on both."""
from __future__ import annotations

import io
import zipfile

import pytest

from geo.draft.sources import (MAX_DOCX_XML_BYTES, ArticleFileError, article_text, docx_text, html_text)

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(body: str, prolog: str = "", extra: dict[str, bytes] | None = None,
         compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A minimal .docx: [Content_Types].xml and word/document.xml holding ``body``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
                                        f'<w:document {W}><w:body>{body}</w:body></w:document>')
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def para(*runs: str) -> str:
    return "<w:p>" + "".join(f'<w:r><w:t xml:space="preserve">{r}</w:t></w:r>' for r in runs) + "</w:p>"


PAGE = b"""<!doctype html><html><head><meta charset="utf-8"><title>Floods | The Daily Wire</title>
<script>alert("x")</script><style>p{color:red}</style></head><body>
<header><nav><ul><li>Home</li><li>World</li></ul></nav></header>
<p class="teaser">Read also: another story</p>
<article><h1>Floodwaters recede in northern Albania</h1>
<p>SHKODER, Albania (Wire) &mdash; Heavy rain flooded dozens of homes<br>in Shkoder on Sunday.</p>
<figure><img src="x.jpg"><figcaption>PHOTO: A flooded street in Shkoder on 10 March 2024.</figcaption></figure>
<p>&ldquo;We lost everything,&rdquo; said Arben Gjoka, 52.</p>
<aside><p>Related: more floods</p></aside>
<p>Aid trucks reached Kastrovel on Monday.</p></article>
<footer><p>&copy; The Daily Wire</p></footer></body></html>"""


def test_a_web_page_gives_its_headline_and_paragraphs_one_per_line():
    assert html_text(PAGE) == (
        "Floodwaters recede in northern Albania\n"
        "SHKODER, Albania (Wire) — Heavy rain flooded dozens of homes in Shkoder on Sunday.\n"
        "PHOTO: A flooded street in Shkoder on 10 March 2024.\n"
        "“We lost everything,” said Arben Gjoka, 52.\n"
        "Aid trucks reached Kastrovel on Monday.\n")


def test_a_page_without_h1_is_headed_by_its_title_and_a_legacy_charset_is_read():
    page = '<html><head><meta charset="windows-1252"><title>Flüchtlinge</title></head><p>Café closed.</p></html>'
    assert html_text(page.encode("cp1252")) == "Flüchtlinge\nCafé closed.\n"


def test_a_page_s_script_and_markup_stay_out_or_stay_text():
    page = (b"<h1>Title</h1><p>Before<script>document.write('evil')</script> after "
            b"&lt;script&gt;alert(1)&lt;/script&gt; {{ config }} {% raw %}</p>"
            b"<p onclick=\"alert(1)\">Clicked <a href=\"javascript:alert(1)\">here</a></p>")
    assert html_text(page) == "Title\nBefore after <script>alert(1)</script> {{ config }} {% raw %}\nClicked here\n"


def test_a_page_in_an_unknown_encoding_or_without_text_says_how_to_fix_it():
    with pytest.raises(ArticleFileError, match="is not UTF-8 text and names no character set"):
        html_text("<p>Café</p>".encode("cp1252"))
    with pytest.raises(ArticleFileError, match="holds no paragraphs of text"):
        html_text(b"<html><script>x()</script></html>")


def test_a_deeply_nested_or_unclosed_page_is_read_without_recursion():
    page = b"<h1>Deep</h1>" + b"<div>" * 50_000 + b"<p>Inside</p>" + b"<span><b>" * 10_000 + b"<p>Unclosed"
    assert html_text(page) == "Deep\nInside\nUnclosed\n"


def test_a_word_file_gives_its_paragraphs_tables_included():
    body = (para("Floodwaters recede") + para("SHKODER, Albania (Wire) — Heavy ", "rain flooded homes.")
            + "<w:p><w:r><w:t>Tab</w:t><w:tab/><w:t>bed</w:t><w:br/><w:t>and broken</w:t></w:r></w:p>"
            + "<w:tbl><w:tr><w:tc>" + para("In a table.") + "</w:tc></w:tr></w:tbl>" + "<w:p/>")
    assert docx_text(docx(body)) == ("Floodwaters recede\nSHKODER, Albania (Wire) — Heavy rain flooded homes.\n"
                                     "Tab bed and broken\nIn a table.\n")
    assert article_text("Article.DOCX", docx(para("One line."))) == "One line.\n"
    assert article_text("notes.txt", b"x") is None


def test_a_billion_laughs_or_an_external_entity_in_a_word_file_is_refused():
    laughs = ('<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">' for i in range(9)) + "]>")
    with pytest.raises(ArticleFileError, match="declares entities or a document type"):
        docx_text(docx("<w:p><w:r><w:t>&lol8;</w:t></w:r></w:p>", prolog=laughs))
    xxe = '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    with pytest.raises(ArticleFileError, match="declares entities or a document type"):
        docx_text(docx("<w:p><w:r><w:t>&x;</w:t></w:r></w:p>", prolog=xxe))


def test_a_word_file_bomb_is_refused_by_what_it_unpacks_not_what_it_claims():
    # 20 MB of one letter packs into ~20 kB; its header is then made to claim 100 bytes
    bomb = docx(para("a" * (MAX_DOCX_XML_BYTES + 1_000)))
    assert len(bomb) < 100_000
    lied = bytearray(bomb)
    at = lied.find(b"word/document.xml", lied.find(b"PK\x01\x02"))  # the central directory's entry
    lied[at - 46 + 24:at - 46 + 28] = (100).to_bytes(4, "little")  # its uncompressed size
    for data in (bomb, bytes(lied)):
        with pytest.raises(ArticleFileError, match="unpacks to more than|damaged"):
            docx_text(data)


@pytest.mark.parametrize("data, message", [
    (b"PK\x03\x04 not really a zip", "is not a readable Word file"),
    (b"plain text", "is not a readable Word file"),
    (docx(para("x"), extra={f"word/media/{i}.png": b"" for i in range(1_001)}), "parts, more than a Word file has"),
], ids=["broken-zip", "text", "many-parts"])
def test_a_file_that_is_no_word_file_says_how_to_fix_it(data, message):
    with pytest.raises(ArticleFileError, match=message):
        docx_text(data)


def test_a_zip_without_the_document_or_with_bzip2_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/other.xml", "<x/>")
    with pytest.raises(ArticleFileError, match="has no one word/document.xml"):
        docx_text(out.getvalue())
    with pytest.raises(ArticleFileError, match="packed in a way this app does not unpack"):
        docx_text(docx(para("x"), compression=zipfile.ZIP_BZIP2))
