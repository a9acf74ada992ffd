"""The area tree (city > ward > residential group) and its population frame."""
from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey.models.base import Base

AREA_LEVELS = ("city", "ward", "group")
SEXES = ("male", "female")
AGE_BANDS = ("18-29", "30-44", "45-59", "60+")


class Area(Base):
    """A node of the area tree; `code` is short and used in URLs and commands (e.g. VT, VT-01)."""

    __tablename__ = "area"
    __table_args__ = (CheckConstraint("level IN ('city', 'ward', 'group')", name="level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(10))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    households: Mapped[int | None] = mapped_column(Integer)

    parent: Mapped[Area | None] = relationship(back_populates="children", remote_side=[id])
    children: Mapped[list[Area]] = relationship(back_populates="parent", order_by="Area.code")
    population: Mapped[list[PopulationCell]] = relationship(
        back_populates="area", cascade="all, delete-orphan", order_by="(PopulationCell.sex, PopulationCell.age_band)")

    def __repr__(self) -> str:
        return f"<Area {self.code}>"


class PopulationCell(Base):
    """Adults of one area in one sex × age band cell: the frame that raking calibrates to."""

    __tablename__ = "population_cell"
    __table_args__ = (
        UniqueConstraint("area_id", "sex", "age_band"),
        CheckConstraint("count >= 0", name="count_nonnegative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"))
    sex: Mapped[str] = mapped_column(String(10))
    age_band: Mapped[str] = mapped_column(String(10))
    count: Mapped[int] = mapped_column(Integer)

    area: Mapped[Area] = relationship(back_populates="population")
