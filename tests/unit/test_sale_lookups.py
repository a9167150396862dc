"""What the Sale page asks of the store, answered by services/lookup.py since the page
stopped running SQL of its own: a customer's terms (payment methods, credit left, its
travellers) and a traveller of a customer's list, whole, to add as a passenger. Also the
split of the page it serves: no widget class of gui/pages/sale/ over 400 lines."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.services.customers import CustomerRow, find_customers, mask_id
from counter_app.services.lookup import customer_terms, traveller_on_list
from counter_app.storage.db import Store

SALE_PAGE = Path(__file__).resolve().parents[2] / "src" / "counter_app" / "gui" / "pages" / "sale"


@pytest.fixture
def session(populated_store: Store) -> Iterator[Session]:
    with populated_store.read() as s:
        yield s


def _by_code(session: Session, code: str) -> CustomerRow:
    (row,) = [r for r in find_customers(session, code) if r.code == code]
    return row


def test_an_agreement_customer_on_monthly_terms_may_pay_on_account(session: Session) -> None:
    customer = _by_code(session, "AC-0002")
    assert customer.settlement == "monthly"
    terms = customer_terms(session, customer.id)
    assert terms.methods == ("bank_card", "cash", "on_account", "phone_card")
    assert terms.credit_left == customer.credit_limit == Decimal("200000.00")  # nothing owed
    assert len(terms.travellers) == customer.travellers == 2


def test_a_gp_unit_pays_by_official_card_or_transfer_and_lists_its_officials(
    session: Session,
) -> None:
    unit = _by_code(session, "GP-SZ-001")
    terms = customer_terms(session, unit.id)
    assert terms.methods == ("bank_card", "cash", "official_card", "phone_card",
                             "unit_transfer")
    assert terms.credit_left is None  # nothing on account
    assert [t.gp_level for t in terms.travellers] == ["V5", "V3", "V1"]


def test_a_walk_in_customer_pays_cash_or_card(session: Session) -> None:
    terms = customer_terms(session, _by_code(session, "WI-0001").id)
    assert terms.methods == ("bank_card", "cash", "phone_card")
    assert terms.credit_left is None


def test_a_traveller_on_a_list_comes_whole(session: Session) -> None:
    unit = _by_code(session, "GP-SZ-001")
    official = customer_terms(session, unit.id).travellers[0]
    assert official.id_number == mask_id("440304196608190078")  # the list shows it masked
    traveller = traveller_on_list(session, official.id)
    assert (traveller.name, traveller.id_type, traveller.id_number) == (
        "陈志远", "NI", "440304196608190078")
    assert traveller.mobile == "13902860819"
    assert (traveller.traveller_id, traveller.customer_id) == (official.id, unit.id)
    assert traveller.gp_level == "V5"


def test_a_traveller_gone_from_the_store_is_refused_by_code(session: Session) -> None:
    with pytest.raises(DomainError) as refused:
        traveller_on_list(session, "no-such-traveller")
    assert (refused.value.code, refused.value.field) == ("traveller_not_found", "passengers")


def test_no_widget_class_of_the_sale_page_is_over_400_lines() -> None:
    sizes = {}
    for path in sorted(SALE_PAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                sizes[f"{path.name}:{node.name}"] = node.end_lineno - node.lineno + 1
    assert "page.py:SalePage" in sizes
    assert {name: size for name, size in sizes.items() if size > 400} == {}
