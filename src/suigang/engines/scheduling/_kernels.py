"""Compiled kernels shared by the solvers: timing, decoding and objective evaluation.

``F`` is the tuple of flat arrays built by :func:`pack` (indices below). All kernels are
``nogil`` so that several search threads run in parallel, and cached on disk so that the
compile cost is paid once per installation.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

from suigang.engines.scheduling._flat import Flat

# indices into the packed tuple F
OP_JOB, OP_INDEX, MODE_PTR, MODE_MACHINE, MODE_DUR = 0, 1, 2, 3, 4
PRED_PTR, PRED_IDX, SUCC_PTR, SUCC_IDX = 5, 6, 7, 8
OP_RELEASE, OP_FAMILY, SETUP_PTR, SETUP_K, SETUP_FLAT = 9, 10, 11, 12, 13
CAL_PTR, CAL_START, CAL_END, PIN_MODE, PIN_START = 14, 15, 16, 17, 18
JOB_DUE, JOB_WEIGHT, JOB_PRIORITY, WORK_LEFT, JOB_FIRST = 19, 20, 21, 22, 23


def pack(flat: Flat) -> tuple[Any, ...]:
    """The flat arrays as the homogeneous tuple the kernels take."""
    arrays = (
        flat.op_job,
        flat.op_index,
        flat.mode_ptr,
        flat.mode_machine,
        flat.mode_dur,
        flat.pred_ptr,
        flat.pred_idx,
        flat.succ_ptr,
        flat.succ_idx,
        flat.op_release,
        flat.op_family,
        flat.setup_ptr,
        flat.setup_k,
        flat.setup_flat,
        flat.cal_ptr,
        flat.cal_start,
        flat.cal_end,
        flat.pin_mode,
        flat.pin_start,
        flat.job_due,
        flat.job_weight,
        flat.job_priority,
        flat.work_left,
        flat.job_first,
    )
    return tuple(np.ascontiguousarray(a, dtype=np.int64) for a in arrays)


@njit(cache=True, nogil=True)
def rand_int(state: Any, n: int) -> Any:  # pragma: no cover - compiled
    """A deterministic PCG-style generator kept in a one-element uint64 array."""
    state[0] = state[0] * np.uint64(6364136223846793005) + np.uint64(1442695040888963407)
    return np.int64((state[0] >> np.uint64(33)) % np.uint64(n))


@njit(cache=True, nogil=True)
def setup_time(F: Any, m: int, fa: int, fb: int) -> Any:  # pragma: no cover - compiled
    k = F[SETUP_K][m]
    if fa < k and fb < k:
        return int(F[SETUP_FLAT][F[SETUP_PTR][m] + fa * k + fb])
    return 0


@njit(cache=True, nogil=True)
def fit(F: Any, m: int, t: int, dur: int) -> Any:  # pragma: no cover - compiled
    """Earliest time >= t at which [time, time + dur) overlaps no unavailable interval."""
    cs = F[CAL_START]
    ce = F[CAL_END]
    for c in range(F[CAL_PTR][m], F[CAL_PTR][m + 1]):
        if t < ce[c] and t + dur > cs[c]:
            t = ce[c]
    return t


@njit(cache=True, nogil=True)
def decode(
    F: Any,
    op_mode: Any,
    mprev: Any,
    mnext: Any,
    start: Any,
    end: Any,
    indeg: Any,
    stack: Any,
    order: Any,
) -> Any:  # pragma: no cover - compiled
    """Semi-active timing of a (mode, sequence) solution; False on a cycle or a pin clash."""
    n = op_mode.shape[0]
    pred_ptr = F[PRED_PTR]
    pred_idx = F[PRED_IDX]
    succ_ptr = F[SUCC_PTR]
    succ_idx = F[SUCC_IDX]
    fam = F[OP_FAMILY]
    top = 0
    for i in range(n):
        d = pred_ptr[i + 1] - pred_ptr[i]
        if mprev[i] >= 0:
            d += 1
        indeg[i] = d
        if d == 0:
            stack[top] = i
            top += 1
    done = 0
    while top > 0:
        top -= 1
        u = stack[top]
        order[done] = u
        done += 1
        k = op_mode[u]
        m = F[MODE_MACHINE][k]
        dur = F[MODE_DUR][k]
        t = F[OP_RELEASE][u]
        for q in range(pred_ptr[u], pred_ptr[u + 1]):
            e = end[pred_idx[q]]
            if e > t:
                t = e
        pv = mprev[u]
        if pv >= 0:
            e = end[pv] + setup_time(F, m, fam[pv], fam[u])
            if e > t:
                t = e
        if F[PIN_MODE][u] >= 0:
            if t > F[PIN_START][u]:
                return False
            t = F[PIN_START][u]
        else:
            t = fit(F, m, t, dur)
        start[u] = t
        end[u] = t + dur
        for q in range(succ_ptr[u], succ_ptr[u + 1]):
            s = succ_idx[q]
            indeg[s] -= 1
            if indeg[s] == 0:
                stack[top] = s
                top += 1
        nx = mnext[u]
        if nx >= 0:
            indeg[nx] -= 1
            if indeg[nx] == 0:
                stack[top] = nx
                top += 1
    return done == n


@njit(cache=True, nogil=True)
def evaluate(
    F: Any, codes: Any, op_mode: Any, mprev: Any, end: Any, jobc: Any, out: Any
) -> None:  # pragma: no cover - compiled
    """Objective vector of a timed solution into ``out`` (one entry per code)."""
    jf = F[JOB_FIRST]
    n_jobs = jf.shape[0] - 1
    for j in range(n_jobs):
        c = 0
        for o in range(jf[j], jf[j + 1]):
            if end[o] > c:
                c = end[o]
        jobc[j] = c
    for t in range(codes.shape[0]):
        code = codes[t]
        v = 0
        if code == 0:
            for j in range(n_jobs):
                if jobc[j] > v:
                    v = jobc[j]
        elif code == 1:
            for j in range(n_jobs):
                d = F[JOB_DUE][j]
                if d >= 0 and jobc[j] > d:
                    v += F[JOB_WEIGHT][j] * (jobc[j] - d)
        elif code == 2:
            first = True
            for j in range(n_jobs):
                d = F[JOB_DUE][j]
                if d >= 0:
                    late = jobc[j] - d
                    if first or late > v:
                        v = late
                        first = False
        else:
            fam = F[OP_FAMILY]
            for o in range(op_mode.shape[0]):
                pv = mprev[o]
                if pv >= 0:
                    v += setup_time(F, F[MODE_MACHINE][op_mode[o]], fam[pv], fam[o])
        out[t] = v


@njit(cache=True, nogil=True)
def lex_less(a: Any, b: Any) -> bool:  # pragma: no cover - compiled
    for i in range(a.shape[0]):
        if a[i] < b[i]:
            return True
        if a[i] > b[i]:
            return False
    return False


@njit(cache=True, nogil=True)
def relink(
    F: Any, op_mode: Any, mprev: Any, mnext: Any, mfirst: Any, mlast: Any
) -> None:  # pragma: no cover - compiled
    """Rebuild successor links and machine heads/tails from ``mprev``."""
    n = op_mode.shape[0]
    for m in range(mfirst.shape[0]):
        mfirst[m] = -1
        mlast[m] = -1
    for o in range(n):
        mnext[o] = -1
    for o in range(n):
        pv = mprev[o]
        if pv >= 0:
            mnext[pv] = o
        else:
            mfirst[F[MODE_MACHINE][op_mode[o]]] = o
    for o in range(n):
        if mnext[o] < 0:
            mlast[F[MODE_MACHINE][op_mode[o]]] = o
