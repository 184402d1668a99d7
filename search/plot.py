"""Coverage charts: a PNG drawn with matplotlib (Agg)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from search.stats import Coverage

MAX_SERIES = 8
MAX_TICKS = 14
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
_X_LABELS = {
    "day": "Publication day (the outlet's calendar)",
    "week": "Week of publication (weeks start on Monday)",
    "month": "Month of publication",
}


def _y_label(result: Coverage) -> str:
    return "Stories (copies counted once)" if result.collapse_duplicates else "Articles"


def literal(text: str) -> str:
    """Text matplotlib draws as written: a '$' never starts mathtext (which can raise)."""
    return text.replace("$", "\\$")


def chart_title(result: Coverage, subtitle: str) -> str:
    """The chart's title: the query and the period, then the subtitle (filters) if any."""
    title = f"Coverage of “{result.query}” per {result.by}"
    return f"{title}\n{subtitle}" if subtitle else title


class PlotError(RuntimeError):
    """The chart cannot be drawn: matplotlib, the optional extra presswatch[plot], is missing."""


def require_matplotlib() -> None:
    """Raise PlotError unless matplotlib can be imported (checked before any work is done)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise PlotError("charts need matplotlib: pip install 'presswatch[plot]'") from None


def write_png(result: Coverage, path: Path, subtitle: str = "") -> Path:
    """Draw the coverage as a PNG: bars when unsplit, one line per split value otherwise."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    figure, axes = plt.subplots(figsize=(10, 5.5), dpi=120)
    try:
        _draw(axes, result)
        axes.set_title(literal(chart_title(result, subtitle)), fontsize=13, loc="left")
        axes.set_xlabel(_X_LABELS[result.by])
        axes.set_ylabel(_y_label(result))
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.spines[["top", "right"]].set_visible(False)
        axes.grid(axis="y", alpha=0.3)
        axes.set_ylim(bottom=0)
        figure.autofmt_xdate()
        figure.tight_layout()
        path = path.resolve()
        figure.savefig(path, format="png")
    finally:
        plt.close(figure)
    return path


def _draw(axes: Any, result: Coverage) -> None:
    """Periods as evenly spaced categories labelled like the table (2025-05-05, 2025-W19...)."""
    positions = list(range(len(result.starts)))
    if not result.split:
        axes.bar(positions, result.totals, width=0.8, color=PALETTE[0])
    else:
        series = result.top(MAX_SERIES)
        marker = "o" if len(positions) <= 60 else None
        for color, (name, counts) in zip(PALETTE, series.items(), strict=False):
            axes.plot(positions, counts, label=literal(name), color=color, marker=marker, lw=1.8)
        axes.legend(title=result.split, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    step = max(1, -(-len(positions) // MAX_TICKS))
    shown = positions[::step]
    axes.set_xticks(shown, [result.label(i) for i in shown])
    axes.set_xlim(-0.6, len(positions) - 0.4)
