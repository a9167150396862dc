"""Curated demo people for Counter: outlets, clerks, customers, GP units, distributors, 2012 plan.

All people, companies, phone numbers and identity numbers are fictional. Region prefixes of
resident IDs are real administrative codes so that the IDs look right; the check characters
(resident ID, GB 11643-1999; unified social credit code, GB 32100-2015) are computed here.

Run ``python tools/curated/demo_people.py`` to (re)write ``resources/data/demo.json``.
The output is deterministic: no clock, no randomness, sorted keys.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT_PATH = ROOT / "resources" / "data" / "demo.json"

META = {
    "source": "curated by hand in tools/curated/demo_people.py; 2012 plan from seed 002 "
    "(2012年航空机票业务发展思路及工作措施, 附表: 2012年全区邮政航空机票业务销售计划)",
    "attribution": "fictional demo data; names, companies, phone and ID numbers are invented",
    "version": "1",
}

# ---------------------------------------------------------------------------
# Check characters
# ---------------------------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def resident_id_check(first17: str) -> str:
    """Check character of a GB 11643-1999 resident ID from its first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError(f"need 17 digits: {first17!r}")
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def resident_id(region: str, birth: str, male: bool, serial: int) -> str:
    """Build a resident ID: region (6) + birth YYYYMMDD + sequence (odd = male) + check.

    ``serial`` picks the sequence number: sequence = 2 * serial + (1 if male else 0).
    """
    dt.date.fromisoformat(birth)  # validates the date
    seq = 2 * serial + (1 if male else 0)
    if not 0 < seq < 1000:
        raise ValueError(f"serial out of range: {serial}")
    first17 = f"{region}{birth.replace('-', '')}{seq:03d}"
    return first17 + resident_id_check(first17)


def uscc_check(first17: str) -> str:
    """Check character of a GB 32100-2015 unified social credit code."""
    if len(first17) != 17:
        raise ValueError(f"need 17 characters: {first17!r}")
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc(first17: str) -> str:
    return first17 + uscc_check(first17)


# ---------------------------------------------------------------------------
# Outlets and clerks
# ---------------------------------------------------------------------------

# (code, name_zh, kind, region_zh, office_code, agent_code)
OUTLETS = [
    ("HET001", "呼和浩特新华大街邮政网点", "post_office", "呼和浩特", "HET123", "08312345"),
    ("BAV001", "包头钢铁大街邮政网点", "post_office", "包头", "BAV205", "08312402"),
    ("CIF001", "赤峰红山邮政网点", "post_office", "赤峰", "CIF311", "08312517"),
    ("DSN001", "鄂尔多斯东胜邮政网点", "post_office", "鄂尔多斯", "DSN408", "08312633"),
    ("HLD001", "呼伦贝尔海拉尔邮政网点", "post_office", "呼伦贝尔", "HLD516", "08312748"),
    ("HET002", "呼和浩特赛罕区缴费一站通加盟店", "franchise", "呼和浩特", "HET127", "08312356"),
    ("HET900", "内蒙古邮政11185客服中心票务中心", "call_centre", "呼和浩特", "HET100", "08310001"),
    ("HET000", "内蒙古邮政区票务中心", "head_office", "呼和浩特", "HET001", "08310000"),
    ("SZX001", "深圳航空市民中心柜台", "gp_counter", "深圳", "SZX321", "47900321"),
]

DEMO_PASSWORDS = {
    "clerk": "demo1234",
    "supervisor": "super1234",
    "director": "director1234",
    "head_office": "office1234",
}

# (login, name_zh, role, outlet)
CLERKS = [
    ("wangli", "王丽", "clerk", "HET001"),
    ("liqiang", "李强", "clerk", "BAV001"),
    ("wangji", "王𠮷", "clerk", "CIF001"),  # rare character U+20BB7: proves font fallback
    ("suhe", "苏和", "clerk", "DSN001"),
    ("bayaer", "巴雅尔", "clerk", "HLD001"),
    ("liuyan", "刘燕", "clerk", "HET002"),
    ("zhangyu", "张宇", "clerk", "HET900"),
    ("gaofeng", "高峰", "clerk", "HET000"),
    ("linxiaoyu", "林晓雨", "clerk", "SZX001"),
    ("chenhong", "陈红", "supervisor", "HET001"),
    ("hugang", "胡刚", "supervisor", "BAV001"),
    ("huangwei", "黄伟", "director", "SZX001"),
    ("zhaojun", "赵军", "head_office", "HET000"),
]

