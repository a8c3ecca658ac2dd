"""Load and validate the lexicons: TSV files described by one manifest, `lexicons.toml`.

Each list in the manifest names its file, source, licence, version, the categories
its rows may use and its match mode (`inflect`, `exact`, or `regex` for line
patterns). Every TSV starts with a header; `term` and `category` are required,
`weight`, `note` and `flags` optional. The loader rejects blank, commented,
duplicate, malformed and unknown-category lines and names `file:line`.
The digest covers the manifest and every file, so a reference model can refuse
features computed with other lexicons.
"""
from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "lexicons"
MANIFEST = "lexicons.toml"
MATCH_MODES = ("inflect", "exact", "regex")
REQUIRED_COLUMNS = ("term", "category")
OPTIONAL_COLUMNS = ("weight", "note", "flags")
KNOWN_FLAGS = frozenset({"case", "noinflect", "prefix"})


class LexiconError(ValueError):
    """A lexicon file or the manifest is malformed; the message names file:line."""


@dataclass(frozen=True, slots=True)
class Entry:
    term: str
    category: str
    weight: float | None
    note: str
    flags: frozenset[str]
    where: str  # "file.tsv:12", for messages and provenance


@dataclass(slots=True)
class Lexicon:
    name: str
    file: str
    source: str
    licence: str
    version: str
    match: str
    categories: tuple[str, ...]
    description: str
    entries: list[Entry] = field(default_factory=list)

    def by_category(self, category: str) -> list[Entry]:
        return [e for e in self.entries if e.category == category]

    def describe(self) -> dict:
        return {
            "name": self.name, "file": self.file, "source": self.source,
            "licence": self.licence, "version": self.version, "match": self.match,
            "categories": list(self.categories), "description": self.description,
            "entries": len(self.entries),
        }


@dataclass(slots=True)
class LexiconSet:
    directory: Path
    lexicons: dict[str, Lexicon]
    digest: str

    def __getitem__(self, name: str) -> Lexicon:
        try:
            return self.lexicons[name]
        except KeyError:
            raise KeyError(f"no lexicon {name!r}; known: {', '.join(sorted(self.lexicons))}") from None


def load_lexicons(directory: str | Path | None = None) -> LexiconSet:
    directory = Path(directory) if directory else DEFAULT_DIR
    manifest_path = directory / MANIFEST
    if not manifest_path.is_file():
        raise LexiconError(f"{manifest_path}: lexicon manifest not found")
    manifest_bytes = manifest_path.read_bytes()
    try:
        manifest = tomllib.loads(manifest_bytes.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{manifest_path}: {exc}") from exc
    lists = manifest.get("lists")
    if not isinstance(lists, dict) or not lists:
        raise LexiconError(f"{manifest_path}: needs at least one [lists.NAME] table")
    digest = hashlib.sha256(manifest_bytes)
    lexicons = {}
    for name in sorted(lists):
        lexicon, raw = _load_one(directory, name, lists[name])
        digest.update(name.encode() + b"\0" + raw)
        lexicons[name] = lexicon
    return LexiconSet(directory, lexicons, digest.hexdigest())


def _load_one(directory: Path, name: str, spec: dict) -> tuple[Lexicon, bytes]:
    where = f"{MANIFEST} [lists.{name}]"
    for key in ("file", "source", "licence", "version", "match", "categories"):
        if key not in spec:
            raise LexiconError(f"{where}: missing key {key!r}")
    if spec["match"] not in MATCH_MODES:
        raise LexiconError(f"{where}: match {spec['match']!r} is not one of {', '.join(MATCH_MODES)}")
    path = directory / spec["file"]
    if not path.is_file():
        raise LexiconError(f"{where}: file {spec['file']} not found")
    raw = path.read_bytes()
    lexicon = Lexicon(
        name=name, file=spec["file"], source=spec["source"], licence=spec["licence"],
        version=str(spec["version"]), match=spec["match"],
        categories=tuple(spec["categories"]), description=spec.get("description", ""),
    )
    lexicon.entries = _parse_tsv(spec["file"], raw, lexicon)
    return lexicon, raw


def _parse_tsv(filename: str, raw: bytes, lexicon: Lexicon) -> list[Entry]:
    try:
        lines = raw.decode("utf-8").split("\n")
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{filename}: not UTF-8 ({exc})") from exc
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise LexiconError(f"{filename}:1: empty file, expected a header")
    header = lines[0].rstrip("\r").split("\t")
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if header[:2] != list(REQUIRED_COLUMNS) or unknown or len(set(header)) != len(header):
        raise LexiconError(
            f"{filename}:1: header must start with 'term<TAB>category' and may add "
            f"{', '.join(OPTIONAL_COLUMNS)}; got {header}")
    entries, seen = [], {}
    for number, line in enumerate(lines[1:], start=2):
        entry = _parse_row(filename, number, line.rstrip("\r"), header, lexicon)
        key = (entry.term if "case" in entry.flags else entry.term.lower(), entry.category)
        if key in seen:
            raise LexiconError(f"{filename}:{number}: duplicate of line {seen[key]} ({entry.term!r})")
        seen[key] = number
        entries.append(entry)
    return entries


def _parse_row(filename: str, number: int, line: str, header: list[str], lexicon: Lexicon) -> Entry:
    where = f"{filename}:{number}"
    if not line.strip():
        raise LexiconError(f"{where}: blank line")
    if line.lstrip().startswith("#"):
        raise LexiconError(f"{where}: comment lines are not allowed (put notes in the 'note' column)")
    cells = line.split("\t")
    if len(cells) != len(header):
        raise LexiconError(f"{where}: expected {len(header)} tab-separated fields, got {len(cells)}")
    row = dict(zip(header, cells))
    term = row["term"]
    if not term or term != term.strip():
        raise LexiconError(f"{where}: term is empty or has surrounding spaces: {term!r}")
    if row["category"] not in lexicon.categories:
        raise LexiconError(f"{where}: unknown category {row['category']!r}; "
                           f"valid: {', '.join(lexicon.categories)}")
    if lexicon.match == "regex":
        try:
            re.compile(term)
        except re.error as exc:
            raise LexiconError(f"{where}: bad regular expression {term!r}: {exc}") from exc
    weight = None
    if row.get("weight"):
        try:
            weight = float(row["weight"])
        except ValueError:
            raise LexiconError(f"{where}: weight {row['weight']!r} is not a number") from None
    flags = frozenset(f for f in row.get("flags", "").split(",") if f)
    if flags - KNOWN_FLAGS:
        raise LexiconError(f"{where}: unknown flags {sorted(flags - KNOWN_FLAGS)}; "
                           f"valid: {', '.join(sorted(KNOWN_FLAGS))}")
    return Entry(term, row["category"], weight, row.get("note", ""), flags, where)
