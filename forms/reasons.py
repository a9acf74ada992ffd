"""Why a questionnaire definition (or a skip-logic expression) cannot be used, in Vietnamese and English.

One table, like forms/messages.py: a key and its parameters, one template per language. A `Reason` is a key
with its values; it is put into words only when shown, so the same error reads in either language:

    Reason("unknown_type", what=Reason("what.question", id="q2"), qtype="abc", ...).say("en")

Values may themselves be Reasons (said in the same language), tuples (joined with commas) or `OneOf` tuples
(joined with "hoặc" / "or"); anything else, a list from the user's file included, is shown as it is.
A Vietnamese reason starts with a capital letter; the English text stays as it always was.
"""
from __future__ import annotations

from typing import Any

LANGS = ("vi", "en")

REASONS: dict[str, dict[str, str]] = {
    "vi": {
        # where the problem is (DefinitionError puts these before the reason)
        "where.sheet": "trang tính «{sheet}»",
        "where.line": "dòng {line}",
        "where.row": "hàng {line}",
        "or": "hoặc",
        "none": "không có",
        # what the problem is about
        "what.questionnaire": "phiếu khảo sát",
        "what.a_section": "một phần",
        "what.section": "phần «{id}»",
        "what.a_question": "một câu hỏi",
        "what.question": "câu hỏi «{id}»",
        "what.field": "{what}: trường «{key}»",
        "what.a_choice": "{what}: một lựa chọn",
        "what.choice": "{what}: lựa chọn «{value}»",
        # what a value is, after "không phải"
        "kind.mapping": "một khối các trường",
        "kind.list": "một danh sách",
        "kind.flag": "giá trị đúng/sai «{value}»",
        "kind.text": "chữ «{value}»",
        "kind.number": "số {value}",
        "kind.none": "giá trị trống",
        "kind.other": "giá trị «{value}»",
        # short tips put inside other reasons
        "tip.did_you_mean": " (có phải bạn định viết «{close}»?)",
        "tip.did_you_mean_first": " (có phải bạn định viết «{close}»?)",
        "tip.keys_are": "; các trường hợp lệ: {keys}",
        "tip.first_on_line": " (lần đầu ở dòng {first})",
        "tip.quote_flag": " (hãy đặt trong dấu nháy, ví dụ \"yes\": YAML hiểu yes/no/true/false là giá trị đúng/sai)",
        "tip.value_chars": "; chỉ dùng chữ cái không dấu, chữ số và _ . + -, không có dấu cách",
        "rule.id": "chỉ dùng chữ thường không dấu (a–z), chữ số và _, bắt đầu bằng một chữ cái",
        "rule.slug": "chỉ dùng chữ thường không dấu (a–z), chữ số, - và _",
        "number.whole": "một số nguyên",
        "number.any": "một số",
        # reading the file
        "file.missing": "không tìm thấy tệp",
        "file.unreadable": "không đọc được tệp: {detail}",
        "file.not_utf8": "tệp không phải văn bản UTF-8 (byte thứ {byte}); hãy lưu lại tệp với bảng mã UTF-8",
        "file.empty": "tệp đang trống",
        "file.unsupported": "không dùng được loại tệp này: hãy tải lên tệp .yaml, .json hoặc XLSForm .xlsx",  # upload
        "yaml.key_not_word": "tên trường phải là một từ, không được là danh sách hay khối",
        "yaml.key_twice": "trường «{key}» xuất hiện hai lần trong cùng một khối (lần đầu ở dòng {first})",
        "yaml.invalid": "tệp không đúng cú pháp YAML: {detail}",
        "yaml.invalid_hint": "tệp không đúng cú pháp YAML: {detail} (hãy kiểm tra thụt đầu dòng, và đặt trong dấu "
                             "nháy những nội dung có dấu «:» hoặc «#»)",
        "json.invalid": "tệp không đúng cú pháp JSON: {detail}",
        # the commonest YAML and JSON syntax problems (the English text is the parser's own)
        "yaml.colon": "có dấu «:» ở chỗ không được phép",
        "yaml.no_colon": "thiếu dấu «:» sau tên trường",
        "yaml.tab": "có ký tự Tab; YAML chỉ cho thụt đầu dòng bằng dấu cách",
        "yaml.indent": "thụt đầu dòng không khớp với các dòng phía trên",
        "yaml.end": "tệp kết thúc giữa chừng, có thể do thiếu dấu nháy đóng",
        "yaml.comma": "thiếu dấu «,» hoặc dấu đóng ngoặc «]» / «}}»",
        "yaml.no_content": "thiếu nội dung ở đây, có thể do một danh sách hay khối chưa được đóng",
        "json.value": "thiếu một giá trị",
        "json.comma": "thiếu dấu «,»",
        "json.colon": "thiếu dấu «:» sau tên trường",
        "json.name": "tên trường phải đặt trong dấu nháy kép",
        "json.string": "thiếu dấu nháy kép đóng",
        "json.extra": "có nội dung thừa sau khi phiếu đã kết thúc",
        # the definition
        "not_mapping": "{what} phải là một khối các trường (dạng «tên: giá trị»), không phải {kind}",
        "unknown_key": "{what}: trường «{key}» không hợp lệ{tip}",
        "no_id": "{what} chưa có mã (id)",
        "bad_id": "{what}: mã «{value}» không hợp lệ; {rule} (tối đa 64 ký tự)",
        "reserved_id": "{what}: «{value}» là từ khóa của điều kiện hiển thị; hãy chọn mã khác",
        "duplicate_id": "mã «{value}» bị dùng hai lần{where}; mỗi câu hỏi và mỗi phần cần một mã riêng",
        "no_label": "{what} chưa có «{key}»; hãy ghi ít nhất nội dung tiếng Việt (vi)",
        "label_kind": "{what}: «{key}» phải là một đoạn chữ hoặc một khối có vi và en, không phải {kind}",
        "label_no_vi": "{what}: «{key}» cần có nội dung tiếng Việt (vi)",
        "label_en_kind": "{what}: phần tiếng Anh (en) của «{key}» phải là một đoạn chữ, không phải {kind}",
        "flag_kind": "{what}: «{key}» phải là true hoặc false, không phải {kind}",
        "minutes": "thời gian dự kiến (minutes) phải là số phút nguyên từ 1 đến 240, không phải {kind}",
        "no_sections": "phiếu khảo sát cần một danh sách các phần (sections), mỗi phần có các câu hỏi",
        "no_questions": "{what} cần một danh sách câu hỏi (questions)",
        "no_type": "{what} chưa có loại (type){tip}; các loại hợp lệ: {types}",
        "unknown_type": "{what} có loại «{qtype}» không được hỗ trợ{tip}; các loại hợp lệ: {types}",
        "expression_kind": "{what}: «{key}» phải là một biểu thức đặt trong dấu nháy, không phải {kind}",
        "needs_choices": "{what}: câu hỏi loại {qtype} cần một danh sách lựa chọn (choices)",
        "fixed_choices": "{what}: câu hỏi loại {qtype} có sẵn các câu trả lời; hãy bỏ «choices»",
        "choices_kind": "{what}: «choices» phải là một danh sách, không phải {kind}",
        "bad_choice_value": "{what}: giá trị lựa chọn «{value}» không hợp lệ{tip}",
        "choice_twice": "{what}: giá trị lựa chọn «{value}» xuất hiện hai lần",
        "likert_values": "{what}: các lựa chọn của câu likert chỉ đổi nhãn của thang đo và phải có đủ các giá trị "
                         "1, 2, 3, 4 và 5",
        "correct_not_knowledge": "{what}: chỉ câu hỏi kiến thức (knowledge) mới có đáp án đúng; hãy bỏ «correct»",
        "correct_missing": "{what}: câu hỏi kiến thức cần ghi «correct: true» (nhận định này đúng) hoặc "
                           "«correct: false» (nhận định này sai)",
        "bound_not_number_type": "{what}: «{key}» chỉ dùng cho câu hỏi loại integer và decimal",
        "bound_kind": "{what}: «{key}» phải là {number}, không phải {kind}",
        "min_above_max": "{what}: min ({lo}) lớn hơn max ({hi})",
        "note_field": "{what}: câu ghi chú (note) không có câu trả lời nên không thể có «{key}»",
        "randomize": "{what}: «randomize» chỉ dùng cho câu hỏi loại single_choice và multiple_choice",
        "unknown_measure": "{what}: không có chỉ số (measure) «{measure}»{tip}; các chỉ số hợp lệ: {measures}",
        "measure_type": "{what}: chỉ số {measure} cần câu hỏi loại {types}, không phải {qtype}",
        "measure_values": "{what}: chỉ số {measure} cần đúng các giá trị lựa chọn {values} (phần phân tích dùng "
                          "chúng để đối chiếu với số liệu dân số)",
        "bad_expression": "{what}: biểu thức «{key}» \"{text}\" không hợp lệ: {error}",
        "dot_in_relevant": "{what}: dấu «.» (câu trả lời của chính câu này) chỉ dùng được trong «constraint»",
        "relevant_self": "{what}: điều kiện «relevant» dùng chính câu hỏi này, tạo thành vòng lặp; một câu hỏi chỉ "
                         "có thể phụ thuộc vào các câu hỏi đứng trước",
        "refers_note": "{what}: điều kiện «{key}» dùng «{ref}», nhưng «{ref}» là câu ghi chú (note) nên không có câu "
                       "trả lời",
        "refers_later": "{what}: điều kiện «{key}» dùng câu trả lời của «{ref}», nhưng «{ref}» đứng sau câu này; "
                        "điều kiện chỉ được dùng câu trả lời của các câu hỏi đứng trước (hãy chuyển «{ref}» lên trước "
                        "«{id}» hoặc sửa điều kiện)",
        "refers_unknown": "{what}: điều kiện «{key}» dùng «{ref}», nhưng phiếu khảo sát không có câu hỏi nào mang mã "
                          "này{tip}",
        "not_an_answer": "{what}: điều kiện «{key}» so sánh «{target}» với «{value}», nhưng «{value}» không phải một "
                         "câu trả lời của «{target}» (các câu trả lời: {allowed})",
        # XLSForm workbooks
        "xls.unreadable": "không đọc được tệp này như một XLSForm .xlsx: {detail}",
        "xls.no_survey": "tệp không có trang tính «survey» (các trang tính có trong tệp: {found})",
        "xls.no_form_id": "hãy thêm trang tính «settings» có cột form_id (mã của phiếu, ví dụ khao-sat-hai-long)",
        "xls.bad_form_id": "mã phiếu form_id «{value}» không hợp lệ; chỉ dùng chữ thường không dấu (a–z), chữ số, "
                           "- và _ (ví dụ khao-sat-hai-long)",
        "xls.no_list_name": "lựa chọn này chưa có list_name (tên danh sách của nó, dùng trong "
                            "«select_one <list_name>»)",
        "xls.no_choice_name": "lựa chọn này của danh sách «{list}» chưa có name (giá trị được lưu)",
        "xls.bad_choice_name": "giá trị name «{value}» của lựa chọn không hợp lệ; chỉ dùng chữ cái không dấu, "
                               "chữ số và _ . + -, không có dấu cách",
        "xls.choice_twice": "giá trị name «{value}» xuất hiện hai lần trong danh sách «{list}»",
        "xls.group_open": "nhóm «{id}» chưa được đóng bằng «end_group»",
        "xls.no_type": "hàng này chưa có loại câu hỏi (cột type)",
        "xls.nested_group": "không hỗ trợ nhóm lồng trong nhóm; hãy đóng nhóm bên ngoài trước",
        "xls.end_without_begin": "có «end_group» nhưng không có «begin_group» tương ứng",
        "xls.repeat": "không hỗ trợ nhóm lặp (repeat)",
        "xls.group_name": "nhóm này chưa có name",
        "xls.column": "không hỗ trợ cột «{column}»",
        "xls.our_type": "cột {column}: «{value}» không phải một trong các loại {types}",
        "xls.select_form": "không hỗ trợ «{kind}» (hãy viết «{prefix} <list_name>»; không hỗ trợ or_other: hãy thêm "
                           "lựa chọn «khác» và một câu hỏi dạng chữ)",
        "xls.unknown_type": "loại «{kind}» không được hỗ trợ; các loại hợp lệ: {types}",
        "xls.unknown_list": "danh sách lựa chọn «{list}» không có trong trang tính «choices»",
        "xls.fixed_choices": "câu hỏi loại {qtype} cần các lựa chọn {values} theo đúng thứ tự đó (danh sách «{list}»)",
        "xls.expression": "không dùng được biểu thức ở cột {column} \"{text}\": {error}",
        "xls.flag": "cột {column} phải là yes hoặc no, không phải «{value}» (không hỗ trợ điều kiện trong cột "
                    "{column})",
        "xls.number": "cột {column} phải là một số, không phải «{value}»",
        "xls.integer": "cột {column} phải là một số nguyên, không phải «{value}»",
        # XPath (XLSForm's expressions)
        "xpath.unmatched": "dấu «)» không có dấu «(» tương ứng",
        "xpath.char": "không đọc được «{char}» ở ký tự thứ {position}{tip}",
        "xpath.path_tip": " (không hỗ trợ đường dẫn XPath: hãy gọi câu hỏi bằng ${{tên}})",
        "xpath.bad_ref": "«${{{name}}}» không phải mã câu hỏi hợp lệ (chữ thường không dấu, chữ số và _)",
        "xpath.mod": "không có phép tương đương cho «mod»; chỉ dùng + - * div",
        "xpath.bare_name": "không hiểu «{name}»; hãy gọi câu hỏi bằng ${{{name}}}",
        "xpath.no_arguments": "hàm {name}() không nhận giá trị nào trong ngoặc",
        "xpath.function": "không có hàm tương đương cho {name}(); chỉ dùng được selected(), count-selected(), not(), "
                          "true() và false()",
        # skip-logic expressions (forms.expr)
        "expr.at": "{reason} (ở ký tự thứ {position})",
        "expr.not_text": "biểu thức phải là chữ, không phải {type}",
        "expr.char": "ký tự «{char}» không hợp lệ",
        "expr.expected": "cần «{op}» nhưng lại gặp {found}",
        "expr.empty": "biểu thức đang để trống",
        "expr.extra": "gặp {found} ở chỗ không mong đợi; có phải thiếu «and» hoặc «or»?",
        "expr.chained": "không thể so sánh nối tiếp (như 1 < a < 3); hãy tách ra và nối bằng «and»",
        "expr.call": "sau {name} phải có dấu «(»",
        "expr.value": "cần một giá trị (mã câu hỏi, số hoặc chữ trong dấu nháy) nhưng lại gặp {found}",
        "expr.function": "không có hàm {name}(); chỉ dùng được các hàm {known}",
        "expr.arguments": "hàm {name}() cần {count} giá trị trong ngoặc, không phải {found}",
        "token.end": "chỗ kết thúc biểu thức",
        "token.text": "chữ «{value}»",
        "token.op": "«{op}»",
    },
    "en": {
        "where.sheet": "sheet '{sheet}'",
        "where.line": "line {line}",
        "where.row": "row {line}",
        "or": "or",
        "none": "none",
        "what.questionnaire": "the questionnaire",
        "what.a_section": "a section",
        "what.section": "section '{id}'",
        "what.a_question": "a question",
        "what.question": "question '{id}'",
        "what.field": "{what}: {key}",
        "what.a_choice": "{what}: a choice",
        "what.choice": "{what}: choice '{value}'",
        "kind.mapping": "a block of keys",
        "kind.list": "a list",
        "kind.flag": "the yes/no value {value}",
        "kind.text": "{type} {value!r}",
        "kind.number": "{type} {value!r}",
        "kind.none": "{type} {value!r}",
        "kind.other": "{type} {value!r}",
        "tip.did_you_mean": " (did you mean '{close}'?)",
        "tip.did_you_mean_first": "did you mean '{close}'? ",
        "tip.keys_are": "; the keys are: {keys}",
        "tip.first_on_line": " (first on line {first})",
        "tip.quote_flag": " (write it in quotes: YAML reads yes/no/true/false as a flag)",
        "tip.value_chars": "; use letters, digits and _ . + - without spaces",
        "rule.id": "lower-case letters, digits and _, starting with a letter",
        "rule.slug": "lower-case letters, digits, - and _",
        "number.whole": "a whole number",
        "number.any": "a number",
        "file.missing": "the file does not exist",
        "file.unreadable": "cannot read the file: {detail}",
        "file.not_utf8": "the file is not UTF-8 text (byte {byte}); save it as UTF-8",
        "file.empty": "the file is empty",
        "file.unsupported": "unsupported file type: upload a .yaml, .json or XLSForm .xlsx file",
        "yaml.key_not_word": "a key must be a plain word, not a list or a block",
        "yaml.key_twice": "the key '{key}' appears twice in the same block (first on line {first})",
        "yaml.invalid": "the file is not valid YAML: {detail}",
        "yaml.invalid_hint": "the file is not valid YAML: {detail} (check the indentation and that texts containing "
                             "':' or '#' are in quotes)",
        "json.invalid": "the file is not valid JSON: {detail}",
        "yaml.colon": "{raw}",
        "yaml.no_colon": "{raw}",
        "yaml.tab": "{raw}",
        "yaml.indent": "{raw}",
        "yaml.end": "{raw}",
        "yaml.comma": "{raw}",
        "yaml.no_content": "{raw}",
        "json.value": "{raw}",
        "json.comma": "{raw}",
        "json.colon": "{raw}",
        "json.name": "{raw}",
        "json.string": "{raw}",
        "json.extra": "{raw}",
        "not_mapping": "{what} must be a block of keys, not {kind}",
        "unknown_key": "{what}: unknown key '{key}'{tip}",
        "no_id": "{what} has no id",
        "bad_id": "{what}: the id {value!r} is not valid; use {rule} (at most 64)",
        "reserved_id": "{what}: '{value}' is a reserved word of skip logic; choose another id",
        "duplicate_id": "the id '{value}' is used twice{where}; every question and section needs its own id",
        "no_label": "{what} has no {key}; give at least the Vietnamese text (vi)",
        "label_kind": "{what}: {key} must be a text or a block with vi and en, not {kind}",
        "label_no_vi": "{what}: {key} needs a Vietnamese text (vi)",
        "label_en_kind": "{what}: {key} en must be a text, not {kind}",
        "flag_kind": "{what}: {key} must be true or false, not {kind}",
        "minutes": "minutes must be a whole number of minutes (1-240), not {kind}",
        "no_sections": "the questionnaire needs a list of sections, each with questions",
        "no_questions": "{what} needs a list of questions",
        "no_type": "{what} has no type; {tip}the types are: {types}",
        "unknown_type": "{what} has the unknown type '{qtype}'; {tip}the types are: {types}",
        "expression_kind": "{what}: {key} must be an expression in quotes, not {kind}",
        "needs_choices": "{what}: a {qtype} question needs a list of choices",
        "fixed_choices": "{what}: {qtype} questions have fixed answers; remove 'choices'",
        "choices_kind": "{what}: choices must be a list, not {kind}",
        "bad_choice_value": "{what}: the choice value {value!r} is not valid{tip}",
        "choice_twice": "{what}: the choice value '{value}' appears twice",
        "likert_values": "{what}: likert choices relabel the scale and must have the values 1, 2, 3, 4 and 5",
        "correct_not_knowledge": "{what}: only knowledge questions have a correct answer; remove 'correct'",
        "correct_missing": "{what}: a knowledge statement needs 'correct: true' (the statement is true) or "
                           "'correct: false'",
        "bound_not_number_type": "{what}: {key} only applies to integer and decimal questions",
        "bound_kind": "{what}: {key} must be {number}, not {kind}",
        "min_above_max": "{what}: min ({lo}) is greater than max ({hi})",
        "note_field": "{what}: a note has no answer, so it cannot have '{key}'",
        "randomize": "{what}: randomize only applies to single_choice and multiple_choice",
        "unknown_measure": "{what}: unknown measure '{measure}'; {tip}the measures are: {measures}",
        "measure_type": "{what}: the measure {measure} needs a {types} question, not {qtype}",
        "measure_values": "{what}: the measure {measure} needs exactly the choice values {values} (analysis matches "
                          "them to the population frame)",
        "bad_expression": "{what}: {key} \"{text}\" is not a valid expression: {error}",
        "dot_in_relevant": "{what}: '.' (this question's own answer) can only be used in a constraint",
        "relevant_self": "{what}: relevant refers to the question itself, a cycle; a question can only depend on "
                         "earlier questions",
        "refers_note": "{what}: {key} refers to '{ref}', which is a note and has no answer",
        "refers_later": "{what}: {key} refers to '{ref}', which comes later; skip logic can only use answers to "
                        "earlier questions (move '{ref}' before '{id}' or change the condition)",
        "refers_unknown": "{what}: {key} refers to '{ref}', which is not a question of this questionnaire{tip}",
        "not_an_answer": "{what}: {key} compares '{target}' with '{value}', which is not one of its answers "
                         "({allowed})",
        "xls.unreadable": "cannot read the workbook as an .xlsx XLSForm: {detail}",
        "xls.no_survey": "the workbook has no 'survey' sheet (sheets found: {found})",
        "xls.no_form_id": "add a 'settings' sheet with a form_id (the questionnaire's id, e.g. khao-sat-hai-long)",
        "xls.bad_form_id": "the form_id '{value}' is not valid; use lower-case letters, digits, - and _ "
                           "(e.g. khao-sat-hai-long)",
        "xls.no_list_name": "this choice has no list_name (the name of its list, used in 'select_one <list_name>')",
        "xls.no_choice_name": "this choice of list '{list}' has no name (the value stored)",
        "xls.bad_choice_name": "the choice name '{value}' is not valid; use letters, digits and _ . + - without "
                               "spaces",
        "xls.choice_twice": "the choice name '{value}' appears twice in list '{list}'",
        "xls.group_open": "the group '{id}' is never closed with 'end_group'",
        "xls.no_type": "this row has no type",
        "xls.nested_group": "groups inside groups are not supported; end the outer group first",
        "xls.end_without_begin": "'end_group' without a matching 'begin_group'",
        "xls.repeat": "repeat groups are not supported",
        "xls.group_name": "this group has no name",
        "xls.column": "the column '{column}' is not supported",
        "xls.our_type": "{column} '{value}' is not one of {types}",
        "xls.select_form": "'{kind}' is not supported (write '{prefix} <list_name>'; or_other is not supported: "
                           "add an 'other' choice and a text question)",
        "xls.unknown_type": "the type '{kind}' is not supported; the types are: {types}",
        "xls.unknown_list": "the choice list '{list}' is not on the choices sheet",
        "xls.fixed_choices": "a {qtype} question needs the choices {values} in that order (list '{list}')",
        "xls.expression": "the {column} \"{text}\" cannot be used: {error}",
        "xls.flag": "{column} must be yes or no, not '{value}' (conditions in {column} are not supported)",
        "xls.number": "{column} must be a number, not '{value}'",
        "xls.integer": "{column} must be a whole number, not '{value}'",
        "xpath.unmatched": "a ')' has no matching '('",
        "xpath.char": "cannot read {char!r} at character {position}{tip}",
        "xpath.path_tip": " (XPath paths are not supported: refer to questions as ${{name}})",
        "xpath.bad_ref": "${{{name}}} is not a valid question id (lower-case letters, digits and _)",
        "xpath.mod": "'mod' has no equivalent; use + - * div only",
        "xpath.bare_name": "'{name}' is not understood; refer to a question as ${{{name}}}",
        "xpath.no_arguments": "{name}() takes no arguments",
        "xpath.function": "the function {name}() has no equivalent here; only selected(), count-selected(), not(), "
                          "true() and false() can be used",
        "expr.at": "{reason} (at character {position})",
        "expr.not_text": "an expression must be text, not {type}",
        "expr.char": "unexpected character {char!r}",
        "expr.expected": "expected {op!r} but found {found}",
        "expr.empty": "the expression is empty",
        "expr.extra": "unexpected {found}; is an 'and' or 'or' missing?",
        "expr.chained": "comparisons cannot be chained; join them with 'and'",
        "expr.call": "{name} must be followed by '('",
        "expr.value": "expected a value but found {found}",
        "expr.function": "unknown function {name}(); the functions are {known}",
        "expr.arguments": "{name}() takes {count} argument(s), not {found}",
        "token.end": "the end of the expression",
        "token.text": "the text '{value}'",
        "token.op": "{op!r}",
    },
}


