"""Text in any script to comparable units: folding, Chinese words and bigrams, English stems.

Every text goes through the same steps on both sides (profiles and queries):

1. NFKC (full-width letters and digits become ASCII), lower case, curly apostrophes straight.
2. Traditional Chinese (Hong Kong forms included) folded to Simplified with OpenCC's
   ``hk2s`` conversion. Pure-Python OpenCC costs about 2 µs a character, so a text with no
   character that any conversion entry changes is returned as is, and converted clauses are
   cached.
3. Chinese runs are segmented by jieba (with the term dictionary's Chinese forms as user
   words) and cut into character bigrams, so that an unknown compound still matches.
4. Latin words are spelled the American way (mould → mold, aluminium → aluminum, -ise →
   -ize) and stemmed with the Snowball English stemmer (cached per word).

Offsets refer to the normalised text; the normalised text has the original's length whenever
NFKC and folding keep it (nearly always), so explanations can quote the original words.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN_RE = re.compile(
    rf"(?P<han>[{HAN}]+)|(?P<latin>[a-z]+(?:'[a-z]+)*)|(?P<num>\d+(?:\.\d+)?)"
    r"|(?P<stop>[,.;:!?()\[\]\n。，；：！？（）【】「」『』])|(?P<sep>[、/|&+*=<>~\"“”\-—_#@%$^{}\\])"
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})

# Kinds of token.
HAN_WORD, LATIN, NUMBER, CLAUSE_END, SEPARATOR = "h", "l", "n", "e", "s"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ENGLISH_STOP = _words(
    """a an the and or of for to in on at by with from as is are was were be been being it its
    we our us you your they their them this that these those i me my he she his her which who
    whom what when where how can could will would shall should may might must do does did done
    has have had having also very more most such than then there here into onto over under up
    down out about per via etc all any each other some both only own same so too just e g ie eg
    co ltd limited inc llc company companies corporation corp group firm firms factory factories
    manufacturer manufacturers supplier suppliers vendor vendors provider providers partner
    partners need needs needed looking seek seeking find want wanted please require required
    someone anyone"""
)
CHINESE_STOP = _words(
    """的 了 和 与 及 或 等 在 是 有 为 我 我们 本 本公司 公司 有限公司 有限 集团 一家 一个 位于
    可 可以 能 能够 提供 专业 从事 主要 各类 各种 以及 并 也 都 还 其 之 于 将 对 就 把 被 由 从
    以 所 这 那 个 家 们 及其 如 包括 欢迎 咨询 服务 我司 贵司 请 需要 要 找 寻找 做
    承接 加工厂 厂 厂家 工厂 厂商 供应商 有没有 有冇 搵 想 想找 求 边度 边间 唔该 唔知 不知道
    请问"""
)

NEGATION_EN = _words(
    "not no never without except excluding excluded unavailable nor neither cannot can't won't "
    "don't doesn't "
    "didn't isn't aren't wasn't haven't hasn't shouldn't wouldn't couldn't"
)
NEGATION_EN_EXCEPTIONS = _words(
    "only just merely limited matter more less later fewer sooner problem doubt sure exceeding "
    "exceed over above below under greater higher lower beyond"
)
NEGATION_ZH = _words(
    """不 没 没有 无 未 勿 非 别 莫 不做 不接 不提供 不承接 不会 不能 不可 不再 暂不 并不 从不 无法
    未能 唔 冇 唔做 唔接 冇做 不包括 不含 除 除了 不要 不需要 不用 拒绝 排除 不设 不涉及
    无需 毋须 除外 不行 唔得 不予 暂停"""
)
SCOPE_END_EN = _words(
    "but however only instead that which who where while although though whereas yet rather "
    "so we our they it"
)
SCOPE_END_ZH = _words(
    """的 但 但是 只 只做 仅 仅做 而 而是 可 可以 能 专注 专注于 主要 外 以外 之外 欢迎 另 另外 亦
    我们 本厂 本司 我司 就"""
)
# After a cue, words that say nothing of what is denied: when only these follow ("plating is
# not offered", 「电镀不做」), the negation covers the words before the cue in its clause.
AFTER_CUE_EN = _words(
    """do does did doing offer offered offering provide provided providing available included
    supported support done accepted possible handled undertaken be is are currently at present
    yet any more anymore here either house inhouse internally ourselves"""
)
AFTER_CUE_ZH = _words("做 接 提供 承接 加工 包括 考虑 处理 在内 了 啦 喔 呀 嘅 的 行 得 到 住 哦")
_AFTER_CUE = AFTER_CUE_EN | AFTER_CUE_ZH | ENGLISH_STOP | CHINESE_STOP
BACK_STOP = _words(
    """但 但是 只 只做 仅 而 而是 可以 可 能 专注 主要 另外 but however only while although
    whereas"""
)
_BREAKS = frozenset('、|=<>~"“”#@%$^{}\\')  # separators that end a dictionary form
SCOPE_TOKENS = 8  # a negation covers at most this many words after its cue

# British spellings (and the other variants the trade writes) to the American stem base.
_SPELLING = {
    "mould": "mold",
    "moulds": "molds",
    "moulded": "molded",
    "moulding": "molding",
    "mouldings": "moldings",
    "aluminium": "aluminum",
    "colour": "color",
    "colours": "colors",
    "centre": "center",
    "centres": "centers",
    "fibre": "fiber",
    "fibres": "fibers",
    "metre": "meter",
    "metres": "meters",
    "litre": "liter",
    "litres": "liters",
    "calibre": "caliber",
    "grey": "gray",
    "tyre": "tire",
    "tyres": "tires",
    "programme": "program",
    "programmes": "programs",
    "catalogue": "catalog",
    "jewellery": "jewelry",
    "sulphur": "sulfur",
    "labelling": "labeling",
    "labelled": "labeled",
    "modelling": "modeling",
    "modelled": "modeled",
    "levelling": "leveling",
    "travelling": "traveling",
    "signalling": "signaling",
    "channelling": "channeling",
    "licence": "license",
    "licences": "licenses",
    "defence": "defense",
    "behaviour": "behavior",
    "favour": "favor",
    "labour": "labor",
    "harbour": "harbor",
    "vapour": "vapor",
    "analyse": "analyze",
    "analysed": "analyzed",
    "analyser": "analyzer",
    "analysers": "analyzers",
    "analysing": "analyzing",
    "tonne": "ton",
    "tonnes": "tons",
    "storey": "story",
    "plough": "plow",
    "cheque": "check",
    "draught": "draft",
    "kerb": "curb",
}
# Words whose Snowball stem would collide with another trade word: "plating" is not "plate"
# (a sheet), "moulding" (the process) not "mould" (the tool), "turning" not "turn".
_STEM_EXCEPTIONS = {
    "plating": "plating",
    "plated": "plating",
    "platings": "plating",
    "molding": "molding",
    "moldings": "molding",
    "molded": "molding",
    "turning": "turning",
    "turned": "turning",
    "turnings": "turning",
    "fabrication": "fabrication",
    "fabricated": "fabrication",
    "fabricate": "fabrication",
    "fabricating": "fabrication",
    "fabricator": "fabrication",
    "fabricators": "fabrication",
    "housing": "housing",  # not "in-house"
    "housings": "housing",
}
_ISE_RE = re.compile(r"(?<=[a-z]{3})is(e|es|ed|ing|er|ers|ation|ations)$")


def _american(word: str) -> str:
    spelled = _SPELLING.get(word)
    if spelled is not None:
        return spelled
    # -ise/-isation → -ize/-ization; applied on both sides alike, so words that only
    # look British ("precise") fold the same way wherever they occur.
    return _ISE_RE.sub(r"iz\1", word)


_stemmer_lock = threading.Lock()
_stemmer: Any = None


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball English stem of a lower-case word, British spellings first made American."""
    global _stemmer
    with _stemmer_lock:
        if _stemmer is None:
            import snowballstemmer

            _stemmer = snowballstemmer.stemmer("english")
        base = _american(word.replace("'", ""))
        kept = _STEM_EXCEPTIONS.get(base)
        return kept if kept is not None else str(_stemmer.stemWord(base))


