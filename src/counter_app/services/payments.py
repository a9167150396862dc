"""Taking and returning money at the counter (收款与退款): cash with change, bank card,
card by phone (11185), on account (月结) for agreement customers against their credit
limit, official card (公务卡) and unit transfer (单位转账) for GP units; split payments.

The customer decides which methods are offered (:func:`allowed_methods`). Going over an
agreement customer's credit limit needs a supervisor's login (:class:`Override`), checked
with :func:`counter_app.services.auth.approve` and written to the audit log.

Refunds and voids give the money back by the channels it came in
(:func:`return_channels`): proportionally when it came in several, so cash goes back as
cash and an on-account charge is credited back to the account.

Nothing here commits; the checks write nothing, so a refusal leaves the caller's unit of
work as it was (an override refused by a wrong password commits only the failed-login
count, which :func:`~counter_app.services.auth.approve` always does).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.domain.errors import DomainError
from counter_app.domain.money import ZERO, amount_text, from_fen, money, to_fen
from counter_app.kernel.ids import new_id
from counter_app.services.auth import AuthError, approve
from counter_app.storage.models import AuditEntry, Booking, Customer, Payment

FIELD = "payments"

__all__ = [
    "CheckedPayments",
    "Override",
    "PaymentInput",
    "PaymentLine",
    "PaymentMethod",
    "allowed_methods",
    "approve_override",
    "check_payments",
    "check_reference",
    "credit_left",
    "on_account_owed",
    "return_channels",
    "write_payments",
    "write_returns",
]


class PaymentMethod(StrEnum):
    CASH = "cash"  # 现金
    BANK_CARD = "bank_card"  # 银行卡 (POS)
    PHONE_CARD = "phone_card"  # 11185 电话刷卡 (card by phone)
    ON_ACCOUNT = "on_account"  # 月结挂账 (agreement customers, monthly settlement)
    OFFICIAL_CARD = "official_card"  # 公务卡 (GP)
    UNIT_TRANSFER = "unit_transfer"  # 单位转账 (GP)


EVERYONE = frozenset({PaymentMethod.CASH, PaymentMethod.BANK_CARD, PaymentMethod.PHONE_CARD})
GP_ONLY = frozenset({PaymentMethod.OFFICIAL_CARD, PaymentMethod.UNIT_TRANSFER})
# Card payments are matched against the bank's settlement by the POS slip's reference
# (签购单号 / 11185 授权号); a card payment without it cannot be reconciled or disputed.
# A unit transfer often arrives after the tickets are issued, so its reference may follow.
REFERENCE_REQUIRED = frozenset(
    {PaymentMethod.BANK_CARD, PaymentMethod.PHONE_CARD, PaymentMethod.OFFICIAL_CARD}
)
MAX_REFERENCE = 64
FIELD_REFERENCE = "reference"


@dataclass(frozen=True, slots=True)
class PaymentInput:
    """One payment as the clerk entered it. ``tendered`` is the cash handed over (cash
    only; None = exactly the amount)."""

    method: str
    amount: Decimal
    reference: str = ""
    tendered: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Override:
    """A supervisor's login for a step the clerk alone may not take (超额度, 姓名更正 ...)."""

    approver_login: str
    approver_password: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PaymentLine:
    method: PaymentMethod
    amount: Decimal
    reference: str
    tendered: Decimal | None
    change: Decimal | None


@dataclass(frozen=True, slots=True)
class CheckedPayments:
    """Payments that passed every check; ``override_by`` is the approver's login when the
    credit limit was exceeded with approval."""

    lines: tuple[PaymentLine, ...]
    total: Decimal
    change_due: Decimal
    override_by: str = ""
    credit_left: Decimal | None = None


def allowed_methods(customer: Customer | None) -> frozenset[PaymentMethod]:
    """Cash and cards for everyone; on account for agreement customers settling monthly;
    official card and unit transfer for GP units."""
    if customer is None:
        return EVERYONE
    if customer.kind == "agreement" and customer.settlement == "monthly":
        return EVERYONE | {PaymentMethod.ON_ACCOUNT}
    if customer.kind == "gp_unit":
        return EVERYONE | GP_ONLY
    return EVERYONE


def on_account_owed(session: Session, customer_id: str) -> Decimal:
    """On-account charges not yet settled: every on-account payment of the customer's
    bookings, refunds (negative) included. (Monthly statements are settled at head office;
    until the counter learns of a settlement, everything charged counts.)"""
    owed = session.scalar(
        select(func.coalesce(func.sum(Payment.amount_fen), 0))
        .join(Booking, Booking.id == Payment.booking_id)
        .where(Booking.customer_id == customer_id, Payment.method == PaymentMethod.ON_ACCOUNT)
    )
    return from_fen(int(owed or 0))


