"""Zone steering analytics: digital maturity, cluster figures, project admission, schemes.

Pure cores fed by plain values (a domain maps its database rows onto these dataclasses):

* :mod:`~suigang.engines.analytics.maturity` — GB/T 39116 self-assessment scoring;
"""
