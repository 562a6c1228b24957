"""``/zone/cluster``: the cluster's path to its 2035 target for the zone office (output, the
path at the growth needed, the trend projection with its band, segments, the Hong
Kong-invested share, exports), the HKD/CNY rates and a year's import; ``/statistics``: a
firm files its yearly statistics and sees what it filed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from nicegui import events, ui

from suigang.domains.cluster import service
from suigang.domains.cluster.schemas import ClusterRead, FilingCreate, RateCreate
from suigang.domains.common import owned_by
from suigang.domains.identity.models import EnterpriseKind
from suigang.domains.identity.permissions import can
from suigang.domains.zone.segments import Segment
from suigang.ui.context import PageContext, app_settings, run_action
from suigang.ui.frame import (
    add_navigation,
    data_table,
    notify_after_reload,
    run_then_reload,
    section,
)
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import t

add_navigation(EnterpriseKind.ZONE_OFFICE, "/zone/cluster", "cl.nav", "trending_up")
for _kind in (EnterpriseKind.FACTORY, EnterpriseKind.FRONT_SHOP, EnterpriseKind.SERVICE_PROVIDER,
              EnterpriseKind.RESEARCH_INSTITUTE):  # fmt: skip
    add_navigation(_kind, "/statistics", "cl.nav_statistics", "bar_chart")
HUNDRED_MILLION = Decimal(100_000_000)


def pct(value: float | Decimal | None) -> str:
    return "—" if value is None else f"{float(value):.1%}"


def yi(value: Decimal) -> float:
    """亿元 for the chart's axis (a picture, not an amount: the tables keep the Decimals)."""
    return round(float(value / HUNDRED_MILLION), 2)


def register() -> None:
    @guarded_page("/zone/cluster", title="cl.page", permission="cluster:read", of_own_firm=False)
    def dashboard(ctx: PageContext) -> None:
        data = run_action(lambda s, a: service.cluster_dashboard(s, actor=a, lang=ctx.lang))
        if data is not None:
            dashboard_body(ctx, data)
        rates_section(ctx)
        import_section()

    @guarded_page("/statistics", title="cl.page_statistics", permission="statistics:read")
    def statistics(ctx: PageContext) -> None:
        if can(ctx.actor, "statistics:file", owned_by(ctx.actor.enterprise_id)):
            filing_form()
        with section("cl.mine").mark("my-filings"):
            rows = service.my_filings(ctx.session, actor=ctx.actor)
            data_table(
                [t("cl.year"), t("adm.segment"), t("cl.currency"), t("cl.output"), t("cl.tax"),
                 t("cl.rd"), t("cl.employees")],
                [(r.year, t(f"segment.{r.segment.value}"), r.currency, f"{r.output:,}",
                  f"{r.tax:,}", f"{r.rd_spending:,}", r.employees) for r in rows],
                empty_key="cl.none_filed",
            )  # fmt: skip


def dashboard_body(ctx: PageContext, d: ClusterRead) -> None:
    with ui.row().classes("gap-6 items-baseline"):
        ui.label(t("cl.target", year=d.target_year, amount=f"{d.target_cny:,}")).classes(
            "text-lg font-medium"
        ).mark("cluster-target")
        if d.latest_year is not None and d.latest_output_cny is not None:
            ui.label(t("cl.latest", year=d.latest_year, amount=f"{d.latest_output_cny:,}")).mark(
                "cluster-latest"
            )
    if not d.years:
        ui.label(t("cl.no_data")).classes("text-grey-7 italic")
        return
    with ui.row().classes("gap-6"):
        ui.label(t("cl.required", rate=pct(d.required_cagr))).classes(
            "text-base font-medium text-red-9"
        ).mark("required-cagr")
        ui.label(t("cl.achieved", rate=pct(d.achieved_cagr))).mark("achieved-cagr")
        if d.chance_of_target is not None:
            ui.label(t("cl.chance", p=pct(d.chance_of_target))).mark("chance")
    if d.projection:
        ui.label(t("cl.method", band=f"{d.band:.0%}")).classes("text-xs text-grey-7")
    chart(d)
    with ui.row().classes("gap-2 items-center"):
        ui.label(t("cl.export")).classes("text-sm")
        for fmt in ("xlsx", "pdf"):

            def export(fmt: str = fmt) -> None:
                got = run_action(lambda s, a: service.export_cluster(s, actor=a, fmt=fmt,
                                                                     lang=ctx.lang))  # fmt: skip
                if got is not None:
                    ui.download(got[0], got[2], got[1])

            ui.button(t(f"cl.export_{fmt}"), icon="download", on_click=export).props(
                "outline dense no-caps"
            ).mark(f"export-{fmt}")
    with section("cl.years").mark("cluster-years"):
        data_table(
            [t("cl.year"), t("cl.output"), t("cl.growth"), t("cl.hk_share"), t("cl.firms"),
             t("cl.employees")],
            [(y.year, f"{y.output_cny:,}", pct(y.growth), pct(y.hk_invested_share), y.firms,
              y.employees) for y in d.years],
            empty_key="cl.no_data",
        )  # fmt: skip
    latest = d.years[-1]
    with section("cl.by_segment").mark("cluster-segments"):
        ui.label(t("cl.segments", year=latest.year)).classes("text-sm font-medium")
        data_table(
            [t("adm.segment"), t("cl.output"), t("cl.share")],
            [(s.name, f"{s.output_cny:,}", pct(s.share)) for s in latest.segments],
            empty_key="cl.no_data",
        )
        ui.echart({
            "tooltip": {"trigger": "item"},
            "series": [{"type": "pie", "radius": "65%",
                        "data": [{"name": s.name, "value": yi(s.output_cny)}
                                 for s in latest.segments]}],
        }).classes("w-full h-64")  # fmt: skip


