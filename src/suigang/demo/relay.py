"""The demo zone's relay: thirteen projects across every leg, replayed through the relay's
use cases on the dates they happened, as each firm's admin.

Some batons have stalled, two are offered and waiting (one to the demo factory), one offer
was refused, one project was dropped and one completed. The harmonic-drive flexspline at
the demo factory claims MRL 8 with a real pilot lot: the factory's lot with SPC data, linked
with its Cpk (``seed_quality`` records it first). Evidence here is reviews and that link;
documents are uploaded by people on the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from suigang.demo.firms import ALL_FIRMS, DEMO_FACTORY
from suigang.domains.evidence.models import LinkKind
from suigang.domains.identity.models import User
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import actor_for_user
from suigang.domains.orders.models import Lot, Order
from suigang.domains.quality.models import Measurement
from suigang.domains.relay import service
from suigang.domains.relay.models import ProjectStatus, RelayProject
from suigang.domains.relay.schemas import LevelRef, RelayProjectCreate

# (days before the epoch, what happened): each step a tuple the replay below reads
Step = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class ProjectScript:
    title_en: str
    title_zh_hans: str
    title_zh_hant: str
    starter: str  # firm key
    leg: int
    start: int  # days from the epoch (negative: before)
    steps: tuple[Step, ...]
    description: str = ""


def _review(day: int, scale: str, level: int, title: str, note: str, *threads: str) -> Step:
    return ("review", day, scale, level, title, note, threads)


# fmt: off
SCRIPTS: tuple[ProjectScript, ...] = (
    ProjectScript(
        "Force-controlled polishing end-effector", "力控抛光末端执行器", "力控拋光末端執行器",
        "VRRI", 1, -70,
        (("claim", -40, "TRL", 2),
         _review(-40, "TRL", 2, "Concept review", "Contact-force model validated in simulation")),
        "Compliant end-effector keeping a constant polishing force on curved aluminium parts.",
    ),
    ProjectScript(
        "Event-camera weld seam tracking", "事件相机焊缝跟踪", "事件相機焊縫跟蹤", "VRRI", 1, -260,
        (("claim", -150, "TRL", 3), ("claim", -150, "MRL", 2),
         _review(-130, "TRL", 3, "Lab proof of concept", "Seam found at 2 kHz on steel coupons")),
    ),
    ProjectScript(
        "Micro-probe for bore metrology", "孔径测量微型测头", "孔徑測量微型測頭", "KIPM", 1, -50,
        (("claim", -20, "TRL", 3), ("claim", -20, "MRL", 3),
         _review(-15, "TRL", 3, "Calibration report review", "Repeatability 0.3 µm on gauge rings"),
         _review(-15, "MRL", 3, "Manufacturing concept", "Turned titanium stem", "B", "D"),
         ("offer", -3, "KYMD")),
    ),
    ProjectScript(
        "AI surface inspection of magnetic tiles", "磁瓦表面缺陷AI检测", "磁瓦表面缺陷AI檢測",
        "VRRI", 1, -320,
        (("claim", -260, "TRL", 3), ("claim", -260, "MRL", 3),
         _review(-250, "TRL", 3, "Model on good tiles", "Anomalies found on public tile images"),
         _review(-250, "MRL", 3, "Line concept", "Camera and lighting fit a conveyor"),
         ("pass", -240, "SGIL", -230),
         ("claim", -70, "TRL", 5), ("claim", -60, "MRL", 5),
         _review(-60, "TRL", 5, "Pilot cell trial", "Recall 0.96 on the joint laboratory's line")),
    ),
    ProjectScript(
        "Lightweight cobot joint housing", "轻量化协作机器人关节壳体", "輕量化協作機械人關節殼體",
        "KTR", 1, -300,
        (("claim", -265, "TRL", 3), ("claim", -265, "MRL", 3),
         _review(-260, "TRL", 3, "Topology study", "Mass -28 % at equal stiffness"),
         _review(-260, "MRL", 3, "Machinability review", "7075 with 5-axis finishing"),
         ("pass", -255, "PRAM", -250),
         ("claim", -70, "TRL", 6), ("claim", -70, "MRL", 6),
         _review(-60, "TRL", 6, "Prototype joint test", "20,000 cycles at rated torque"),
         _review(-60, "MRL", 6, "Relevant prototype", "Machined on zone equipment", "E", "H"),
         ("offer", -10, DEMO_FACTORY)),
    ),
    ProjectScript(
        "Porous titanium bone plate", "多孔钛合金接骨板", "多孔鈦合金接骨板", "KBM", 1, -330,
        (("claim", -295, "TRL", 3), ("claim", -295, "MRL", 3),
         _review(-290, "TRL", 3, "Biomechanics study", "Stiffness matched to cortical bone"),
         _review(-290, "MRL", 3, "Printability review", "Lattice printable in Ti-6Al-4V"),
         ("pass", -285, "HBAM", -280),
         ("claim", -200, "TRL", 5)),
    ),
    ProjectScript(
        "Harmonic-drive flexspline", "谐波减速器柔轮", "諧波減速器柔輪", "VRRI", 1, -330,
        (("claim", -305, "TRL", 3), ("claim", -305, "MRL", 3),
         _review(-300, "TRL", 3, "Tooth profile study", "Stress -15 % with the new profile"),
         _review(-300, "MRL", 3, "Manufacturing concept", "Turning, hobbing and heat treatment"),
         ("pass", -295, "PRAM", -290),
         ("claim", -155, "TRL", 6), ("claim", -155, "MRL", 6),
         _review(-150, "TRL", 6, "Prototype fatigue test", "10⁷ cycles without crack"),
         _review(-150, "MRL", 6, "Process trial", "Flexspline turned and hobbed on zone machines"),
         ("pass", -148, DEMO_FACTORY, -140),
         ("claim", -8, "TRL", 7), ("claim", -8, "MRL", 8),
         ("lot", -6, 8, ("E", "F")),
         _review(-5, "MRL", 8, "Pilot line review", "Pilot lots under SPC", "I")),
    ),
    ProjectScript(
        "Smart-lock sensor module", "智能门锁传感模组", "智能門鎖傳感模組", "TWS", 1, -280,
        (("claim", -262, "TRL", 3), ("claim", -262, "MRL", 3),
         _review(-260, "TRL", 3, "Sensor breadboard", "Hall sensor reads the bolt position"),
         _review(-260, "MRL", 3, "PCB concept", "Two-layer board, standard parts"),
         ("pass", -255, "SGIL", -245),
         ("claim", -125, "TRL", 6), ("claim", -125, "MRL", 6),
         _review(-120, "TRL", 6, "Field prototype", "Twenty doors in a Tsuen Wan estate"),
         _review(-120, "MRL", 6, "Pilot build", "Assembled on an SMT line"),
         ("pass", -118, "YPSS", -110),
         ("claim", -30, "TRL", 7), ("claim", -30, "MRL", 7)),
    ),
    ProjectScript(
        "Vision inspection station for molded parts", "注塑件视觉检测工作站",
        "注塑件視覺檢測工作站", "SGIL", 2, -330,
        (("claim", -255, "TRL", 6), ("claim", -255, "MRL", 6),
         _review(-250, "TRL", 6, "Prototype station", "Runs beside a 280 t press"),
         _review(-250, "MRL", 6, "Station build", "Frame, optics and PC from zone suppliers"),
         ("pass", -245, "PRMT", -240),
         ("claim", -145, "TRL", 7), ("claim", -145, "MRL", 8),
         _review(-140, "MRL", 8, "Pilot line review", "Two stations ran six weeks", "E", "F"),
         ("pass", -135, "XGIE", -120),
         ("claim", -40, "TRL", 8), ("claim", -40, "MRL", 9)),
    ),
    ProjectScript(
        "Collaborative gripper", "协作夹爪", "協作夾爪", "XGRS", 3, -320,
        (("claim", -255, "TRL", 7), ("claim", -255, "MRL", 8),
         _review(-250, "MRL", 8, "Pilot line review", "300 grippers built and tested"),
         ("pass", -245, "HPSM", -238),
         ("claim", -105, "TRL", 8), ("claim", -105, "MRL", 9),
         _review(-100, "TRL", 8, "Qualification", "Customer qualification passed"),
         _review(-100, "MRL", 9, "Low-rate production review", "Monthly 500 units at target cost"),
         ("pass", -95, "CTFA", -90)),
    ),
    ProjectScript(
        "Handheld spectrometer", "手持光谱仪", "手持光譜儀", "SGOE", 3, -300,
        (("claim", -262, "TRL", 7), ("claim", -262, "MRL", 8),
         _review(-260, "MRL", 8, "Pilot line review", "Optical bench yield 97 %"),
         ("pass", -255, "DSEA", -250),
         ("claim", -125, "TRL", 8), ("claim", -125, "MRL", 9),
         _review(-120, "TRL", 8, "Type test", "EMC and safety tests passed"),
         _review(-120, "MRL", 9, "Low-rate production review", "Three builds on takt"),
         ("pass", -118, "HTC", -112),
         ("complete", -30)),
    ),
    ProjectScript(
        "Graphene thermal pad", "石墨烯导热垫", "石墨烯導熱墊", "PRAM", 2, -280,
        (("claim", -230, "TRL", 4),
         ("drop", -150, "the pad missed its thermal-conductivity target")),
    ),
    ProjectScript(
        "Self-calibrating torque sensor", "自校准扭矩传感器", "自校準扭矩傳感器", "KIPM", 1, -240,
        (("claim", -205, "TRL", 3), ("claim", -205, "MRL", 3),
         _review(-200, "TRL", 3, "Bench calibration", "0.1 % full scale after self-calibration"),
         _review(-200, "MRL", 3, "Manufacturing concept", "Strain gauges on a machined flexure"),
         ("refused", -190, "YPSS", -185, "no capacity for sensor pilots this year"),
         ("pass", -180, "SGIL", -170),
         ("claim", -60, "TRL", 4)),
    ),
)
# fmt: on


def _actors(session: Session) -> dict[str, Actor]:
    """Each firm's admin, by firm key."""
    out = {}
    for spec in ALL_FIRMS:
        admin = next((u for u in spec.users if u.role.value in ("admin", "zone_admin")), None)
        user = session.scalar(select(User).where(User.email == admin.email)) if admin else None
        if user is not None:
            out[spec.key] = actor_for_user(user)
    return out


