"""The sale page (售票), one widget per step: :mod:`.itinerary`, :mod:`.customer`,
:mod:`.passengers`, :mod:`.quote`, :mod:`.payment`, each rendering its part of the sale's
:mod:`.state`; :mod:`.page` composes them (:class:`SalePage`)."""

from counter_app.gui.pages.sale.page import SalePage
from counter_app.gui.pages.sale.state import ChosenSegment, SaleState

__all__ = ["ChosenSegment", "SalePage", "SaleState"]
