"""Features: each module holds one feature's entry points, parsing and help."""
