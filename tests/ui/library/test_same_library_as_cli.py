"""The TUI and `reader list` load a library through the same core sequence
(``core.library.loader``), so they cannot disagree on which articles are versions of one story,
the English of translated articles included."""

from __future__ import annotations

import json
from pathlib import Path

from reader.core.articles.parsing import load_article
from reader.core.translation.cache import TranslationCache
from reader.ui.library.main_screen import MainScreen
from tests.cli.test_cli import run_reader
from tests.ui.conftest import settle

# One story in German and in English, with no names or numbers in common: only the English of the
# German (once it has been translated and remembered) tells that they are versions.
GERMAN = [
    "Die alte Brücke über den Fluss wird erneuert",
    "Die Stadtverwaltung hat beschlossen, die alte steinerne Brücke über den Fluss im kommenden "
    "Sommer vollständig zu erneuern, nachdem Gutachter schwere Schäden festgestellt hatten.",
    "Während der Bauarbeiten sollen Fußgänger und Radfahrer eine provisorische Holzbrücke "
    "benutzen, die etwas weiter flussabwärts errichtet wird.",
    "Autofahrer müssen dagegen mit langen Umwegen rechnen, weil die nächste Brücke für schwere "
    "Lastwagen nicht zugelassen ist und eng bleibt.",
    "Viele Anwohner begrüßen die Entscheidung, beklagen aber, dass die Verwaltung sie erst so spät "
    "über die geplanten Arbeiten informiert habe.",
]
ENGLISH = [
    "The old bridge over the river will be renewed",
    "The city administration has decided to completely renew the old stone bridge over the river "
    "next summer, after surveyors had found serious damage.",
    "During construction, pedestrians and cyclists are to use a temporary wooden bridge, which "
    "will be built a little further downstream.",
    "Drivers, on the other hand, must expect long detours, because the nearest bridge is not "
    "approved for heavy trucks and remains narrow.",
    "Many residents welcome the decision, but complain that the administration only informed "
    "them so late about the planned works.",
]


def cli_groups(folder: Path) -> set[frozenset[str]]:
    result = run_reader("list", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    groups: dict[str, set[str]] = {}
    for record in json.loads(result.stdout):
        if record.get("group"):
            groups.setdefault(record["group"], set()).add(Path(record["path"]).name)
    return {frozenset(members) for members in groups.values()}


async def test_the_tui_and_reader_list_group_the_same_versions(
    build_app, seeds: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    for seed in sorted(seeds.iterdir()):
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "bridge_de.txt").write_text("\n\n".join(GERMAN) + "\n", encoding="utf-8")
    (folder / "bridge_en.txt").write_text("\n\n".join(ENGLISH) + "\n", encoding="utf-8")
    bridge = frozenset({"bridge_de.txt", "bridge_en.txt"})
    assert bridge not in cli_groups(folder)  # names and numbers alone do not tell

    german = load_article(folder / "bridge_de.txt")
    assert not isinstance(german, Exception) and german.language == "de"
    cache = TranslationCache()  # the German translated, as the TUI remembers it
    cache.remember_article(german.id, "en", "\n\n".join(ENGLISH))
    cache.close()
    from_cli = cli_groups(folder)
    assert bridge in from_cli

    app = build_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        by_id = {article.id: article.path.name for article in screen.articles.values()}
        from_tui = {
            frozenset(by_id[member] for member in group.members)
            for group in screen.version_groups.values()
        }
    assert from_tui == from_cli
