"""Gantt charts of a schedule: SVG text (no dependencies), HTML around it, PNG via matplotlib."""

from __future__ import annotations

from html import escape
from pathlib import Path

from suigang.engines.scheduling.model import Instance
from suigang.engines.scheduling.solution import Schedule

ROW = 18
LEFT = 60
WIDTH = 1200


def _color(job: int) -> str:
    return f"hsl({(job * 137) % 360},60%,60%)"


def gantt_svg(instance: Instance, schedule: Schedule) -> str:
    """An SVG Gantt chart: one row per machine, one box per operation, hatched downtime."""
    span = max(1, schedule.makespan)
    scale = (WIDTH - LEFT - 10) / span
    height = ROW * len(instance.machines) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'font-family="sans-serif" font-size="10">'
    ]
    for m, machine in enumerate(instance.machines):
        y = 5 + m * ROW
        label = escape(machine.name or f"M{m}")
        parts.append(f'<text x="2" y="{y + 12}">{label}</text>')
        for a, b in machine.unavailable:
            if a < span:
                x = LEFT + a * scale
                w = max(1.0, (min(b, span) - a) * scale)
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{ROW - 2}" fill="#999" '
                    f'opacity="0.5"><title>unavailable [{a}, {b})</title></rect>'
                )
    for o in schedule.operations:
        y = 5 + o.machine * ROW
        x = LEFT + o.start * scale
        w = max(0.5, (o.end - o.start) * scale)
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{ROW - 2}" fill="{_color(o.job)}" '
            f'stroke="#333" stroke-width="0.3"><title>job {o.job} op {o.index}: '
            f"[{o.start}, {o.end})</title></rect>"
        )
    axis_y = 5 + len(instance.machines) * ROW + 15
    parts.append(f'<text x="{LEFT}" y="{axis_y}">0</text>')
    parts.append(f'<text x="{WIDTH - 60}" y="{axis_y}">{span}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def write_gantt(instance: Instance, schedule: Schedule, path: str | Path) -> None:
    """Write a Gantt chart; the suffix (.svg, .html, .png) chooses the format."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".svg":
        p.write_text(gantt_svg(instance, schedule), encoding="utf-8")
    elif suffix in (".html", ".htm"):
        title = escape(instance.name)
        p.write_text(
            f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><h3>{title}: makespan {schedule.makespan}</h3>"
            f"{gantt_svg(instance, schedule)}</body></html>",
            encoding="utf-8",
        )
    elif suffix == ".png":
        _write_png(instance, schedule, p)
    else:
        raise ValueError(f"unknown Gantt format {suffix!r} (expected .svg, .html or .png)")


def _write_png(instance: Instance, schedule: Schedule, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n_m = len(instance.machines)
    fig, ax = plt.subplots(figsize=(12, max(2.0, 0.3 * n_m + 1)))
    for m, machine in enumerate(instance.machines):
        for a, b in machine.unavailable:
            ax.broken_barh([(a, b - a)], (m - 0.4, 0.8), facecolors="#bbbbbb")
    for o in schedule.operations:
        hue = ((o.job * 137) % 360) / 360
        ax.broken_barh(
            [(o.start, o.end - o.start)],
            (o.machine - 0.4, 0.8),
            facecolors=[matplotlib.colors.hsv_to_rgb((hue, 0.5, 0.9))],
            edgecolor="#333",
            linewidth=0.2,
        )
    ax.set_yticks(range(n_m))
    ax.set_yticklabels([m.name or f"M{i}" for i, m in enumerate(instance.machines)])
    ax.set_xlim(0, max(1, schedule.makespan))
    ax.set_xlabel("time")
    ax.set_title(f"{instance.name}: makespan {schedule.makespan}")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
