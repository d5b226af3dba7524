"""`M`: the installed translation models (with the sentence splitter each translates with and
its README), and installing one from a file or folder path."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker, WorkerState

from reader.core.translation.engine import TranslationEngine
from reader.core.translation.models import (
    Installation,
    InstalledModel,
    ModelError,
    check_splitter,
    install_model,
    shadowed_by,
)
from reader.core.translation.sentences import SentenceSplitter

ModelRows = list[tuple[InstalledModel, SentenceSplitter, InstalledModel | None]]


class ModelsScreen(ModalScreen[bool]):
    """Dismisses with True when a model was installed (so translations can be redone)."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="models.close", tooltip="Close this dialog"),
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
            yield Input(
                placeholder="Path to a .argosmodel file or a package folder, then Enter to install",
                id="models-path",
            )
            yield Static(id="models-message", markup=False)
            yield Static(
                "Esc to close.  On a connected machine, packages come from "
                "`argospm install translate-xx_en`; copy the .argosmodel file here.",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Code", "From → to", "Version", "Size", "Sentence splitter")
        self._list_models()
        self.query_one(Input).focus()

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
    def _install(self, path: Path) -> Installation:
        return install_model(path, self.engine.install_dir)

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
        self.query_one("#models-readme", Static).update("\n".join(lines))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker, message = event.worker, self.query_one("#models-message", Static)
        if event.state == WorkerState.ERROR:
            error = worker.error
            reason = str(error) if isinstance(error, ModelError) else repr(error)
            message.update(f"⚠ {reason}")
        elif event.state == WorkerState.SUCCESS and worker.name == "_install":
            installation = worker.result
            assert isinstance(installation, Installation)
            message.update(installation.summary)
            self.installed_any = True
            self.query_one(Input).value = ""
            self._list_models()
        elif event.state == WorkerState.SUCCESS and worker.name == "_list_models":
            rows, broken = worker.result  # type: ignore[misc]
            self._rows = rows
            table = self.query_one(DataTable)
            table.clear()
            for model, splitter, newer in rows:
                table.add_row(
                    Text(model.code),
                    Text(f"{model.from_name} → {model.to_name}"),
                    Text(model.version + (" (not used)" if newer is not None else "")),
                    f"{model.size_bytes / 1e6:.1f} MB",
                    Text(("⚠ " if splitter.problem else "") + splitter.name),
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
