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
from analysis.data.pipeline import (
    boundaries,
    census,
    census_profile,
    cwb,
    harmonise,
    lode,
    mamh,
    odcaf,
    remoteness,
    sac,
    vintages,
)
from analysis.data.pipeline.io import FileReport
from analysis.data.pipeline.locate import archives_with, find_all, find_editions, find_one, relative
from analysis.data.pipeline.write import json_text, layer_to_geojson, table_to_csv, write_text
from analysis.data.tableschema import validate_frame
from analysis.vocabulary import CA, CMA

MRC_TOLERANCE_M = 800.0  # coverage simplification of MRC polygons (province-wide maps)
MUNICIPAL_TOLERANCE_M = 400.0  # municipal polygons: small municipalities are a few km wide
CD_TOLERANCE_M = 800.0


@dataclass
class BuildResult:
    tables: dict[str, pd.DataFrame]
    layers: dict[str, gpd.GeoDataFrame]
    reports: list[FileReport]
    notes: list[str] = field(default_factory=list)
    decree_years: list[int] = field(default_factory=list)
    joins: dict[str, dict[str, int]] = field(default_factory=dict)


def _sda_file(raw: Path, geojson: str, shapefile: str) -> Path:
    return find_one(raw, [geojson, shapefile, "SDA*.gpkg"], what=f"the SDA layer ({geojson}, {shapefile} or SDA.gpkg)")


def _keep_profile(got: dict, raw: Path, log: Callable[[str], None], result) -> pd.DataFrame:
    """Record what the official Census Profile reader read (reports, notes) and return its frame."""
    census = int(next(c for c in result.frame.columns if c.startswith("csd_name_"))[-4:])
    for report in result.reports:
        report.source, report.vintage = f"census_{census}", str(census)
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

    def keep(result, source: str, vintage: str = ""):
        frame, report = result
        report.source = source
        report.vintage = report.vintage or vintage
        got["reports"].append(report)
        log(f"  read {relative(Path(report.path), raw)}: {report.rows_kept} Québec rows")
        return frame

    got["registers"] = mamh.read_registers(raw)
    for register in got["registers"]:
        register.report.source = "mamh_register"
        got["reports"].append(register.report)
        log(
            f"  read {relative(Path(register.report.path), raw)}: register {register.vintage}, {len(register.frame)} entities"
        )
    got["notes"] = []
    ir_files = find_editions(raw, remoteness.FILE_NAME)
    got["ir"] = keep(
        remoteness.read_remoteness(_edition(raw, ir_files, 2016, "the 2016 Index of Remoteness", got)),
        "remoteness_2016",
    )
    got["lode"] = keep(_read_lode(raw, got), "lode_2016")
    sac_frame, sac_reports = sac.read_sac(raw, got["ir"]["csd_uid"])
    for report in sac_reports:
        report.source, report.vintage = "sac_2016", "2016"
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
            ),
            "census_2016",
            "2016",
        )
        got["age"] = keep(
            census.read_age_2016(
                find_one(
                    raw, ["csd_age_cohorts_2016_quebec.csv", "csd_age_cohorts_2016*.csv"], what="the 2016 age table"
                )
            ),
            "census_2016",
            "2016",
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
            ),
            "census_2021",
            "2021",
        )
    cwb_files = _cwb_files(raw, got)
    got["cwb"] = keep(
        cwb.read_cwb(_edition(raw, cwb_files, 2021, "the Community Well-Being 2021 file", got), 2021), "cwb_2021"
    )
    got["cd"] = keep(
        census.read_census_divisions(
            find_one(raw, ["master_census_data_2021.csv"], what="the 2021 census-division table")
        ),
        "census_divisions_2021",
        "2021",
    )
    got["mrc_poly"] = keep(boundaries.read_sda_mrc(_sda_file(raw, "qc-mrc.geojson", "mrc_s.shp")), "sda")
    got["region_poly"] = keep(boundaries.read_sda_regions(_sda_file(raw, "qc-regions.geojson", "regio_s.shp")), "sda")
    got["cd_poly"] = keep(
        boundaries.read_cd_boundaries(
            find_one(
                raw, ["lcd_000b21a_e*.geojson", "lcd_000b21a_e*.shp"], what="the StatCan census-division boundary file"
            )
        ),
        "cd_boundaries_2021",
        "2021",
    )
    _read_optional_editions(raw, got, keep, ir_files, cwb_files, log)
    return got


