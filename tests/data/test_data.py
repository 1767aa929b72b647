"""Schema tests on the committed tables, and fact checks against the sources."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.cli import main
from analysis.data import load, paths, schemas
from analysis.data.check import check
from analysis.data.datapackage import datapackage

SAINT_CAMILLE = "2440025"


def test_committed_data_passes_the_schema_check():
    problems = check(paths.data_dir())
    assert problems == [], "\n".join(map(str, problems))


def test_data_check_command_exits_0_on_committed_data(capsys):
    assert main(["data", "check"]) == 0
    assert "matches its schema" in capsys.readouterr().out


def test_data_check_reports_a_broken_table_and_exits_1(tmp_path, capsys):
    import shutil

    shutil.copytree(paths.data_dir() / "processed", tmp_path / "processed")
    shutil.copytree(paths.data_dir() / "case", tmp_path / "case")
    shutil.copy(paths.data_dir() / "datapackage.json", tmp_path / "datapackage.json")
    timeline = pd.read_csv(tmp_path / "case" / "timeline.csv", dtype=str, keep_default_na=False)
    timeline.loc[0, "reliability"] = "E"
    timeline.to_csv(tmp_path / "case" / "timeline.csv", index=False)
    municipalities = (tmp_path / "processed" / "municipalities.csv").read_text(encoding="utf-8")
    (tmp_path / "processed" / "municipalities.csv").write_text(
        municipalities.replace(",0.1598,", ",1.1598,"), encoding="utf-8"
    )
    assert main(["data", "check", "--data", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "case_timeline: column 'reliability': not one of the allowed codes" in err
    assert "municipalities: column 'remoteness_2016': above the maximum 1" in err
    assert "'1.1598'" in err


def test_datapackage_is_generated_from_the_schemas():
    header = pd.read_csv(paths.processed_dir() / "municipalities.csv", nrows=0).columns
    on_disk = json.loads(paths.datapackage_path().read_text(encoding="utf-8"))
    assert on_disk == datapackage(schemas.decree_years_in(header))


def test_datapackage_describes_every_table_with_source_licence_and_vintage():
    package = json.loads(paths.datapackage_path().read_text(encoding="utf-8"))
    names = {r["name"] for r in package["resources"]}
    assert {
        "municipalities",
        "mrc",
        "regions",
        "mrc_polygons",
        "region_polygons",
        "case_population",
        "case_timeline",
        "case_organisations",
        "case_resources",
        "case_national_effect",
    } <= names
    for resource in package["resources"]:
        assert (paths.data_dir() / resource["path"]).exists(), resource["path"]
        assert resource["schema"]["fields"] and resource["licenses"] and resource["vintage"]
        for source in resource["sources"]:
            assert source["path"].startswith("https://") and source["licence"] and source["attribution"]
        for field in resource["schema"]["fields"]:
            assert field["description"], (resource["name"], field["name"])


def test_saint_camille_facts_match_the_sources():
    row = load.municipalities().set_index("csd_uid").loc[SAINT_CAMILLE]
    assert row["name"] == "Saint-Camille" and row["mamh_code"] == "40025"
    assert row["remoteness_2016"] == pytest.approx(0.1598)
    assert row["pop_census_2016"] == 529
    assert row["pop_census_2021"] == 551
    assert row["pop_decree_2025"] == 601
    assert (row["mrc_code"], row["mrc_name"], row["region_code"]) == ("40", "Les Sources", "05")
    assert row["sac_class_2016"] == "Strong MIZ" and not row["sac_class_inferred_2016"]
    assert (row["cwb_2021"], row["cwb_education_2021"], row["cwb_labour_2021"]) == (81, 62, 92)
    assert row["commute_other_cd_pct_2016"] == pytest.approx(48.4)
    assert row["join_status"] == "matched"


def test_saint_camille_is_not_confused_with_saint_camille_de_lellis():
    municipalities = load.municipalities()
    lellis = municipalities[municipalities["name"] == "Saint-Camille-de-Lellis"]
    assert len(lellis) == 1 and lellis["csd_uid"].iloc[0] != SAINT_CAMILLE
    assert lellis["mrc_name"].iloc[0] != "Les Sources"


def test_case_population_agrees_with_the_processed_census_counts():
    population = load.case("population")
    row = load.municipalities().set_index("csd_uid").loc[SAINT_CAMILLE]
    census = population[(population["place_code"] == SAINT_CAMILLE) & (population["kind"] == "census")]
    for year in (2016, 2021):
        values = set(census.loc[census["year"] == year, "value"])
        assert values == {row[f"pop_census_{year}"]}, (year, values)
    decrees = population[(population["place_code"] == SAINT_CAMILLE) & (population["kind"] == "decree")]
    for year in (2022, 2023, 2025, 2026):
        assert set(decrees.loc[decrees["year"] == year, "value"]) == {row[f"pop_decree_{year}"]}, year


def test_conflicting_figures_are_kept_as_separate_rows():
    population = load.case("population")
    census_2006 = population[
        (population["place_code"] == SAINT_CAMILLE) & (population["year"] == 2006) & (population["kind"] == "census")
    ]
    assert set(census_2006["value"]) == {446, 448}
    assert census_2006["conflict_group"].nunique() == 1 and census_2006["conflict_group"].notna().all()
    organisations = load.case("organisations").set_index("org_id")
    assert {
        organisations.loc["groupe-du-coin", "founded_year"],
        organisations.loc["groupe-du-coin", "founded_year_alt"],
    } == {1986, 1988}


@pytest.mark.parametrize("name", ["population", "timeline", "organisations", "resources", "national_effect"])
def test_every_case_row_has_a_source_and_a_reliability_grade(name):
    frame = load.case(name)
    assert len(frame) >= 5
    assert frame["source_url"].str.match(r"https?://").all()
    assert frame["reliability"].isin(["A", "B", "C", "D"]).all()


def test_resource_ledger_never_invents_amounts():
    resources = load.case("resources")
    with_amount = resources[resources["amount_cad"].notna()]
    assert with_amount["amount_note"].notna().all(), "every amount must be quoted as published"
    assert set(resources["source_type"]) <= {"endogenous", "exogenous", "mixed"}
    assert {"endogenous", "exogenous"} <= set(resources["source_type"])


def test_mrc_table_covers_the_104_sda_units_and_their_regions():
    mrc = load.mrc()
    assert len(mrc) == 104 and mrc["mrc_code"].is_unique
    assert mrc.set_index("mrc_code").loc["40", "mrc_name"] == "Les Sources"
    assert mrc["region_code"].nunique() == 17
    municipalities = load.municipalities()
    placed = municipalities[municipalities["mrc_code"].notna()]
    assert mrc["n_entities"].sum() == len(placed)
    assert mrc["pop_census_2021"].sum() == placed["pop_census_2021"].sum()
    assert load.regions()["pop_census_2021"].sum() == municipalities["pop_census_2021"].sum()


def test_mrc_population_equals_its_census_division_where_nothing_changed():
    mrc = load.mrc()
    changes = load.code_changes()
    moved = changes[changes["vintage"] == "census_2021"]
    moved_cds = set(moved["code"].str[:4]) | set("24" + moved["successor_mamh_code"].dropna().str[:2])
    same = mrc[mrc["cd_uid"].notna() & ~mrc["cd_uid"].isin(moved_cds)]
    assert len(same) >= 75
    mismatched = same[same["pop_census_2021"] != same["cd_pop_2021"]]
    assert mismatched.empty, mismatched[["mrc_code", "mrc_name", "pop_census_2021", "cd_pop_2021"]]


def test_codes_that_changed_are_reported_not_dropped():
    municipalities = load.municipalities().set_index("mamh_code")
    assert municipalities.loc["93022", "join_status"] == "merged"  # Hébertville, merged after 2021
    assert municipalities.loc["93022", "pop_census_2021"] > 6000
    assert "2493025" in municipalities.loc["93022", "join_note"]
    changes = load.code_changes()
    absent = changes[changes["status"] == "absent"]
    assert "2472802" in set(absent["code"])  # Kanesatake: not a MAMH entity
    assert (changes["evidence"] != "").all()


def test_polygon_layers_are_small_and_nested():
    for name in ("mrc.geojson", "regions.geojson", "census_divisions.geojson"):
        assert (paths.processed_dir() / name).stat().st_size < 400 * 1024, name
    mrc = load.mrc_polygons()
    regions = load.region_polygons()
    assert len(mrc) == 104 and len(regions) == 17
    estrie = regions.set_index("region_code").loc["05", "geometry"]
    les_sources = mrc.set_index("mrc_code").loc["40", "geometry"]
    assert estrie.buffer(1e-9).contains(les_sources)


def test_saint_camille_new_vintages_match_the_sources():
    row = load.municipalities().set_index("csd_uid").loc[SAINT_CAMILLE]
    assert row["remoteness_2021"] == pytest.approx(0.173851, abs=1e-6)
    assert (row["pop_census_2006"], row["cwb_2006"], row["cwb_education_2006"], row["cwb_labour_2006"]) == (
        448,
        76,
        57,
        90,
    )
    assert (row["cwb_2016"], row["cwb_education_2016"], row["cwb_labour_2016"]) == (79, 65, 93)
    assert row["cultural_facilities_2016"] == 3
    facilities = load.cultural_facilities()
    names = set(facilities.loc[facilities["csd_uid"] == SAINT_CAMILLE, "name"])
    assert names == {
        "Bibliothèque De Saint-Camille",
        "International Mask Festival Masq'Alors!",
        "Le P'Tit Bonheur De Saint-Camille",
    }


def test_wellbeing_trajectory_has_every_entity_in_every_year():
    trajectory = load.wellbeing_trajectory()
    municipalities = load.municipalities()
    assert len(trajectory) == 3 * len(municipalities)
    assert set(trajectory["year"]) == {2006, 2016, 2021}
    assert (trajectory.groupby("year")["csd_uid"].apply(set) == set(municipalities["csd_uid"])).all()
    camille = trajectory[trajectory["csd_uid"] == SAINT_CAMILLE].set_index("year")
    assert list(camille["cwb"]) == [76, 79, 81] and list(camille["education"]) == [57, 65, 62]
    assert list(camille["population"]) == [448, 529, 551]
    # Merged entities: populations summed, never an averaged index.
    merged = trajectory[trajectory["link"] == "merged"]
    assert len(merged) > 0 and merged[["cwb", "income", "education", "housing", "labour"]].isna().all().all()
    assert merged["source_csd_uid"].str.contains(";").all()
    granby_2006 = trajectory[(trajectory["csd_uid"] == "2447017") & (trajectory["year"] == 2006)].iloc[0]
    assert (granby_2006["link"], granby_2006["source_csd_uid"], granby_2006["population"]) == (
        "merged",
        "2447015;2447020",
        47637 + 11748,
    )
    absent = trajectory[trajectory["link"] == "absent"]
    assert absent["source_csd_uid"].isna().all() and absent["population"].isna().all()


def test_wide_cwb_columns_agree_with_the_trajectory_and_the_2016_census():
    municipalities = load.municipalities().set_index("csd_uid")
    trajectory = load.wellbeing_trajectory()
    for year in (2006, 2016, 2021):
        one = trajectory[trajectory["year"] == year].set_index("csd_uid").reindex(municipalities.index)
        for part, column in (("cwb", "cwb"), ("education", "cwb_education"), ("labour", "cwb_labour")):
            pd.testing.assert_series_equal(
                one[part], municipalities[f"{column}_{year}"], check_names=False, check_dtype=False
            )
    sixteen = trajectory[trajectory["year"] == 2016].set_index("csd_uid").reindex(municipalities.index)
    both = sixteen["population"].notna() & municipalities["pop_census_2016"].notna()
    assert both.sum() > 1100
    assert (sixteen.loc[both, "population"] == municipalities.loc[both, "pop_census_2016"]).all()


def test_remoteness_editions_agree_in_rank_not_in_value():
    municipalities = load.municipalities()
    both = municipalities[["remoteness_2016", "remoteness_2021"]].dropna()
    assert len(both) > 1200
    assert both.corr(method="spearman").iloc[0, 1] > 0.95
    assert (both["remoteness_2021"] != both["remoteness_2016"]).mean() > 0.9  # another scale


def test_cultural_facilities_counts_add_up():
    facilities = load.cultural_facilities()
    municipalities = load.municipalities()
    assert len(facilities) == 2238 and facilities["odcaf_index"].is_unique
    counted = facilities["csd_uid"].notna()
    assert municipalities["cultural_facilities_2016"].sum() == counted.sum()
    assert set(facilities.loc[counted, "csd_uid"]) <= set(municipalities["csd_uid"])
    top = municipalities.set_index("name")["cultural_facilities_2016"]
    assert top["Montréal"] == 385 and top["Sherbrooke"] == 38
