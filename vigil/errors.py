"""Named exceptions shared by the CLI and settings. Each package defines its own beside its code."""


class VigilError(Exception):
    """Base class for errors Vigil reports to the user as a clear message."""


class SettingsError(VigilError):
    """A configuration file or environment variable is malformed."""
