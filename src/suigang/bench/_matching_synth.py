"""Synthetic firm profiles for the speed benchmark: random trades written in random scripts.

Each profile names 3–6 processes, 1–3 materials, some products, perhaps a certification and a
place, in English, Simplified, Traditional (with Hong Kong trade words) or a mix, sometimes
with a sentence that rules a process out. Words come from the shipped term dictionary plus
filler, so profiles are about as long and as varied as real ones (60–250 characters).
"""

from __future__ import annotations

import random

from suigang.engines.matching import Profile, Term, shipped_terms

_FILLER_EN = (
    "Family-run since 1988.",
    "Quotes within 24 hours.",
    "Small orders welcome.",
    "Serving brands in Europe and North America.",
    "Our engineers speak English, Cantonese and Mandarin.",
    "Samples free of charge for qualified buyers.",
)
_FILLER_HANS = (
    "欢迎来图来样加工。",
    "二十年行业经验。",
    "交货准时，价格合理。",
    "工程师团队提供技术支持。",
)
_FILLER_HANT = (
    "歡迎來圖來樣加工。",
    "二十年行業經驗。",
    "價錢公道，準時交貨。",
    "香港團隊跟進訂單。",
)


def _pick(rng: random.Random, terms: list[Term], k: int) -> list[Term]:
    return rng.sample(terms, min(k, len(terms)))


def _word(rng: random.Random, term: Term, script: str) -> str:
    if script == "en":
        return rng.choice(term.english)
    if script == "hans":
        return rng.choice(term.simplified)
    return rng.choice(term.traditional + term.hong_kong)


def profile(rng: random.Random, n: int) -> Profile:
    terms = shipped_terms().terms
    by_kind: dict[str, list[Term]] = {}
    for t in terms:
        by_kind.setdefault(t.kind, []).append(t)
    script = rng.choice(("en", "hans", "hant", "mixed"))

    def w(t: Term) -> str:
        return _word(rng, t, rng.choice(("en", "hans", "hant")) if script == "mixed" else script)

    procs = [w(t) for t in _pick(rng, by_kind["process"] + by_kind["service"], rng.randint(3, 6))]
    mats = [w(t) for t in _pick(rng, by_kind["material"], rng.randint(1, 3))]
    prods = [w(t) for t in _pick(rng, by_kind["product"] + by_kind["industry"], rng.randint(1, 3))]
    cert = w(rng.choice(by_kind["certification"])) if rng.random() < 0.5 else ""
    place = w(rng.choice(by_kind["place"]))
    banned = w(rng.choice(by_kind["process"])) if rng.random() < 0.2 else ""
    if script == "en":
        parts = [
            f"We offer {', '.join(procs[:-1])} and {procs[-1]}",
            f"for {' and '.join(prods)}.",
            f"Materials: {', '.join(mats)}.",
        ]
        if cert:
            parts.append(f"{cert} certified.")
        parts.append(f"Located in {place}.")
        if banned:
            parts.append(f"We do not do {banned}.")
        parts.append(rng.choice(_FILLER_EN))
    else:
        sep = "，" if script != "mixed" else ", "
        made, located = ("產品", "位於") if script == "hant" else ("产品", "位于")
        parts = [
            f"{'、'.join(procs)}{sep}{made}：{'、'.join(prods)}。",
            f"材料：{'、'.join(mats)}。",
        ]
        if cert:
            parts.append(f"{cert}。")
        parts.append(f"{located}{place}。")
        if banned:
            parts.append(f"不做{banned}。" if script != "hant" else f"唔做{banned}。")
        parts.append(rng.choice(_FILLER_HANT if script == "hant" else _FILLER_HANS))
    return Profile(id=f"s{n:06d}", text=" ".join(parts), name=f"Synthetic firm {n}")


def profiles(count: int, *, seed: int = 17) -> list[Profile]:
    rng = random.Random(seed)
    return [profile(rng, n) for n in range(count)]
