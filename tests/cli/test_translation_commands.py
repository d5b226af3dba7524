"""`reader translate`, `reader models` and `reader cache`, as a user runs them: subprocesses."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.cli.test_cli import run_reader
from tests.conftest import REPO, SEEDS, ModelFactory, seed


def _ctrl_c_as_in_a_terminal() -> None:
    # A command started in the background from a script inherits SIGINT ignored (shells do that
    # to background jobs), and Python then never raises KeyboardInterrupt: the tests would pass
    # or fail by how the suite was started. A program run from a terminal has it by default.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_reader(*args: str, start_new_session: bool = False) -> subprocess.Popen[str]:
    """``reader`` running in a process of its own, its output piped, Ctrl+C as in a terminal."""
    return subprocess.Popen(
        [sys.executable, "-m", "reader", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        start_new_session=start_new_session,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )


@pytest.fixture
def german_model(model_factory: ModelFactory, packages_dir: Path) -> Path:
    result = run_reader("models", "install", str(model_factory()))
    assert result.returncode == 0, result.stderr
    assert "Installed translate-de_en 1.0 (German → English)" in result.stdout
    return packages_dir


def test_models_list_json(german_model: Path) -> None:
    (german_model / "junk").mkdir()
    result = run_reader("models", "list", "--json")
    listing = json.loads(result.stdout)
    assert [(m["code"], m["from"], m["to"], m["version"]) for m in listing["models"]] == [
        ("translate-de_en", "de", "en", "1.0")
    ]
    assert listing["models"][0]["bundled_splitter"].startswith("none")
    # Nothing bundled is no failure: the built-in splitter is what it translates with.
    assert listing["models"][0]["sentence_splitter"] == "reader's built-in splitter (rule-based)"
    assert listing["models"][0]["splitter_ok"] is True
    assert listing["models"][0]["in_use"] is True
    assert listing["models"][0]["size_bytes"] > 0
    assert listing["broken"] == [{"path": str(german_model / "junk"), "error": "no metadata.json"}]


def test_translate_json(german_model: Path) -> None:
    result = run_reader("translate", str(seed("004")), "--json")
    assert result.returncode == 0, result.stderr
    paragraphs = json.loads(result.stdout)
    assert len(paragraphs) == 9  # the headline and the eight body paragraphs
    assert paragraphs[1]["source"].startswith("Nachdem Elon Musk diesen Monat")
    assert paragraphs[1]["translation"].startswith("After Elon Musk this month")
    assert {p["source_language"] for p in paragraphs} == {"de"}
    assert {p["model"] for p in paragraphs} == {"translate-de_en 1.0"}


def test_translate_without_a_model_explains(packages_dir: Path) -> None:
    result = run_reader("translate", str(seed("000")))
    assert result.returncode == 1
    assert "No id→en model is installed" in result.stderr
    assert "argospm install translate-id_en" in result.stderr
    assert "Traceback" not in result.stderr


def test_install_bad_file_fails_cleanly(tmp_path: Path, packages_dir: Path) -> None:
    bad = tmp_path / "bad.argosmodel"
    bad.write_text("not a zip")
    result = run_reader("models", "install", str(bad))
    assert result.returncode == 1 and "zip archives" in result.stderr
    assert list(packages_dir.iterdir()) == []


def test_remove_and_cache_clear(german_model: Path) -> None:
    run_reader("translate", str(seed("004")))
    info = run_reader("cache", "info")
    assert ": 9 paragraphs" in info.stdout
    cleared = run_reader("cache", "clear")
    assert cleared.stdout.startswith("Cleared 9 cached paragraph translations")
    removed = run_reader("models", "remove", "translate-de_en")
    assert removed.returncode == 0 and list(german_model.iterdir()) == []


NO_NETWORK = textwrap.dedent("""
    import sys
    attempts = []

    def audit(event, args):
        if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                     "urllib.Request"):
            attempts.append(event)

    sys.addaudithook(audit)
    from reader.cli.main import main
    code = main(sys.argv[1:])
    print(f"network attempts: {len(attempts)}", file=sys.stderr)
    sys.exit(code)
