"""Infrastructure, settings: the user's config file (TOML): theme and key remapping. A bad file
never stops reader: it is reported in ``Config.problems`` and the defaults are used."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.core.settings import paths

EXAMPLE = """\
# reader configuration
theme = "textual-dark"

# Remap keys by binding id (see `?` in the app for ids); several keys separate with commas.
[keys]
# "list.cursor_down" = "j,down,ctrl+n"
"""


@dataclass
class Config:
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
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
    unknown = sorted(set(data) - {"theme", "keys"})
    if unknown:
        config.problems.append(f"{path}: unknown settings ignored: {', '.join(unknown)}")
    return config
