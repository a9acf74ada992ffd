/* Thước Đo, residents' pages: skip logic in the page and a draft in the browser. Plain ES5, no dependencies.
 * Everything here is an extra: the pages work without it (the server applies skip logic and keeps answers).
 * - Section pages: show/hide questions as answers change (window.ThuocDoExpr, the twin of forms/expr.py),
 *   save every change as a draft in localStorage, restore it on load, and refuse a second tap on "send".
 * - Consent page: offer to resume a draft left on this phone.
 * - Thank-you page: delete the draft (data-clear-draft).
 */
(function () {
  "use strict";
  var storage = null;
  try { storage = window.localStorage; storage.setItem("thuocdo:t", "1"); storage.removeItem("thuocdo:t"); }
  catch (e) { storage = null; }

  function load(key) {
    try { return storage ? JSON.parse(storage.getItem(key) || "null") : null; } catch (e) { return null; }
  }
  function save(key, value) {
    try { if (storage) { storage.setItem(key, JSON.stringify(value)); } } catch (e) { /* full or private */ }
  }
  function forget(key) {
    try { if (storage) { storage.removeItem(key); } } catch (e) { /* nothing to do */ }
  }
  function each(list, fn) { for (var i = 0; i < list.length; i++) { fn(list[i], i); } }
  function named(form, name) { return form.querySelectorAll('[name="' + name + '"]'); }
  function hidden(form, name, value) {
    var input = document.createElement("input");
    input.type = "hidden"; input.name = name; input.value = value;
    form.appendChild(input);
  }

  /* The values of one question in the form, as strings, whether on this page or carried in hidden fields. */
  function valuesOf(form, name) {
    var out = [];
    each(named(form, name), function (el) {
      if ((el.type === "radio" || el.type === "checkbox") ? el.checked : el.value !== "") { out.push(el.value); }
    });
    return out;
  }

  function setValues(form, name, values) {
    var els = named(form, name);
    if (!els.length || els[0].type === "hidden") {
      each(els, function (el) { el.parentNode.removeChild(el); });
      each(values, function (v) { hidden(form, name, v); });
      return;
    }
    each(els, function (el) {
      if (el.type === "radio" || el.type === "checkbox") { el.checked = values.indexOf(el.value) >= 0; }
      else { el.value = values.length ? values[0] : ""; }
    });
  }

  function sectionPage(form, meta) {
    var uuid = form.elements.client_uuid.value, sending = false, pressed = "next";
    var draft = load(meta.key);

    function all() {
      var raw = {};
      each(meta.order, function (id) { var v = valuesOf(form, id); if (v.length) { raw[id] = v; } });
      return raw;
    }
    /* Mirror of the server's rule: in order, each condition sees only the answers to earlier asked questions. */
    function apply() {
      var raw = all(), answers = {};
      each(meta.order, function (id) {
        var asked = window.ThuocDoExpr.check(meta.rel[id] || null, answers);
        var box = document.getElementById("q-" + id);
        if (box) { box.hidden = !asked; }
        if (asked && raw[id]) { answers[id] = meta.multi.indexOf(id) >= 0 ? raw[id] : raw[id][0]; }
      });
    }
    function keep() {
      save(meta.key, {uuid: uuid, started: form.elements.started_at.value, invite: form.elements.invite.value,
                      section: meta.section, answers: all(), saved: new Date().getTime()});
    }

    if (draft && draft.uuid === uuid && draft.answers) {
      each(meta.order, function (id) { setValues(form, id, draft.answers[id] || []); });
    }
    form.elements.js.value = "1";
    apply();
    keep();
    form.addEventListener("change", function (event) {
      var box = event.target.closest ? event.target.closest("fieldset") : null, note = box && box.querySelector("[data-client]");
      if (note) { note.parentNode.removeChild(note); box.className = box.className.replace(" has-error", ""); }
      apply();
      keep();
    });
    form.addEventListener("input", function () { keep(); });
    /* A required question left empty is pointed out here: one round trip less on a slow connection. */
    function missing() {
      var first = null;
      each(meta.required, function (id) {
        var box = document.getElementById("q-" + id);
        if (!box || box.hidden || valuesOf(form, id).length || box.querySelector(".error")) { return; }
        var p = document.createElement("p");
        p.className = "error"; p.setAttribute("role", "alert"); p.setAttribute("data-client", "1"); p.textContent = meta.required_message;
        box.querySelector(".q-label").insertAdjacentElement("afterend", p);
        box.className += " has-error";
        first = first || box;
      });
      if (first) { first.querySelector("input, textarea").focus(); }
      return first !== null;
    }
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button") : event.target;
      if (button && button.form === form && button.name === "nav") { pressed = button.value; }
    }, true);
    form.addEventListener("submit", function (event) {
      if (sending || ((pressed === "next" || pressed === "submit") && missing())) {
        event.preventDefault();
        return;
      }
      sending = true;
      keep();
      window.setTimeout(function () { sending = false; }, 15000);
    });
    window.addEventListener("pageshow", function () { sending = false; });
  }

  function consentPage(form) {
    var key = form.getAttribute("data-draft"), draft = load(key), box = document.getElementById("resume");
    if (!draft || !draft.uuid || !draft.answers || !box) { return; }
    box.hidden = false;
    box.querySelector("button[value=resume]").addEventListener("click", function () {
      form.elements.client_uuid.value = draft.uuid;
      form.elements.started_at.value = draft.started || "";
      if (form.elements.invite && draft.invite && !form.elements.invite.value) { form.elements.invite.value = draft.invite; }
      hidden(form, "section", String(draft.section || 0));
      for (var id in draft.answers) {
        if (Object.prototype.hasOwnProperty.call(draft.answers, id)) {
          each(draft.answers[id], function (v) { hidden(form, id, v); });
        }
      }
    });
    document.getElementById("discard").addEventListener("click", function () {
      forget(key);
      box.hidden = true;
    });
  }

  var clear = document.body.getAttribute("data-clear-draft");
  if (clear) { forget(clear); }
  var answers = document.getElementById("answers"), meta = document.getElementById("meta");
  if (answers && meta && window.ThuocDoExpr) { sectionPage(answers, JSON.parse(meta.textContent)); }
  var start = document.getElementById("start");
  if (start) { consentPage(start); }
}());
