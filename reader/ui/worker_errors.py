"""The one handler for worker failures, so that none is silent.

Every screen that runs workers with ``exit_on_error=False`` derives from ``ReportsWorkerErrors``
(``tests/ui/test_worker_errors.py`` checks it). A worker that raises then reaches
``on_worker_state_changed`` here, which asks the screen's ``worker_failed`` to show it where the
user is waiting (the translation pane, review's title line, a dialog's message line) and
otherwise says it in a notification, naming what failed (``WORKER_FAILURES``) and why. The
traceback is for logs, never for the screen.
"""

from __future__ import annotations

from typing import ClassVar, cast

from textual.widget import Widget
from textual.worker import Worker, WorkerState


class ReportsWorkerErrors:
    """A mixin for screens (listed before the Screen class in the bases)."""

    # What failed, in the user's words, by worker group.
    WORKER_FAILURES: ClassVar[dict[str, str]] = {}

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state == WorkerState.SUCCESS:
            self.worker_succeeded(worker)
            return
        if event.state != WorkerState.ERROR:
            return
        what = self.WORKER_FAILURES.get(worker.group, f"{worker.name} failed")
        if not self.worker_failed(worker, what):
            cast(Widget, self).notify(
                f"{what}: {worker.error}",
                severity="error",
                timeout=15,
                markup=False,
            )

    def worker_failed(self, worker: Worker[object], what: str) -> bool:
        """Show ``worker``'s failure in the screen's own way; ``False`` leaves it to the
        notification."""
        return False

    def worker_succeeded(self, worker: Worker[object]) -> None:
        """A worker finished; screens that take its result override this."""
