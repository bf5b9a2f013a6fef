"""Helpers the region generators share (build_network.py, build_air.py,
build_neighbour_roads.py): the engine's great-circle distance and YAML scalars.

calibrate.py keeps its own copy of the distance on purpose: it is the independent oracle
of the engine's timing and must not share code with what it checks.
"""
import math

EARTH_RADIUS_KM = 6371.0088  # as include/reachplan/core/geodesy.hpp (IUGG mean radius)


def great_circle_km(lon1, lat1, lon2, lat2):
    """Haversine distance in km, as the engine computes it."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2.0 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def q(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
