"""Infrastructure, settings: the user's config file (TOML): theme, key remapping, what is
translated ahead of the reader and which languages always open in English. A bad file never
stops reader: it is reported in ``Config.problems`` and the defaults are used."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.core.settings import paths

ALL_LANGUAGES = "all"
# What ``translate_ahead`` may say (see ``core.translation.ahead``): nothing ahead, titles only,
# or titles then every article.
AHEAD_MODES = ("off", "titles", "all")
DEFAULT_AHEAD = "titles"

EXAMPLE = """\
# reader configuration
theme = "textual-dark"

# Translated in idle time, ahead of the reader: "off", "titles" (the list's English titles) or
# "all" (titles, then every article, the ones around the cursor first).
translate_ahead = "titles"

# Articles in these languages open in English (T adds or removes the open article's language;
# "all" for every language).
# always_english = ["id", "de"]

# Remap keys by binding id (see `?` in the app for ids); several keys separate with commas.
[keys]
# "list.cursor_down" = "j,down,ctrl+n"
"""


@dataclass
class Config:
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    translate_ahead: str = DEFAULT_AHEAD
    # Languages whose articles open in English; ``ALL_LANGUAGES`` among them: every language.
    always_english: frozenset[str] = frozenset()
    problems: list[str] = field(default_factory=list)
    path: Path | None = None


def load_config(path: Path | None = None) -> Config:
    path = path or paths.config_file()
    config = Config(path=path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return config
    except (OSError, UnicodeDecodeError) as error:
        config.problems.append(f"{path}: cannot read ({error}); using defaults")
        return config
    import tomllib  # here: most people have no config file, and every start would pay for it

    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        config.problems.append(f"{path}: not valid TOML ({error}); using defaults")
        return config

    theme = data.get("theme")
    if theme is not None:
        if isinstance(theme, str) and theme.strip():
            config.theme = theme.strip()
        else:
            config.problems.append(f"{path}: 'theme' must be a theme name; ignored")
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        config.problems.append(f"{path}: [keys] must be a table of binding id = keys; ignored")
        keys = {}
    for binding_id, value in keys.items():
        if isinstance(value, str) and value.strip():
            config.keys[binding_id] = value.replace(" ", "")
        else:
            config.problems.append(f"{path}: keys.{binding_id} must be a string like 'j,down'")
    ahead = data.get("translate_ahead", DEFAULT_AHEAD)
    if ahead in AHEAD_MODES:
        config.translate_ahead = ahead
    else:
        modes = ", ".join(f'"{mode}"' for mode in AHEAD_MODES)
        config.problems.append(f"{path}: 'translate_ahead' must be one of {modes}; ignored")
    always = data.get("always_english", [])
    if always == ALL_LANGUAGES:
        always = [ALL_LANGUAGES]
    if isinstance(always, list) and all(isinstance(code, str) and code for code in always):
        config.always_english = frozenset(code.strip().lower() for code in always)
    else:
        config.problems.append(
            f"{path}: 'always_english' must be a list of language codes or \"all\"; ignored"
        )
    unknown = sorted(set(data) - {"theme", "keys", "translate_ahead", "always_english"})
    if unknown:
        config.problems.append(f"{path}: unknown settings ignored: {', '.join(unknown)}")
    return config