def _read_lode(raw: Path, got: dict) -> tuple[pd.DataFrame, FileReport]:
    """The viewer's own search index when present (official), else the mirror's derived CSV."""
    search = find_all(raw, "config.search.json")
    if search:
        derived = find_all(raw, "csd2016_*_bbox.csv")
        for path in derived:
            got["notes"].append(f"{relative(path, raw)}: not read, the LODE viewer's own config.search.json is present")
        return lode.read_lode_search(find_one(raw, ["config.search.json"], what="the LODE viewer's search index"))
    return lode.read_lode(
        find_one(
            raw,
            ["csd2016_qc_rural_flag_pop2016_bbox.csv", "csd2016_*_bbox.csv"],
            what="the LODE 2016 file (config.search.json or csd2016_*_bbox.csv)",
        )
    )


def _edition(raw: Path, files: dict[int, list[Path]], year: int, what: str, got: dict) -> Path:
    """The file of one edition: the loose file before an archive holding it; two loose copies stop the build."""
    candidates = files.get(year, [])
    if not candidates:
        raise InputError(raw, f"no file for {what}", hint="see the page 'Rerunning with new data' for the file names")
    loose = [p for p in candidates if p.suffix.lower() != ".zip"]
    chosen = loose or candidates
    if len(chosen) > 1:
        raise InputError(
            raw,
            f"several files for {what}: {[relative(p, raw) for p in chosen]}",
            hint="keep one file per source and vintage in the raw folder",
        )
    for other in candidates:
        if other != chosen[0]:
            got["notes"].append(f"{relative(other, raw)}: not read, {relative(chosen[0], raw)} gives the same edition")
    return chosen[0]


def _cwb_files(raw: Path, got: dict) -> dict[int, list[Path]]:
    """CWB files by year: the official ``CWB_<year>.csv``, else the mirror's transcribed ``cwb<year>_qc.csv``."""
    official = find_editions(raw, cwb.OFFICIAL_NAME, archives=False)
    transcribed = find_editions(raw, cwb.TRANSCRIBED_NAME, archives=False)
    files = dict(official)
    for year, paths in transcribed.items():
        if year in official:
            for path in paths:
                got["notes"].append(f"{relative(path, raw)}: not read, the official CWB {year} file is present")
        else:
            files[year] = paths
    return dict(sorted(files.items()))


def _read_optional_editions(raw: Path, got: dict, keep: Callable, ir_files: dict, cwb_files: dict, log) -> None:
    """The optional editions: the Index of Remoteness 2021, CWB files of other years, ODCAF.

    Each is read when present; when absent, its columns and rows stay empty and the build
    report says so.
    """
    got["ir_editions"] = {}
    for year in ir_files:
        if year != 2016:
            got["ir_editions"][year] = keep(
                remoteness.read_remoteness(_edition(raw, ir_files, year, f"the {year} Index of Remoteness", got)),
                f"remoteness_{year}",
            )
    if 2021 not in got["ir_editions"]:
        got["notes"].append("Index of Remoteness 2021 not found (2021IR_DATABASE.csv or 172600012020001-eng.zip)")
    got["cwb_years"] = {2021: got["cwb"]}
    for year in cwb_files:
        if year != 2021:
            got["cwb_years"][year] = keep(
                cwb.read_cwb(_edition(raw, cwb_files, year, f"the Community Well-Being {year} file", got), year),
                f"cwb_{year}",
            )
    for year in (2006, 2016):
        if year not in got["cwb_years"]:
            got["notes"].append(f"Community Well-Being {year} not found (CWB_{year}.csv or cwb{year}_qc.csv)")
    files = [p for p in find_all(raw, "*") if odcaf.FILE_NAME.fullmatch(p.name)]
    files += sorted({archive for archive, _ in archives_with(raw, odcaf.FILE_NAME)})
    got["odcaf"] = None
    if files:
        got["odcaf"] = keep(odcaf.read_odcaf(_edition(raw, {1: files}, 1, "the ODCAF facilities file", got)), "odcaf")
    else:
        got["notes"].append("ODCAF cultural facilities not found (odcaf.csv or ODCAF_v1.0.csv)")
    got["munic_poly"] = None
    municipal = _municipal_file(raw)
    if municipal is not None:
        got["munic_poly"] = keep(boundaries.read_sda_municipalities(municipal), "sda")
    else:
        got["notes"].append(
            "SDA municipal polygons (munic_s) not found: municipalities.geojson is empty and maps draw points"
        )


