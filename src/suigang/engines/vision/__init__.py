"""Visual inspection: anomaly detection learned on good parts, and golden-template comparison.

- :func:`fit` / :class:`Scorer` / :func:`score` / :func:`evaluate`: PatchCore-style patch
  features of an ImageNet-pretrained EfficientNet-Lite0, a coreset memory bank and
  nearest-neighbour scoring; needs the ``vision`` extra (torch and the weight wheel).
- :func:`compare`: registration to a defect-free template, tolerant difference, morphology
  and defect boxes (OpenCV only); :func:`evaluate_pcb` scores it on DeepPCB-style data.
- :func:`near_duplicate_groups`: shots of one part, to keep together when splitting a set.
- :func:`choose_threshold`: a threshold from a target false-alarm or escape rate.

Heavy libraries are imported inside the functions that use them.
"""

from suigang.engines.vision.evaluate import EvaluationResult, evaluate
from suigang.engines.vision.groups import near_duplicate_groups, near_duplicates_of, thumbnails
from suigang.engines.vision.images import (
    IMAGE_SUFFIXES,
    ImageError,
    ImageFile,
    list_images,
    read_image,
    read_mask,
)
from suigang.engines.vision.metrics import MatchCounts, auroc, iou, match_boxes
from suigang.engines.vision.model_io import (
    ENGINE_VERSION,
    FORMAT_VERSION,
    ModelFileError,
    ModelVersionError,
    load_model,
    save_model,
)
from suigang.engines.vision.patchcore import Scorer, fit, score, threshold_rule
from suigang.engines.vision.patchcore_model import (
    HeadConfig,
    Normalize,
    PatchCoreConfig,
    PatchCoreModel,
    ScoreResult,
    SegmentationHead,
)
from suigang.engines.vision.pcb import (
    PCB_MIN_IOU,
    PcbEvaluation,
    PcbPair,
    evaluate_pcb,
    read_annotations,
    read_pair_list,
)
from suigang.engines.vision.template import (
    CompareConfig,
    CompareResult,
    DefectBox,
    Motion,
    Polarity,
    Registration,
    compare,
    register,
)
from suigang.engines.vision.thresholds import (
    ThresholdChoice,
    ThresholdTarget,
    choose_threshold,
    outcome,
)

__all__ = [
    "ENGINE_VERSION",
    "FORMAT_VERSION",
    "IMAGE_SUFFIXES",
    "PCB_MIN_IOU",
    "CompareConfig",
    "CompareResult",
    "DefectBox",
    "EvaluationResult",
    "HeadConfig",
    "ImageError",
    "ImageFile",
    "MatchCounts",
    "ModelFileError",
    "ModelVersionError",
    "Motion",
    "Normalize",
    "PatchCoreConfig",
    "PatchCoreModel",
    "PcbEvaluation",
    "PcbPair",
    "Polarity",
    "Registration",
    "ScoreResult",
    "Scorer",
    "SegmentationHead",
    "ThresholdChoice",
    "ThresholdTarget",
    "auroc",
    "choose_threshold",
    "compare",
    "evaluate",
    "evaluate_pcb",
    "fit",
    "iou",
    "list_images",
    "load_model",
    "match_boxes",
    "near_duplicate_groups",
    "near_duplicates_of",
    "outcome",
    "read_annotations",
    "read_image",
    "read_mask",
    "read_pair_list",
    "register",
    "save_model",
    "score",
    "threshold_rule",
    "thumbnails",
]