# ---------------------------------------------------------------------------
# Customers
# ---------------------------------------------------------------------------

# Traveller: (name_zh, male, region, birth, serial, mobile, ffp)
# Walk-in customers carry exactly one traveller; code, outlet, traveller.
WALK_INS = [
    ("WI-0001", "HET001", ("𠮷祥云", True, "150102", "1986-03-14", 13, "13947100213", None)),
    ("WI-0002", "BAV001", ("陈㛃", False, "150203", "1992-11-08", 27, "15847200827", None)),
    (
        "WI-0003",
        "HET001",
        ("阿卜杜拉·买买提", True, "650102", "1979-06-21", 41, "18999100641", "CZ300125471"),
    ),
    ("WI-0004", "HET900", ("SMITH/JOHN", True, None, "1975-02-03", 0, "13800138512", None)),
    ("WI-0005", "CIF001", ("张浩宇", True, "150402", "2018-05-20", 5, "15904760520", None)),
    ("WI-0006", "CIF001", ("李欣怡", False, "150402", "2025-09-10", 8, "15904760520", None)),
    ("WI-0007", "HLD001", ("乌云其其格", False, "150702", "1990-01-30", 16, "13804700130", None)),
]
PASSPORT_NUMBERS = {"SMITH/JOHN": "568201734"}

