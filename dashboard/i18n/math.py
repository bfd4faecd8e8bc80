"""Strings for math."""

STRINGS: dict[str, dict[str, str]] = {
}
