"""The words the after-sale workflows share: booking and ticket statuses, passenger
types, payment methods, coupon letters, money given back."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QObject

from counter_app.domain.money import format_yuan


class AfterSaleWords(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.booking_status = {
            "held": self.tr("On hold"),
            "ticketed": self.tr("Ticketed"),
            "void": self.tr("Void"),
            "refunded": self.tr("Refunded"),
            "cancelled": self.tr("Cancelled"),
        }
        self.ticket_status = {
            "issued": self.tr("Issued"),
            "void": self.tr("Void"),
            "refunded": self.tr("Refunded"),
            "exchanged": self.tr("Exchanged"),
        }
        self.passenger_types = {
            "ADT": self.tr("Adult"),
            "CHD": self.tr("Child"),
            "INF": self.tr("Infant"),
        }
        self.methods = {
            "cash": self.tr("Cash"),
            "bank_card": self.tr("Bank card"),
            "phone_card": self.tr("Card by phone"),
            "on_account": self.tr("On account"),
            "official_card": self.tr("Official card"),
            "unit_transfer": self.tr("Unit transfer"),
        }
        self.coupon_letters = self.tr(
            "O open · C checked in · L boarded · F flown · R refunded · E exchanged · "
            "V void · S suspended"
        )

    def channels(self, channels: tuple[tuple[str, Decimal], ...]) -> str:
        """``现金 ¥1,480.00, 银行卡 ¥20.00``: money by the way it is paid or given back, or
        "nothing"."""
        if not channels:
            return self.tr("nothing")
        return ", ".join(f"{self.methods.get(m, m)} {format_yuan(a)}" for m, a in channels)
