"""MT401: verb-final clauses, German word order kept by MT ("… under the supervision of inspectors to
dismantle."). A transitive verb needs an object after it; a sentence that ends on a bare transitive
infinitive has usually had its object moved in front, as German does. Flagged for review, never fixed.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from cleanup import lexicons
from cleanup.detectors import Context
from cleanup.document import Document
from cleanup.findings import Finding

EMITS = frozenset({"MT401"})  # checked against rules/ when packs load

# `regex`, not `re`: it finds the literal "to " first, where `re` tries the leading \b at every position
# (measured 10x faster over an article).
_FINAL_INFINITIVE = regex.compile(r"\bto ([a-z]+)[.!?][\"”’]?$", regex.VERSION0)
_ANY_FINAL_INFINITIVE = regex.compile(r"\bto ([a-z]+)[.!?]", regex.VERSION0)
MIN_WORDS = 12


def detect(doc: Document, ctx: Context) -> Iterator[Finding]:
    verbs = lexicons.word_set("transitive_verbs", "verbs")
    if not any(m.group(1) in verbs for m in _ANY_FINAL_INFINITIVE.finditer(doc.text)):
        return  # no "to <verb>." anywhere: skip sentence segmentation
    for sentence in doc.sentences:
        match = _FINAL_INFINITIVE.search(sentence.text, max(0, len(sentence.text) - 40))
        if match is None or match.group(1) not in verbs or len(sentence.text.split()) < MIN_WORDS:
            continue
        start = sentence.start + match.start()
        yield Finding(
            "MT401",
            start,
            sentence.start + match.end(1),
            f"Sentence ends on the transitive verb {match.group(1)!r} with no object: German verb-final "
            "word order? Review by hand (no automatic fix)",
        )
