"""(area, period) inputs -> the report model: plain sections, tables and chart data, worded in Vietnamese.

Everything here arranges numbers the analysis published; nothing is estimated. A hidden estimate (suppressed,
or hidden to protect one) stays hidden: its cell carries only the mark, its bar is not drawn.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reports import formatting as f
from reports.model import Bar, Cell, Chart, Comparison, Report, ReportInput, Section, SeriesInput, Table, WaveInfo

TITLE = "BÁO CÁO KẾT QUẢ KHẢO SÁT Ý KIẾN NGƯỜI DÂN"
SUBTITLE = "Hiệu quả công tác tuyên truyền và sự hài lòng của Nhân dân"
MOTTO = "Dữ liệu là công cụ – Sự hài lòng của Nhân dân là thước đo"
STATUS = {"open": "đang thu thập", "closed": "đã kết thúc", "draft": "chưa mở"}
INDEX_MEANING = {
    "reach": "tỷ lệ người dân đã nghe, đọc hoặc xem thông tin",
    "understanding": "tỷ lệ câu trả lời đúng về nội dung chính (trả lời “không biết” tính là chưa đúng)",
    "consensus": "tỷ lệ đồng ý hoặc rất đồng ý với các nhận định",
    "action": "tỷ lệ người đã làm các việc được khuyến khích",
    "effectiveness": "trung bình cộng của bốn chỉ số tuyên truyền trên",
    "satisfaction": "tỷ lệ hài lòng hoặc rất hài lòng, trung bình qua năm khía cạnh dịch vụ",
    "trust": "tỷ lệ tin tưởng hoặc rất tin tưởng chính quyền phường",
}


# --- cells -------------------------------------------------------------------------------------------------

def est_cell(est: dict | None, k: int) -> Cell:
    """An estimate as a cell: value and CI when shown, the mark alone when hidden."""
    if not est:
        return Cell(f.DASH)
    if f.hidden(est):
        return Cell(f.mark(est, k), hidden=True, estimate=True)
    text = f.num(est["estimate"]) + ("*" if est.get("unreliable") else "")
    return Cell(text, est["estimate"], est.get("ci_low"), est.get("ci_high"), estimate=True)


def ci_cell(est: dict | None) -> Cell:
    """The CI of an estimate as text."""
    return Cell(f.ci_text(est))


def int_cell(value: int | None) -> Cell:
    """A count."""
    return Cell(f.num(value, 0) if value is not None else f.DASH, value)


def text_cell(text: str) -> Cell:
    return Cell(text)


def bar(label: str, est: dict | None, k: int, target: float | None = None, with_ci: bool = False) -> Bar:
    """A chart bar from a published estimate (no bar when hidden)."""
    if not est or f.hidden(est):
        return Bar(label, target=target, mark=f.mark(est, k) if est else f.DASH)
    text = f.num(est["estimate"])
    if with_ci:
        text += f" ({f.ci_text(est)})"
    return Bar(label, est["estimate"], est.get("ci_low"), est.get("ci_high"), target, text=text)


# --- helpers ------------------------------------------------------------------------------------------------

def index_keys(result: dict) -> list[str]:
    """The result's indices in the report's order."""
    present = result.get("indices", {})
    return [key for key in f.INDEX_ORDER if key in present]


def verdict(est: dict | None, target: float | None) -> str:
    """Against a target, in words: met, not met, or not yet certain (the CI straddles it)."""
    if target is None or not est or f.hidden(est):
        return f.DASH
    if est["ci_low"] is not None and est["ci_low"] >= target:
        return "Đạt"
    if est["ci_high"] is not None and est["ci_high"] < target:
        return "Chưa đạt"
    return "Chưa khẳng định được"


def margin_of_error(result: dict) -> float | None:
    """The widest half-width among the shown headline CIs: 'the margin of error is at most ±x points'."""
    widths = [max(e["estimate"] - e["ci_low"], e["ci_high"] - e["estimate"])
              for e in result.get("indices", {}).values()
              if e and not f.hidden(e) and e.get("ci_low") is not None and e.get("ci_high") is not None]
    return max(widths) if widths else None


def wave_line(w: WaveInfo) -> str:
    """One wave in words: code, dates, count against target, modes."""
    return (f"Đợt {w.code} ({w.name}), từ {f.date_vi(w.opens_on)} đến {f.date_vi(w.closes_on)}, "
            f"{STATUS.get(w.status, w.status)}: {f.num(w.n, 0)} phiếu trên chỉ tiêu {f.num(w.target, 0)} "
            f"({f.num(w.self_count, 0)} người dân tự trả lời, {f.num(w.assisted_count, 0)} phiếu do tổ trưởng hỗ "
            f"trợ phỏng vấn).")


def choice_labels(definition: dict, measure: str) -> dict[str, str]:
    """Vietnamese labels of the choices of the question tagged `measure` (e.g. the channels)."""
    labels: dict[str, str] = {}
    for section in definition.get("sections", []):
        for q in section.get("questions", []):
            if q.get("measure") == measure:
                for choice in q.get("choices", []):
                    labels[str(choice["value"])] = label_vi(choice.get("label"))
    return labels


def short_label(text: str) -> str:
    """A choice label without its bracketed examples, for a chart axis."""
    return text.split(" (")[0].strip()


def label_vi(label: Any) -> str:
    """A definition label in Vietnamese."""
    if isinstance(label, dict):
        return label.get("vi") or ""
    return str(label or "")


def sheet_key(number: str, name: str, series: SeriesInput | None = None) -> str:
    """A short, unique-enough table key (the XLSX sheet name, at most 31 characters)."""
    text = f"{number} {name}" + (f" {series.short}" if series else "")
    return text[:31]


# --- sections -----------------------------------------------------------------------------------------------

def cover(data: ReportInput) -> list[str]:
    """The cover's lines under the title."""
    total = sum(s.n for s in data.series)
    waves = sum(len(s.waves) for s in data.series)
    lines = [f"{data.area_name} – {data.parent_name}" if data.parent_name else data.area_name,
             f"Kỳ báo cáo: {data.period.title}",
             f"Ngày lập báo cáo: {f.date_vi(data.generated_on)}",
             f"Số liệu: {waves} đợt khảo sát, {f.num(total, 0)} phiếu trả lời"]
    if data.period.deadline:
        lines.append(f"Theo kế hoạch, báo cáo kỳ này gửi trước ngày {f.date_vi(data.period.deadline)}")
    return lines


