"""Follow codes that changed between vintages: mergers, recodings, renamings.

Statistics Canada's 2016 and 2021 CSD codes and older MAMH register exports use the
code a municipality had then. When municipalities merge, MAMH gives the new one a new
code; when one changes status it may be recoded. No official correspondence file is in
the raw folder, so successors are *inferred*, and the evidence is recorded:

1. same name (ignoring accents, case, punctuation and the designation);
2. a distinctive word of the old name appears in the new name (``Courcelles`` →
   ``Courcelles--Saint-Évariste``);
3. the new code is in the same census division and within a few units of the old code
   (MAMH numbers a merged municipality next to its parts).

A code with no successor by these rules is reported as absent, never dropped silently.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

COMMON_WORDS = {
    "saint",
    "sainte",
    "st",
    "ste",
    "de",
    "du",
    "des",
    "la",
    "le",
    "les",
    "l",
    "d",
    "notre",
    "dame",
    "et",
    "sur",
    "en",
    "lac",
    "riviere",
    "mont",
    "cap",
    "canton",
    "paroisse",
    "village",
    "ville",
    "municipalite",
    "partie",
    "nord",
    "sud",
    "est",
    "ouest",
    "baie",
    "grand",
    "grande",
    "petit",
    "petite",
}
ADJACENT = 10  # maximum distance between an old code and its successor's code


def normalise_name(name: str) -> str:
    """Name without designation suffix, accents, case or punctuation (for comparisons only)."""
    name = re.sub(r",\s*[^,]*\([^)]*\)\s*$", "", str(name))  # "Ham-Sud, Municipalité (MÉ)" -> "Ham-Sud"
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def _words(name: str) -> set[str]:
    return {w for w in normalise_name(name).split() if w not in COMMON_WORDS and len(w) > 2}


def link_successors(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Infer the successor of each old code.

    ``old`` and ``new`` have columns ``code`` (5-digit MAMH-style code), ``name`` and
    ``cd_code`` (2-digit census division). Returns ``old`` with ``successor_code``,
    ``successor_name``, ``evidence`` and ``status`` (merged / recoded / absent).
    """
    rows = []
    for item in old.itertuples(index=False):
        candidates = []
        for cand in new.itertuples(index=False):
            score, reasons = 0, []
            if normalise_name(item.name) == normalise_name(cand.name):
                score += 4
                reasons.append("same name")
            elif _words(item.name) & _words(cand.name):
                score += 2
                reasons.append(f"shared name ({', '.join(sorted(_words(item.name) & _words(cand.name)))})")
            if item.cd_code == cand.cd_code and abs(int(cand.code) - int(item.code)) <= ADJACENT:
                score += 1
                reasons.append("adjacent code in the same census division")
            if score:
                candidates.append((score, cand.code, cand.name, "; ".join(reasons)))
        candidates.sort(key=lambda c: (-c[0], c[1]))
        if candidates and (len(candidates) == 1 or candidates[0][0] > candidates[1][0]):
            _, code, name, reasons = candidates[0]
            rows.append({"successor_code": code, "successor_name": name, "evidence": f"inferred: {reasons}"})
        elif candidates:
            tied = ", ".join(c[1] for c in candidates if c[0] == candidates[0][0])
            rows.append(
                {"successor_code": "", "successor_name": "", "evidence": f"ambiguous: several candidates ({tied})"}
            )
        else:
            rows.append(
                {"successor_code": "", "successor_name": "", "evidence": "no successor in the current register"}
            )
    found = pd.DataFrame(rows, index=range(len(old)), columns=["successor_code", "successor_name", "evidence"])
    out = pd.concat([old.reset_index(drop=True), found], axis=1)
    counts = out.loc[out["successor_code"] != "", "successor_code"].value_counts()
    out["status"] = "absent"
    linked = out["successor_code"] != ""
    out.loc[linked, "status"] = out.loc[linked, "successor_code"].map(
        lambda c: "merged" if counts[c] > 1 else "recoded"
    )
    return out
