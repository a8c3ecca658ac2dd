"""Request and response models of the HTTP API (Pydantic; the OpenAPI document is
generated from them)."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Include = Literal["spans", "sentences", "placement"]
DEFAULT_INCLUDE: tuple[str, ...] = ("spans", "placement")


class AnalyzeRequest(BaseModel):
    """One article. `url` is metadata only: it is never fetched."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "text": "Officials said the attack killed at least 20 guards.",
        "title": "Prison attack", "outlet": "Example News",
        "include": ["spans"]}]})

    text: str = Field(min_length=1, description="The article text (plain text).")
    title: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=4000, description="Metadata; never fetched.")
    outlet: str | None = Field(default=None, max_length=200)
    id: str | None = Field(default=None, max_length=200, description="Echoed back (batch items).")
    reference: str | None = Field(default=None, max_length=200,
                                  description="Reference corpus to place the article against "
                                              "(default: the service's default reference).")
    include: list[Include] | None = Field(
        default=None, max_length=3,
        description="Optional parts of the result (default: spans and placement).")


class AnalyzeQuery(BaseModel):
    """Query parameters of POST /v1/analyze: options for text bodies, defaults for JSON ones."""

    model_config = ConfigDict(extra="ignore")

    title: str | None = Field(default=None, max_length=2000)
    url: str | None = Field(default=None, max_length=4000)
    outlet: str | None = Field(default=None, max_length=200)
    id: str | None = Field(default=None, max_length=200)
    reference: str | None = Field(default=None, max_length=200)
    include: list[Include] | None = Field(default=None, max_length=3)


class SpanOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    start: int
    end: int
    text: str
    label: str


class SentenceOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    index: int
    start: int
    end: int
    text: str


class InputEcho(BaseModel):
    id: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    source: Literal["json", "text/plain", "text/html"]
    extracted_text: str | None = Field(
        default=None, description="For HTML bodies: the article text the offsets refer to.")
    extraction: str | None = Field(default=None, description="For HTML bodies: the extractor used.")


class AnalysisOut(BaseModel):
    """Features (finite numbers or null, with the reason in `meta.null_reasons`),
    the evidence spans, and the placement against a reference corpus."""

    features: dict[str, float | None]
    spans: list[SpanOut] | None = None
    sentences: list[SentenceOut] | None = None
    details: dict[str, Any] = Field(default_factory=dict)
    meta: dict[str, Any]
    placement: dict[str, Any] | None = Field(
        default=None, description="Null when not requested or no reference is loaded "
                                  "(`meta.placement_reason` says which).")
    input: InputEcho


class PointerError(BaseModel):
    pointer: str | None = Field(default=None,
                                description="RFC 6901 JSON pointer (URI fragment form) into the body.")
    parameter: str | None = Field(default=None, description="The query parameter at fault.")
    detail: str


class ProblemOut(BaseModel):
    """RFC 9457 problem details."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    request_id: str | None = None
    errors: list[PointerError] | None = None


class BatchItemOut(BaseModel):
    index: int
    status: int = Field(description="200 for a result, else the status of the item's problem.")
    result: AnalysisOut | None = None
    problem: ProblemOut | None = None


class BatchOut(BaseModel):
    count: int
    succeeded: int
    failed: int
    results: list[BatchItemOut]


class FeatureOut(BaseModel):
    name: str
    group: str
    description: str
    higher: str = Field(description='Completes the sentence "Higher ⇒ …".')
    unit: str


class FeaturesOut(BaseModel):
    count: int
    features: list[FeatureOut]


class LexiconOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    file: str
    source: str
    licence: str
    version: str
    match: str
    categories: list[str]
    description: str
    entries: int


class LexiconsOut(BaseModel):
    digest: str
    lexicons: list[LexiconOut]


class ReferenceOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    default: bool = False


class ReferencesOut(BaseModel):
    default: str | None
    available: bool = Field(description="False when this build has no reference placement.")
    detail: str | None = None
    references: list[ReferenceOut]


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str


class ReadyOut(BaseModel):
    status: Literal["ready"]
    version: str
    lexicon_digest: str
    lexicons: int
    features: int
    references: list[str]
    default_reference: str | None
    placement: str = Field(description="Whether placement is available, and if not, why.")


class CompareArticle(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(default=None, max_length=200,
                           description="How the article is named in the output (default: its position, 0, 1, …).")
    text: str = Field(min_length=1)
    title: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=200)
    url: str | None = Field(default=None, max_length=4000, description="Metadata; never fetched.")


class CompareRequest(BaseModel):
    """2–20 articles about one event."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "articles": [
            {"id": "a", "text": "The terrorists stormed the prison, the army said."},
            {"id": "b", "text": "IS fighters attacked the prison on Thursday, officials said."}]}]})

    articles: list[CompareArticle] = Field(min_length=2, max_length=20)
    reference: str | None = Field(default=None, max_length=200,
                                  description="Reference corpus for percentiles (default: the service's default).")


class CompareOut(BaseModel):
    """See service/compare.py: same-story check, actors and labels, sourcing, figures,
    framing features side by side, and a template summary whose points cite spans."""

    model_config = ConfigDict(extra="allow")

    articles: list[dict[str, Any]]
    same_story: dict[str, Any]
    actors: list[dict[str, Any]]
    sourcing: dict[str, Any]
    figures: list[dict[str, Any]]
    features: dict[str, Any]
    summary: list[dict[str, Any]]


class MapPointOut(BaseModel):
    id: str
    title: str | None = None
    outlet: str | None = None
    labels: dict[str, str] = Field(
        default_factory=dict,
        description="Per label: this corpus article's own (gold) class; a label the article "
                    "does not have is left out.")
    x: float
    y: float


class ReferenceMapOut(BaseModel):
    """Every corpus article's coordinates on the reference map (the same projection as
    `placement.map` of an analysed article)."""

    model_config = ConfigDict(extra="allow")

    name: str
    n_articles: int
    axes: list[dict[str, Any]] = Field(description="The two map axes: explained variance and "
                                                   "the features that load most on each.")
    labels: dict[str, list[str]] = Field(default_factory=dict,
                                         description="Per label: its classes.")
    points: list[MapPointOut]
