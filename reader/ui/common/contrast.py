"""Text that stays legible on whatever colour a theme gives its background.

Themes pick their cursor and highlight colours for looks; some leave the text on them under
WCAG's 4.5:1 (Textual's own block cursor foreground is 2.4:1 in gruvbox). ``legible`` keeps a
style's colours when they are readable and otherwise takes black or white text, whichever
contrasts more with the background.
"""

from __future__ import annotations

from rich.color import Color
from rich.style import Style

MINIMUM = 4.5  # WCAG 2 AA for body text
_BLACK, _WHITE = Color.from_rgb(0, 0, 0), Color.from_rgb(255, 255, 255)


def luminance(color: Color) -> float:
    """WCAG relative luminance of a true colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = color.get_truecolor()
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast_ratio(a: Color, b: Color) -> float:
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def legible(style: Style, minimum: float = MINIMUM) -> Style:
    """``style`` with black or white text when its own text colour is too faint on its
    background. Styles with a terminal default colour (ANSI themes) are left as they are."""
    color, background = style.color, style.bgcolor
    if color is None or background is None or color.is_default or background.is_default:
        return style
    if contrast_ratio(color, background) >= minimum:
        return style
    best = max((_BLACK, _WHITE), key=lambda candidate: contrast_ratio(candidate, background))
    return style + Style(color=best)
