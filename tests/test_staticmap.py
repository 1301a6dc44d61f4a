"""The static map: exact PNG size, every label and event number present, and nothing drawn on top of a pin."""
from __future__ import annotations

import copy
import dataclasses
import struct

import pytest
from matplotlib.lines import Line2D
from matplotlib.text import Text

from geo.staticmap import PIN_SIZE, draw_map, map_png, pin_offset, route_label
from geo.story import load_story
from tests.conftest import ROOT

LABELS = ("Stepanakert / Khankendi", "Lachin / Berdzor", "Goris", "Yerevan", "Nakhchivan")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


@pytest.fixture(scope="module")
def fig(story):
    return draw_map(story)


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 960), (800, 450)])
def test_png_is_exactly_the_size_asked(story, size):
    assert png_size(map_png(story, *size)) == size


def test_the_labelled_places_are_named_with_both_names(fig):
    shown = texts(fig)
    for label in LABELS:
        assert label in shown


def test_every_event_number_is_on_the_map_or_at_its_edge(story, fig):
    shown = texts(fig)
    for number in range(1, len(story.events) + 1):
        assert str(number) in shown, number
    assert len(story.events) == 18
    edge_notes = [t for t in shown if "→" in t or "←" in t]
    assert any("Baku" in t for t in edge_notes) and any("Ankara" in t for t in edge_notes)


def test_the_names_switch_changes_the_labels(story):
    shown = texts(draw_map(story, names="azerbaijani"))
    assert "Khankendi" in shown and "Lachin" in shown
    assert not any("Stepanakert" in t for t in shown)
    assert "Stepanakert" in texts(draw_map(story, names="armenian"))


def test_routes_are_labelled_with_real_road_traced_and_reported_length(story, fig):
    corridor = next(r for r in story.routes if r.id == "lachin-corridor")
    assert route_label(corridor) == "Lachin corridor · 50 km road + 24 km traced = 74 km · reported about 100 km"
    shown = texts(fig)
    for route in story.routes:
        assert route_label(route).replace(" · ", "\n") in shown


def test_a_route_without_road_is_labelled_traced():
    (route,) = load_story(ROOT / "templates" / "blank-story").routes
    assert route_label(route) == "The road · 176 km traced"


def test_attribution_and_key_are_shown(fig):
    shown = " ".join(texts(fig))
    assert ("Map data: Natural Earth · GeoNames · © OpenStreetMap contributors. "
            "Dashed: traced through documented places (approximate).") in shown
    assert "event from the article" in shown and "place" in shown and "km" in shown
    assert "traced through documented places: approximate" in shown  # the dashed line in the key


def test_a_story_without_real_road_credits_no_openstreetmap(story):
    traced = [dataclasses.replace(r, parts=(r.lonlats,), part_kinds=("traced",)) for r in story.routes]
    shown = " ".join(texts(draw_map(dataclasses.replace(story, routes=traced))))
    # The basemap's roads (OpenStreetMap) are drawn only on a zoomed-in web map, never in the picture.
    assert "Map data: Natural Earth · GeoNames. Dashed: traced through documented places (approximate)." in shown
    assert "OpenStreetMap" not in shown


def _drawn_lines(fig) -> list[Line2D]:
    """The route lines on the map (the key's sample lines have no data)."""
    return [line for line in fig.axes[0].get_lines() if len(line.get_xdata()) >= 2]


def test_real_road_is_drawn_solid_and_traced_parts_dashed(story, fig):
    lines = _drawn_lines(fig)
    parts = [(part, kind) for route in story.routes for part, kind in zip(route.parts, route.part_kinds)]
    assert len(lines) == len(parts) == 4
    for line, (part, kind) in zip(lines, parts):
        assert len(line.get_xdata()) == len(part)
        assert (line.get_linestyle() == "-") is (kind == "road"), kind
        assert line.get_linestyle() in ("-", "--")
    assert [line.get_linestyle() for line in lines] == ["--", "-", "-", "--"]  # corridor: traced, road; M2: road, traced


