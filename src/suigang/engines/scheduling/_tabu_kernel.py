"""Compiled tabu search on the critical path of a (mode, machine-sequence) solution.

Moves take a critical operation and re-insert it: inside its critical block (the N5/N7 family
for the job shop: swaps at block ends and insertions anywhere in the block) or on another
eligible machine near its current start time (machine reassignment for the flexible job
shop). Candidates are ranked by a head/tail estimate (Mastrolilli-Gambardella for
reassignment, Balas-Vazacopoulos for block moves); the best few are timed exactly by the
semi-active decoder, and the chosen move always is, so setups, calendars,
release dates and pins stay respected; a candidate that would create a cycle or move a pinned
operation is simply rejected. Tabu status is per operation; the aspiration criterion lets a
tabu move through when it beats the best solution.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from numba import njit

from suigang.engines.scheduling._kernels import (
    JOB_DUE,
    JOB_FIRST,
    JOB_WEIGHT,
    MODE_DUR,
    MODE_MACHINE,
    MODE_PTR,
    OP_FAMILY,
    OP_RELEASE,
    PIN_MODE,
    PRED_IDX,
    PRED_PTR,
    SUCC_IDX,
    SUCC_PTR,
    decode,
    evaluate,
    lex_less,
    rand_int,
    relink,
    setup_time,
)

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
U64 = npt.NDArray[np.uint64]


@njit(cache=True, nogil=True)
def _unlink(
    F: Any, u: int, op_mode: Any, mprev: Any, mnext: Any, mfirst: Any, mlast: Any
) -> None:  # pragma: no cover
    m = F[MODE_MACHINE][op_mode[u]]
    p = mprev[u]
    q = mnext[u]
    if p >= 0:
        mnext[p] = q
    else:
        mfirst[m] = q
    if q >= 0:
        mprev[q] = p
    else:
        mlast[m] = p
    mprev[u] = -1
    mnext[u] = -1


@njit(cache=True, nogil=True)
def _link(
    F: Any,
    u: int,
    k: int,
    after: int,
    op_mode: Any,
    mprev: Any,
    mnext: Any,
    mfirst: Any,
    mlast: Any,
) -> None:  # pragma: no cover
    op_mode[u] = k
    m = F[MODE_MACHINE][k]
    if after < 0:
        q = mfirst[m]
        mfirst[m] = u
    else:
        q = mnext[after]
        mnext[after] = u
    mprev[u] = after
    mnext[u] = q
    if q >= 0:
        mprev[q] = u
    else:
        mlast[m] = u


@njit(cache=True, nogil=True)
def _tie_break(jobc: Any) -> Any:  # pragma: no cover
    """Sum of job completions: among equal objective values, prefer more slack overall."""
    total = 0
    for j in range(jobc.shape[0]):
        total += jobc[j]
    return total


@njit(cache=True, nogil=True)
def _is_tabu(tabu_until: Any, u: int, after: int, it: int) -> Any:  # pragma: no cover
    if tabu_until.shape[1] == 1:
        return tabu_until[u, 0] > it
    return tabu_until[u, after + 1] > it


@njit(cache=True, nogil=True)
def _sink(F: Any, codes: Any, end: Any, jobc: Any) -> Any:  # pragma: no cover
    n = end.shape[0]
    best = 0
    for o in range(n):
        if end[o] > end[best]:
            best = o
    if codes[0] == 1 or codes[0] == 2:
        jf = F[JOB_FIRST]
        worst_j = -1
        worst = 0
        for j in range(jf.shape[0] - 1):
            d = F[JOB_DUE][j]
            if d >= 0 and jobc[j] > d:
                v = jobc[j] - d
                if codes[0] == 1:
                    v *= F[JOB_WEIGHT][j]
                if v > worst:
                    worst = v
                    worst_j = j
        if worst_j >= 0:
            best = jf[worst_j]
            for o in range(jf[worst_j], jf[worst_j + 1]):
                if end[o] > end[best]:
                    best = o
    return best


@njit(cache=True, nogil=True)
def _critical_path(
    F: Any, sink: int, op_mode: Any, mprev: Any, start: Any, end: Any, path: Any
) -> Any:  # pragma: no cover
    fam = F[OP_FAMILY]
    length = 0
    u = sink
    while u >= 0:
        path[length] = u
        length += 1
        if F[PIN_MODE][u] >= 0:
            break
        s = start[u]
        nxt = -1
        pv = mprev[u]
        if pv >= 0 and end[pv] + setup_time(F, F[MODE_MACHINE][op_mode[u]], fam[pv], fam[u]) == s:
            nxt = pv
        else:
            for q in range(F[PRED_PTR][u], F[PRED_PTR][u + 1]):
                p = F[PRED_IDX][q]
                if end[p] == s:
                    nxt = p
                    break
        u = nxt
    return length


@njit(cache=True, nogil=True)
def _add(
    cand: Any, count: int, cap: int, u: int, k: int, after: int, est: int, state: Any
) -> Any:  # pragma: no cover
    if count < cap:
        slot = count
    else:
        slot = rand_int(state, count + 1)
        if slot >= cap:
            return count + 1
    cand[slot, 0] = u
    cand[slot, 1] = k
    cand[slot, 2] = after
    cand[slot, 3] = est
    return count + 1


@njit(cache=True, nogil=True)
def _tails(F: Any, op_mode: Any, mnext: Any, order: Any, tail: Any) -> None:  # pragma: no cover
    """Longest path from each operation's end to the end of the schedule (setups included)."""
    n = op_mode.shape[0]
    fam = F[OP_FAMILY]
    for r in range(n - 1, -1, -1):
        u = order[r]
        t = 0
        for q in range(F[SUCC_PTR][u], F[SUCC_PTR][u + 1]):
            s = F[SUCC_IDX][q]
            v = F[MODE_DUR][op_mode[s]] + tail[s]
            if v > t:
                t = v
        nx = mnext[u]
        if nx >= 0:
            v = (
                setup_time(F, F[MODE_MACHINE][op_mode[u]], fam[u], fam[nx])
                + F[MODE_DUR][op_mode[nx]]
                + tail[nx]
            )
            if v > t:
                t = v
        tail[u] = t


