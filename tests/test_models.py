"""Models: constraints and invariants that the database and the model layer enforce."""
import uuid

import pytest
import sqlalchemy as sa

from forms.schema import load_definition
from survey.extensions import db
from survey.models import ImmutableVersionError, Response, User
from survey.services.questionnaires import store_definition
from tests.factories import SMALL_DEFINITION, make_ward, make_wave


def test_area_tree_and_frame(any_app):
    ward, groups = make_ward(groups=2, adults_per_cell=50)
    db.session.commit()
    assert ward.parent.level == "city"
    assert [g.code for g in ward.children] == ["TW-01", "TW-02"]
    assert sum(c.count for c in groups[0].population) == 8 * 50


def test_client_uuid_is_unique_per_wave(any_app):
    ward, groups = make_ward()
    wave = make_wave(ward, groups)
    key = str(uuid.uuid4())
    common = dict(wave_id=wave.id, area_id=groups[0].id, questionnaire_version_id=wave.questionnaire_version_id,
                  answers={"heard": "no"}, client_uuid=key, receipt="AAAA-BBBB")
    db.session.add(Response(**common))
    db.session.commit()
    db.session.add(Response(**common))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_published_version_cannot_change(any_app):
    version = store_definition(db.session, load_definition(SMALL_DEFINITION), publish=True)
    db.session.commit()
    version.definition = {**version.definition, "id": "changed"}
    version.content_hash = "0" * 64
    with pytest.raises(ImmutableVersionError):
        db.session.commit()
    db.session.rollback()


def test_same_content_is_the_same_version_and_an_edit_a_new_one(any_app):
    first = store_definition(db.session, load_definition(SMALL_DEFINITION), publish=True)
    again = store_definition(db.session, load_definition(SMALL_DEFINITION), publish=True)
    edited = store_definition(db.session, load_definition(SMALL_DEFINITION.replace("Tuổi", "Tuổi của ông/bà")))
    assert again.id == first.id
    assert edited.number == first.number + 1 and edited.published_at is None
    assert first.questionnaire.latest(published_only=True) is first


def test_password_is_hashed_with_argon2(app):
    user = User(username="u", role="admin")
    user.set_password("a long passphrase")
    assert user.password_hash.startswith("$argon2id$")
    assert user.check_password("a long passphrase") and not user.check_password("wrong passphrase")
    with pytest.raises(ValueError):
        user.set_password("short")
