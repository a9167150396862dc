"""Documents the counter prints, built with reportlab from plain data (no Qt here).

- :mod:`.model`: what each document says (frozen dataclasses the services fill in).
- :mod:`.fonts` / :mod:`.text`: the bundled CJK fonts and text drawing that falls back per
  character (WenQuanYi Zen Hei, then HanaMinB for Extension B and beyond: 𠮷).
- :mod:`.layout`: positions in millimetres, as data a test can read.
- :mod:`.itinerary`: the itinerary receipt (行程单), on pre-printed stock (套打) or plain paper,
  and the calibration test grid.
- :mod:`.flow`: blocks, tables and pages for the flowing documents (A4, A5, 80 mm roll).
- :mod:`.confirmation`, :mod:`.boarding_pass`, :mod:`.reports`: the other documents.
- :mod:`.spool`: handing a PDF to the system's print path (CUPS, the Windows spooler).

Every renderer returns PDF bytes.
"""
