"""Stage 5, translation: installed Argos Translate packages (``models``, ``codes``), sentence
splitting (``sentences``, ``stanza_folders``), the decoder seam and CTranslate2 (``decoder``),
the engine that routes and batches (``engine``), the persistent cache (``cache``), and one
article's translation as it arrives and is remembered (``article``, ``translator``). Heavy
imports (ctranslate2, stanza, torch) happen inside functions, so importing this package costs
nothing."""
