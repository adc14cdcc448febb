"""Supplied facts: CLI options, a tender.toml sidecar and OCDS notices (real Contracts Finder and
Public Contracts Scotland releases from the corpus, written to tmp_path as releases and packages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tendercheck.errors import InputError
from tendercheck.nlp.supplied import supplied_facts

from .helpers import CORPUS

NOTICES = CORPUS / "09_ocds_uk-notices_contractsfinder-pcs-sell2wales.json"


def by_name(facts):
    return {f.name: f for f in facts}


def test_options() -> None:
    got = by_name(supplied_facts(
        {"value": "£1.2m", "annual_value": 45000, "duration_months": "36", "issued": "2026-01-05",
         "deadline": "2026-01-30T15:00", "authority": "Central", "contract_type": "light touch",
         "region": "scotland", "unused": None},
        [], None,
    ))  # fmt: skip
    assert got["contract_value_total"].value == 1_200_000
    assert got["contract_value_annual"].value == 45000
    assert got["contract_duration_months"].value == 36
    assert got["issue_date"].value == "2026-01-05"
    assert got["submission_deadline"].value == "2026-01-30T15:00"
    assert got["authority_type"].value == "central"
    assert got["contract_type"].value == "light-touch"
    assert got["region"].value == "SCT"
    assert all(f.source == "option" for f in got.values())
    assert got["contract_value_total"].evidence[0].document == "--value"


@pytest.mark.parametrize(
    ("key", "value"), [("issued", "soon"), ("authority", "local"), ("value", "lots")]
)
def test_bad_option_values(key: str, value: str) -> None:
    with pytest.raises(InputError):
        supplied_facts({key: value}, [], None)


def test_sidecar_in_folder_and_beside_file(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "tender.toml").write_text(
        'value = 120000\nissued = 2025-12-15\ndeadline = "2026-01-02T12:00"\n'
        'authority = "other"\nlots = 1\nregime = "PA23"\nsme_suitable = true\n'
    )
    got = by_name(supplied_facts({}, [pack], None))
    assert got["contract_value_total"].value == 120000
    assert got["issue_date"].value == "2025-12-15"
    assert got["submission_deadline"].value == "2026-01-02T12:00"
    assert (
        got["lots"].value == 1
        and got["regime"].value == "PA23"
        and got["sme_suitable"].value is True
    )
    assert all(f.source == "sidecar" for f in got.values())
    doc = tmp_path / "itt.docx"
    doc.write_bytes(b"")
    (tmp_path / "tender.toml").write_text("annual_value = 40000\n")
    assert by_name(supplied_facts({}, [doc], None))["contract_value_annual"].value == 40000


def test_sidecar_unknown_key_names_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "tender.toml").write_text("valeu = 1000\n")
    with pytest.raises(InputError) as err:
        supplied_facts({}, [tmp_path], None)
    assert "tender.toml" in str(err.value) and "valeu" in str(err.value)


def test_sidecar_bad_toml(tmp_path: Path) -> None:
    (tmp_path / "tender.toml").write_text("value = = 3\n")
    with pytest.raises(InputError, match=r"tender\.toml"):
        supplied_facts({}, [tmp_path], None)


def test_options_win_over_sidecar(tmp_path: Path) -> None:
    from tendercheck.nlp import choose

    (tmp_path / "tender.toml").write_text("value = 100000\n")
    facts = supplied_facts({"value": 250000}, [tmp_path], None)
    assert choose([f for f in facts if f.name == "contract_value_total"]).value == 250000


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"contracts_finder": []}'])
def test_bad_notice_names_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "notice.json"
    path.write_text(text)
    with pytest.raises(InputError, match=r"notice\.json"):
        supplied_facts({}, [], path)


def _corpus_releases(group: str) -> list[dict]:
    if not NOTICES.exists():
        pytest.skip("corpus not available (../shared/corpus)")
    return [item["release"] for item in json.loads(NOTICES.read_text())[group]]


@pytest.mark.corpus
def test_martock_release(tmp_path: Path) -> None:
    release = next(
        r
        for r in _corpus_releases("contracts_finder")
        if r["buyer"]["name"] == "Martock Parish Council"
    )
    path = tmp_path / "release.json"
    path.write_text(json.dumps(release))
    got = by_name(supplied_facts({}, [], path))
    assert got["contract_value_total"].value == 10000
    assert got["issue_date"].value == "2025-03-11"
    assert got["submission_deadline"].value == "2025-03-17T10:00"
    assert got["contract_start"].value == "2025-04-01"
    assert got["contract_duration_months"].value == 36
    assert got["sme_suitable"].value is True and got["vcse_suitable"].value is True
    assert got["authority_type"].value == "other"
    assert got["contract_type"].value == "services"
    assert all(f.source == "notice" for f in got.values())


@pytest.mark.corpus
def test_release_and_record_packages(tmp_path: Path) -> None:
    releases = _corpus_releases("contracts_finder")
    sample = [r for r in releases if isinstance(r.get("tender", {}).get("suitability"), dict)][:20]
    for i, release in enumerate(sample):
        tender = release["tender"]
        for wrapper in (
            {"releases": [release]},
            {"records": [{"ocid": release["ocid"], "compiledRelease": release}]},
        ):
            path = tmp_path / f"n{i}.json"
            path.write_text(json.dumps(wrapper))
            got = by_name(supplied_facts({}, [], path))
            assert got["sme_suitable"].value is tender["suitability"]["sme"]
            assert got["vcse_suitable"].value is tender["suitability"]["vcse"]
            amount = (tender.get("value") or {}).get("amount")
            if isinstance(amount, (int, float)) and amount > 1:
                assert got["contract_value_total"].value == amount
            else:
                assert "contract_value_total" not in got
            end = (tender.get("tenderPeriod") or {}).get("endDate")
            if end:
                assert got["submission_deadline"].value[:7] == end[:7]


@pytest.mark.corpus
def test_scotland_record_lots_and_duration(tmp_path: Path) -> None:
    release = _corpus_releases("public_contracts_scotland")[0]
    path = tmp_path / "record.json"
    path.write_text(json.dumps({"records": [{"compiledRelease": release}]}))
    got = by_name(supplied_facts({}, [], path))
    assert got["lots"].value == len(release["tender"]["lots"])
    assert got["submission_deadline"].value.startswith(
        release["tender"]["tenderPeriod"]["endDate"][:10]
    )
    assert got["contract_duration_months"].value == round(1800 / 30.4375)
