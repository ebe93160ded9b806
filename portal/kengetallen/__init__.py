"""Figures from the history: the phase table, lead-time KPIs, the duration model behind the expected date.

DESIGN.md 4 puts KPIs, projections, the dashboard, exports and the simulation here. The models live in
portal.kengetallen.models and belong to the portal app (imported by portal.models).
"""
