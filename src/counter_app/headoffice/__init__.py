"""The head-office service (总部): owns flights, fares, seat inventory, number ranges and
the master copy of every sale; counters sync with it over HTTP."""
