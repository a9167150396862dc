"""Curated inputs for the demo schedule (schedule.json).

The schedule is built from OpenFlights routes.dat (direct, nonstop, not codeshare, by a
carrier of airlines.py, both ends in airports.json) and completed with CURATED_ROUTES for
airports opened after the OpenFlights snapshot (PKX, TFU) and thin Inner Mongolia routes.
"""

# Airports in routes.dat whose traffic has moved: Nanyuan -> Daxing (2019),
# Shanhaiguan -> Beidaihe (2016).
ROUTE_REMAP = {"NAY": "PKX", "SHP": "BPE"}

# Trunk airports: every pair among them is scheduled, with several carriers.
TRUNK = ["PEK", "PKX", "SHA", "PVG", "CAN", "SZX", "CTU", "TFU", "KMG", "XIY", "CKG", "HGH"]
# Busy trunk pairs: more carriers / frequencies.
BUSY = {
    ("PEK", "SHA"): 3, ("PEK", "SZX"): 4, ("PEK", "CAN"): 3, ("PEK", "CTU"): 3,
    ("SHA", "SZX"): 3, ("CAN", "SHA"): 3, ("PEK", "HGH"): 2, ("PEK", "XIY"): 2,
    ("CKG", "PEK"): 2, ("KMG", "PEK"): 2, ("CTU", "SHA"): 2, ("CKG", "SHA"): 2,
}
# Secondary airports served from the big hubs (one carrier each, from routes.dat).
HUBS = ["PEK", "SHA", "CAN", "SZX"]
SECONDARY = ["HRB", "SHE", "DLC", "TAO", "NKG", "WUH", "CSX", "XMN", "HAK", "SYX", "URC",
             "KWE", "TSN", "LHW", "INC", "CGO"]
INNER_MONGOLIA = ["HET", "BAV", "WUA", "CIF", "HLD", "HLH", "TGO", "XIL", "UCB", "DSN", "RLK",
                  "AXF", "RHT", "EJN", "NZH", "ERL", "YIE", "HUO", "NZL"]
# Intra-region legs shorter than this, flown by a small aircraft, are feeder flights.
FEEDER_MAX_KM = 600

# Carrier preference when several operate a route (hub carriers first).
CARRIER_RANK = ["CA", "MU", "CZ", "HU", "3U", "ZH", "MF", "FM", "SC", "HO", "9C", "GS", "JD",
                "KN", "8L", "PN", "EU", "G5", "TV", "KY", "BK", "NS", "QW", "DZ"]
CARRIER_HUBS = {
    "CA": ["PEK", "TFU", "CTU", "HET"], "MU": ["SHA", "PVG", "PKX", "KMG", "XIY"],
    "CZ": ["CAN", "PKX", "URC", "SHE"], "HU": ["PEK", "HAK"], "3U": ["CTU", "TFU", "CKG"],
    "ZH": ["SZX"], "MF": ["XMN", "FOC"], "FM": ["SHA", "PVG"], "SC": ["TNA", "TAO"],
    "HO": ["SHA", "PVG"], "9C": ["SHA", "PVG"], "GS": ["TSN", "HET"], "JD": ["PEK", "HGH"],
    "KN": ["PKX"], "8L": ["KMG"], "PN": ["CKG"], "EU": ["CTU", "TFU"], "G5": ["CKG", "KWE"],
    "TV": ["LXA"], "KY": ["KMG"], "BK": ["TSN"], "NS": ["SJW"], "QW": ["TAO"], "DZ": ["SZX"],
}
# Aircraft types each carrier flies (first = default).
FLEETS = {
    "CA": ["A321", "A320", "738", "A333"], "MU": ["A320", "A321", "A333"],
    "CZ": ["A320", "A321", "738", "A333"], "HU": ["738", "A333"], "3U": ["A320", "A321"],
    "ZH": ["738", "A320"], "MF": ["738"], "FM": ["738"], "SC": ["738"], "HO": ["A320", "A321"],
    "9C": ["A320"], "GS": ["A320", "E190"], "JD": ["A320", "A321"], "KN": ["738"],
    "8L": ["A320", "738"], "PN": ["A320"], "EU": ["A320"], "G5": ["E190"], "TV": ["A320"],
    "KY": ["738"], "BK": ["738"], "NS": ["738"], "QW": ["A320"], "DZ": ["738"],
}
# OpenFlights equipment codes -> our aircraft codes.
EQUIPMENT = {"319": "A320", "320": "A320", "321": "A321", "738": "738", "73H": "738",
             "73W": "738", "737": "738", "73G": "738", "333": "A333", "330": "A333",
             "332": "A333", "E90": "E190", "E95": "E190", "CR9": "E190", "CRJ": "E190"}
# First flight number of each carrier in this demo (outbound odd, return even).
FLIGHT_NO_BASE = {
    "CA": 1101, "MU": 5101, "CZ": 3101, "HU": 7101, "3U": 8401, "ZH": 9101, "MF": 8101,
    "FM": 9201, "SC": 4601, "HO": 1001, "9C": 8501, "GS": 7801, "JD": 5201, "KN": 5701,
    "8L": 9601, "PN": 6201, "EU": 2201, "G5": 2601, "TV": 9801, "KY": 8201, "BK": 2701,
    "NS": 3201, "QW": 6001, "DZ": 6401,
}

# Curated routes (not in the OpenFlights snapshot): (carrier, a, b, daily round trips, days)
# days "" = every day.
CURATED_ROUTES: list[tuple[str, str, str, int, str]] = [
    # Beijing Daxing (opened 2019)
    ("MU", "PKX", "SHA", 2, ""), ("CZ", "PKX", "CAN", 2, ""), ("CZ", "PKX", "SZX", 1, ""),
    ("MU", "PKX", "PVG", 1, ""), ("CZ", "PKX", "CKG", 1, ""), ("MU", "PKX", "KMG", 1, ""),
    ("MU", "PKX", "XIY", 1, ""), ("MU", "PKX", "HGH", 1, ""), ("CZ", "PKX", "CTU", 1, ""),
    ("CA", "PKX", "TFU", 1, ""), ("3U", "PKX", "TFU", 1, ""),
    # Chengdu Tianfu (opened 2021)
    ("CA", "PEK", "TFU", 2, ""), ("3U", "SHA", "TFU", 1, ""), ("MU", "PVG", "TFU", 1, ""),
    ("CZ", "CAN", "TFU", 1, ""), ("3U", "SZX", "TFU", 1, ""), ("3U", "HGH", "TFU", 1, ""),
    ("3U", "TFU", "XIY", 1, ""), ("3U", "KMG", "TFU", 1, ""), ("3U", "CKG", "TFU", 1, "135"),
    # Inner Mongolia
    ("ZH", "HET", "SZX", 1, ""), ("CA", "HET", "SHA", 1, ""), ("CA", "HET", "TFU", 1, "246"),
    ("GS", "HET", "AXF", 1, "1357"), ("GS", "HET", "EJN", 1, "246"),
    ("GS", "HET", "RHT", 1, "135"), ("GS", "HET", "HUO", 1, "246"),
    ("GS", "HET", "NZL", 1, "135"),
    ("GS", "HLD", "YIE", 1, "135"), ("GS", "BAV", "HLD", 1, "246"),
]
