#!/usr/bin/env python3
"""Read the 2020/21 station timetables of shared/region/timetable-2020/ for the bundled network.

The station files are third-party data for validation and calibration only (see the
timetable README: the licence of the data is not stated); they are never copied into the
repository. What this module derives and the repository carries is small tables of facts:
the fastest direct train between two bundled cities and counts of trains.

    python3 tools/region/timetable.py [--region DIR] [--out FILE] [--check]

writes networks/middle-yangtze/timetable-2020-fastest.csv (one row per ordered pair of
bundled cities with a direct EMU train: from, to, from_station, to_station, minutes,
train_no, n_direct_trains) and, with --check, compares it with fastest_direct.csv.
build_network.py imports it for the trains-per-day counts of the bundled lines.

Method (as the README's for fastest_direct.csv): only EMU trains (G, D, C numbers); clock
times are taken modulo 24 h, each train's calls ordered from its originating call where
that station is in the set, otherwise from after the largest gap in its 24-hour cycle.
A city is the group of its main HSR stations (the README's table); moving between two
stations of one city is not modelled.
"""

import argparse
import csv
import os
import sys

# The README's "Main HSR stations grouped per city", keyed by bundled node id.
CITY_STATIONS = {
    "wuhan": ["武汉", "汉口", "武昌"], "huangshi": ["黄石北"], "shiyan": ["十堰东"],
    "yichang": ["宜昌东"], "xiangyang": ["襄阳东"], "ezhou": ["鄂州"], "xiaogan": ["孝感东"],
    "xianning": ["咸宁北", "咸宁南"], "changsha": ["长沙南", "长沙"], "zhuzhou": ["株洲西"],
    "xiangtan": ["湘潭北", "湘潭"], "hengyang": ["衡阳东"], "changde": ["常德"],
    "zhangjiajie": ["张家界西"], "huaihua": ["怀化南"], "nanchang": ["南昌西", "南昌"],
    "jiujiang": ["九江"], "yingtan": ["鹰潭北"], "ganzhou": ["赣州西", "赣州"],
    "jian": ["吉安西", "吉安"], "shangrao": ["上饶"], "hefei": ["合肥南", "合肥"],
    "wuhu": ["芜湖"], "bengbu": ["蚌埠南"], "huainan": ["淮南南", "淮南东"],
    "tongling": ["铜陵北", "铜陵"], "anqing": ["安庆"], "huangshan": ["黄山北"],
    "fuyang": ["阜阳西", "阜阳"], "xuancheng": ["宣城"],
    "shanghai": ["上海虹桥", "上海", "上海南"], "nanjing": ["南京南", "南京"],
    "hangzhou": ["杭州东", "杭州", "杭州南"], "zhengzhou": ["郑州东", "郑州"],
    "xinyang": ["信阳东"], "guangzhou": ["广州南", "广州", "广州东"],
    "chongqing": ["重庆北", "重庆西", "沙坪坝"], "guiyang": ["贵阳北", "贵阳东", "贵阳"],
    "ankang": ["安康"],
}
# Stations outside the 85-file set that trains in it start or end at (origin/terminus
# columns, no times): used only to count trains on lines whose end has no file.
TERMINI = {"黄冈东": "huanggang", "黄冈": "huanggang", "大冶北": "huangshi",
           "岳阳东": "yueyang", "荆州": "jingzhou", "六安": "luan", "宜昌东": "yichang"}
EMU = ("G", "D", "C")
CAPITALS = ("wuhan", "changsha", "nanchang", "hefei")
DAY = 1440


def hm(s):
    if not s or s.strip() in ("-", ""):
        return None
    h, m = s.strip().split(":")
    return int(h) * 60 + int(m)


