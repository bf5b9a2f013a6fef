#!/usr/bin/env python3
"""Check networks/middle-yangtze/context.gpkg and the waterway geometries, and draw them.

    python3 tools/region/check_context.py [--png FILE]

Lists each layer (features, extent), checks that every waterway `geometry:` starts and ends
at its first and last stop and passes every stop within 2 km in order, and renders the
context layers, the waterway courses and the nodes to a PNG to look at. Needs
python3-gdal, python3-yaml, python3-matplotlib (developer check, not part of the tests).
"""

import argparse
import math
import os
import sys

import yaml
from osgeo import ogr

ogr.UseExceptions()


def km(a, b):
    rad = math.pi / 180
    h = (math.sin((b[1] - a[1]) * rad / 2) ** 2 + math.cos(a[1] * rad) * math.cos(b[1] * rad)
         * math.sin((b[0] - a[0]) * rad / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def seg_km(p, a, b):
    """Distance from p to segment ab (local flat approximation, fine under 2 km)."""
    c = math.cos(math.radians(p[1]))
    ax, ay, bx, by, px, py = a[0] * c, a[1], b[0] * c, b[1], p[0] * c, p[1]
    dx, dy = bx - ax, by - ay
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) /
                                                (dx * dx + dy * dy)))
    return km((p[0], p[1]), ((ax + t * dx) / c, ay + t * dy))


def check_geometry(line, nodes):
    geom, stops = line["geometry"], [s if isinstance(s, str) else s["node"]
                                     for s in line["stops"]]
    errs, at = [], 0
    for sid in stops:
        p = (nodes[sid]["lon"], nodes[sid]["lat"])
        best = min(range(at, len(geom) - 1), key=lambda i: seg_km(p, geom[i], geom[i + 1]),
                   default=None)
        d = seg_km(p, geom[best], geom[best + 1]) if best is not None else km(p, geom[-1])
        if d > 2.0:
            errs.append("%s: stop %s %.1f km off the geometry" % (line["id"], sid, d))
        at = best if best is not None else at
    for end, sid in ((geom[0], stops[0]), (geom[-1], stops[-1])):
        if km(end, (nodes[sid]["lon"], nodes[sid]["lat"])) > 0.01:
            errs.append("%s: geometry does not end at %s" % (line["id"], sid))
    return errs


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    net = os.path.join(os.path.dirname(os.path.dirname(here)), "networks", "middle-yangtze")
    ap = argparse.ArgumentParser()
    ap.add_argument("--png", default="context-check.png")
    ap.add_argument("--bbox", type=float, nargs=4, default=(106, 23, 122.5, 35.5),
                    metavar=("LON0", "LAT0", "LON1", "LAT1"), help="area drawn")
    args = ap.parse_args()
    gpkg = os.path.join(net, "context.gpkg")
    ds = ogr.Open(gpkg)
    layers = {}
    for lyr in ds:
        layers[lyr.GetName()] = [(f.GetField("name"), f.GetGeometryRef().Clone()) for f in lyr]
        print("%-10s %3d features  extent %s  %s" % (
            lyr.GetName(), lyr.GetFeatureCount(), tuple(round(v, 2) for v in lyr.GetExtent()),
            ", ".join(n for n, _ in layers[lyr.GetName()])))
    print("%s: %d bytes" % (gpkg, os.path.getsize(gpkg)))
    nodes = {n["id"]: n for n in yaml.safe_load(open(os.path.join(net, "nodes.yaml"),
                                                     encoding="utf-8"))["nodes"]}
    ways = yaml.safe_load(open(os.path.join(net, "waterways.yaml"), encoding="utf-8"))["lines"]
    errs = []
    for w in ways:
        if "geometry" not in w:
            errs.append("%s: no geometry" % w["id"])
            continue
        errs += check_geometry(w, nodes)
        print("%-12s %4d vertices, course %.0f km (length_km %s)" % (
            w["id"], len(w["geometry"]),
            sum(km(a, b) for a, b in zip(w["geometry"], w["geometry"][1:])), w["length_km"]))
    rail = yaml.safe_load(open(os.path.join(net, "rail.yaml"), encoding="utf-8"))["lines"]
    ids = {l["id"] for l in rail}
    for l in rail:
        if l["id"].endswith(("_svc", "_express")) and not l.get("runs_over"):
            errs.append("%s: no runs_over" % l["id"])
        for r in l.get("runs_over", []):
            if r not in ids:
                errs.append("%s: runs_over unknown line %s" % (l["id"], r))
    render(args.png, layers, ways, nodes, args.bbox)
    for e in errs:
        print("ERROR", e)
    print("%d errors; picture %s" % (len(errs), args.png))
    return 1 if errs else 0


def render(png, layers, ways, nodes, bbox):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(13, 11))

    def rings(g):
        for i in range(g.GetGeometryCount()):
            p = g.GetGeometryRef(i)
            yield from (p.GetGeometryRef(j).GetPoints() for j in range(p.GetGeometryCount()))
    for name, g in layers["provinces"]:
        for r in rings(g):
            ax.fill(*zip(*[(x, y) for x, y, *_ in r]), fc="#f4f1ea", ec="#888888", lw=0.6)
        c = g.PointOnSurface()
        ax.text(c.GetX(), c.GetY(), name, fontsize=8, color="#777777", ha="center", clip_on=True)
    for name, g in layers["lakes"]:
        for r in rings(g):
            ax.fill(*zip(*[(x, y) for x, y, *_ in r]), fc="#a6cee3", ec="#1f78b4", lw=0.4)
    for name, g in layers["rivers"]:
        pts = [(x, y) for x, y, *_ in g.GetPoints()]
        ax.plot(*zip(*pts), color="#1f78b4", lw=1.6 if name == "Yangtze" else 0.9)
    for w in ways:
        ax.plot(*zip(*w["geometry"]), color="#e31a1c", lw=0.8, ls="--")
    for n in nodes.values():
        ax.plot(n["lon"], n["lat"], "k.", ms=4)
        ax.text(n["lon"] + 0.05, n["lat"] + 0.03, n["id"], fontsize=6, clip_on=True)
    ax.set_xlim(bbox[0], bbox[2])
    ax.set_ylim(bbox[1], bbox[3])
    ax.set_aspect(1 / math.cos(math.radians(29)))
    ax.set_title("context.gpkg + waterway geometry (red dashed) + nodes")
    fig.savefig(png, dpi=110, bbox_inches="tight")


if __name__ == "__main__":
    sys.exit(main())
