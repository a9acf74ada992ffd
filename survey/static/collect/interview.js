/* Thước Đo leaders' app: one assisted interview. The form is the residents' questionnaire (same macros);
 * here it is kept on the phone instead of posted: skip logic in the page (relevant.js, the twin of the server's
 * rules), a check of required answers, then the interview goes into the queue with a fresh client UUID and the
 * sync starts. Opened with ?fix=<uuid>, it reloads a rejected interview with the server's messages.
 */
(function () {
  "use strict";
  const C = window.ThuocDoCollect;
  const Q = window.ThuocDoQueue;
  const T = C.text;
  const form = document.getElementById("interview");
  if (!form) { return; }
  const asts = JSON.parse(document.getElementById("relevance").textContent || "{}");
  const SKIP = ["csrf_token", "client_uuid", "started_at"];
  const state = { uuid: null, startedAt: null, dirty: false, fixing: null };

  function fieldsets() { return C.$$("fieldset[data-qid]", form); }

  function controls(fieldset) { return C.$$("input, textarea, select", fieldset).filter((el) => SKIP.indexOf(el.name) < 0); }

  function valuesOf(fieldset) {
    const values = [];
    controls(fieldset).forEach((el) => {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      if (String(el.value).trim() !== "") { values.push(el.value); }
    });
    return values;
  }

  function isMultiple(fieldset) { return controls(fieldset).some((el) => el.type === "checkbox"); }

  /* Answers so far, in the order of the questionnaire, skipping questions that are not relevant. */
  function applySkipLogic() {
    const answers = {};
    fieldsets().forEach((fieldset) => {
      const qid = fieldset.dataset.qid;
      const relevant = !asts[qid] || !window.ThuocDoExpr || window.ThuocDoExpr.check(asts[qid], answers);
      fieldset.hidden = !relevant;
      fieldset.disabled = !relevant;
      if (!relevant) { return; }
      const values = valuesOf(fieldset);
      if (values.length) { answers[qid] = isMultiple(fieldset) ? values : values[0]; }
    });
    C.$$("section.section", form).forEach((section) => {
      section.hidden = !C.$$("fieldset[data-qid]", section).some((fieldset) => !fieldset.hidden);
    });
    return answers;
  }

  function rawAnswers() {
    const raw = {};
    fieldsets().forEach((fieldset) => {
      if (fieldset.hidden) { return; }
      const values = valuesOf(fieldset);
      if (values.length) { raw[fieldset.dataset.qid] = values; }
    });
    return raw;
  }

  function showError(fieldset, message) {
    let p = C.$("p.error[data-client]", fieldset);
    if (!message) { if (p) { p.remove(); } fieldset.classList.remove("has-error"); return; }
    if (!p) {
      p = document.createElement("p");
      p.className = "error";
      p.dataset.client = "1";
      p.setAttribute("role", "alert");
      const label = C.$(".q-label", fieldset);
      if (label && label.nextSibling) { label.parentNode.insertBefore(p, label.nextSibling); } else { fieldset.prepend(p); }
    }
    p.textContent = message;
    fieldset.classList.add("has-error");
  }

  /* Required answers and number ranges, checked before the interview leaves the doorstep. */
  function check() {
    let first = null;
    fieldsets().forEach((fieldset) => {
      if (fieldset.hidden) { showError(fieldset, ""); return; }
      let message = "";
      if (C.$(".req", fieldset) && !valuesOf(fieldset).length) { message = T.required; }
      controls(fieldset).forEach((el) => { if (!message && el.validity && !el.validity.valid) { message = T.invalid_value; } });
      showError(fieldset, message);
      if (message && !first) { first = fieldset; }
    });
    if (first) { first.scrollIntoView({ block: "center" }); const el = controls(first)[0]; if (el) { el.focus(); } }
    return !first;
  }

  function begin() {
    state.uuid = state.fixing ? state.fixing.client_uuid : C.newUuid();
    state.startedAt = state.fixing ? state.fixing.started_at : null;
    state.dirty = false;
    form.elements.client_uuid.value = state.uuid;
  }

  async function save(event) {
    event.preventDefault();
    applySkipLogic();
    if (!check()) { return; }
    const now = new Date().toISOString();
    const item = {
      client_uuid: state.uuid, user: C.config.user, wave: form.dataset.wave, area: form.dataset.area,
      area_name: form.dataset.areaName, answers: rawAnswers(), started_at: state.startedAt || now,
      finished_at: now, saved_at: now, status: "pending", reason: "", errors: {},
    };
    await Q.put(item);
    state.dirty = false;
    form.hidden = true;
    const done = document.getElementById("saved");
    done.hidden = false;
    done.focus();
    window.scrollTo(0, 0);
    await window.ThuocDoSync.refresh();
    window.ThuocDoSync.sync();
  }

  function next() {
    if (state.fixing) { window.location.href = window.location.pathname; return; }
    form.reset();
    fieldsets().forEach((fieldset) => showError(fieldset, ""));
    C.$$("p.error", form).forEach((p) => p.remove());
    begin();
    applySkipLogic();
    document.getElementById("saved").hidden = true;
    form.hidden = false;
    window.scrollTo(0, 0);
  }

  function fill(item) {
    fieldsets().forEach((fieldset) => {
      const values = (item.answers || {})[fieldset.dataset.qid] || [];
      const list = Array.isArray(values) ? values.map(String) : [String(values)];
      controls(fieldset).forEach((el) => {
        if (el.type === "radio" || el.type === "checkbox") { el.checked = list.indexOf(el.value) >= 0; } else { el.value = list[0] || ""; }
      });
    });
    applySkipLogic();
    Object.keys(item.errors || {}).forEach((qid) => {
      const fieldset = C.$("fieldset[data-qid='" + qid + "']", form);
      if (fieldset) { showError(fieldset, item.errors[qid]); }
    });
    document.getElementById("fixing").hidden = false;
    const wrong = C.$("fieldset.has-error", form);
    if (wrong) { wrong.scrollIntoView({ block: "center" }); }
  }

  async function loadFix() {
    const key = new URLSearchParams(window.location.search).get("fix");
    if (!key) { return; }
    const item = await Q.get(key);
    if (item && item.status === "rejected" && item.user === C.config.user) {
      state.fixing = item;
      begin();
      fill(item);
    }
  }

  form.addEventListener("input", () => {
    if (!state.startedAt) { state.startedAt = new Date().toISOString(); }
    state.dirty = true;
  });
  form.addEventListener("change", applySkipLogic);
  form.addEventListener("submit", save);
  C.$$("[data-action=next]").forEach((button) => button.addEventListener("click", next));
  window.addEventListener("beforeunload", (event) => {
    if (state.dirty && !form.hidden) { event.preventDefault(); event.returnValue = ""; }
  });
  begin();
  applySkipLogic();
  loadFix();
}());