@njit(cache=True, nogil=True)
def _estimate(
    F: Any, u: int, k: int, a: int, b: int, op_mode: Any, end: Any, tail: Any
) -> Any:  # pragma: no cover
    """Length of the longest path through u placed with mode k between a and b (approximate)."""
    fam = F[OP_FAMILY]
    m = F[MODE_MACHINE][k]
    r = F[OP_RELEASE][u]
    for q in range(F[PRED_PTR][u], F[PRED_PTR][u + 1]):
        e = end[F[PRED_IDX][q]]
        if e > r:
            r = e
    if a >= 0:
        e = end[a] + setup_time(F, m, fam[a], fam[u])
        if e > r:
            r = e
    t = 0
    for q in range(F[SUCC_PTR][u], F[SUCC_PTR][u + 1]):
        s = F[SUCC_IDX][q]
        v = F[MODE_DUR][op_mode[s]] + tail[s]
        if v > t:
            t = v
    if b >= 0:
        v = setup_time(F, m, fam[u], fam[b]) + F[MODE_DUR][op_mode[b]] + tail[b]
        if v > t:
            t = v
    return r + F[MODE_DUR][k] + t


@njit(cache=True, nogil=True)
def _estimate_intra(
    F: Any,
    u: int,
    after: int,
    later: bool,
    op_mode: Any,
    mprev: Any,
    mnext: Any,
    mfirst: Any,
    end: Any,
    tail: Any,
    seg: Any,
) -> Any:  # pragma: no cover
    """Longest path through the operations a move of u inside its machine re-orders.

    Heads are recomputed along the re-ordered segment from the unchanged operation before it,
    tails backwards from the unchanged operation after it (Balas-Vazacopoulos style); heads
    and tails of everything else are taken as they are.
    """
    fam = F[OP_FAMILY]
    dur = F[MODE_DUR]
    m = F[MODE_MACHINE][op_mode[u]]
    size = 0
    if later:
        pre = mprev[u]
        v = mnext[u]
        while v >= 0:
            seg[size] = v
            size += 1
            if v == after:
                break
            v = mnext[v]
        seg[size] = u
        size += 1
        post = mnext[after]
    else:
        pre = after
        seg[0] = u
        size = 1
        v = mnext[after] if after >= 0 else mfirst[m]
        while v >= 0 and v != u:
            seg[size] = v
            size += 1
            v = mnext[v]
        post = mnext[u]
    # heads along the new order
    prev = pre
    prev_end = end[pre] if pre >= 0 else 0
    best = 0
    for r in range(size):
        o = seg[r]
        h = F[OP_RELEASE][o]
        for q in range(F[PRED_PTR][o], F[PRED_PTR][o + 1]):
            e = end[F[PRED_IDX][q]]
            if e > h:
                h = e
        if prev >= 0:
            e = prev_end + setup_time(F, m, fam[prev], fam[o])
            if e > h:
                h = e
        tail_seg = h  # reuse seg slots after size for heads
        seg[size + r] = tail_seg
        prev = o
        prev_end = h + dur[op_mode[o]]
    # tails backwards, combining with the heads
    nxt = post
    nxt_q = tail[post] if post >= 0 else 0
    for r in range(size - 1, -1, -1):
        o = seg[r]
        q_o = 0
        for q in range(F[SUCC_PTR][o], F[SUCC_PTR][o + 1]):
            sx = F[SUCC_IDX][q]
            v2 = dur[op_mode[sx]] + tail[sx]
            if v2 > q_o:
                q_o = v2
        if nxt >= 0:
            v2 = setup_time(F, m, fam[o], fam[nxt]) + dur[op_mode[nxt]] + nxt_q
            if v2 > q_o:
                q_o = v2
        length = seg[size + r] + dur[op_mode[o]] + q_o
        if length > best:
            best = length
        nxt = o
        nxt_q = q_o
    return best


