"""StoreError lives in the kernel (``counter_app.kernel.errors``), where the GUI may
import it; the store's modules import it from here."""

from counter_app.kernel.errors import StoreError

__all__ = ["StoreError"]
