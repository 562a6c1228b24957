"""Standards alignment (标准对接): the crosswalk and product requirements the zone office keeps,
look-ups both ways, and what a firm's product must meet."""
