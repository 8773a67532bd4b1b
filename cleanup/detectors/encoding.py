"""TY112: the file is not UTF-8. It is decoded (charset-normalizer) and written back in the same encoding."""

from __future__ import annotations

from collections.abc import Iterator

from cleanup.detectors import Context
from cleanup.document import Document
from cleanup.findings import Finding

EMITS = frozenset({"TY112"})  # the codes this detector yields; the registry checks them against rules/

_UNICODE = ("utf-8", "utf-8-sig", "utf-16", "utf-32", "ascii")


def detect(doc: Document, ctx: Context) -> Iterator[Finding]:
    if doc.encoding.lower() in _UNICODE or not doc.text:
        return
    yield Finding(
        "TY112",
        0,
        0,
        f"File is not UTF-8; decoded as {doc.encoding} (cleaned copies keep that encoding). "
        "No automatic fix: convert it to UTF-8 if your pipeline expects that",
        data={"encoding": doc.encoding},
    )