def _municipal_file(raw: Path) -> Path | None:
    """The SDA municipal layer: ``munic_s`` as GeoJSON or shapefile, else the SDA GeoPackage if it holds it."""
    patterns = ["munic_s.geojson", "qc-municipalites.geojson", "munic_s.shp"]
    if any(find_all(raw, pattern) for pattern in patterns):
        return find_one(raw, patterns, what="the SDA municipal layer (munic_s)")
    packages = [p for p in find_all(raw, "SDA*.gpkg") if boundaries.has_layer(p, boundaries.MUNICIPAL_LAYER)]
    return packages[0] if len(packages) == 1 else None


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
    if "rural_urban_2016" not in geo16:  # LODE's search index has no flag: LODE's definition, from the SAC
        urban = geo16["sac_class"].isin([CMA, CA])
        geo16["rural_urban_2016"] = urban.map({True: "Urban", False: "Rural"}).where(geo16["sac_class"].notna())
    geo16 = geo16.merge(got["commuting"], on="csd_uid", how="outer").merge(got["age"], on="csd_uid", how="outer")
    for label, frame in (("LODE", got["lode"]), ("2016 commuting", got["commuting"]), ("2016 age", got["age"])):
        odd = set(frame["csd_uid"]) ^ set(got["ir"]["csd_uid"])
        if odd:
            notes.append(f"{label} and the Index of Remoteness differ on {len(odd)} 2016 codes: {sorted(odd)[:8]}")
    geo16["name"] = geo16["csd_name"].fillna(geo16["csd_name_2016"])
    geo21 = got["census21"].merge(got["cwb"].drop(columns="csd_name"), on="csd_uid", how="outer")
    odd = set(got["census21"]["csd_uid"]) ^ set(got["cwb"]["csd_uid"])
    if odd:
        notes.append(f"2021 census and CWB files differ on {len(odd)} codes: {sorted(odd)[:8]}")
    geo21 = vintages_into_2021(geo21, got, notes)
    geo21["name"] = geo21["csd_name_2021"].fillna(geo21["ir_name_2021"]).fillna("")

    links16 = harmonise.orphans(geo16[["csd_uid", "name"]], current, "census_2016")
    links21 = harmonise.orphans(geo21[["csd_uid", "name"]], current, "census_2021")
    older = [harmonise.register_orphans(r.frame, current, r.vintage) for r in registers[:-1]]
    geographies = older_geographies(got, current, geo16, geo21, links16, links21)
    earlier = [g["links"] for year, g in geographies.items() if year not in (2016, 2021)]
    changes = harmonise.code_changes([*earlier, links16, links21, *older], current)

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
        "remoteness_2021",
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
    extra = assemble_older_vintages(got, current, muni, geo16, links16, geographies, notes)
    remoteness_years = newer_remoteness(got, current, muni, geographies)

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
    municipal_layer = municipal_polygons(got.get("munic_poly"), muni, notes)

    notes += got.get("census_profile_notes", [])  # official Census Profile: which file, how matched
    tables = {
        "municipalities": muni,
        "mrc": mrc_table,
        "regions": region_table,
        "census_divisions": cd_table,
        "code_changes": changes,
        "wellbeing_trajectory": extra["wellbeing_trajectory"],
        "cultural_facilities": extra["cultural_facilities"],
    }
    layers = {
        "mrc_polygons": mrc_layer,
        "region_polygons": region_layer,
        "census_division_polygons": cd_layer,
        "municipal_polygons": municipal_layer,
    }
    joins = join_statistics(got, muni, geographies)
    return BuildResult(
        tables=tables,
        layers=layers,
        reports=got["reports"],
        notes=[*got.get("notes", []), *notes],
        decree_years=schemas.Layout(decree_years, remoteness_years=remoteness_years),
        joins=joins,
    )