def chart(d: ClusterRead) -> None:
    """Output by year, the path at the growth needed, the trend and its band (亿元)."""
    years = sorted({y.year for y in d.years} | {p.year for p in d.target_path}
                   | {p.year for p in d.projection})  # fmt: skip
    actual = {y.year: yi(y.output_cny) for y in d.years}
    path = {p.year: yi(p.output_cny) for p in d.target_path}
    proj = {p.year: p for p in d.projection}
    low = [yi(proj[y].low_cny) if y in proj else None for y in years]
    span = [yi(proj[y].high_cny - proj[y].low_cny) if y in proj else None for y in years]
    ui.echart({
        "tooltip": {"trigger": "axis"},
        "legend": {"data": [t("cl.actual"), t("cl.path"), t("cl.projection"), t("cl.band")]},
        "xAxis": {"type": "category", "data": [str(y) for y in years]},
        "yAxis": {"type": "log", "name": t("cl.chart_unit")},
        "series": [
            {"name": t("cl.actual"), "type": "line", "data": [actual.get(y) for y in years],
             "symbolSize": 8},
            {"name": t("cl.path"), "type": "line", "lineStyle": {"type": "dashed"},
             "data": [path.get(y) for y in years]},
            {"name": t("cl.projection"), "type": "line", "lineStyle": {"type": "dotted"},
             "data": [yi(proj[y].central_cny) if y in proj else None for y in years]},
            {"name": t("cl.band"), "type": "line", "stack": "band", "data": low,
             "lineStyle": {"opacity": 0}, "symbol": "none", "color": "#5f9ea0"},
            {"name": t("cl.band"), "type": "line", "stack": "band", "data": span,
             "lineStyle": {"opacity": 0}, "symbol": "none", "color": "#5f9ea0",
             "areaStyle": {"color": "rgba(0,128,128,0.15)"}},
        ],
    }).classes("w-full h-96").mark("cluster-chart")  # fmt: skip


def rates_section(ctx: PageContext) -> None:
    with section("cl.rates").mark("rates"):
        rows = service.list_rates(ctx.session, actor=ctx.actor)
        data_table([t("cl.effective"), t("cl.rate"), t("cl.source")],
                   [(r.effective.isoformat(), f"{r.cny_per_hkd}", r.source) for r in rows],
                   empty_key="cl.no_rates")  # fmt: skip
        with ui.row().classes("items-center gap-3"):
            day = ui.input(t("cl.effective"), value=date.today().isoformat()).mark("rate-day")
            rate = ui.input(t("cl.rate")).mark("rate-value")
            source = ui.input(t("cl.source")).classes("w-96").mark("rate-source")

            def add() -> None:
                def work(s, a):  # type: ignore[no-untyped-def]
                    data = RateCreate.model_validate({"effective": day.value,
                        "cny_per_hkd": rate.value, "source": source.value or ""})  # fmt: skip
                    return service.add_rate(s, actor=a, data=data)

                run_then_reload(work, t("cl.add_rate"), type="positive")

            ui.button(t("cl.add_rate"), icon="add", on_click=add).mark("rate-add")


def import_section() -> None:
    with section("cl.import").mark("statistics-import"):
        ui.label(t("cl.import_hint")).classes("text-xs text-grey-7")
        year = ui.number(t("cl.year"), value=date.today().year - 1, format="%d").mark("import-year")

        async def uploaded(e: events.UploadEventArguments) -> None:
            content = await e.file.read()
            chosen = int(year.value or 0)
            limits = app_settings().limits
            got = run_action(lambda s, a: service.import_year(
                s, actor=a, year=chosen, content=content, limits=limits))  # fmt: skip
            if got is not None:
                notify_after_reload(t("cl.imported", rows=got.rows, firms=got.firms),
                                    type="positive")  # fmt: skip

        ui.upload(on_upload=uploaded, auto_upload=True).props("accept=.csv flat bordered").classes(
            "w-96"
        ).mark("statistics-upload")


def filing_form() -> None:
    with section("cl.file").mark("filing-form"):
        with ui.row().classes("items-center gap-3"):
            year = ui.number(t("cl.year"), value=date.today().year - 1, format="%d").mark(
                "filing-year"
            )
            segment = ui.select({s.value: t(f"segment.{s.value}") for s in Segment},
                                value=Segment.KEY_COMPONENTS.value, label=t("adm.segment"),
                                ).classes("w-56").mark("filing-segment")  # fmt: skip
            currency = ui.select(["CNY", "HKD"], value="CNY", label=t("cl.currency")).mark(
                "filing-currency"
            )
        with ui.row().classes("items-center gap-3"):
            output = ui.input(t("cl.output")).mark("filing-output")
            tax = ui.input(t("cl.tax"), value="0").mark("filing-tax")
            rd = ui.input(t("cl.rd"), value="0").mark("filing-rd")
            employees = ui.input(t("cl.employees"), value="0").mark("filing-employees")

        def file() -> None:
            def work(s, a):  # type: ignore[no-untyped-def]
                data = FilingCreate.model_validate({
                    "year": int(year.value or 0), "segment": segment.value,
                    "currency": currency.value, "output": (output.value or "").strip(),
                    "tax": (tax.value or "0").strip(), "rd_spending": (rd.value or "0").strip(),
                    "employees": (employees.value or "0").strip(),
                })  # fmt: skip
                return service.file_statistics(s, actor=a, data=data)

            run_then_reload(work, t("cl.filed"), type="positive")

        ui.button(t("cl.file"), icon="save", on_click=file).mark("filing-save")
