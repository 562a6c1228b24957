"""Compiled list scheduler: dispatching rules with insertion into machine gaps.

Pinned operations are placed first; every other operation goes, in the order the rule picks
among ready operations, into the earliest gap of the machine (over its modes) that respects
setups on both sides and the machine's unavailable intervals.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

from suigang.engines.scheduling._kernels import (
    JOB_DUE,
    JOB_PRIORITY,
    MODE_DUR,
    MODE_MACHINE,
    MODE_PTR,
    OP_FAMILY,
    OP_JOB,
    OP_RELEASE,
    PIN_MODE,
    PIN_START,
    PRED_PTR,
    SUCC_IDX,
    SUCC_PTR,
    WORK_LEFT,
    fit,
    rand_int,
    setup_time,
)

RULE_ECT = 0  # earliest completion time first
RULE_GT_MWKR = 1  # Giffler-Thompson conflict set, most work remaining first
RULE_GT_SLACK = 2  # Giffler-Thompson conflict set, least slack to the due date first
RULE_EST = 3  # earliest start, most work remaining on ties
N_RULES = 4


@njit(cache=True, nogil=True)
def dispatch(
    F: Any,
    n_machines: int,
    rule: int,
    noise: int,
    seed: int,
    op_mode: Any,
    start: Any,
    end: Any,
    mprev: Any,
) -> Any:  # pragma: no cover - compiled
    """Build a schedule; returns -1 on success or the id of a pinned op that cannot hold."""
    n = op_mode.shape[0]
    state = np.empty(1, dtype=np.uint64)
    state[0] = np.uint64(seed * 2654435761 + 12345)
    tl_next = np.full(n, -1, dtype=np.int64)
    tl_first = np.full(n_machines, -1, dtype=np.int64)
    avail = np.zeros(n_machines, dtype=np.int64)
    placed = np.zeros(n, dtype=np.bool_)
    est = F[OP_RELEASE].copy()
    indeg = np.empty(n, dtype=np.int64)
    ready = np.empty(n, dtype=np.int64)
    n_ready = 0
    mode_ptr = F[MODE_PTR]
    mm = F[MODE_MACHINE]
    md = F[MODE_DUR]
    fam = F[OP_FAMILY]
    # pinned operations occupy their slots before anything else is placed
    pins = np.where(F[PIN_MODE] >= 0)[0]
    order = np.argsort(F[PIN_START][pins])
    for q in range(order.shape[0]):
        u = pins[order[q]]
        k = F[PIN_MODE][u]
        m = mm[k]
        op_mode[u] = k
        start[u] = F[PIN_START][u]
        end[u] = start[u] + md[k]
        prev = -1
        cur = tl_first[m]
        while cur >= 0 and start[cur] <= start[u]:
            prev = cur
            cur = tl_next[cur]
        if prev < 0:
            tl_first[m] = u
        else:
            tl_next[prev] = u
        tl_next[u] = cur
        placed[u] = True
    for i in range(n):
        indeg[i] = F[PRED_PTR][i + 1] - F[PRED_PTR][i]
        if indeg[i] == 0:
            ready[n_ready] = i
            n_ready += 1
    for _step in range(n):
        # choose an operation among the ready ones
        pick = -1
        for r in range(n_ready):
            if placed[ready[r]]:
                pick = r
                break
        if pick < 0:
            best_ect = np.int64(2**62)
            best_est = np.int64(2**62)
            for r in range(n_ready):
                u = ready[r]
                for k in range(mode_ptr[u], mode_ptr[u + 1]):
                    s = max(est[u], avail[mm[k]])
                    if s + md[k] < best_ect:
                        best_ect = s + md[k]
                    if s < best_est:
                        best_est = s
            best_key = np.int64(2**62)
            for r in range(n_ready):
                u = ready[r]
                s_min = np.int64(2**62)
                c_min = np.int64(2**62)
                for k in range(mode_ptr[u], mode_ptr[u + 1]):
                    s = max(est[u], avail[mm[k]])
                    if s < s_min:
                        s_min = s
                    if s + md[k] < c_min:
                        c_min = s + md[k]
                if rule == RULE_ECT:
                    key = c_min * 4096 - min(F[WORK_LEFT][u], 4095)
                elif rule == RULE_GT_MWKR:
                    if s_min >= best_ect:
                        continue
                    key = -F[WORK_LEFT][u] * 64 - min(F[JOB_PRIORITY][F[OP_JOB][u]], 63)
                elif rule == RULE_GT_SLACK:
                    if s_min >= best_ect:
                        continue
                    due = F[JOB_DUE][F[OP_JOB][u]]
                    slack = (due if due >= 0 else 2**40) - s_min - F[WORK_LEFT][u]
                    key = slack
                else:
                    key = s_min * 4096 - min(F[WORK_LEFT][u], 4095)
                if noise > 0:
                    key = key * 1024 + rand_int(state, noise)
                if key < best_key:
                    best_key = key
                    pick = r
            if pick < 0:
                pick = 0
        u = ready[pick]
        n_ready -= 1
        ready[pick] = ready[n_ready]
        if placed[u]:
            if est[u] > start[u]:
                return u
        else:
            best_c = np.int64(2**62)
            best_k = -1
            best_t = 0
            best_prev = -1
            for k in range(mode_ptr[u], mode_ptr[u + 1]):
                m = mm[k]
                d = md[k]
                prev = -1
                cur = tl_first[m]
                while True:
                    lo = est[u]
                    if prev >= 0:
                        lo = max(lo, end[prev] + setup_time(F, m, fam[prev], fam[u]))
                    t = fit(F, m, lo, d)
                    # strict t < start[cur]: a zero-length op never goes before one
                    # starting at the same instant (it may be that op's successor)
                    if cur < 0 or (
                        t < start[cur] and t + d + setup_time(F, m, fam[u], fam[cur]) <= start[cur]
                    ):
                        break
                    prev = cur
                    cur = tl_next[cur]
                if t + d < best_c or (t + d == best_c and d < md[best_k]):
                    best_c = t + d
                    best_k = k
                    best_t = t
                    best_prev = prev
            m = mm[best_k]
            op_mode[u] = best_k
            start[u] = best_t
            end[u] = best_c
            if best_prev < 0:
                tl_next[u] = tl_first[m]
                tl_first[m] = u
            else:
                tl_next[u] = tl_next[best_prev]
                tl_next[best_prev] = u
            if best_c > avail[m]:
                avail[m] = best_c
            placed[u] = True
        for q in range(F[SUCC_PTR][u], F[SUCC_PTR][u + 1]):
            s = F[SUCC_IDX][q]
            if end[u] > est[s]:
                est[s] = end[u]
            indeg[s] -= 1
            if indeg[s] == 0:
                ready[n_ready] = s
                n_ready += 1
    for m in range(n_machines):
        prev = -1
        cur = tl_first[m]
        while cur >= 0:
            mprev[cur] = prev
            prev = cur
            cur = tl_next[cur]
    return -1