def municipal_polygons(polygons: gpd.GeoDataFrame | None, muni: pd.DataFrame, notes: list[str]) -> gpd.GeoDataFrame:
    """The simplified municipal polygon layer, on the current register's entities (empty without munic_s).

    Polygons are joined to the register on the MAMH code (``csd_uid`` = ``"24"`` + code);
    codes of the layer that are not in the register, and register entities without a
    polygon, are reported in the notes. The layer is simplified as a coverage, like the
    MRC layer, so neighbours keep sharing their borders.
    """
    columns = [f.name for f in schemas.MUNICIPAL_LAYER.fields]
    if polygons is None:
        return gpd.GeoDataFrame({c: pd.Series(dtype=object) for c in columns}, geometry=[], crs="EPSG:4326")
    register = muni.set_index("mamh_code")
    outside = sorted(set(polygons["mamh_code"]) - set(register.index))
    if outside:
        notes.append(f"SDA munic_s: {len(outside)} codes are not in the current register: {outside[:8]}")
    missing = sorted(set(register.index) - set(polygons["mamh_code"]))
    if missing:
        notes.append(f"SDA munic_s: {len(missing)} register entities have no polygon: {missing[:8]}")
    kept = polygons[polygons["mamh_code"].isin(register.index)].reset_index(drop=True)
    simplified = boundaries.simplify_coverage(kept.geometry, MUNICIPAL_TOLERANCE_M)
    layer = gpd.GeoDataFrame(
        {
            "csd_uid": "24" + kept["mamh_code"],
            "name": kept["mamh_code"].map(register["name"]),
            "mrc_code": kept["mamh_code"].map(register["mrc_code"]).fillna(""),
        },
        geometry=simplified.values,
        crs="EPSG:4326",
    )
    return layer[[*columns, "geometry"]]


def vintages_into_2021(geo21: pd.DataFrame, got: dict, notes: list[str]) -> pd.DataFrame:
    """Add the 2021 Index of Remoteness (same 2021 geography) to the 2021 values."""
    ir21 = got.get("ir_editions", {}).get(2021)
    if ir21 is None:
        geo21["remoteness_2021"] = float("nan")
        geo21["ir_name_2021"] = pd.NA
        return geo21
    odd = set(ir21["csd_uid"]) ^ set(geo21["csd_uid"])
    if odd:
        notes.append(f"2021 census and Index of Remoteness 2021 differ on {len(odd)} codes: {sorted(odd)[:8]}")
    part = ir21[["csd_uid", "remoteness", "csd_name"]].rename(
        columns={"remoteness": "remoteness_2021", "csd_name": "ir_name_2021"}
    )
    return geo21.merge(part, on="csd_uid", how="outer")


