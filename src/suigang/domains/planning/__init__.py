"""Planning: factory calendars and setups, schedule versions, capable-to-promise, repair after
disruptions, and telling the front shop when its order's forecast slips."""
