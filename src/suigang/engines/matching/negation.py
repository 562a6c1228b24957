"""Negation: which words a text rules out ("we do not do plating", 「不做电镀」, 「電鍍唔做」).

Works on the tokens of :mod:`suigang.engines.matching.text` and returns character spans of the
normalised text; what falls inside a span counts for nothing but "rules out".
"""

from __future__ import annotations

from suigang.engines.matching.text import (
    CHINESE_STOP,
    CLAUSE_END,
    ENGLISH_STOP,
    HAN_WORD,
    LATIN,
    SEPARATOR,
    Token,
    words,
)

SCOPE_TOKENS = 8  # a negation covers at most this many words after its cue
NEGATION_EN = words(
    "not no never without except excluding excluded unavailable nor neither cannot can't won't "
    "don't doesn't "
    "didn't isn't aren't wasn't haven't hasn't shouldn't wouldn't couldn't"
)
NEGATION_EN_EXCEPTIONS = words(
    "only just merely limited matter more less later fewer sooner problem doubt sure exceeding "
    "exceed over above below under greater higher lower beyond"
)
NEGATION_ZH = words(
    """不 没 没有 无 未 勿 非 别 莫 不做 不接 不提供 不承接 不会 不能 不可 不再 暂不 并不 从不 无法
    未能 唔 冇 唔做 唔接 冇做 不包括 不含 除 除了 不要 不需要 不用 拒绝 排除 不设 不涉及
    无需 毋须 除外 不行 唔得 不予 暂停"""
)
SCOPE_END_EN = words(
    "but however only instead that which who where while although though whereas yet rather "
    "so we our they it"
)
SCOPE_END_ZH = words(
    """的 但 但是 只 只做 仅 仅做 而 而是 可 可以 能 专注 专注于 主要 外 以外 之外 欢迎 另 另外 亦
    我们 本厂 本司 我司 就"""
)
# After a cue, words that say nothing of what is denied: when only these follow ("plating is
# not offered", 「电镀不做」), the negation covers the words before the cue in its clause.
AFTER_CUE_EN = words(
    """do does did doing offer offered offering provide provided providing available included
    supported support done accepted possible handled undertaken be is are currently at present
    yet any more anymore here either house inhouse internally ourselves"""
)
AFTER_CUE_ZH = words("做 接 提供 承接 加工 包括 考虑 处理 在内 了 啦 喔 呀 嘅 的 行 得 到 住 哦")
_AFTER_CUE = AFTER_CUE_EN | AFTER_CUE_ZH | ENGLISH_STOP | CHINESE_STOP
BACK_STOP = words(
    """但 但是 只 只做 仅 而 而是 可以 可 能 专注 主要 另外 but however only while although
    whereas"""
)


def negated_spans(tokens: list[Token]) -> list[tuple[int, int]]:
    """Character spans that a negation cue rules out ("we do not do plating", "不做电镀").

    A cue opens a scope that runs over the following words until the clause ends, a contrast
    or relative word comes ("but", "that", "但", "的", "只"), or ``SCOPE_TOKENS`` words have
    passed. An English comma keeps the scope open only inside a short list ("plating,
    painting or anodizing"); Chinese lists use 、 and stay in scope. When nothing but words
    like "offered", 做, 接 follows a cue ("plating is not offered", 「电镀、喷涂不做」), the
    negation covers the clause's words before it instead.
    """
    spans: list[tuple[int, int]] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        cue = (tok[3] == LATIN and tok[0] in NEGATION_EN) or (
            tok[3] == HAN_WORD and tok[0] in NEGATION_ZH
        )
        if not cue:
            i += 1
            continue
        if (
            tok[3] == LATIN
            and i + 1 < n
            and tokens[i + 1][3] == LATIN
            and tokens[i + 1][0] in NEGATION_EN_EXCEPTIONS
        ):
            i += 2
            continue
        j = i + 1
        words = 0
        end = tok[2]
        said_after = False  # did a word that names something follow the cue?
        while j < n and words < SCOPE_TOKENS:
            t = tokens[j]
            if t[3] == CLAUSE_END:
                if not (t[0] == "," and tok[3] == LATIN and _list_continues(tokens, j)):
                    break
            elif (t[3] == LATIN and t[0] in SCOPE_END_EN) or (
                t[3] == HAN_WORD and t[0] in SCOPE_END_ZH
            ):
                break
            elif t[3] != SEPARATOR:
                words += 1
                end = t[2]
                said_after = said_after or t[0] not in _AFTER_CUE
            j += 1
        if end > tok[2]:
            spans.append((tok[2], end))
        if not said_after:
            begin = _clause_start(tokens, i)
            if begin < tok[1]:
                spans.append((begin, tok[1]))
        i = j
    return spans


def _clause_start(tokens: list[Token], cue: int) -> int:
    """Where the words before a cue start, back to the clause mark or a contrast word."""
    begin = tokens[cue][1]
    words = 0
    k = cue - 1
    while k >= 0 and words < SCOPE_TOKENS:
        t = tokens[k]
        if t[3] == CLAUSE_END or t[0] in BACK_STOP:
            break
        if t[3] != SEPARATOR:
            words += 1
        begin = t[1]
        k -= 1
    return begin


def _list_continues(tokens: list[Token], comma: int) -> bool:
    """After an English comma in a negation: does a short list go on ("x, y or z")?"""
    for t in tokens[comma + 1 : comma + 6]:
        if t[3] == CLAUSE_END or (t[3] == LATIN and t[0] in SCOPE_END_EN):
            return False
        if t[3] == LATIN and t[0] in ("or", "nor", "and"):
            return True
    return False


def negation_mask(spans: list[tuple[int, int]], length: int) -> bytearray | None:
    """One byte per character of the text, 1 inside a negated span (None: nothing negated)."""
    if not spans:
        return None
    mask = bytearray(length)
    for a, b in spans:
        mask[a:b] = b"\x01" * (b - a)
    return mask
