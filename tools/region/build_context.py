#!/usr/bin/env python3
"""Build networks/middle-yangtze/context.gpkg: provinces, rivers and lakes for maps.

Run once by a developer (never by the build or the tests); the small result is committed.

    python3 tools/region/build_context.py [--out FILE] [--cell DEG]

Needs (Debian): gmt 6.4, gmt-dcw 2.1.1 (provinces), gmt-gshhg-full 2.3.7 (rivers, lakes at
full resolution), python3-gdal, python3-numpy, python3-scipy, python3-yaml. See SOURCES.md
("Context layers") for sources, licences and what is estimated.

Why these sources: Natural Earth's 1:50m admin-1 layer as packaged in
r-cran-rnaturalearthdata 0.1.0 (`states50`) holds only Australia, Brazil, Canada and the
USA, so Chinese provinces come from the Digital Chart of the World as shipped for GMT
(DCW-GMT, `gmt coast -E CN.xx -M`). Rivers and lakes come from GSHHG 2.3.7 (WDBII river
lines, GSHHS level-2 lake and river-lake polygons). GSHHG is binned (pieces cut at bin
edges), the lower Yangtze is a double-lined river-lake with no centre line, and the river has
no data between Zhenjiang and Jiangyin, so river courses are traced: WDBII lines and water
polygons are rasterised on a grid, and a least-cost path runs between known points (ports
from nodes.yaml and a few named points below); the path keeps to the middle of wide water,
and where it must cross land (a data gap, a city centre off the bank) it is a straight line.
Every known point is a vertex of the river line, so waterways can follow it stop by stop
(tools/region/build_network.py reads this file).
"""

import argparse
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
import yaml
from osgeo import gdal, ogr, osr
from scipy import ndimage
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra

gdal.UseExceptions()
ogr.UseExceptions()

BOX = (105.0, 22.0, 123.0, 36.0)  # lon0, lat0, lon1, lat1 worked on
MAP_EXTENT = (108.0, 24.0, 122.0, 35.0)  # provinces touching this are kept
GSHHG = "GSHHG 2.3.7 (Debian gmt-gshhg-full 2.3.7-6), LGPL-3.0-or-later"
DCW = "DCW-GMT 2.1.1 (Debian gmt-dcw 2.1.1-1), LGPL-3.0-or-later; DCW itself public domain"

# DCW state codes of China -> (English, Chinese, ISO 3166-2). DCW has no Chinese names.
PROVINCES = {
    "AH": ("Anhui", "安徽省", "CN-AH"), "HB": ("Hubei", "湖北省", "CN-HB"),
    "HN": ("Hunan", "湖南省", "CN-HN"), "JX": ("Jiangxi", "江西省", "CN-JX"),
    "HA": ("Henan", "河南省", "CN-HA"), "SN": ("Shaanxi", "陕西省", "CN-SN"),
    "CQ": ("Chongqing", "重庆市", "CN-CQ"), "SC": ("Sichuan", "四川省", "CN-SC"),
    "GZ": ("Guizhou", "贵州省", "CN-GZ"), "GX": ("Guangxi", "广西壮族自治区", "CN-GX"),
    "GD": ("Guangdong", "广东省", "CN-GD"), "FJ": ("Fujian", "福建省", "CN-FJ"),
    "ZJ": ("Zhejiang", "浙江省", "CN-ZJ"), "JS": ("Jiangsu", "江苏省", "CN-JS"),
    "SH": ("Shanghai", "上海市", "CN-SH"), "SD": ("Shandong", "山东省", "CN-SD"),
    "SX": ("Shanxi", "山西省", "CN-SX"), "GS": ("Gansu", "甘肃省", "CN-GS"),
    "TW": ("Taiwan", "台湾省", "CN-TW"), "HK": ("Hong Kong", "香港特别行政区", "CN-HK"),
    "MO": ("Macao", "澳门特别行政区", "CN-MO"), "YN": ("Yunnan", "云南省", "CN-YN"),
}

