"""Digital-maturity self-assessment: assessments, answers and proposals from real data."""