def summary_section(data: ReportInput) -> Section:
    """Key findings in a few sentences: each series' headline indices and the number of warnings."""
    section = Section("summary", "Tóm tắt kết quả")
    for s in data.series:
        parts = []
        for key in index_keys(s.result):
            est = s.result["indices"][key]
            shown = f.estimate_text(est, data.k)
            parts.append(f"{f.INDEX_NAMES[key]} {shown}" + (f" (KTC 95 %: {f.ci_text(est)})"
                                                             if not f.hidden(est) else ""))
        section.bullets.append(f"{s.title} ({f.num(s.n, 0)} phiếu): " + "; ".join(parts) + ".")
    count = len(data.warnings)
    section.paragraphs.append(
        f"Có {count} cảnh báo sớm cần lưu ý (mục 7)." if count else "Không có cảnh báo sớm nào trong kỳ.")
    section.paragraphs.append("Các chỉ số tính trên thang 0–100; số trong ngoặc là khoảng tin cậy 95 % (KTC).")
    return section


def method_section(data: ReportInput) -> Section:
    """How the survey was done, in plain words: who, how many, weighting, margin of error, privacy."""
    section = Section("method", "Phương pháp khảo sát")
    section.paragraphs.append(
        f"Đối tượng khảo sát là người dân từ 18 tuổi trở lên sinh sống tại {data.area_name}. Người dân tự trả "
        "lời trên điện thoại qua đường link hoặc mã QR dán ở bảng tin; tổ trưởng tổ dân phố hỗ trợ phỏng vấn "
        "trực tiếp những người không dùng điện thoại. Phiếu hoàn toàn ẩn danh: không hỏi họ tên, số điện thoại, "
        "địa chỉ.")
    for s in data.series:
        child = Section(f"method-{s.slug}", s.title)
        child.bullets.extend(wave_line(w) for w in s.waves)
        child.paragraphs.extend(series_method(s))
        section.children.append(child)
    section.paragraphs.append(
        "Ý nghĩa các chỉ số: " + "; ".join(f"{f.INDEX_NAMES[key]} là {meaning}" for key, meaning
                                           in INDEX_MEANING.items()) + ".")
    section.paragraphs.append(
        f"Bảo mật: mọi số liệu của nhóm có dưới {data.k} người trả lời đều không công bố (ghi “< {data.k}”); "
        "một số ô khác được ẩn thêm (ghi “ẩn”) để không thể suy ngược ra ô đã ẩn từ tổng và các ô còn lại. "
        "Chỉ số có dấu * có khoảng tin cậy rất rộng, cần thận trọng khi sử dụng.")
    return section


