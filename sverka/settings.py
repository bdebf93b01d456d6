"""The settings of one run, from the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """What a build is asked to do, beyond what the project's files say."""

    root: Path
    base_url: str | None = None
    """The address the site will be published at (default: content/site.yaml's)."""
    repository_url: str | None = None
    """The repository whose issue tracker takes error reports (default: content/site.yaml's)."""
    strict: bool = False
    """Treat warnings as errors."""
    search: bool = True
    timings: bool = False
    drafts: bool = False
    """Build the editors' edition: drafts, records in review and scheduled ones shown and marked, with the desk."""
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    """The moment the edition is made for: scheduled records whose time has come are published."""

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def cache(self) -> Path:
        return self.root / ".cache"

    @property
    def overrides(self) -> str:
        """The settings that change what pages say, as text (part of every page's fingerprint)."""
        return f"{self.base_url}\n{self.repository_url}\ndrafts: {self.drafts}"