@njit(cache=True, nogil=True)
def _candidates(
    F: Any,
    path: Any,
    length: int,
    op_mode: Any,
    mprev: Any,
    mnext: Any,
    mfirst: Any,
    start: Any,
    end: Any,
    tail: Any,
    cand: Any,
    seq: Any,
    seg: Any,
    state: Any,
    window: int,
) -> Any:  # pragma: no cover
    cap = cand.shape[0]
    count = 0
    for i in range(length):
        u = path[i]
        if F[PIN_MODE][u] >= 0:
            continue
        ku = op_mode[u]
        # the critical block around u (path runs backwards in time)
        head = i
        while head + 1 < length and path[head + 1] == mprev[path[head]]:
            head += 1
        tl = i
        while tl - 1 >= 0 and path[tl - 1] == mnext[path[tl]]:
            tl -= 1
        first = head == i
        last = tl == i
        # N7: block ends move anywhere inside the block, inner operations to either end
        for j in range(i + 1, head + 1):
            if last or j == head:
                a = mprev[path[j]]
                est = _estimate_intra(F, u, a, False, op_mode, mprev, mnext, mfirst, end, tail, seg)
                count = _add(cand, count, cap, u, ku, a, est, state)
        for j in range(i - 1, tl - 1, -1):
            if first or j == tl:
                est = _estimate_intra(
                    F, u, path[j], True, op_mode, mprev, mnext, mfirst, end, tail, seg
                )
                count = _add(cand, count, cap, u, ku, path[j], est, state)
        # other machines, near the operation's current start
        for k in range(F[MODE_PTR][u], F[MODE_PTR][u + 1]):
            if k == ku:
                continue
            m = F[MODE_MACHINE][k]
            size = 0
            pos = -1
            v = mfirst[m]
            while v >= 0:
                if pos < 0 and start[v] >= start[u]:
                    pos = size
                seq[size] = v
                size += 1
                v = mnext[v]
            if pos < 0:
                pos = size
            for off in range(-window, window + 1):
                a = pos - 1 + off
                if a < -1 or a >= size:
                    continue
                b = seq[a + 1] if a + 1 < size else -1
                est = _estimate(F, u, k, seq[a] if a >= 0 else -1, b, op_mode, end, tail)
                count = _add(cand, count, cap, u, k, seq[a] if a >= 0 else -1, est, state)
    return min(count, cap)