def series_method(s: SeriesInput) -> list[str]:
    """Weighting and margin of error of one series, in words."""
    out = []
    if s.pooled:
        out.append(f"Kỳ này có {len(s.waves)} đợt cùng bảng hỏi; các phiếu được gộp lại để tính chỉ số chung "
                   "của cả kỳ.")
    weighting = s.result.get("weighting", {})
    if weighting.get("method") == "raking":
        out.append("Gia quyền: người trả lời không phân bố giống dân số thật (chẳng hạn người cao tuổi và phụ nữ "
                   "trả lời nhiều hơn), nên kết quả được gia quyền lại theo dân số từng tổ dân phố, giới tính và "
                   "nhóm tuổi (phương pháp raking) để đại diện cho người trưởng thành của cả khu vực.")
    else:
        out.append("Gia quyền: chưa có đủ số liệu dân số theo tổ, giới tính và tuổi, nên kết quả chưa được gia "
                   "quyền; mỗi phiếu có trọng số như nhau.")
    moe = margin_of_error(s.result)
    if moe is not None:
        out.append(f"Sai số: với cỡ mẫu này, sai số của các chỉ số chính không quá ±{f.num(moe)} điểm ở độ tin "
                   "cậy 95 % (nếu khảo sát lặp lại nhiều lần, 95 % số lần khoảng tin cậy chứa giá trị thật).")
    return out


def headline_section(data: ReportInput) -> Section:
    """Headline indices with CIs, targets and whether they are met; one chart and one table per series."""
    section = Section("headline", "Các chỉ số chính")
    for i, s in enumerate(data.series, start=1):
        child = Section(f"headline-{s.slug}", s.title)
        keys = index_keys(s.result)
        bars = [bar(f.INDEX_NAMES[key], s.result["indices"][key], data.k, data.targets.get(key)) for key in keys]
        child.charts.append(Chart(f"headline-{s.slug}", f"Chỉ số chính – {s.short}", "estimates", bars=bars))
        with_targets = any(key in data.targets for key in keys)
        rows = []
        for key in keys:
            est = s.result["indices"][key]
            target = data.targets.get(key)
            row = [text_cell(f.INDEX_NAMES[key]), est_cell(est, data.k), ci_cell(est), int_cell(est.get("n"))]
            if with_targets:
                row += [Cell(f.num(target) if target is not None else f.DASH, target), text_cell(verdict(est, target))]
            rows.append(row)
        columns = ["Chỉ số", "Giá trị", "KTC 95 %", "n"] + (["Chỉ tiêu", "Đánh giá"] if with_targets else [])
        note = ("Vạch đỏ trên biểu đồ là chỉ tiêu; đoạn đen là khoảng tin cậy 95 %." if with_targets else
                "Đoạn đen trên biểu đồ là khoảng tin cậy 95 %. Chưa đặt chỉ tiêu (KPI) cho khu vực này.")
        child.tables.append(Table(sheet_key(f"3.{i}", "Chỉ số", s), "Chỉ số chính", columns, rows, note=note,
                                  context=s.title))
        section.children.append(child)
    return section


