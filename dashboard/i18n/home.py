"""Strings for home."""

STRINGS: dict[str, dict[str, str]] = {
}
