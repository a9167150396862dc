"""Every error a clerk can cause reads as a clear Chinese sentence naming the field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from clock_support import TODAY, days
from counter_app.domain.errors import DomainError
from counter_app.domain.gp import check_companions, parse_gp_level
from counter_app.domain.ids import (
    IdType,
    parse_resident_id,
    resident_id_check_char,
    validate_document,
    validate_uscc,
)
from counter_app.domain.names import validate_passenger_name
from counter_app.domain.tickets import TicketNumber, validate_pnr
from counter_app.gui.messages import auth_message, domain_message, store_message
from counter_app.kernel.errors import StoreError
from counter_app.services.identity import AuthError


def with_check(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


BAD_INPUTS: list[tuple[str, Callable[[], object], str, str]] = [
    ("short id", lambda: parse_resident_id("11010519491231"), "证件号码", "18位"),
    ("id letter", lambda: parse_resident_id("1101051949123A002X"), "证件号码", "“A”"),
    ("id check", lambda: parse_resident_id("110105194912310021"), "证件号码", "校验位"),
    (
        "id impossible date",
        lambda: parse_resident_id(with_check("11010519990230001")),
        "证件号码",
        "19990230",
    ),
    ("passport", lambda: validate_document(IdType.PASSPORT, "E1"), "证件号码", "护照"),
    ("empty name", lambda: validate_passenger_name("  ", IdType.RESIDENT), "姓名", "请输入"),
    ("name char", lambda: validate_passenger_name("张#三", IdType.RESIDENT), "姓名", "“#”"),
    (
        "passport name",
        lambda: validate_passenger_name("SMITH JOHN", IdType.PASSPORT),
        "姓名",
        "SURNAME/GIVEN",
    ),
    ("uscc", lambda: validate_uscc("91350100M000100Y4"), "统一社会信用代码", "18位"),
    ("uscc check", lambda: validate_uscc("91350100M000100Y44"), "统一社会信用代码", "校验位"),
    ("companions", lambda: check_companions(9), "随行人员", "8"),
    ("gp level", lambda: parse_gp_level("V7"), "GP等级", "V5"),
    ("ticket", lambda: TicketNumber.parse("876-12345"), "票号", "10位"),
    ("pnr", lambda: validate_pnr("AB12"), "订座编码", "6位"),
]


@pytest.mark.parametrize(
    ("case", "make", "field", "detail"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS]
)
def test_domain_errors_read_clearly(
    case: str, make: Callable[[], object], field: str, detail: str
) -> None:
    with pytest.raises(DomainError) as caught:
        make()
    text = domain_message(caught.value)
    assert text.startswith(field + ":"), text
    assert detail in text, text
    assert "输入无效" not in text  # not the fallback


def test_future_birth_date_is_refused_with_today() -> None:
    with pytest.raises(DomainError) as caught:
        parse_resident_id(with_check(f"110105{days(1):%Y%m%d}001"), today=TODAY)
    assert caught.value.code == "id_birth_date"


def test_store_and_login_messages_name_the_problem() -> None:
    text = store_message(StoreError("folder_unwritable", Path("/srv/counter")))
    assert "/srv/counter" in text
    assert "无法写入" in text
    assert "锁定" in auth_message(AuthError("locked"))
    assert "再错 2 次" in auth_message(AuthError("bad_credentials", attempts_left=2))


def test_every_sale_refusal_has_its_own_message() -> None:
    from counter_app.services.sale_messages import SALE_ERRORS

    for spec in SALE_ERRORS:
        params = {name: "X" for name in spec.params}
        field = "" if spec.field == "*" else spec.field
        text = domain_message(DomainError(spec.code, field=field, **params))
        assert "输入无效" not in text, spec.code
        assert "{" not in text, (spec.code, text)  # every placeholder filled


def test_payment_messages_name_the_fields_and_methods_as_the_clerk_sees_them() -> None:
    short = domain_message(DomainError("cash_short", field="tendered", tendered="100.00",
                                       amount="260.00", short="160.00"))
    assert short == "实收: 实收 100.00，比应收 260.00 少 160.00。"
    assert "收取现金" not in short
    slip = domain_message(DomainError("payment_reference_required", field="reference",
                                      method="official_card"))
    assert slip == "凭证号: 公务卡付款须填写签购单号或授权号。"
    assert "official_card" not in domain_message(
        DomainError("payment_not_allowed", field="payments", method="official_card"))
    # A page that knows the field's label on screen passes it: the message starts with it.
    assert domain_message(DomainError("payment_amount", field="payments", amount="0.00"),
                          "金额").startswith("金额: ")
