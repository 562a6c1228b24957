"""Labels of the vision model page in 简体中文, 繁體中文 (Hong Kong forms) and English."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str, str]] = {
    "vision.page": ("{product} 的视觉模型", "{product} 的視覺模型", "Vision model of {product}"),
    "vision.product": ("产品", "產品", "Product"),
    "vision.open_models": (
        "该产品的视觉模型（训练、版本、阈值）",
        "該產品的視覺模型（訓練、版本、閾值）",
        "The product's vision model (training, versions, threshold)",
    ),
    "vision.region_marked": ("已标出缺陷区域", "已標出缺陷區域", "Defect region marked"),
    "vision.mark_hint": (
        "不良品：在图像上按住并拖动，框出缺陷（可框多处），并填写缺陷类型。确认或改判为不良时，"
        "框选区域和类型会成为该产品视觉模型的训练数据。",
        "不良品：在圖像上按住並拖動，框出缺陷（可框多處），並填寫缺陷類型。確認或改判為不良時，"
        "框選區域和類型會成為該產品視覺模型的訓練數據。",
        "For a defective part: press and drag on the image to box the defect (several boxes "
        "allowed) and name its kind. When the part is confirmed or overruled as defective, the "
        "boxes and the kind become training data for the product's vision model.",
    ),
    "vision.defect_kind": ("缺陷类型", "缺陷類型", "Defect kind"),
    "vision.clear_marks": ("清除框选", "清除框選", "Clear boxes"),
    "vision.training": ("训练数据", "訓練數據", "Training data"),
    "vision.training_note": (
        "已复核的图像：判为合格的是良品（含改判的误报），判为不良的是缺陷样本，框出区域的用于训练"
        "分割头。重新训练时按零件分组留出三成，新旧版本在同一批留出图像上比较。",
        "已覆核的圖像：判為合格的是良品（含改判的誤報），判為不良的是缺陷樣本，框出區域的用於訓練"
        "分割頭。重新訓練時按零件分組留出三成，新舊版本在同一批留出圖像上比較。",
        "Reviewed images only: parts passed (overruled false alarms included) are good, parts "
        "failed are defects, and those with a marked region train the segmentation head. A "
        "retraining holds out 30% by part and scores the new and the active version on the "
        "same held-out images.",
    ),
    "vision.good": ("确认良品", "確認良品", "Confirmed good"),
    "vision.defect": ("确认不良", "確認不良", "Confirmed defective"),
    "vision.with_region": ("其中已框出区域", "其中已框出區域", "of which with a region"),
    "vision.kinds": ("缺陷类型", "缺陷類型", "Defect kinds"),
    "vision.unreviewed": ("未复核", "未覆核", "Not reviewed"),
    "vision.retrain": ("重新训练", "重新訓練", "Retrain"),
    "vision.trained": (
        "训练完成：版本 {n} 已与现用版本比较",
        "訓練完成：版本 {n} 已與現用版本比較",
        "Training done: version {n} was judged beside the active one",
    ),
    "vision.progress": (
        "重新训练：{state} {pct}",
        "重新訓練：{state} {pct}",
        "Retraining: {state} {pct}",
    ),
    "vision.job.queued": ("排队中", "排隊中", "queued"),
    "vision.job.running": ("训练中", "訓練中", "running"),
    "vision.job.done": ("完成", "完成", "done"),
    "vision.job.failed": ("失败", "失敗", "failed"),
    "vision.job.cancelled": ("已取消", "已取消", "cancelled"),
    "vision.cancel": ("取消训练", "取消訓練", "Cancel training"),
    "vision.rule.fit": (
        "训练时留出良品上零误报（模型自带规则）",
        "訓練時留出良品上零誤報（模型自帶規則）",
        "No false alarm on the fit's held-out good parts (the model's own rule)",
    ),
    "vision.rule.false_alarm_rate": (
        "留出良品误报率 {rate}",
        "留出良品誤報率 {rate}",
        "False-alarm rate {rate} on held-out good parts",
    ),
    "vision.rule.escape_rate": (
        "留出不良漏检率 {rate}",
        "留出不良漏檢率 {rate}",
        "Escape rate {rate} on held-out defects",
    ),
    "vision.reason_below": (
        "{figure} {new} 低于现用版本的 {old}",
        "{figure} {new} 低於現用版本的 {old}",
        "{figure} {new} is below the active version's {old}",
    ),
    "vision.reason_alarms": (
        "误报 {new} 次，现用版本 {old} 次",
        "誤報 {new} 次，現用版本 {old} 次",
        "{new} false alarms against the active version's {old}",
    ),
    "vision.job_ended": (
        "重新训练{state}：{error}",
        "重新訓練{state}：{error}",
        "Retraining {state}: {error}",
    ),
    "vision.comparison": (
        "新版本与现用版本对比",
        "新版本與現用版本對比",
        "New version beside the active one",
    ),
    "vision.held_out": (
        "留出图像：良品 {good} 张，不良 {defect} 张（同一零件的图像不会同时出现在训练和留出两边）",
        "留出圖像：良品 {good} 張，不良 {defect} 張（同一零件的圖像不會同時出現在訓練和留出兩邊）",
        "Held-out images: {good} good, {defect} defective (no part's shots on both sides)",
    ),
    "vision.figure": ("指标", "指標", "Figure"),
    "vision.version_n": ("版本 {n}", "版本 {n}", "Version {n}"),
    "vision.no_active": ("无现用版本", "無現用版本", "No active version"),
    "vision.image_auroc": ("图像 AUROC", "圖像 AUROC", "Image AUROC"),
    "vision.pixel_auroc": ("像素 AUROC", "像素 AUROC", "Pixel AUROC"),
    "vision.false_alarms": (
        "误报（留出良品）",
        "誤報（留出良品）",
        "False alarms (held-out good parts)",
    ),
    "vision.detected": ("检出（留出不良）", "檢出（留出不良）", "Detected (held-out defects)"),
    "vision.none": ("暂无", "暫無", "None yet"),
    "vision.trained_on": (
        "训练用：良品 {good} 张，带区域的不良 {defect} 张",
        "訓練用：良品 {good} 張，帶區域的不良 {defect} 張",
        "Trained on {good} good images and {defect} defective images with regions",
    ),
    "vision.parts": (
        "各部分的图像 AUROC：良品异常图 {anomaly}，分割头 {head}",
        "各部分的圖像 AUROC：良品異常圖 {anomaly}，分割頭 {head}",
        "Each part's image AUROC: good-parts anomaly map {anomaly}, segmentation head {head}",
    ),
    "vision.promotable": (
        "新版本不逊于现用版本，可以启用",
        "新版本不遜於現用版本，可以啟用",
        "The new version is at least as good as the active one: it may be promoted",
    ),
    "vision.not_promotable": (
        "不能启用：{reasons}",
        "不能啟用：{reasons}",
        "Cannot be promoted: {reasons}",
    ),
    "vision.stale": (
        "比较时的现用版本是 {n}，现已更换，请重新训练",
        "比較時的現用版本是 {n}，現已更換，請重新訓練",
        "it was judged against version {n}, which is no longer active: retrain",
    ),
    "vision.in_use": (
        "版本 {n} 已在使用（上表是启用前的对比）",
        "版本 {n} 已在使用（上表是啟用前的對比）",
        "Version {n} is in use (the figures it was promoted on)",
    ),
    "vision.promote": ("启用新版本", "啟用新版本", "Promote"),
    "vision.promoted": ("版本 {n} 已启用", "版本 {n} 已啟用", "Version {n} is now in use"),
    "vision.threshold": ("阈值", "閾值", "Threshold"),
    "vision.threshold_now": ("阈值", "閾值", "Threshold"),
    "vision.rule": ("设定依据", "設定依據", "Set by"),
    "vision.target": ("目标", "目標", "Target"),
    "vision.target_false_alarm_rate": (
        "良品误报率",
        "良品誤報率",
        "False-alarm rate on good parts",
    ),
    "vision.target_escape_rate": ("不良漏检率", "不良漏檢率", "Escape rate of defects"),
    "vision.rate_percent": ("比率 %", "比率 %", "Rate %"),
    "vision.preview": ("试算", "試算", "Preview"),
    "vision.set_threshold": ("设定阈值", "設定閾值", "Set threshold"),
    "vision.outcome": (
        "阈值 {threshold}：留出良品误报 {fa}，不良漏检 {escapes}",
        "閾值 {threshold}：留出良品誤報 {fa}，不良漏檢 {escapes}",
        "Threshold {threshold}: false alarms {fa} held-out good parts, escapes {escapes}",
    ),
    "vision.threshold_set": (
        "阈值已设为 {threshold}",
        "閾值已設為 {threshold}",
        "Threshold set to {threshold}",
    ),
    "vision.versions": ("版本", "版本", "Versions"),
    "vision.no_versions": (
        "尚无模型：上传 suigang inspect fit 的模型文件，或在此重新训练",
        "尚無模型：上傳 suigang inspect fit 的模型檔案，或在此重新訓練",
        "No model yet: upload one made by suigang inspect fit, or retrain here",
    ),
    "vision.number": ("版本", "版本", "Version"),
    "vision.state": ("状态", "狀態", "State"),
    "vision.state.active": ("使用中", "使用中", "active"),
    "vision.state.candidate": ("候选", "候選", "candidate"),
    "vision.state.retired": ("已停用", "已停用", "retired"),
    "vision.origin": ("来源", "來源", "Origin"),
    "vision.origin.upload": ("上传", "上傳", "uploaded"),
    "vision.origin.retrain": ("平台训练", "本站訓練", "retrained here"),
    "vision.created": ("创建", "建立", "Created"),
    "vision.promoted_at": ("启用时间", "啟用時間", "In use since"),
    "vision.restore": ("恢复此版本", "恢復此版本", "Restore"),
    "vision.restored": (
        "版本 {n} 已恢复使用",
        "版本 {n} 已恢復使用",
        "Version {n} is in use again",
    ),
}
