"""Long work (solves, training) behind one interface."""
