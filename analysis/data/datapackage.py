"""``data/datapackage.json``: a Frictionless Data Package describing every table.

Generated from the schemas (:mod:`analysis.data.schemas`) and the source registry
(:mod:`analysis.data.sources`), so it cannot drift from what the pipeline writes and what
``companion data check`` validates.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from analysis.data import schemas
from analysis.data.sources import CC_BY_4, SOURCES
from analysis.data.tableschema import TableSchema, read_text_csv

PROJECT_LICENCE = {"name": "CC-BY-4.0", "title": CC_BY_4[0], "path": CC_BY_4[1]}


def resource(schema: TableSchema) -> dict:
    """One Data Package resource.

    Parameters
    ----------
    schema : analysis.data.tableschema.TableSchema

    Returns
    -------
    dict
        ``name``, ``path``, ``title``, ``description``, ``format`` (csv or geojson),
        ``mediatype``, ``encoding``, ``vintage``, ``sources`` (publisher, title, URL,
        licence, vintage and attribution of each official source), ``provenance`` (where
        the exact raw files, vintages and checksums of a build are recorded), ``licenses`` (those
        of the sources, or CC BY 4.0 for a curated table) and ``schema`` (the Frictionless
        fields and ``primaryKey``); plus ``licence_note`` and ``crs`` where they apply.

    Raises
    ------
    KeyError
        When a key of ``schema.sources`` is not in :data:`analysis.data.sources.SOURCES`.

    References
    ----------
    Frictionless Data, Data Package and Table Schema specifications
    (https://specs.frictionlessdata.io/).
    """
    sources = [SOURCES[key] for key in schema.sources]
    licences = sorted({(s.licence, s.licence_url) for s in sources}) or [(CC_BY_4[0], CC_BY_4[1])]
    out = {
        "name": schema.name,
        "path": schema.path,
        "title": schema.title,
        "description": schema.description,
        "format": "geojson" if schema.geometry else "csv",
        "mediatype": "application/geo+json" if schema.geometry else "text/csv",
        "encoding": "utf-8",
        "vintage": schema.vintage,
        "sources": [s.as_datapackage() for s in sources],
        "provenance": (
            f"processed/build_report.json, 'tables' → '{schema.name}': the raw files this table was built from, "
            "with their source, vintage and SHA-256"
            if schema.path.startswith("processed/")
            else "curated by hand; every row names its source"
        ),
        "licenses": [{"title": title, "path": path} for title, path in licences],
        "schema": {"fields": [f.as_frictionless() for f in schema.fields]},
    }
    if schema.primary_key:
        out["schema"]["primaryKey"] = list(schema.primary_key)
    if schema.licence:
        out["licence_note"] = schema.licence
    if schema.geometry:
        out["crs"] = "EPSG:4326 (RFC 7946 longitude/latitude)"
    return out


def datapackage(decree_years: Iterable[int], census_profile: Iterable[str] = ()) -> dict:
    """The whole descriptor for a data folder whose register vintages give ``decree_years``.

    Parameters
    ----------
    decree_years : iterable of int
        The years of the ``pop_decree_<year>`` columns of the municipal tables
        (:func:`analysis.data.schemas.decree_years_in`).
    census_profile : iterable of str, default ()
        The header of the municipal table (or any list of its columns): the Census
        Profile measures it holds are described too
        (:func:`analysis.data.schemas.with_census_profile`).

    Returns
    -------
    dict
        The ``datapackage.json`` document: ``profile``, ``name``, ``title``,
        ``description``, ``licenses`` (CC BY 4.0 for the compilation) and ``resources``
        (:func:`resource` of every processed and case table).

    References
    ----------
    Frictionless Data, Data Package and Table Schema specifications
    (https://specs.frictionlessdata.io/).
    """
    census_profile = list(census_profile)
    processed = [schemas.with_census_profile(s, census_profile) for s in schemas.processed_schemas(decree_years)]
    tables = [*processed, *schemas.CASE_SCHEMAS]
    return {
        "profile": "data-package",
        "name": "klein-companion-data",
        "title": "Data of the Klein companion: Québec territories and the Saint-Camille case",
        "description": (
            "Processed tables built by `companion data build` from official Québec and Canadian files (never "
            "committed raw), and curated Saint-Camille case tables. Each resource names the official sources to "
            "cite and their licences."
        ),
        "licenses": [PROJECT_LICENCE],
        "resources": [resource(t) for t in tables],
    }


def for_folder(data: Path) -> dict:
    """The descriptor of a data folder: :func:`datapackage` for the columns of its municipal table.

    Parameters
    ----------
    data : pathlib.Path
        A data folder (``processed/municipalities.csv`` gives the decree years, the later
        editions of the Index of Remoteness and the Census Profile measures present).

    Returns
    -------
    dict
        What ``companion data package`` writes to ``datapackage.json``; its texts are
        strings, some of them :class:`analysis.i18n.Composed` (how the appendix writes them
        in another language).

    Raises
    ------
    FileNotFoundError
        When the folder has no ``processed/municipalities.csv``.
    UnicodeDecodeError, pandas.errors.ParserError
        When that table cannot be read (:func:`analysis.data.tableschema.read_text_csv`).
    """
    header = list(read_text_csv(Path(data) / "processed" / "municipalities.csv").columns)
    return datapackage(schemas.decree_years_in(header), census_profile=header)