def funnel_section(data: ReportInput) -> Section:
    """The communication funnel and per-channel reach; satisfaction by dimension."""
    section = Section("funnel", "Phễu tuyên truyền, kênh thông tin và các khía cạnh hài lòng")
    for i, s in enumerate(data.series, start=1):
        child = Section(f"funnel-{s.slug}", s.title)
        stages = [key for key in ("reach", "understanding", "consensus", "action") if key in s.result["indices"]]
        if stages:
            child.charts.append(Chart(f"funnel-{s.slug}", "Phễu: tiếp cận → hiểu → đồng thuận → hành động",
                                      "funnel", bars=[bar(f.INDEX_NAMES[k], s.result["indices"][k], data.k,
                                                          with_ci=True) for k in stages]))
            among = s.result.get("details", {}).get("understanding_among_reached")
            if among and not f.hidden(among):
                child.paragraphs.append(
                    f"Trong số người đã tiếp cận thông tin, chỉ số Hiểu là {f.num(among['estimate'])} "
                    f"(KTC 95 %: {f.ci_text(among)}).")
        channel_part(child, s, data.k, f"4.{i}")
        dimension_part(child, s, data.k, f"4.{i}")
        if child.charts or child.tables:
            section.children.append(child)
    return section


def channel_part(child: Section, s: SeriesInput, k: int, number: str) -> None:
    """Reach through each channel, most used first."""
    channels = s.result.get("details", {}).get("channels")
    if not channels:
        return
    labels = choice_labels(s.definition, "channel")
    ordered = sorted(channels.items(), key=lambda kv: -(kv[1].get("estimate") or -1))
    child.charts.append(Chart(f"channels-{s.slug}", "Tỷ lệ người dân nhận thông tin qua từng kênh", "estimates",
                              bars=[bar(short_label(labels.get(key, key)), est, k) for key, est in ordered]))
    rows = [[text_cell(labels.get(key, key)), est_cell(est, k), ci_cell(est)] for key, est in ordered]
    child.tables.append(Table(sheet_key(number, "Kênh", s), "Tiếp cận theo kênh",
                              ["Kênh thông tin", "Tỷ lệ (%)", "KTC 95 %"], rows, context=s.title))


def dimension_part(child: Section, s: SeriesInput, k: int, number: str) -> None:
    """Satisfaction per dimension."""
    dims = s.result.get("details", {}).get("satisfaction_dimensions")
    if not dims:
        return
    child.charts.append(Chart(f"dimensions-{s.slug}", "Tỷ lệ hài lòng theo khía cạnh", "estimates",
                              bars=[bar(f.DIMENSION_NAMES.get(key, key), est, k) for key, est in dims.items()]))
    rows = [[text_cell(f.DIMENSION_NAMES.get(key, key)), est_cell(est, k), ci_cell(est)] for key, est in dims.items()]
    overall = s.result.get("details", {}).get("satisfaction_overall")
    if overall:
        rows.append([text_cell(f.DIMENSION_NAMES["overall"] + " (câu hỏi chung)"), est_cell(overall, k),
                     ci_cell(overall)])
    child.tables.append(Table(sheet_key(number, "Khía cạnh", s), "Hài lòng theo khía cạnh",
                              ["Khía cạnh", "Tỷ lệ hài lòng (%)", "KTC 95 %"], rows, context=s.title))