# Agreement customers: attributes per SCHEMA.md; uscc_first17 gets its check character here.
AGREEMENTS = [
    {
        "code": "AC-0001",
        "name_zh": "内蒙古北疆能源集团有限公司",
        "outlet": "HET001",
        "uscc17": "91150100MA0N7K2Q3",
        "size": "特大",
        "sector": "企",
        "industry": "能源",
        "scope": "全国",
        "designated": True,
        "party": "two",
        "member": True,
        "settlement": "monthly",
        "credit_limit": "500000.00",
        "travellers": [
            ("刘建军", True, "150102", "1971-04-12", 3, "13904710412", "CA002317845"),
            ("孙丽娜", False, "150104", "1983-09-27", 18, "15024710927", None),
            ("巴特尔", True, "150105", "1978-12-05", 25, "18647101205", "CA009127733"),
            ("何静", False, "150102", "1990-07-19", 44, "13514710719", None),
        ],
    },
    {
        "code": "AC-0002",
        "name_zh": "包头市鹿城电力工程有限公司",
        "outlet": "BAV001",
        "uscc17": "91150203MA0Q4B8R1",
        "size": "大型",
        "sector": "企",
        "industry": "电力",
        "scope": "区域",
        "designated": False,
        "party": "three",
        "member": False,
        "settlement": "monthly",
        "credit_limit": "200000.00",
        "travellers": [
            ("马志刚", True, "150203", "1975-08-30", 7, "13847200830", None),
            ("韩雪", False, "150204", "1988-02-14", 31, "18604720214", "MF602114557"),
        ],
    },
    {
        "code": "AC-0003",
        "name_zh": "内蒙古青城商业银行股份有限公司",
        "outlet": "HET001",
        "uscc17": "91150000701463925",
        "size": "大型",
        "sector": "企",
        "industry": "金融",
        "scope": "全球",
        "designated": True,
        "party": "two",
        "member": True,
        "settlement": "monthly",
        "credit_limit": "800000.00",
        "travellers": [
            ("周文博", True, "150103", "1969-10-02", 9, "13704710002", "CA001188562"),
            ("郑晓燕", False, "150102", "1985-05-16", 22, "19904710516", "ZH610044218"),
            ("吴昊", True, "110105", "1991-03-03", 36, "13601130303", None),
            ("钱佳慧", False, "150105", "1994-12-25", 48, "15147101225", None),
            ("朝鲁门", True, "150121", "1982-06-08", 14, "18548710608", None),
        ],
    },
    {
        "code": "AC-0004",
        "name_zh": "赤峰红山职业技术学院",
        "outlet": "CIF001",
        "uscc17": "12150400460371625",
        "size": "中小",
        "sector": "政",
        "industry": "教育",
        "scope": "地方",
        "designated": False,
        "party": "two",
        "member": False,
        "settlement": "now",
        "credit_limit": "0.00",
        "travellers": [
            ("杨秀英", False, "150402", "1968-03-22", 11, "13514760322", None),
            ("许国栋", True, "150403", "1980-11-11", 20, "15247601111", None),
        ],
    },
    {
        "code": "AC-0005",
        "name_zh": "鄂尔多斯市云杉烟草物流有限公司",
        "outlet": "DSN001",
        "uscc17": "91150602MA0PWX6T2",
        "size": "中小",
        "sector": "企",
        "industry": "烟草",
        "scope": "地方",
        "designated": True,
        "party": "three",
        "member": True,
        "settlement": "monthly",
        "credit_limit": "100000.00",
        "travellers": [
            ("白音", True, "150602", "1977-07-07", 4, "13474770707", None),
            ("高娟", False, "150602", "1987-10-20", 33, "18947701020", "CA006675120"),
            ("曹磊", True, "150621", "1993-01-09", 2, "15849701109", None),
        ],
    },
    {
        "code": "AC-0006",
        "name_zh": "呼伦贝尔北原电信服务有限公司",
        "outlet": "HLD001",
        "uscc17": "91150702MA0R2C9L4",
        "size": "小型",
        "sector": "企",
        "industry": "电信",
        "scope": "区域",
        "designated": False,
        "party": "two",
        "member": True,
        "settlement": "now",
        "credit_limit": "0.00",
        "travellers": [
            ("邵宏伟", True, "150702", "1984-04-04", 6, "15604700404", None),
            ("托雅", False, "150702", "1989-08-18", 24, "13904700818", None),
        ],
    },
    {
        "code": "AC-0007",
        "name_zh": "呼和浩特市统计局",
        "outlet": "HET002",
        "uscc17": "11150100011526874",
        "size": "小型",
        "sector": "政",
        "industry": "政府机关",
        "scope": "地方",
        "designated": True,
        "party": "three",
        "member": False,
        "settlement": "monthly",
        "credit_limit": "50000.00",
        "travellers": [
            ("贾文华", True, "150102", "1973-05-28", 15, "13347100528", None),
            ("冯玉兰", False, "150103", "1981-09-09", 12, "18747100909", None),
            ("萨仁", False, "150104", "1995-02-26", 38, "19847100226", None),
        ],
    },
    {
        "code": "AC-0008",
        "name_zh": "内蒙古金桥保险股份有限公司",
        "outlet": "HET900",
        "uscc17": "91150000MA0NF3H8W",
        "size": "特大",
        "sector": "企",
        "industry": "保险",
        "scope": "全球",
        "designated": False,
        "party": "three",
        "member": False,
        "settlement": "monthly",
        "credit_limit": "300000.00",
        "travellers": [
            ("唐振华", True, "150102", "1970-12-30", 19, "13904711230", "CA003349810"),
            ("宋美玲", False, "310104", "1986-06-06", 29, "13816600606", "MU660127345"),
            ("额尔敦", True, "152502", "1979-09-15", 10, "15904790915", None),
        ],
    },
]

# ---------------------------------------------------------------------------
# GP units (Shenzhen civic centre; seed 000 is Shenzhen Airlines' GP counter)
# ---------------------------------------------------------------------------

