"""Registry of the official sources the pipeline reads.

One entry per source family: what to cite (publisher, title, official URL), the licence,
the vintage, and where the reader looks for the files inside the raw folder. The raw
folder mirrors the official downloads; the folder names below are the default layout,
and each reader also accepts the file names a user gets from the official site.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.i18n import Composed

STATCAN_LICENCE = ("Statistics Canada Open Licence", "https://www.statcan.gc.ca/en/reference/licence")
OGL_CANADA = ("Open Government Licence – Canada", "https://open.canada.ca/en/open-government-licence-canada")
CC_BY_4 = ("Creative Commons Attribution 4.0 (CC BY 4.0)", "https://creativecommons.org/licenses/by/4.0/")


@dataclass(frozen=True)
class Source:
    """One official source family."""

    key: str
    title: str
    publisher: str
    url: str
    licence: str
    licence_url: str
    vintage: str
    attribution: str
    folder: str
    patterns: tuple[str, ...] = field(default_factory=tuple)
    note: str = ""
    label: str = ""  # short citation for chart and map captions, e.g. "StatCan, Index of Remoteness 2016"

    @property
    def short(self) -> str:
        """Short form with vintage and licence, for captions (the appendix gives the full form)."""
        licence = {
            "Statistics Canada Open Licence": "StatCan Open Licence",
            "Open Government Licence – Canada": "OGL-Canada",
            "Creative Commons Attribution 4.0 (CC BY 4.0)": "CC BY 4.0",
        }.get(self.licence, self.licence)
        return f"{self.label or self.title} ({licence})"

    def as_datapackage(self) -> dict:
        """Frictionless ``sources`` entry."""
        return {
            "title": Composed("{publisher}, {title}", publisher=Composed(self.publisher), title=Composed(self.title)),
            "path": self.url,
            "licence": self.licence,
            "licence_url": self.licence_url,
            "vintage": self.vintage,
            "attribution": self.attribution,
        }


SOURCES: dict[str, Source] = {
    s.key: s
    for s in [
        Source(
            key="mamh_register",
            title="Répertoire des municipalités du Québec (open-data export MUN.csv)",
            publisher="Ministère des Affaires municipales et de l'Habitation (MAMH)",
            url="https://www.donneesquebec.ca/recherche/fr/dataset/repertoire-des-municipalites-du-quebec",
            licence=CC_BY_4[0],
            licence_url=CC_BY_4[1],
            vintage="every export read by the build (one pop_decree_<year> column each; the newest is the current register)",
            attribution="Source : Ministère des Affaires municipales et de l'Habitation, Répertoire des municipalités, CC BY 4.0.",
            label="MAMH, Répertoire des municipalités (register exports and population decrees)",
            folder="mamh-repertoire-municipalites, mamh-repertoire-snapshots",
            patterns=("MUN*.csv",),
            note="The population (mpopul) is the government population decree, an estimate, not a census count.",
        ),
        Source(
            key="remoteness_2016",
            title="Index of Remoteness 2016 (17-26-0001)",
            publisher="Statistics Canada",
            url="https://www150.statcan.gc.ca/n1/pub/17-26-0001/172600012020001-eng.htm",
            licence=STATCAN_LICENCE[0],
            licence_url=STATCAN_LICENCE[1],
            vintage="2016 census geography, released April 2020",
            attribution="Source: Statistics Canada, Index of Remoteness 2016 (17-26-0001).",
            label="StatCan, Index of Remoteness 2016",
            folder="statcan-index-of-remoteness-2016",
            patterns=("2016IR_DATABASE.csv", "172600012020001-eng.zip"),
        ),
        Source(
            key="remoteness_2021",
            title="Index of Remoteness 2021 (17-26-0001)",
            publisher="Statistics Canada",
            url="https://www150.statcan.gc.ca/n1/pub/17-26-0001/172600012020001-eng.htm",
            licence=STATCAN_LICENCE[0],
            licence_url=STATCAN_LICENCE[1],
            vintage="2021 census geography and populations, released January 2023",
            attribution="Source: Statistics Canada, Index of Remoteness 2021 (17-26-0001).",
            label="StatCan, Index of Remoteness 2021",
            folder="statcan-index-of-remoteness-2021",
            patterns=("2021IR_DATABASE.csv", "172600012020001-eng.zip"),
            note="Not on the same scale as the 2016 edition: compare ranks across editions, not values.",
        ),
        Source(
            key="sac_2016",
            title="Standard Geographical Classification 2016, Statistical Area Classification (CMA, CA, MIZ)",
            publisher="Statistics Canada",
            url="https://www12.statcan.gc.ca/census-recensement/2016/ref/dict/geo010-eng.cfm",
            licence=STATCAN_LICENCE[0],
            licence_url=STATCAN_LICENCE[1],
            vintage="2016",
            attribution="Source: Statistics Canada, Standard Geographical Classification 2016, Statistical Area Classification.",
            label="StatCan, Statistical Area Classification 2016",
            folder="statcan-sac-miz-2016/source_lists",
            patterns=("raw_CMAs.txt", "raw_CAs.txt", "raw_MIZ_*.csv"),
            note="Québec CSDs in none of the published lists are classed 'No MIZ' by inference (flagged).",
        ),
        Source(
            key="lode_2016",
            title="Rural and Small Town (LODE) Viewer data: rural/urban flag, 2016 population, bounding boxes",
            publisher="Statistics Canada, Centre for Special Business Projects",
            url="https://github.com/CSBP-CPSE/rural-viewer",
            licence=STATCAN_LICENCE[0],
            licence_url=STATCAN_LICENCE[1],
            vintage="2016 census geography, released 2021",
            attribution="Source: Statistics Canada, 2016 Census of Population; Linkable Open Data Environment.",
            label="StatCan, LODE rural viewer 2016",
            folder="statcan-lode-rural-viewer",
            patterns=("config.search.json", "csd2016_*_rural_flag_pop2016_bbox.csv"),
            note="The viewer's own search index (config.search.json) is read when present; the rural/urban flag is then "
            "LODE's definition applied to the SAC lists (Urban = inside a CMA or CA).",
        ),
        Source(
            key="cwb_2021",
            title="Community Well-Being Index 2021",
            publisher="Indigenous Services Canada",
            url="https://www.sac-isc.gc.ca/eng/1419773101942/1419773233645",
            licence=OGL_CANADA[0],
            licence_url=OGL_CANADA[1],
            vintage="2021 census (income reference year 2020)",
            attribution="Contains information licensed under the Open Government Licence – Canada. Source: Indigenous Services Canada, Community Well-Being Index 2021.",
            label="ISC, Community Well-Being Index 2021",
            folder="isc-community-well-being-2021",
            patterns=("CWB_2021.csv",),
            note="The official file is in Windows-1252; a UTF-8 copy is accepted.",
        ),
        Source(
            key="cwb_2016",
            title="Community Well-Being Index 2016",
            publisher="Indigenous Services Canada",
            url="https://www.sac-isc.gc.ca/eng/1419773101942/1419773233645",
            licence=OGL_CANADA[0],
            licence_url=OGL_CANADA[1],
            vintage="2016 census (income reference year 2015), 2016 census geography",
            attribution="Contains information licensed under the Open Government Licence – Canada. Source: Indigenous Services Canada, Community Well-Being Index 2016.",
            label="ISC, Community Well-Being Index 2016",
            folder="isc-community-well-being-2006-2016-qc",
            patterns=("CWB_2016.csv", "cwb2016_qc.csv"),
            note="The official file is read when present; otherwise the mirror's transcription of its Québec rows.",
        ),
        Source(
            key="cwb_2006",
            title="Community Well-Being Index 2006",
            publisher="Indigenous Services Canada",
            url="https://www.sac-isc.gc.ca/eng/1419773101942/1419773233645",
            licence=OGL_CANADA[0],
            licence_url=OGL_CANADA[1],
            vintage="2006 census (income reference year 2005), 2006 census geography",
            attribution="Contains information licensed under the Open Government Licence – Canada. Source: Indigenous Services Canada, Community Well-Being Index 2006.",
            label="ISC, Community Well-Being Index 2006",
            folder="isc-community-well-being-2006-2016-qc",
            patterns=("CWB_2006.csv", "cwb2006_qc.csv"),
            note="The official file is read when present; otherwise the mirror's transcription of its Québec rows.",
        ),
        Source(
            key="odcaf",
            title="Open Database of Cultural and Art Facilities (ODCAF), version 1.0",
            publisher="Statistics Canada, Linkable Open Data Environment",
            url="https://www.statcan.gc.ca/en/lode/databases/odcaf",
            licence=OGL_CANADA[0],
            licence_url=OGL_CANADA[1],
            vintage="v1.0 (2020), 2016 census geography",
            attribution="Source: Statistics Canada, Open Database of Cultural and Art Facilities (ODCAF), v1.0. Contains information licensed under the Open Government Licence – Canada.",
            label="StatCan, ODCAF v1.0",
            folder="statcan-lode-odcaf-cultural-facilities",
            patterns=("ODCAF_v1.0.csv", "odcaf.csv"),
            note="An inventory compiled from provincial, municipal and institutional lists: uneven coverage.",
        ),
        Source(
            key="census_2021",
            title="Census Profile, 2021 Census of Population, census subdivisions (98-401-X2021005)",
            publisher="Statistics Canada",
            url="https://www12.statcan.gc.ca/census-recensement/2021/dp-pd/prof/details/download-telecharger.cfm?Lang=E",
            licence=STATCAN_LICENCE[0],
            licence_url=STATCAN_LICENCE[1],
            vintage="2021 census (income reference year 2020)",
            attribution="Source: Statistics Canada, 2021 Census of Population, 98-401-X2021005.",
            label="StatCan, Census 2021 (98-401-X2021005)",
            folder="census-2021-csd-indicators-qc",
            patterns=("census2021_csd_*_indicators.csv",),
        ),
        Source(
            key="census_2016",
            title="Census Profile, 2016 Census of Population, census subdivisions, Québec (98-401-X2016065)",
            publisher="Statistics Canada",
            url="https://www12.statcan.gc.ca/census-recensement/2016/dp-pd/prof/details/download-telecharger/comp/page_dl-tc.cfm?Lang=E",
            licence=STATCAN_LICENCE[0],
            licence_url=STATCAN_LICENCE[1],
            vintage="2016 census (commuting: 25 % sample)",
            attribution="Source: Statistics Canada, 2016 Census of Population.",
            label="StatCan, Census 2016 (98-401-X2016065)",
            folder="census-2016-csd-commuting-age-qc",
            patterns=("total_csd_info_2016_*.csv", "csd_age_cohorts_2016_*.csv"),
        ),
        Source(
            key="census_divisions_2021",
            title="Population and dwelling counts: Canada and census divisions (98-10-0007-01)",
            publisher="Statistics Canada",
            url="https://www150.statcan.gc.ca/t1/tbl1/en/cv.action?pid=9810000701",
            licence=STATCAN_LICENCE[0],
            licence_url=STATCAN_LICENCE[1],
            vintage="2021 census",
            attribution="Source: Statistics Canada, 2021 Census of Population, table 98-10-0007-01.",
            label="StatCan, Census 2021 census divisions (98-10-0007-01)",
            folder="statcan-census-divisions-2021",
            patterns=("master_census_data_2021.csv",),
        ),
        Source(
            key="sda",
            title="Découpages administratifs (SDA 1:20 000): MRC and administrative regions",
            publisher="Gouvernement du Québec, Ministère des Ressources naturelles et des Forêts (MRNF)",
            url="https://www.donneesquebec.ca/recherche/dataset/decoupages-administratifs",
            licence=CC_BY_4[0],
            licence_url=CC_BY_4[1],
            vintage="SDA V2026-05",
            attribution="Source : Gouvernement du Québec, MRNF, Découpages administratifs (SDA), CC BY 4.0; simplifié.",
            label="MRNF, Découpages administratifs SDA V2026-05",
            folder="sda-decoupages-mrnf-v2026",
            patterns=("qc-mrc.geojson", "qc-regions.geojson", "SDA*.gpkg", "mrc_s.shp", "regio_s.shp"),
        ),
        Source(
            key="cd_boundaries_2021",
            title="2021 Census cartographic boundary file, census divisions (lcd_000b21a_e)",
            publisher="Statistics Canada",
            url="https://www12.statcan.gc.ca/census-recensement/2021/geo/sip-pis/boundary-limites/index2021-eng.cfm?year=21",
            licence=STATCAN_LICENCE[0],
            licence_url=STATCAN_LICENCE[1],
            vintage="2021 census geography",
            attribution="Adapted from Statistics Canada, 2021 Census Cartographic Boundary File, Census Divisions (lcd_000b21a_e). This does not constitute an endorsement by Statistics Canada of this product.",
            label="StatCan, 2021 census-division boundaries",
            folder="statcan-cd-boundaries-2021-simplified",
            patterns=("lcd_000b21a_e*.geojson", "lcd_000b21a_e*.shp"),
        ),
    ]
}
