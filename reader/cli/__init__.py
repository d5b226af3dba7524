"""The command line: ``reader PATH...`` starts the TUI, ``reader COMMAND`` runs one job and
prints its result (``main`` parses and dispatches; each command lives with its kin)."""
