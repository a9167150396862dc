"""The civic-centre self check-in terminal (市民中心自助值机), ``counter-app --kiosk``.

A full-screen, touch-first window over the counter's own store: the traveller types or
scans their ID number (``screens.IdScreen``), picks a coupon open for check-in
(``screens.CouponsScreen``), a seat on the map (``seat_screen.SeatScreen``), and the
boarding pass prints (``screens.DoneScreen``). ``window.KioskWindow`` runs the screens, the
idle timeout back to the start (every field and list cleared) and the staff PIN that leaves
it; ``start.KioskApp`` opens the store behind it and refuses to start without a PIN.
"""