def breakdown_section(data: ReportInput) -> Section:
    """Indices by residential group, sex and age band, with hidden cells marked."""
    section = Section("breakdowns", "Kết quả theo tổ dân phố, giới tính và nhóm tuổi")
    section.paragraphs.append(
        f"Ô ghi “< {data.k}”: nhóm có dưới {data.k} người trả lời, không công bố. Ô ghi “ẩn”: ẩn thêm để không "
        "suy ngược được ô bị ẩn. n là số phiếu của nhóm.")
    for i, s in enumerate(data.series, start=1):
        child = Section(f"breakdowns-{s.slug}", s.title)
        keys = index_keys(s.result)
        for j, (dimension, levels) in enumerate(s.result.get("by", {}).items(), start=1):
            rows = []
            for level, values in levels.items():
                n = max((est.get("n") or 0 for est in values.values() if est), default=0)
                rows.append([text_cell(f.level_name(dimension, level, data.group_names)), int_cell(n)]
                            + [est_cell(values.get(key), data.k) for key in keys])
            child.tables.append(Table(sheet_key(f"5.{i}.{j}", f.BREAKDOWN_NAMES.get(dimension, dimension), s),
                                      f"Theo {f.BREAKDOWN_NAMES.get(dimension, dimension).lower()}",
                                      [f.BREAKDOWN_NAMES.get(dimension, dimension), "n"]
                                      + [f.INDEX_NAMES[key] for key in keys], rows, ci_under=True,
                                      widths=breakdown_widths(len(keys)), context=s.title))
        if child.tables:
            section.children.append(child)
    return section


def breakdown_widths(count: int) -> list[float]:
    """Level name, n, then the indices."""
    first, n = 24.0, 7.0
    return [first, n] + [(100.0 - first - n) / count] * count


def change_section(data: ReportInput) -> Section:
    """Change against the previous period, with CIs and adjusted p-values, and the trend across waves."""
    section = Section("change", "So sánh với kỳ trước")
    for i, s in enumerate(data.series, start=1):
        child = Section(f"change-{s.slug}", s.title)
        if s.previous_result is None:
            child.paragraphs.append("Chưa có đợt khảo sát nào trước kỳ này với cùng bảng hỏi để so sánh.")
        else:
            child.paragraphs.append(
                f"So với {s.previous_label} ({', '.join(w.code for w in s.previous_waves)}). Chênh lệch tính bằng "
                "điểm; giá trị p đã hiệu chỉnh cho nhiều phép so sánh cùng lúc (phương pháp Holm). Kết luận “có ý "
                "nghĩa thống kê” khi p đã hiệu chỉnh dưới 0,05.")
            child.tables.append(comparison_table(s, data.k, f"6.{i}"))
        trend_part(child, s, data)
        section.children.append(child)
    return section


def comparison_table(s: SeriesInput, k: int, number: str) -> Table:
    """One row per index: previous, current, change with CI, p and the verdict in words."""
    rows = []
    for c in s.comparisons or []:
        if c.area != s.result.get("area"):
            continue
        rows.append([text_cell(f.INDEX_NAMES.get(c.index, c.index)), est_cell(c.previous, k),
                     est_cell(c.current, k), *change_cells(c)])
    return Table(sheet_key(number, "So sánh", s), f"Thay đổi so với {s.previous_label}",
                 ["Chỉ số", f"Kỳ trước ({s.previous_label})", "Kỳ này", "Chênh lệch", "KTC 95 % chênh lệch",
                  "p (đã hiệu chỉnh)", "Kết luận"], rows, context=s.title,
                 widths=[19.0, 13.0, 9.0, 11.0, 14.0, 11.0, 23.0])


