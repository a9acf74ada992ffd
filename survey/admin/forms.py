"""Flask-WTF forms of the admin pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from survey.services.waves import PERIOD


class WaveForm(FlaskForm):
    """A new wave over a ward's residential groups."""

    code = StringField(_l("Mã đợt"), validators=[DataRequired(), Length(max=40),
                                                 Regexp(r"^[A-Za-z0-9-]+$", message=_l("Chỉ dùng chữ, số và dấu -"))])
    name = StringField(_l("Tên đợt"), validators=[DataRequired(), Length(max=300)])
    ward = SelectField(_l("Phường/xã"), validators=[DataRequired()])
    questionnaire = SelectField(_l("Phiếu khảo sát (phiên bản đã phát hành)"), validators=[DataRequired()])
    campaign = SelectField(_l("Chiến dịch tuyên truyền"), validators=[Optional()])
    kind = SelectField(_l("Loại"), choices=[SelectChoice("communication", _l("Hiệu quả tuyên truyền")),
                                            SelectChoice("satisfaction", _l("Sự hài lòng")),
                                            SelectChoice("feedback", _l("Phản ánh"))])
    period = StringField(_l("Kỳ báo cáo"), validators=[DataRequired(), Regexp(PERIOD.pattern + "$",
                                                       message=_l("Viết như 2026-Q2, 2026-H1 hoặc 2026"))])
    opens_on = DateField(_l("Ngày bắt đầu"), validators=[DataRequired()])
    closes_on = DateField(_l("Ngày kết thúc"), validators=[DataRequired()])
    invitation_required = BooleanField(_l("Chỉ nhận trả lời có mã mời (phát mã bằng `thuocdo invitations`)"))
    total_target = IntegerField(_l("Số phiếu cần thu (cả phường)"), default=0,
                                validators=[Optional(), NumberRange(min=0, max=1_000_000)])
