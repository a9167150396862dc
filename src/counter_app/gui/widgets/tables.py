"""The read-only tables of the pages: whole rows selected one at a time, no row numbers,
columns as wide as their content."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


def make_table(
    parent: QWidget,
    model: QAbstractItemModel,
    name: str,
    *,
    alternating: bool = True,
    stretch_last: bool = True,
) -> QTableView:
    """A table showing ``model``, named ``name`` (tests and style sheets find it by that):
    ``alternating`` row colours; the last column takes the room left (``stretch_last``)."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(alternating)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(stretch_last)
    return view
