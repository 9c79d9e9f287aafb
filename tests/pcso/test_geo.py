from pcso import geo

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}
# An L shape: the square without its top-right quarter.
L_SHAPE = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 5], [5, 5], [5, 10], [0, 10], [0, 0]]]}
WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
        [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
    ],
}


def test_haversine_one_degree_of_latitude():
    assert round(geo.haversine_m(0, 0, 1, 0)) == 111195


def test_haversine_same_point_is_zero():
    assert geo.haversine_m(51.5, -0.1, 51.5, -0.1) == 0


def test_haversine_across_the_city():
    # St Paul's Cathedral to the Tower of London, about 1.7 km.
    assert round(geo.haversine_m(51.5138, -0.0984, 51.5081, -0.0759) / 100) == 17


def test_point_in_polygon_inside_and_outside():
    assert geo.point_in_polygon(5, 5, SQUARE) is True  # latitude 5, longitude 5
    assert geo.point_in_polygon(11, 5, SQUARE) is False
    assert geo.point_in_polygon(5, -1, SQUARE) is False


def test_point_in_polygon_concave():
    assert geo.point_in_polygon(2, 2, L_SHAPE) is True
    assert geo.point_in_polygon(8, 8, L_SHAPE) is False  # the missing quarter
    assert geo.point_in_polygon(8, 2, L_SHAPE) is True


def test_point_in_polygon_hole_is_outside():
    assert geo.point_in_polygon(5, 5, WITH_HOLE) is False
    assert geo.point_in_polygon(2, 2, WITH_HOLE) is True


def test_point_in_polygon_multipolygon_and_nonsense():
    multi = {
        "type": "MultiPolygon",
        "coordinates": [SQUARE["coordinates"], [[[20, 20], [30, 20], [30, 30], [20, 20]]]],
    }
    assert geo.point_in_polygon(5, 5, multi) is True
    assert geo.point_in_polygon(50, 50, multi) is False
    assert geo.point_in_polygon(5, 5, {}) is False
    assert geo.point_in_polygon(5, 5, {"type": "Point", "coordinates": [5, 5]}) is False


def test_centre_of_point_and_polygon():
    assert geo.centre({"type": "Point", "coordinates": [-0.1, 51.5]}) == (51.5, -0.1)
    assert geo.centre(SQUARE) == (5, 5)
    assert geo.centre(None) is None


def test_validate_area_messages():
    assert geo.validate_area({"type": "Point", "coordinates": [-0.1, 51.5]}, 50) is None
    assert geo.validate_area(SQUARE, None) is None
    assert geo.validate_area({"type": "Point", "coordinates": [-0.1, 51.5]}, None) == (
        "A point needs a radius in metres."
    )
    assert geo.validate_area({"type": "LineString"}, None) == "The area must be a GeoJSON Polygon or Point."
    assert geo.validate_area({"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]}, None) == (
        "A polygon needs at least three corners and must close on its first corner."
    )
    assert geo.validate_area({"type": "Point", "coordinates": ["x"]}, 5) == (
        "The area's coordinates are not in GeoJSON form."
    )


def test_validate_area_checks_every_ring_of_a_polygon():
    outer = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[2, 2], [4, 2], [4, 4], [2, 2]]
    assert geo.validate_area({"type": "Polygon", "coordinates": [outer, hole]}, None) is None
    assert geo.validate_area({"type": "Polygon", "coordinates": [outer, [["a"]]]}, None) == (
        "A polygon needs at least three corners and must close on its first corner."
    )
    assert geo.validate_area(
        {"type": "Polygon", "coordinates": [outer, [[2, 2], [4], [4, 4], [2, 2]]]}, None
    ) == ("The area's coordinates are not in GeoJSON form.")
    assert geo.validate_area(
        {"type": "Polygon", "coordinates": [outer, [[2, 2], [4, 2], [4, 95], [2, 2]]]}, None
    ) == ("The polygon has a corner that is not a valid longitude and latitude.")
    assert geo.validate_area({"type": "Polygon", "coordinates": []}, None) == (
        "The area's coordinates are not in GeoJSON form."
    )
    assert geo.validate_area({"type": "Polygon", "coordinates": "abcd"}, None) == (
        "The area's coordinates are not in GeoJSON form."
    )


def test_validate_area_radius_between_5_and_2000_metres():
    point = {"type": "Point", "coordinates": [-0.1, 51.5]}
    assert [geo.validate_area(point, r) for r in (5, 2000)] == [None, None]
    assert [geo.validate_area(point, r) for r in (4, 2001)] == [
        "The radius must be between 5 and 2,000 metres."
    ] * 2
