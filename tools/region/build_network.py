#!/usr/bin/env python3
"""Generate the bundled Middle Yangtze network from the shared region tables.

Reads shared/region/{prefectures,counties,rail,roads,waterways}.csv and
networks/middle-yangtze/modes.yaml (hand-written: the timing rules) and writes
networks/middle-yangtze/{nodes,rail,roads,waterways}.yaml in the reachplan YAML format
(README "YAML reference"); node facts that are not node keys (code, province,
observer_since, parent) go under the node's `attributes:` map. Python 3 standard library
only (modes.yaml is read with a few lines of hand parsing, so no PyYAML is needed).

    python3 tools/region/build_network.py [--region DIR] [--out DIR]

--region defaults to ../shared/region next to the repository (where the project's shared
facts live); --out to networks/middle-yangtze in the repository. Re-run after changing
the CSVs or the rules below; hand edits to the generated files are lost.

Length rules (every choice is written into the line's `note`):
  * a line's length_km is the CSV value;
  * where the CSV note gives a part length (Wuhan-Changsha South 362 km of the
    Wuhan-Guangzhou HSR, Hefei South-Tongling North 110 km, ...) the line gets
    segment_km: the part is exact, and inside a part (and over the rest of the line) the
    length is shared out in proportion to great-circle distance, as the engine shares
    length_km;
  * Lu'an at km 92 of the Hefei-Wuhan railway is written as `km` chainage;
  * published through services (service patterns over several infrastructure lines) get
    segment_km copied from the parts; a service over parts of different design speed gets
    segment_min timed with each part's own mode rule (modes.yaml), since a line has one
    design speed.

Line geometry: each waterway line gets `geometry:`, its course from the first stop to the
last as [lon, lat] pairs, following the river lines of networks/middle-yangtze/context.gpkg
(made by tools/region/build_context.py; read here with sqlite3, so no GDAL is needed). The
context rivers carry every port as a vertex, so the course passes each stop exactly.

Services: through services and express patterns get `runs_over:`, the ids of the physical
lines whose tracks they use (the parts they are built from).
"""

import argparse
import csv
import heapq
import os
import re
import sqlite3
import struct
import sys

import regionlib
from regionlib import q


PROVINCES = ["Hubei", "Hunan", "Anhui", "Jiangxi"]
CAPITALS = ["Wuhan", "Changsha", "Hefei", "Nanchang"]
CAPITAL_OF = {"Hubei": "Wuhan", "Hunan": "Changsha", "Anhui": "Hefei", "Jiangxi": "Nanchang"}
OBSERVERS_2019 = ["Huangshi", "Yueyang", "Anqing", "Jiujiang", "Huanggang", "Zhuzhou",
                  "Tongling", "Fuzhou (Jiangxi)"]
OBSERVERS_2023 = ["Xianning", "Xiangtan", "Lu'an", "Yichun (Jiangxi)"]
OBSERVERS = OBSERVERS_2019 + OBSERVERS_2023
# Waterway nodes that are channel outlets / junctions rather than ports named as such.
WATER_JUNCTIONS = ["Hukou", "Yuxikou"]

SPECIAL_IDS = {
    "Lu'an": "luan",
    "Ji'an": "jian",
    "Fuzhou (Jiangxi)": "fuzhou_jx",
    "Yichun (Jiangxi)": "yichun_jx",
    "Suzhou (Anhui)": "suzhou_ah",
}

RAIL_SRC = "shared/region/rail.csv (Ma & Tang 2024 / public reports)"
PLAN_SRC = "shared/region/rail.csv (public news reports of the 2017-2023 joint action plans)"
README_SRC = "shared/region/README.md (published fastest times)"
ROAD_SRC = "shared/region/roads.csv (public reports)"
WATER_SRC = "shared/region/waterways.csv (public reports)"


def node_id(name):
    if name in SPECIAL_IDS:
        return SPECIAL_IDS[name]
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def great_circle_km(a, b):
    """Between two (lon, lat) pairs."""
    return regionlib.great_circle_km(a[0], a[1], b[0], b[1])


def fmt(x):
    """Number without a needless trailing .0."""
    if isinstance(x, float):
        r = round(x, 2)
        if r == int(r):
            return str(int(r))
        return ("%.2f" % r).rstrip("0").rstrip(".")
    return str(x)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_modes(path):
    """speed_factor / speed_kmh per mode id from modes.yaml (tiny hand parser)."""
    modes, cur = {}, None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.split("#", 1)[0].rstrip()
            m = re.match(r"^\s*-\s*id:\s*(\S+)", line)
            if m:
                cur = modes.setdefault(m.group(1), {})
                continue
            m = re.match(r"^\s{4}(speed_factor|speed_kmh|dwell_min):\s*([0-9.]+)\s*$", line)
            if m and cur is not None:
                cur[m.group(1)] = float(m.group(2))
    return modes


# --------------------------------------------------------------------------- places

class Places:
    def __init__(self, region):
        self.pref = {r["name_en"]: r for r in read_csv(os.path.join(region, "prefectures.csv"))}
        self.county = {r["name_en"]: r for r in read_csv(os.path.join(region, "counties.csv"))}

    def coord(self, name):
        r = self.pref.get(name) or self.county[name]
        return (float(r["lon"]), float(r["lat"]))

    def province(self, name):
        if name in self.pref:
            return self.pref[name]["province"]
        return self.pref[self.county[name]["parent"]]["province"]

    def known(self, name):
        return name in self.pref or name in self.county


def share(places, names, total):
    """Share `total` km over consecutive segments in proportion to great-circle distance."""
    gcs = [great_circle_km(places.coord(a), places.coord(b)) for a, b in zip(names, names[1:])]
    s = sum(gcs)
    raw = [total * g / s for g in gcs]
    out = [round(x, 1) for x in raw]
    out[-1] = round(total - sum(out[:-1]), 1)  # parts sum exactly to the stated length
    return out


def segments_with_parts(places, names, total, parts):
    """segment_km for `names` given exact part lengths [(from, to, km)] in stop order.

    Segments inside a part share the part's km; the remaining segments share what is left
    of `total`, all in proportion to great-circle distance."""
    n = len(names) - 1
    seg = [None] * n
    covered = set()
    for a, b, km in parts:
        i, j = names.index(a), names.index(b)
        if i > j:
            raise ValueError("part %s-%s out of order" % (a, b))
        for k, v in zip(range(i, j), share(places, names[i:j + 1], km)):
            seg[k] = v
            covered.add(k)
    rest = [k for k in range(n) if k not in covered]
    if rest:
        left = total - sum(seg[k] for k in covered)
        # share over the uncovered segments by their great-circle lengths
        gcs = {k: great_circle_km(places.coord(names[k]), places.coord(names[k + 1]))
               for k in rest}
        s = sum(gcs.values())
        for k in rest:
            seg[k] = round(left * gcs[k] / s, 1)
        seg[rest[-1]] = round(left - sum(seg[k] for k in rest[:-1]), 1)
    return seg


# --------------------------------------------------------------------------- rail

# Stop lists that differ from the CSV `cities` column, from the CSV notes.
RAIL_STOPS = {
    # note: "via Huangmei East where it meets the Huanggang-Huangmei HSR"
    "anjiu": ["Anqing", "Huangmei", "Jiujiang"],
    # note: "ends at Huangmei East; through trains continue to Jiujiang"
    "huanghuang": ["Huanggang", "Huangmei"],
}
# (not in the CSV: the timetable's Fuyang West - Huainan South - Hefei South trains show the
# line calls at Huainan South, 淮南南)
RAIL_STOPS["shanghehang"] = ["Bozhou", "Fuyang", "Huainan", "Hefei", "Wuhu", "Xuancheng",
                             "Hangzhou"]
