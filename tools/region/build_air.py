#!/usr/bin/env python3
"""Generate networks/middle-yangtze/air.yaml: airports, flights and the airport trip.

    /usr/bin/python3 tools/region/build_air.py [--nodes FILE] [--out FILE]

Reads networks/middle-yangtze/nodes.yaml (only to check that every airport's city is a node
there) and writes air.yaml deterministically from the tables below. Python 3 with PyYAML.
Hand edits to air.yaml are lost: edit the tables here and re-run.

What it writes (README "YAML reference"):
  * two modes: `air` (scheduled flights) and `airport_ground` (the trip between a city
    centre and its airport: taxi, car, airport bus or metro);
  * one node per airport (kind: airport, IATA code in attributes, Chinese name in name_zh,
    WGS84 coordinates of the airport), linked to the city it serves by an airport_ground link;
  * flights as two-stop lines of mode air, with a block time (segment_min), a great-circle
    length and flights per day (trains_per_day: the engine charges half the interval
    service_hours / flights_per_day as the wait under half_headway profiles).

None of these numbers is in shared/region (the region facts have no airports), so all are
marked: `approx` where they are public facts recalled from airport descriptions (codes,
names, locations), `estimate` where a rule below chose them. Every rule is written into the
items' notes.
"""

import argparse
import os
import sys

import yaml

from regionlib import great_circle_km, q


# Block time rule (estimate): 40 min + great-circle km / 750 km/h, rounded to 5 min. 40 min
# covers taxiing out and in, climb and approach and the padding of scheduled block times at
# busy Chinese airports; 750 km/h is a narrow-body (A320/B737) cruise ground speed over the
# great circle. It gives e.g. Wuhan-Guangzhou 105 min and Changsha-Shanghai Hongqiao 110 min,
# in line with the 1h40-2h published for such routes (order of magnitude, not measured).
BLOCK_FIXED_MIN = 40
BLOCK_SPEED_KMH = 750

# Ground trip rule (estimate): the airport's distance from the city centre (table below) at
# 40 km/h up to 35 km (urban roads, airport express bus or metro) and 70 km/h beyond (an
# expressway to an airport in another county), plus the mode's 5 min access at the city.
GROUND_URBAN_KMH = 40
GROUND_EXPRESSWAY_KMH = 70
GROUND_URBAN_MAX_KM = 35

MODES = [
    {
        "id": "air",
        "name": "Scheduled flight",
        "name_zh": "民航航班",
        # every flight has segment_min (block time): no speed rule needed
        "dwell_min": 0,
        "access_min": 60,
        "egress_min": 20,
        "boarding_wait_min": 0,
        "transfer_min": 60,
        "transfers": {"air": 60, "airport_ground": 20},
        # approx: average paid economy fares 576-840 yuan a trip (2023-2025) over ~1100-1300 km
        # stages; published: 50 yuan Civil Aviation Development Fund + 10 yuan fuel surcharge
        # (<= 800 km, 2025-2026; it moves with fuel prices) per flight.
        "fare_yuan_per_km": 0.55,
        "fare_yuan_per_boarding": 60,
        "source": "public airline and airport rules: domestic check-in counters close 40-45 min "
                  "before departure (e.g. China Eastern 45 min), boarding gates 15 min before",
        "confidence": "estimate",
        "note": "access_min 60 (trip starting at the airport node): check-in and security, i.e. "
                "arriving 60 min before departure = the 45 min check-in closing of the large "
                "airports plus 15 min to reach the counter and queue (estimate). egress_min 20 "
                "and transfers.airport_ground 20: deplaning and baggage claim (estimate). "
                "transfers.air 60: a domestic-domestic connection at a Chinese hub (minimum "
                "connection times are 45-90 min; estimate). boarding_wait_min 0: every flight "
                "has trains_per_day (flights per day), so half_headway profiles charge half the "
                "interval between flights; wait: none profiles charge nothing. Flights are "
                "single-leg: dwell 0.",
    },
    {
        "id": "airport_ground",
        "name": "To and from the airport",
        "name_zh": "机场陆侧交通",
        "speed_kmh": GROUND_URBAN_KMH,
        "dwell_min": 0,
        "access_min": 5,
        "boarding_wait_min": 0,
        "transfer_min": 30,
        "transfers": {"air": 60, "airport_ground": 0, "highway": 0, "hsr": 30, "rail": 30,
                      "waterway": 60},
        # estimate: airport bus or metro 20-30 yuan for 30 km, a taxi about 2.5 yuan/km: 1.0.
        "fare_yuan_per_km": 1.0,
        "source": "estimate (no airport access figures in shared/region)",
        "confidence": "estimate",
        "note": "each link's speed: 40 km/h up to 35 km (urban roads, airport bus or metro), "
                "70 km/h beyond (expressway), set per link by tools/region/build_air.py; "
                "access_min 5 (to a taxi or the metro; egress the same). transfers.air 60: "
                "check-in and security before departure (as air.access_min; public rule: "
                "check-in closes 40-45 min before departure; estimate). transfers to "
                "hsr/rail 30: city road to the station, as highway's (modes.yaml, README 20-40 "
                "min); highway 0: same car; waterway 60 as highway's; airport_ground 0 (two "
                "cities sharing an airport); any other mode transfer_min 30.",
    },
]

