"""Charts drawn with matplotlib from plain, already-published numbers: SVG for pages and PDF, PNG on request.

Charts never see raw answers: a bar exists only for an estimate that was published; a hidden estimate is drawn
as its mark ('< k' or 'ẩn') with no bar. Figures are built with the object API (no pyplot state), so reports can
be drawn in a worker thread. Text stays text in the SVG (svg.fonttype 'none'): small, searchable, and set in the
page's or the PDF's embedded font.
"""
from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Sequence

import matplotlib
from matplotlib.figure import Figure

from reports.model import Bar  # noqa: F401  (re-exported: charts draw Bars)

# Global matplotlib settings, set once: text as <text> (not paths), a stable id salt so the same chart gives the
# same SVG, and a font that covers Vietnamese. Thread-safe because nothing changes them afterwards.
matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "thuocdo", "font.family": "DejaVu Sans",
                            "font.size": 9, "axes.spines.top": False,
                            "axes.spines.right": False})

BAR = "#2b5d8a"
TARGET = "#9b1c1c"
INK = "#1a1a1a"
MUTED = "#5a5a5a"
FONT_PT = 9
LABEL_CHARS = 24
WIDTH_WEB = 5.0
WIDTH_DOC = 6.6


def wrap(label: str, width: int = LABEL_CHARS) -> str:
    """A long axis label on two lines (at most), so the plot keeps its room on a phone."""
    lines = textwrap.wrap(label, width)
    return "\n".join(lines[:1] + [" ".join(lines[1:])]) if len(lines) > 1 else label


def _figure(width: float, height: float, labels: Sequence[str] = (), *, bottom: float = 0.32,
            top: float = 0.12, right: float = 0.25) -> tuple[Figure, object]:
    """A figure with margins (inches) set from its longest label: twice as fast as a layout engine."""
    longest = max((len(line) for label in labels for line in label.split("\n")), default=0)
    left = min(width * 0.55, 0.15 + longest * FONT_PT * 0.56 / 72)
    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height, top=1 - top / height)
    return fig, fig.add_subplot()


def estimates_chart(bars: Sequence[Bar], *, width: float = WIDTH_WEB) -> Figure:
    """Horizontal bars with 95 % CI whiskers and target ticks on the 0–100 scale."""
    labels = [wrap(b.label) for b in bars]
    fig, ax = _figure(width, 0.55 + 0.45 * max(1, len(bars)), labels)
    ys = list(range(len(bars)))[::-1]
    for y, bar in zip(ys, bars, strict=True):
        if bar.shown:
            ax.barh(y, bar.estimate, color=BAR, height=0.55, align="center")
            if bar.ci_low is not None and bar.ci_high is not None:
                ax.plot([bar.ci_low, bar.ci_high], [y, y], color=INK, lw=1.4, solid_capstyle="butt")
                ax.plot([bar.ci_low] * 2, [y - 0.14, y + 0.14], color=INK, lw=1.2)
                ax.plot([bar.ci_high] * 2, [y - 0.14, y + 0.14], color=INK, lw=1.2)
            inside = (bar.ci_low if bar.ci_low is not None else bar.estimate) >= 16
            ax.text((bar.ci_low or bar.estimate) - 1.5 if inside else (bar.ci_high or bar.estimate) + 1.5, y, bar.text,
                    va="center", ha="right" if inside else "left", fontsize=8, fontweight="bold",
                    color="white" if inside else INK)
        else:
            ax.text(1, y, bar.mark or "–", va="center", ha="left", fontsize=8, color=MUTED, style="italic")
        if bar.target is not None:
            ax.plot([bar.target] * 2, [y - 0.34, y + 0.34], color=TARGET, lw=2.2)
            ax.plot([bar.target], [y - 0.34], marker="^", color=TARGET, ms=5)
    ax.set_yticks(ys, labels)
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, len(bars) - 0.4)
    ax.xaxis.grid(True, color="#e4e4e4", lw=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    return fig


def funnel_chart(stages: Sequence[Bar], *, width: float = WIDTH_WEB) -> Figure:
    """The reach → understanding → consensus → action funnel: centred bars, value and CI written beside."""
    fig, ax = _figure(width, 0.3 + 0.5 * max(1, len(stages)), [s.label for s in stages], bottom=0.1)
    ys = list(range(len(stages)))[::-1]
    for y, stage in zip(ys, stages, strict=True):
        if stage.shown:
            ax.barh(y, stage.estimate, left=(100 - stage.estimate) / 2, color=BAR, height=0.7)
            inside = stage.estimate >= 8 + 1.6 * len(stage.text)
            ax.text(50 if inside else 51 + stage.estimate / 2, y, stage.text, va="center",
                    ha="center" if inside else "left", color="white" if inside else INK, fontsize=8.5,
                    fontweight="bold")
        else:
            ax.text(50, y, stage.mark or "–", va="center", ha="center", color=MUTED, style="italic")
    ax.set_yticks(ys, [s.label for s in stages])
    ax.set_xlim(0, 100)
    ax.set_xticks([])
    ax.spines[["bottom", "left"]].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return fig


def trend_chart(periods: Sequence[str], series: dict[str, Sequence[Bar]], *, targets: dict[str, float] | None = None,
                width: float = WIDTH_WEB) -> Figure:
    """Indices across waves: one line per index, CI as error bars, hidden points left out."""
    fig, ax = _figure(width, 2.8, ["100"], bottom=0.75)
    xs = list(range(len(periods)))
    colours = ["#2b5d8a", "#c26a00", "#3d7a3d", "#7a3d7a", "#555555", "#9b1c1c", "#1f7a7a"]
    for (name, points), colour in zip(series.items(), colours * 2, strict=False):
        shown = [(x, p) for x, p in zip(xs, points, strict=True) if p.shown]
        if not shown:
            continue
        px = [x for x, _ in shown]
        py = [p.estimate for _, p in shown]
        low = [p.estimate - (p.ci_low if p.ci_low is not None else p.estimate) for _, p in shown]
        high = [(p.ci_high if p.ci_high is not None else p.estimate) - p.estimate for _, p in shown]
        ax.errorbar(px, py, yerr=[low, high], color=colour, marker="o", ms=4, lw=1.6, capsize=3, label=name)
        if targets and name in targets:
            ax.axhline(targets[name], color=colour, lw=0.9, ls="--")
    ax.set_xticks(xs, list(periods))
    ax.set_xlim(-0.4, max(xs) + 0.4 if xs else 0.4)
    ax.set_ylim(0, 100)
    ax.yaxis.grid(True, color="#e4e4e4", lw=0.6)
    ax.set_axisbelow(True)
    if series:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=min(4, len(series)), frameon=False,
                  fontsize=8)
    return fig


def to_svg(fig: Figure, *, label: str = "") -> str:
    """The figure as an inline-able SVG element that scales to its container (no fixed size, no XML prolog)."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1', svg, count=1)
    if label:
        safe = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        svg = svg.replace("<svg", f'<svg role="img" aria-label="{safe}"', 1)
    return svg


def to_png(fig: Figure, dpi: int = 200) -> bytes:
    """The figure as PNG bytes, for documents that cannot take SVG."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
