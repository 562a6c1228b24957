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


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ENGLISH_STOP = words(
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
CHINESE_STOP = words(
    """的 了 和 与 及 或 等 在 是 有 为 我 我们 本 本公司 公司 有限公司 有限 集团 一家 一个 位于
    可 可以 能 能够 提供 专业 从事 主要 各类 各种 以及 并 也 都 还 其 之 于 将 对 就 把 被 由 从
    以 所 这 那 个 家 们 及其 如 包括 欢迎 咨询 服务 我司 贵司 请 需要 要 找 寻找 做
    承接 加工厂 厂 厂家 工厂 厂商 供应商 有没有 有冇 揾 想 想找 求 边度 边间 唔该 唔知 不知道
    请问 同埋 同"""
)

_BREAKS = frozenset('、|=<>~"“”#@%$^{}\\')  # separators that end a dictionary form

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
    "customs": "customs",  # the border, not "custom" (made to order)
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