def credit_left(session: Session, customer_id: str) -> Decimal:
    """Credit limit minus what is owed on account (may be negative after an override)."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise DomainError("customer_not_found", field="customer", customer_id=customer_id)
    return from_fen(customer.credit_limit_fen) - on_account_owed(session, customer_id)


def _method(text: str) -> PaymentMethod:
    try:
        return PaymentMethod(text)
    except ValueError:
        raise DomainError("payment_method_unknown", field=FIELD, method=text) from None


def check_reference(payment: PaymentInput) -> str:
    """The slip or authorisation reference of a payment, stripped: required for a card
    payment (bank card, card by phone, official card), at most 64 characters for any.

    Refusals: ``payment_reference_required`` (``method``), ``payment_reference_length``
    (``max``), both on the field ``reference``.
    """
    reference = payment.reference.strip()
    if payment.method in REFERENCE_REQUIRED and not reference:
        raise DomainError("payment_reference_required", field=FIELD_REFERENCE,
                          method=payment.method)
    if len(reference) > MAX_REFERENCE:
        raise DomainError("payment_reference_length", field=FIELD_REFERENCE,
                          max=MAX_REFERENCE)
    return reference


def check_payments(
    session: Session,
    payments: Sequence[PaymentInput],
    total: Decimal,
    customer: Customer | None,
    *,
    override: Override | None,
    clerk_login: str,
    now: datetime,
    context: Mapping[str, object] | None = None,
    references_required: bool = False,
) -> CheckedPayments:
    """Check payments against what is due; writes nothing but the override's audit row.

    ``references_required``: every card payment must carry its slip reference
    (:func:`check_reference`); the sale's ticketing asks for it. (The after-sale change
    does not yet: its page has no reference field.)

    Call it last, after every other check of the step: an override is approved here, and
    its audit row (action ``override``) joins the caller's unit of work.

    Refusals: ``payment_method_unknown``, ``payment_not_allowed``, ``payment_amount``,
    ``cash_short``, ``payment_reference_required``, ``payment_reference_length``,
    ``payment_total_mismatch``, ``credit_limit_exceeded``, ``override_refused``.
    """
    due = money(total)
    if due == ZERO and not payments:
        return CheckedPayments((), ZERO, ZERO)
    if not payments:
        raise DomainError("payment_total_mismatch", field=FIELD, expected=amount_text(due),
                          paid="0.00")
    allowed = allowed_methods(customer)
    lines: list[PaymentLine] = []
    for p in payments:
        method = _method(p.method)
        if method not in allowed:
            raise DomainError(
                "payment_not_allowed",
                field=FIELD,
                method=method.value,
                customer_kind="walk_in" if customer is None else customer.kind,
            )
        amount = money(p.amount)
        if amount <= 0:
            raise DomainError("payment_amount", field=FIELD, amount=amount_text(amount))
        tendered: Decimal | None = None
        change: Decimal | None = None
        if method is PaymentMethod.CASH:
            tendered = amount if p.tendered is None else money(p.tendered)
            if tendered < amount:
                raise DomainError(
                    "cash_short",
                    field="tendered",
                    tendered=amount_text(tendered),
                    amount=amount_text(amount),
                    short=amount_text(amount - tendered),
                )
            change = tendered - amount
        lines.append(PaymentLine(method, amount, p.reference.strip()[:MAX_REFERENCE], tendered,
                                 change))
    paid = sum((line.amount for line in lines), ZERO)
    if paid != due:
        raise DomainError(
            "payment_total_mismatch", field=FIELD, expected=amount_text(due), paid=amount_text(paid)
        )
    if references_required:  # once the amounts are right: the slip is the last thing typed
        for p in payments:
            check_reference(p)
    change_due = sum((line.change or ZERO for line in lines), ZERO)
    on_account = sum(
        (line.amount for line in lines if line.method is PaymentMethod.ON_ACCOUNT), ZERO
    )
    if not on_account or customer is None:
        return CheckedPayments(tuple(lines), paid, change_due)
    left = credit_left(session, customer.id)
    if on_account <= left:
        return CheckedPayments(tuple(lines), paid, change_due, credit_left=left - on_account)
    if override is None:
        raise DomainError(
            "credit_limit_exceeded",
            field=FIELD,
            left=amount_text(max(left, ZERO)),
            needed=amount_text(on_account),
            customer=customer.code,
        )
    approver = approve_override(
        session,
        override,
        action="credit_limit",
        clerk_login=clerk_login,
        now=now,
        detail={
            "customer": customer.code,
            "left": amount_text(left),
            "needed": amount_text(on_account),
            **dict(context or {}),
        },
    )
    return CheckedPayments(
        tuple(lines), paid, change_due, override_by=approver, credit_left=left - on_account
    )


def approve_override(
    session: Session,
    override: Override,
    *,
    action: str,
    clerk_login: str,
    now: datetime,
    detail: Mapping[str, object],
) -> str:
    """Check a supervisor's login and audit the override; returns the approver's login.

    A refused login raises ``DomainError("override_refused", reason=<auth code>)`` (the
    failed attempt is counted and committed by :func:`approve`, as at the login window).
    """
    stamp = now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo else now
    try:
        approver = approve(session, override.approver_login, override.approver_password, stamp)
    except AuthError as exc:
        raise DomainError("override_refused", field="override", reason=exc.code) from None
    session.add(
        AuditEntry(
            at=stamp,
            clerk_login=approver.login[:32],
            action="override",
            detail={
                "kind": action,
                "reason": override.reason,
                "clerk": clerk_login,
                **{k: v for k, v in detail.items()},
            },
        )
    )
    return approver.login


def write_payments(
    session: Session,
    booking_id: str,
    checked: CheckedPayments,
    *,
    kind: str,
    clerk_id: str,
    created: datetime,
    ticket_number: str = "",
) -> list[Payment]:
    """Add the payment rows (amounts as taken) to the unit of work."""
    rows = [
        Payment(
            id=new_id(),
            booking_id=booking_id,
            method=line.method.value,
            amount_fen=to_fen(line.amount),
            reference=line.reference,
            created_at=created,
            clerk_id=clerk_id,
            kind=kind,
            ticket_number=ticket_number,
            tendered_fen=None if line.tendered is None else to_fen(line.tendered),
            change_fen=None if line.change is None else to_fen(line.change),
            override_by=checked.override_by if line.method is PaymentMethod.ON_ACCOUNT else "",
        )
        for line in checked.lines
    ]
    session.add_all(rows)
    return rows


def return_channels(session: Session, booking_id: str, amount: Decimal) -> list[
    tuple[str, Decimal]
]:
    """How ``amount`` goes back: by the methods the booking was paid with, in proportion to
    what each still holds (taken minus already returned), to the fen; the rounding
    remainder goes to the channel holding the most. Cash returns cash."""
    amount = money(amount)
    if amount <= 0:
        return []
    rows = session.execute(
        select(Payment.method, func.sum(Payment.amount_fen))
        .where(Payment.booking_id == booking_id)
        .group_by(Payment.method)
        .order_by(Payment.method)
    ).all()
    held = {str(method): int(fen or 0) for method, fen in rows if int(fen or 0) > 0}
    pool = sum(held.values())
    wanted = to_fen(amount)
    if pool <= 0:
        raise DomainError("nothing_to_return", field=FIELD, amount=amount_text(amount))
    if wanted > pool:
        raise DomainError(
            "return_exceeds_paid", field=FIELD, amount=amount_text(amount), paid=amount_text(
                from_fen(pool))
        )
    shares = {method: wanted * fen // pool for method, fen in held.items()}
    rest = wanted - sum(shares.values())
    for method in sorted(held, key=lambda m: (-held[m], m)):
        if rest <= 0:
            break
        room = held[method] - shares[method]
        step = min(room, rest)
        shares[method] += step
        rest -= step
    return [(method, from_fen(fen)) for method, fen in shares.items() if fen > 0]


def write_returns(
    session: Session,
    booking_id: str,
    channels: Sequence[tuple[str, Decimal]],
    *,
    kind: str,
    clerk_id: str,
    created: datetime,
    ticket_number: str = "",
    reference: str = "",
) -> list[Payment]:
    """The money going back, as negative payment rows."""
    rows = [
        Payment(
            id=new_id(),
            booking_id=booking_id,
            method=method,
            amount_fen=-to_fen(amount),
            reference=reference[:64],
            created_at=created,
            clerk_id=clerk_id,
            kind=kind,
            ticket_number=ticket_number,
        )
        for method, amount in channels
    ]
    session.add_all(rows)
    return rows
