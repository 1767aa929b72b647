"""``companion data build``: official raw files -> validated processed tables, atomically.

Everything is read and checked before anything is written. Outputs go to a temporary
folder beside ``--out`` and replace it only when the whole build has succeeded, so a
failed build leaves ``--out`` exactly as it was. Two builds from the same raw files give
byte-identical outputs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from analysis.data import schemas
from analysis.data.datapackage import datapackage
from analysis.data.errors import InputError
from analysis.data.pipeline import boundaries, census, census_profile, cwb, harmonise, lode, mamh, remoteness, sac
from analysis.data.pipeline.io import FileReport
from analysis.data.pipeline.locate import find_one, relative
from analysis.data.pipeline.write import json_text, layer_to_geojson, table_to_csv, write_text
from analysis.data.tableschema import validate_frame

MRC_TOLERANCE_M = 800.0  # coverage simplification of MRC polygons (province-wide maps)
CD_TOLERANCE_M = 800.0


@dataclass
class BuildResult:
    tables: dict[str, pd.DataFrame]
    layers: dict[str, gpd.GeoDataFrame]
    reports: list[FileReport]
    notes: list[str] = field(default_factory=list)
    decree_years: list[int] = field(default_factory=list)


def _sda_file(raw: Path, geojson: str, shapefile: str) -> Path:
    return find_one(raw, [geojson, shapefile, "SDA*.gpkg"], what=f"the SDA layer ({geojson}, {shapefile} or SDA.gpkg)")


def _keep_profile(got: dict, raw: Path, log: Callable[[str], None], result) -> pd.DataFrame:
    """Record what the official Census Profile reader read (reports, notes) and return its frame."""
    census = int(next(c for c in result.frame.columns if c.startswith("csd_name_"))[-4:])
    for report in result.reports:
        got["reports"].append(report)
        log(f"  read {relative(Path(report.path), raw)}: {report.rows_kept} Québec rows")
    note = census_profile.extract_note(raw, census)
    got["census_profile_notes"] += [*([note] if note else []), *result.notes]
    return result.frame


def read_all(raw: Path, log: Callable[[str], None]) -> dict:
    """Read and check every raw source; raises InputError on the first bad file.

    Parameters
    ----------
    raw : pathlib.Path
        The raw folder (files found by name anywhere below it).
    log : callable (str → None)
        Receives one progress line per file read.

    Returns
    -------
    dict
        ``registers`` (list of :class:`~analysis.data.pipeline.mamh.Register`), the frames
        ``ir``, ``lode``, ``sac``, ``commuting``, ``age``, ``census21``, ``cwb``, ``cd``,
        ``mrc_poly``, ``region_poly`` and ``cd_poly`` (as returned by each reader),
        ``reports`` (every :class:`~analysis.data.pipeline.io.FileReport`) and
        ``census_profile_notes`` (which official Census Profile files replaced the
        extracts, and how their characteristics were matched; empty without them).

    Raises
    ------
    InputError
        When a source file is missing, found twice, or not what the official source
        publishes (from each reader).

    References
    ----------
    The official sources of :data:`analysis.data.sources.SOURCES`.
    """
    got: dict = {"reports": []}

    def keep(result):
        frame, report = result
        got["reports"].append(report)
        log(f"  read {relative(Path(report.path), raw)}: {report.rows_kept} Québec rows")
        return frame

    got["registers"] = mamh.read_registers(raw)
    for register in got["registers"]:
        got["reports"].append(register.report)
        log(
            f"  read {relative(Path(register.report.path), raw)}: register {register.vintage}, {len(register.frame)} entities"
        )
    got["ir"] = keep(
        remoteness.read_remoteness(find_one(raw, ["2016IR_DATABASE.csv"], what="the 2016 Index of Remoteness"))
    )
    got["lode"] = keep(
        lode.read_lode(
            find_one(raw, ["csd2016_qc_rural_flag_pop2016_bbox.csv", "csd2016_*_bbox.csv"], what="the LODE 2016 file")
        )
    )
    sac_frame, sac_reports = sac.read_sac(raw, got["ir"]["csd_uid"])
    got["reports"] += sac_reports
    got["sac"] = sac_frame
    log(
        f"  read the SAC 2016 lists ({len(sac_reports)} files): {int(sac_frame['sac_class_inferred'].sum())} Québec CSDs in no list (No MIZ, inferred)"
    )
    # Census 2016 and 2021: the official Census Profile downloads when present (census_profile.py),
    # else the extracts. The official file wins; the build report says which was read.
    got["census_profile_notes"] = []
    profile16 = census_profile.choose(raw, 2016, log)
    if profile16:
        frame16 = _keep_profile(got, raw, log, census_profile.read_census_profile(profile16, 2016))
        got["commuting"] = frame16.drop(columns=list(census_profile.AGE_COLUMNS_2016))
        got["age"] = frame16[["csd_uid", *census_profile.AGE_COLUMNS_2016]]
    else:
        got["commuting"] = keep(
            census.read_commuting_2016(
                find_one(
                    raw, ["total_csd_info_2016_quebec.csv", "total_csd_info_2016*.csv"], what="the 2016 commuting table"
                )
            )
        )
        got["age"] = keep(
            census.read_age_2016(
                find_one(
                    raw, ["csd_age_cohorts_2016_quebec.csv", "csd_age_cohorts_2016*.csv"], what="the 2016 age table"
                )
            )
        )
    profile21 = census_profile.choose(raw, 2021, log)
    if profile21:
        got["census21"] = _keep_profile(got, raw, log, census_profile.read_census_profile(profile21, 2021))
    else:
        got["census21"] = keep(
            census.read_census_2021(
                find_one(
                    raw,
                    ["census2021_csd_quebec_indicators.csv", "census2021_csd_*.csv"],
                    what="the 2021 census indicators",
                )
            )
        )
    got["cwb"] = keep(cwb.read_cwb(find_one(raw, ["CWB_2021.csv"], what="the Community Well-Being 2021 file")))
    got["cd"] = keep(
        census.read_census_divisions(
            find_one(raw, ["master_census_data_2021.csv"], what="the 2021 census-division table")
        )
    )
    got["mrc_poly"] = keep(boundaries.read_sda_mrc(_sda_file(raw, "qc-mrc.geojson", "mrc_s.shp")))
    got["region_poly"] = keep(boundaries.read_sda_regions(_sda_file(raw, "qc-regions.geojson", "regio_s.shp")))
    got["cd_poly"] = keep(
        boundaries.read_cd_boundaries(
            find_one(
                raw, ["lcd_000b21a_e*.geojson", "lcd_000b21a_e*.shp"], what="the StatCan census-division boundary file"
            )
        )
    )
    return got


def _locator(register: pd.DataFrame, lon: pd.Series, lat: pd.Series, mrc_poly: gpd.GeoDataFrame):
    polygons = mrc_poly.set_index("mrc_code").geometry

    def locate(i, candidates):
        if pd.isna(lon[i]) or pd.isna(lat[i]):
            return ""
        point = shapely.Point(lon[i], lat[i])
        inside = [c for c in candidates if c in polygons.index and polygons[c].contains(point)]
        if len(inside) == 1:
            return inside[0]
        distances = sorted((polygons[c].distance(point), c) for c in candidates if c in polygons.index)
        return distances[0][1] if distances else ""

    return locate


def assemble(got: dict) -> BuildResult:
    """Pure assembly of every output table from the read sources."""
    registers = got["registers"]
    current = registers[-1].frame.copy()
    notes: list[str] = []

    geo16 = got["ir"].merge(got["lode"], on="csd_uid", how="outer").merge(got["sac"], on="csd_uid", how="left")
    geo16 = geo16.merge(got["commuting"], on="csd_uid", how="outer").merge(got["age"], on="csd_uid", how="outer")
    for label, frame in (("LODE", got["lode"]), ("2016 commuting", got["commuting"]), ("2016 age", got["age"])):
        odd = set(frame["csd_uid"]) ^ set(got["ir"]["csd_uid"])
        if odd:
            notes.append(f"{label} and the Index of Remoteness differ on {len(odd)} 2016 codes: {sorted(odd)[:8]}")
    geo16["name"] = geo16["csd_name"].fillna(geo16["csd_name_2016"])
    geo21 = got["census21"].merge(got["cwb"], on="csd_uid", how="outer")
    odd = set(got["census21"]["csd_uid"]) ^ set(got["cwb"]["csd_uid"])
    if odd:
        notes.append(f"2021 census and CWB files differ on {len(odd)} codes: {sorted(odd)[:8]}")
    geo21["name"] = geo21["csd_name_2021"].fillna("")

    links16 = harmonise.orphans(geo16[["csd_uid", "name"]], current, "census_2016")
    links21 = harmonise.orphans(geo21[["csd_uid", "name"]], current, "census_2021")
    older = [harmonise.register_orphans(r.frame, current, r.vintage) for r in registers[:-1]]
    changes = harmonise.code_changes([links16, links21, *older], current)

    columns16 = [
        "remoteness_2016",
        "sac_class_2016",
        "sac_class_inferred_2016",
        "cmaca_uid_2016",
        "cmaca_name_2016",
        "rural_urban_2016",
        "pop_census_2016",
        "commuters_2016",
        "commute_within_csd_pct_2016",
        "commute_within_cd_pct_2016",
        "commute_other_cd_pct_2016",
        "commute_other_province_pct_2016",
        "age_0_14_pct_2016",
        "age_65_plus_pct_2016",
        "lon",
        "lat",
        "_xmin",
        "_xmax",
        "_ymin",
        "_ymax",
    ]
    columns16 += [c for c in census_profile.NEW_COLUMNS if c in geo16.columns]  # official Census Profile only
    values16 = geo16.rename(
        columns={
            "remoteness": "remoteness_2016",
            "sac_class": "sac_class_2016",
            "sac_class_inferred": "sac_class_inferred_2016",
            "cmaca_uid": "cmaca_uid_2016",
            "cmaca_name": "cmaca_name_2016",
        }
    )
    values16 = values16.rename(columns={"xmin": "_xmin", "xmax": "_xmax", "ymin": "_ymin", "ymax": "_ymax"})
    names16 = geo16.set_index("csd_uid")["name"]
    aligned16, status16, note16 = harmonise.carry_over(
        current,
        values16[["csd_uid", *columns16]],
        links16,
        counts=["pop_census_2016", "commuters_2016"],
        names=names16,
        label="2016",
    )
    # A merged entity's location: centre of its predecessors' combined bounding boxes.
    for i in current.index[status16 == "merged"]:
        parts = links16.loc[links16["successor_code"] == current.at[i, "mamh_code"], "csd_uid"]
        block = values16.set_index("csd_uid").loc[parts]
        aligned16.loc[i, "lon"] = (block["_xmin"].min() + block["_xmax"].max()) / 2
        aligned16.loc[i, "lat"] = (block["_ymin"].min() + block["_ymax"].max()) / 2
    columns21 = [
        "pop_census_2021",
        "pop_change_2016_2021_pct",
        *[
            c
            for c in got["census21"].columns
            if c not in ("csd_uid", "csd_name_2021", "pop_census_2021", "pop_change_2016_2021_pct")
        ],
        "cwb",
        "cwb_income",
        "cwb_education",
        "cwb_housing",
        "cwb_labour",
        "community_type",
    ]
    values21 = geo21.rename(
        columns={
            c: f"{c}_2021"
            for c in ("cwb", "cwb_income", "cwb_education", "cwb_housing", "cwb_labour", "community_type")
        }
    )
    columns21 = [c if not c.startswith("cwb") and c != "community_type" else f"{c}_2021" for c in columns21]
    names21 = geo21.set_index("csd_uid")["name"]
    aligned21, status21, note21 = harmonise.carry_over(
        current,
        values21[["csd_uid", *columns21]],
        links21,
        counts=["pop_census_2021"],
        names=names21,
        label="2021",
    )

    muni = current.copy()
    muni["csd_uid"] = "24" + muni["mamh_code"]
    muni = pd.concat([muni, aligned16.drop(columns=["_xmin", "_xmax", "_ymin", "_ymax"]), aligned21], axis=1)
    muni["location_method"] = "none"
    muni.loc[muni["lon"].notna(), "location_method"] = "bbox_centre"
    muni.loc[(status16 == "merged") & muni["lon"].notna(), "location_method"] = "merged_bbox_centre"
    muni["lon"] = muni["lon"].astype("float64").round(5)
    muni["lat"] = muni["lat"].astype("float64").round(5)
    muni["join_status"] = harmonise.combine_status(status16, status21)
    muni["join_note"] = ["; ".join(n for n in pair if n) for pair in zip(note16, note21)]
    muni["cd_uid"] = "24" + muni["cd_code"]

    decree_years = []
    for register in registers:
        column = f"pop_decree_{register.decree_year}"
        decree_years.append(register.decree_year)
        muni[column] = muni["mamh_code"].map(register.frame.set_index("mamh_code")["pop_decree"]).astype("Int64")

    mrc_poly = got["mrc_poly"]
    region_poly = got["region_poly"]
    locate = _locator(muni, muni["lon"], muni["lat"], mrc_poly)
    muni["mrc_code"], muni["mrc_assignment"] = harmonise.assign_mrc(muni, mrc_poly["mrc_code"], locate)
    unplaced = muni["mrc_code"] == ""
    muni.loc[unplaced, "mrc_assignment"] = "unplaced"
    for r in muni[unplaced].itertuples():
        notes.append(
            f"{r.mamh_code} {r.name} ({r.designation}): no location and several SDA units in census division {r.cd_code}; left out of the MRC sums"
        )
    mrc_names = mrc_poly.set_index("mrc_code")["mrc_name"]
    muni["mrc_name"] = muni["mrc_code"].map(mrc_names)
    region_names = region_poly.set_index("region_code")["region_name"]
    unknown = ~muni["region_code"].isin(region_names.index)
    if unknown.any():
        raise InputError(
            registers[-1].report.path,
            "region codes that are not in the SDA region layer",
            column="regadm",
            examples=[f"{r.mamh_code} {r.name}: {r.region_code}" for r in muni[unknown].head(5).itertuples()],
        )
    muni["region_name"] = muni["region_code"].map(region_names)
    mrc_region = mrc_poly.set_index("mrc_code")["region_code"]
    mismatch = muni[~unplaced & (muni["mrc_code"].map(mrc_region) != muni["region_code"])]
    for r in mismatch.itertuples():
        notes.append(
            f"{r.mamh_code} {r.name}: register region {r.region_code} but its MRC {r.mrc_code} is in region {mrc_region[r.mrc_code]}"
        )
    muni = muni.sort_values("csd_uid").reset_index(drop=True)

    decree_columns = [f"pop_decree_{y}" for y in decree_years]
    mrc_table = mrc_poly.drop(columns="geometry").set_index("mrc_code")
    mrc_table["region_name"] = mrc_table["region_code"].map(region_names).fillna(mrc_table["region_name"])
    cd = got["cd"].set_index("cd_uid")
    mrc_table["cd_uid"] = ["24" + c if len(c) == 2 and ("24" + c) in cd.index else "" for c in mrc_table.index]
    mrc_table["cd_pop_2021"] = mrc_table["cd_uid"].map(cd["cd_pop_2021"]).astype("Int64")
    mrc_table = mrc_table.join(harmonise.population_summary(muni, "mrc_code", decree_columns))
    mrc_table["n_entities"] = mrc_table["n_entities"].fillna(0).astype("Int64")
    mrc_table["land_area_km2"] = muni.groupby("mrc_code")["area_land_km2"].sum(min_count=1).round(2)
    mrc_table = mrc_table.reset_index()

    region_table = region_poly.drop(columns="geometry").set_index("region_code")
    region_table["n_mrc"] = mrc_poly.groupby("region_code").size()
    region_table = region_table.join(harmonise.population_summary(muni, "region_code", decree_columns)).reset_index()

    cd_table = got["cd"].copy()
    cd_table["mrc_code"] = [c[2:] if c[2:] in set(mrc_poly["mrc_code"]) else "" for c in cd_table["cd_uid"]]

    simplified = boundaries.simplify_coverage(mrc_poly.geometry, MRC_TOLERANCE_M)
    mrc_layer = gpd.GeoDataFrame(
        mrc_poly[["mrc_code", "mrc_name", "region_code"]], geometry=simplified.values, crs="EPSG:4326"
    )
    region_layer = mrc_layer.dissolve(by="region_code", as_index=False)[["region_code", "geometry"]]
    region_layer["region_name"] = region_layer["region_code"].map(region_names)
    region_layer = region_layer[["region_code", "region_name", "geometry"]]
    area_sda = region_poly.to_crs(boundaries.QUEBEC_LAMBERT).set_index("region_code").area
    area_union = region_layer.to_crs(boundaries.QUEBEC_LAMBERT).set_index("region_code").area
    gap = (100 * (area_union - area_sda).abs() / area_sda).round(2)
    for code, pct in gap[gap > 1].items():
        notes.append(f"region {code}: union of its MRCs differs from the SDA region polygon by {pct} % of its area")
    cd_layer = got["cd_poly"].copy()
    cd_layer["geometry"] = boundaries.simplify_coverage(cd_layer.geometry, CD_TOLERANCE_M).values

    notes += got.get("census_profile_notes", [])  # official Census Profile: which file, how matched
    tables = {
        "municipalities": muni,
        "mrc": mrc_table,
        "regions": region_table,
        "census_divisions": cd_table,
        "code_changes": changes,
    }
    layers = {"mrc_polygons": mrc_layer, "region_polygons": region_layer, "census_division_polygons": cd_layer}
    return BuildResult(tables=tables, layers=layers, reports=got["reports"], notes=notes, decree_years=decree_years)


def render(result: BuildResult, raw: Path) -> dict[str, str]:
    """File name (relative to the output folder) -> text, validated against the schemas."""
    files: dict[str, str] = {}
    problems = []
    for schema in schemas.processed_schemas(result.decree_years):
        schema = schemas.with_census_profile(schema, result.tables["municipalities"].columns)
        name = schema.path.split("/", 1)[1]
        if schema.geometry:
            layer = result.layers[schema.name].sort_values(schema.primary_key[0]).reset_index(drop=True)
            problems += validate_frame(layer.drop(columns="geometry").astype(str), schema)
            files[name] = layer_to_geojson(layer, schema)
        else:
            frame = result.tables[schema.name]
            text = table_to_csv(frame, schema)
            from io import StringIO

            problems += validate_frame(pd.read_csv(StringIO(text), dtype=str, keep_default_na=False), schema)
            files[name] = text
    if problems:
        raise InputError(
            raw,
            "the tables built from these raw files break their schema (are some files truncated or from another vintage?)",
            examples=[str(p).replace("\n", " ") for p in problems[:6]],
            hint="check the files named in the problems above against the official downloads",
        )
    files["build_report.json"] = json_text(build_report(result, raw))
    return files


def build_report(result: BuildResult, raw: Path) -> dict:
    muni = result.tables["municipalities"]
    changes = result.tables["code_changes"]
    return {
        "files_read": [
            {
                "file": relative(Path(r.path), raw),
                "sha256": r.sha256,
                "encoding": r.encoding,
                "rows_read": r.rows_read,
                "rows_kept": r.rows_kept,
                "missing_values": dict(sorted(r.missing.items())),
            }
            for r in sorted(result.reports, key=lambda r: relative(Path(r.path), raw))
        ],
        "outputs": {name: len(frame) for name, frame in sorted({**result.tables, **result.layers}.items())},
        "join_status": {k: int(v) for k, v in muni["join_status"].value_counts().sort_index().items()},
        "code_changes": {f"{v}:{s}": int(n) for (v, s), n in changes.groupby(["vintage", "status"]).size().items()},
        "notes": result.notes,
    }


def write_atomically(files: dict[str, str], out: Path, extra: dict[Path, str] | None = None) -> None:
    """Write ``files`` into a fresh folder and swap it in place of ``out`` only at the end."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for name, text in files.items():
            write_text(staging / name, text)
        extra_staged = {}
        for target, text in (extra or {}).items():
            temp = target.with_name(f".{target.name}.tmp")
            write_text(temp, text)
            extra_staged[temp] = target
        previous = None
        if out.exists():
            previous = out.with_name(f".{out.name}.old")
            if previous.exists():
                shutil.rmtree(previous)
            os.replace(out, previous)
        staging.chmod(0o755)
        os.replace(staging, out)
        for temp, target in extra_staged.items():
            os.replace(temp, target)
        if previous is not None:
            shutil.rmtree(previous)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def build(raw: Path, out: Path, log: Callable[[str], None] = print) -> BuildResult:
    """Read ``raw``, assemble, validate and write the processed tables into ``out``.

    Everything is read and checked before anything is written; ``out`` is replaced only
    when the whole build has succeeded. When ``out`` is a folder named ``processed``,
    ``datapackage.json`` is written beside it.

    Parameters
    ----------
    raw : pathlib.Path
        The raw folder of official files (``--raw``, ``$COMPANION_RAW``).
    out : pathlib.Path
        The folder of processed tables to (re)create, e.g. ``data/processed``.
    log : callable (str → None), default ``print``
        Receives the progress lines and the build report.

    Returns
    -------
    BuildResult
        The tables, layers and file reports, notes and decree years of the build.

    Raises
    ------
    InputError
        When the raw folder does not exist, a raw file is missing or bad
        (:func:`read_all`), or the assembled tables break their schemas.
    """
    raw = Path(raw)
    if not raw.is_dir():
        raise InputError(raw, "the raw data folder does not exist", hint="pass --raw DIR or set COMPANION_RAW")
    log(f"reading official files from {raw}")
    got = read_all(raw, log)
    result = assemble(got)
    files = render(result, raw)
    extra = {}
    if Path(out).name == "processed":
        extra[Path(out).resolve().parent / "datapackage.json"] = json_text(
            datapackage(result.decree_years, census_profile=result.tables["municipalities"].columns)
        )
    write_atomically(files, Path(out), extra)
    summarise(result, log)
    log(f"wrote {len(files)} files to {out}")
    return result


def summarise(result: BuildResult, log: Callable[[str], None]) -> None:
    muni = result.tables["municipalities"]
    log("build report")
    log(f"  municipalities: {len(muni)} entities of the current register")
    for status, count in muni["join_status"].value_counts().sort_index().items():
        log(f"    join {status}: {count}")
    missing = {r.path: r.missing for r in result.reports if r.missing}
    total = sum(sum(m.values()) for m in missing.values())
    log(f"  suppressed or not-computed values turned into missing values: {total}")
    for path, counts in sorted(missing.items()):
        log(f"    {Path(path).name}: " + ", ".join(f"{c} {n}" for c, n in sorted(counts.items())))
    changes = result.tables["code_changes"]
    log(
        f"  codes not in the current register: {len(changes)} (merged {int((changes.status == 'merged').sum())}, "
        f"recoded {int((changes.status == 'recoded').sum())}, absent {int((changes.status == 'absent').sum())})"
    )
    for row in changes[changes["status"] == "absent"].itertuples():
        log(f"    {row.vintage} {row.code} {row.name}: {row.evidence}")
    for name in ("mrc", "regions", "census_divisions"):
        log(f"  {name}: {len(result.tables[name])} rows")
    for note in result.notes:
        log(f"  note: {note}")