class OneOf(tuple):
    """Alternatives shown joined with "hoặc" / "or" (a plain tuple is joined with commas)."""

    __slots__ = ()


class Reason:
    """A message key with its values, put into words in either language only when it is shown."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values: Any):
        self.key, self.values = key, values

    def say(self, lang: str = "vi") -> str:
        """The reason in `lang` (Vietnamese for a language we do not have), as a sentence."""
        return sentence(self.words(lang), lang)

    def words(self, lang: str = "vi") -> str:
        """The reason in `lang` as it reads inside another one (no capital letter added)."""
        lang = lang if lang in REASONS else "vi"
        shown = {name: _shown(value, lang) for name, value in self.values.items()}
        return REASONS[lang][self.key].format(**shown)

    def __str__(self) -> str:
        return self.say()

    def __repr__(self) -> str:
        return f"Reason({self.key!r}, **{self.values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reason) and (self.key, self.values) == (other.key, other.values)


class Plain(Reason):
    """A reason given as ready-made text (e.g. by code outside forms/): the same words in every language."""

    __slots__ = ()

    def __init__(self, text: str):
        super().__init__("", text=text)

    def say(self, lang: str = "vi") -> str:
        return self.values["text"]

    def words(self, lang: str = "vi") -> str:
        return self.values["text"]


def _shown(value: Any, lang: str) -> Any:
    """A parameter ready for str.format: Reasons and tuples in words, anything else as it is (so !r works)."""
    if isinstance(value, Reason):
        return value.words(lang)
    if isinstance(value, OneOf):
        return f" {REASONS[lang]['or']} ".join(str(_shown(v, lang)) for v in value)
    if isinstance(value, tuple):
        return ", ".join(str(_shown(v, lang)) for v in value)
    return value


def sentence(text: str, lang: str) -> str:
    """Vietnamese sentences start with a capital letter; English reasons stay as they always were."""
    return text[:1].upper() + text[1:] if lang not in REASONS or lang == "vi" else text


def as_reason(reason: Reason | str) -> Reason:
    """`reason` as a Reason (plain text is kept as it is in every language)."""
    return reason if isinstance(reason, Reason) else Plain(str(reason))


class ReasonError(ValueError):
    """A ValueError told by a Reason: str() is the Vietnamese text, text(lang) the text in any language we have."""

    def __init__(self, problem: Reason | str):
        self.problem = as_reason(problem)
        super().__init__(self.text())

    def text(self, lang: str = "vi") -> str:
        """The whole message in `lang`."""
        return self.problem.say(lang)

    def __str__(self) -> str:
        return self.text()
