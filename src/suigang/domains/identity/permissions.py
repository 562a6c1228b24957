"""Who may do what: one plain function, ``can``, shared by API, UI and CLI.

The rules below are the matrix in ``docs/permissions.md``; ``tests/domains/identity/
test_permission_matrix.py`` walks that document cell by cell against ``can``. Anything not
granted here is denied.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class Relation(StrEnum):
    """How a resource relates to the actor's enterprise."""

    NONE = "none"  # type-level actions such as create, and public reads
    OWN = "own"  # the actor's enterprise owns it
    ADDRESSED = "addressed"  # it is addressed to the actor's enterprise (an RFQ sent to a factory)
    OTHER = "other"  # neither


@dataclass(frozen=True, slots=True)
class Actor:
    """The authenticated caller: a user, or an enterprise's API key."""

    enterprise_id: uuid.UUID
    enterprise_kind: str
    role: str  # admin | member | zone_admin | api_key
    label: str  # e-mail or key name, for the audit log
    user_id: uuid.UUID | None = None
    language: str = "en"

    @property
    def key(self) -> str:
        """The matrix column of this actor, ``kind/role``."""
        return f"{self.enterprise_kind}/{self.role}"


class Addressable(Protocol):
    """What ``can`` needs to know of a resource."""

    @property
    def owner_enterprise_id(self) -> uuid.UUID: ...

    @property
    def addressed_enterprise_ids(self) -> Iterable[uuid.UUID]: ...


FS_ADMIN, FS_MEMBER = "front_shop/admin", "front_shop/member"
FA_ADMIN, FA_MEMBER, FA_KEY = "factory/admin", "factory/member", "factory/api_key"
RI_ADMIN, RI_MEMBER = "research_institute/admin", "research_institute/member"
SP_ADMIN, SP_MEMBER = "service_provider/admin", "service_provider/member"
ZONE = "zone_office/zone_admin"
FRONT_SHOP = frozenset({FS_ADMIN, FS_MEMBER})
FACTORY_USERS = frozenset({FA_ADMIN, FA_MEMBER})
INSTITUTE = frozenset({RI_ADMIN, RI_MEMBER})
SERVICES = frozenset({SP_ADMIN, SP_MEMBER})
ADMINS = frozenset({FS_ADMIN, FA_ADMIN, RI_ADMIN, SP_ADMIN, ZONE})
USERS = frozenset(
    {FS_ADMIN, FS_MEMBER, FA_ADMIN, FA_MEMBER, RI_ADMIN, RI_MEMBER, SP_ADMIN, SP_MEMBER, ZONE}
)
# the firms that run the relay and hold certifications: every kind but the zone office
RELAY = USERS - {ZONE}
RELAY_ADMINS = ADMINS - {ZONE}
ACTOR_KEYS = (
    FS_ADMIN,
    FS_MEMBER,
    FA_ADMIN,
    FA_MEMBER,
    FA_KEY,
    RI_ADMIN,
    RI_MEMBER,
    SP_ADMIN,
    SP_MEMBER,
    ZONE,
)


@dataclass(frozen=True, slots=True)
class Rule:
    """Which actors may do one action, for each relation to the resource."""

    none: frozenset[str] = field(default_factory=frozenset)
    own: frozenset[str] = field(default_factory=frozenset)
    addressed: frozenset[str] = field(default_factory=frozenset)
    other: frozenset[str] = field(default_factory=frozenset)

    def allows(self, actor_key: str, relation: Relation) -> bool:
        return actor_key in getattr(self, relation.value)


def _f(*keys: str | frozenset[str]) -> frozenset[str]:
    out: set[str] = set()
    for k in keys:
        out |= {k} if isinstance(k, str) else set(k)
    return frozenset(out)