# Part lengths from the CSV notes: (from, to, km).
RAIL_PARTS = {
    "wuguang": [("Wuhan", "Changsha", 362.0)],
    "hefu": [("Hefei", "Tongling", 110.0)],
}
# km chainage from the CSV notes: {stop: km}.
RAIL_CHAINAGE = {
    "hewu": {"Hefei": 0.0, "Lu'an": 92.0, "Wuhan": 359.0},
}
RAIL_NOTES = {
    "wuguang": "segment_km: Wuhan-Changsha South = 362 km (CSV note); the rest of the 1069 km "
               "and the splits inside each part shared out by great-circle distance (estimate)",
    "hefu": "segment_km: Hefei South-Tongling North = 110 km (CSV note); the rest shared out "
            "by great-circle distance (estimate)",
    "hewu": "Lu'an at km 92 (CSV note). The line also stops at Jinzhai and Macheng North, "
            "which the shared tables do not place, so they are not modelled",
    "anjiu": "Huangmei East added as a stop (CSV note: the line meets the Huanggang-Huangmei "
             "HSR there); the 176 km shared out by great-circle distance (split is an estimate)",
    "huanghuang": "ends at Huangmei East (CSV note), so the line runs Huanggang-Huangmei; "
                  "through trains to Jiujiang are the service huanggang_jiujiang_svc",
    "wuhuang": "Huangshi stands for Huangshi North/Daye North, where the Wuhan-Jiujiang line "
               "continues; 97 km shared out by great-circle distance (split is an estimate)",
    "wujiu": "Daye North-Jiujiang (CSV note); Daye North is represented by the Huangshi node. "
             "Through trains from Wuhan: service wuhan_nanchang_svc",
    "wugang": "branches from the Wuhan-Huangshi line at Gedian (CSV note)",
    "changjiu": "131.27 km (CSV note)",
    "hukun_w": "Nanchang West-Changsha South (CSV note)",
    "hewu_hsr": "opened = expected year (CSV: construction began January 2024). "
                "Length is an estimate (rail.csv: great-circle x detour)",
    "nanchang_jiujiang_hsr": "no expected opening year in the shared sources, so no `opened`: "
                             "built only in scenarios that build under_construction lines or "
                             "list it. Ends at Lushan station in Jiujiang",
    "changsha_jiujiang": "named in the 2017 and 2019 plans as Changsha-Jiujiang-Hefei; the "
                         "Hefei-Jiujiang part exists (hean + anjiu), the through service is "
                         "hefei_jiujiang_changsha_svc",
    "shanghehang": "Huainan (Huainan South, 淮南南) added as a stop: the 2020 timetable's "
                   "trains call there between Fuyang West and Hefei South; 795 km shared out "
                   "by great-circle distance (estimate)",
    "hejiunan": "the Hefei-Jiujiang part opened in 2020-2021 as hean + anjiu (CSV note); this "
                "line is the plan's direct 350 km/h corridor as named",
}


# Lines the facts name as intercity (城际) lines: mode intercity (modes.yaml).
INTERCITY = {"wuxian", "wuhuang", "wugang", "hanxiao", "czt", "changjiu", "ningan"}


def rail_mode(design, lid=None):
    if lid in INTERCITY:
        return "intercity"
    return "hsr" if design >= 300 else "rail"


# Lines to the neighbours that shared/region/rail.csv lacks, so that every neighbour city is
# reachable by rail. Rows as rail.csv's; lengths are estimates (great-circle distance x the
# README's 1.2 detour midpoint, length_quality estimate); running times come from the 2020
# timetable (calibrate_rail), so the length only shares time between segments.
EXTRA_RAIL = [
    {"id": "jinghu_s", "name_en": "Beijing-Shanghai HSR (Bengbu-Nanjing-Shanghai)",
     "name_zh": "京沪高铁蚌埠-上海段", "cities": "Bengbu;Nanjing;Shanghai", "status": "existing",
     "opened": "2011", "design_speed_kmh": "350", "length_km": "", "length_quality": "estimate",
     "note": "public fact: opened 2011, 350 km/h; not in rail.csv. Length an estimate "
             "(great-circle x 1.2); times from the 2020 timetable"},
    {"id": "huhang", "name_en": "Shanghai-Hangzhou HSR (Shanghai-Kunming HSR, Shanghai part)",
     "name_zh": "沪杭高铁", "cities": "Shanghai;Hangzhou", "status": "existing",
     "opened": "2010", "design_speed_kmh": "350", "length_km": "", "length_quality": "estimate",
     "note": "public fact: opened 2010, 350 km/h; not in rail.csv. Length an estimate "
             "(great-circle x 1.2); time from the 2020 timetable"},
    {"id": "ninghang", "name_en": "Nanjing-Hangzhou HSR", "name_zh": "宁杭高铁",
     "cities": "Nanjing;Hangzhou", "status": "existing", "opened": "2013",
     "design_speed_kmh": "350", "length_km": "", "length_quality": "estimate",
     "note": "public fact: opened 2013; not in rail.csv. Length an estimate (great-circle x "
             "1.2); time from the 2020 timetable"},
    {"id": "yiwan", "name_en": "Yichang-Wanzhou-Chongqing railway (Yiwan + Chongqing-Wanzhou)",
     "name_zh": "宜万铁路-渝万铁路", "cities": "Yichang;Chongqing", "status": "existing",
     "opened": "2016", "design_speed_kmh": "200", "length_km": "", "length_quality": "estimate",
     "note": "public fact: the Shanghai-Wuhan-Chengdu corridor west of Yichang (Yiwan railway "
             "2010, Chongqing-Wanzhou 2016), D trains; not in rail.csv. Intermediate stations "
             "(Lichuan, Wanzhou North) not modelled. Length an estimate (great-circle x 1.2); "
             "time from the 2020 timetable"},
    {"id": "yugui", "name_en": "Chongqing-Guiyang railway", "name_zh": "渝贵铁路",
     "cities": "Guiyang;Chongqing", "status": "existing", "opened": "2018",
     "design_speed_kmh": "200", "length_km": "", "length_quality": "estimate",
     "note": "public fact: opened 2018, 200 km/h; not in rail.csv. Length an estimate "
             "(great-circle x 1.2); time from the 2020 timetable"},
    {"id": "zhengfu", "name_en": "Zhengzhou-Fuyang HSR", "name_zh": "郑阜高铁",
     "cities": "Zhengzhou;Fuyang", "status": "existing", "opened": "2019",
     "design_speed_kmh": "350", "length_km": "", "length_quality": "estimate",
     "note": "public fact: opened 2019-12, 350 km/h; not in rail.csv (Zhengzhou-Anhui trains "
             "continue over the Shangqiu-Hefei-Hangzhou HSR). Length an estimate (great-circle "
             "x 1.2); time from the 2020 timetable"},
    {"id": "zhengxiang", "name_en": "Zhengzhou-Wanzhou HSR (Zhengzhou-Xiangyang part)",
     "name_zh": "郑万高铁郑襄段", "cities": "Zhengzhou;Xiangyang", "status": "existing",
     "opened": "2019", "design_speed_kmh": "350", "length_km": "", "length_quality": "estimate",
     "note": "public fact: Zhengzhou-Xiangyang part opened 2019-12; not in rail.csv. Length an "
             "estimate (great-circle x 1.2); time from the 2020 timetable"},
    {"id": "zhengxu_jinghu", "name_en": "Zhengzhou-Xuzhou HSR + Beijing-Shanghai HSR (Xuzhou-Bengbu)",
     "name_zh": "郑徐高铁-京沪高铁徐蚌段", "cities": "Zhengzhou;Bengbu", "status": "existing",
     "opened": "2016", "design_speed_kmh": "350", "length_km": "", "length_quality": "estimate",
     "note": "public fact: Zhengzhou-Xuzhou HSR opened 2016; with the Beijing-Shanghai HSR it "
             "joins Zhengzhou to Bengbu, Nanjing and Shanghai. Xuzhou East is not a bundled place "
             "(not in prefectures.csv), so not modelled. Length an estimate (great-circle x 1.2); "
             "time from the 2020 timetable"},
    {"id": "hanghuang", "name_en": "Hangzhou-Huangshan HSR", "name_zh": "杭黄高铁",
     "cities": "Hangzhou;Huangshan", "status": "existing", "opened": "2018",
     "design_speed_kmh": "250", "length_km": "", "length_quality": "estimate",
     "note": "public fact: opened 2018-12, 250 km/h; not in rail.csv. Length an estimate "
             "(great-circle x 1.2); time from the 2020 timetable"},
    {"id": "guiguang", "name_en": "Guiyang-Guangzhou HSR", "name_zh": "贵广高铁",
     "cities": "Guiyang;Guangzhou", "status": "existing", "opened": "2014",
     "design_speed_kmh": "250", "length_km": "", "length_quality": "estimate",
     "note": "public fact: opened 2014-12, 250 km/h; not in rail.csv. Length an estimate "
             "(great-circle x 1.2); time from the 2020 timetable"},
    {"id": "xiangyu_e", "name_en": "Xiangyang-Chongqing railway (Shiyan-Ankang part)",
     "name_zh": "襄渝铁路", "cities": "Shiyan;Ankang", "status": "existing", "opened": "1979",
     "design_speed_kmh": "160", "length_km": "", "length_quality": "estimate",
     "note": "conventional railway (K/T/Z trains only, no EMU to Ankang's bundled neighbours): "
             "time = the fastest conventional train Shiyan (十堰, not Shiyan East) - Ankang of "
             "the 2020 timetable; length an estimate (great-circle x 1.2)"},
]
for _r in EXTRA_RAIL:
    _r["source"] = ("public facts (opening year, design speed); length estimate; times "
                    "shared/region/timetable-2020 (fastest trains, see calibrate_rail)")
