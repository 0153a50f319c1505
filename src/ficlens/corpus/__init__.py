"""Many works at once: a Parquet dataset of works, characters, spans and interactions.

``run_corpus`` reads every work under some inputs (files, folders, glob
patterns, zip archives), analyses them on local processes or a Dask cluster,
and writes the tables documented in ``docs/corpus.md`` in committed batches;
``query`` runs DuckDB SQL over them.

>>> SCHEMA_ID
'ficlens-corpus/1'
"""

from __future__ import annotations

from ficlens.corpus.config import CorpusOptions
from ficlens.corpus.run import CorpusReport, run_corpus
from ficlens.corpus.schema import SCHEMA_ID, TABLES

__all__ = ["SCHEMA_ID", "TABLES", "CorpusOptions", "CorpusReport", "run_corpus"]
