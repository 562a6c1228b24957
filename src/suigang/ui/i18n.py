"""Every label of the web UI in Simplified Chinese, Traditional Chinese and English.

``t(key, **args)`` returns the label in the user's language (kept in ``app.storage.user``),
with ``str.format`` arguments filled in. A missing key is a bug: it raises ``KeyError``.
"""

from __future__ import annotations

from typing import Any

from nicegui import app, ui

LANGS = ("zh-Hans", "zh-Hant", "en")
DEFAULT_LANG = "en"
LANG_NAMES = {"zh-Hans": "简体中文", "zh-Hant": "繁體中文", "en": "English"}

# key: (zh-Hans, zh-Hant, en)
_TEXT: dict[str, tuple[str, ...]] = {
    # pages
    "page.login": ("登录", "登入", "Sign in"),
    "page.home": ("首页", "首頁", "Home"),
    "page.new_rfq": ("新建询价", "新增詢價", "New request for quote"),
    "page.rfq": ("询价 {number}", "詢價 {number}", "Request for quote {number}"),
    "page.order": ("订单 {number}", "訂單 {number}", "Order {number}"),
    "page.work_orders": ("工单", "工單", "Work orders"),
    "page.not_found": ("未找到", "找不到", "Not found"),
    "page.forbidden": ("无权访问", "無權存取", "Not allowed"),
    # navigation and frame
    "nav.home": ("首页", "首頁", "Home"),
    "nav.new_rfq": ("新建询价", "新增詢價", "New RFQ"),
    "nav.work_orders": ("工单", "工單", "Work orders"),
    "frame.time_note": (
        "时间以香港/上海时间显示（UTC+8）",
        "時間以香港/上海時間顯示（UTC+8）",
        "Times shown in Hong Kong / Shanghai time (UTC+8)",
    ),
    "list.range": (
        "第 {first}–{last} 条，共 {total} 条",
        "第 {first}–{last} 項，共 {total} 項",
        "{first}–{last} of {total}",
    ),
    "list.newer": ("← 较新", "← 較新", "← newer"),
    "list.older": ("较早 →", "較早 →", "older →"),
    # actions
    "action.login": ("登录", "登入", "Sign in"),
    "action.logout": ("退出", "登出", "Sign out"),
    "action.send_rfq": ("发送询价", "發送詢價", "Send request for quote"),
    "action.submit_quote": ("提交报价", "提交報價", "Submit quote"),
    "action.accept": ("接受", "接受", "Accept"),
    "action.withdraw": ("撤回", "撤回", "Withdraw"),
    "action.open_order": ("查看订单", "查看訂單", "Open order"),
    "action.open_rfq": ("查看询价", "查看詢價", "Open RFQ"),
    "action.cancel_rfq": ("取消询价", "取消詢價", "Cancel this request"),
    "action.decline_rfq": ("不予报价", "不予報價", "Decline to quote"),
    # login
    "login.subtitle": (
        "穗港智造合作区开放平台",
        "穗港智造合作區開放平臺",
        "Open platform of the Guangzhou–Hong Kong smart-manufacturing zone",
    ),
    "login.failed": ("邮箱或密码不正确", "電郵或密碼不正確", "Incorrect e-mail or password"),
    "login.locked": (
        "登录失败次数过多，请 {seconds} 秒后再试",
        "登入失敗次數過多，請 {seconds} 秒後再試",
        "Too many failed sign-ins: try again in {seconds} s",
    ),
    # fields
    "field.email": ("邮箱", "電郵", "E-mail"),
    "field.password": ("密码", "密碼", "Password"),
    "field.number": ("编号", "編號", "Number"),
    "field.title": ("标题", "標題", "Title"),
    "field.description": ("说明", "說明", "Description"),
    "field.product_code": ("产品编码", "產品編碼", "Product code"),
    "field.drawing_ref": ("图纸编号", "圖則編號", "Drawing reference"),
    "field.quantity": ("数量", "數量", "Quantity"),
    "field.wanted_date": ("期望交期", "期望交期", "Wanted by"),
    "field.currency": ("币种", "貨幣", "Currency"),
    "field.factories": ("工厂", "工廠", "Factories"),
    "field.factory": ("工厂", "工廠", "Factory"),
    "field.requester": ("询价方", "詢價方", "Requested by"),
    "field.buyer": ("买方", "買方", "Buyer"),
    "field.status": ("状态", "狀態", "Status"),
    "field.quotes": ("报价数", "報價數", "Quotes"),
    "field.created_at": ("创建时间", "建立時間", "Created"),
    "field.placed_at": ("下单时间", "落單時間", "Placed"),
    "field.product": ("产品", "產品", "Product"),
    "field.unit_price": ("单价", "單價", "Unit price"),
    "field.total_price": ("总价", "總價", "Total"),
    "field.promised_date": ("承诺交期", "承諾交期", "Promised date"),
    "field.forecast_date": ("预测交期", "預測交期", "Forecast date"),
    "field.valid_until": ("有效期至", "有效期至", "Valid until"),
    "field.notes": ("备注", "備註", "Notes"),
    "field.actions": ("操作", "操作", "Actions"),
    "field.rfq": ("询价", "詢價", "RFQ"),
    "field.order": ("订单", "訂單", "Order"),
    "field.due_date": ("到期日", "到期日", "Due"),
    "field.operations": ("工序数", "工序數", "Operations"),
    "field.operation": ("工序", "工序", "Operation"),
    "field.seq": ("序号", "序號", "Seq."),
    "field.setup_min": ("准备（分钟）", "準備（分鐘）", "Setup (min)"),
    "field.run_min": ("加工（分钟）", "加工（分鐘）", "Run (min)"),
    "field.machines": ("可用设备", "可用設備", "Eligible machines"),
    "field.code": ("编码", "編碼", "Code"),
    "field.name": ("名称", "名稱", "Name"),
    "field.machine_kind": ("设备类型", "設備類型", "Kind"),
    "field.region": ("区域", "區域", "Region"),
    # home pages
    "home.front_shop.heading": (
        "我的询价与订单",
        "我的詢價與訂單",
        "Your requests for quote and orders",
    ),
    "home.factory.heading": (
        "待报价询价、报价、工单与设备",
        "待報價詢價、報價、工單與設備",
        "Requests to quote, quotes, work orders and machines",
    ),
    "home.zone.heading": ("合作区概览", "合作區概覽", "The cooperation zone at a glance"),
    "home.my_rfqs": ("我的询价", "我的詢價", "My requests for quote"),
    "home.my_orders": ("我的订单", "我的訂單", "My orders"),
    "home.incoming_rfqs": ("待报价的询价", "待報價的詢價", "Requests for quote to answer"),
    "home.my_quotes": ("我的报价", "我的報價", "My quotes"),
    "home.my_work_orders": ("我的工单", "我的工單", "My work orders"),
    "home.open_work_orders": (
        "待完成工单：显示 {shown} / 共 {total}，按到期日排列",
        "待完成工單：顯示 {shown} / 共 {total}，按到期日排列",
        "Open work orders, soonest due first: {shown} of {total}",
    ),
    "home.all_work_orders": ("全部工单 →", "全部工單 →", "all work orders →"),
    "home.my_machines": ("我的设备", "我的設備", "My machines"),
    "home.no_rfqs": ("暂无询价", "暫無詢價", "No requests for quote yet"),
    "home.no_rfqs_to_quote": ("暂无待报价的询价", "暫無待報價的詢價", "Nothing to quote"),
    "home.no_orders": ("暂无订单", "暫無訂單", "No orders yet"),
    "home.no_quotes": ("暂无报价", "暫無報價", "No quotes yet"),
    "home.no_work_orders": ("暂无工单", "暫無工單", "No work orders yet"),
    "home.no_machines": ("暂无设备", "暫無設備", "No machines registered"),
    "home.no_pages_yet": (
        "此类机构的页面即将推出",
        "此類機構的頁面即將推出",
        "Pages for this kind of firm are coming",
    ),
    # RFQ page
    "rfq.details": ("询价详情", "詢價詳情", "Details"),
    "rfq.recipients": ("受邀工厂", "受邀工廠", "Factories asked"),
    "rfq.no_recipients": ("无", "無", "None"),
    "rfq.quotes": ("报价", "報價", "Quotes"),
    "rfq.no_quotes": ("暂无报价", "暫無報價", "No quotes yet"),
    "rfq.factories_hint": (
        "可选择合作区内一家或多家工厂",
        "可選擇合作區內一家或多家工廠",
        "Choose one or more factories of the zone",
    ),
    "rfq.sent": ("询价 {number} 已发送", "詢價 {number} 已發送", "Request {number} sent"),
    "rfq.cancelled": ("询价 {number} 已取消", "詢價 {number} 已取消", "Request {number} cancelled"),
    "rfq.declined": ("已谢绝询价 {number}", "已婉拒詢價 {number}", "Request {number} declined"),
    "rfq.decline_question": (
        "不为询价 {number} 报价？询价方将看到贵厂已谢绝。",
        "不為詢價 {number} 報價？詢價方將看到貴廠已婉拒。",
        "Decline to quote on {number}? The sender sees that your factory declined.",
    ),
    "rfq.decline_reason": ("原因（可选）", "原因（可選）", "Reason (optional)"),
    "rfq.became_order": ("已转为订单：", "已轉為訂單：", "Became order:"),
    # quotes
    "quote.form": ("提交报价", "提交報價", "Your quote"),
    "quote.no_products": (
        "贵厂目录中尚无产品，无法报价",
        "貴廠目錄中尚無產品，無法報價",
        "Your catalogue has no products to quote with",
    ),
    "quote.choose_product": (
        "询价的产品编码不在贵厂目录中：请选择报价的产品",
        "詢價的產品編碼不在貴廠目錄中：請選擇報價的產品",
        "The RFQ's product code is not in your catalogue: choose the product you quote",
    ),
    "quote.already_submitted": (
        "贵厂已提交报价；如需修改请先撤回",
        "貴廠已提交報價；如需修改請先撤回",
        "Your factory has submitted a quote; withdraw it to quote again",
    ),
    "quote.submitted": (
        "报价 {number} 已提交（{total}）",
        "報價 {number} 已提交（{total}）",
        "Quote {number} submitted ({total})",
    ),
    "quote.accepted": (
        "已接受报价，订单 {number} 已生成",
        "已接受報價，訂單 {number} 已建立",
        "Quote accepted: order {number} placed",
    ),
    "quote.withdrawn": ("报价 {number} 已撤回", "報價 {number} 已撤回", "Quote {number} withdrawn"),
    # order page
    "order.details": ("订单详情", "訂單詳情", "Details"),
    "order.dates": ("交期", "交期", "Delivery dates"),
    "order.lots": ("批次", "批次", "Lots"),
    "order.no_lots": ("暂无批次", "暫無批次", "No lots yet"),
    "order.work_orders": ("本厂工单", "本廠工單", "Our work orders"),
    "order.no_forecast": ("暂无预测", "暫無預測", "No forecast yet"),
    "order.timeline": ("查看生产进度", "查看生產進度", "See its timeline"),
    "order.on_time": ("预计按期交付", "預計按期交付", "On track for the promised date"),
    "order.late": (
        "预计延迟 {days} 天",
        "預計延遲 {days} 天",
        "Forecast {days} days after the promise",
    ),
    "order.status_changed": ("订单状态：{status}", "訂單狀態：{status}", "Order is now {status}"),
    "order.to.in_production": ("开始生产", "開始生產", "Start production"),
    "order.to.shipped": ("标记已发货", "標記已出貨", "Mark shipped"),
    "order.to.delivered": ("确认收货", "確認收貨", "Confirm delivery"),
    "order.to.cancelled": ("取消订单", "取消訂單", "Cancel order"),
    "order.confirm_cancel": (
        "确定取消订单 {number}？此操作不可撤销。",
        "確定取消訂單 {number}？此操作無法復原。",
        "Cancel order {number}? This cannot be undone.",
    ),
    "action.back": ("返回", "返回", "Back"),
    "wo.no_operations": ("无工序", "無工序", "No operations"),
    "wo.all": ("全部", "全部", "All"),
    "wo.open": ("未完成", "未完成", "Open"),
    "wo.actual_start": ("实际开始", "實際開始", "Actual start"),
    "wo.actual_end": ("实际完成", "實際完成", "Actual finish"),
    "wo.start": ("开始 {seq} {name}", "開始 {seq} {name}", "Start {seq} {name}"),
    "wo.finish": ("完成 {seq} {name}", "完成 {seq} {name}", "Finish {seq} {name}"),
    "wo.recorded": ("已记录实际时间", "已記錄實際時間", "Actual time recorded"),
    # zone office
    "zone.total_firms": ("入驻机构", "入駐機構", "Firms"),
    "zone.total_orders": ("订单总数", "訂單總數", "Orders"),
    "zone.total": ("合计", "合計", "Total"),
    "zone.firms_by_region": ("各区域机构", "各區域機構", "Firms by region and kind"),
    "zone.orders_by_status": ("订单量（按状态）", "訂單量（按狀態）", "Order volume by status"),
    "zone.orders_by_region": (
        "订单量（按工厂所在区域）",
        "訂單量（按工廠所在區域）",
        "Order volume by factory region",
    ),
    "zone.rfqs_by_status": ("询价（按状态）", "詢價（按狀態）", "Requests for quote by status"),
    "zone.orders": ("订单数", "訂單數", "Orders"),
    "zone.rfqs": ("询价数", "詢價數", "Requests"),
    "zone.amount": ("金额", "金額", "Amount"),
    "zone.no_firms": ("暂无机构", "暫無機構", "No firms yet"),
    "zone.privacy_note": (
        "仅显示汇总数据；各企业的订单明细不对合作区办公室公开",
        "僅顯示匯總數據；各企業的訂單明細不向合作區辦公室公開",
        "Aggregates only: no firm's individual orders are shown to the zone office",
    ),
    # errors
    "error.title": ("操作失败", "操作失敗", "Could not do that"),
    "error.stale": (
        "记录已被他人修改，请刷新后重试",
        "記錄已被他人修改，請重新整理後再試",
        "Someone else changed this record meanwhile; reload and try again",
    ),
    "error.not_found": ("未找到该{what}", "找不到該{what}", "{what} not found"),
    "error.forbidden": (
        "您的角色无权使用此页面",
        "您的角色無權使用此頁面",
        "Your role has no access to this page",
    ),
    "thing.rfq": ("询价", "詢價", "Request for quote"),
    "thing.order": ("订单", "訂單", "Order"),
    # kinds of firms and roles
    "kind.front_shop": ("前店（香港）", "前店（香港）", "Front shop (Hong Kong)"),
    "kind.factory": ("后厂（工厂）", "後廠（工廠）", "Factory"),
    "kind.service_provider": ("服务机构", "服務機構", "Service provider"),
    "kind.research_institute": ("科研机构", "科研機構", "Research institute"),
    "kind.zone_office": ("合作区办公室", "合作區辦公室", "Zone office"),
    "role.admin": ("企业管理员", "企業管理員", "Administrator"),
    "role.member": ("成员", "成員", "Member"),
    "role.zone_admin": ("合作区管理员", "合作區管理員", "Zone administrator"),
    # regions
    "region.hong_kong": ("香港", "香港", "Hong Kong"),
    "region.zone_west": (
        "西区·智能制造合作园区",
        "西區·智能製造合作園區",
        "West Zone (smart manufacturing)",
    ),
    "region.zone_yunpu": (
        "云埔·科技创新合作园区",
        "雲埔·科技創新合作園區",
        "Yunpu (technology innovation)",
    ),
    "region.zone_community": ("宜居生活社区", "宜居生活社區", "Residential community"),
    "region.mainland_other": ("内地其他地区", "內地其他地區", "Elsewhere on the mainland"),
    # statuses (RFQ, recipient, quote, order, work order, operation, machine)
    "status.open": ("待报价", "待報價", "Open"),
    "status.quoted": ("已报价", "已報價", "Quoted"),
    "status.accepted": ("已接受", "已接受", "Accepted"),
    "status.cancelled": ("已取消", "已取消", "Cancelled"),
    "status.pending": ("待回复", "待回覆", "Pending"),
    "status.declined": ("已谢绝", "已婉拒", "Declined"),
    "status.submitted": ("已提交", "已提交", "Submitted"),
    "status.rejected": ("未中选", "未獲選", "Not chosen"),
    "status.withdrawn": ("已撤回", "已撤回", "Withdrawn"),
    "status.placed": ("已下单", "已落單", "Placed"),
    "status.in_production": ("生产中", "生產中", "In production"),
    "status.shipped": ("已发货", "已出貨", "Shipped"),
    "status.delivered": ("已交付", "已交付", "Delivered"),
    "status.planned": ("已计划", "已計劃", "Planned"),
    "status.released": ("已下达", "已下達", "Released"),
    "status.in_progress": ("进行中", "進行中", "In progress"),
    "status.completed": ("已完成", "已完成", "Completed"),
    "status.in_service": ("运行中", "運行中", "In service"),
    "status.maintenance": ("维护中", "維護中", "Maintenance"),
    "status.out_of_service": ("停用", "停用", "Out of service"),
    # operations of a work order
    "op.pending": ("待加工", "待加工", "To do"),
    "op.running": ("加工中", "加工中", "Running"),
    "op.done": ("已完工", "已完工", "Done"),
    # machine kinds
    "machine.robot_cell": ("机器人工作站", "機械人工作站", "Robot cell"),
    "machine.cnc_machining_center": ("数控加工中心", "數控加工中心", "CNC machining center"),
    "machine.cnc_lathe": ("数控车床", "數控車牀", "CNC lathe"),
    "machine.smt_line": ("SMT 贴片线", "SMT 貼片線", "SMT line"),
    "machine.aoi_station": ("AOI 光学检测站", "AOI 光學檢測站", "AOI inspection station"),
    "machine.cmm_station": ("三坐标测量站", "三坐標測量站", "CMM inspection station"),
    "machine.injection_molding": ("注塑机", "注塑機", "Injection molding"),
    "machine.laser_cutter": ("激光切割机", "激光切割機", "Laser cutter"),
    "machine.assembly_line": ("装配线", "裝配線", "Assembly line"),
    "machine.additive": ("增材制造设备", "增材製造設備", "Additive manufacturing"),
}

