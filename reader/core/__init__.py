"""The domain: everything reader does, with no terminal in sight. Never imports Textual.

The packages are the pipeline's stages, in order:

1. ``files``       paths -> the article files (``discovery``), their bytes (``reading``), their
                   text (``decoding``) and a cheap fingerprint of each (``stamps``).
2. ``articles``    text -> an ``Article`` (``model``): read by format (``formats``, ``html``),
                   site furniture set aside (``boilerplate``), title and paragraphs
                   (``parsing``); terminal-safe text (``visible``).
3. ``language``    which language an article and each of its paragraphs are in
                   (``detection``, ``articles``).
4. ``library``     a folder -> its articles: scanned (``scan``) by helper processes when big
                   (``helpers``), remembered between runs (``cache``, ``records``), and the
                   whole sequence as plain events (``loader``), used by the TUI and the CLI.
5. ``translation`` installed Argos packages (``models``, ``codes``), sentences
                   (``sentences``, ``stanza_folders``), the decoder seam (``decoder``), the
                   engine that batches and routes (``engine``), the cache (``cache``) and an
                   article's translation as it arrives and is remembered (``article``,
                   ``translator``).
6. ``versions``    which articles tell the same story, and how their paragraphs line up
                   (``profiles``, ``grouping``).
7. ``review``      post-editing: segments and changes (``segments``), the store
                   (``store``, ``realign``), checks, a review session, export formats.

Beside the stages: ``storage`` (one SQLite helper for every file reader keeps) and ``settings``
(paths, ``config.toml``, reading state).
"""
