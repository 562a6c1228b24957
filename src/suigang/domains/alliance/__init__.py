"""The industry alliance: firm profiles, partner search, supply links and the chain graph."""