# Official: (name_zh, male, title_zh, level, region, birth, serial, mobile)
GP_UNITS = [
    (
        "GP-SZ-001",
        "深圳市委办公厅",
        "党委",
        [
            ("陈志远", True, "市委常委、秘书长", "V5", "440304", "1966-08-19", 3, "13902860819"),
            ("林海涛", True, "办公厅副主任", "V3", "440303", "1974-02-11", 21, "13510740211"),
            ("黄晓敏", False, "综合处副处长", "V1", "440305", "1986-11-23", 35, "18922861123"),
        ],
    ),
    (
        "GP-SZ-002",
        "深圳市人民政府办公厅",
        "政府",
        [
            ("王建国", True, "副市长", "V5", "440304", "1965-10-01", 7, "13802861001"),
            ("李慧芳", False, "办公厅主任", "V4", "430102", "1970-03-08", 14, "13602860308"),
            ("邓嘉明", True, "秘书处处长", "V2", "440306", "1979-07-30", 26, "15989760730"),
            ("吴晓丹", False, "秘书处科长", "V1", "440304", "1990-05-05", 42, "19902860505"),
        ],
    ),
    (
        "GP-SZ-003",
        "深圳市人大常委会办公厅",
        "人大",
        [
            ("刘德华", True, "人大常委会副主任", "V5", "440303", "1963-12-12", 1, "13902861212"),
            ("何碧云", False, "办公厅主任", "V4", "420102", "1968-04-16", 18, "13902860416"),
        ],
    ),
    (
        "GP-SZ-004",
        "深圳市政协办公厅",
        "政协",
        [
            ("张丽萍", False, "政协副主席", "V5", "440305", "1964-06-28", 9, "13682860628"),
            ("郭振宇", True, "联络处处长", "V2", "440307", "1976-01-17", 31, "18676760117"),
        ],
    ),
    (
        "GP-SZ-005",
        "深圳市纪委监委",
        "纪委",
        [
            (
                "赵国华",
                True,
                "市纪委副书记、市监委副主任",
                "V4",
                "440304",
                "1967-09-09",
                5,
                "13922860909",
            ),
            (
                "罗文静",
                False,
                "案件监督管理室副主任",
                "V3",
                "510104",
                "1978-10-26",
                23,
                "15820261026",
            ),
        ],
    ),
    (
        "GP-SZ-006",
        "深圳市交通运输局",
        "政府",
        [
            ("周志强", True, "局长", "V4", "440305", "1969-05-20", 11, "13510690520"),
            ("许丽", False, "副局长", "V3", "440303", "1975-12-03", 28, "13760751203"),
            ("钟伟", True, "规划处处长", "V2", "440306", "1981-03-30", 37, "18938810330"),
            ("蔡明", True, "规划处主任科员", "V1", "440304", "1988-08-08", 40, "19928880808"),
        ],
    ),
]

# ---------------------------------------------------------------------------
# Secondary distributors
# ---------------------------------------------------------------------------

# (code, name_zh, kind, outlet, monthly_tickets)
DISTRIBUTORS = [
    ("D-HET-001", "呼和浩特青城国际大酒店(四星)", "hotel", "HET001", 230),
    ("D-HET-002", "内蒙古草原之旅国际旅行社有限公司", "travel_agency", "HET001", 560),
    ("D-BAV-001", "包头鹿苑宾馆(三星)", "hotel", "BAV001", 120),
    ("D-CIF-001", "赤峰红山国际旅行社有限公司", "travel_agency", "CIF001", 80),
    ("D-DSN-001", "鄂尔多斯康巴什天骄大酒店(五星)", "hotel", "DSN001", 210),
    ("D-HLD-001", "海拉尔呼伦湖旅行社有限公司", "travel_agency", "HLD001", 150),
]

# ---------------------------------------------------------------------------
# 2012 plan, seed 002, 附表 (order and numbers as in the seed)
# ---------------------------------------------------------------------------

# (region, planned, stretch, agency fee 万元, new big customers, big-customer tickets,
#  new distributors, distributor tickets)
TARGETS_2012 = [
    ("呼和浩特", 55000, 63000, 110, 50, 27000, 15, 12700),
    ("包头", 25000, 28500, 50, 50, 11000, 12, 5700),
    ("乌海", 4000, 4600, 8, 20, 2200, 5, 1000),
    ("赤峰", 6000, 7000, 12, 30, 3000, 10, 1400),
    ("呼伦贝尔", 9500, 11000, 19, 30, 5000, 10, 2200),
    ("兴安盟", 3500, 4000, 7, 20, 2000, 5, 800),
    ("通辽", 4000, 4600, 8, 30, 2200, 10, 900),
    ("锡盟", 4000, 4600, 8, 20, 2000, 5, 900),
    ("乌兰察布", 3000, 3600, 6, 20, 1700, 5, 700),
    ("鄂尔多斯", 9000, 11000, 18, 40, 5000, 10, 2100),
    ("巴彦淖尔", 4000, 4600, 8, 30, 2200, 10, 900),
    ("阿盟", 3000, 3500, 6, 10, 1700, 3, 700),
]
# The seed's 合计 row; the rows above sum to exactly these numbers.
SEED_TOTALS_2012 = {
    "planned_tickets": 130000,
    "stretch_tickets": 150000,
    "agency_fee_10k_yuan": "260",
    "new_big_customers": 350,
    "big_customer_tickets": 65000,
    "new_distributors": 100,
    "distributor_tickets": 30000,
}

