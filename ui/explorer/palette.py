"""Colours shared by the network, the timeline and the lifecycle chart: one per action
type (restrictions in reds, licenses in greens, the rest apart) and one per entity class,
so a type looks the same on every page and its legend."""

from __future__ import annotations

ACTION_COLOURS = {
    "EntityListAddition": "#dc2626", "EntityListAmendment": "#f97316",
    "EntityListRemoval": "#16a34a", "DenialOrder": "#7f1d1d", "Sanction": "#be123c",
    "Designation": "#db2777", "Regulation": "#9333ea", "Tariff": "#a16207",
    "TemporaryGeneralLicense": "#059669", "LicenseApplication": "#0ea5e9",
    "LicenseApproval": "#22c55e", "LicenseDenial": "#b45309", "Appeal": "#0891b2",
    "Lobbying": "#64748b", "Negotiation": "#2563eb", "Transaction": "#78716c",
    "Statement": "#94a3b8",
}
"""Action class (local name) -> colour."""
OTHER_ACTION = "#6b7280"
BUNDLE = "#1f2937"

ENTITY_COLOURS = {"Agency": "#1d4ed8", "Firm": "#b91c1c", "Organization": "#7c3aed",
                  "Person": "#0f766e", "Country": "#4d7c0f", "Product": "#a16207"}
OTHER_ENTITY = "#6b7280"


def action_colour(cls: str) -> str:
    """The colour of an action class."""
    return ACTION_COLOURS.get(cls, OTHER_ACTION)