def change_cells(c: Comparison) -> list[Cell]:
    """Change, its CI, adjusted p, and the conclusion; hidden when either side is hidden."""
    if c.hidden or c.diff is None:
        return [Cell(f.SECONDARY, hidden=True), Cell(f.DASH), Cell(f.DASH), Cell("Không so sánh (số liệu bị ẩn)")]
    if c.significant:
        words = "Tăng có ý nghĩa thống kê" if c.diff > 0 else "Giảm có ý nghĩa thống kê"
    else:
        words = "Chưa có thay đổi rõ rệt"
    p = c.p_adjusted if c.p_adjusted is not None else c.p_value
    return [Cell(f.signed(c.diff), c.diff), Cell(f.interval(c.ci_low, c.ci_high)),
            Cell(p_text(p), p), Cell(words)]


def p_text(p: float | None) -> str:
    """A p-value as people read it."""
    if p is None:
        return f.DASH
    return "< 0,001" if p < 0.001 else f.num(p, 3)


def trend_part(child: Section, s: SeriesInput, data: ReportInput) -> None:
    """Every wave of the series up to the period: a chart and a table."""
    if len(s.trend) < 2:
        return
    keys = [key for key in f.INDEX_ORDER if any(key in r.get("indices", {}) for _, r in s.trend)]
    keys = [key for key in keys if key != "effectiveness"]
    periods = [label for label, _ in s.trend]
    series = {f.INDEX_NAMES[key]: [bar("", r.get("indices", {}).get(key), data.k) for _, r in s.trend]
              for key in keys}
    targets = {f.INDEX_NAMES[key]: data.targets[key] for key in keys if key in data.targets}
    child.charts.append(Chart(f"trend-{s.slug}", "Diễn biến qua các đợt", "trend", periods=periods,
                              series=series, targets=targets))


def warnings_section(data: ReportInput) -> Section:
    """Early warnings, each with its reason in words."""
    section = Section("warnings", "Cảnh báo sớm")
    if not data.warnings:
        section.paragraphs.append("Không có cảnh báo nào: không chỉ số nào có khoảng tin cậy nằm dưới chỉ tiêu, "
                                  "không có mức giảm có ý nghĩa thống kê so với đợt trước.")
    section.bullets.extend(w["text"] for w in data.warnings)
    return section


def drivers_section(data: ReportInput) -> Section:
    """Which satisfaction dimensions matter most for overall satisfaction and trust."""
    section = Section("drivers", "Các yếu tố tác động đến sự hài lòng và niềm tin")
    relevant = [s for s in data.series if s.result.get("details", {}).get("satisfaction_dimensions")]
    if not relevant:
        section.paragraphs.append("Kỳ này không có khảo sát sự hài lòng nên không phân tích yếu tố tác động.")
    for i, s in enumerate(relevant, start=1):
        child = Section(f"drivers-{s.slug}", s.title)
        if not s.drivers:
            child.paragraphs.append("Phân tích yếu tố tác động chưa sẵn sàng cho khảo sát này.")
        else:
            driver_tables(child, s, f"8.{i}")
        section.children.append(child)
    return section


def driver_tables(child: Section, s: SeriesInput, number: str) -> None:
    """One table per outcome: dimensions ranked by their share of the explained variation (LMG)."""
    for j, (outcome, model) in enumerate(s.drivers.items(), start=1):
        coefs = model.get("coefficients", {})
        ranked = sorted(coefs.items(), key=lambda kv: -(kv[1].get("lmg_share") or 0))
        rows = [[text_cell(f.DIMENSION_NAMES.get(dim, dim)), Cell(f.num(100 * c["lmg_share"]), 100 * c["lmg_share"]),
                 Cell(f.num(c.get("beta"), 2), c.get("beta")), Cell(p_text(c.get("p_value")), c.get("p_value"))]
                for dim, c in ranked]
        name = "hài lòng chung" if outcome == "satisfaction" else "niềm tin"
        part = Section(f"drivers-{s.slug}-{outcome}", f"Yếu tố tác động đến {name}")
        child.children.append(part)
        if ranked:
            part.paragraphs.append(
                f"Khía cạnh tác động mạnh nhất đến {name}: {f.DIMENSION_NAMES.get(ranked[0][0], ranked[0][0]).lower()} "
                f"(giải thích {f.num(100 * ranked[0][1]['lmg_share'], 0)} % phần biến động mà các khía cạnh giải "
                "thích được). Cải thiện khía cạnh này có khả năng nâng " + name + " nhiều nhất.")
        part.tables.append(Table(sheet_key(f"{number}.{j}", "Yếu tố", s), "",
                                  ["Khía cạnh", "Tỷ trọng giải thích (%)", "Hệ số chuẩn hóa", "p"], rows,
                                  context=s.title,
                                  note=f"n = {f.num(model.get('n'), 0)}; R² = {f.num(model.get('r2'), 2)}. Hồi quy "
                                       "có gia quyền, sai số chuẩn theo cụm tổ dân phố; tỷ trọng theo phân rã "
                                       "LMG (Shapley) của R²."))