TARGET_KEYS = (
    "planned_tickets",
    "stretch_tickets",
    "agency_fee_10k_yuan",
    "new_big_customers",
    "big_customer_tickets",
    "new_distributors",
    "distributor_tickets",
)


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------


def _traveller(t: tuple) -> dict:
    name, male, region, birth, serial, mobile, ffp = t
    if name in PASSPORT_NUMBERS:
        id_type, id_number = "PP", PASSPORT_NUMBERS[name]
    else:
        id_type, id_number = "NI", resident_id(region, birth, male, serial)
    return {
        "name_zh": name,
        "id_type": id_type,
        "id_number": id_number,
        "mobile": mobile,
        "ffp": ffp,
    }


def build() -> dict:
    outlets = [
        {"code": c, "name_zh": n, "kind": k, "region_zh": r, "office_code": o, "agent_code": a}
        for c, n, k, r, o, a in OUTLETS
    ]
    clerks = [
        {
            "login": login,
            "name_zh": name,
            "role": role,
            "outlet": outlet,
            "password": DEMO_PASSWORDS[role],
        }
        for login, name, role, outlet in CLERKS
    ]
    customers = []
    for code, outlet, trav in WALK_INS:
        customers.append(
            {
                "code": code,
                "kind": "walk_in",
                "name_zh": trav[0],
                "outlet": outlet,
                "travellers": [_traveller(trav)],
            }
        )
    for ag in AGREEMENTS:
        c = {k: v for k, v in ag.items() if k not in ("uscc17", "travellers")}
        c["kind"] = "agreement"
        c["uscc"] = uscc(ag["uscc17"])
        c["travellers"] = [_traveller(t) for t in ag["travellers"]]
        customers.append(c)
    gp_units = []
    for code, name, kind, officials in GP_UNITS:
        gp_units.append(
            {
                "code": code,
                "name_zh": name,
                "kind": kind,
                "officials": [
                    {
                        "name_zh": n,
                        "title_zh": title,
                        "level": level,
                        "id_type": "NI",
                        "id_number": resident_id(region, birth, male, serial),
                        "mobile": mobile,
                    }
                    for n, male, title, level, region, birth, serial, mobile in officials
                ],
            }
        )
    distributors = [
        {"code": c, "name_zh": n, "kind": k, "outlet": o, "monthly_tickets": m}
        for c, n, k, o, m in DISTRIBUTORS
    ]
    targets = []
    for row in TARGETS_2012:
        t = dict(zip(("region_zh", *TARGET_KEYS), row, strict=True))
        t["agency_fee_10k_yuan"] = str(t["agency_fee_10k_yuan"])
        targets.append(t)
    totals = {k: sum(int(t[k]) for t in targets) for k in TARGET_KEYS}
    totals["agency_fee_10k_yuan"] = str(totals["agency_fee_10k_yuan"])
    if totals != SEED_TOTALS_2012:
        note = (
            f"rows of seed 002 do not sum to its 合计 row {SEED_TOTALS_2012}; "
            "rows kept as in the seed, totals_2012 are the sums of the rows"
        )
    else:
        note = (
            "targets_2012: the 12 rows of seed 002's 附表, verbatim; they sum exactly to the "
            "seed's 合计 row (totals_2012). agency_fee_10k_yuan is in 万元."
        )
    meta = dict(META, note=note, totals_2012=totals)
    data = {
        "meta": meta,
        "outlets": outlets,
        "clerks": clerks,
        "customers": customers,
        "gp_units": gp_units,
        "distributors": distributors,
        "targets_2012": targets,
    }
    _self_check(data)
    return data


def _self_check(data: dict) -> None:
    ids = [
        t["id_number"] for c in data["customers"] for t in c["travellers"] if t["id_type"] == "NI"
    ]
    ids += [o["id_number"] for u in data["gp_units"] for o in u["officials"]]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate resident IDs")
    if not any(i.endswith("X") for i in ids):
        raise ValueError("no resident ID with check character X")
    logins = [c["login"] for c in data["clerks"]]
    if len(set(logins)) != len(logins):
        raise ValueError("duplicate logins")


def render(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(out_path: Path | str | None = None) -> Path:
    path = Path(out_path) if out_path is not None else OUT_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(build()).encode("utf-8"))
    return path


if __name__ == "__main__":
    written = main(sys.argv[1] if len(sys.argv) > 1 else None)
    print(f"wrote {written}")
