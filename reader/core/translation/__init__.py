"""Offline translation with installed Argos Translate packages: discovery and installation
(``models``), sentence splitting (``sentences``), CTranslate2 decoding (``engine``) and the
persistent cache (``cache``). Heavy imports (ctranslate2, stanza, torch) happen inside functions,
so importing this package costs nothing."""
