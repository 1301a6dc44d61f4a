"""Name usages come from the story folder: story.json declares them, places carry a name in each.

The built-in story behaves as before (same labels in every mode); an older folder with
name_armenian_usage / name_azerbaijani_usage still loads; a story with no usages has no switch; a mode
the story does not declare falls back to both names, in the app and the library, and is a clear
message on the command line.
"""
from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.cli import main
from geo.story import Place, load_story, validate_story
from tests.conftest import ROOT, edit_place

TEMPLATE = ROOT / "templates" / "blank-story"
APP = str(ROOT / "app.py")

# Every place's label in every mode, as the story showed them before usages came from the folder.
BUILTIN_LABELS = {
    "both": {"stepanakert": "Stepanakert / Khankendi", "shusha": "Shusha / Shushi", "lachin": "Lachin / Berdzor",
             "hakari-bridge": "Hakari bridge checkpoint / Lachin border checkpoint"},
    "armenian": {"stepanakert": "Stepanakert", "shusha": "Shushi", "lachin": "Berdzor",
                 "hakari-bridge": "Hakari bridge checkpoint"},
    "azerbaijani": {"stepanakert": "Khankendi", "shusha": "Shusha", "lachin": "Lachin",
                    "hakari-bridge": "Lachin border checkpoint"},
}
PLAIN = {"kornidzor": "Kornidzor", "goris": "Goris", "yerevan": "Yerevan", "nakhchivan": "Nakhchivan", "baku": "Baku",
         "ankara": "Ankara"}


def messages(folder: Path) -> list[str]:
    return [str(p) for p in validate_story(folder)]


def edit_meta(folder: Path, **changes) -> None:
    """Change story.json (a value of None removes the key)."""
    path = folder / "story.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        meta.pop(key, None) if value is None else meta.__setitem__(key, value)
    path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


