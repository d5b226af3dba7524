"""Texts several tests read as an article's body."""

from __future__ import annotations

# Four paragraphs of a German local news story, long enough to be body text.
STORY = [
    "Der Stadtrat hat am Dienstag nach langer Debatte den neuen Haushalt für das kommende Jahr "
    "beschlossen, wie ein Sprecher am Abend mitteilte.",
    "Die Opposition kritisierte die geplanten Ausgaben für den Straßenbau als zu hoch und "
    "kündigte an, das Thema im nächsten Monat erneut auf die Tagesordnung zu setzen.",
    "Bürgerinnen und Bürger können die Unterlagen ab Montag im Rathaus einsehen und bis Ende "
    "des Monats schriftlich Stellung nehmen, teilte die Verwaltung mit.",
    "Der Bürgermeister zeigte sich zufrieden mit dem Ergebnis und dankte allen Beteiligten "
    "für die konstruktive Zusammenarbeit in den vergangenen Wochen.",
]
