"""Strings for activations."""

STRINGS: dict[str, dict[str, str]] = {
}
