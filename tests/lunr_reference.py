"""The reference the site's search index is checked against: lunr.py's own Builder, indexing with
sitegen's tokenizer (``tokens.index_tokens``) and searching with ``tokens.tokens``, the long way."""

from __future__ import annotations

from lunr.builder import Builder

from sitegen import tokens


def builder() -> Builder:
    """A lunr.py Builder with sitegen's pipeline functions: the index lunr_index.py writes, built by lunr."""
    tokens.register()
    b = Builder()
    b.pipeline.reset()
    b.search_pipeline.reset()
    b.pipeline.add(tokens.cjk_index_pipeline_function)
    b.search_pipeline.add(tokens.cjk_pipeline_function)
    return b