# Named points that are not nodes (lon, lat; read off the GSHHG data, approx).
POINTS = {
    "chongqing": (106.58, 29.56),    # Yangtze at Chongqing, upstream end in the extent
    "wusongkou": (121.50, 31.39),    # Huangpu mouth on the Yangtze estuary
    "yangtze_mouth": (121.90, 31.20),  # south channel at the sea (end of the line)
    "xiang_src": (112.62, 26.90),    # Xiang at Hengyang
    "gan_src": (114.93, 25.86),      # Gan at Ganzhou
    "han_src": (109.03, 32.69),      # Han at Ankang
    "yuan_src": (110.00, 27.57),     # Yuan near Huaihua (Hongjiang-Qianyang reach)
    "yuan_mouth": (112.10, 28.95),   # Yuan into West Dongting
    "zi_src": (111.47, 27.24),       # Zi at Shaoyang
    "zi_mouth": (112.55, 28.78),     # Zi into South Dongting
    "chao_nw": (117.37, 31.70),      # Nanfei river into Chao lake
    "chaohu_outlet": (117.87, 31.60),  # Chao lake outlet into the Yuxi river at Chaohu
}

# name, name_zh, WDBII levels it may follow, waypoints (node ids or POINTS), note.
RIVERS = [
    ("Yangtze", "长江", (0, 1), ["chongqing", "yichang", "jingzhou", "chenglingji", "wuhan",
     "huangshi", "jiujiang", "hukou", "anqing", "chizhou", "tongling", "wuhu", "yuxikou",
     "maanshan", "nanjing", "wusongkou", "yangtze_mouth"], ""),
    ("Han", "汉江", (0, 1, 2), ["han_src", "xiangyang", "wuhan"], ""),
    ("Xiang", "湘江", (0, 1, 2), ["xiang_src", "zhuzhou", "xiangtan", "changsha",
     "chenglingji"], "continues through East Dongting lake to the Yangtze at Chenglingji "
     "(the waterway's course)"),
    ("Gan", "赣江", (0, 1, 2), ["gan_src", "jian", "nanchang", "hukou"],
     "continues through Poyang lake to the Yangtze at Hukou (the waterway's course)"),
    ("Yuan", "沅江", (0, 1, 2), ["yuan_src", "changde", "yuan_mouth"], ""),
    ("Zi", "资水", (0, 1, 2, 3), ["zi_src", "yiyang", "zi_mouth"], ""),
    ("Huangpu", "黄浦江", (0, 1, 2, 3), ["shanghai", "wusongkou"], "Shanghai to Wusongkou"),
    ("Chaohu-Yuxi waterway", "合裕航道", (0, 1, 2, 3, 4, 8, 9),
     ["hefei", "chao_nw", "chaohu_outlet", "yuxikou"],
     "Nanfei river, Chao lake and Yuxi river from Hefei to the Yangtze"),
]

# Lakes: name, name_zh, points inside (a lake of several GSHHS polygons lists one each).
LAKES = [
    ("Dongting", "洞庭湖", [(112.95, 29.30), (112.45, 28.95), (112.10, 29.00)]),
    ("Poyang", "鄱阳湖", [(116.30, 29.10)]),
    ("Chao", "巢湖", [(117.55, 31.57)]),
    ("Tai", "太湖", [(120.20, 31.20)]),
    ("Hongze", "洪泽湖", [(118.70, 33.30)]),
    ("Gaoyou", "高邮湖", [(119.30, 32.85)]),
    ("Hong", "洪湖", [(113.35, 29.85)]),
    ("Liangzi", "梁子湖", [(114.60, 30.25)]),
]

LAND_COST = 30.0  # per km over land (gap bridging), against 1 on a major river line
SIMPLIFY_DEG = 0.003  # ~300 m: invisible at 1:2,000,000 (0.15 mm)


def gmt(*args):
    # run in a scratch folder: GMT leaves gmt.history in its working directory
    with tempfile.TemporaryDirectory() as cwd:
        return subprocess.run(["gmt"] + list(args), check=True, capture_output=True,
                              text=True, cwd=cwd).stdout