def older_geographies(
    got: dict,
    current: pd.DataFrame,
    geo16: pd.DataFrame,
    geo21: pd.DataFrame,
    links16: pd.DataFrame,
    links21: pd.DataFrame,
) -> dict[int, dict]:
    """Each census geography read, with its codes' links to the current register and names.

    2016 and 2021 are the geographies of the municipal table; a CWB file of another year
    (2006, …) brings its own geography, whose codes absent from the register are linked
    with the same crosswalk. Where that file has no name column (the transcribed 2006
    table), a code's name is taken from the 2016 geography when the code exists there,
    else it is unknown.

    Returns year → ``links`` (:func:`harmonise.orphans`), ``names`` (Series by code),
    ``named`` (whether the year's own file carries names) and ``codes``.
    """
    out = {
        2016: {"links": links16, "names": geo16.set_index("csd_uid")["name"], "named": True, "codes": geo16["csd_uid"]},
        2021: {"links": links21, "names": geo21.set_index("csd_uid")["name"], "named": True, "codes": geo21["csd_uid"]},
    }
    names16 = out[2016]["names"]
    years = set(got.get("cwb_years", {})) | set(got.get("ir_editions", {}))
    for year in sorted(years - set(out)):
        named_frames = [
            f[["csd_uid", "csd_name"]]
            for f in (got.get("cwb_years", {}).get(year), got.get("ir_editions", {}).get(year))
            if f is not None
        ]
        both = pd.concat(named_frames, ignore_index=True)
        own = both.sort_values("csd_name", ascending=False).drop_duplicates("csd_uid").set_index("csd_uid")["csd_name"]
        own = own.sort_index()
        names = own.where(own != "", own.index.to_series().map(names16)).fillna("")
        source = pd.DataFrame({"csd_uid": names.index, "name": names.to_numpy()})
        links = harmonise.orphans(source, current, f"census_{year}")
        links["name"] = links["name"].replace("", vintages.NO_NAME)
        out[year] = {"links": links, "names": names, "named": bool((own != "").all()), "codes": own.index.to_series()}
    return dict(sorted(out.items()))


def newer_remoteness(got: dict, current: pd.DataFrame, muni: pd.DataFrame, geographies: dict[int, dict]) -> list[int]:
    """Add ``remoteness_<year>`` for every edition of the Index of Remoteness newer than 2021 (e.g. 2026).

    Each edition is on its own census geography, carried to the current entities like the
    others (merged entities get no index). Returns the years added.
    """
    added = []
    for year, frame in sorted(got.get("ir_editions", {}).items()):
        if year in (2016, 2021):
            continue
        geography = geographies[year]
        linked = vintages.link_year(
            current,
            frame[["csd_uid", "remoteness"]],
            geography["links"],
            geography["names"],
            year=year,
            counts=[],
            named=geography["named"],
        )
        muni[f"remoteness_{year}"] = linked["remoteness"].astype("float64").to_numpy()
        added.append(year)
    return added


def assemble_older_vintages(
    got: dict,
    current: pd.DataFrame,
    muni: pd.DataFrame,
    geo16: pd.DataFrame,
    links16: pd.DataFrame,
    geographies: dict[int, dict],
    notes: list[str],
) -> dict:
    """The CWB trajectory (every year read), its wide columns and the ODCAF facilities.

    Adds to ``muni`` (aligned on ``current``) ``pop_census_2006``, ``cwb_<part>_2006``,
    ``cwb_<part>_2016`` and ``cultural_facilities_2016``; returns the trajectory and
    facility tables.
    """
    linked_years = {}
    for year, frame in sorted(got.get("cwb_years", {}).items()):
        geography = geographies[year]
        outside = sorted(set(frame["csd_uid"]) - set(geography["codes"]))
        if outside:
            notes.append(f"CWB {year}: {len(outside)} codes are not in the {year} census geography: {outside[:8]}")
        linked_years[year] = vintages.link_year(
            current,
            frame.drop(columns="csd_name"),
            geography["links"],
            geography["names"],
            year=year,
            counts=["pop_cwb"],
            named=geography["named"],
        )
    trajectory = vintages.wellbeing_trajectory(current, linked_years)
    for year in (2006, 2016):
        linked = linked_years.get(year)
        for part in ("cwb", "cwb_income", "cwb_education", "cwb_housing", "cwb_labour"):
            muni[f"{part}_{year}"] = linked[part].to_numpy() if linked is not None else float("nan")
    linked = linked_years.get(2006)
    muni["pop_census_2006"] = linked["pop_cwb"].astype("Int64").to_numpy() if linked is not None else pd.NA
    if 2016 in linked_years:
        cwb16 = pd.Series(linked_years[2016]["pop_cwb"].to_numpy(), index=muni.index).astype("Int64")
        differ = muni["pop_census_2016"].notna() & cwb16.notna() & (muni["pop_census_2016"] != cwb16)
        if differ.any():
            notes.append(
                f"CWB 2016 and census 2016 populations differ for {int(differ.sum())} entities: "
                f"{list(muni.loc[differ, 'csd_uid'])[:8]}"
            )
    facilities = got.get("odcaf")
    if facilities is not None:
        counts, current_uid, facility_notes = vintages.facility_counts(
            current, facilities, geo16["csd_uid"], links16, geographies[2016]["names"]
        )
        muni["cultural_facilities_2016"] = counts.to_numpy()
        facilities = facilities.assign(csd_uid=current_uid.to_numpy())
        notes.extend(facility_notes)
    else:
        muni["cultural_facilities_2016"] = pd.NA
        facilities = pd.DataFrame(columns=[f.name for f in schemas.CULTURAL_FACILITIES.fields])
    return {"wellbeing_trajectory": trajectory, "cultural_facilities": facilities}


