"""Error pages in Vietnamese (English when chosen), JSON for the API; never a traceback."""
from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    401: "Bạn cần đăng nhập để tiếp tục.",
    403: "Bạn không có quyền xem trang này.",
    404: "Không tìm thấy trang bạn cần.",
    405: "Phương thức không được hỗ trợ.",
    413: "Dữ liệu gửi lên quá lớn.",
    429: "Bạn đã gửi quá nhiều lần. Vui lòng thử lại sau ít phút.",
    500: "Đã có lỗi xảy ra. Vui lòng thử lại sau.",
}


def register(app: Flask) -> None:
    """Install one handler for every HTTP error and one for unexpected exceptions."""

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        return _render(error.code or 500, error.description)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("unhandled error")
        return _render(500, None)


def _render(code: int, description: str | None):
    from flask_babel import gettext

    message = gettext(MESSAGES.get(code, MESSAGES[500]))
    if request.path.startswith("/api/"):
        return jsonify(error=message, detail=description, status=code), code
    return render_template("error.html", code=code, message=message), code