def parse_segments(text):
    """GMT multisegment ASCII -> [(header, [(lon, lat), ...])]."""
    segs = []
    for line in text.splitlines():
        if line.startswith(">"):
            segs.append((line[1:].strip(), []))
        elif line.strip() and segs:
            x, y = line.split()[:2]
            segs[-1][1].append((float(x), float(y)))
    return segs


def ring(pts):
    r = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in pts:
        r.AddPoint_2D(x, y)
    r.CloseRings()
    return r


# --------------------------------------------------------------------------- provinces

def build_provinces():
    ext = ogr.CreateGeometryFromWkt("POLYGON((%g %g,%g %g,%g %g,%g %g,%g %g))" % (
        MAP_EXTENT[0], MAP_EXTENT[1], MAP_EXTENT[2], MAP_EXTENT[1], MAP_EXTENT[2],
        MAP_EXTENT[3], MAP_EXTENT[0], MAP_EXTENT[3], MAP_EXTENT[0], MAP_EXTENT[1]))
    out = []
    for code, (name, zh, iso) in sorted(PROVINCES.items()):
        multi = ogr.Geometry(ogr.wkbMultiPolygon)
        for _, pts in parse_segments(gmt("coast", "-ECN." + code, "-M")):
            if len(pts) < 4:
                continue
            p = ogr.Geometry(ogr.wkbPolygon)
            p.AddGeometry(ring(pts))
            multi.AddGeometry(p)
        geom = multi.Buffer(0)  # DCW pieces may touch; make one valid (multi)polygon
        if not geom.Intersects(ext):
            continue
        geom = ogr.ForceToMultiPolygon(geom.SimplifyPreserveTopology(SIMPLIFY_DEG))
        out.append({"name": name, "name_zh": zh, "iso_code": iso,
                    "source": "DCW-GMT 2.1.1 state %s" % ("CN." + code), "geom": geom})
    return out


# --------------------------------------------------------------------------- grids

class Grid:
    """Water on a lon/lat grid over BOX: polygon water (sea, lakes, river-lakes) and the
    WDBII river lines by level; row 0 is the north edge."""

    def __init__(self, cell, tmp):
        self.cell = cell
        self.nx = int(round((BOX[2] - BOX[0]) / cell))
        self.ny = int(round((BOX[3] - BOX[1]) / cell))
        region = "-R%g/%g/%g/%g" % (BOX[0], BOX[2], BOX[1], BOX[3])
        path = os.path.join(tmp, "mask.nc")
        # ocean 0, land 1, lake/river-lake 2, island in lake 1, pond 2
        gmt("grdlandmask", region, "-I%g" % cell, "-Df", "-N0/1/2/1/2", "-rp", "-G" + path)
        mask = gdal.Open(path).ReadAsArray()
        if mask.shape != (self.ny, self.nx):
            sys.exit("grdlandmask grid %s, expected %s" % (mask.shape, (self.ny, self.nx)))
        self.level_grid = mask
        self.poly_water = mask != 1
        self.lines = {}
        segs = parse_segments(gmt("coast", region, "-Df", "-Ia", "-M"))
        for lev in sorted({int(h.rsplit("Level", 1)[1]) for h, _ in segs}):
            pts = [p for h, p in segs if int(h.rsplit("Level", 1)[1]) == lev]
            self.lines[lev] = self.burn(pts)
        # double-lined river outlines are banks: their cells are water too
        self.poly_water |= self.lines.get(0, False)
        self.bank_dist = ndimage.distance_transform_edt(self.poly_water)

    def burn(self, lines):
        drv = gdal.GetDriverByName("MEM")
        ds = drv.Create("", self.nx, self.ny, 1, gdal.GDT_Byte)
        ds.SetGeoTransform((BOX[0], self.cell, 0, BOX[3], 0, -self.cell))
        mem = ogr.GetDriverByName("Memory").CreateDataSource("")
        lyr = mem.CreateLayer("l", geom_type=ogr.wkbLineString)
        for pts in lines:
            if len(pts) < 2:
                continue
            g = ogr.Geometry(ogr.wkbLineString)
            for x, y in pts:
                g.AddPoint_2D(x, y)
            f = ogr.Feature(lyr.GetLayerDefn())
            f.SetGeometry(g)
            lyr.CreateFeature(f)
        gdal.RasterizeLayer(ds, [1], lyr, burn_values=[1], options=["ALL_TOUCHED=TRUE"])
        return ds.ReadAsArray().astype(bool)

    def rc(self, lon, lat):
        return (int((BOX[3] - lat) / self.cell), int((lon - BOX[0]) / self.cell))

    def xy(self, r, c):
        return (BOX[0] + (c + 0.5) * self.cell, BOX[3] - (r + 0.5) * self.cell)

    def cost(self, levels):
        """Cost per km of each cell for a river that may follow WDBII `levels`."""
        cost = np.full((self.ny, self.nx), LAND_COST)
        for lev in sorted(levels, reverse=True):
            if lev in self.lines and lev != 0:
                cost[self.lines[lev]] = 1.0 if lev <= 2 else 1.5
        # wide water: 1 in the middle, up to 3 next to the bank, so the path keeps mid-channel
        mid = 1.0 + 2.0 * np.clip(1.0 - self.bank_dist / 4.0, 0.0, 1.0)
        cost = np.where(self.poly_water, np.minimum(cost, mid), cost)
        return cost


