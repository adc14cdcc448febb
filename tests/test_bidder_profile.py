"""Organisation profiles: the example and fixture profiles load; every mistake is one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tendercheck.bidder import EXAMPLE_PROFILE, load_profile
from tendercheck.bidder.profile import INSURANCE_TYPES, parse_profile
from tendercheck.errors import InputError

from .helpers import FIXTURES

PROFILES = FIXTURES / "profiles"
MINIMAL = 'name = "Acorn Trust"\nturnover = 50000\nday_rate = 200\nhours_available = 30\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "org.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_profile(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    return caught.value.reason


def test_example_profile_loads(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, EXAMPLE_PROFILE))
    assert profile.name == "Riverside Community Trust"
    assert profile.turnover == 120_000
    assert profile.insurance == {"public_liability": 1_000_000}
    assert profile.certifications == []
    assert profile.audited_accounts is False
    assert profile.charity is True
    assert profile.region == "ENG"
    assert profile.margin == 10.0


def test_tiny_charity_fixture() -> None:
    profile = load_profile(PROFILES / "tiny-charity.toml")
    assert (profile.turnover, profile.employees, profile.years_trading) == (120_000, 4, 2)
    assert profile.audited_accounts is False
    assert profile.insurance == {"public_liability": 1_000_000}
    assert profile.certifications == []
    assert profile.hours_available == 60
    assert profile.years_of_accounts == 2  # defaults to whole years trading


def test_social_enterprise_fixture() -> None:
    profile = load_profile(PROFILES / "social-enterprise.toml")
    assert profile.turnover == 1_500_000
    assert profile.employees == 35
    assert profile.insurance == {
        "public_liability": 5_000_000,
        "employers_liability": 5_000_000,
        "professional_indemnity": 1_000_000,
    }
    assert profile.certifications == ["ISO 9001:2015"]
    assert profile.hours_available == 150


def test_large_firm_holds_every_insurance() -> None:
    profile = load_profile(PROFILES / "large-firm.toml")
    assert profile.turnover == 50_000_000
    assert set(profile.insurance) == set(INSURANCE_TYPES)
    assert "ISO 9001" in profile.certifications


def test_optional_keys_left_out_are_not_stated(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, MINIMAL))
    assert profile.insurance is None  # not stated, not "no cover"
    assert profile.certifications is None
    assert profile.experience is None
    assert profile.audited_accounts is None
    assert profile.years_of_accounts is None
    assert profile.charity is False


def test_accounts_years_overrides_years_trading(tmp_path: Path) -> None:
    text = MINIMAL + "years_trading = 4.5\naccounts_years = 3\n"
    assert load_profile(write(tmp_path, text)).years_of_accounts == 3
    assert load_profile(write(tmp_path, MINIMAL + "years_trading = 4.5\n")).years_of_accounts == 4


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            MINIMAL + "turnvoer = 5\n",
            "unknown key 'turnvoer' (did you mean 'turnover'?)",
        ),
        (
            MINIMAL + "[insurance]\npublic_liabilty = 1000000\n",
            "unknown insurance type 'public_liabilty' (did you mean 'public_liability'?)",
        ),
        (
            MINIMAL + "[insurance]\nflood = 1000000\n",
            "unknown insurance type 'flood' (known: public_liability, employers_liability, "
            "professional_indemnity, product_liability, motor, contractors_all_risk, cyber, "
            "medical_malpractice)",
        ),
        (MINIMAL.replace("turnover = 50000", 'turnover = "lots"'), "'turnover' must be a number, not 'lots'"),
        (MINIMAL.replace("turnover = 50000", "turnover = -5"), "'turnover' must not be negative (-5)"),
        (MINIMAL.replace("day_rate = 200", "day_rate = true"), "'day_rate' must be a number, not true"),
        (MINIMAL + "employees = 2.5\n", "'employees' must be a whole number, not 2.5"),
        (MINIMAL + "employees = -1\n", "'employees' must not be negative (-1)"),
        (MINIMAL + 'audited_accounts = "yes"\n', "'audited_accounts' must be true or false, not 'yes'"),
        (MINIMAL + 'certifications = "ISO 9001"\n', "'certifications' must be a list of text, e.g. certifications = [\"…\"], not 'ISO 9001'"),
        (MINIMAL + "[insurance]\npublic_liability = -1\n", "'insurance.public_liability' must not be negative (-1)"),
        (MINIMAL + 'insurance = "lots"\n', "'insurance' must be a table: [insurance] public_liability = …, not 'lots'"),
        (MINIMAL + 'region = "FRA"\n', "'region' must be one of ENG, WLS, SCT, NIR, not 'FRA'"),
        (MINIMAL + "margin = 150\n", "'margin' must be a percentage of the contract value (0–100), not 150"),
        (MINIMAL.replace('name = "Acorn Trust"\n', ""), "missing key 'name' (see 'tendercheck profile init')"),
        (MINIMAL.replace("hours_available = 30\n", ""), "missing key 'hours_available' (see 'tendercheck profile init')"),
        (MINIMAL.replace('"Acorn Trust"', '"  "'), "'name' must be the organisation's name (text), not '  '"),
    ],
)  # fmt: skip
def test_profile_errors(tmp_path: Path, text: str, reason: str) -> None:
    assert error(tmp_path, text) == reason


def test_bad_toml_names_the_line(tmp_path: Path) -> None:
    reason = error(tmp_path, 'name = "Acorn"\nturnover = 12 000\n')
    assert reason.startswith("not valid TOML: ")
    assert "line 2" in reason


def test_unreadable_profile(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the profile"):
        load_profile(tmp_path / "missing.toml")


def test_region_is_normalised() -> None:
    data = {"name": "A", "turnover": 1, "day_rate": 1, "hours_available": 1, "region": "sct"}
    assert parse_profile(data).region == "SCT"
