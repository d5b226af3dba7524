"""`M`: the installed translation models (with the sentence splitter each translates with and
its README); installing one from a file or folder path (Tab completes it), replacing an installed
one, and removing one, each asked before it is done."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static  # Input: its Submitted message
from textual.worker import Worker

from reader.core.articles.visible import visible
from reader.core.translation.engine import TranslationEngine
from reader.core.translation.install import Installation, install_model, remove_installed
from reader.core.translation.models import InstalledModel, ModelError, check_splitter, shadowed_by
from reader.core.translation.sentences import SentenceSplitter
from reader.ui.common.confirm_dialog import ConfirmScreen
from reader.ui.models.path_input import PathInput
from reader.ui.worker_errors import ReportsWorkerErrors

ModelRows = list[tuple[InstalledModel, SentenceSplitter, InstalledModel | None]]


class ModelsScreen(ReportsWorkerErrors, ModalScreen[bool]):
    """Dismisses with True when a model was installed (so translations can be redone)."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="models.close", tooltip="Close this dialog"),
        Binding(
            "ctrl+r",
            "replace",
            "Replace",
            id="models.replace",
            tooltip="Install the package in the path box in place of the installed one",
            priority=True,
        ),
        Binding(
            "delete",
            "remove",
            "Remove",
            id="models.remove",
            tooltip="Remove the highlighted model (asks first)",
        ),
    ]

    def __init__(self, engine: TranslationEngine) -> None:
        super().__init__()
        self.engine = engine
        self.installed_any = False
        self._rows: ModelRows = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Translation models", classes="dialog-title")
            yield DataTable(id="models-table", cursor_type="row")
            # Package text is shown as text: a README or a path is never read as markup.
            yield Static(id="models-readme", markup=False)
            yield Static(id="models-broken", markup=False)
            yield PathInput(
                placeholder="Path to a .argosmodel file or a package folder (Tab completes), "
                "then Enter to install",
                id="models-path",
            )
            yield Static(id="models-message", markup=False)
            yield Static(
                "Enter installs, Ctrl+R installs in place of the installed model, Del (in the "
                "table: Shift+Tab) removes one, Esc closes.  On a connected machine, packages "
                "come from `argospm install translate-xx_en`; copy the package here.",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Code", "From → to", "Version", "Size", "Sentence splitter")
        self.query_one("#models-broken", Static).update(
            "Looking at the installed packages and loading their sentence splitters…"
        )
        self._list_models()
        self.query_one(PathInput).focus()

    @work(thread=True, exclusive=True, group="models", exit_on_error=False)
    def _list_models(self) -> tuple[ModelRows, list[str]]:
        """Every package with the splitter it would use (loaded to check it) and, when a newer
        version of its pair is installed too, that one."""
        self.engine.refresh()
        models = self.engine.models
        shadowed = shadowed_by(models)
        rows = [(m, check_splitter(m), shadowed.get(m.path)) for m in models]
        return rows, [f"{b.path}: {b.reason}" for b in self.engine.broken]

    @on(Input.Submitted, "#models-path")
    def _install_requested(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        if not event.value.strip():
            return
        self.query_one("#models-message", Static).update(f"Installing {path}…")
        self._install(path)

    @work(thread=True, exclusive=True, group="models", exit_on_error=False)
    def _install(self, path: Path, replace: bool = False) -> Installation:
        return install_model(path, self.engine.install_dir, replace=replace)

    def action_replace(self) -> None:
        value = self.query_one(PathInput).value.strip()
        if not value:
            self.query_one("#models-message", Static).update("Type the new package's path first.")
            return
        path = Path(value).expanduser()

        def answered(yes: bool | None) -> None:
            if yes:
                self.query_one("#models-message", Static).update(f"Installing {path}…")
                self._install(path, replace=True)

        self.app.push_screen(
            ConfirmScreen(
                f"Install {path} in place of the installed model for its language pair? "
                "The old package is removed once the new one is in place."
            ),
            answered,
        )

    def action_remove(self) -> None:
        table = self.query_one(DataTable)
        if not table.has_focus or not 0 <= table.cursor_row < len(self._rows):
            return
        model = self._rows[table.cursor_row][0]

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove(model)

        self.app.push_screen(
            ConfirmScreen(f"Remove {model.label} ({model.path})? This deletes its folder."),
            answered,
        )

    @work(thread=True, exclusive=True, group="models", exit_on_error=False)
    def _remove(self, model: InstalledModel) -> InstalledModel:
        remove_installed(model)
        return model

    @on(DataTable.RowHighlighted, "#models-table")
    def _show_readme(self, event: DataTable.RowHighlighted) -> None:
        if not 0 <= event.cursor_row < len(self._rows):
            return
        model, splitter, newer = self._rows[event.cursor_row]
        lines = [f"{model.label}: {model.path}"]
        if splitter.problem:
            lines.append(f"⚠ {splitter.problem}; sentences are split by {splitter.name}")
        if newer is not None:
            lines.append(f"Not used: {newer.label} translates this pair.")
        lines.append(model.readme or "(no README.md in this package)")
        self.query_one("#models-readme", Static).update(visible("\n".join(lines), keep="\n"))

    def worker_failed(self, worker: Worker[object], what: str) -> bool:
        """Said on the dialog's message line, where the one installing is looking."""
        error = worker.error
        reason = str(error) if isinstance(error, ModelError) else repr(error)
        if "already installed" in reason:
            reason += " (Ctrl+R replaces it)"
        self.query_one("#models-message", Static).update(f"⚠ {reason}")
        if worker.name == "_list_models":  # no longer looking
            self.query_one("#models-broken", Static).update("The packages could not be listed.")
        return True

    def worker_succeeded(self, worker: Worker[object]) -> None:
        message = self.query_one("#models-message", Static)
        if worker.name == "_remove":
            model = worker.result
            assert isinstance(model, InstalledModel)
            message.update(f"Removed {model.label} from {model.path}")
            self.installed_any = True  # translations made with it are redone
            self._list_models()
        elif worker.name == "_install":
            installation = worker.result
            assert isinstance(installation, Installation)
            message.update(installation.summary)
            self.installed_any = True
            self.query_one(PathInput).value = ""
            self._list_models()
        elif worker.name == "_list_models":
            rows, broken = cast(tuple[ModelRows, list[str]], worker.result)
            self._rows = rows
            table = self.query_one(DataTable)
            table.clear()
            for model, splitter, newer in rows:
                table.add_row(
                    Text(visible(model.code)),
                    Text(visible(f"{model.from_name} → {model.to_name}")),
                    Text(visible(model.version) + (" (not used)" if newer is not None else "")),
                    f"{model.size_bytes / 1e6:.1f} MB",
                    Text(visible(("⚠ " if splitter.problem else "") + splitter.name)),
                )
            self.query_one("#models-broken", Static).update(
                (
                    "No models installed. On a connected machine: `argospm install "
                    "translate-xx_en`, then copy the package here and type its path below."
                    if not rows
                    else ""
                )
                + "".join(f"\n⚠ broken package {line}" for line in broken)
            )

    def action_close(self) -> None:
        self.dismiss(self.installed_any)