def pilot_lot(session: Session, factory: Actor) -> Lot | None:
    """The demo factory's first lot with measurements (its SPC data): the pilot lot."""
    return session.scalar(
        select(Lot)
        .join(Order, Order.id == Lot.order_id)
        .where(
            Order.factory_id == factory.enterprise_id,
            exists().where(Measurement.lot_id == Lot.id),
        )
        .order_by(Lot.number)
        .limit(1)
    )


def seed_relay(session: Session, *, epoch: datetime) -> int:
    """Replay every script; returns how many projects were started (0 without the firms)."""
    actors = _actors(session)
    if not all(s.starter in actors for s in SCRIPTS):
        return 0

    def at(day: int) -> datetime:
        return epoch + timedelta(days=day)

    ids = {key: a.enterprise_id for key, a in actors.items()}
    count = 0
    for script in SCRIPTS:
        project = service.create_project(
            session,
            actor=actors[script.starter],
            data=RelayProjectCreate(
                title_en=script.title_en, title_zh_hans=script.title_zh_hans,
                title_zh_hant=script.title_zh_hant, description=script.description,
                leg=script.leg,
            ),
            now=at(script.start),
        )  # fmt: skip
        count += 1
        holder = script.starter
        for step in script.steps:
            holder = _replay(session, project, step, holder, actors, ids, at)
    return count


