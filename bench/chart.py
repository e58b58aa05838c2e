"""A hand-written SVG line chart (log–log panels side by side), so the benchmark needs no plotting library.

Each panel is a dict: title, x label, and series {name: [(x, seconds), …]}; a floor series is drawn
dashed when its name says "floor". Log scales on both axes, because corpus sizes span three orders of
magnitude and what matters is how steeply time grows, not where it starts.
"""

from __future__ import annotations

import math
from html import escape

COLOURS = ["#1f5fa8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#555555"]
WIDTH, HEIGHT = 420, 300
LEFT, RIGHT, TOP, BOTTOM = 58, 14, 34, 92


def _ticks(low: float, high: float) -> list[float]:
    """1-2-5 ticks covering [low, high] on a log scale."""
    ticks = []
    for exponent in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1):
        for mantissa in (1, 2, 5):
            value = mantissa * 10.0**exponent
            if low <= value * 1.0001 and value <= high * 1.0001:
                ticks.append(value)
    return ticks


def _label(value: float) -> str:
    if value >= 1000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def _panel(panel: dict, x0: float) -> list[str]:
    points = [p for series in panel["series"].values() for p in series]
    xs = [p[0] for p in points] or [1.0]
    ys = [p[1] for p in points if p[1] > 0] or [1.0]
    x_low, x_high = min(xs) / 1.5, max(xs) * 1.5
    y_low = 10 ** math.floor(math.log10(min(ys)))
    y_high = 10 ** math.ceil(math.log10(max(ys) * 1.01))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x: float) -> float:
        return x0 + LEFT + plot_w * (math.log10(x) - math.log10(x_low)) / (math.log10(x_high) - math.log10(x_low))

    def py(y: float) -> float:
        return TOP + plot_h * (1 - (math.log10(y) - math.log10(y_low)) / (math.log10(y_high) - math.log10(y_low)))

    out = [f'<text x="{x0 + WIDTH / 2}" y="18" text-anchor="middle" font-weight="bold">{escape(panel["title"])}</text>',
           f'<rect x="{x0 + LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#999"/>']
    y_ticks = _ticks(y_low, y_high)
    if len(y_ticks) > 8:  # decades only when 1-2-5 would crowd the axis
        y_ticks = [t for t in y_ticks if f"{t:e}".startswith("1")]
    for tick in y_ticks:
        y = py(tick)
        out.append(f'<line x1="{x0 + LEFT}" y1="{y:.1f}" x2="{x0 + LEFT + plot_w}" y2="{y:.1f}" stroke="#eee"/>')
        out.append(f'<text x="{x0 + LEFT - 5}" y="{y + 4:.1f}" text-anchor="end">{_label(tick)}</text>')
    for tick in sorted(set(xs)):
        x = px(tick)
        out.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + plot_h}" stroke="#eee"/>')
        out.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 15}" text-anchor="middle">{_label(tick)}</text>')
    out.append(f'<text x="{x0 + LEFT + plot_w / 2}" y="{TOP + plot_h + 32}" text-anchor="middle">'
               f'{escape(panel["x_label"])}</text>')
    out.append(f'<text transform="translate({x0 + 14},{TOP + plot_h / 2}) rotate(-90)" text-anchor="middle">'
               f'seconds (log)</text>')
    for i, (name, series) in enumerate(panel["series"].items()):
        colour = COLOURS[i % len(COLOURS)]
        dash = ' stroke-dasharray="5,4"' if "floor" in name else ""
        coords = [(px(x), py(y)) for x, y in sorted(series) if y > 0]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        out += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in coords]
        legend_y = TOP + plot_h + 48 + 14 * (i // 2)
        legend_x = x0 + LEFT + (i % 2) * (plot_w / 2)
        out.append(f'<line x1="{legend_x}" y1="{legend_y - 4}" x2="{legend_x + 18}" y2="{legend_y - 4}" '
                   f'stroke="{colour}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{legend_x + 22}" y="{legend_y}">{escape(name)}</text>')
    return out


def line_chart(panels: list[dict], caption: str = "") -> str:
    width = WIDTH * len(panels)
    height = HEIGHT + (4 if caption else 0)
    body = []
    for i, panel in enumerate(panels):
        body += _panel(panel, i * WIDTH)
    if caption:
        body.append(f'<text x="{width / 2}" y="{HEIGHT - 6}" text-anchor="middle" fill="#555">{escape(caption)}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">\n'
            f'<rect width="100%" height="100%" fill="white"/>\n' + "\n".join(body) + "\n</svg>\n")