# Stops the line's trains run through in the model (pass: true), with the reason.
PASS_STOPS = {
    # the timetable's Xiaogan stations (孝感东) are on the Wuhan-Shiyan HSR / Hankou-Xiaogan
    # intercity; this line's Xiaogan North is not in the set and its fast trains pass it
    "shiwu": ["Xiaogan"],
}
# Conventional (non-EMU) timetable station pairs used where a line has no EMU service.
CONVENTIONAL_SPANS = {"xiangyu_e": ("shiyan", "ankang", ["十堰"], ["安康"])}


def build_rail(places, rows):
    """Infrastructure lines: dict id -> line dict (stops as names, lengths)."""
    lines = {}
    for r in rows:
        lid = r["id"]
        names = RAIL_STOPS.get(lid, r["cities"].split(";"))
        design = float(r["design_speed_kmh"])
        passing = PASS_STOPS.get(lid, [])
        if r["length_km"]:
            total = float(r["length_km"])
        else:  # EXTRA_RAIL: great-circle x 1.2 over the stops (estimate)
            total = round(1.2 * sum(great_circle_km(places.coord(a), places.coord(b))
                                    for a, b in zip(names, names[1:])), 1)
        line = {
            "id": lid,
            "name": "%s (%s)" % (r["name_en"], r["name_zh"]),
            "mode": rail_mode(design, lid),
            "stops": [{"name": n, "pass": n in passing} for n in names],
            "length_km": total,
            "design_speed_kmh": design,
            "status": r["status"],
            "opened": int(r["opened"]) if r["opened"] else None,
            "source": (r.get("source") or RAIL_SRC) if r["status"] == "existing" else PLAN_SRC,
            "confidence": "estimate" if r["length_quality"] == "estimate" else "approx",
            "csv_note": r["note"],
            "estimated_length": not r["length_km"],
        }
        if lid in RAIL_PARTS:
            line["segment_km"] = segments_with_parts(places, names, total, RAIL_PARTS[lid])
        if lid in RAIL_CHAINAGE:
            for s in line["stops"]:
                s["km"] = RAIL_CHAINAGE[lid][s["name"]]
        lines[lid] = line
    return lines


def line_segments(places, line):
    """Per-segment km of an infrastructure line, as the engine derives them."""
    names = [s["name"] for s in line["stops"]]
    if "segment_km" in line:
        return list(line["segment_km"])
    if all("km" in s for s in line["stops"]):
        ks = [s["km"] for s in line["stops"]]
        return [b - a for a, b in zip(ks, ks[1:])]
    return share(places, names, line["length_km"])


def piece(places, lines, lid, a, b):
    """(stop names, segment km) of line `lid` from stop a to stop b (either direction)."""
    line = lines[lid]
    names = [s["name"] for s in line["stops"]]
    seg = line_segments(places, line)
    i, j = names.index(a), names.index(b)
    if i <= j:
        return names[i:j + 1], seg[i:j]
    return list(reversed(names[j:i + 1])), list(reversed(seg[j:i]))


# Published through services: (id, name, [(line, from, to)], passing stops, status, note,
# confidence, source)
SERVICES = [
    ("wuhan_changsha_express",
     "Wuhan-Changsha South fastest trains (Wuhan-Guangzhou HSR, nonstop)",
     [("wuguang", "Wuhan", "Changsha")], ["Xianning", "Yueyang"], "existing",
     "express pattern: the published fastest Wuhan-Changsha South time (1h05-1h15 for 362 km) "
     "is a nonstop run, so Xianning and Yueyang are passed",
     "approx", README_SRC + " + shared/region/rail.csv wuguang"),
    ("wuhan_nanchang_svc",
     "Wuhan-Nanchang through trains (Wuhan-Huangshi intercity + Wuhan-Jiujiang line + "
     "Nanchang-Jiujiang intercity)",
     [("wuhuang", "Wuhan", "Huangshi"), ("wujiu", "Huangshi", "Jiujiang"),
      ("changjiu", "Jiujiang", "Nanchang")], ["Ezhou"], "existing",
     "through service (README: trains run through from Wuhan over the Wuhan-Huangshi "
     "intercity onto the Wuhan-Jiujiang line; the published Wuhan-Nanchang time uses the "
     "three lines). Length = 97 + 128 + 131 km summed from the parts. Stop pattern is an "
     "estimate: the fastest trains are assumed to pass Ezhou and stop at Huangshi and Jiujiang",
     "estimate", README_SRC + " + shared/region/rail.csv wuhuang, wujiu, changjiu"),
    ("hefei_nanchang_svc",
     "Hefei-Nanchang through trains (Hefei-Anqing HSR + Anqing-Jiujiang HSR + "
     "Nanchang-Jiujiang intercity)",
     [("hean", "Hefei", "Anqing"), ("anjiu", "Anqing", "Jiujiang"),
      ("changjiu", "Jiujiang", "Nanchang")], ["Huangmei"], "existing",
     "through service (README: Hefei-Nanchang runs Hefei-Anqing + Anqing-Jiujiang + the "
     "Nanchang-Jiujiang intercity). Length = 162 + 176 + 131 km summed from the parts. "
     "segment_min: each part timed with its own mode rule from modes.yaml (hsr 350 km/h parts, "
     "rail 250 km/h part), because a line has one design speed; regenerate after changing "
     "the modes. Stop pattern is an estimate: Huangmei East passed",
     "estimate", README_SRC + " + shared/region/rail.csv hean, anjiu, changjiu"),
    ("huanggang_jiujiang_svc",
     "Huanggang-Jiujiang through trains (Huanggang-Huangmei HSR + Anqing-Jiujiang HSR)",
     [("huanghuang", "Huanggang", "Huangmei"), ("anjiu", "Huangmei", "Jiujiang")], [],
     "existing",
     "through service (rail.csv huanghuang note: through trains continue to Jiujiang over the "
     "Anqing-Jiujiang HSR). Length = 126 km + the Huangmei-Jiujiang share of anjiu",
     "approx", "shared/region/rail.csv huanghuang and anjiu notes"),
    ("hangzhou_changsha_svc",
     "Hangzhou-Nanchang-Changsha through trains (Shanghai-Kunming HSR)",
     [("hukun_e", "Hangzhou", "Nanchang"), ("hukun_w", "Nanchang", "Changsha")], [],
     "existing",
     "through service over the two Shanghai-Kunming sections (README: at opening in 2014 the "
     "fastest Hangzhou-Changsha train took 3h36). Length = 580 + 342 km; splits inside each "
     "section by great-circle distance (estimate)",
     "approx", README_SRC + " + shared/region/rail.csv hukun_e, hukun_w"),
    ("zhengzhou_guangzhou_svc",
     "Beijing-Guangzhou corridor through trains (Zhengzhou-Wuhan + Wuhan-Guangzhou)",
     [("shiwu", "Zhengzhou", "Wuhan"), ("wuguang", "Wuhan", "Guangzhou")], [],
     "existing",
     "through service (rail.csv: the Wuhan-Guangzhou HSR is part of the Beijing-Guangzhou "
     "corridor). Length = 536 + 1069 km from the parts",
     "approx", "shared/region/rail.csv shiwu and wuguang"),
    ("nanjing_wuhan_svc",
     "Shanghai-Wuhan-Chengdu corridor through trains (Hefei-Nanjing + Hefei-Wuhan)",
     [("hening", "Nanjing", "Hefei"), ("hewu", "Hefei", "Wuhan")], [], "existing",
     "through service (rail.csv: the Hefei-Wuhan railway is part of the Shanghai-Wuhan-Chengdu "
     "corridor). Length = 166 + 359 km from the parts",
     "approx", "shared/region/rail.csv hening and hewu"),
    ("shanghai_wuhan_svc",
     "Shanghai-Wuhan through trains (Beijing-Shanghai HSR + Hefei-Nanjing + Hefei-Wuhan)",
     [("jinghu_s", "Shanghai", "Nanjing"), ("hening", "Nanjing", "Hefei"),
      ("hewu", "Hefei", "Wuhan")], [], "existing",
     "through service of the Shanghai-Wuhan-Chengdu corridor (2020 timetable: e.g. G600 "
     "Wuhan-Shanghai Hongqiao via Hefei South and Nanjing South); lengths from the parts",
     "approx", "shared/region/timetable-2020 + the parts' sources"),
    ("shanghai_changsha_svc",
     "Shanghai-Hangzhou-Nanchang-Changsha through trains (Shanghai-Kunming HSR)",
     [("huhang", "Shanghai", "Hangzhou"), ("hukun_e", "Hangzhou", "Nanchang"),
      ("hukun_w", "Nanchang", "Changsha")], [], "existing",
     "through service over the Shanghai-Kunming HSR from Shanghai Hongqiao (2020 timetable: "
     "through G trains Shanghai Hongqiao-Changsha South); lengths from the parts",
     "approx", "shared/region/timetable-2020 + the parts' sources"),
    # planned
    ("hefei_jiujiang_changsha_svc",
     "Hefei-Jiujiang-Changsha through trains (planned; 2017/2019 plans' Changsha-Jiujiang-Hefei)",
     [("hean", "Hefei", "Anqing"), ("anjiu", "Anqing", "Jiujiang"),
      ("changsha_jiujiang", "Jiujiang", "Changsha")], ["Huangmei"], "planned",
     "the plans' Changsha-Jiujiang-Hefei corridor as a service: the existing Hefei-Anqing and "
     "Anqing-Jiujiang HSRs plus the planned Changsha-Jiujiang HSR (rail.csv changsha_jiujiang "
     "note). Length = 162 + 176 + 330 (estimate) km; stop pattern an estimate",
     "estimate", PLAN_SRC + " + hean, anjiu"),
]