def quality_section(data: ReportInput) -> Section:
    """Data quality: how answers were collected and what the checks flagged (for back-checks, never deletion)."""
    section = Section("quality", "Chất lượng dữ liệu")
    section.paragraphs.append("Các phiếu bị đánh dấu chỉ để kiểm tra lại (gọi lại, đối chiếu), không bị xóa và vẫn "
                              "được tính trong kết quả.")
    for i, s in enumerate(data.series, start=1):
        child = Section(f"quality-{s.slug}", s.title)
        total_self = sum(w.self_count for w in s.waves)
        total_assisted = sum(w.assisted_count for w in s.waves)
        child.paragraphs.append(f"{f.num(total_self, 0)} phiếu người dân tự trả lời, {f.num(total_assisted, 0)} "
                                "phiếu do tổ trưởng hỗ trợ phỏng vấn.")
        quality_part(child, s, f"9.{i}")
        section.children.append(child)
    return section


QUALITY_NAMES = {"speeding": "Trả lời quá nhanh (dưới 40 % thời gian trung vị)",
                 "straightlining": "Chọn cùng một mức cho cả loạt câu", "near_duplicate": "Gần trùng với phiếu khác",
                 "any": "Có ít nhất một dấu hiệu"}


def quality_part(child: Section, s: SeriesInput, number: str) -> None:
    """Flag counts, flagged collectors and scale reliability, as the quality checks reported them."""
    if s.quality is None:
        child.paragraphs.append("Chưa có kiểm tra chất lượng tự động cho khảo sát này.")
    else:
        counts = s.quality.get("counts", {})
        rows = [[text_cell(QUALITY_NAMES.get(key, key)), int_cell(value),
                 Cell(f.num(100 * value / s.quality["n"]) if s.quality["n"] else f.DASH)]
                for key, value in counts.items()]
        child.tables.append(Table(sheet_key(number, "Chất lượng", s), "Dấu hiệu cần kiểm tra",
                                  ["Dấu hiệu", "Số phiếu", "Tỷ lệ (%)"], rows, context=s.title))
        collectors = s.quality.get("collectors", [])
        flagged = [c for c in collectors if c.get("flagged")]
        child.bullets.extend(c["text"] for c in flagged)
        if collectors and not flagged:
            child.paragraphs.append(f"Không người thu thập nào (trong {len(collectors)} người) có dấu hiệu bất "
                                    "thường.")
    if s.reliability:
        rows = [[text_cell(scale["label"]), int_cell(len(scale["items"])), int_cell(scale["n"]),
                 Cell(f.num(scale["alpha"], 2), scale["alpha"]),
                 text_cell("Cần xem lại" if scale["flag"] else "Đạt")] for scale in s.reliability.values()]
        child.tables.append(Table(sheet_key(number, "Độ tin cậy", s), "Độ tin cậy của thang đo (Cronbach's alpha)",
                                  ["Thang đo", "Số câu", "n", "Alpha", "Đánh giá"], rows, context=s.title,
                                  note="Alpha từ 0,7 trở lên: các câu hỏi của thang đo nhất quán với nhau."))
        low = [scale["label"] for scale in s.reliability.values() if scale["flag"]]
        if low:
            child.paragraphs.append(f"Thang đo có hệ số alpha dưới 0,7: {', '.join(low)}. Các câu hỏi của thang đo "
                                    "chưa nhất quán với nhau; nên xem lại bảng hỏi trước khi so sánh các chỉ số này.")