# Airports: id suffix = IATA code. city: the node id of nodes.yaml it serves (several for a
# shared airport). km: distance from the city centre as commonly given in the airport's
# public description (rounded; approx). lon/lat: the airport, WGS84 (approx: recalled public
# coordinates, to about 0.01 deg; `est` marks ones placed from the stated distance and
# direction from the city, about +-3 km).
# opened: the year the airport opened to passengers (Jiujiang: resumed 2021); flights and
# ground links get it as `opened` (the later of two airports), so older plan years leave out
# airports opened since.
# (iata, name, name_zh, lon, lat, [(city, km)], opened, location quality, note)
AIRPORTS = [
    # the four capitals
    ("WUH", "Wuhan Tianhe International Airport", "武汉天河国际机场", 114.208, 30.784,
     [("wuhan", 26)], 1995, "approx", ""),
    ("CSX", "Changsha Huanghua International Airport", "长沙黄花国际机场", 113.220, 28.189,
     [("changsha", 24)], 1989, "approx", ""),
    ("HFE", "Hefei Xinqiao International Airport", "合肥新桥国际机场", 116.977, 31.988,
     [("hefei", 32)], 2013, "approx", ""),
    ("KHN", "Nanchang Changbei International Airport", "南昌昌北国际机场", 115.900, 28.865,
     [("nanchang", 28)], 1999, "approx", ""),
    # Hubei
    ("YIH", "Yichang Sanxia Airport", "宜昌三峡机场", 111.480, 30.556,
     [("yichang", 26)], 1996, "approx", ""),
    ("XFN", "Xiangyang Liuji Airport", "襄阳刘集机场", 112.291, 32.151,
     [("xiangyang", 13)], 1958, "approx", ""),
    ("WDS", "Shiyan Wudangshan Airport", "十堰武当山机场", 110.908, 32.592,
     [("shiyan", 20)], 2016, "approx", ""),
    ("SHS", "Jingzhou Shashi Airport", "荆州沙市机场", 112.450, 30.320,
     [("jingzhou", 20)], 2021, "est", "opened January 2021 in Cenhe town, Shashi district"),
    # Hunan
    ("HNY", "Hengyang Nanyue Airport", "衡阳南岳机场", 112.628, 26.721,
     [("hengyang", 26)], 2014, "approx", ""),
    ("WGN", "Shaoyang Wugang Airport", "邵阳武冈机场", 110.642, 26.802,
     [("shaoyang", 120)], 2017, "approx",
     "in Wugang (county-level city), about 120 km by expressway from Shaoyang city"),
    ("YYA", "Yueyang Sanhe Airport", "岳阳三荷机场", 113.281, 29.311,
     [("yueyang", 20)], 2018, "approx", ""),
    ("CGD", "Changde Taohuayuan Airport", "常德桃花源机场", 111.640, 28.919,
     [("changde", 13)], 1994, "approx", ""),
    ("HJJ", "Huaihua Zhijiang Airport", "怀化芷江机场", 109.700, 27.441,
     [("huaihua", 30)], 2005, "approx", "in Zhijiang county"),
    ("HCZ", "Chenzhou Beihu Airport", "郴州北湖机场", 112.846, 25.751,
     [("chenzhou", 20)], 2021, "approx", "opened September 2021"),
    # Anhui
    ("AQG", "Anqing Tianzhushan Airport", "安庆天柱山机场", 117.050, 30.582,
     [("anqing", 10)], 1993, "approx", ""),
    ("FUG", "Fuyang Xiguan Airport", "阜阳西关机场", 115.734, 32.882,
     [("fuyang", 10)], 2008, "approx", ""),
    ("TXN", "Huangshan Tunxi International Airport", "黄山屯溪国际机场", 118.256, 29.733,
     [("huangshan", 5)], 1994, "approx", ""),
    ("JUH", "Chizhou Jiuhuashan Airport", "池州九华山机场", 117.686, 30.740,
     [("chizhou", 20)], 2013, "est", "Guichi district, about 20 km from the city centre"),
    ("WHA", "Wuhu Xuanzhou Airport", "芜湖宣州机场", 118.640, 31.090,
     [("wuhu", 40), ("xuancheng", 25)], 2021, "est",
     "built jointly by Wuhu and Xuancheng, between the two cities (opened 2021)"),
    # Jiangxi
    ("KOW", "Ganzhou Huangjin Airport", "赣州黄金机场", 114.779, 25.853,
     [("ganzhou", 13)], 1993, "approx", ""),
    ("JDZ", "Jingdezhen Luojia Airport", "景德镇罗家机场", 117.176, 29.339,
     [("jingdezhen", 8)], 1992, "approx", ""),
    ("SQD", "Shangrao Sanqingshan Airport", "上饶三清山机场", 117.964, 28.380,
     [("shangrao", 12)], 2017, "approx", ""),
    ("YIC", "Yichun Mingyueshan Airport", "宜春明月山机场", 114.306, 27.803,
     [("yichun_jx", 10)], 2013, "approx", ""),
    ("JGS", "Jinggangshan Airport", "井冈山机场", 114.737, 26.857,
     [("jian", 40)], 2004, "approx", "Ji'an's airport, in Taihe county"),
    ("JIU", "Jiujiang Lushan Airport", "九江庐山机场", 115.800, 29.480,
     [("jiujiang", 31)], 2021, "est",
     "closed 2015-2021 for reconstruction, resumed October 2021 with a few routes"),
    # neighbours
    ("SHA", "Shanghai Hongqiao International Airport", "上海虹桥国际机场", 121.336, 31.198,
     [("shanghai", 13)], 1964, "approx", ""),
    ("PVG", "Shanghai Pudong International Airport", "上海浦东国际机场", 121.805, 31.143,
     [("shanghai", 45)], 1999, "approx", ""),
    ("NKG", "Nanjing Lukou International Airport", "南京禄口国际机场", 118.862, 31.742,
     [("nanjing", 35)], 1997, "approx", ""),
    ("HGH", "Hangzhou Xiaoshan International Airport", "杭州萧山国际机场", 120.434, 30.229,
     [("hangzhou", 27)], 2000, "approx", ""),
    ("CAN", "Guangzhou Baiyun International Airport", "广州白云国际机场", 113.299, 23.392,
     [("guangzhou", 28)], 2004, "approx", ""),
    ("CGO", "Zhengzhou Xinzheng International Airport", "郑州新郑国际机场", 113.841, 34.520,
     [("zhengzhou", 37)], 1997, "approx", ""),
    ("KWE", "Guiyang Longdongbao International Airport", "贵阳龙洞堡国际机场", 106.801, 26.539,
     [("guiyang", 11)], 1997, "approx", ""),
]

