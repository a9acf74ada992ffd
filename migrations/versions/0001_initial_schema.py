"""initial schema: areas, frame, campaigns, questionnaires, waves, responses, users, audit, kpi

Revision ID: 0001
Revises: 
Create Date: 2026-11-23

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('households', sa.Integer(), nullable=True),
    sa.CheckConstraint("level IN ('city', 'ward', 'group')", name=op.f('ck_area_level')),
    sa.ForeignKeyConstraint(['parent_id'], ['area.id'], name=op.f('fk_area_parent_id_area')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_area')),
    sa.UniqueConstraint('code', name=op.f('uq_area_code'))
    )
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_area_parent_id'), ['parent_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('slogan', sa.String(length=300), nullable=True),
    sa.Column('key_messages', sa.JSON(), nullable=False),
    sa.Column('channels', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign')),
    sa.UniqueConstraint('code', name=op.f('uq_campaign_code'))
    )
    op.create_table('questionnaire',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questionnaire')),
    sa.UniqueConstraint('slug', name=op.f('uq_questionnaire_slug'))
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('admin', 'officer', 'leader')", name=op.f('ck_user_role')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('username', name=op.f('uq_user_username'))
    )
    op.create_table('kpi_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('index_name', sa.String(length=30), nullable=False),
    sa.Column('target', sa.Float(), nullable=False),
    sa.CheckConstraint('target >= 0 AND target <= 100', name=op.f('ck_kpi_target_target_range')),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_kpi_target_area_id_area'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpi_target')),
    sa.UniqueConstraint('area_id', 'index_name', name=op.f('uq_kpi_target_area_id_index_name'))
    )
    op.create_table('population_cell',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('sex', sa.String(length=10), nullable=False),
    sa.Column('age_band', sa.String(length=10), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.CheckConstraint('count >= 0', name=op.f('ck_population_cell_count_nonnegative')),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_population_cell_area_id_area'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_population_cell')),
    sa.UniqueConstraint('area_id', 'sex', 'age_band', name=op.f('uq_population_cell_area_id_sex_age_band'))
    )
    op.create_table('questionnaire_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['questionnaire_id'], ['questionnaire.id'], name=op.f('fk_questionnaire_version_questionnaire_id_questionnaire')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questionnaire_version')),
    sa.UniqueConstraint('questionnaire_id', 'number', name=op.f('uq_questionnaire_version_questionnaire_id_number'))
    )
    op.create_table('user_area',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_user_area_area_id_area'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_user_area_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'area_id', name=op.f('pk_user_area'))
    )
    op.create_table('wave',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ward_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('questionnaire_version_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('invitation_required', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'open', 'closed')", name=op.f('ck_wave_status')),
    sa.CheckConstraint('closes_on >= opens_on', name=op.f('ck_wave_dates_ordered')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_wave_campaign_id_campaign')),
    sa.ForeignKeyConstraint(['questionnaire_version_id'], ['questionnaire_version.id'], name=op.f('fk_wave_questionnaire_version_id_questionnaire_version')),
    sa.ForeignKeyConstraint(['ward_id'], ['area.id'], name=op.f('fk_wave_ward_id_area')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wave')),
    sa.UniqueConstraint('code', name=op.f('uq_wave_code'))
    )
    with op.batch_alter_table('wave', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wave_period'), ['period'], unique=False)
        batch_op.create_index(batch_op.f('ix_wave_ward_id'), ['ward_id'], unique=False)

    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_invitation_area_id_area')),
    sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_invitation_wave_id_wave'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('code', name=op.f('uq_invitation_code'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_wave_id'), ['wave_id'], unique=False)

    op.create_table('response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_version_id', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('collector_id', sa.Integer(), nullable=True),
    sa.Column('client_uuid', sa.String(length=36), nullable=False),
    sa.Column('receipt', sa.String(length=12), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_s', sa.Float(), nullable=True),
    sa.CheckConstraint("mode IN ('self', 'assisted')", name=op.f('ck_response_mode')),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_response_area_id_area')),
    sa.ForeignKeyConstraint(['collector_id'], ['user.id'], name=op.f('fk_response_collector_id_user')),
    sa.ForeignKeyConstraint(['questionnaire_version_id'], ['questionnaire_version.id'], name=op.f('fk_response_questionnaire_version_id_questionnaire_version')),
    sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_response_wave_id_wave')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response')),
    sa.UniqueConstraint('wave_id', 'client_uuid', name=op.f('uq_response_wave_id_client_uuid'))
    )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_response_area_id'), ['area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_response_collector_id'), ['collector_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_response_wave_id'), ['wave_id'], unique=False)

    op.create_table('wave_area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('wave_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('target', sa.Integer(), nullable=False),
    sa.CheckConstraint('target >= 0', name=op.f('ck_wave_area_target')),
    sa.ForeignKeyConstraint(['area_id'], ['area.id'], name=op.f('fk_wave_area_area_id_area')),
    sa.ForeignKeyConstraint(['wave_id'], ['wave.id'], name=op.f('fk_wave_area_wave_id_wave'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wave_area')),
    sa.UniqueConstraint('wave_id', 'area_id', name=op.f('uq_wave_area_wave_id_area_id'))
    )



def downgrade():

    op.drop_table('wave_area')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_wave_id'))
        batch_op.drop_index(batch_op.f('ix_response_collector_id'))
        batch_op.drop_index(batch_op.f('ix_response_area_id'))

    op.drop_table('response')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_wave_id'))

    op.drop_table('invitation')
    with op.batch_alter_table('wave', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wave_ward_id'))
        batch_op.drop_index(batch_op.f('ix_wave_period'))

    op.drop_table('wave')
    op.drop_table('user_area')
    op.drop_table('questionnaire_version')
    op.drop_table('population_cell')
    op.drop_table('kpi_target')
    op.drop_table('user')
    op.drop_table('questionnaire')
    op.drop_table('campaign')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    with op.batch_alter_table('area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_area_parent_id'))

    op.drop_table('area')

