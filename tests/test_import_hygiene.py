"""Domain code never imports Textual, and the app's first frame needs no translation stack."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import REPO


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_core_does_not_import_textual() -> None:
    output = run_python("""
        import pkgutil, importlib, sys
        import reader.core
        for module in pkgutil.walk_packages(reader.core.__path__, "reader.core."):
            importlib.import_module(module.name)
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich")))
    """)
    assert output == "[]"


def test_first_frame_without_heavy_imports() -> None:
    output = run_python("""
        import asyncio, sys
        from pathlib import Path
        from reader.app import make_app
        from reader.ui.library.article_list import ArticleList

        async def main():
            app = make_app([Path("seeds")])
            async with app.run_test(size=(120, 40)) as pilot:
                # Look the moment the list is on screen; translation may start after that.
                while app.screen.query(ArticleList).first().row_count < 5:
                    await pilot.pause(0.01)
                heavy = ("argostranslate", "torch", "ctranslate2", "stanza", "spacy")
                print(sorted(m for m in sys.modules if m.split(".")[0] in heavy))

        asyncio.run(main())
    """)
    assert output == "[]"


def test_routing_to_installed_models_loads_no_translation_library(german_model) -> None:  # type: ignore[no-untyped-def]
    # What re-opening a cached translation needs (the model's code and fingerprint) comes from
    # the package's files; argostranslate's package module (~80 ms) waits for a real load.
    output = run_python("""
        import sys
        from reader.core.translation.engine import TranslationEngine
        route = TranslationEngine().route("de", "en")
        print(route[0].code, sorted(m for m in sys.modules if m.startswith("argostranslate.p")))
    """)
    assert output == "translate-de_en []"
