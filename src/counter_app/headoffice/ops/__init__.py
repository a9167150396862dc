"""Head office's handlers of pushed ops, one module per op family, and what they share.

The batch itself (one transaction, idempotency, the order ops run in) is
``counter_app.headoffice.apply``, which dispatches each op to its handler:

- :mod:`.batch`: the batch every handler gets, refusals, reading payloads, money, numbers;
- :mod:`.stored`: stored outcomes (``applied_ops``), replays, checks before a handler;
- :mod:`.seats`: seats going back to leases or stock, a counter's own sale;
- :mod:`.sales`: ``sale.issue``, ``sale.void``, ``number.void``, ``lease.release``;
- :mod:`.bulk_sales`: runs of ``sale.issue`` decided in memory and written in bulk;
- :mod:`.after_sale`: ``sale.refund``, ``sale.change``, ``ticket.name``;
- :mod:`.documents`: ``receipt.print``, ``invoice.request``, ``invoice.reverse``;
- :mod:`.customers`: ``customer.update``;
- :mod:`.seat_ops`: ``seat.choose``, ``seat.release`` (the rules: ``headoffice/seats.py``);
- :mod:`.day_close`: ``day.close``;
- :mod:`.requests`: ``request.head_office``.

Each handler takes the :class:`~counter_app.headoffice.ops.batch.Batch` and the op's payload
as its protocol model (``counter_app.sync.protocol.ops``) and returns the op's result.
"""
