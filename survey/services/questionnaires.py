"""Questionnaires: storing definitions as immutable versions and loading them back."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.schema import Questionnaire as Definition
from forms.schema import load_definition
from forms.versions import definition_hash
from survey.models import Questionnaire, QuestionnaireVersion, utcnow


def store_definition(session: Session, definition: Definition, *, publish: bool = False) -> QuestionnaireVersion:
    """Store a validated definition: the same content returns the existing version, new content a new one."""
    data = definition.to_dict()
    digest = definition_hash(data)
    questionnaire = session.scalar(select(Questionnaire).where(Questionnaire.slug == definition.id))
    if questionnaire is None:
        questionnaire = Questionnaire(slug=definition.id, title=definition.title.vi)
        session.add(questionnaire)
        session.flush()
    for version in questionnaire.versions:
        if version.content_hash == digest:
            if publish and version.published_at is None:
                version.published_at = utcnow()
            return version
    number = max((v.number for v in questionnaire.versions), default=0) + 1
    version = QuestionnaireVersion(questionnaire=questionnaire, number=number, definition=data,
                                   content_hash=digest, published_at=utcnow() if publish else None)
    questionnaire.title = definition.title.vi
    session.add(version)
    session.flush()
    return version


def publish(version: QuestionnaireVersion) -> None:
    """Freeze a version so waves can use it; publishing twice changes nothing."""
    if version.published_at is None:
        version.published_at = utcnow()


def definition_of(version: QuestionnaireVersion) -> Definition:
    """The parsed definition of a stored version, cached: a version's content never changes."""
    key = (version.id, version.content_hash)
    if key not in _parsed:
        if len(_parsed) > 256:
            _parsed.clear()
        _parsed[key] = Definition.from_dict(version.definition)
    return _parsed[key]


_parsed: dict[tuple[int, str], Definition] = {}


def parse_upload(filename: str, data: bytes) -> Definition:
    """A definition from an uploaded YAML, JSON or XLSForm file; raises DefinitionError naming file and line/row."""
    from forms.errors import DefinitionError
    from forms.reasons import Reason

    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")):
        from forms.xlsform import read_xlsform

        return read_xlsform(data, filename=filename)
    if name.endswith((".yaml", ".yml", ".json")):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise DefinitionError(Reason("file.not_utf8", byte=error.start + 1), filename=filename) from None
        return load_definition(text, filename=filename)
    raise DefinitionError(Reason("file.unsupported"), filename=filename)


def get_version(session: Session, slug: str, number: int) -> QuestionnaireVersion | None:
    """Version `number` of the questionnaire `slug`, or None."""
    return session.scalar(select(QuestionnaireVersion).join(Questionnaire)
                          .where(Questionnaire.slug == slug, QuestionnaireVersion.number == number))


def store_library(session: Session) -> list[QuestionnaireVersion]:
    """Store and publish every built-in questionnaire (a version already stored is reused, not duplicated)."""
    from forms.library import library_ids, load_library

    return [store_definition(session, load_library(qid), publish=True) for qid in library_ids()]