def _replay(
    session: Session,
    project: RelayProject,
    step: Step,
    holder: str,
    actors: dict[str, Actor],
    ids: dict[str, Any],
    at: Callable[[int], datetime],
) -> str:
    """One step of a script; returns the firm holding the baton after it."""
    kind, day = step[0], int(step[1])
    me = actors[holder]
    if kind == "claim":
        service.claim_level(
            session, actor=me, project_id=project.id, scale=str(step[2]), level=int(step[3]),
            now=at(day),
        )  # fmt: skip
    elif kind == "review":
        _, _, scale, level, title, note, threads = step
        service.attach_review(
            session, actor=me, project_id=project.id,
            level=LevelRef(scale=str(scale), level=int(level), threads=list(threads)),
            title=str(title), note=str(note), now=at(day),
        )  # fmt: skip
    elif kind == "lot":
        lot = pilot_lot(session, me)
        if lot is not None:
            service.attach_link(
                session, actor=me, project_id=project.id,
                level=LevelRef(scale="MRL", level=int(step[2]), threads=list(step[3])),
                link_kind=LinkKind.LOT, ref=lot.id, title=f"Pilot lot {lot.number}",
                note="Capability of the pilot lot's characteristics (SPC)", now=at(day),
            )  # fmt: skip
    elif kind in ("pass", "offer", "refused"):
        receiver = str(step[2])
        offer = service.request_handover(
            session, actor=me, project_id=project.id,
            to_enterprise_id=ids[receiver],
            now=at(day),
        )  # fmt: skip
        if kind == "pass":
            service.accept_handover(
                session,
                actor=actors[receiver],
                handover_id=offer.id,
                now=at(int(step[3])),
            )
            return receiver
        if kind == "refused":
            service.refuse_handover(
                session, actor=actors[receiver], handover_id=offer.id, reason=str(step[4]),
                now=at(int(step[3])),
            )  # fmt: skip
    elif kind in ("drop", "complete"):
        service.close_project(
            session, actor=me, project_id=project.id,
            outcome=ProjectStatus.DROPPED if kind == "drop" else ProjectStatus.COMPLETED,
            reason=str(step[2]) if kind == "drop" else "", now=at(day),
        )  # fmt: skip
    else:  # a script of this module names a step it does not know
        raise RuntimeError(f"unknown relay demo step {kind!r}")
    return holder
