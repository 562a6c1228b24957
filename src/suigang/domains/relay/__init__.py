"""The relay (接力赛): projects passing the baton between Hong Kong and the zone."""
