"""The pages of a document in the print preview: rendered as images off the GUI thread,
scaled to fit the width, zoomable, with the zoom buttons and the page count above them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.gui.tasks import Done, Failed
from counter_app.gui.widgets.named import named, named_button
from counter_app.printing.model import Document

T = TypeVar("T")

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0
FIRST_DPI = 150.0
MAX_PREVIEW_DPI = 300.0
PAGE_MARGIN = 16  # pixels around each page in the preview
MM_PER_INCH = 25.4


class RunOnPool(Protocol):
    """Runs ``fn`` on the pool for a window, and its outcome only while the window lives."""

    def __call__(self, name: str, fn: Callable[[], T], on_done: Done[T],
                 on_error: Failed) -> None: ...


def _render_all(pdf: bytes, dpi: float) -> tuple[list[tuple[float, float]], list[QImage]]:
    from counter_app.gui.printing.qt_printer import page_sizes_mm, render_page

    sizes = page_sizes_mm(pdf)
    return sizes, [render_page(pdf, i, dpi) for i in range(len(sizes))]


class PageView(QWidget):
    """The toolbar (zoom, page size, page count) and the pages. ``on_failed(text)`` is told
    when the document cannot be shown."""

    def __init__(self, document: Document, run: RunOnPool, on_failed: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._run = run
        self._on_failed = on_failed
        self._zoom = 1.0  # of the width that fits the window
        self._images: list[QImage] = []
        self._sizes: list[tuple[float, float]] = []
        self._render_dpi = 0.0
        self._rendering = False
        tools = self._build_toolbar()
        self._build_pages()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self.scroll_area, 1)
        self._show_zoom()
        self._render(FIRST_DPI)

    def _build_toolbar(self) -> QHBoxLayout:
        self.zoom_out_button = named_button(self.tr("Zoom out"), "zoomOutButton", self)
        self.zoom_in_button = named_button(self.tr("Zoom in"), "zoomInButton", self)
        self.fit_button = named_button(self.tr("Fit width"), "fitButton", self)
        self.zoom_out_button.setToolTip(self.tr("Zoom out (Ctrl+-)"))
        self.zoom_in_button.setToolTip(self.tr("Zoom in (Ctrl+=)"))
        self.fit_button.setToolTip(self.tr("Fit the page to the window width (Ctrl+0)"))
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.fit_button.clicked.connect(self.fit_width)
        self.zoom_label = named(QLabel(self), "zoomLabel")
        self.pages_label = QLabel(self.tr("Rendering pages…"), self)
        self.pages_label.setObjectName("pagesLabel")
        size_text = self.tr("Page %1 × %2 mm").replace(
            "%1", f"{self.document.page_width_mm:g}"
        ).replace("%2", f"{self.document.page_height_mm:g}")
        self.size_label = named(QLabel(size_text, self), "pageSizeLabel")
        tools = QHBoxLayout()
        tools.addWidget(self.zoom_out_button)
        tools.addWidget(self.zoom_in_button)
        tools.addWidget(self.fit_button)
        tools.addWidget(self.zoom_label)
        tools.addStretch(1)
        tools.addWidget(self.size_label)
        tools.addSpacing(16)
        tools.addWidget(self.pages_label)
        return tools

    def _build_pages(self) -> None:
        self.pages_widget = QWidget()
        self.pages_widget.setObjectName("previewPages")
        self.pages_widget.setStyleSheet("#previewPages { background: #8a8f96; }")
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        self.pages_layout.setSpacing(PAGE_MARGIN)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.page_labels: list[QLabel] = []
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("previewScroll")
        self.scroll_area.setWidget(self.pages_widget)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        # Always there, so fitting the width never makes it appear and change the width.
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll_area.setStyleSheet("QScrollArea { background: #8a8f96; }")

    # -- pages ----------------------------------------------------------------------------

    @property
    def page_count(self) -> int:
        return len(self._images)

    @property
    def zoom(self) -> float:
        return self._zoom

    def _render(self, dpi: float) -> None:
        pdf = self.document.pdf
        self._rendering = True

        def done(result: tuple[list[tuple[float, float]], list[QImage]]) -> None:
            self._rendering = False
            self._sizes, self._images = result
            self._render_dpi = dpi
            self._build_page_labels()
            self._relayout()

        def failed(error: BaseException) -> None:
            self._rendering = False
            self.pages_label.setText(self.tr("The pages cannot be shown."))
            self._on_failed(
                self.tr("The document cannot be shown (%1); it can still be printed or saved.")
                .replace("%1", str(error) or type(error).__name__)
            )

        self._run("preview-render", lambda: _render_all(pdf, dpi), done, failed)

    def _build_page_labels(self) -> None:
        if len(self.page_labels) != len(self._images):
            for label in self.page_labels:
                self.pages_layout.removeWidget(label)
                label.deleteLater()
            self.page_labels = []
            for index in range(len(self._images)):
                label = QLabel(self.pages_widget)
                label.setObjectName(f"page{index + 1}")
                label.setStyleSheet("background: white; border: 1px solid #5c6066;")
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self.pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
                self.page_labels.append(label)
        count = len(self._images)
        self.pages_label.setText(self.tr("%n page(s)", "", count))

    def _px_per_mm(self) -> float:
        if not self._sizes:
            return 0.0
        widest = max(width for width, _ in self._sizes)
        available = self.scroll_area.viewport().width() - 2 * PAGE_MARGIN - 2
        return max(40.0, float(available)) / widest * self._zoom

    def _relayout(self) -> None:
        scale = self._px_per_mm()
        if scale <= 0:
            return
        ratio = self.devicePixelRatioF()
        for label, image, (width_mm, height_mm) in zip(
            self.page_labels, self._images, self._sizes, strict=True
        ):
            width = max(1, round(width_mm * scale))
            height = max(1, round(height_mm * scale))
            scaled = image.scaled(
                QSize(round(width * ratio), round(height * ratio)),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            pixmap = QPixmap.fromImage(scaled)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            label.setFixedSize(width + 2, height + 2)
        self._show_zoom()
        wanted = scale * MM_PER_INCH * ratio
        if (
            not self._rendering
            and wanted > self._render_dpi * 1.1
            and self._render_dpi < MAX_PREVIEW_DPI
        ):
            self._render(min(MAX_PREVIEW_DPI, wanted * 1.25))

    def shown_page_size(self, index: int = 0) -> QSize:
        """The size of page ``index`` as shown now, in device-independent pixels."""
        pixmap = self.page_labels[index].pixmap()
        return pixmap.deviceIndependentSize().toSize()

    def _show_zoom(self) -> None:
        scale = self._px_per_mm()
        if scale <= 0:
            self.zoom_label.setText("")
            return
        screen_px_per_mm = self.logicalDpiX() / MM_PER_INCH
        self.zoom_label.setText(f"{round(scale / screen_px_per_mm * 100)} %")

    def zoom_in(self) -> None:
        self._set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self._zoom / ZOOM_STEP)

    def fit_width(self) -> None:
        self._set_zoom(1.0)

    def _set_zoom(self, zoom: float) -> None:
        self._zoom = max(ZOOM_MIN, min(ZOOM_MAX, zoom))
        self.zoom_in_button.setEnabled(self._zoom < ZOOM_MAX)
        self.zoom_out_button.setEnabled(self._zoom > ZOOM_MIN)
        self._relayout()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._images:
            self._relayout()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._images:
            self._relayout()
