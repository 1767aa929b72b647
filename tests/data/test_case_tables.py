"""The people and policy layer of the case tables (issue 12): sourced, graded, public roles only, conflicts kept."""

from __future__ import annotations

import json
import re
import shutil

import pandas as pd
import pytest

from analysis.data import check, load, paths, schemas
from analysis.data.tableschema import read_text_csv, validate_frame

NEW_TABLES = ("people", "policies", "objective", "diffusion", "distances")
ALL_TABLES = tuple(s.name.removeprefix("case_") for s in schemas.CASE_SCHEMAS)


@pytest.mark.parametrize("name", ALL_TABLES)
def test_every_row_of_every_case_table_is_sourced_and_graded(name):
    frame = load.case(name)
    assert frame["source_url"].str.fullmatch(r"https?://\S+").all()
    assert frame["reliability"].isin(schemas.RELIABILITY).all()
    second = frame["source_url_2"].dropna()
    assert second.str.fullmatch(r"https?://\S+").all()


@pytest.mark.parametrize("name", NEW_TABLES)
def test_new_tables_match_their_schemas_and_are_in_the_datapackage(name):
    schema = next(s for s in schemas.CASE_SCHEMAS if s.name == f"case_{name}")
    assert validate_frame(read_text_csv(paths.data_dir() / schema.path), schema) == []
    package = json.loads(paths.datapackage_path().read_text(encoding="utf-8"))
    assert f"case_{name}" in {r["name"] for r in package["resources"]}


def test_people_appear_only_in_published_public_roles():
    people = load.case("people")
    # the table can hold nothing but roles: its columns are the schema's, none for private details
    assert list(people.columns) == schemas.CASE_PEOPLE.columns
    assert not {"birth", "born", "age", "address", "phone", "email"} & {c.lower() for c in people.columns}
    assert people["role"].str.len().gt(3).all() and people["role_kind"].isin(schemas.ROLE_KINDS).all()
    assert people["org_id"].isin(load.case("organisations")["org_id"]).all()
    text = people[["role", "years_as_published", "note"]].fillna("").agg(" ".join, axis=1)
    private = re.compile(r"\d{3}[ .-]\d{3}-\d{4}|@|\bné le\b|\bborn on\b|\brue\b|\bavenue\b", re.IGNORECASE)
    assert not text.str.contains(private).any(), "no telephone, e-mail, birth date or address"
    # each person is named the same way in every role
    assert (people.groupby("person_id")["name"].nunique() == 1).all()


def test_people_layer_names_proulx_in_his_published_roles():
    people = load.case("people").set_index("id")
    assert (people.loc["pr-proulx-upa", "year_start"], people.loc["pr-proulx-upa", "year_end"]) == (1981, 1993)
    assert (people.loc["pr-proulx-srq", "year_start"], people.loc["pr-proulx-srq", "year_end"]) == (1991, 2008)
    assert people.loc["pr-proulx-coin", "org_id"] == "groupe-du-coin"
    mayors = people[(people["role_kind"] == "elected_office") & people["role"].str.startswith("Mayor")]
    assert set(mayors["name"]) == {"Henri-Paul Bellerose", "Claude Larose", "Benoit Bourassa", "Philippe Pagé"}


def test_the_objective_keeps_every_dating_as_a_separate_conflicting_row():
    objective = load.case("objective")
    group = objective[objective["conflict_group"] == "objective-start"]
    assert len(group) >= 4 and group["start_year"].dropna().nunique() >= 3
    assert set(group["start_kind"]) >= {"adoption", "measurement_baseline", "undated"}
    undated = group[group["start_kind"] == "undated"]
    assert undated["start_year"].isna().all() and undated["source_url"].str.contains("ruralite").all()
    adoption = group[group["start_kind"] == "adoption"]
    assert list(adoption["start_year"]) == [2003] and adoption["source_url"].str.contains("lapresse").all()


def test_policies_cover_the_rural_policies_and_the_local_measures_with_conflicts_kept():
    policies = load.case("policies").set_index("policy_id")
    for policy, start in (("pol-pnr1", 2001), ("pol-pacte1", 2002), ("pol-pacte2", 2007), ("pol-labs", 2007)):
        assert policies.loc[policy, "year_start"] == start, policy
    assert policies.loc["pol-stc-taxcredit", "level"] == "local"
    assert policies.loc["pol-stc-taxcredit", "kind"] == "fiscal_incentive"
    for group in ("laboratoire-rural-period", "pnr3-end"):
        rows = policies[policies["conflict_group"] == group]
        assert len(rows) == 2 and rows["year_start"].nunique() + rows["year_end"].nunique() > 2, group
    amounts = policies[policies["amount_cad"].notna()]
    assert amounts["amount_note"].notna().all(), "every amount says what it covers"


def test_the_ledger_holds_the_municipal_tax_incentive_and_the_first_documented_pacte_rural_money():
    resources = load.case("resources").set_index("id")
    incentive = resources.loc["res-2003-01"]
    assert (incentive["source_type"], incentive["provider_org_id"]) == ("endogenous", "municipalite")
    assert pd.isna(incentive["amount_cad"])  # the total was never published
    pacte = resources.loc["res-2013-01"]
    assert (pacte["source_type"], pacte["resource_kind"], pacte["provider_org_id"]) == (
        "exogenous",
        "programme",
        "mrc-les-sources",
    )


def test_diffusion_channels_name_who_which_body_and_when():
    channels = load.case("diffusion")
    assert channels["from_actor"].str.len().gt(3).all() and channels["to_body"].str.len().gt(3).all()
    people = set(load.case("people")["person_id"])
    assert set(channels["person_id"].dropna()) <= people
    assert set(channels["policy_id"].dropna()) <= set(load.case("policies")["policy_id"])
    assert channels["year"].notna().mean() > 0.9
    speech = channels.set_index("id").loc["dif-2001-02"]
    assert (speech["date"], speech["direction"], speech["level"]) == ("2001-12-06", "upward", "national")


def test_distances_say_what_they_measure_and_no_road_figure_to_montreal_is_invented():
    distances = load.case("distances")
    assert distances["measure"].isin(schemas.DISTANCE_MEASURES).all()
    montreal_road = distances[(distances["to_csd_uid"] == "2466023") & (distances["measure"] == "road")]
    assert montreal_road.empty
    assert (distances.loc[distances["unit"] == "min", "measure"] == "travel_time").all()


@pytest.mark.parametrize(
    ("table", "column", "bad"),
    [
        ("people", "org_id", "no-such-org"),
        ("diffusion", "person_id", "no-such-person"),
        ("diffusion", "policy_id", "no-such-policy"),
        ("policies", "body_org_id", "no-such-org"),
    ],
)
def test_data_check_catches_references_to_rows_that_do_not_exist(tmp_path, table, column, bad):
    shutil.copytree(paths.data_dir(), tmp_path / "data")
    path = tmp_path / "data" / "case" / f"{table}.csv"
    frame = read_text_csv(path)
    frame.loc[0, column] = bad
    frame.to_csv(path, index=False)
    problems = check.check(tmp_path / "data")
    assert any(p.table == f"case_{table}" and p.column == column for p in problems)
