"""Zone steering analytics: digital maturity, cluster figures, project admission, schemes.

Pure cores fed by plain values, so that a domain maps its database rows onto these
dataclasses and stores what comes back:

* :mod:`~suigang.engines.analytics.maturity` — GB/T 39116 self-assessment, GB/T 39117-style
  scoring (``score``, ``gaps``); the model, rules and weights are data;
* :mod:`~suigang.engines.analytics.cluster` — yearly cluster figures in CNY (HKD at a dated
  rate table), required and achieved growth, the projection to the 2035 target
  (``compute``);
* :mod:`~suigang.engines.analytics.admission` — admission indicators against a versioned
  indicator set (``score``, ``rank``, ``in_force``);
* :mod:`~suigang.engines.analytics.eligibility` — support schemes' criteria matched against a
  profile, an application or a project (``match``).

The verbs are re-exported here under names that say which core they belong to.
"""

from suigang.engines.analytics import admission, cluster, eligibility, maturity
from suigang.engines.analytics.admission import score as score_admission
from suigang.engines.analytics.cluster import compute as compute_cluster
from suigang.engines.analytics.eligibility import match as match_schemes
from suigang.engines.analytics.maturity import gaps as maturity_gaps
from suigang.engines.analytics.maturity import score as score_maturity

__all__ = [
    "admission",
    "cluster",
    "compute_cluster",
    "eligibility",
    "match_schemes",
    "maturity",
    "maturity_gaps",
    "score_admission",
    "score_maturity",
]
