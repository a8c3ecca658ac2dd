"""Actors: who an article mentions, what it calls them, and in what tone.

`actor_mentions(doc, resources)` (memoised on the document) finds

* alias-lexicon mentions (`lexicons/actors.tsv`, category = canonical actor id, so
  ISIS / IS / Daesh / Da’esh / ISIL / Islamic State are one actor, `isis`); parts of
  hyphenated words count ("US-backed" mentions the United States);
* other named entities by a capitalised-name heuristic: runs of capitalised words
  not opening the sentence, minus months, weekdays and titles
  (`lexicons/actor_rules.tsv`), grouped by their text (a one-word name that ends an
  earlier longer name, "Kirby" after "John Kirby", is the same actor). They are
  not classified: a place ("Hasakah") is reported like a person;
* labels: violent-actor nouns (`loaded_terms.tsv` category `violent_actor_label`)
  right after a mention ("ISIS militants", "IS fighters", "the Islamic State (IS)
  terrorist group") or before "of/from" + mention ("fighters from the SDF"), and
  standalone ones ("the terrorists", "jihadists") resolved to the actor that most
  recently received the same label, else the most recently labelled actor, else
  left unresolved. Each label carries its voice (`attribution.voice_at`): a
  "terrorists" in the author's voice is a choice of the outlet, in a quotation the
  choice of the speaker.

Per actor: `sentence_compound_mean` is the mean VADER compound of the sentences
that mention it (higher ⇒ it appears in more positively worded sentences), None
when no measured sentence mentions it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .extractors import attribution
from .extractors.sentiment import sentence_compounds
from .types import Span

_LINK_WORDS = ("of", "from")
#: A capitalised word right after these opens a quotation or a clause, not a name.
_OPENERS = frozenset('“"‘:«')


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    kind: str                         # "lexicon" | "name"
    mentions: list[Span] = field(default_factory=list)
    labels: list[Span] = field(default_factory=list)
    sentences: set[int] = field(default_factory=set)
    sentence_compound_mean: float | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.id, "name": self.name, "kind": self.kind,
            "mention_count": len(self.mentions),
            "mentions": [m.to_dict() for m in self.mentions],
            "labels": [l.to_dict() for l in self.labels],
            "sentence_count": len(self.sentences),
            "sentence_compound_mean": self.sentence_compound_mean,
        }


def actor_mentions(doc, resources) -> list[Actor]:
    """Actors of the document in order of first mention (memoised as `doc.derived["actors"]`)."""
    return doc.derive("actors", lambda: _find(doc, resources))


def _rules(resources):
    lex = resources.lexicons
    labels_from = "loaded_terms" if "loaded_terms" in lex.lexicons and \
        lex["loaded_terms"].by_category("violent_actor_label") else "actor_rules"
    return {
        "labels_from": labels_from,
        "group_nouns": resources.terms("actor_rules", "group_noun"),
        "not_name": frozenset(e.term for e in lex["actor_rules"].by_category("not_name")),
        "connectors": resources.terms("actor_rules", "name_connector"),
        "adjective_suffixes": tuple(resources.terms("actor_rules", "adjective_suffix")),
        "display": _display_names(lex["actors"]),
    }


_RULES_CACHE: dict[int, tuple] = {}


def _display_names(lexicon) -> dict[str, str]:
    names: dict[str, str] = {}
    for entry in lexicon.entries:
        names.setdefault(entry.category, entry.term)
    return names


def _find(doc, resources) -> list[Actor]:
    cached = _RULES_CACHE.get(id(resources))
    if cached is None or cached[0] is not resources:
        cached = _RULES_CACHE[id(resources)] = (resources, _rules(resources))
    rules = cached[1]
    tokens = doc.tokens
    actors: dict[str, Actor] = {}
    order: list[tuple[int, str]] = []       # (token index, actor id) of every mention
    covered = bytearray(len(tokens))        # tokens inside an alias match

    for m in resources.matcher("actors").find(doc):
        actor = actors.get(m.category)
        if actor is None:
            actor = actors[m.category] = Actor(m.category, rules["display"][m.category], "lexicon")
        actor.mentions.append(doc.span(m.start, m.end, "actor.mention", actor=m.category))
        order.append((m.last_token - 1, m.category))
        for k in range(m.first_token, m.last_token):
            covered[k] = 1

    for first, last in _name_runs(doc, covered, rules):
        start, end = tokens[first].start, tokens[last - 1].end
        text = doc.text[start:end]
        key = _strip_possessive(text)
        end = start + len(key)
        actor_id = _name_id(key, actors)
        actor = actors.get(actor_id)
        if actor is None:
            actor = actors[actor_id] = Actor(actor_id, key, "name")
        actor.mentions.append(doc.span(start, end, "actor.mention", actor=actor_id))
        order.append((last - 1, actor_id))

    order.sort()
    _labels(doc, resources, rules, actors, order)
    compounds = sentence_compounds(doc, resources)
    for actor in actors.values():
        actor.mentions.sort(key=lambda s: s.start)
        actor.sentences = {tokens_sentence(doc, s.start) for s in actor.mentions + actor.labels} - {None}
        scores = [compounds[i] for i in actor.sentences if compounds[i] is not None]
        actor.sentence_compound_mean = round(sum(scores) / len(scores), 4) if scores else None
    return sorted(actors.values(), key=lambda a: (a.mentions or a.labels)[0].start)


def tokens_sentence(doc, offset: int) -> int | None:
    sentence = doc.sentence_at(offset)
    return None if sentence is None or sentence.boilerplate else sentence.index


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def _name_id(key: str, actors: dict[str, Actor]) -> str:
    """'name:<text>'; a one-word name equal to the last word of a known longer name joins it."""
    if " " not in key:
        for actor in actors.values():
            if actor.kind == "name" and actor.name.rsplit(" ", 1)[-1] == key:
                return actor.id
    return "name:" + key


def _is_capitalised(tok, not_name) -> bool:
    text = tok.text
    return tok.is_word and text[0].isupper() and not text[0].isdigit() and text not in not_name


def _name_runs(doc, covered, rules):
    """Token ranges [first, last) of capitalised names outside alias matches."""
    tokens, not_name, connectors = doc.tokens, rules["not_name"], rules["connectors"]
    for sentence in doc.sentences:
        if sentence.boilerplate:
            continue
        i, end = sentence.first_token, sentence.last_token
        words = [t.text for t in tokens[i:end] if t.is_word]
        if len(words) >= 3 and sum(map(str.isupper, words)) * 2 > len(words):
            continue  # a shouted headline: capitals say nothing about names
        first_word = True
        while i < end:
            tok = tokens[i]
            if not tok.is_word:
                i += 1
                continue
            if first_word:  # a word opening the sentence
                first_word = False
                i += 1
                continue
            # _is_capitalised(tok) inlined, cheapest test first; then what opens a clause
            text = tok.text
            if (not text[0].isupper() or covered[i] or text[0].isdigit() or text in not_name
                    or tokens[i - 1].text in _OPENERS):
                i += 1
                continue
            j = i + 1
            while j < end and not covered[j] and not _ends_name(tokens[j - 1]):
                nxt = tokens[j]
                if _is_capitalised(nxt, not_name) or _connector_part(nxt, connectors):
                    j += 1
                elif (nxt.text == "." and len(tokens[j - 1].text) == 1 and j + 1 < end
                      and _is_capitalised(tokens[j + 1], not_name)):
                    j += 2  # an initial: John W. Brennan
                elif (nxt.lower in connectors and j + 1 < end and not covered[j + 1]
                      and _is_capitalised(tokens[j + 1], not_name)):
                    j += 2
                else:
                    break
            if not _adjective(tokens, i, j, end, rules["adjective_suffixes"]):
                yield i, j
            i = j


def _adjective(tokens, i: int, j: int, end: int, suffixes) -> bool:
    """A one-word run that is an adjective or a designation, not a name: a demonym
    before a lower-case word (Syrian prison), a compound with a lower-case part
    (Kurdish-led) or a code with digits (MiG-29, T-4)."""
    tok = tokens[i]
    if any(c.isdigit() for c in tok.text):
        return True
    if j - i != 1:
        return False
    parts = tok.text.split("-")
    if len(parts) > 1 and any(p[:1].islower() for p in parts):
        return True
    nxt = tokens[j] if j < end else None
    return (nxt is not None and nxt.is_word and nxt.text[:1].islower()
            and tok.lower.endswith(suffixes))


def _ends_name(tok) -> bool:
    return tok.text.endswith(("'s", "’s"))


def _connector_part(tok, connectors) -> bool:
    """'al-Sham', 'al-Hasakah': a connector prefix joined to a capitalised word."""
    head, _, rest = tok.text.partition("-")
    return bool(rest) and head.lower() in connectors and rest[:1].isupper()


def _labels(doc, resources, rules, actors, order) -> None:
    tokens = doc.tokens
    group_nouns = rules["group_nouns"]
    mention_at = {tok_index: actor_id for tok_index, actor_id in order}
    mention_first: dict[int, str] = {}
    for actor in actors.values():
        for span in actor.mentions:
            mention_first[span.start] = actor.id
    history: list[tuple[str, str]] = []  # (label lemma, actor id), in text order
    for m in resources.matcher(rules["labels_from"]).find(doc):
        if m.category != "violent_actor_label" or m.last_token <= m.first_token:
            continue
        last_tok = tokens[m.last_token - 1]
        end, last = m.end, m.last_token
        singular = last_tok.lower == m.entry.term.lower() and "noinflect" not in m.entry.flags
        if singular:  # a singular form: "terrorist group" or not a label
            nxt = tokens[last] if last < len(tokens) else None
            if nxt is not None and nxt.sentence == last_tok.sentence and nxt.lower in group_nouns:
                end, last = nxt.end, last + 1
            elif nxt is not None and nxt.sentence == last_tok.sentence and nxt.is_word:
                continue  # "terrorist attacks", "militant threat": an adjective, not a label
        if m.start != tokens[m.first_token].start or m.end != last_tok.end:
            continue  # a hyphen part ("anti-terrorist"), not a noun
        lemma = m.entry.term.lower()
        actor_id, how = _adjacent_actor(doc, m.first_token, last, mention_at, mention_first)
        if actor_id is None:
            before = tokens[m.first_token - 1] if m.first_token else None
            if before is not None and before.sentence == last_tok.sentence and before.is_word \
                    and (_is_capitalised(before, rules["not_name"])
                         or (any(c.isdigit() for c in before.text) and not before.text.isdigit()
                             and any(c.isalpha() for c in before.text))) \
                    and not _opens_sentence(doc, m.first_token - 1):
                actor_id = None  # "MiG-29 fighters": modifies something we do not know as an actor
            else:
                actor_id = _resolve(history, lemma) or _previous_mention(order, m.first_token)
            how = "resolved" if actor_id else "unresolved"
        voice = attribution.voice_at(doc, resources, m.start, end)
        span = doc.span(m.start, end, "actor.label", actor=actor_id, term=m.entry.term,
                        category="violent_actor_label", how=how, voice=voice.voice,
                        speaker=voice.speaker)
        if actor_id is not None:
            history.append((lemma, actor_id))
            actors[actor_id].labels.append(span)
        else:
            actors.setdefault("unresolved", Actor("unresolved", "(label with no actor)", "unresolved"))
            actors["unresolved"].labels.append(span)


def _adjacent_actor(doc, first: int, last: int, mention_at, mention_first):
    """An actor mention right before the label (skipping ')', an article or a number), or
    right after 'of/from (the)' following it."""
    tokens = doc.tokens
    sentence = tokens[first].sentence
    k = first - 1
    while k >= 0 and tokens[k].sentence == sentence and tokens[k].text in (")", "]"):
        k -= 1
    if k >= 0 and tokens[k].sentence == sentence and k in mention_at:
        return mention_at[k], "adjacent"
    k = last
    if k < len(tokens) and tokens[k].sentence == sentence and tokens[k].lower in _LINK_WORDS:
        k += 1
        if k < len(tokens) and tokens[k].lower == "the":
            k += 1
        if k < len(tokens) and tokens[k].sentence == sentence:
            found = mention_first.get(tokens[k].start)
            if found is None or "-" in tokens[k].text:  # "US-allied Syrian Democratic Forces"
                k += 1
                if k < len(tokens) and tokens[k].sentence == sentence:
                    found = mention_first.get(tokens[k].start)
            if found is not None:
                return found, "adjacent"
    return None, None


def _opens_sentence(doc, index: int) -> bool:
    sentence = doc.sentences[doc.tokens[index].sentence]
    return not any(t.is_word for t in doc.tokens[sentence.first_token:index])


def _previous_mention(order, token_index: int) -> str | None:
    """The lexicon actor mentioned last before a label, when nothing has been labelled yet."""
    found = None
    for tok_index, actor_id in order:
        if tok_index >= token_index:
            break
        if not actor_id.startswith("name:"):
            found = actor_id
    return found


def _resolve(history, lemma: str) -> str | None:
    for past_lemma, actor_id in reversed(history):
        if past_lemma == lemma:
            return actor_id
    return history[-1][1] if history else None