# ------------------------------------------------------------------ timetable calibration

TT_YEAR = 2020       # the timetable: winter 2020/21 (timetable README, date evidence)
TT_DWELL = 2         # README: "each intermediate stop costs about 2 min dwell"; the braking
                     # and acceleration are inside the timetable's stop-to-stop times
# Stops whose station on that line is not the city's station in the timetable set, so the
# city's timetable times do not time the line there.
TT_UNCOVERED = {
    # the Wuhan-Jiujiang line's station in Jiujiang is Lushan (庐山), not in the set; the
    # set's 九江 is the Nanchang-Jiujiang intercity's and the conventional lines' station
    "wujiu": {"Jiujiang"},
}


def tt_covered(line_ids, name, tt):
    """Whether a stop's city has the line's station in the timetable set."""
    if node_id(name) not in tt["cities"]:
        return False
    return not any(name in TT_UNCOVERED.get(l, ()) for l in line_ids)


TT_SRC = "shared/region/timetable-2020 (fastest direct EMU trains, winter 2020/21)"


def _tt_minutes(best, a, b):
    """Mean of the two directions' fastest direct times between cities a and b (or None)."""
    ts = [best[k][0] for k in ((a, b), (b, a)) if k in best]
    return sum(ts) / len(ts) if ts else None


def _tt_train(best, a, b):
    k = (a, b) if (a, b) in best else (b, a)
    return best[k][1] if k in best else None


def _built_2020(line):
    return line["status"] == "existing" and line["opened"] and line["opened"] <= TT_YEAR


def calibrate_rail(places, lines, modes, tt):
    """Running times of the lines open in 2020 from the 2020 timetable (segment_min).

    For each pair of consecutive halting stops of a line whose cities have stations in the
    timetable, the span's running time is the fastest direct train between the two cities
    (mean of the two directions) less TT_DWELL per modelled halt between them; it is shared
    over the span's segments by km. Segments no span covers run at the line's fitted
    speed (km over minutes of its spans). A span is skipped when its time implies a speed
    above the design speed or below 30 % of it (the fastest train between the two cities
    takes another route). Lines with no span keep the mode rule."""
    best = tt["best"]
    stations = tt["cities"]
    for lid, line in lines.items():
        if not _built_2020(line):
            continue
        seg = line_segments(places, line)
        ids = [node_id(s["name"]) for s in line["stops"]]
        halts = [i for i, s in enumerate(line["stops"]) if not s.get("pass")]
        covered = [i for i in halts if tt_covered([lid], line["stops"][i]["name"], tt)]
        conv = CONVENTIONAL_SPANS.get(lid)
        mins = [None] * len(seg)
        used, skipped = [], []
        for i, j in zip(covered, covered[1:]):
            km = sum(seg[i:j])
            if conv:
                t = tt["conventional"].get(lid)
                train = "conventional"
            else:
                t = _tt_minutes(best, ids[i], ids[j])
                train = _tt_train(best, ids[i], ids[j])
            if t is None:
                continue
            between = len([h for h in halts if i < h < j])
            run = t - TT_DWELL * between
            v = km / (run / 60.0)
            guard = not line.get("estimated_length")
            if guard and (v > line["design_speed_kmh"] or v < 0.3 * line["design_speed_kmh"]):
                skipped.append("%s-%s %.0f min (%s: %.0f km/h, other route)"
                               % (ids[i], ids[j], t, train, v))
                continue
            for k in range(i, j):
                mins[k] = run * seg[k] / km
            used.append("%s-%s %.1f min (%s)" % (ids[i], ids[j], t, train))
        if not used:
            if skipped:
                line["tt_note"] = ("timetable spans not used (the fastest train between these "
                                   "cities runs on another line): %s; mode rule kept"
                                   % "; ".join(skipped))
            continue
        done = [k for k in range(len(seg)) if mins[k] is not None]
        speed = sum(seg[k] for k in done) / (sum(mins[k] for k in done) / 60.0)
        for k in range(len(seg)):
            if mins[k] is None:
                mins[k] = seg[k] / speed * 60.0
        line["segment_min"] = [round(m, 2) for m in mins]
        line["dwell_min"] = TT_DWELL
        line["fitted_speed"] = speed
        line["source"] += " + " + TT_SRC
        line["tt_note"] = ("segment_min from the 2020 timetable (tools/region/build_network.py "
                           "calibrate_rail): fastest direct train per span, less %d min per "
                           "modelled halt between; spans %s%s; fitted commercial speed %.0f km/h "
                           "(%.0f %% of design) for the rest; dwell %d min (README: about 2 min; "
                           "braking is inside the stop-to-stop times)"
                           % (TT_DWELL, "; ".join(used),
                              ("; skipped " + "; ".join(skipped)) if skipped else "",
                              speed, 100 * speed / line["design_speed_kmh"], TT_DWELL))