class _Folder:
    """OpenCC hk2s with a fast path for text that no conversion entry can change."""

    def __init__(self) -> None:
        import opencc

        self._cc = opencc.OpenCC("hk2s")
        triggers: set[str] = set()
        for group in self._cc._dict_chain_data:  # the loaded conversion dictionaries
            for _max_len, _min_len, mapping in group:
                for key, value in mapping.items():
                    # only characters an entry actually changes can make the output differ
                    target = value.split(" ")[0]
                    if len(target) != len(key):
                        triggers.update(key)
                    else:
                        triggers.update(k for k, v in zip(key, target, strict=True) if k != v)
        self.triggers = frozenset(triggers)
        self._lock = threading.Lock()

    def fold(self, text: str) -> str:
        if self.triggers.isdisjoint(text):
            return text
        return "".join(
            self._clause(part) if not self.triggers.isdisjoint(part) else part
            for part in re.split(r"([^" + HAN + r"]+)", text)
        )

    @lru_cache(maxsize=100_000)  # noqa: B019 - one folder lives for the process
    def _clause(self, part: str) -> str:
        with self._lock:
            return str(self._cc.convert(part))


_folder_lock = threading.Lock()
_folder: _Folder | None = None


def folder() -> _Folder:
    global _folder
    with _folder_lock:
        if _folder is None:
            _folder = _Folder()
        return _folder


