"""Stage 4, library: a folder -> its articles, with their languages, remembered between runs,
and the whole loading sequence as events (``loader``) for the TUI and the CLI alike."""