def least_cost_path(grid, cost, a, b, margin=0.8):
    """Cell path from lon/lat a to b (inclusive) on a window around both."""
    lon0, lon1 = min(a[0], b[0]) - margin, max(a[0], b[0]) + margin
    lat0, lat1 = min(a[1], b[1]) - margin, max(a[1], b[1]) + margin
    r0, c0 = grid.rc(lon0, lat1)
    r1, c1 = grid.rc(lon1, lat0)
    r0, c0 = max(r0, 0), max(c0, 0)
    r1, c1 = min(r1, grid.ny - 1), min(c1, grid.nx - 1)
    sub = cost[r0:r1 + 1, c0:c1 + 1]
    h, w = sub.shape
    idx = np.arange(h * w).reshape(h, w)
    km_y = grid.cell * 111.2
    lat_rows = BOX[3] - (np.arange(r0, r1 + 1) + 0.5) * grid.cell
    km_x = (grid.cell * 111.2 * np.cos(np.radians(lat_rows)))[:, None] * np.ones((1, w))
    rows, cols, vals = [], [], []
    for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
        ra, rb = slice(0, h - dr), slice(dr, h)
        ca, cb = (slice(0, w - dc), slice(dc, w)) if dc >= 0 else (slice(-dc, w), slice(0, w + dc))
        d = np.sqrt((km_x[ra, ca] * abs(dc)) ** 2 + (km_y * dr) ** 2)
        wgt = d * (sub[ra, ca] + sub[rb, cb]) / 2.0
        for s, t in ((idx[ra, ca], idx[rb, cb]), (idx[rb, cb], idx[ra, ca])):
            rows.append(s.ravel())
            cols.append(t.ravel())
            vals.append(wgt.ravel())
    g = coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                   shape=(h * w, h * w)).tocsr()
    ra_, ca_ = grid.rc(*a)
    rb_, cb_ = grid.rc(*b)
    src, dst = idx[ra_ - r0, ca_ - c0], idx[rb_ - r0, cb_ - c0]
    _, pred = dijkstra(g, indices=src, return_predecessors=True)
    if pred[dst] < 0 and dst != src:
        sys.exit("no path %s -> %s" % (a, b))
    path, k = [], dst
    while k != src:
        path.append(k)
        k = pred[k]
    path.append(src)
    path.reverse()
    return [((k // w) + r0, (k % w) + c0) for k in path], cost


def trace_leg(grid, cost, a, b):
    """lon/lat course from a to b: cell centres on water, straight lines across land runs,
    a and b themselves as the ends."""
    cells, _ = least_cost_path(grid, cost, a, b)
    pts = [a]
    for r, c in cells[1:-1]:
        if cost[r, c] < LAND_COST:
            pts.append(grid.xy(r, c))
    pts.append(b)
    return douglas_peucker(chaikin(pts, 3), SIMPLIFY_DEG)


def chaikin(pts, rounds):
    """Corner cutting: takes the 8-direction staircase of a grid path off, ends kept."""
    for _ in range(rounds):
        if len(pts) < 3:
            return pts
        out = [pts[0]]
        for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
            out += [(0.75 * x1 + 0.25 * x2, 0.75 * y1 + 0.25 * y2),
                    (0.25 * x1 + 0.75 * x2, 0.25 * y1 + 0.75 * y2)]
        out[1:2] = []  # the first cut point next to the kept start
        out[-1:] = [pts[-1]]
        pts = out
    return pts


def douglas_peucker(pts, tol):
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        (x1, y1), (x2, y2) = pts[i], pts[j]
        dx, dy = x2 - x1, y2 - y1
        n = math.hypot(dx, dy) or 1e-12
        best, bk = -1.0, None
        for k in range(i + 1, j):
            x, y = pts[k]
            d = abs(dy * (x - x1) - dx * (y - y1)) / n
            if d > best:
                best, bk = d, k
        if bk is not None and best > tol:
            keep[bk] = True
            stack += [(i, bk), (bk, j)]
    return [p for p, k in zip(pts, keep) if k]


def build_rivers(grid, coords):
    out = []
    for name, zh, levels, way, note in RIVERS:
        cost = grid.cost(levels)
        line = []
        for a, b in zip(way, way[1:]):
            leg = trace_leg(grid, cost, coords[a], coords[b])
            line += leg if not line else leg[1:]
        g = ogr.Geometry(ogr.wkbLineString)
        for x, y in line:
            g.AddPoint_2D(round(x, 5), round(y, 5))
        out.append({"name": name, "name_zh": zh, "level": min(l for l in levels if l > 0),
                    "waypoints": ";".join(way), "note": note,
                    "source": "%s WDBII rivers (levels %s) and GSHHS level-2 polygons; course "
                              "traced on a %g deg grid" % (GSHHG, ",".join(map(str, levels)),
                                                           grid.cell),
                    "geom": g})
        print("river %s: %d vertices" % (name, g.GetPointCount()))
    return out


# --------------------------------------------------------------------------- lakes

def build_lakes(tmp, cell):
    """Polygonise GSHHS level-2 water (lakes and river-lakes) at `cell` and keep the
    polygons that contain a named point."""
    region = "-R%g/%g/%g/%g" % (BOX[0], BOX[2], BOX[1], BOX[3])
    path = os.path.join(tmp, "lakes.nc")
    gmt("grdlandmask", region, "-I%g" % cell, "-Df", "-N0/0/1/0/1", "-rp", "-G" + path)
    src = gdal.Open(path)
    arr = src.ReadAsArray().astype(np.uint8)
    mem = gdal.GetDriverByName("MEM").Create("", arr.shape[1], arr.shape[0], 1, gdal.GDT_Byte)
    mem.SetGeoTransform((BOX[0], cell, 0, BOX[3], 0, -cell))
    mem.GetRasterBand(1).WriteArray(arr)
    vds = ogr.GetDriverByName("Memory").CreateDataSource("")
    lyr = vds.CreateLayer("p", geom_type=ogr.wkbPolygon)
    lyr.CreateField(ogr.FieldDefn("v", ogr.OFTInteger))
    band = mem.GetRasterBand(1)
    gdal.Polygonize(band, band, lyr, 0, ["8CONNECTED=8"])
    polys = [f.GetGeometryRef().Clone() for f in lyr if f.GetField("v") == 1]
    polys = [p for p in polys if p.GetArea() > 0.005]  # > ~50 km2
    out = []
    for name, zh, points in LAKES:
        multi = ogr.Geometry(ogr.wkbMultiPolygon)
        for x, y in points:
            pt = ogr.CreateGeometryFromWkt("POINT(%g %g)" % (x, y))
            # the nearest polygon within ~10 km (the points are approx)
            near = min(polys, key=lambda p: p.Distance(pt))
            if near.Distance(pt) > 0.1:
                sys.exit("lake %s: no GSHHS polygon near %g %g" % (name, x, y))
            if not any(near.Equals(g) for g in multi):
                multi.AddGeometry(near)
        geom = multi.UnionCascaded() if multi.GetGeometryCount() > 1 else multi
        if name == "Poyang":
            # GSHHS joins Poyang to the double-lined Yangtze: keep the part south of the
            # Yangtze at Hukou (29.73 N)
            cut = ogr.CreateGeometryFromWkt(
                "POLYGON((115.5 28.0,117.5 28.0,117.5 29.72,115.5 29.72,115.5 28.0))")
            geom = geom.Intersection(cut)
        geom = geom.SimplifyPreserveTopology(SIMPLIFY_DEG)
        geom = ogr.ForceToMultiPolygon(geom)
        out.append({"name": name, "name_zh": zh,
                    "source": "%s GSHHS level-2 (lake/river-lake) polygons, rasterised at %g "
                              "deg and polygonised" % (GSHHG, cell), "geom": geom})
        print("lake %s: %.0f km2" % (name, geom.GetArea() * 111.2 ** 2 * math.cos(
            math.radians(geom.Centroid().GetY()))))
    return out


# --------------------------------------------------------------------------- writing

DESCRIPTIONS = {
    "provinces": "Provinces of China in and around the Middle Yangtze map extent. Source: "
                 + DCW + " (gmt coast -E CN.xx -M), simplified at %g deg. name_zh and "
                 "iso_code from tools/region/build_context.py" % SIMPLIFY_DEG,
    "rivers": "Yangtze and main tributaries, courses traced along " + GSHHG + " WDBII river "
              "lines and GSHHS water polygons (tools/region/build_context.py); names from "
              "known points; straight where the source has a gap",
    "lakes": "Big lakes from " + GSHHG + " GSHHS level-2 polygons, named by a point inside",
}


def write_gpkg(path, layers):
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    for name, gtype, fields, feats in layers:
        lyr = ds.CreateLayer(name, srs, gtype, ["DESCRIPTION=" + DESCRIPTIONS[name],
                                                "IDENTIFIER=" + name, "FID=fid"])
        for fname, ftype in fields:
            lyr.CreateField(ogr.FieldDefn(fname, ftype))
        for f in feats:
            feat = ogr.Feature(lyr.GetLayerDefn())
            for fname, _ in fields:
                feat.SetField(fname, f[fname])
            feat.SetGeometry(f["geom"])
            lyr.CreateFeature(feat)
    ds = None


def node_coords(repo):
    with open(os.path.join(repo, "networks", "middle-yangtze", "nodes.yaml"),
              encoding="utf-8") as f:
        nodes = yaml.safe_load(f)["nodes"]
    coords = {n["id"]: (float(n["lon"]), float(n["lat"])) for n in nodes}
    coords.update(POINTS)
    return coords


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(repo, "networks", "middle-yangtze",
                                                  "context.gpkg"))
    ap.add_argument("--cell", type=float, default=0.005, help="tracing grid (deg)")
    ap.add_argument("--lake-cell", type=float, default=0.002, help="lake grid (deg)")
    args = ap.parse_args()
    coords = node_coords(repo)
    with tempfile.TemporaryDirectory() as tmp:
        provinces = build_provinces()
        lakes = build_lakes(tmp, args.lake_cell)
        rivers = build_rivers(Grid(args.cell, tmp), coords)
    S, I = ogr.OFTString, ogr.OFTInteger
    write_gpkg(args.out, [
        ("provinces", ogr.wkbMultiPolygon,
         [("name", S), ("name_zh", S), ("iso_code", S), ("source", S)], provinces),
        ("rivers", ogr.wkbLineString,
         [("name", S), ("name_zh", S), ("level", I), ("waypoints", S), ("note", S),
          ("source", S)], rivers),
        ("lakes", ogr.wkbMultiPolygon, [("name", S), ("name_zh", S), ("source", S)], lakes),
    ])
    print("wrote %s (%d provinces, %d rivers, %d lakes, %d bytes)" % (
        args.out, len(provinces), len(rivers), len(lakes), os.path.getsize(args.out)))


if __name__ == "__main__":
    main()
