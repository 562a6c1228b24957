"""``/admin``: a firm's administrator disables and re-enables its users and revokes its API
keys (the same use cases as ``/api/v1/users`` and ``/api/v1/api-keys``)."""

from __future__ import annotations

import uuid

from nicegui import ui
from sqlalchemy.orm import Session

from suigang.domains.common import owned_by
from suigang.domains.identity import admin
from suigang.domains.identity.models import ApiKey, EnterpriseKind, User
from suigang.domains.identity.permissions import Actor, can
from suigang.ui.context import PageContext, fmt_datetime, run_action
from suigang.ui.frame import add_navigation, notify_after_reload, run_then_reload, section
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import add_labels, t

add_labels(
    {
        "page.admin": ("用户与密钥", "用戶與密鑰", "Users and keys"),
        "nav.admin": ("用户与密钥", "用戶與密鑰", "Users and keys"),
        "admin.users": ("本企业用户", "本企業用戶", "Users of your firm"),
        "admin.keys": ("API 密钥", "API 密鑰", "API keys"),
        "admin.no_keys": ("暂无 API 密钥", "暫無 API 密鑰", "No API keys yet"),
        "admin.active": ("已启用", "已啟用", "active"),
        "admin.disabled": ("已停用", "已停用", "disabled"),
        "admin.revoked": ("已吊销 {at}", "已吊銷 {at}", "revoked {at}"),
        "admin.disable": ("停用", "停用", "Disable"),
        "admin.enable": ("启用", "啟用", "Enable"),
        "admin.revoke": ("吊销", "吊銷", "Revoke"),
        "admin.user_disabled": ("已停用 {email}", "已停用 {email}", "{email} is disabled"),
        "admin.user_enabled": ("已启用 {email}", "已啟用 {email}", "{email} is enabled"),
        "admin.key_revoked": ("已吊销密钥 {name}", "已吊銷密鑰 {name}", "Key {name} is revoked"),
        "admin.you": ("（你自己）", "（你自己）", "(you)"),
    }
)
for _kind in (EnterpriseKind.FRONT_SHOP, EnterpriseKind.FACTORY, EnterpriseKind.ZONE_OFFICE):
    add_navigation(_kind, "/admin", "nav.admin", "admin_panel_settings")


def _user_row(ctx: PageContext, user: User) -> None:
    with ui.row().classes("w-full items-center gap-4 border-b border-gray-200 py-1"):
        ui.label(user.email).classes("w-72").mark(f"user-{user.email}")
        ui.label(t(f"role.{user.role.value}")).classes("w-32 text-grey-8")
        ui.label(t("admin.active" if user.active else "admin.disabled")).classes(
            "w-24 " + ("text-green-8" if user.active else "text-red-8")
        ).mark(f"state-{user.email}")
        if user.id == ctx.user.id:
            ui.label(t("admin.you")).classes("text-grey-7")
            return
        flip = not user.active

        def change(user_id: uuid.UUID = user.id, email: str = user.email) -> None:
            def use_case(session: Session, actor: Actor) -> User:
                return admin.set_user_active(session, actor=actor, user_id=user_id, active=flip)

            if run_action(use_case) is not None:
                key = "admin.user_enabled" if flip else "admin.user_disabled"
                notify_after_reload(t(key, email=email), type="positive")

        ui.button(t("admin.enable" if flip else "admin.disable"), on_click=change).props(
            f"dense no-caps {'color=teal-8' if flip else 'color=red-8 outline'}"
        ).mark(f"toggle-{user.email}")


def _key_row(ctx: PageContext, key: ApiKey) -> None:
    with ui.row().classes("w-full items-center gap-4 border-b border-gray-200 py-1"):
        ui.label(key.name).classes("w-72").mark(f"key-{key.name}")
        ui.label(key.prefix).classes("w-32 font-mono text-grey-8")
        if key.revoked_at is not None:
            ui.label(t("admin.revoked", at=fmt_datetime(key.revoked_at, ctx.tz))).classes(
                "text-red-8"
            ).mark(f"revoked-{key.name}")
            return

        def revoke(key_id: uuid.UUID = key.id, name: str = key.name) -> None:
            def use_case(session: Session, actor: Actor) -> ApiKey:
                return admin.revoke_api_key(session, actor=actor, key_id=key_id)

            run_then_reload(use_case, t("admin.key_revoked", name=name), type="positive")

        ui.button(t("admin.revoke"), on_click=revoke).props(
            "dense no-caps color=red-8 outline"
        ).mark(f"revoke-{key.name}")


def register() -> None:
    @guarded_page("/admin", title="page.admin", permission="user:manage")
    def admin_page(ctx: PageContext) -> None:
        with section("admin.users"):
            for user in admin.list_users(ctx.session, actor=ctx.actor):
                _user_row(ctx, user)
        if can(ctx.actor, "api_key:manage", owned_by(ctx.actor.enterprise_id)):
            with section("admin.keys"):
                keys = admin.list_api_keys(ctx.session, actor=ctx.actor)
                if not keys:
                    ui.label(t("admin.no_keys")).classes("text-grey-7 italic")
                for key in keys:
                    _key_row(ctx, key)