def normalize(text: str) -> str:
    """NFKC, lower case, straight apostrophes, Traditional folded to Simplified."""
    plain = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    return folder().fold(plain)


# A token: (text, start, end, kind) in the normalised text. Plain tuples: a profile has a
# hundred of them and building 10,000 profiles' worth of objects would dominate indexing.
Token = tuple[str, int, int, str]


def token_key(tok: Token) -> str:
    """What a token is compared by: the stem of an English word, else the text itself."""
    return stem(tok[0]) if tok[3] == LATIN else tok[0]


def tokenize(norm: str, cut: Any) -> list[Token]:
    """Tokens of a normalised text; ``cut`` segments one run of Chinese characters."""
    tokens: list[Token] = []
    append = tokens.append
    for m in _TOKEN_RE.finditer(norm):
        kind = m.lastgroup
        start = m.start()
        if kind == "han":
            for word in cut(m.group()):
                end = start + len(word)
                append((word, start, end, HAN_WORD))
                start = end
        elif kind == "latin":
            append((m.group(), start, m.end(), LATIN))
        elif kind == "num":
            append((m.group(), start, m.end(), NUMBER))
        elif kind == "stop":
            append((m.group(), start, m.end(), CLAUSE_END))
        else:
            append((m.group(), start, m.end(), SEPARATOR))
    return tokens


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


def units(tokens: list[Token]) -> list[tuple[str, int, int]]:
    """The stream the term dictionary matches on: one unit per Chinese character, one per
    English stem or number; punctuation and list marks break it (an empty unit)."""
    out: list[tuple[str, int, int]] = []
    for text, start, end, kind in tokens:
        if kind == HAN_WORD:
            out.extend((ch, start + k, start + k + 1) for k, ch in enumerate(text))
        elif kind == LATIN:
            out.append((stem(text), start, end))
        elif kind == NUMBER:
            out.append((text, start, end))
        elif kind == CLAUSE_END or text in _BREAKS:
            out.append(("", start, end))
        # other separators ("die-cast", "OEM/ODM", "R&D") join the words around them
    return out


def form_units(norm: str) -> tuple[str, ...]:
    """The units of one dictionary form (no segmentation needed: characters and stems)."""
    out: list[str] = []
    for m in _TOKEN_RE.finditer(norm):
        kind = m.lastgroup
        if kind == "han":
            out.extend(m.group())
        elif kind == "latin":
            out.append(stem(m.group()))
        elif kind == "num":
            out.append(m.group())
    return tuple(out)


def han_runs(tokens: list[Token]) -> list[tuple[str, int]]:
    """Contiguous Chinese text (characters, start offset) rebuilt from the jieba words."""
    runs: list[tuple[str, int]] = []
    chars: list[str] = []
    start = -1
    last_end = -1
    for text, t_start, t_end, kind in tokens:
        if kind == HAN_WORD:
            if t_start != last_end and chars:
                runs.append(("".join(chars), start))
                chars = []
            if not chars:
                start = t_start
            chars.append(text)
            last_end = t_end
        elif chars:
            runs.append(("".join(chars), start))
            chars = []
    if chars:
        runs.append(("".join(chars), start))
    return runs