class TabuSettings(NamedTuple):
    """How one call of ``tabu_run`` searches (numba takes a named tuple as one argument)."""

    n_iters: int  # iterations of this call
    max_stall: int  # iterations without improvement before a kick from the best
    tenure_min: int  # tabu tenure is drawn from tenure_min .. tenure_min + tenure_span
    tenure_span: int
    n_exact: int  # candidates timed exactly per iteration, best estimates first
    window: int  # positions either side of the start time tried on another machine
    kick_min: int  # a kick applies kick_min .. 2 * kick_min random moves


class TabuState(NamedTuple):
    """One chain's arrays, updated in place by ``tabu_run`` and kept between calls."""

    op_mode: I64  # current solution: each operation's mode
    mprev: I64  # ... and its predecessor on its machine (-1: first)
    mnext: I64  # successor on the machine (-1: last)
    mfirst: I64  # first operation of each machine
    mlast: I64  # last operation of each machine
    best_mode: I64  # best solution found
    best_prev: I64
    best_obj: I64  # its objective vector
    tabu_until: I32  # (operation, predecessor or 0) -> iteration until which it is tabu
    counters: I64  # global iteration, iterations since improvement, best since kick
    state: U64  # random generator state
    cand: I64  # candidate move buffer


@njit(cache=True, nogil=True)
def tabu_run(
    F: tuple[Any, ...], codes: I64, run: TabuSettings, chain: TabuState
) -> None:  # pragma: no cover
    """Run ``run.n_iters`` iterations from the chain's state, updating its best in place.

    ``counters`` holds [global iteration, iterations since the last improvement]; the state
    (current solution, tabu list, generator) persists across calls, so running k chunks of n
    iterations gives the same result as one run of k*n. Candidates are ranked by an estimate
    of the longest path through the operations they move and only the ``n_exact`` best
    admissible ones are timed exactly.
    """
    n_iters, max_stall = run.n_iters, run.max_stall
    tenure_min, tenure_span = run.tenure_min, run.tenure_span
    n_exact, window, kick_min = run.n_exact, run.window, run.kick_min
    op_mode, mprev, mnext = chain.op_mode, chain.mprev, chain.mnext
    mfirst, mlast = chain.mfirst, chain.mlast
    best_mode, best_prev, best_obj = chain.best_mode, chain.best_prev, chain.best_obj
    tabu_until, counters, state, cand = chain.tabu_until, chain.counters, chain.state, chain.cand
    n = op_mode.shape[0]
    t = codes.shape[0]
    start = np.empty(n, dtype=np.int64)
    end = np.empty(n, dtype=np.int64)
    indeg = np.empty(n, dtype=np.int64)
    stack = np.empty(n, dtype=np.int64)
    order = np.empty(n, dtype=np.int64)
    tail = np.empty(n, dtype=np.int64)
    path = np.empty(n, dtype=np.int64)
    seq = np.empty(n, dtype=np.int64)
    seg = np.empty(2 * n + 2, dtype=np.int64)
    jobc = np.empty(F[JOB_FIRST].shape[0] - 1, dtype=np.int64)
    obj = np.empty(t, dtype=np.int64)
    cur = np.empty(t, dtype=np.int64)
    chosen = np.empty(t, dtype=np.int64)
    chosen_tb = 0
    keys = np.empty(cand.shape[0], dtype=np.int64)
    for _ in range(n_iters):
        it = counters[0]
        counters[0] += 1
        kicking = counters[1] < 0  # a negative stall counter counts perturbation moves left
        if not decode(F, op_mode, mprev, mnext, start, end, indeg, stack, order):
            # cannot happen for states built here; recover from the best solution regardless
            for o in range(n):
                op_mode[o] = best_mode[o]
                mprev[o] = best_prev[o]
            relink(F, op_mode, mprev, mnext, mfirst, mlast)
            counters[1] = 0
            continue
        evaluate(F, codes, op_mode, mprev, end, jobc, cur)
        _tails(F, op_mode, mnext, order, tail)
        sink = _sink(F, codes, end, jobc)
        length = _critical_path(F, sink, op_mode, mprev, start, end, path)
        nc = _candidates(
            F,
            path,
            length,
            op_mode,
            mprev,
            mnext,
            mfirst,
            start,
            end,
            tail,
            cand,
            seq,
            seg,
            state,
            window,
        )
        pick = -1
        if kicking and nc > 0:
            # perturbation: first feasible move from a random offset
            off = rand_int(state, nc)
            for r in range(nc):
                c = (r + off) % nc
                u, k, after = cand[c, 0], cand[c, 1], cand[c, 2]
                old_k = op_mode[u]
                old_after = mprev[u]
                _unlink(F, u, op_mode, mprev, mnext, mfirst, mlast)
                _link(F, u, k, after, op_mode, mprev, mnext, mfirst, mlast)
                ok = decode(F, op_mode, mprev, mnext, start, end, indeg, stack, order)
                _unlink(F, u, op_mode, mprev, mnext, mfirst, mlast)
                _link(F, u, old_k, old_after, op_mode, mprev, mnext, mfirst, mlast)
                if ok:
                    pick = c
                    break
        else:
            for c in range(nc):
                keys[c] = cand[c, 3] * 64 + rand_int(state, 64)
            ranked = np.argsort(keys[:nc])
            exact = 0
            for r in range(nc):
                if exact >= n_exact:
                    break
                c = ranked[r]
                if _is_tabu(tabu_until, cand[c, 0], cand[c, 2], it) and not (
                    codes[0] == 0 and cand[c, 3] < best_obj[0]
                ):
                    continue
                exact += 1
                u, k, after = cand[c, 0], cand[c, 1], cand[c, 2]
                old_k = op_mode[u]
                old_after = mprev[u]
                _unlink(F, u, op_mode, mprev, mnext, mfirst, mlast)
                _link(F, u, k, after, op_mode, mprev, mnext, mfirst, mlast)
                ok = decode(F, op_mode, mprev, mnext, start, end, indeg, stack, order)
                tb = 0
                if ok:
                    evaluate(F, codes, op_mode, mprev, end, jobc, obj)
                    tb = _tie_break(jobc)
                _unlink(F, u, op_mode, mprev, mnext, mfirst, mlast)
                _link(F, u, old_k, old_after, op_mode, mprev, mnext, mfirst, mlast)
                if not ok:
                    continue
                if _is_tabu(tabu_until, u, after, it) and not lex_less(obj, best_obj):
                    continue
                if (
                    pick < 0
                    or lex_less(obj, chosen)
                    or (not lex_less(chosen, obj) and tb < chosen_tb)
                ):
                    pick = c
                    chosen_tb = tb
                    for q in range(t):
                        chosen[q] = obj[q]
        if pick >= 0:
            u, k, after = cand[pick, 0], cand[pick, 1], cand[pick, 2]
            old_prev = mprev[u]
            old_next = mnext[u]
            same = k == op_mode[u]
            later = False
            if same:
                v = old_next
                while v >= 0:
                    if v == after:
                        later = True
                        break
                    v = mnext[v]
            _unlink(F, u, op_mode, mprev, mnext, mfirst, mlast)
            _link(F, u, k, after, op_mode, mprev, mnext, mfirst, mlast)
            until = it + tenure_min + rand_int(state, tenure_span + 1)
            if tabu_until.shape[1] == 1:
                tabu_until[u, 0] = until
            else:
                # forbid u's way back and the partner's move that would restore the old arc
                tabu_until[u, old_prev + 1] = until
                if same and later and old_next >= 0:
                    tabu_until[old_next, u + 1] = until
                elif same and not later and old_prev >= 0:
                    tabu_until[old_prev, after + 1] = until
            decode(F, op_mode, mprev, mnext, start, end, indeg, stack, order)
            evaluate(F, codes, op_mode, mprev, end, jobc, cur)
        if kicking:
            counters[1] += 1
            continue
        cur_tb = _tie_break(jobc)
        if lex_less(cur, best_obj) or (not lex_less(best_obj, cur) and cur_tb < counters[2]):
            counters[2] = cur_tb
            for q in range(t):
                best_obj[q] = cur[q]
            for o in range(n):
                best_mode[o] = op_mode[o]
                best_prev[o] = mprev[o]
            counters[1] = 0
        else:
            counters[1] += 1
        if pick < 0 or counters[1] >= max_stall:
            # restart from the best solution with a few random moves
            for o in range(n):
                op_mode[o] = best_mode[o]
                mprev[o] = best_prev[o]
            relink(F, op_mode, mprev, mnext, mfirst, mlast)
            counters[1] = -(kick_min + rand_int(state, kick_min + 1))
