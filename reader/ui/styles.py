"""Where the Textual CSS lives: ``reader/styles`` in an installed wheel (hatchling force-include),
``styles/`` at the repository root in a checkout or editable install."""

from __future__ import annotations

from pathlib import Path

STYLE_FILES = (
    "app.tcss",
    "article_list.tcss",
    "document_view.tcss",
    "parallel_view.tcss",
    "dialogs.tcss",
)


def styles_dir() -> Path:
    package_dir = Path(__file__).resolve().parent.parent  # reader/
    for candidate in (package_dir / "styles", package_dir.parent / "styles"):
        if (candidate / STYLE_FILES[0]).is_file():
            return candidate
    raise FileNotFoundError(
        f"reader's styles are missing (looked in {package_dir}/styles and "
        f"{package_dir.parent}/styles); reinstall reader"
    )


def style_paths() -> list[Path]:
    folder = styles_dir()
    return [folder / name for name in STYLE_FILES]
