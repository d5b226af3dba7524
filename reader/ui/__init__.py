"""The terminal interface (Textual): it shows what ``reader.core`` does and never does it itself.

Grouped by area: ``library`` (the main screen, the article list and its dialogs), ``reading``
(the reading and translation panes), ``compare`` (compare and versions side by side),
``review`` (the review screen and its dialogs), ``models`` (the models dialog), ``common``
(what every area uses: footer, titles, help, confirmation, colours, scrolling), plus the
command palette (``commands``), key bindings from ``config.toml`` (``keymap``) and the one
handler for worker errors (``worker_errors``). Workers post the events of ``reader.core``'s
sequences to their screen as messages defined beside the screen that shows them.
"""
