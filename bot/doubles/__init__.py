"""Local stand-ins for outside services, kept as strict as the real ones: the shell and the
tests talk to them instead of the network."""
