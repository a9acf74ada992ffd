"""The domain models, one module per aggregate; imported here so Alembic and the app see them all."""
from survey.models.area import AGE_BANDS, AREA_LEVELS, SEXES, Area, PopulationCell
from survey.models.audit import AuditLog
from survey.models.base import Base, utcnow
from survey.models.campaign import Campaign
from survey.models.kpi import KpiTarget
from survey.models.questionnaire import ImmutableVersionError, Questionnaire, QuestionnaireVersion
from survey.models.response import MODES, Response
from survey.models.result import StoredResult
from survey.models.user import ROLES, User, user_area
from survey.models.wave import WAVE_STATUSES, Invitation, Wave, WaveArea

__all__ = [
    "AGE_BANDS", "AREA_LEVELS", "Area", "AuditLog", "Base", "Campaign", "ImmutableVersionError", "Invitation",
    "KpiTarget", "MODES", "PopulationCell", "Questionnaire", "QuestionnaireVersion", "ROLES", "Response", "SEXES",
    "StoredResult", "User", "WAVE_STATUSES", "Wave", "WaveArea", "user_area", "utcnow",
]
