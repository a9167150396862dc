"""City and airport lookup as a clerk types (城市/机场检索).

The clerk may type the IATA code (``SZX``), the pinyin (``shenzhen``), its initials (``sz``),
Chinese (``深圳``) or English (``Shenzhen``). Cities with several airports (北京, 上海, 成都)
are offered as the whole city first, then each airport. Matching is a linear scan of a few
hundred prepared entries: well under a millisecond per keystroke, no index to maintain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class AirportInfo:
    """The facts about an airport the lookup needs (a row of the airports table)."""

    iata: str
    name_zh: str
    city_zh: str
    province_zh: str
    city_en: str
    city_pinyin: str
    city_initials: str
    airport_pinyin: str = ""
    name_en: str = ""
    weight: int = 0  # how busy: flights a week, so hubs come first among equals


@dataclass(frozen=True, slots=True)
class Place:
    """One choice offered to the clerk: a single airport, or a whole city."""

    codes: tuple[str, ...]
    city_zh: str
    label_zh: str
    city_en: str
    province_zh: str
    is_city: bool = False

    @property
    def code(self) -> str:
        """The code shown to the clerk: the airport code, or the first airport's for a city."""
        return self.codes[0]


@dataclass(slots=True)
class _Entry:
    place: Place
    keys_exact: tuple[str, ...]
    keys_prefix: tuple[str, ...]
    keys_contains: tuple[str, ...]
    weight: int
    order: int = field(default=0)


def normalise_query(text: str) -> str:
    """Lower case, no spaces, apostrophes or hyphens: ``Xi'an`` → ``xian``."""
    return "".join(ch for ch in text.strip().lower() if ch not in " '’-·.")


class PlaceIndex:
    """Answers :meth:`lookup` for the airports it was built from."""

    def __init__(self, airports: Iterable[AirportInfo]) -> None:
        by_city: dict[str, list[AirportInfo]] = defaultdict(list)
        entries: list[_Entry] = []
        for a in airports:
            by_city[a.city_zh].append(a)
        for city, members in by_city.items():
            members.sort(key=lambda a: (-a.weight, a.iata))
            first = members[0]
            city_keys = (
                normalise_query(first.city_pinyin),
                first.city_initials.lower(),
                city,
                normalise_query(first.city_en),
            )
            if len(members) > 1:
                codes = tuple(a.iata for a in members)
                place = Place(
                    codes=codes,
                    city_zh=city,
                    label_zh=city,
                    city_en=first.city_en,
                    province_zh=first.province_zh,
                    is_city=True,
                )
                entries.append(
                    _Entry(place, city_keys, city_keys, (), sum(a.weight for a in members) + 1)
                )
            for a in members:
                place = Place(
                    codes=(a.iata,),
                    city_zh=city,
                    label_zh=a.name_zh,
                    city_en=a.city_en,
                    province_zh=a.province_zh,
                )
                airport_keys = (normalise_query(a.airport_pinyin), a.name_zh)
                entries.append(
                    _Entry(
                        place,
                        (a.iata.lower(), *city_keys),
                        city_keys + airport_keys,
                        (a.name_zh, normalise_query(a.name_en), normalise_query(a.city_pinyin)),
                        a.weight,
                    )
                )
        for i, e in enumerate(entries):
            e.order = i
        self._entries = entries
        self._by_code = {e.place.codes[0]: e.place for e in entries if not e.place.is_city}

    def __len__(self) -> int:
        return len(self._by_code)

    def airport(self, iata: str) -> Place | None:
        return self._by_code.get(iata.upper())

    def _scored(self, text: str) -> list[tuple[int, int, int, Place]]:
        query = normalise_query(text)
        if not query:
            return []
        code_match = query.upper()
        scored: list[tuple[int, int, int, Place]] = []
        for e in self._entries:
            if not e.place.is_city and e.place.codes[0] == code_match:
                rank = 0
            elif query in e.keys_exact:
                rank = 1
            elif any(k.startswith(query) for k in e.keys_prefix if k):
                rank = 2
            elif any(query in k for k in e.keys_contains if k):
                rank = 3
            else:
                continue
            scored.append((rank, -e.weight, e.order, e.place))
        # Entries were built city first, then its airports: at equal rank and weight a city
        # sorts just before its own airports.
        scored.sort(key=lambda t: (t[0], t[1], t[2]))
        return scored

    def lookup(self, text: str, limit: int = 12) -> list[Place]:
        """Places matching what the clerk typed, best first. Empty text → nothing."""
        return [t[3] for t in self._scored(text)[:limit]]

    def resolve(self, text: str) -> Place | None:
        """The one place a finished entry means (``SZX``, ``深圳``, ``shenzhen``, ``sz``), or
        None when it is unknown or ambiguous (``s`` could be many cities)."""
        scored = self._scored(text)
        if not scored:
            return None
        best_rank = scored[0][0]
        best = scored[0][3]
        if best_rank == 0:
            return best
        tied = [t[3] for t in scored if t[0] == best_rank]
        if all(p.city_zh == best.city_zh for p in tied):
            # One city (and its airports): the first entry, the city as a whole, stands for it.
            return best
        return None
