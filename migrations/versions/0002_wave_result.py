"""wave_result: computed figures of a wave, shared by every process (once per data change, snapshots of open waves)

Revision ID: 0002_lead
Revises: 0001
Create Date: 2026-12-04

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_lead'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('wave_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('k', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('upto_response_id', sa.Integer(), nullable=False),
    sa.Column('inputs', sa.String(length=64), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_wave_result_area_id_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_wave_result_wave_id_wave'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wave_result')),
    sa.UniqueConstraint('wave_id', 'area_id', 'k', name=op.f('uq_wave_result_wave_id_area_id_k'))
    )


def downgrade():
    op.drop_table('wave_result')
