"""Domain vocabulary for the entity ruler: certifications, insurance types, procurement phrases.

Kept as data so it is easy to extend; matched case-insensitively (phrase matcher on LOWER).
"""

from __future__ import annotations

from tendercheck.data import data_yaml

CERTIFICATIONS = [
    "ISO 9001",
    "ISO 14001",
    "ISO 45001",
    "ISO 27001",
    "ISO/IEC 27001",
    "ISO 22301",
    "ISO 50001",
    "ISO 20000",
    "ISO 18001",
    "OHSAS 18001",
    "BS 7858",
    "BS 8555",
    "BS EN ISO 9001",
    "CHAS",
    "SafeContractor",
    "Safe Contractor",
    "Constructionline",
    "Constructionline Gold",
    "Constructionline Silver",
    "SMAS",
    "SMAS Worksafe",
    "Acclaim",
    "Achilles",
    "Avetta",
    "Cyber Essentials",
    "Cyber Essentials Plus",
    "PCI DSS",
    "NHS DSPT",
    "Data Security and Protection Toolkit",
    "Investors in People",
    "Living Wage Employer",
    "Gas Safe",
    "NICEIC",
    "NAPIT",
    "SSIP",
    "SIA Approved Contractor",
    "CQC registration",
    "Matrix Standard",
    "Quality Mark",
    "PQASSO",
    "Trusted Charity",
    "Investing in Volunteers",
    "Disability Confident",
    # added for supplier requirements (issue 3)
    "ISO 20000-1",
    "ISO 27017",
    "ISO 27018",
    "ISO 37001",
    "ISO 55001",
    "CHAS Elite",
    "Constructionline Platinum",
    "FORS",
    "BAFE",
    "NHS Data Security and Protection Toolkit",
]

INSURANCE_TYPES = {
    "employers_liability": [
        "employer's liability",
        "employers liability",
        "employers' liability",
        "employer’s liability",
        "employers’ liability",
        "employer's (compulsory) liability",
        "employers (compulsory) liability",
    ],
    "public_liability": [
        "public liability",
        "third party liability",
        "public and products liability",
    ],
    "professional_indemnity": ["professional indemnity", "professional liability"],
    "product_liability": ["product liability", "products liability"],
    "motor": ["motor insurance", "motor vehicle insurance", "fleet insurance"],
    "contractors_all_risk": [
        "contractors all risk",
        "contractor's all risk",
        "contractors' all risk",
    ],
    "cyber": ["cyber insurance", "cyber liability"],
    "medical_malpractice": ["medical malpractice", "clinical negligence"],
}
# added for supplier requirements (issue 3): more spellings of the same covers
INSURANCE_TYPES["employers_liability"] += [
    "employer's compulsory liability",
    "employers compulsory liability",
    "employer liability",
    "employers’ (compulsory) liability",
    "employer’s (compulsory) liability",
]
INSURANCE_TYPES["public_liability"] += ["public/products liability", "general liability"]
INSURANCE_TYPES["product_liability"] += ["products/public liability"]
INSURANCE_TYPES["professional_indemnity"] += ["professional negligence"]
# added for wording variety (issue 12)
INSURANCE_TYPES["professional_indemnity"] += ["professional risk indemnity"]
INSURANCE_TYPES["product_liability"] += [
    "products and public liability",
    "product and public liability",
]
INSURANCE_TYPES["public_liability"] += ["public and product liability"]
# One name for two covers: a figure against it is the level of each.
COMBINED_COVERS = {
    "public and products liability": ("public_liability", "product_liability"),
    "public and product liability": ("public_liability", "product_liability"),
    "public/products liability": ("public_liability", "product_liability"),
    "products/public liability": ("product_liability", "public_liability"),
    "products and public liability": ("product_liability", "public_liability"),
    "product and public liability": ("product_liability", "public_liability"),
}
# "&" for "and" in a combined cover ("PUBLIC & PRODUCTS LIABILITY INSURANCE")
for _name, _kinds in list(COMBINED_COVERS.items()):
    if " and " in _name:
        _amp = _name.replace(" and ", " & ")
        COMBINED_COVERS[_amp] = _kinds
        INSURANCE_TYPES[_kinds[0]].append(_amp)
INSURANCE_TYPES["motor"] += ["motor vehicle liability", "motor third party"]
INSURANCE_TYPES["cyber"] += ["cyber risk insurance", "cyber security insurance"]

# Trade names and producers a specification may name (PA23 s.56 wants "or equivalent").
# Product names only; file formats used for submitting a tender (Word, Excel, PDF) are not here.
BRANDS = [
    "Microsoft Teams",
    "Microsoft 365",
    "Office 365",
    "Microsoft Dynamics",
    "SharePoint",
    "Microsoft Azure",
    "Amazon Web Services",
    "Google Workspace",
    "Google Cloud",
    "Salesforce",
    "ServiceNow",
    "Oracle",
    "SAP",
    "Zoom",
    "Cisco",
    "Dell",
    "Hewlett Packard",
    "Apple iPad",
    "iPad",
    "iPhone",
    "Liquidlogic",
    "Civica",
    "Capita One",
    "Tableau",
    "Power BI",
    "Adobe Creative Cloud",
    "Xero",
    "Dulux",
    "Hilti",
]


# Early market engagement: its phrases, verbs, negations and tender-period events.
MARKET_ENGAGEMENT = data_yaml("market_engagement.yaml")

PROCUREMENT_PHRASES = {
    "SPEC_HEADING": [
        "specification",
        "statement of requirements",
        "service specification",
        "scope of services",
        "scope of works",
        "scope of work",
        "the requirement",
        "requirements",
        "service requirements",
        "technical specification",
    ],
    "SOCIAL_VALUE": [
        "social value",
        "community benefits",
        "community benefit",
        "national toms",
        "themes outcomes and measures",
        "social value model",
    ],
    "TUPE": ["tupe", "transfer of undertakings"],
    # Early market engagement (MARKET-01): tendercheck/data/market_engagement.yaml
    "MARKET_ENGAGEMENT": MARKET_ENGAGEMENT["phrases"],
}

# Verbs (as lemmas) of engagement happening (data/market_engagement.yaml `events`).
MARKET_ENGAGEMENT_EVENTS = frozenset(MARKET_ENGAGEMENT["events"])


def _pattern(label: str, phrase: str, ent_id: str | None = None) -> dict:
    entry = {"label": label, "pattern": phrase}
    if ent_id:
        entry["id"] = ent_id
    return entry


ENTITY_PATTERNS: list[dict] = (
    [_pattern("CERT", c) for c in CERTIFICATIONS]
    + [_pattern("INSURANCE", p, kind) for kind, phrases in INSURANCE_TYPES.items() for p in phrases]
    + [_pattern(label, p) for label, phrases in PROCUREMENT_PHRASES.items() for p in phrases]
)