# Flights: (airport, airport, flights per day each way). Frequencies are estimates: the
# order of magnitude of 2023-2024 schedules as recalled (a trunk route between a capital and
# Shanghai, Guangzhou or Hangzhou: 4-10 a day; a regional airport to a hub: 1-3 a day), not
# counted from a published timetable. Only routes with at least one end in the four provinces.
# Not flown (no line): between the four capitals and from the capitals to Zhengzhou, Nanjing
# or Hangzhou where high-speed rail of 2-3 h replaced the flights (Wuhan-Changsha 1h10,
# Wuhan-Nanchang and Hefei-Wuhan about 2 h, Changsha-Nanchang 1h30, Wuhan-Zhengzhou about 2 h,
# Hefei-Shanghai/Nanjing/Hangzhou 1-2.5 h, Nanchang-Hangzhou about 2 h, Changsha-Guangzhou
# 2h20); nor within a province (Wuhan-Yichang/Xiangyang/Shiyan, Changsha-Huaihua, ... all have
# fast rail). Capital-to-capital flights would be a few a day at most where they exist, so
# leaving them out changes no fastest door-to-door trip.
FLIGHTS = [
    # Wuhan
    ("WUH", "SHA", 8), ("WUH", "PVG", 6), ("WUH", "CAN", 10), ("WUH", "KWE", 5),
    ("WUH", "HGH", 4),
    # Changsha
    ("CSX", "SHA", 8), ("CSX", "PVG", 6), ("CSX", "HGH", 7), ("CSX", "NKG", 5),
    ("CSX", "KWE", 2), ("CSX", "CGO", 3),
    # Hefei
    ("HFE", "CAN", 8), ("HFE", "KWE", 3),
    # Nanchang
    ("KHN", "SHA", 4), ("KHN", "PVG", 3), ("KHN", "CAN", 5), ("KHN", "KWE", 3),
    ("KHN", "CGO", 2),
    # Hubei regional
    ("YIH", "SHA", 2), ("YIH", "PVG", 2), ("YIH", "CAN", 3), ("YIH", "HGH", 2),
    ("YIH", "NKG", 1),
    ("XFN", "SHA", 2), ("XFN", "PVG", 1), ("XFN", "CAN", 2), ("XFN", "HGH", 2),
    ("WDS", "SHA", 2), ("WDS", "CAN", 2), ("WDS", "HGH", 1),
    ("SHS", "SHA", 1), ("SHS", "CAN", 1), ("SHS", "HGH", 1), ("SHS", "KWE", 1),
    # Hunan regional
    ("HNY", "SHA", 2), ("HNY", "HGH", 1), ("HNY", "NKG", 1),
    ("WGN", "SHA", 1), ("WGN", "HGH", 1),
    ("YYA", "SHA", 1),
    ("CGD", "SHA", 2), ("CGD", "HGH", 1), ("CGD", "CAN", 1),
    ("HJJ", "SHA", 1), ("HJJ", "HGH", 1), ("HJJ", "CAN", 1),
    ("HCZ", "SHA", 1),
    # Anhui regional
    ("AQG", "CAN", 1), ("FUG", "CAN", 2), ("TXN", "CAN", 2), ("JUH", "CAN", 1),
    ("WHA", "CAN", 1),
    # Jiangxi regional
    ("KOW", "SHA", 3), ("KOW", "PVG", 1), ("KOW", "HGH", 2), ("KOW", "NKG", 1),
    ("KOW", "CGO", 1),
    ("JDZ", "SHA", 1), ("JDZ", "CAN", 1),
    ("SQD", "CAN", 1),
    ("YIC", "SHA", 1), ("YIC", "CAN", 1),
    ("JGS", "SHA", 1), ("JGS", "CAN", 1),
    ("JIU", "SHA", 1),
]

