"""Read a reference corpus: JSONL (one article per line) or CSV with the same columns.

Columns: `id`, `text` (required); `title`, `outlet`, `url`, `date`, `event` (optional
strings); `labels` (an object of named labels, e.g. {"hyperpartisan": true}; in CSV a
JSON object in the `labels` cell, or one `label.NAME` column per label).

Articles are yielded one at a time so a build never holds every text at once. A bad
line raises CorpusError naming `file:line`, unless `skip_bad=True`, in which case it is
recorded in `CorpusReader.skipped` (line number and reason) and reading goes on.
When `outlet` is missing, the outlet is the URL's host name without a leading "www.".
"""
from __future__ import annotations

import csv
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

OPTIONAL = ("title", "outlet", "url", "date", "event")
LABEL_PREFIX = "label."


class CorpusError(ValueError):
    """A corpus line that cannot be read; the message names file and line."""

    def __init__(self, path: str | Path, line: int, reason: str):
        super().__init__(f"{path}:{line}: {reason} (rerun with --skip-bad to skip bad lines)")
        self.path = str(path)
        self.line = line
        self.reason = reason


@dataclass(slots=True)
class Article:
    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    event: str | None = None
    labels: dict[str, bool | str] = field(default_factory=dict)
    line: int = 0


def outlet_from_url(url: str | None) -> str | None:
    """`https://www.foxnews.com/...` -> `foxnews.com`; None when there is no host."""
    if not url:
        return None
    host = (urlsplit(url.strip()).hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    return host or None


def file_digest(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return "sha256:" + h.hexdigest()


class CorpusReader:
    """Iterate the articles of one corpus file. `skipped` lists (line, reason) of bad lines."""

    def __init__(self, path: str | Path, *, skip_bad: bool = False):
        self.path = Path(path)
        self.skip_bad = skip_bad
        self.skipped: list[tuple[int, str]] = []
        if not self.path.is_file():
            raise FileNotFoundError(f"corpus file {self.path} does not exist")
        suffix = self.path.suffix.lower()
        if suffix not in (".jsonl", ".csv"):
            raise ValueError(f"corpus {self.path}: unknown format {suffix!r}; use .jsonl or .csv")
        self.format = suffix[1:]

    def __iter__(self) -> Iterator[Article]:
        seen: set[str] = set()
        rows = self._jsonl_rows() if self.format == "jsonl" else self._csv_rows()
        for line, row in rows:
            try:
                if isinstance(row, str):
                    raise ValueError(row)
                article = _article(row, line)
                if article.id in seen:
                    raise ValueError(f"duplicate id {article.id!r}")
                seen.add(article.id)
            except ValueError as exc:
                if not self.skip_bad:
                    raise CorpusError(self.path, line, str(exc)) from None
                self.skipped.append((line, str(exc)))
                continue
            yield article

    def _jsonl_rows(self) -> Iterator[tuple[int, Any]]:
        with open(self.path, encoding="utf-8", errors="strict") as f:
            for number, raw in enumerate(f, start=1):
                if not raw.strip():
                    continue
                try:
                    yield number, json.loads(raw)
                except json.JSONDecodeError as exc:
                    yield number, f"not valid JSON ({exc.msg} at column {exc.colno})"

    def _csv_rows(self) -> Iterator[tuple[int, Any]]:
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        with open(self.path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            if not reader.fieldnames or "id" not in reader.fieldnames or "text" not in reader.fieldnames:
                raise CorpusError(self.path, 1, f"CSV header must include id and text, "
                                                f"found {reader.fieldnames}")
            for row in reader:
                line = reader.line_num  # last physical line of the record
                if None in row:
                    yield line, "more cells than header columns"
                    continue
                labels: dict[str, Any] = {}
                cell = row.pop("labels", None)
                if cell:
                    try:
                        labels = json.loads(cell)
                    except json.JSONDecodeError:
                        yield line, "labels cell is not a JSON object"
                        continue
                for key in [k for k in row if k.startswith(LABEL_PREFIX)]:
                    value = row.pop(key)
                    if value not in ("", None):
                        labels[key[len(LABEL_PREFIX):]] = _csv_label(value)
                row["labels"] = labels
                yield line, {k: (v if v != "" else None) for k, v in row.items()} | {"labels": labels}


def _csv_label(value: str) -> bool | str:
    low = value.strip().lower()
    if low in ("true", "false"):
        return low == "true"
    return value.strip()


def _article(row: Any, line: int) -> Article:
    if not isinstance(row, dict):
        raise ValueError(f"expected an object, found {type(row).__name__}")
    ident, text = row.get("id"), row.get("text")
    if isinstance(ident, int) and not isinstance(ident, bool):
        ident = str(ident)
    if not isinstance(ident, str) or not ident.strip():
        raise ValueError("missing or empty `id`")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"article {ident!r}: missing or empty `text`")
    values: dict[str, str | None] = {}
    for key in OPTIONAL:
        value = row.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"article {ident!r}: `{key}` must be a string")
        values[key] = value.strip() or None if isinstance(value, str) else None
    labels = row.get("labels") or {}
    if not isinstance(labels, dict):
        raise ValueError(f"article {ident!r}: `labels` must be an object")
    for name, value in labels.items():
        if not isinstance(value, (bool, str)) or (isinstance(value, str) and not value.strip()):
            raise ValueError(f"article {ident!r}: label {name!r} must be true/false or a "
                             f"non-empty string, found {value!r}")
    outlet = values["outlet"] or outlet_from_url(values["url"])
    return Article(id=ident.strip(), text=text, title=values["title"], outlet=outlet,
                   url=values["url"], date=values["date"], event=values["event"],
                   labels=dict(labels), line=line)
