"""The bidder's view: eligibility gaps, effort and time fit, risks and a bid / partner / no-bid
verdict for an organisation profile (``tendercheck PACK --as bidder --profile org.toml``).
"""

from __future__ import annotations

from tendercheck.bidder.assess import assess_bid
from tendercheck.bidder.profile import EXAMPLE_PROFILE, Profile, load_profile

__all__ = ["EXAMPLE_PROFILE", "Profile", "assess_bid", "load_profile"]
