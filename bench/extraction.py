"""How much of a saved web page's article reader keeps, and how much of the page around it.

Scored the way trafilatura's maintainers score extractors (their ``tests/comparison.py``), on
their public evaluation set: 990 saved pages, each with snippets of the article that must be in
the extracted text and snippets of the page around it (menus, teasers, comments, footers) that
must not. A kept "with" snippet is a true positive, a lost one a false negative; a kept
"without" snippet a false positive. Precision, recall and F1 over all snippets.

The data is not in this repository (it is trafilatura's, 60 MB): point ``--data`` at a copy of
that repository's ``tests`` folder (``evaldata.json`` with ``eval/`` and ``cache/``).
The second public set, Zyte's article-extraction-benchmark (181 pages, the whole article text as
ground truth, scored by its own ``evaluate.py`` on word shingles), is served by
``--predictions PATH`` (PATH: a copy of that repository): it writes reader's and trafilatura's
extractions of ``html/*.html.gz`` to ``PATH/output/`` for ``evaluate.py`` to score.

``python -m bench.extraction --data PATH`` scores reader's extraction (what ``reader show``
prints: headline, then paragraphs), and in the same run trafilatura alone (its own decoding and
title and main text, comments left out, as reader asks; not its metadata header, whose page
description would count as article text) and reader's own HTML parser alone (the
fallback when the extractor finds nothing), with the time per page of each and the pages each
refused (no text at all, though the page has article snippets).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Score:
    true_positives: int = 0
    false_negatives: int = 0
    false_positives: int = 0
    true_negatives: int = 0
    refused: int = 0  # pages with article snippets of which nothing was extracted

    def add(self, text: str, wanted: list[str], unwanted: list[str]) -> None:
        for snippet in wanted:
            if snippet in text:
                self.true_positives += 1
            else:
                self.false_negatives += 1
        for snippet in unwanted:
            if snippet in text:
                self.false_positives += 1
            else:
                self.true_negatives += 1

    @property
    def precision(self) -> float:
        return self.true_positives / max(self.true_positives + self.false_positives, 1)

    @property
    def recall(self) -> float:
        return self.true_positives / max(self.true_positives + self.false_negatives, 1)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def furniture_kept(self) -> float:
        """The share of the "without" snippets that were kept."""
        return self.false_positives / max(self.false_positives + self.true_negatives, 1)


def reader_text(path: Path) -> str:
    """The article as reader shows it: headline, then paragraphs ("" when it finds none)."""
    from reader.core.articles.model import Article
    from reader.core.articles.parsing import load_article

    article = load_article(path, detect_languages=False)
    if not isinstance(article, Article):
        return ""
    units = [article.headline.text] if article.headline else []
    return "\n".join(units + [p.text for p in article.paragraphs])


def trafilatura_text(path: Path) -> str:
    import trafilatura
    from trafilatura.settings import set_date_params

    found = trafilatura.bare_extraction(
        path.read_bytes(),
        include_comments=False,
        with_metadata=True,
        date_extraction_params=set_date_params(extensive=False),
    )
    if not isinstance(found, trafilatura.settings.Document):
        return ""
    return "\n".join(part for part in (found.title, found.text) if part)


def own_parser_text(path: Path) -> str:
    """reader's own HTML parser alone, on the page decoded as reader decodes it."""
    from reader.core.articles.html import read_page
    from reader.core.files.decoding import NotText, decode_text

    try:
        text, _ = decode_text(path.read_bytes(), html=True)
    except NotText:
        return ""
    document = read_page(text)
    return "\n".join(([document.headline] if document.headline else []) + document.blocks)


def evaluate(data: Path, extract: Callable[[Path], str]) -> tuple[Score, list[float]]:
    cases = json.loads((data / "evaldata.json").read_text(encoding="utf-8"))
    score = Score()
    seconds = []
    for case in cases.values():
        path = data / "eval" / case["file"]
        if not path.exists():
            path = data / "cache" / case["file"]
        start = time.perf_counter()
        text = " ".join(extract(path).split())
        seconds.append(time.perf_counter() - start)
        if not text and case.get("with"):
            score.refused += 1
        score.add(
            text,
            [" ".join(s.split()) for s in case.get("with", [])],
            [" ".join(s.split()) for s in case.get("without", [])],
        )
    return score, seconds


def write_predictions(benchmark: Path) -> None:
    """reader's and trafilatura's article text of each page, as the benchmark's ``output/NAME.json``
    files (``{page: {"articleBody": text}}``)."""
    import gzip
    import tempfile

    output = benchmark / "output"
    output.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        predictions: dict[str, dict[str, dict[str, str]]] = {"reader": {}, "trafilatura": {}}
        for page in sorted((benchmark / "html").glob("*.html.gz")):
            key = page.name.removesuffix(".html.gz")
            path = Path(folder) / f"{key}.html"
            path.write_bytes(gzip.decompress(page.read_bytes()))
            for name, extract in (("reader", reader_text), ("trafilatura", trafilatura_text)):
                predictions[name][key] = {"articleBody": extract(path)}
    for name, predicted in predictions.items():
        (output / f"{name}.json").write_text(json.dumps(predicted, ensure_ascii=False))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction", description=__doc__)
    parser.add_argument("--data", type=Path, help="trafilatura's tests folder")
    parser.add_argument("--predictions", type=Path, help="article-extraction-benchmark's folder")
    args = parser.parse_args()
    if args.predictions is not None:
        write_predictions(args.predictions)
        return 0
    if args.data is None:
        parser.error("--data or --predictions is needed")
    rows = []
    for name, extract in (
        ("reader", reader_text),
        ("trafilatura alone", trafilatura_text),
        ("reader's own parser", own_parser_text),
    ):
        score, seconds = evaluate(args.data, extract)
        rows.append(
            f"{name:22} precision {score.precision:.3f}  recall {score.recall:.3f}  "
            f"F1 {score.f1:.3f}  furniture kept {score.furniture_kept:.0%}  "
            f"refused {score.refused}  "
            f"per page median {statistics.median(seconds) * 1000:.0f} ms, "
            f"total {sum(seconds):.1f} s ({len(seconds)} pages)"
        )
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