LABELS: dict[str, dict[str, str]] = {
    key: dict(zip(LANGS, texts, strict=False)) for key, texts in _TEXT.items()
}


def add_labels(texts: dict[str, tuple[str, str, str]]) -> None:
    """Add an area's labels (zh-Hans, zh-Hant, en).

    Adding the same label again is harmless (a page module may be imported more than once,
    as the in-process test client does); a key defined again with other texts is refused.
    """
    for key, triple in texts.items():
        if key in _TEXT:
            if _TEXT[key] != triple:
                raise ValueError(f"label {key!r} is defined twice, with different texts")
            continue
        if len(triple) != len(LANGS):
            raise ValueError(f"label {key!r} needs {len(LANGS)} texts, got {len(triple)}")
        _TEXT[key] = triple
        LABELS[key] = dict(zip(LANGS, triple, strict=True))


used_keys: set[str] = set()
"""Keys looked up since start (the tests render every page and compare with ``LABELS``)."""


def storage() -> dict[str, Any]:
    """The signed-in browser's server-side storage: that of the session the page was opened
    in (signing in gives the browser a new session id, see ``ui.signin``)."""
    try:
        request = ui.context.client.request
    except RuntimeError:  # no page (a background task)
        request = None
    if request is not None and "session" in request.scope:
        users: dict[str, Any] = app.storage._users  # NiceGUI's user storage by session id
        found = users.get(request.session.get("id", ""))
        if found is not None:
            return found  # type: ignore[no-any-return]
    return app.storage.user  # type: ignore[no-any-return]


def lang() -> str:
    """The language the user chose (zh-Hans, zh-Hant or en)."""
    value = storage().get("lang", DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def current_lang() -> str:
    """The signed-in browser's language, or the default outside a page."""
    try:
        return lang()
    except RuntimeError:  # no request context (e.g. a background task)
        return DEFAULT_LANG


def t(key: str, *, lang: str | None = None, **args: Any) -> str:
    """The label ``key`` in ``lang`` (default: the user's language), formatted with ``args``."""
    used_keys.add(key)
    text = LABELS[key][lang or current_lang()]
    return text.format(**args) if args else text