""")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["list", str(SEEDS), "--json"], "Warum Elon Musk"),
        (["show", str(seed("004")), "--json"], "Warum Elon Musk"),
        (["translate", str(seed("004")), "--json"], "After Elon Musk"),
    ],
)
def test_the_commands_make_no_network_attempt(
    german_model: Path, args: list[str], expected: str
) -> None:
    command = [sys.executable, "-c", NO_NETWORK, *args]
    if shutil.which("unshare") and subprocess.run(["unshare", "-rn", "true"]).returncode == 0:
        command = ["unshare", "-rn", *command]  # and no network to reach, should it try
    result = subprocess.run(
        command, capture_output=True, text=True, cwd=REPO, timeout=300, env=os.environ.copy()
    )
    assert result.returncode == 0, result.stderr
    assert "network attempts: 0" in result.stderr
    assert expected in result.stdout


def test_the_network_audit_would_see_an_attempt() -> None:
    # The control for the test above: the same hook counts a real lookup.
    code = NO_NETWORK.replace(
        "from reader.cli.main import main\ncode = main(sys.argv[1:])",
        "import socket\nsocket.getaddrinfo('localhost', 80)\ncode = 0",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert "network attempts: 1" in result.stderr


def test_export_cli_writes_files_translation_tools_read(german_model: Path, tmp_path: Path) -> None:
    from translate.storage import tmx, xliff2

    for fmt in ("tmx", "xliff", "md", "json"):
        out = tmp_path / f"story.{fmt}"
        result = run_reader("export", str(seed("004")), "--format", fmt, "-o", str(out))
        assert result.returncode == 0, result.stderr
    units = list(tmx.tmxfile((tmp_path / "story.tmx").read_bytes()).units)
    assert len(units) == 9 and units[1].target.startswith("After Elon Musk this month")
    parsed = xliff2.Xliff2File((tmp_path / "story.xliff").read_bytes())
    assert (parsed.getsourcelanguage(), parsed.gettargetlanguage()) == ("de", "en")
    assert json.loads((tmp_path / "story.json").read_text())[0]["segments"][0]["state"] == (
        "initial"
    )
    assert "> Nachdem Elon Musk" in (tmp_path / "story.md").read_text()


def test_a_published_layout_translates_with_no_network_attempt(tmp_path: Path) -> None:
    # An Opus-MT port with a stanza 1.1 folder: loading its splitter (adapted from stanza 1.1)
    # must not reach for the network either, as stanza does by default.
    from tests.conftest import GERMAN_TO_ENGLISH, GERMAN_WORDS
    from tests.support.argos_layouts import opus_mt_package

    archive = opus_mt_package(
        tmp_path, "de", "en", GERMAN_TO_ENGLISH, (GERMAN_WORDS,), stanza_text=GERMAN_WORDS
    )
    assert run_reader("models", "install", str(archive)).returncode == 0
    command = [sys.executable, "-c", NO_NETWORK, "translate", str(seed("004")), "--json"]
    if shutil.which("unshare") and subprocess.run(["unshare", "-rn", "true"]).returncode == 0:
        command = ["unshare", "-rn", *command]
    result = subprocess.run(
        command, capture_output=True, text=True, cwd=REPO, timeout=300, env=os.environ.copy()
    )
    assert result.returncode == 0, result.stderr
    assert "network attempts: 0" in result.stderr
    assert [p["status"] for p in json.loads(result.stdout)] == ["translated"] * 9


def test_an_unwritable_cache_never_stops_translation(
    german_model: Path, isolated_home: Path, monkeypatch
) -> None:
    # The cache directory's place is taken by a file: nothing can be cached there.
    blocker = isolated_home / "blocked"
    blocker.write_text("not a folder")
    monkeypatch.setenv("READER_CACHE_DIR", str(blocker / "cache"))
    result = run_reader("translate", str(seed("004")), "--json")
    assert result.returncode == 0, result.stderr
    assert [p["status"] for p in json.loads(result.stdout)] == ["translated"] * 9
    assert result.stderr.count("cannot be cached") == 1


def test_ctrl_c_ends_translation_with_130_and_one_line(german_model: Path, tmp_path: Path) -> None:

    long_article = tmp_path / "long.txt"
    story = seed("004").read_text(encoding="utf-8")
    long_article.write_text("\n\n".join([story] * 40), encoding="utf-8")
    # Its own process group, as a shell gives it: Ctrl+C reaches every process reader started.
    process = start_reader("translate", str(long_article), start_new_session=True)
    assert process.stdout is not None
    assert process.stdout.readline()  # translating: the first paragraph is out
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.strip() == "reader: interrupted", stderr


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("packages dir is a file", "a file, not a folder"),
        ("settings.json holds a list", "settings.json should contain a dictionary"),
        ("settings.json is cut short", None),  # argostranslate carries on with its defaults
    ],
)
def test_bad_argos_settings_give_one_line_and_clean_json(
    packages_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str, message
) -> None:
    config = tmp_path / "config"
    (config / "argos-translate").mkdir(parents=True)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    if setting == "packages dir is a file":
        blocker = tmp_path / "packages-file"
        blocker.write_text("")
        monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(blocker))
    else:
        text = "[]" if setting == "settings.json holds a list" else "{"
        (config / "argos-translate" / "settings.json").write_text(text)
    for command in (("models", "list", "--json"), ("translate", str(seed("004")), "--json")):
        result = run_reader(*command)
        assert "Traceback" not in result.stderr, result.stderr
        if message is None:
            json.loads(result.stdout)  # its complaint went to stderr, not into the JSON
            assert "settings.json" in result.stderr
        else:
            assert result.returncode == 2 and result.stdout == ""
            assert result.stderr.count("\n") == 1 and message in result.stderr


def library_of(tmp_path: Path, *names: str) -> Path:
    """A folder with the seeds ``names``, the second and later in a subfolder."""
    folder = tmp_path / "library"
    (folder / "more").mkdir(parents=True)
    for number, name in enumerate(names):
        shutil.copy(seed(name), folder if number == 0 else folder / "more")
    return folder


def test_translate_a_folder_fills_the_cache_the_tui_reads_and_resumes(
    german_model: Path, tmp_path: Path
) -> None:
    from reader.core.articles.parsing import load_article
    from reader.core.translation.cache import TranslationCache

    folder = library_of(tmp_path, "004", "000")  # German (a model), Indonesian (none)
    first = run_reader("translate", str(folder))
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].split()[:3] == ["translated", "de", "9/9"] and "004_" in lines[0]
    assert lines[1].split()[:2] == ["untranslated", "id"] and "000_" in lines[1]
    assert "No id→en model is installed" in lines[2]
    assert "reader: 2 article(s): 1 translated, 1 untranslated" in first.stderr
    german = load_article(seed("004"))
    assert not isinstance(german, Exception)
    cache = TranslationCache()  # the TUI's cache: it opens the article translated
    assert cache.has_article(german.id, "en")
    cache.close()

    again = run_reader("translate", str(folder), "--json")  # one record per line
    assert again.returncode == 0, again.stderr
    records = [json.loads(line) for line in again.stdout.splitlines()]
    assert [(r["status"], r["language"]) for r in records] == [
        ("remembered", "de"),
        ("untranslated", "id"),
    ]
    assert records[1]["problems"][0].startswith("No id→en model is installed")
    assert "1 untranslated, 1 remembered" in again.stderr


def test_ctrl_c_stops_a_folder_cleanly_and_the_next_run_goes_on(
    german_model: Path, tmp_path: Path
) -> None:

    folder = tmp_path / "library"
    folder.mkdir()
    text = seed("004").read_text(encoding="utf-8")
    for number in range(60):  # distinct texts: each its own article
        (folder / f"{number:02}.txt").write_text(f"{text}\n\nDas Haus {number}.\n", "utf-8")
    run = start_reader("translate", str(folder))
    assert run.stdout is not None
    first = run.stdout.readline()  # one article done: stop now, as Ctrl+C does
    run.send_signal(signal.SIGINT)
    rest, errors = run.communicate(timeout=60)
    assert run.returncode == 130, errors
    assert "Traceback" not in errors
    assert "reader: interrupted after" in errors and "of 60 article(s)" in errors
    done = 1 + len(rest.splitlines())
    assert first.startswith("translated") and done < 60
    again = run_reader("translate", str(folder))
    assert again.returncode == 0, again.stderr
    statuses = [line.split()[0] for line in again.stdout.splitlines()]
    assert statuses[:done] == ["remembered"] * done  # what was translated is kept
    assert statuses[done:] == ["translated"] * (60 - done)


def test_translate_options_are_checked(packages_dir: Path, tmp_path: Path) -> None:
    result = run_reader("translate", str(tmp_path), "--workers", "0")
    assert result.returncode == 2 and "--workers must be at least 1" in result.stderr
    result = run_reader("translate", str(tmp_path / "nowhere"), str(tmp_path))
    assert result.returncode == 2 and "no such file or folder" in result.stderr


def test_translate_routes_by_a_language_set_by_hand(german_model: Path, tmp_path: Path) -> None:
    from reader.core.settings.state import ReadingState

    article = tmp_path / "story.txt"
    shutil.copy(seed("004"), article)  # German: the installed model would translate it
    state = ReadingState()
    state.choose_language(article, "fr")
    state.close()
    for command in (["translate", str(article)], ["translate", str(tmp_path)]):
        result = run_reader(*command)
        said = result.stdout + result.stderr  # one article: stderr; a folder: its report line
        assert "translate-fr_en" in said, (command, said)
        assert "After Elon Musk" not in result.stdout
