"""What the ``suigang inspect`` commands share: the command group, errors, progress, threads
and JSON output."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from suigang.cli._common import fail as _fail

inspect_app = typer.Typer(
    help="Visual inspection: anomaly models learned on good parts, golden-template comparison.",
    no_args_is_help=True,
)


@contextmanager
def _clear_errors() -> Iterator[None]:
    """Turn bad-input errors of the engine into a message and exit code 2."""
    from suigang.engines.vision import ImageError, ModelFileError
    from suigang.engines.vision.backbone import WeightsUnavailable

    try:
        yield
    except (ImageError, ModelFileError, WeightsUnavailable, ValueError) as exc:
        _fail(str(exc))


@contextmanager
def _progress(label: str, enabled: bool = True) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr; ``update(done, total)`` moves it."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        last = [-1]

        def plain(done: int, total: int) -> None:
            step = max(1, total // 10)
            if done == total or done // step != last[0]:
                last[0] = done // step
                typer.echo(f"{label}: {done}/{total}", err=True)

        yield plain
        return
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _threads(n: int) -> None:
    if n > 0:
        import torch

        torch.set_num_threads(n)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _test_images(good: Path, defect: Path, masks: Path | None) -> tuple[list[Any], ...]:
    """The good images, the defective ones and their masks (None where one has no mask), as a
    model is tested on them."""
    from suigang.engines.vision import list_images, read_image, read_mask

    good_imgs = [read_image(f.path) for f in list_images(good)]
    files = list_images(defect, masks=masks)
    defect_imgs = [read_image(f.path) for f in files]
    defect_masks = [
        read_mask(f.mask, img.shape[:2]) if f.mask is not None else None
        for f, img in zip(files, defect_imgs, strict=True)
    ]
    return good_imgs, defect_imgs, defect_masks