def load_trains(tdir):
    """train_no -> {"type", "origin", "terminus", "calls": [(station, arr, dep, role)]}."""
    trains = {}
    for fn in sorted(os.listdir(tdir)):
        if not fn.endswith(".csv") or fn in ("railways.csv", "fastest_direct.csv"):
            continue
        st = fn[:-4]
        with open(os.path.join(tdir, fn), newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                no = r["train_no"]
                t = trains.setdefault(no, {"type": r["train_type"], "origin": r["origin"],
                                           "terminus": r["terminus"], "calls": {}})
                arr, dep = hm(r["arr"]), hm(r["dep"])
                if arr is None and dep is None:
                    continue  # the README's two rows with a time missing
                if arr is None:
                    arr = dep
                if dep is None:
                    dep = arr
                t["calls"].setdefault(st, (st, arr, dep, r["role"]))
    for t in trains.values():
        raw = list(t["calls"].values())
        t["calls"] = order_calls(raw)
        t["clock"] = {st: (arr, dep) for st, arr, dep, _ in raw}
    return trains


MIN_CHANGE, MAX_CHANGE = 10, 120  # minutes at the same station (estimate of a feasible change)


def one_change(trains, a, b):
    """Fastest trip from city a to city b with exactly one change of train, at one station
    of a third city (same station, MIN_CHANGE..MAX_CHANGE minutes): (minutes, "T1+T2 at
    station, change N min") or None."""
    sc = station_city()
    first, second = {}, {}  # station -> [(clock, ride minutes, train)]
    for no, t in trains.items():
        if not is_emu(no):
            continue
        calls = t["calls"]
        for i, (s1, _, d1) in enumerate(calls):
            if sc.get(s1) == a:
                for s2, a2, _ in calls[i + 1:]:
                    if sc.get(s2) not in (None, a, b):
                        first.setdefault(s2, []).append((t["clock"][s2][0], a2 - d1, no))
            if sc.get(s1) not in (None, a, b):
                for s2, a2, _ in calls[i + 1:]:
                    if sc.get(s2) == b:
                        second.setdefault(s1, []).append((t["clock"][s1][1], a2 - d1, no))
    best = None
    for st in first:
        for c1, r1, n1 in first[st]:
            for c2, r2, n2 in second.get(st, []):
                w = (c2 - c1) % 1440
                if n1 != n2 and MIN_CHANGE <= w <= MAX_CHANGE:
                    tot = r1 + w + r2
                    if best is None or tot < best[0]:
                        best = (tot, "%s+%s at %s, change %d min" % (n1, n2, st, w))
    return best


def order_calls(calls):
    """Calls as (station, rel_arr, rel_dep) in running order, minutes from the run's start."""
    start = None
    for st, arr, dep, role in calls:
        if role == "始":
            start = dep
    if start is None:
        times = sorted({arr for _, arr, _, _ in calls})
        if len(times) == 1:
            start = times[0]
        else:
            gaps = [((times[(i + 1) % len(times)] - times[i]) % DAY, i) for i in range(len(times))]
            _, i = max(gaps)
            start = times[(i + 1) % len(times)]
    out = []
    for st, arr, dep, role in calls:
        ra = (arr - start) % DAY
        rd = ra + (dep - arr) % DAY
        out.append((st, ra, rd))
    out.sort(key=lambda c: (c[1], c[2]))
    return out


def is_emu(no):
    return no[:1] in EMU


def station_city():
    return {s: c for c, ss in CITY_STATIONS.items() for s in ss}


def fastest(trains, cities=None):
    """{(from_city, to_city): (minutes, train_no, from_st, to_st, n_trains)} over EMU trains."""
    sc = station_city()
    best, count = {}, {}
    for no in sorted(trains):
        if not is_emu(no):
            continue
        calls = [(sc[s], s, a, d) for s, a, d in trains[no]["calls"] if s in sc]
        seen = set()
        for i, (ca, sa, _, da) in enumerate(calls):
            for cb, sb, ab, _ in calls[i + 1:]:
                if ca == cb or (cities and (ca not in cities or cb not in cities)):
                    continue
                if ab <= da:
                    continue
                key = (ca, cb)
                m = ab - da
                if key not in best or (m, no) < (best[key][0], best[key][1]):
                    best[key] = (m, no, sa, sb)
                seen.add(key)
        for key in seen:
            count[key] = count.get(key, 0) + 1
    return {k: v + (count[k],) for k, v in best.items()}


def city_sequence(train, sc=None):
    """The train's calls as bundled cities in running order (first call per city), plus
    its origin/terminus where that is a known station outside the set."""
    sc = sc or station_city()
    seq = []
    o, t = train["origin"], train["terminus"]
    if o in TERMINI and o not in sc:
        seq.append(TERMINI[o])
    for s, _, _ in train["calls"]:
        c = sc.get(s)
        if c and c not in seq:
            seq.append(c)
    if t in TERMINI and t not in sc and TERMINI[t] not in seq:
        seq.append(TERMINI[t])
    return seq


def trains_between(trains, a, b, emu_only=True):
    """Distinct trains calling at city a and later at city b."""
    sc = station_city()
    n = 0
    for no, t in trains.items():
        if emu_only and not is_emu(no):
            continue
        seq = city_sequence(t, sc)
        if a in seq and b in seq and seq.index(a) < seq.index(b):
            n += 1
    return n


def bundled_ids(nodes_yaml):
    """Node ids of the bundled network (nodes.yaml as build_network.py writes it)."""
    import re
    with open(nodes_yaml, encoding="utf-8") as f:
        return {m.group(1) for m in re.finditer(r"^  - id: (\S+)", f.read(), re.M)}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--region", default=os.path.join(os.path.dirname(repo), "shared", "region"))
    ap.add_argument("--out", default=os.path.join(repo, "networks", "middle-yangtze",
                                                  "timetable-2020-fastest.csv"))
    ap.add_argument("--check", action="store_true",
                    help="compare with the timetable's fastest_direct.csv; exit 1 on a difference")
    args = ap.parse_args()
    tdir = os.path.join(args.region, "timetable-2020")
    trains = load_trains(tdir)
    best = fastest(trains)
    order = list(CITY_STATIONS)
    bundled = bundled_ids(os.path.join(os.path.dirname(args.out), "nodes.yaml"))
    rows = sorted(((k, v) for k, v in best.items() if k[0] in bundled and k[1] in bundled),
                  key=lambda kv: (order.index(kv[0][0]), order.index(kv[0][1])))
    rows_unused = sorted(best.items(), key=lambda kv: (order.index(kv[0][0]), order.index(kv[0][1])))
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        f.write("# Generated by tools/region/timetable.py from shared/region/timetable-2020/ "
                "(station timetables, winter 2020/21,\n"
                "# thaddywu/RailwayVIS copied from cnrail.geogv.org; underlying timetable China "
                "Railway's).\n"
                "# Licence caveat (timetable README): the data's licence is not stated; for "
                "validation and calibration.\n"
                "# This is a derived table of facts (fastest direct EMU train per ordered pair "
                "of bundled cities, minutes\n"
                "# station to station, n_direct_trains = distinct train numbers in the chart, not "
                "a daily count). See SOURCES.md.\n"
                "# one_change_*: the fastest trip with exactly one change of train at one station "
                "of a third city (10-120 min\n"
                "# connection, EMU trains), empty if none; the calibration compares the model with "
                "the smaller of the two.\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["from", "to", "from_station", "to_station", "minutes", "train_no",
                    "n_direct_trains", "one_change_minutes", "one_change_trains"])
        for (a, b), (m, no, sa, sb, n) in rows:
            oc = one_change(trains, a, b)
            w.writerow([a, b, sa, sb, m, no, n, oc[0] if oc else "", oc[1] if oc else ""])
    print("wrote %d pairs to %s" % (len(rows), args.out))
    if args.check:
        name_to_id = {}
        import re
        for r in csv.DictReader(open(os.path.join(args.region, "prefectures.csv"),
                                     encoding="utf-8")):
            nm = r["name_en"]
            name_to_id[nm] = {"Lu'an": "luan", "Ji'an": "jian"}.get(
                nm, re.sub(r"[^a-z0-9]+", "_", nm.lower()).strip("_"))
        bad = 0
        ref = list(csv.DictReader(open(os.path.join(tdir, "fastest_direct.csv"),
                                       encoding="utf-8")))
        for r in ref:
            k = (name_to_id[r["from_city"]], name_to_id[r["to_city"]])
            got = best.get(k)
            if not got or got[0] != int(r["minutes"]) or got[4] != int(r["n_direct_trains"]):
                bad += 1
                print("differs: %s %s ref %s %s n=%s got %s" % (k[0], k[1], r["minutes"],
                      r["train_no"], r["n_direct_trains"], got))
        extra = set(best) - {(name_to_id[r["from_city"]], name_to_id[r["to_city"]]) for r in ref}
        print("checked %d pairs against fastest_direct.csv: %d differ, %d extra"
              % (len(ref), bad, len(extra)))
        sys.exit(1 if bad or extra else 0)


if __name__ == "__main__":
    main()
