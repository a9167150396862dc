"""The after-sale page (售后), one widget per workflow: see :mod:`.page`."""

from counter_app.gui.pages.after_sale.page import AfterSalePage

__all__ = ["AfterSalePage"]
