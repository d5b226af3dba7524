"""`M`: the installed translation models, and installing one from a file path."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker, WorkerState

from reader.core.translation.engine import TranslationEngine
from reader.core.translation.models import InstalledModel, ModelError, install_model


class ModelsScreen(ModalScreen[bool]):
    """Dismisses with True when a model was installed (so translations can be redone)."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="models.close", tooltip="Close this dialog"),
    ]

    def __init__(self, engine: TranslationEngine) -> None:
        super().__init__()
        self.engine = engine
        self.installed_any = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Translation models", classes="dialog-title")
            yield DataTable(id="models-table", cursor_type="row")
            yield Static(id="models-broken")
            yield Input(
                placeholder="Path to a .argosmodel file, then Enter to install", id="models-path"
            )
            yield Static(id="models-message")
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
    def _list_models(self) -> tuple[list[InstalledModel], list[str]]:
        self.engine.refresh()
        return self.engine.models, [f"{b.path}: {b.reason}" for b in self.engine.broken]

    @on(Input.Submitted, "#models-path")
    def _install_requested(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        if not event.value.strip():
            return
        self.query_one("#models-message", Static).update(f"Installing {path}…")
        self._install(path)

    @work(thread=True, exclusive=True, group="models", exit_on_error=False)
    def _install(self, path: Path) -> InstalledModel:
        return install_model(path, self.engine.install_dir)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker, message = event.worker, self.query_one("#models-message", Static)
        if event.state == WorkerState.ERROR:
            error = worker.error
            reason = str(error) if isinstance(error, ModelError) else repr(error)
            message.update(f"⚠ {reason}")
        elif event.state == WorkerState.SUCCESS and worker.name == "_install":
            model = worker.result
            assert isinstance(model, InstalledModel)
            message.update(f"Installed {model.code} {model.version} in {model.path}")
            self.installed_any = True
            self.query_one(Input).value = ""
            self._list_models()
        elif event.state == WorkerState.SUCCESS and worker.name == "_list_models":
            models, broken = worker.result  # type: ignore[misc]
            table = self.query_one(DataTable)
            table.clear()
            for model in models:
                table.add_row(
                    model.code,
                    f"{model.from_name} → {model.to_name}",
                    model.version,
                    f"{model.size_bytes / 1e6:.1f} MB",
                    model.splitter,
                )
            self.query_one("#models-broken", Static).update(
                ("No models installed." if not models else "")
                + "".join(f"\n⚠ broken package {line}" for line in broken)
            )

    def action_close(self) -> None:
        self.dismiss(self.installed_any)