RULES: dict[str, Rule] = {
    # enterprises are a public directory of the zone; each firm edits its own entry
    "enterprise:read": Rule(own=_f(USERS, FA_KEY), other=USERS),
    "enterprise:update": Rule(own=ADMINS),
    "enterprise:create": Rule(none=_f(ZONE)),
    "user:manage": Rule(own=ADMINS),
    "api_key:manage": Rule(own=_f(FS_ADMIN, FA_ADMIN)),
    "audit:read": Rule(own=ADMINS),
    # a factory's shop floor is its own; the zone office sees it only in aggregate
    "machine:read": Rule(own=_f(FACTORY_USERS, FA_KEY)),
    "machine:write": Rule(none=_f(FA_ADMIN), own=_f(FA_ADMIN)),
    "telemetry:write": Rule(own=_f(FA_ADMIN, FA_KEY)),
    "product:read": Rule(own=FACTORY_USERS),
    "product:write": Rule(none=FACTORY_USERS, own=FACTORY_USERS),
    # capabilities are published so that front shops can find factories
    "capability:read": Rule(own=_f(USERS, FA_KEY), other=USERS),
    "capability:write": Rule(own=_f(FA_ADMIN)),
    # RFQ: from a front shop to the factories it addresses
    "rfq:create": Rule(none=FRONT_SHOP),
    "rfq:read": Rule(own=FRONT_SHOP, addressed=FACTORY_USERS),
    "rfq:cancel": Rule(own=FRONT_SHOP),
    "rfq:decline": Rule(addressed=FACTORY_USERS),
    # a quote belongs to the factory and is addressed to the front shop that asked
    "quote:create": Rule(addressed=FACTORY_USERS),  # relation of the RFQ quoted
    "quote:read": Rule(own=FACTORY_USERS, addressed=FRONT_SHOP),
    "quote:accept": Rule(addressed=FRONT_SHOP),
    "quote:withdraw": Rule(own=FACTORY_USERS),
    # an order belongs to the buyer and is addressed to the factory that makes it
    "order:read": Rule(own=FRONT_SHOP, addressed=FACTORY_USERS),
    "order:cancel": Rule(own=FRONT_SHOP),
    "order:confirm_delivery": Rule(own=FRONT_SHOP),
    "order:advance": Rule(addressed=FACTORY_USERS),
    "work_order:read": Rule(own=_f(FACTORY_USERS, FA_KEY)),
    "work_order:update": Rule(own=FACTORY_USERS),
    # the shop floor and machines (through the factory's key) record actual start and finish
    "operation:record": Rule(own=_f(FACTORY_USERS, FA_KEY)),
    "zone:read": Rule(none=_f(ZONE)),
    # quality: a factory inspects its products; a lot's quality data is the factory's and is
    # addressed to the front shop that bought the lot (resource: the lot with its order)
    "inspection_plan:read": Rule(own=_f(FACTORY_USERS, FA_KEY)),
    "inspection_plan:write": Rule(none=FACTORY_USERS, own=FACTORY_USERS),
    "quality:read": Rule(own=_f(FACTORY_USERS, FA_KEY), addressed=FRONT_SHOP),
    "measurement:write": Rule(own=_f(FACTORY_USERS, FA_KEY)),
    "visual_inspection:write": Rule(own=_f(FACTORY_USERS, FA_KEY)),
    "visual_inspection:review": Rule(own=FACTORY_USERS),
    "quality_alarm:dispose": Rule(own=FACTORY_USERS),
    "certificate:read": Rule(own=FACTORY_USERS, addressed=FRONT_SHOP),
    # a factory's plans, calendars and setups are its own; customers see only their orders
    "plan:read": Rule(own=_f(FACTORY_USERS, FA_KEY)),
    "plan:write": Rule(own=FACTORY_USERS),
    # notifications and webhooks: each firm its own
    "notification:read": Rule(own=USERS),
    "webhook:manage": Rule(own=_f(FS_ADMIN, FA_ADMIN)),
    # relay: the baton holder owns a project and the other participants have it addressed
    # (every holder so far, firms a holder added, a firm offered the baton); the zone office
    # sees each project's leg, levels, dates and holders (its summary), never its evidence;
    # a handover is owned by the passing firm and addressed to the receiving one
    "relay_project:create": Rule(none=RELAY),
    "relay_project:read": Rule(own=RELAY, addressed=RELAY),
    "relay_project:summary": Rule(own=RELAY, addressed=RELAY, other=_f(ZONE)),
    "relay_project:update": Rule(own=RELAY),
    "relay_project:close": Rule(own=RELAY_ADMINS),
    "relay_evidence:write": Rule(own=RELAY, addressed=RELAY),
    "relay_handover:request": Rule(own=RELAY),
    "relay_handover:decide": Rule(addressed=RELAY_ADMINS),
    "relay_funnel:read": Rule(none=_f(ZONE)),
    # standards: everyone signed in looks standards up; the zone office keeps the crosswalk
    # and the product-requirement tables; a firm's admins keep its certifications
    "standards:read": Rule(none=USERS),
    "standards:import": Rule(none=_f(ZONE)),
    "certification:write": Rule(own=RELAY_ADMINS),
    # admission: a firm drafts and submits its own applications and reads their status and
    # reasons; the zone office reviews what was submitted (never a draft) and keeps the rules
    "admission:create": Rule(none=RELAY),
    "admission:read": Rule(own=RELAY),
    "admission:update": Rule(own=RELAY),
    "admission:submit": Rule(own=RELAY_ADMINS),
    "admission:review": Rule(none=_f(ZONE), other=_f(ZONE)),
    "admission_rules:read": Rule(none=USERS),
    "admission_rules:write": Rule(none=_f(ZONE)),
    # cluster statistics: a firm's admins file its yearly figures; the zone office imports a
    # year, keeps the HKD/CNY rates and reads the cluster's figures
    "statistics:file": Rule(own=RELAY_ADMINS),
    "statistics:read": Rule(own=RELAY),
    "statistics:import": Rule(none=_f(ZONE)),
    "rates:read": Rule(none=USERS),
    "rates:write": Rule(none=_f(ZONE)),
    "cluster:read": Rule(none=_f(ZONE)),
    # support schemes: a catalogue everyone reads and the zone office keeps
    "scheme:read": Rule(none=USERS),
    "scheme:write": Rule(none=_f(ZONE)),
    # alliance: every firm but the zone office has a profile; members' profiles are a
    # directory everyone signed in searches; a firm keeps its own profile, membership and
    # declared supply links (the other party of a link has it addressed); a firm sees its
    # direct partners, the zone office the chain by segment and its local-supplier gaps
    "alliance:search": Rule(none=USERS),
    "alliance_profile:read": Rule(own=RELAY, other=USERS),
    "alliance_profile:update": Rule(own=RELAY_ADMINS),
    "alliance_membership:write": Rule(own=RELAY_ADMINS),
    "supply_link:read": Rule(own=RELAY, addressed=RELAY),
    "supply_link:write": Rule(none=RELAY, own=RELAY),
    "alliance_chain:read": Rule(own=RELAY),
    "alliance_chain:zone": Rule(none=_f(ZONE)),
    # maturity: a firm assesses itself (its admins submit); the zone office imports the
    # licensed requirement texts and sees every firm's submitted level, never the answers
    "maturity:read": Rule(own=RELAY),
    "maturity:write": Rule(own=RELAY),
    "maturity:submit": Rule(own=RELAY_ADMINS),
    "maturity:levels": Rule(none=_f(ZONE)),
    "maturity:import": Rule(none=_f(ZONE)),
    # which non-public hosts webhooks may reach is the zone's call
    "webhook_host:manage": Rule(none=_f(ZONE)),
}


def relation_of(actor: Actor, resource: Addressable | None) -> Relation:
    """The relation of ``resource`` to the actor's enterprise."""
    if resource is None:
        return Relation.NONE
    if resource.owner_enterprise_id == actor.enterprise_id:
        return Relation.OWN
    if actor.enterprise_id in set(resource.addressed_enterprise_ids):
        return Relation.ADDRESSED
    return Relation.OTHER


def can(actor: Actor, permission: str, resource: Addressable | None = None) -> bool:
    """True when ``actor`` may do ``permission`` to ``resource`` (None: a type-level action)."""
    rule = RULES.get(permission)
    if rule is None:
        return False
    return rule.allows(actor.key, relation_of(actor, resource))