HEADER = """\
# Generated by tools/region/build_air.py: edit the script's tables and re-run it
# (/usr/bin/python3 tools/region/build_air.py) rather than editing this file by hand.
# Licence: public facts (airport names, codes, locations) and estimates; part of reachplan and
# under the project's licence. See SOURCES.md ("Air").
#
# air.yaml: the plans' "general aviation" / air-rail intermodal corridor as scheduled flights.
#   modes: air (flights) and airport_ground (city centre <-> airport by road or metro).
#   nodes: {n_airports} airports (kind airport, IATA code in attributes), each linked to the
#     city it serves by an airport_ground link; a door-to-door trip by air is
#     city -> airport_ground -> check-in and security (transfer airport_ground->air, 60 min)
#     -> wait (half the interval between flights under half_headway profiles) -> flight
#     -> deplaning and baggage (transfer air->airport_ground, 20 min) -> airport_ground -> city.
#   lines: {n_flights} flight routes, two stops each, both directions:
#     segment_min = block time = {fixed} min + great-circle km / {speed} km/h, rounded to 5 min
#       (estimate); length_km = great-circle distance between the airports;
#     trains_per_day = flights per day each way (estimate: order of magnitude of 2023-2024
#       schedules, not counted from a timetable).
#   No flights between the four capitals, nor from them to Zhengzhou, Nanjing (Wuhan, Hefei,
#   Nanchang) or Hangzhou (Hefei, Nanchang), nor within a province: high-speed rail replaced
#   them (see the script). Not included: Ezhou Huahu (a cargo hub), Xinyang Minggang and
#   Ankang Fuqiang (no flight to the region's airports known), Enshi, Shennongjia,
#   Zhangjiajie, Yongzhou and Chongqing (their cities are not nodes of nodes.yaml).
"""