def join_statistics(got: dict, muni: pd.DataFrame, geographies: dict[int, dict]) -> dict[str, dict[str, int]]:
    """How the codes of each census geography read join the current register.

    For each geography: its Québec codes, how many are codes of the register, and how
    many of the others were linked as merged, recoded or found absent (no successor).
    """
    register = set(muni["csd_uid"])

    def count(codes: set, links: pd.DataFrame) -> dict[str, int]:
        links = links[links["csd_uid"].isin(codes)]
        return {
            "codes": len(codes),
            "in_register": len(codes & register),
            "merged": int((links["status"] == "merged").sum()),
            "recoded": int((links["status"] == "recoded").sum()),
            "absent": int((links["status"] == "absent").sum()),
        }

    out = {f"census_{year}": count(set(g["codes"]), g["links"]) for year, g in geographies.items()}
    for year, frame in sorted(got.get("ir_editions", {}).items()):
        out[f"remoteness_{year}"] = count(set(frame["csd_uid"]), geographies[year]["links"])
    out["remoteness_2016"] = count(set(got["ir"]["csd_uid"]), geographies[2016]["links"])
    for year, frame in sorted(got.get("cwb_years", {}).items()):
        out[f"cwb_{year}"] = count(set(frame["csd_uid"]), geographies[year]["links"])
    return dict(sorted(out.items()))


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
                "source": r.source,
                "sha256": r.sha256,
                "encoding": r.encoding,
                "rows_read": r.rows_read,
                "rows_kept": r.rows_kept,
                "vintage": r.vintage,
                "missing_values": dict(sorted(r.missing.items())),
            }
            for r in sorted(result.reports, key=lambda r: relative(Path(r.path), raw))
        ],
        "outputs": {name: len(frame) for name, frame in sorted({**result.tables, **result.layers}.items())},
        "join_status": {k: int(v) for k, v in muni["join_status"].value_counts().sort_index().items()},
        "code_changes": {f"{v}:{s}": int(n) for (v, s), n in changes.groupby(["vintage", "status"]).size().items()},
        "tables": table_sources(result, raw),
        "joins": result.joins,
        "notes": result.notes,
    }


def table_sources(result: BuildResult, raw: Path) -> dict[str, list[dict[str, str]]]:
    """For each table written, the raw files it was built from: source key, file, vintage and SHA-256."""
    out = {}
    for schema in schemas.processed_schemas(result.decree_years):
        keys = set(schema.sources)
        if schema.name == "wellbeing_trajectory":
            keys |= {r.source for r in result.reports if r.source.startswith("cwb_")}
        out[schema.name] = [
            {"source": r.source, "file": relative(Path(r.path), raw), "vintage": r.vintage, "sha256": r.sha256}
            for r in sorted(result.reports, key=lambda r: (r.source, relative(Path(r.path), raw)))
            if r.source in keys
        ]
    return out


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
    log("  joins of each source's codes to the current register (codes: in the register / merged / recoded / absent):")
    for name, j in result.joins.items():
        log(f"    {name}: {j['codes']} codes: {j['in_register']} / {j['merged']} / {j['recoded']} / {j['absent']}")
    for name in ("mrc", "regions", "census_divisions", "wellbeing_trajectory", "cultural_facilities"):
        log(f"  {name}: {len(result.tables[name])} rows")
    for note in result.notes:
        log(f"  note: {note}")