def tt_trains_per_day(line_ids, tt):
    """Trains per direction and day (chart count) serving a line's consecutive stops:
    the median over consecutive stop pairs (stops with stations in the set where the line
    has two or more, else every stop, trains starting or ending there counted) of the mean of both directions' counts of EMU
    trains calling at (or starting/ending at) both cities in that order; None if no pair
    has a train."""
    seqs = tt["sequences"]
    covered = [x for x in line_ids if x in tt["cities"]]
    if len(covered) >= 2:
        line_ids = covered
    counts = []
    for a, b in zip(line_ids, line_ids[1:]):
        n_ab = sum(1 for q in seqs if a in q and b in q and q.index(a) < q.index(b))
        n_ba = sum(1 for q in seqs if a in q and b in q and q.index(b) < q.index(a))
        if n_ab + n_ba:
            counts.append((n_ab + n_ba) / 2.0)
    if not counts:
        return None
    counts.sort()
    return round(counts[len(counts) // 2])


def load_timetable(region):
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    import timetable  # tools/region/timetable.py
    tdir = os.path.join(region, "timetable-2020")
    trains = timetable.load_trains(tdir)
    best = timetable.fastest(trains)
    sc = timetable.station_city()
    seqs = [timetable.city_sequence(t, sc) for no, t in trains.items() if timetable.is_emu(no)]
    conv = {}
    for lid, (a, b, sa, sb) in CONVENTIONAL_SPANS.items():
        ts = []
        for t in trains.values():
            c = {x[0]: x for x in t["calls"]}
            for froms, tos in ((sa, sb), (sb, sa)):
                for u in froms:
                    for w in tos:
                        if u in c and w in c and c[w][1] > c[u][2]:
                            ts.append((c[w][1] - c[u][2], u, w))
        fwd = min(x[0] for x in ts if x[1] in sa)
        bwd = min(x[0] for x in ts if x[1] in sb)
        conv[lid] = (fwd + bwd) / 2.0
    return {"best": best, "cities": set(timetable.CITY_STATIONS), "sequences": seqs,
            "conventional": conv, "trains": trains, "station_city": sc}


def service_mode(modes_of_parts):
    if "hsr" in modes_of_parts:
        return "hsr"
    if "rail" in modes_of_parts:
        return "rail"
    return modes_of_parts[0]


def build_services(places, lines, modes):
    out = []
    for sid, name, parts, passing, kind, note, conf, src in SERVICES:
        names, seg, seg_min, opened, designs, statuses = [], [], [], [], set(), set()
        calibrated = False
        part_pass = set()
        for lid, a, b in parts:
            pn, pk = piece(places, lines, lid, a, b)
            line = lines[lid]
            part_pass |= {x["name"] for x in line["stops"] if x.get("pass")}
            mode = modes[line["mode"]]
            speed = mode["speed_factor"] * line["design_speed_kmh"]
            names = names + (pn if not names else pn[1:])
            seg += pk
            # a service opened after the timetable keeps the mode rules: its parts' 2020
            # times are those of the trains that ran then (e.g. the stopping trains of the
            # Hefei-Anqing HSR in its first weeks), not of the later through trains
            svc_opened = max(lines[l]["opened"] or 0 for l, _, _ in parts)
            if line.get("segment_min") and svc_opened <= TT_YEAR:
                calibrated = True
                full = line["segment_min"]
                lnames = [x["name"] for x in line["stops"]]
                i, j = lnames.index(a), lnames.index(b)
                seg_min += list(full[i:j]) if i <= j else list(reversed(full[j:i]))
            else:
                seg_min += [km / speed * 60.0 for km in pk]
            designs.add(line["design_speed_kmh"])
            statuses.add(line["status"])
            if line["opened"]:
                opened.append(line["opened"])
        first = lines[parts[0][0]]
        planned = kind == "planned"
        svc = {
            "id": sid,
            "name": name,
            "mode": service_mode([lines[lid]["mode"] for lid, _, _ in parts]),
            "stops": [{"name": n, "pass": n in passing or n in part_pass,
                       "part_pass": n in part_pass} for n in names],
            "length_km": round(sum(seg), 1),
            "segment_km": seg,
            "design_speed_kmh": max(designs),
            "status": "planned" if planned else "existing",
            "opened": None if planned else max(opened),
            "source": src,
            "confidence": conf,
            "note": note,
            # the physical lines of the parts, in riding order (each part is one line)
            "runs_over": list(dict.fromkeys(lid for lid, _, _ in parts)),
        }
        if len(designs) > 1 or calibrated:
            svc["segment_min"] = [round(m, 2) for m in seg_min]
            svc["design_speed_kmh"] = None  # mixed; segment_min carries the timing
        out.append(svc)
    return out


def stopping_companions(services, tt):
    """For each through service open in 2020 whose fastest train passes cities with
    stations, a companion `<id>_stopping` halting at every such city, timed by its parts
    (the trains that call there: e.g. Wuhan-Jiujiang D trains on the Wuhan-Nanchang
    corridor)."""
    out = []
    for svc in services:
        if not (svc["status"] == "existing" and svc["opened"] and svc["opened"] <= TT_YEAR):
            continue
        passed = [x["name"] for x in svc["stops"] if x["pass"] and not x.get("part_pass")
                  and tt_covered(svc["runs_over"], x["name"], tt)]
        if not passed:
            continue
        c = dict(svc)
        c["id"] = svc["id"] + "_stopping"
        c["name"] = svc["name"] + ", stopping trains"
        c["stops"] = [dict(x, **{"pass": False}) if x["name"] in passed else dict(x)
                      for x in svc["stops"]]
        c["segment_min"] = list(svc["unscaled_min"])
        c.pop("tt_note", None)
        c.pop("trains_per_day", None)
        c["note"] = ("the trains of %s that call at %s (the fastest train passes them); "
                     "running times of the parts, dwell %d min" % (svc["id"], ", ".join(
                         node_id(n) for n in passed), TT_DWELL))
        c["dwell_min"] = TT_DWELL
        c["confidence"] = "estimate"
        out.append(c)
    return out


def calibrate_services(services, tt):
    """Through services open in 2020: the stop pattern and the running time of the fastest
    direct train between the service's end cities that have stations. Its calls at the
    service's intermediate cities with stations decide which are halts (the rest are
    passed; cities without a station keep the pattern above); the parts' segment_min are
    scaled so that the run matches the train (less TT_DWELL per halt)."""
    best, stations = tt["best"], tt["cities"]
    sc = tt["station_city"]
    for svc in services:
        if not (svc["status"] == "existing" and svc["opened"] and svc["opened"] <= TT_YEAR):
            continue
        ids = [node_id(x["name"]) for x in svc["stops"]]
        cov = [i for i, x in enumerate(svc["stops"])
               if tt_covered(svc["runs_over"], x["name"], tt) and not x["pass"]]
        if len(cov) < 2:
            continue
        i, j = cov[0], cov[-1]
        a, b = ids[i], ids[j]
        t = _tt_minutes(best, a, b)
        if t is None:
            continue
        train = _tt_train(best, a, b)
        calls = {sc[st] for st, _, _ in tt["trains"][train]["calls"] if st in sc}
        for k in range(i + 1, j):
            if ids[k] in stations and not svc["stops"][k].get("part_pass"):
                # a city whose station on this service is not in the set (Lushan for
                # Jiujiang): the fastest train does not call at the set's station either
                svc["stops"][k]["pass"] = (ids[k] not in calls or
                                           not tt_covered(svc["runs_over"], svc["stops"][k]["name"], tt))
        halts = [k for k in range(i + 1, j) if not svc["stops"][k]["pass"]]
        svc["unscaled_min"] = list(svc["segment_min"])
        # the train's times at each city it calls at, first call per city
        when = {}
        for st, arr, dep in tt["trains"][train]["calls"]:
            if st in sc and sc[st] not in when:
                when[sc[st]] = (arr, dep)
        if (a, b) not in best or best[(a, b)][1] != train:
            a_, b_ = b, a  # the train runs b -> a: time the spans in its direction
        else:
            a_, b_ = a, b
        marks = [i] + [k for k in halts if ids[k] in when] + [j]
        factors = []
        for p_, q_ in zip(marks, marks[1:]):
            x, y = (ids[p_], ids[q_]) if a_ == a else (ids[q_], ids[p_])
            t_pq = when[y][0] - when[x][1]
            inner = len([k for k in halts if p_ < k < q_])
            run = t_pq - TT_DWELL * inner
            have = sum(svc["segment_min"][p_:q_])
            factors.append((p_, q_, run / have))
        if not all(0.6 <= f <= 1.4 for _, _, f in factors):
            svc["tt_note"] = ("fastest through train %s %s-%s %.0f min not used (scales %s)"
                              % (train, a, b, t, ", ".join("%.2f" % f for _, _, f in factors)))
            continue
        for p_, q_, f in factors:
            for k in range(p_, q_):
                svc["segment_min"][k] = round(svc["segment_min"][k] * f, 2)
        f = sum(svc["segment_min"][i:j]) / sum(svc["unscaled_min"][i:j])
        svc["dwell_min"] = TT_DWELL
        svc["source"] += " + " + TT_SRC
        svc["tt_note"] = ("stop pattern and times of the fastest through train %s %s-%s "
                          "(fastest %.1f min, mean of both directions; calls at %s): the "
                          "parts' running times scaled span by span between its calls (%.2f "
                          "overall), dwell %d min"
                          % (train, a, b, t, ", ".join(ids[k] for k in halts) or "no city "
                             "between", f, TT_DWELL))


# --------------------------------------------------------------------------- roads, water

ROAD_STOPS = {
    # note: "passes Huangmei between Anqing and Huangshi"
    "g50": ["Xuancheng", "Wuhu", "Tongling", "Anqing", "Huangmei", "Huangshi", "Wuhan",
            "Jingzhou", "Yichang"],
}
ROAD_PARTS = {
    "g4": [("Wuhan", "Changsha", 350.0)],
    # "Nanchang-Changsha area about 340 km": read as Nanchang to Zhuzhou, the first city of
    # the Changsha-Zhuzhou-Xiangtan area on the route (interpretation, see note).
    "g60": [("Nanchang", "Zhuzhou", 340.0)],
    "g70": [("Nanchang", "Wuhan", 350.0)],
    "g42": [("Hefei", "Wuhan", 350.0)],
}
ROAD_NOTES = {
    "g4": "segment_km: Wuhan-Changsha = 350 km (CSV note); the rest of the 720 km and the "
          "splits inside each part shared out by great-circle distance (estimate)",
    "g60": "segment_km: the CSV's 'Nanchang-Changsha area about 340 km' is read as "
           "Nanchang-Zhuzhou (the route's first Chang-Zhu-Tan city; the expressway does not "
           "enter Changsha); the rest of the 900 km and the splits shared out by great-circle "
           "distance (estimate)",
    "g70": "segment_km: Wuhan-Nanchang = 350 km (CSV note); the rest and the splits shared "
           "out by great-circle distance (estimate)",
    "g42": "segment_km: Hefei-Wuhan = 350 km (CSV note); the rest and the splits shared out "
           "by great-circle distance (estimate)",
    "g50": "Huangmei added between Anqing and Huangshi (CSV note: passes Huangmei); 900 km "
           "shared out by great-circle distance (estimate)",
    "g56": "crosses the Yangtze near Jiujiang (CSV note)",
    "wunan_hb": "named in the 2023 plan; the Nanchang-Xiushui-Wuning-Yangxin-Wuhan corridor",
    "wuyang": "named in the 2023 plan",
    "nanxiuwu": "named in the 2023 plan",
}

WATER_STOPS = {
    # Hukou: Poyang lake outlet on the Yangtze (counties.csv), downstream of Jiujiang;
    # Yuxikou: the Chaohu-Yuxi outlet on the Yangtze opposite Wuhu (counties.csv), placed
    # just downstream of Wuhu (it lies north-east of the city). Both join the branch
    # waterways to the Yangtze.
    "yangtze_low": ["Jiujiang", "Hukou", "Anqing", "Chizhou", "Tongling", "Wuhu", "Yuxikou",
                    "Maanshan", "Nanjing", "Shanghai"],
}
WATER_PARTS = {
    "yangtze_mid": [("Yichang", "Wuhan", 626.0), ("Wuhan", "Jiujiang", 269.0)],
    "yangtze_low": [("Jiujiang", "Anqing", 165.0)],
    "xiang": [("Changsha", "Chenglingji", 180.0)],
}
WATER_NOTES = {
    "yangtze_mid": "segment_km: Yichang-Wuhan = 626 and Wuhan-Jiujiang = 269 river km (CSV "
                   "note); splits inside each part by great-circle distance (estimate). "
                   "The 645 channel project deepens this reach",
    "yangtze_low": "segment_km: Jiujiang-Anqing = 165 river km (CSV note); Hukou and Yuxikou "
                   "(counties.csv: on the Yangtze) added as junctions with the Poyang lake "
                   "and Chaohu waterways; the rest and the splits by great-circle distance "
                   "(estimate). Wuhan-Shanghai = 269 + 855 = 1124 km (CSV: about 1125)",
    "xiang": "segment_km: Changsha-Chenglingji through Dongting lake = 180 km (CSV note); "
             "the rest by great-circle distance (estimate)",
    "gan": "Hukou is near Jiujiang on the Yangtze (CSV note)",
    "chaohu": "Hefei to the Yangtze at Yuxikou opposite Wuhu (CSV note)",
}


def build_ways(places, rows, stops_over, parts_over, notes, mode, src, cities_key):
    out = []
    for r in rows:
        lid = r["id"]
        names = stops_over.get(lid, r[cities_key].split(";"))
        total = float(r["length_km"])
        line = {
            "id": lid,
            "name": "%s (%s)" % (r["name_en"], r["name_zh"]),
            "mode": mode,
            "stops": [{"name": n} for n in names],
            "length_km": total,
            "design_speed_kmh": float(r["design_speed_kmh"]) if "design_speed_kmh" in r else None,
            "status": r["status"],
            "opened": None,
            "source": src,
            "confidence": "estimate" if r["length_quality"] == "estimate" else "approx",
            "note": notes.get(lid, r["note"]),
        }
        if lid in parts_over:
            line["segment_km"] = segments_with_parts(places, names, total, parts_over[lid])
        out.append(line)
    return out


# --------------------------------------------------------------------------- geometry

def gpkg_lines(path, layer):
    """[(name, [(lon, lat), ...])] of a GeoPackage LineString layer, read with sqlite3.

    A GeoPackage geometry is a header ('GP', version, flags, srs id, envelope) followed by
    standard WKB; only 2D LineStrings are needed here."""
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        rows = con.execute('SELECT name, geom FROM "%s" ORDER BY fid' % layer).fetchall()
    finally:
        con.close()
    out = []
    for name, blob in rows:
        if blob[:2] != b"GP":
            raise ValueError("%s: %s: not a GeoPackage geometry" % (path, name))
        flags = blob[3]
        env = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
        wkb = blob[8 + env:]
        end = "<" if wkb[0] == 1 else ">"
        gtype, n = struct.unpack(end + "II", wkb[1:9])
        if gtype != 2:
            raise ValueError("%s: %s: geometry type %d, expected LineString" % (path, name, gtype))
        xy = struct.unpack(end + "%dd" % (2 * n), wkb[9:9 + 16 * n])
        out.append((name, list(zip(xy[0::2], xy[1::2]))))
    return out


def river_course(rivers, stops):
    """Course through the stops [(lon, lat)] along the river lines: the shortest path over
    the rivers' vertices between consecutive stops (rivers join where they share a vertex).
    Every stop must be a vertex of some river (build_context.py puts the ports there)."""
    key = lambda p: (round(p[0], 5), round(p[1], 5))
    adj = {}
    for _, pts in rivers:
        for a, b in zip(pts, pts[1:]):
            d = great_circle_km(a, b)
            adj.setdefault(key(a), []).append((key(b), d))
            adj.setdefault(key(b), []).append((key(a), d))
    course = []
    for a, b in zip(stops, stops[1:]):
        src, dst = key(a), key(b)
        for s in (src, dst):
            if s not in adj:
                raise ValueError("stop %s is not on a context river line" % (s,))
        dist, prev, todo = {src: 0.0}, {}, [(0.0, src)]
        while todo:
            d, u = heapq.heappop(todo)
            if u == dst:
                break
            if d > dist[u]:
                continue
            for v, w in adj[u]:
                if d + w < dist.get(v, float("inf")):
                    dist[v], prev[v] = d + w, u
                    heapq.heappush(todo, (d + w, v))
        if dst not in dist:
            raise ValueError("no river course from %s to %s" % (src, dst))
        leg, u = [dst], dst
        while u != src:
            u = prev[u]
            leg.append(u)
        leg.reverse()
        course += leg if not course else leg[1:]
    return course


# --------------------------------------------------------------------------- writing

def stop_yaml(s, ids):
    nid = ids[s["name"]]
    extra = []
    if s.get("pass"):
        extra.append("pass: true")
    if "km" in s:
        extra.append("km: %s" % fmt(s["km"]))
    if not extra:
        return nid
    return "{node: %s, %s}" % (nid, ", ".join(extra))


def line_yaml(line, ids):
    out = ["  - id: %s" % line["id"],
           "    name: %s" % q(line["name"]),
           "    mode: %s" % line["mode"],
           "    stops: [%s]" % ", ".join(stop_yaml(s, ids) for s in line["stops"]),
           "    length_km: %s" % fmt(line["length_km"])]
    if line.get("segment_km"):
        out.append("    segment_km: [%s]" % ", ".join(fmt(x) for x in line["segment_km"]))
    if line.get("segment_min"):
        out.append("    segment_min: [%s]" % ", ".join(fmt(x) for x in line["segment_min"]))
    if line.get("design_speed_kmh"):
        out.append("    design_speed_kmh: %s" % fmt(line["design_speed_kmh"]))
    if line.get("dwell_min") is not None:
        out.append("    dwell_min: %s" % fmt(line["dwell_min"]))
    if line.get("trains_per_day"):
        out.append("    trains_per_day: %s" % fmt(line["trains_per_day"]))
    out.append("    status: %s" % line["status"])
    if line.get("opened"):
        out.append("    opened: %d" % line["opened"])
    out.append("    source: %s" % q(line["source"]))
    out.append("    confidence: %s" % line["confidence"])
    note = "; ".join(x for x in (line.get("note"), line.get("tt_note"), line.get("tpd_note"))
                     if x)
    if note:
        out.append("    note: %s" % q(note))
    if line.get("runs_over"):
        out.append("    runs_over: [%s]" % ", ".join(line["runs_over"]))
    if line.get("geometry"):
        out.append("    geometry: [%s]" % ", ".join("[%.5f, %.5f]" % p for p in line["geometry"]))
    return "\n".join(out)


HEADER_COMMON = """\
# Generated by tools/region/build_network.py from shared/region/*.csv: edit the generator
# (or the CSVs) and re-run it rather than editing this file by hand.
# Licence: the facts are public figures: city names, codes, coordinates and 2010 census
# populations from the city table of Ma & Tang (2024), dataset repository
# malin84/transportation_networks_of_china (cite the paper when reusing them); line data
# from public news reports of the Middle Yangtze capitals' joint action plans and public
# reports on the existing network. See SOURCES.md.
"""


def write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--region", default=os.path.join(os.path.dirname(repo), "shared", "region"))
    ap.add_argument("--out", default=os.path.join(repo, "networks", "middle-yangtze"))
    args = ap.parse_args()

    places = Places(args.region)
    rail_rows = read_csv(os.path.join(args.region, "rail.csv")) + EXTRA_RAIL
    tt = load_timetable(args.region)
    road_rows = read_csv(os.path.join(args.region, "roads.csv"))
    water_rows = read_csv(os.path.join(args.region, "waterways.csv"))
    modes = read_modes(os.path.join(args.out, "modes.yaml"))

    # ---- which places become nodes
    on_rail = [n for r in rail_rows for n in r["cities"].split(";")]
    on_road = [n for r in road_rows for n in r["cities"].split(";")]
    on_water = [n for r in water_rows for n in r["nodes"].split(";")]
    wanted = set(CAPITALS + OBSERVERS + on_rail + on_road + on_water + list(places.county))
    for n in wanted:
        if not places.known(n):
            sys.exit("unknown place %r" % n)
    ids = {n: node_id(n) for n in wanted}
    assert len(set(ids.values())) == len(ids), "id clash"

    yangtze = [n for r in water_rows if r["id"] in ("yangtze_mid", "yangtze_low")
               for n in r["nodes"].split(";")]
    waterway_ports = [n for n in on_water if n not in WATER_JUNCTIONS]
    expressway_cities = [n for r in road_rows if r["status"] == "existing"
                         for n in r["cities"].split(";")
                         if n in places.pref and places.province(n) in PROVINCES]

    def groups_of(n):
        g = []
        prov = places.province(n)
        if n in CAPITALS:
            g.append("capitals")
        if n in OBSERVERS:
            g += ["observers", "observers-" + prov.lower()]
        if prov in PROVINCES:
            g.append(prov.lower())
        if n in places.pref:
            g.append("cities")
            if prov in PROVINCES:
                g.append("region-cities")
        if n in expressway_cities:
            g.append("expressway-cities")
        if n in waterway_ports:
            g.append("waterway-ports")
        if n in yangtze:
            g.append("yangtze-ports")
        return g

    cities = sorted((n for n in wanted if n in places.pref), key=lambda n: places.pref[n]["code"])
    counties = [n for n in places.county if n in wanted]  # counties.csv order

    out = [HEADER_COMMON + """\
#
# nodes.yaml: the 4 capitals, the 12 observer cities, every other prefecture-level city a
# line of rail.csv / roads.csv / waterways.csv passes through, and the counties and ports
# of counties.csv.
#   cities: shared/region/prefectures.csv: code, English and Chinese name, representative
#     lon/lat (WGS84), population = 2010 census total (pop2010_total). Source: Ma & Tang,
#     "The Distributional Impacts of Transportation Networks in China", JIE 2024 (dataset
#     malin84/transportation_networks_of_china). Coordinates are approx (city centres).
#   counties/ports: shared/region/counties.csv (coordinates approx); no population given.
# Groups (README "Groups named by the plans" and the CSVs):
#   capitals; observers (the 12 of 2023: 8 from 2019 + 4 added), observers-<province>
#   (observers in each capital's province); hubei/hunan/anhui/jiangxi (every node of the
#   province, counties included); cities (every prefecture-level city node, neighbours
#   such as Shanghai or Guangzhou included); region-cities (the prefecture-level cities of
#   the four provinces); expressway-cities (prefecture-level cities of the four provinces
#   on an existing expressway of roads.csv); waterway-ports (waterways.csv nodes, without the channel
#   outlets Hukou and Yuxikou); yangtze-ports (the ports of the Yangtze middle and lower
#   reach lines; a city node stands for the city's port).
# Access times: none set per node; the modes' defaults apply (modes.yaml). Override a
# city with access_min / egress_min here or in a scenario's modify.nodes.
# Attributes kept for outputs (each node's `attributes:` map, written as output columns):
#   code (text, e.g. "4201"), province, observer_since (observer cities: 2019 or
#   2023), parent (counties: the id of their prefecture-level city). name_zh, source,
#   confidence and note are node keys of their own.

nodes:"""]
    for n in cities:
        r = places.pref[n]
        lines = ["  - id: %s" % ids[n],
                 "    name: %s" % q(n),
                 "    kind: city",
                 "    lon: %s" % r["lon"],
                 "    lat: %s" % r["lat"],
                 "    population: %s" % r["pop2010_total"],
                 "    groups: [%s]" % ", ".join(groups_of(n)),
                 "    name_zh: %s" % r["name_zh"],
                 "    attributes:",
                 "      code: %s" % q(r["code"]),
                 "      province: %s" % r["province"]]
        if n in OBSERVERS:
            lines.append("      observer_since: %d" % (2019 if n in OBSERVERS_2019 else 2023))
        out.append("\n".join(lines))
    for n in counties:
        r = places.county[n]
        kind = "port" if n == "Chenglingji" else ("junction" if n == "Yuxikou" else "county")
        lines = ["  - id: %s" % ids[n],
                 "    name: %s" % q(n),
                 "    kind: %s" % kind,
                 "    lon: %s" % r["lon"],
                 "    lat: %s" % r["lat"]]
        g = groups_of(n)
        if g:
            lines.append("    groups: [%s]" % ", ".join(g))
        lines += ["    name_zh: %s" % r["name_zh"],
                  "    source: %s" % q("shared/region/counties.csv"),
                  "    confidence: approx",
                  "    note: %s" % q(r["note"]),
                  "    attributes:",
                  "      province: %s" % places.province(n),
                  "      parent: %s" % ids[r["parent"]]]
        out.append("\n".join(lines))
    write(os.path.join(args.out, "nodes.yaml"), "\n".join(out) + "\n")

    # ---- rail
    lines = build_rail(places, rail_rows)
    for lid, line in lines.items():
        line["note"] = RAIL_NOTES.get(lid, line["csv_note"])
    calibrate_rail(places, lines, modes, tt)
    services = build_services(places, lines, modes)
    calibrate_services(services, tt)
    services = [x for svc in services for x in [svc] + stopping_companions([svc], tt)]
    for l in list(lines.values()) + services:
        if not _built_2020(l):
            continue
        ids_l = [node_id(x["name"]) for x in l["stops"] if not x.get("pass")]
        if "runs_over" in l:
            ids_l = [ids_l[0], ids_l[-1]]  # a through service: trains over its whole run
        n = tt_trains_per_day(ids_l, tt)
        if n:
            l["trains_per_day"] = n
            l["tpd_note"] = ("trains_per_day %d: EMU trains per direction in the 2020 timetable "
                             "chart (%s; a chart count, some run on some days only)"
                             % (n, "calling at both ends" if "runs_over" in l else
                                "median over consecutive stops"))
    existing = [l for l in lines.values() if l["status"] == "existing"]
    building = [l for l in lines.values() if l["status"] == "under_construction"]
    planned = [l for l in lines.values() if l["status"] == "planned"]
    svc_now = [s for s in services if s["status"] == "existing"]
    svc_plan = [s for s in services if s["status"] != "existing"]
    text = [HEADER_COMMON + """\
#
# rail.yaml: every line of shared/region/rail.csv (existing, under construction, planned)
# plus the published through services that run over several of them.
#   mode: hsr for design speed >= 300 km/h, rail for 200-250 km/h, intercity for the
#     lines rail.csv names intercity (see modes.yaml).
#   Neighbour lines that rail.csv lacks (Beijing-Shanghai, Shanghai-Hangzhou, ..., source
#     "public facts ...", length great-circle x 1.2, confidence estimate).
#   Lines and services open in 2020: segment_min, dwell_min 2, trains_per_day and the
#     fastest trains' stop patterns from shared/region/timetable-2020 (winter 2020/21; the
#     data's licence is not stated: for calibration, see SOURCES.md); each note says which
#     trains time which spans. Lines opened later keep the mode rules.
#   length_km: the CSV's route length; `confidence: approx` for existing lines (public
#     figures, rounded), `estimate` for planned lines (no alignment yet: the CSV gives
#     great-circle distance x a 1.15-1.25 detour factor).
#   Part lengths named in the CSV notes are kept exact with segment_km / km chainage;
#     the remaining splits are shared out by great-circle distance (estimates).
#   opened: the CSV's year; for hewu_hsr the expected year (2028). Planned lines and the
#     Nanchang-Jiujiang HSR have no year in the sources and carry none: scenarios build
#     them by listing them (build.lines) or by status (build.statuses).
#   Services (id *_svc / *_express): one line per published through-running or express
#     pattern; lengths summed from the infrastructure lines; `pass: true` marks stops the
#     fastest trains run through (estimates where the note says so). Each service opens
#     with its newest part. runs_over: the physical lines whose tracks the service uses
#     (the lines it is built from; maps draw tracks once and services apart). All come
#     from the README / CSV notes naming the parts, except hefei_jiujiang_changsha_svc,
#     whose Jiujiang-Changsha part is the planned changsha_jiujiang line (estimate).
# Estimated: planned lengths and alignments (stops = the cities the plans name), every
# split of a length between intermediate stations, the stop patterns of the services."""]
    for title, group in (("Existing lines (rail.csv status existing)", existing),
                         ("Published through services and express patterns", svc_now),
                         ("Under construction (rail.csv)", building),
                         ("Planned lines named in the 2017-2023 action plans (rail.csv)", planned),
                         ("Planned through services", svc_plan)):
        text.append("\n# ---- %s\n" % title)
        body = [line_yaml(l, ids) for l in group]
        text.append("\n\n".join(body))
    rail_text = text[0] + "\n\nlines:" + "\n".join(text[1:]) + "\n"
    write(os.path.join(args.out, "rail.yaml"), rail_text)

    # ---- roads
    roads = build_ways(places, road_rows, ROAD_STOPS, ROAD_PARTS, ROAD_NOTES, "highway",
                       ROAD_SRC, "cities")
    for l in roads:
        if l["status"] != "existing":
            l["source"] = ROAD_SRC.replace("public reports", "public news reports of the 2023 plan")
    yueyang, cll = places.coord("Yueyang"), places.coord("Chenglingji")
    port_km = round(great_circle_km(yueyang, cll) * 1.2, 1)
    text = HEADER_COMMON + """\
#
# roads.yaml: the expressway corridors of shared/region/roads.csv as highway lines (no
# dwell: driving past a city costs nothing), with their city sequences and route lengths.
#   length_km: the CSV value (approx for existing, estimate for the 2023 plan's corridors);
#     lengths named in the notes (Wuhan-Changsha 350 km on G4, ...) kept exact with
#     segment_km, other splits shared out by great-circle distance (estimates).
#   design_speed_kmh: 120 (CSV); travel time uses the highway mode's 95 km/h (modes.yaml).
#   Planned corridors (wunan_hb, wuyang, nanxiuwu) have status planned and no year.
# One link is added: the Yueyang-Chenglingji port road (Chenglingji is Yueyang's Yangtze
#   port, counties.csv); its length is great-circle x 1.2 (estimate).

lines:
""" + "\n\n".join(line_yaml(l, ids) for l in roads) + """

links:
  - id: yueyang_chenglingji_road
    name: "Yueyang city - Chenglingji port road"
    mode: highway
    from: yueyang
    to: chenglingji
    length_km: %s
    status: existing
    source: "shared/region/counties.csv (Chenglingji: Yangtze port of Yueyang)"
    confidence: estimate
    note: "port access road so the Yueyang port is reachable by road; length = great-circle distance x 1.2 (estimate)"
""" % fmt(port_km)
    write(os.path.join(args.out, "roads.yaml"), text)

    # ---- waterways
    ways = build_ways(places, water_rows, WATER_STOPS, WATER_PARTS, WATER_NOTES, "waterway",
                      WATER_SRC, "nodes")
    rivers = gpkg_lines(os.path.join(args.out, "context.gpkg"), "rivers")
    for l in ways:
        # the node coordinates as written in nodes.yaml (the CSV text), so stops match
        # the river vertices exactly
        l["geometry"] = river_course(rivers, [places.coord(s["name"]) for s in l["stops"]])
    text = HEADER_COMMON + """\
#
# waterways.yaml: the navigable channels of shared/region/waterways.csv as waterway lines
# whose stops are the ports (and the channel outlets Hukou and Yuxikou, counties.csv).
#   length_km: the CSV value (approx); river-km parts named in the notes (Yichang-Wuhan
#     626, Wuhan-Jiujiang 269, Jiujiang-Anqing 165, Changsha-Chenglingji 180) kept exact
#     with segment_km; other splits shared out by great-circle distance (estimates).
#   Timing: the waterway mode's 15 km/h, no dwell at ports passed (modes.yaml).
#   geometry: the course as [lon, lat] (WGS84), first stop to last, along the river lines
#     of context.gpkg (GSHHG 2.3.7 traced, see SOURCES.md); every stop is a vertex. Drawing
#     only: the lengths above keep precedence.

lines:
""" + "\n\n".join(line_yaml(l, ids) for l in ways) + "\n"
    write(os.path.join(args.out, "waterways.yaml"), text)

    print("wrote nodes (%d), rail (%d lines + %d services), roads (%d + 1 link), "
          "waterways (%d) to %s" % (len(cities) + len(counties), len(lines), len(services),
                                    len(roads), len(ways), args.out))


if __name__ == "__main__":
    main()