def block_min(km):
    return int(5 * round((BLOCK_FIXED_MIN + km / BLOCK_SPEED_KMH * 60) / 5))


def num(x):
    """A number as written: up to 3 decimals (minutes to 0.1, fares to the fen per km)."""
    return ("%.3f" % x).rstrip("0").rstrip(".") if isinstance(x, float) else str(x)


def emit_map(d, indent):
    """A flat map as a YAML flow map (numbers and ids only)."""
    return "{" + ", ".join("%s: %s" % (k, num(v)) for k, v in d.items()) + "}"


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", default=os.path.join(root, "networks/middle-yangtze/nodes.yaml"))
    ap.add_argument("--out", default=os.path.join(root, "networks/middle-yangtze/air.yaml"))
    args = ap.parse_args()

    with open(args.nodes, encoding="utf-8") as f:
        nodes = {n["id"]: n for n in yaml.safe_load(f)["nodes"]}

    iata = {a[0]: a for a in AIRPORTS}
    errors = []
    for a in AIRPORTS:
        for city, _ in a[5]:
            if city not in nodes:
                errors.append("airport %s: city %s is not a node of %s" % (a[0], city, args.nodes))
    seen = set()
    for x, y, n in FLIGHTS:
        for c in (x, y):
            if c not in iata:
                errors.append("flight %s-%s: unknown airport %s" % (x, y, c))
        key = tuple(sorted((x, y)))
        if key in seen:
            errors.append("flight %s-%s listed twice" % (x, y))
        seen.add(key)
    if errors:
        sys.exit("\n".join(errors))

    out = [HEADER.format(n_airports=len(AIRPORTS), n_flights=len(FLIGHTS),
                         fixed=BLOCK_FIXED_MIN, speed=BLOCK_SPEED_KMH)]
    out.append("modes:")
    for m in MODES:
        out.append("  - id: %s" % m["id"])
        for k in ("name", "name_zh"):
            out.append("    %s: %s" % (k, q(m[k])))
        for k in ("speed_kmh", "dwell_min", "access_min", "egress_min", "boarding_wait_min",
                  "detour_factor", "transfer_min", "fare_yuan_per_km", "fare_yuan_per_boarding"):
            if k in m:
                out.append("    %s: %s" % (k, num(m[k])))
        out.append("    transfers: %s" % emit_map(m["transfers"], 4))
        for k in ("source", "confidence", "note"):
            out.append("    %s: %s" % (k, q(m[k])))
        out.append("")

    out.append("nodes:")
    for code, name, name_zh, lon, lat, cities, opened, quality, note in AIRPORTS:
        out.append("  - id: airport_%s" % code.lower())
        out.append("    name: %s" % q("%s (%s)" % (name, code)))
        out.append("    kind: airport")
        out.append("    lon: %.3f" % lon)
        out.append("    lat: %.3f" % lat)
        out.append("    name_zh: %s" % q(name_zh))
        out.append("    source: %s" % q("public airport descriptions (name, IATA code, location)"))
        out.append("    confidence: %s" % ("approx" if quality == "approx" else "estimate"))
        loc = ("coordinates approx (public, about 0.01 deg)" if quality == "approx" else
               "coordinates estimated from the stated distance and direction from the city "
               "(about +-3 km)")
        out.append("    note: %s" % q(loc + ("; " + note if note else "")))
        province = nodes[cities[0][0]].get("attributes", {}).get("province", "")
        out.append("    attributes: {iata: %s, city: %s, province: %s, opened: %d}"
                   % (code, q(cities[0][0]), q(province), opened))
    out.append("")

    out.append("links:")
    for code, name, name_zh, lon, lat, cities, opened, quality, note in AIRPORTS:
        for city, km in cities:
            speed = GROUND_URBAN_KMH if km <= GROUND_URBAN_MAX_KM else GROUND_EXPRESSWAY_KMH
            out.append("  - id: ground_%s_%s" % (city, code.lower()))
            out.append("    name: %s" % q("%s - %s (road or metro)" % (nodes[city]["name"], name)))
            out.append("    mode: airport_ground")
            out.append("    from: %s" % city)
            out.append("    to: airport_%s" % code.lower())
            out.append("    length_km: %s" % num(km))
            out.append("    speed_kmh: %d" % speed)
            out.append("    status: existing")
            out.append("    opened: %d" % opened)
            out.append("    source: %s" % q("airport's public description (distance from the "
                                            "city centre, rounded)"))
            out.append("    confidence: estimate")
            out.append("    note: %s" % q(
                "%d km at %d km/h = %.0f min + 5 min access (estimate: %s)"
                % (km, speed, km / speed * 60,
                   "urban roads, airport bus or metro" if speed == GROUND_URBAN_KMH
                   else "expressway to an airport outside the city")))
    out.append("")

    out.append("lines:")
    for x, y, n in FLIGHTS:
        a, b = iata[x], iata[y]
        km = great_circle_km(a[3], a[4], b[3], b[4])
        out.append("  - id: air_%s_%s" % (x.lower(), y.lower()))
        out.append("    name: %s" % q("Flights %s - %s" % (a[1].replace(" International", "")
                                                           .replace(" Airport", ""),
                                                           b[1].replace(" International", "")
                                                           .replace(" Airport", ""))))
        out.append("    mode: air")
        out.append("    stops: [airport_%s, airport_%s]" % (x.lower(), y.lower()))
        out.append("    length_km: %.1f" % km)
        out.append("    segment_min: [%d]" % block_min(km))
        out.append("    trains_per_day: %d" % n)
        out.append("    status: existing")
        out.append("    opened: %d" % max(a[6], b[6]))
        out.append("    source: %s" % q("estimate (no flight data in shared/region)"))
        out.append("    confidence: estimate")
        out.append("    note: %s" % q(
            "block %d min = %d + %.0f km / %d km/h (rounded to 5 min); %d flight%s a day each "
            "way (order of magnitude of 2023-2024 schedules, not counted); opened = the later "
            "airport's opening year (the route may be younger)"
            % (block_min(km), BLOCK_FIXED_MIN, km, BLOCK_SPEED_KMH, n, "" if n == 1 else "s")))
    text = "\n".join(out) + "\n"
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote %s: %d airports, %d flight routes" % (args.out, len(AIRPORTS), len(FLIGHTS)))


if __name__ == "__main__":
    main()