def to_legacy(folder: Path) -> None:
    """The folder as it was before usages were declared: no name_usages, the two old name properties."""
    edit_meta(folder, name_usages=None)
    path = folder / "places.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    for feature in data["features"]:
        names = feature["properties"].pop("usage_names", None)
        if names:
            feature["properties"]["name_armenian_usage"] = names["armenian"]
            feature["properties"]["name_azerbaijani_usage"] = names["azerbaijani"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def plain_dir(tmp_path: Path) -> Path:
    """The blank template with no usages: every place has one name."""
    folder = tmp_path / "plain"
    shutil.copytree(TEMPLATE, folder)
    edit_meta(folder, name_usages=None)
    edit_place(folder, "second-place", usage_names=None)
    return folder


@pytest.fixture
def three_dir(tmp_path: Path) -> Path:
    """The blank template with three usages of its own."""
    folder = tmp_path / "three"
    shutil.copytree(TEMPLATE, folder)
    edit_meta(folder, name_usages=[{"id": "greek", "label": "Greek usage"}, {"id": "turkish", "label": "Turkish usage"},
                                   {"id": "english", "label": "English usage"}])
    edit_place(folder, "second-place", name="Nicosia",
               usage_names={"turkish": "Lefkoşa", "greek": "Lefkosia", "english": "Nicosia"})
    return folder


# --- the model ------------------------------------------------------------------------------------------------

def test_the_builtin_story_declares_its_two_usages(story):
    assert story.name_usages == (("armenian", "Armenian usage"), ("azerbaijani", "Azerbaijani usage"))
    assert story.name_modes == ("both", "armenian", "azerbaijani")
    assert story.name_labels() == {"both": "Both names", "armenian": "Armenian usage", "azerbaijani": "Azerbaijani usage"}


@pytest.mark.parametrize("mode", ["both", "armenian", "azerbaijani"])
def test_the_builtin_labels_are_those_of_before_in_every_mode(story, mode):
    assert {pid: place.label(mode) for pid, place in story.places.items()} == BUILTIN_LABELS[mode] | PLAIN


def test_an_older_folder_loads_as_the_same_story(story_dir, story):
    to_legacy(story_dir)
    older = load_story(story_dir)
    assert older.name_usages == story.name_usages
    assert older.places == story.places
    for mode in story.name_modes:
        assert [p.label(mode) for p in older.places.values()] == [p.label(mode) for p in story.places.values()]


def test_an_older_folder_keeps_its_own_message_for_a_missing_name(story_dir):
    to_legacy(story_dir)
    edit_place(story_dir, "lachin", name_armenian_usage="")
    assert messages(story_dir) == [
        'places.geojson feature 3 (id "lachin"): a contested place needs both name_armenian_usage and '
        "name_azerbaijani_usage. Fix: give both names, or neither for a place with one name."
    ]


def test_the_old_names_may_stand_for_declared_usages(story_dir, story):
    """story.json declares the usages; a place still written the old way names them."""
    edit_place(story_dir, "lachin", usage_names=None, name_armenian_usage="Berdzor", name_azerbaijani_usage="Lachin")
    assert load_story(story_dir).places["lachin"] == story.places["lachin"]


def test_a_story_without_usages_has_only_both(plain_dir):
    story = load_story(plain_dir)
    assert (story.name_usages, story.name_modes, story.meta["name_usages"]) == ((), ("both",), [])
    assert [p.label("armenian") for p in story.places.values()] == ["First place", "Second place"]


def test_a_story_of_its_own_usages_names_them_in_its_order(three_dir):
    story = load_story(three_dir)
    place = story.places["second-place"]
    assert story.name_labels() == {"both": "All names", "greek": "Greek usage", "turkish": "Turkish usage",
                                   "english": "English usage"}
    assert place.usage_names == (("greek", "Lefkosia"), ("turkish", "Lefkoşa"), ("english", "Nicosia"))
    assert place.label() == "Nicosia / Lefkosia / Lefkoşa"
    assert place.label("turkish") == "Lefkoşa"
    assert place.label("armenian") == place.label("both")  # not this story's: both, never nothing
    assert place.all_names == ["Nicosia", "Lefkosia", "Lefkoşa"]


@pytest.mark.parametrize("wanted", ["greek", "", None, ["armenian"], "Armenian", "both"])
def test_a_mode_the_story_does_not_declare_falls_back_to_both(story, wanted):
    assert story.name_mode(wanted) == "both"


def test_a_declared_mode_is_kept(story):
    assert story.name_mode("azerbaijani") == "azerbaijani"


def test_older_code_may_still_set_the_two_old_names():
    place = Place("x", "Lachin", (46.5, 39.6), usage_names=(("armenian", "Berdzor"), ("azerbaijani", "Lachin")))
    assert (place.name_armenian_usage, place.name_azerbaijani_usage) == ("Berdzor", "Lachin")
    assert dataclasses.replace(place, name_armenian_usage="", name_azerbaijani_usage="").usage_names == ()
    assert dataclasses.replace(place, name_armenian_usage="B").usage_names == (("armenian", "B"), ("azerbaijani", "Lachin"))
    assert dataclasses.replace(place, usage_names=()).label() == "Lachin"  # the old names are not put back


# --- validation: story.json name_usages -------------------------------------------------------------------------

GOOD = [{"id": "armenian", "label": "Armenian usage"}, {"id": "azerbaijani", "label": "Azerbaijani usage"}]


@pytest.mark.parametrize(("usages", "expected"), [
    ("armenian", "story.json name_usages: name_usages must be a list of usages, not 'armenian'. Fix: e.g. "
                 '"name_usages": [{"id": "armenian", "label": "Armenian usage"}, {"id": "azerbaijani", "label": '
                 '"Azerbaijani usage"}].'),
    ([*GOOD, "x"], "story.json name_usages item 3: a name usage must be an object with an id and a label, not 'x'. "
                   'Fix: e.g. {"id": "armenian", "label": "Armenian usage"}.'),
    ([GOOD[0], {**GOOD[1], "colour": "red"}],
     "story.json name_usages item 2: unknown members in a name usage: colour. Fix: a name usage may hold only: id, "
     "label; delete the others."),
    ([GOOD[0], {**GOOD[1], "id": "Azerbaijani"}],
     "story.json name_usages item 2: id 'Azerbaijani' is not a short kebab-case id. Fix: use lower-case letters, "
     'digits and single hyphens, at most 30 characters, e.g. "armenian".'),
    ([GOOD[0], {**GOOD[1], "id": "a" * 31}],
     f"story.json name_usages item 2: id '{'a' * 31}' is not a short kebab-case id. Fix: use lower-case letters, "
     'digits and single hyphens, at most 30 characters, e.g. "armenian".'),
    ([GOOD[0], {**GOOD[1], "id": "both"}],
     "story.json name_usages item 2: id \"both\" is the switch's own option (every name at once). Fix: give the "
     'usage another id, e.g. "armenian".'),
    ([GOOD[0], {**GOOD[1], "id": "armenian"}],
     'story.json name_usages item 2: id "armenian" is used more than once. Fix: give each usage its own id.'),
    ([GOOD[0], {**GOOD[1], "label": " "}],
     "story.json name_usages item 2: a name usage needs a label, the words the place-name switch shows. "
     'Fix: e.g. "label": "Armenian usage".'),
    ([GOOD[0], {**GOOD[1], "label": "Azerbaijani\nusage"}],
     "story.json name_usages item 2: the label holds a line break or a tab; the switch shows one line. "
     "Fix: write the label on one line."),
    ([GOOD[0], {**GOOD[1], "label": "x" * 41}],
     "story.json name_usages item 2: the label is 41 characters long; the switch shows at most 40. "
     'Fix: shorten it, e.g. "Armenian usage".'),
    ([GOOD[0], {**GOOD[1], "label": "armenian USAGE"}],
     "story.json name_usages item 2: the label 'armenian USAGE' is already an option of the switch. "
     "Fix: give each usage its own label."),
    ([GOOD[0], {**GOOD[1], "label": "Both names"}],
     "story.json name_usages item 2: the label 'Both names' is already an option of the switch. "
     "Fix: give each usage its own label."),
])
def test_name_usages_are_checked(story_dir, usages, expected):
    edit_meta(story_dir, name_usages=usages)
    assert messages(story_dir)[0] == expected


def test_at_most_six_usages(story_dir):
    edit_meta(story_dir, name_usages=GOOD + [{"id": f"u{i}", "label": f"U {i}"} for i in range(5)])
    assert messages(story_dir)[0] == (
        "story.json name_usages: the story declares 7 name usages; a story may have at most 6. "
        "Fix: keep the usages readers need to compare (see Limits in data/README.md).")


def test_a_usage_label_is_checked_like_any_text(story_dir):
    edit_meta(story_dir, name_usages=[GOOD[0], {**GOOD[1], "label": "Azerbaijani \u202eusage"}])
    assert messages(story_dir) == [
        "story.json: name_usages item 2 label holds an invisible direction control (U+202E) at character 13 that is "
        "never closed. Fix: delete it: it turns the direction of the text around it (story text is shown in its own "
        "direction anyway)."]


# --- validation: places' usage_names ------------------------------------------------------------------------------

@pytest.mark.parametrize(("props", "expected"), [
    ({"usage_names": {"armenian": "Berdzor", "azerbaijani": "Lachin", "russian": "Лачин"}},
     "usage_names has 'russian', a usage story.json does not declare (it declares: armenian, azerbaijani). "
     "Fix: use the ids of story.json's name_usages, or declare the usage there."),
    ({"usage_names": ["Berdzor", "Lachin"]},
     "usage_names must be an object of usage id and name, not ['Berdzor', 'Lachin']. "
     'Fix: e.g. "usage_names": {"armenian": "Stepanakert", "azerbaijani": "Khankendi"}.'),
    ({"usage_names": {"armenian": "Berdzor", "azerbaijani": 5}},
     "usage_names must be an object of usage id and name, not {'armenian': 'Berdzor', 'azerbaijani': 5}. "
     'Fix: e.g. "usage_names": {"armenian": "Stepanakert", "azerbaijani": "Khankendi"}.'),
    ({"usage_names": {"armenian": "Berdzor", "azerbaijani": " "}},
     'usage_names gives "azerbaijani" an empty name. Fix: write the name, or leave usage_names out for a place '
     "with one name."),
    ({"name_armenian_usage": "Berdzor"},
     'the name in the usage "armenian" is given twice: in usage_names and in name_armenian_usage. '
     "Fix: keep the one in usage_names and delete name_armenian_usage."),
])
def test_usage_names_are_checked(story_dir, props, expected):
    edit_place(story_dir, "lachin", **props)
    assert messages(story_dir)[0] == f'places.geojson feature 3 (id "lachin"): {expected}'


def test_an_old_name_for_a_usage_the_story_does_not_declare(three_dir):
    edit_place(three_dir, "first-place", name_armenian_usage="Yerevan", name_azerbaijani_usage="İrəvan")
    assert messages(three_dir)[:1] == [
        'places.geojson feature 1 (id "first-place"): name_armenian_usage is a name in the usage "armenian", which '
        "story.json does not declare (it declares: greek, turkish, english). Fix: write the name in usage_names under "
        "one of story.json's usage ids, or declare \"armenian\" there."]


def test_usage_names_need_declared_usages(story_dir):
    edit_meta(story_dir, name_usages=None)
    problems = messages(story_dir)
    assert len(problems) == 4  # the four contested places, each once
    assert problems[0] == (
        'places.geojson feature 1 (id "stepanakert"): usage_names needs the story\'s name usages, and story.json '
        'declares none. Fix: declare them in story.json, e.g. "name_usages": [{"id": "armenian", "label": "Armenian '
        'usage"}, {"id": "azerbaijani", "label": "Azerbaijani usage"}].')


def test_a_broken_story_json_is_not_reported_again_for_every_place(story_dir):
    (story_dir / "story.json").write_text("{", encoding="utf-8")
    assert [p.split(":")[0] for p in messages(story_dir)] == ["story.json line 1"]


# --- the command line -----------------------------------------------------------------------------------------

def test_export_with_a_declared_usage(tmp_path):
    out = tmp_path / "story.kml"
    assert main(["export", "kml", "--names", "azerbaijani", "--out", str(out)]) == 0
    assert "<name>Khankendi</name>" in out.read_text(encoding="utf-8")


def test_export_with_a_usage_the_story_lacks(tmp_path, capsys):
    out = tmp_path / "story.kml"
    assert main(["export", "kml", "--names", "greek", "--out", str(out)]) == 1
    assert capsys.readouterr().err == (
        "export: --names greek: this story has no such name usage. Fix: use one of: both, armenian, azerbaijani.\n")
    assert not out.exists()


def test_export_names_for_a_story_without_usages(plain_dir, tmp_path, capsys):
    assert main(["export", "kml", "--story", str(plain_dir), "--names", "armenian", "--out", str(tmp_path / "x")]) == 1
    assert capsys.readouterr().err == ("export: --names armenian: this story declares no name usages; its places have "
                                       "one name each. Fix: leave out --names.\n")
    assert main(["export", "kml", "--story", str(plain_dir), "--out", str(tmp_path / "x.kml")]) == 0


# --- the app ----------------------------------------------------------------------------------------------------

def run(query: dict[str, str] | None = None, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    return at


def view(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    return json.loads(json.loads(component.proto.json_args)["view"])


def map_labels(at: AppTest) -> dict[str, str]:
    return view(at)["labels"]


def place_labels(at: AppTest) -> dict[str, str]:
    return {p["id"]: p["label"] for p in view(at)["map"]["places"]}


def test_the_app_shows_no_switch_for_a_story_without_usages(plain_dir, monkeypatch):
    monkeypatch.setenv("STORYMAP_DATA", str(plain_dir))
    at = run()
    assert not at.radio
    assert [t.label for t in at.toggle] == ["Context on the timeline", "Discussion questions"]


def test_the_app_shows_the_storys_own_usages(three_dir, monkeypatch):
    monkeypatch.setenv("STORYMAP_DATA", str(three_dir))
    at = run()
    (radio,) = at.radio
    assert radio.options == ["All names", "Greek usage", "Turkish usage", "English usage"]
    assert place_labels(at)["second-place"] == "Nicosia / Lefkosia / Lefkoşa"
    radio.set_value("turkish").run()
    assert place_labels(at) == {"first-place": "First place", "second-place": "Lefkoşa"}


def test_the_builtin_switch_is_as_before():
    (radio,) = run().radio
    assert radio.options == ["Both names", "Armenian usage", "Azerbaijani usage"] and radio.value == "both"


def test_a_link_picks_the_names():
    at = run({"names": "azerbaijani"})
    assert at.radio[0].value == "azerbaijani"
    assert map_labels(at)["strike-on-stepanakert"].endswith("— Khankendi")


@pytest.mark.parametrize("wanted", ["greek", "<b>", "both"])
def test_a_link_with_a_usage_the_story_lacks_shows_both(wanted):
    at = run({"names": wanted})
    assert at.radio[0].value == "both"
    assert map_labels(at)["strike-on-stepanakert"].endswith("— Stepanakert / Khankendi")


def test_a_kept_setting_from_another_story_shows_both(plain_dir, monkeypatch):
    """A session that chose "armenian" on one story, showing another without that usage: both, no error."""
    monkeypatch.setenv("STORYMAP_DATA", str(plain_dir))
    at = run(names="armenian")
    assert not at.radio
    assert map_labels(at)["people-leave"] == "1. People leave — First place"
