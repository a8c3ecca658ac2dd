"""Service configuration: defaults, overridden by `SLANT_*` environment variables,
overridden by the mapping given to `create_app(config)`.

| variable                  | default                  | meaning                                        |
|---------------------------|--------------------------|------------------------------------------------|
| `SLANT_MODELS_DIR`        | `<checkout>/models`      | reference models (one directory per corpus)    |
| `SLANT_LEXICONS_DIR`      | the shipped `lexicons/`  | lexicon manifest and TSV files                 |
| `SLANT_DEFAULT_REFERENCE` | first model by name      | reference used when a request names none       |
| `SLANT_MAX_BODY_BYTES`    | 2097152 (2 MiB)          | larger request bodies get 413                  |
| `SLANT_BATCH_LIMIT`       | 100                      | most articles in one `/v1/batch` request        |
| `SLANT_LOG_LEVEL`         | `INFO`                   | Python logging level                           |
| `SLANT_LOG_FORMAT`        | `json`                   | `json` (one object per line) or `text`         |
| `SLANT_API_TOKENS`        | unset (open)             | comma-separated bearer tokens for `/v1/*`      |

`SLANT_WORKERS` (gunicorn worker processes) is read by the Makefile and the container.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping

ROOT = Path(__file__).resolve().parents[1]
LOG_FORMATS = ("json", "text")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(ValueError):
    """A setting has a value the service cannot use; the message names the variable."""


@dataclass(frozen=True, slots=True)
class Settings:
    models_dir: Path = ROOT / "models"
    lexicons_dir: Path | None = None
    default_reference: str | None = None
    max_body_bytes: int = 2 * 1024 * 1024
    batch_limit: int = 100
    log_level: str = "INFO"
    log_format: str = "json"
    api_tokens: tuple[str, ...] = ()

    @property
    def auth_enabled(self) -> bool:
        return bool(self.api_tokens)


_ENV = {
    "models_dir": "SLANT_MODELS_DIR",
    "lexicons_dir": "SLANT_LEXICONS_DIR",
    "default_reference": "SLANT_DEFAULT_REFERENCE",
    "max_body_bytes": "SLANT_MAX_BODY_BYTES",
    "batch_limit": "SLANT_BATCH_LIMIT",
    "log_level": "SLANT_LOG_LEVEL",
    "log_format": "SLANT_LOG_FORMAT",
    "api_tokens": "SLANT_API_TOKENS",
}


def load_settings(overrides: Mapping[str, Any] | None = None,
                  environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment, then `overrides` (keys are field names, any case)."""
    environ = os.environ if environ is None else environ
    raw: dict[str, Any] = {}
    for name, var in _ENV.items():
        value = environ.get(var)
        if value is not None and value.strip() != "":
            raw[name] = (var, value.strip())
    known = {f.name for f in fields(Settings)}
    for key, value in (overrides or {}).items():
        name = key.lower()
        if name.startswith("slant_"):
            name = name[len("slant_"):]
        if name in known:
            raw[name] = (key, value)
    settings = Settings()
    return replace(settings, **{name: _coerce(name, where, value) for name, (where, value) in raw.items()})


def _coerce(name: str, where: str, value: Any) -> Any:
    if name in ("models_dir", "lexicons_dir"):
        return None if value is None else Path(value)
    if name == "default_reference":
        return None if value in (None, "") else str(value)
    if name in ("max_body_bytes", "batch_limit"):
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{where}={value!r}: expected a positive integer") from None
        if number < 1:
            raise ConfigError(f"{where}={value!r}: expected a positive integer")
        return number
    if name == "log_level":
        level = str(value).upper()
        if level not in LOG_LEVELS:
            raise ConfigError(f"{where}={value!r}: expected one of {', '.join(LOG_LEVELS)}")
        return level
    if name == "log_format":
        fmt = str(value).lower()
        if fmt not in LOG_FORMATS:
            raise ConfigError(f"{where}={value!r}: expected one of {', '.join(LOG_FORMATS)}")
        return fmt
    if name == "api_tokens":
        tokens = value.split(",") if isinstance(value, str) else list(value or ())
        tokens = tuple(t.strip() for t in tokens if t and t.strip())
        return tokens
    raise ConfigError(f"{where}: unknown setting")  # pragma: no cover
