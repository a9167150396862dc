"""Curated Chinese carriers: IATA code -> (ticket prefix, name_zh, name_en, icao).

The ICAO designator is taken from OpenFlights airlines.dat when a record with this IATA
code and country "China" carries one; the value here is the fallback (OpenFlights files
several of these codes under unrelated foreign airlines).
"""

AIRLINES: dict[str, tuple[str, str, str, str]] = {
    "CA": ("999", "中国国际航空", "Air China", "CCA"),
    "MU": ("781", "中国东方航空", "China Eastern Airlines", "CES"),
    "CZ": ("784", "中国南方航空", "China Southern Airlines", "CSN"),
    "HU": ("880", "海南航空", "Hainan Airlines", "CHH"),
    "3U": ("876", "四川航空", "Sichuan Airlines", "CSC"),
    "MF": ("731", "厦门航空", "Xiamen Airlines", "CXA"),
    "ZH": ("479", "深圳航空", "Shenzhen Airlines", "CSZ"),
    "SC": ("324", "山东航空", "Shandong Airlines", "CDG"),
    "FM": ("774", "上海航空", "Shanghai Airlines", "CSH"),
    "HO": ("018", "吉祥航空", "Juneyao Airlines", "DKH"),
    "KN": ("822", "中国联合航空", "China United Airlines", "CUA"),
    "8L": ("859", "祥鹏航空", "Lucky Air", "LKE"),
    "GS": ("826", "天津航空", "Tianjin Airlines", "GCR"),
    "JD": ("898", "首都航空", "Beijing Capital Airlines", "CBJ"),
    "PN": ("847", "西部航空", "West Air", "CHB"),
    "G5": ("987", "华夏航空", "China Express Airlines", "HXA"),
    "EU": ("811", "成都航空", "Chengdu Airlines", "UEA"),
    "TV": ("088", "西藏航空", "Tibet Airlines", "TBA"),
    "NS": ("836", "河北航空", "Hebei Airlines", "HBH"),
    "KY": ("833", "昆明航空", "Kunming Airlines", "KNA"),
    "QW": ("912", "青岛航空", "Qingdao Airlines", "QDA"),
    "DZ": ("893", "东海航空", "Donghai Airlines", "EPA"),
    "9C": ("089", "春秋航空", "Spring Airlines", "CQH"),
    "BK": ("866", "奥凯航空", "Okay Airways", "OKA"),
}
