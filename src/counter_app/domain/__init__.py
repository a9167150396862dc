"""Pure business rules of the air-ticket counter: money, fares, taxes, fees, identifiers,
GP service levels, commissions. No I/O, no Qt, no SQLAlchemy."""
