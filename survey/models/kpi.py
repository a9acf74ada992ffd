"""KPI targets per index and area, set by officers (e.g. reach ≥ 80 %)."""
from sqlalchemy import CheckConstraint, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.models.area import Area
from survey.models.base import Base


class KpiTarget(Base):
    """The level an index should reach in an area, on the 0–100 scale."""

    __tablename__ = "kpi_target"
    __table_args__ = (
        UniqueConstraint("area_id", "index_name"),
        CheckConstraint("target >= 0 AND target <= 100", name="target_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    index_name: Mapped[str] = mapped_column(String(30))
    target: Mapped[float] = mapped_column(Float)

    area: Mapped[Area] = relationship()
