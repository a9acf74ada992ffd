"""JSON endpoints under /api/v1: who is logged in, the sync of offline interviews, the OpenAPI document.

Errors are JSON with a stable `code`; 401 and 403 `csrf` carry `login: true`, which the leaders' page answers by
asking them to log in again while their queue stays on the phone.
"""
from __future__ import annotations

import json
from datetime import date
from functools import wraps

from flask import current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf
from sqlalchemy.exc import OperationalError

from survey.api import bp
from survey.api.openapi import build_spec
from survey.extensions import db
from survey.services.sync import BatchError, OutOfScopeItems, read_batch, sync_batch
from survey.templating import current_lang


def error(status: int, code: str, message: str, **extra):
    """A JSON error body the page can act on."""
    return jsonify(error=message, code=code, status=status, **extra), status


def login_required_json(view):
    """Like Flask-Login's login_required, but a JSON 401 instead of a redirect to the login page."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return error(401, "login_required", _("Phiên đăng nhập đã hết. Vui lòng đăng nhập lại."), login=True)
        return view(*args, **kwargs)

    return wrapped


@bp.errorhandler(CSRFError)
def csrf_failed(failure: CSRFError):
    """A missing, wrong or orphaned CSRF token (often: the session expired) -> 403 asking to log in again."""
    return error(403, "csrf", _("Phiên làm việc đã hết hạn hoặc mã bảo vệ không hợp lệ. Vui lòng đăng nhập lại."),
                 detail=failure.description, login=True)


@bp.get("/me")
@login_required_json
def me():
    """The logged-in user, a CSRF token for the next POSTs and the batch limit."""
    return jsonify(username=current_user.username, full_name=current_user.full_name, role=current_user.role,
                   areas=[a.code for a in current_user.areas], csrf_token=generate_csrf(),
                   batch_limit=current_app.config["SYNC_BATCH_LIMIT"])


@bp.post("/submissions")
@login_required_json
def submissions():
    """Store a batch of interviews collected offline; per item: created, duplicate or rejected with the reason."""
    try:
        payload = json.loads(request.get_data(cache=False).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as failure:
        return error(400, "malformed_json", _("Dữ liệu gửi lên không phải JSON hợp lệ."), detail=str(failure))
    try:
        items = read_batch(payload, limit=current_app.config["SYNC_BATCH_LIMIT"])
        results = sync_batch(db.session, current_user, items, today=date.today(), lang=current_lang(),
                             ip=request.remote_addr)
    except BatchError as failure:
        return error(failure.status, failure.code, _("Gói dữ liệu không hợp lệ."), detail=str(failure),
                     **failure.detail)
    except OutOfScopeItems as failure:
        db.session.commit()  # keeps the audit entry; nothing of the batch was stored
        return error(403, "out_of_scope", _("Bạn không được gửi phiếu cho tổ dân phố ngoài phạm vi của mình."),
                     items=failure.items, areas=failure.areas)
    except OperationalError:
        db.session.rollback()
        current_app.logger.warning("sync: database busy", exc_info=True)
        return error(503, "busy", _("Máy chủ đang bận. Các phiếu vẫn được giữ; hãy đồng bộ lại sau ít phút."))
    db.session.commit()
    counts = {s: sum(r.status == s for r in results) for s in ("created", "duplicate", "rejected")}
    return jsonify(results=[r.to_dict() for r in results], counts=counts)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 description of this API."""
    return jsonify(build_spec())
