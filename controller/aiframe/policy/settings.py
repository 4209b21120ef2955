# SPDX-FileCopyrightText: 2026 aiframe contributors
# SPDX-License-Identifier: MPL-2.0
"""The ``[policy]`` section of the controller's configuration."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["PolicySettings"]


class PolicySettings(BaseModel):
    """Which policy packs the controller loads and where decisions are audited."""

    model_config = ConfigDict(extra="forbid")

    packs: list[Path] = Field(
        default_factory=lambda: [Path("policies")],
        description="pack files, or directories whose *.yaml are packs",
    )
    default_pack: str = Field(
        default="retail-support",
        pattern=r"^[a-z][a-z0-9-]*$",
        description="the pack a call gets when it names none",
    )
    audit_jsonl: Path | None = Field(
        default=None, description="also append every decision to this JSON-lines file"
    )

    def pack_files(self) -> list[Path]:
        """Every pack file the settings name, directories expanded, in a stable order."""
        out: list[Path] = []
        for p in self.packs:
            out.extend(sorted(p.glob("*.yaml")) if p.is_dir() else [p])
        return out