def test_pins_at_one_place_do_not_overlap():
    for count in range(1, 8):
        offsets = [pin_offset(slot, count) for slot in range(count)]
        for i, a in enumerate(offsets):
            for b in offsets[i + 1:]:
                assert max(abs(a[0] - b[0]), abs(a[1] - b[1])) >= PIN_SIZE


def test_no_name_covers_a_pin_number(fig):
    renderer = fig.canvas.get_renderer()
    artists = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    pins = [t.get_window_extent(renderer) for t in artists if t.get_text().isdigit()]
    names = [t.get_window_extent(renderer) for t in artists if t.get_text() in LABELS]
    assert len(names) == len(LABELS)
    for i, pin in enumerate(pins):
        assert not any(pin.overlaps(other) for other in pins[i + 1:])
        assert not any(pin.overlaps(name) for name in names)


def test_a_story_without_basemap_still_draws(story):
    bare = dataclasses.replace(story, basemap=None)
    assert "Goris" in texts(draw_map(bare))


# Story text matplotlib would read as mathtext (or TeX): "$$" and an unknown command failed the whole map.
MATH = ("$x^2$", "$\\frac{1}{0}$", "$$", "\\$", "a $ b", "$\\undefined$", "$^$", "$\\", "{{ 7*7 }} $x$")


def with_text(story, text: str):
    """The story with ``text`` in every name the map draws: places, routes (labels and key), basemap names."""
    places = {pid: dataclasses.replace(p, name=f"{text} {i}", name_armenian_usage="", name_azerbaijani_usage="")
              for i, (pid, p) in enumerate(story.places.items())}
    routes = [dataclasses.replace(r, name=f"{text} r{i}", properties=dict(r.properties, short_name=f"{text} r{i}"))
              for i, r in enumerate(story.routes)]
    basemap = copy.deepcopy(story.basemap)
    for i, feature in enumerate(basemap["features"]):
        if feature["properties"].get("name"):
            feature["properties"]["name"] = f"{text} b{i}"
    return dataclasses.replace(story, places=places, routes=routes, basemap=basemap)


@pytest.mark.parametrize("text", MATH)
def test_story_text_is_drawn_as_plain_text(story, text):
    edited = with_text(story, text)
    fig = draw_map(edited)
    shown = texts(fig)
    for i, place in enumerate(story.places.values()):
        if place.labelled:  # a labelled place's name, or its edge note (Baku, Ankara), is on the map
            assert any(f"{text} {i}" in t for t in shown), (text, place.id)
    for i, route in enumerate(edited.routes):
        assert route_label(route).replace(" · ", "\n") in shown
        assert f"{text} r{i} (route: context)" in shown  # the key
    assert any(t in (f"{text} b9", f"{text} b9".upper()) for t in shown)  # Armenia, a country name on the map
    # Every text on the figure is plain: no mathtext, no TeX.
    drawn = [t for t in fig.findobj(Text) if t.get_text()]
    assert drawn and all(not t.get_parse_math() and not t.get_usetex() for t in drawn)


def test_a_name_made_of_dollars_still_makes_the_png(story):
    assert png_size(map_png(with_text(story, "$$ $\\undefined$"), 800, 450)) == (800, 450)


@pytest.mark.parametrize("text", ["東京 서울 😀 👨‍👩‍👧", "\u0301 a\u0301 \u20dd", "שלום عربي \u202e", "a\x00b\x07\tc\x85", "\ufffd", "x" * 2000])
def test_characters_outside_the_font_do_not_fail_the_map(story, text):
    """matplotlib draws a glyph DejaVu Sans lacks from its Last Resort font (a box naming the block)."""
    fig = draw_map(with_text(story, text))
    assert f"{text} 0" in texts(fig)


def test_a_lone_surrogate_is_drawn_as_a_replacement_character(story):
    """FreeType cannot take one (it raised TypeError); validation should refuse it, the map does not rely on that."""
    assert "\ufffd lone 0" in texts(draw_map(with_text(story, "\ud800 lone")))
