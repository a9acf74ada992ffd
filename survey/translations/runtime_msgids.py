"""Messages that code looks up in tables and passes to gettext at run time, listed here so extraction finds them.

Never imported. Keep in step with survey/errors.py MESSAGES and LOGIN_MESSAGES in survey/admin/routes.py;
tests/respond/test_language.py checks that every error page message has its English translation.
"""


def _(text: str) -> str:
    return text


# survey/errors.py
_("Yêu cầu không hợp lệ.")
_("Bạn cần đăng nhập để tiếp tục.")
_("Bạn không có quyền xem trang này.")
_("Không tìm thấy trang bạn cần.")
_("Phương thức không được hỗ trợ.")
_("Dữ liệu gửi lên quá lớn.")
_("Bạn đã gửi quá nhiều lần. Vui lòng thử lại sau ít phút.")
_("Đã có lỗi xảy ra. Vui lòng thử lại sau.")
# survey/admin/routes.py
_("Tên đăng nhập hoặc mật khẩu không đúng.")
_("Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau 15 phút.")
_("Tài khoản đã bị vô hiệu hóa.")
