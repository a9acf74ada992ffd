"""Versions: the content hash tells a re-upload from an edit; the diff lists changes by stable id."""
from __future__ import annotations

import copy

from forms.versions import definition_hash, diff_definitions


def test_hash_ignores_key_order_but_not_content(all_types):
    data = all_types.to_dict()
    reordered = dict(reversed(list(data.items())))
    assert definition_hash(data) == definition_hash(reordered) == definition_hash(all_types)
    assert len(definition_hash(data)) == 64
    edited = copy.deepcopy(data)
    edited["sections"][0]["questions"][1]["label"]["vi"] += " "
    assert definition_hash(edited) != definition_hash(data)
    moved = copy.deepcopy(data)
    questions = moved["sections"][0]["questions"]
    questions[1], questions[2] = questions[2], questions[1]
    assert definition_hash(moved) != definition_hash(data)


def test_no_changes_no_lines(library):
    q = library["ct09-hieu-qua"]
    assert diff_definitions(q, q.to_dict()) == []


def test_diff_names_each_change_by_id(library):
    old = library["ct09-hieu-qua"].to_dict()
    new = copy.deepcopy(old)
    reach, tiep_can = new["sections"][0]["questions"], new["sections"][0]
    reach[0]["label"]["vi"] = "Ông/bà đã biết Chỉ thị 09 chưa?"
    reach[1]["choices"] = [c for c in reach[1]["choices"] if c["value"] != "facebook"]
    reach[1]["choices"].append({"value": "tiktok", "label": {"vi": "TikTok", "en": "TikTok"}})
    reach[1]["choices"][0]["label"] = {"vi": "Loa phường", "en": "Loudspeakers"}
    tiep_can["title"] = {"vi": "Tiếp cận", "en": "Reach"}
    knowledge = new["sections"][1]["questions"]
    removed = knowledge.pop()  # k_thuoc_do
    knowledge.append({"id": "k_moi", "type": "knowledge", "label": {"vi": "Câu mới"}, "correct": True})
    new["sections"][2]["questions"][0]["type"] = "yes_no"
    new["sections"][2]["questions"][1]["required"] = True
    new["minutes"] = 6
    lines = diff_definitions(old, new, lang="en")
    expected = [
        "Stated length changed: 5 → 6 minutes",
        "Section “tiep_can”: title changed “Tiếp cận thông tin” → “Tiếp cận”",
        ("Question “heard”: label changed “Ông/bà đã từng nghe, đọc hoặc xem thông tin về Chỉ thị 09-CT/TU của "
        "Thành ủy Hà Nội chưa?” → “Ông/bà đã biết Chỉ thị 09 chưa?”"),
        "Question “channels”: choice “loa” relabelled “The ward's loudspeakers” → “Loudspeakers”",
        "Question “channels”: choice “tiktok” added (TikTok)",
        "Question “channels”: choice “facebook” removed (Facebook (pages of the ward or its organisations))",
        "Question “k_moi” added (Câu mới)",
        "Question “ag_ky_cuong”: type changed likert → yes_no",
        "Question “ag_nguoi_dung_dau”: required changed – → true",
        f"Question “{removed['id']}” removed ({removed['label']['en']})",
    ]
    assert lines == expected
    vietnamese = diff_definitions(old, new)
    assert "Thêm câu «k_moi» (Câu mới)" in vietnamese and "Bỏ câu «k_thuoc_do»" in vietnamese[-1]
    assert len(vietnamese) == len(lines)


def test_diff_reports_moves_and_reordering(all_types):
    old = all_types.to_dict()
    new = copy.deepcopy(old)
    questions = new["sections"][0]["questions"]
    story = questions.pop()
    new["sections"].append({"id": "s2", "title": {"vi": "Phần hai"}, "questions": [story]})
    questions[1], questions[2] = questions[2], questions[1]
    lines = diff_definitions(old, new, lang="en")
    assert lines == ["Section “s2” added (Phần hai)", "Question “story” moved from section “s1” to “s2”",
                     "Questions reordered"]