def appendix_section(data: ReportInput) -> Section:
    """The questionnaires used, question by question."""
    section = Section("appendix", "Phụ lục: bảng hỏi")
    for i, s in enumerate(data.series, start=1):
        rows = []
        for part in s.definition.get("sections", []):
            rows.append([text_cell(""), Cell(label_vi(part.get("title")).upper()), text_cell(""), text_cell("")])
            for q in part.get("questions", []):
                if q.get("type") == "note":
                    continue
                rows.append([text_cell(q["id"]), text_cell(label_vi(q.get("label"))), text_cell(TYPES.get(
                    q.get("type"), q.get("type", ""))), text_cell(choices_text(q))])
        section.children.append(Section(f"appendix-{s.slug}", label_vi(s.definition.get("title")) or s.title,
                                        tables=[Table(sheet_key(f"10.{i}", "Bảng hỏi", s), "",
                                                      ["Mã", "Câu hỏi", "Loại", "Phương án trả lời"], rows,
                                                      widths=[17.0, 45.0, 12.0, 26.0], context=s.title)]))
    return section


TYPES = {"yes_no": "Có/Không", "knowledge": "Đúng/Sai/Không biết", "likert": "Thang 1–5",
         "single_choice": "Chọn một", "multiple_choice": "Chọn nhiều", "integer": "Số", "decimal": "Số",
         "text": "Chữ", "long_text": "Chữ (dài)", "date": "Ngày"}


def choices_text(q: dict) -> str:
    """The answer options of a question, joined."""
    if q.get("choices"):
        return "; ".join(label_vi(c.get("label")) for c in q["choices"])
    if q.get("type") == "knowledge":
        return "Đáp án đúng: " + ("Đúng" if q.get("correct") else "Sai")
    if q.get("type") == "likert":
        return "1 (rất không) … 5 (rất)"
    return ""


# --- the report ---------------------------------------------------------------------------------------------

SECTIONS = (summary_section, method_section, headline_section, funnel_section, breakdown_section,
            change_section, warnings_section, drivers_section, quality_section, appendix_section)


def empty_message(data: ReportInput) -> str:
    """What a report without data says."""
    if any(s.waves for s in data.series):
        return (f"{data.area_name} có đợt khảo sát trong {data.period.title} nhưng chưa có phiếu trả lời nào: "
                "chưa có dữ liệu để lập báo cáo.")
    return f"Không có dữ liệu khảo sát của {data.area_name} trong {data.period.title}: chưa có đợt khảo sát nào."


def build_report(data: ReportInput) -> Report:
    """The report model of an area over a period; `empty` (with the reason) when the period has no responses."""
    series = [s for s in data.series if s.n > 0]
    base = dict(title=TITLE, subtitle=SUBTITLE, area_name=data.area_name, parent_name=data.parent_name,
                period_title=data.period.title, generated_on=f.date_vi(data.generated_on))
    if not series:
        return Report(**base, cover_lines=cover(data), sections=[], empty=True, message=empty_message(data))
    data.series = series
    sections = [make(data) for make in SECTIONS]
    for number, section in enumerate(sections, start=1):
        section.title = f"{number}. {section.title}"
    return Report(**base, cover_lines=cover(data) + [MOTTO], sections=sections)


def all_cells(report: Report) -> Iterable[Cell]:
    """Every cell of every table (tests and exports walk them)."""
    for table in report.tables():
        for row in table.rows:
            yield from row
