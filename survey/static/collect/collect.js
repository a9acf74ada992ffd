/* Thước Đo leaders' app: offline interviews, the queue bar on every screen, and the sync that stores each
 * interview exactly once (the server answers per item: created, duplicate or rejected).
 * Reads its settings and words from <script id="collect-config" type="application/json">.
 * Needs queue.js (ThuocDoQueue) and, on interview pages, relevant.js (ThuocDoExpr).
 */
(function () {
  "use strict";
  const Q = window.ThuocDoQueue;
  const CONFIG = JSON.parse(document.getElementById("collect-config").textContent);
  const T = CONFIG.text;
  const LANG = document.documentElement.lang || "vi";
  const OLD_MS = 24 * 3600 * 1000;
  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));

  function say(template, values) {
    return String(template).replace(/\{(\w+)\}/g, (_, key) => (values && key in values ? values[key] : ""));
  }

  function when(iso) {
    try { return new Date(iso).toLocaleString(LANG === "en" ? "en-GB" : "vi-VN", { dateStyle: "short", timeStyle: "short" }); }
    catch (e) { return iso; }
  }

  function newUuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  /* ---- the queue bar (every screen) --------------------------------------------------------------------- */

  /* Whose queue this screen shows: the logged-in leader's (a page kept for offline use may not know: all). */
  function ownedBy(user) {
    return (item) => !user || item.user === user;
  }

  /* Synced interviews keep no answers; even their receipts go after a month. */
  async function prune(items) {
    const cutoff = Date.now() - 30 * 24 * 3600 * 1000;
    const old = items.filter((item) => item.status === "synced" && Date.parse(item.synced_at) < cutoff);
    for (const item of old) { await Q.remove(item.client_uuid); }
    return old.length ? Q.all() : items;
  }

  async function refresh() {
    const items = await prune(await Q.all());
    const own = items.filter(ownedBy(CONFIG.user));
    const pending = own.filter((item) => item.status === "pending");
    const rejected = own.filter((item) => item.status === "rejected");
    $$("[data-count=pending]").forEach((el) => { el.textContent = String(pending.length); });
    $$("[data-count=rejected]").forEach((el) => { el.textContent = String(rejected.length); });
    const bar = $("#queue-bar");
    if (bar) {
      bar.classList.toggle("has-pending", pending.length > 0);
      bar.classList.toggle("has-rejected", rejected.length > 0);
      const oldest = pending.reduce((min, item) => Math.min(min, Date.parse(item.saved_at) || Date.now()), Date.now());
      const old = $("[data-old-queue]", bar);
      if (old) { old.hidden = !(pending.length && Date.now() - oldest > OLD_MS); }
    }
    document.documentElement.dataset.queuePending = String(pending.length);
    if ($("#queue-list")) { renderQueue(own, items.length - own.length); }
    return { pending: pending.length, rejected: rejected.length };
  }

  function setState(kind, values) {
    const el = $("[data-sync-state]");
    if (el) { el.textContent = say(T["state_" + kind] || "", values); }
    document.documentElement.dataset.queueSync = kind;
  }

  /* ---- sync ------------------------------------------------------------------------------------------------ */

  function wire(item) {
    return { client_uuid: item.client_uuid, wave: item.wave, area: item.area, answers: item.answers,
             started_at: item.started_at, finished_at: item.finished_at };
  }

  async function apply(result, item) {
    if (result.status === "created" || result.status === "duplicate") {
      await Q.put({ client_uuid: item.client_uuid, user: item.user, wave: item.wave, area: item.area,
                    area_name: item.area_name, saved_at: item.saved_at, status: "synced",
                    receipt: result.receipt || "", synced_at: new Date().toISOString() });
    } else {
      await Q.put(Object.assign({}, item, { status: "rejected", reason: result.reason || "", errors: result.errors || {} }));
    }
  }

  async function post(batch, token) {
    const response = await fetch(CONFIG.urls.submissions, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ items: batch.map(wire) }),
    });
    let body = {};
    try { body = await response.json(); } catch (e) { body = {}; }
    return { status: response.status, ok: response.ok, body: body };
  }

  function needLogin(show) {
    const box = $("#login-needed");
    if (box) { box.hidden = !show; }
    if (show) { setState("login"); }
  }

  async function session() {
    const response = await fetch(CONFIG.urls.me, { credentials: "same-origin", cache: "no-store",
                                                   headers: { "Accept": "application/json" } });
    if (response.status === 401) { return null; }
    if (!response.ok) { throw new Error("HTTP " + response.status); }
    return response.json();
  }

  async function sendAll(pending, info) {
    let size = Math.max(1, info.batch_limit || 20);
    let rest = pending;
    while (rest.length) {
      const batch = rest.slice(0, size);
      const answer = await post(batch, info.csrf_token);  // a dropped connection throws: items stay pending
      if (answer.ok) {
        const results = {};
        (answer.body.results || []).forEach((result) => { results[result.client_uuid] = result; });
        for (const item of batch) { if (results[item.client_uuid]) { await apply(results[item.client_uuid], item); } }
        rest = rest.slice(batch.length);
        await refresh();
      } else if (answer.status === 413 && size > 1) {
        size = Math.max(1, Math.floor(size / 2));
      } else if (answer.body.login) {
        needLogin(true);
        return false;
      } else if (answer.status === 403 && answer.body.code === "out_of_scope") {
        const refused = answer.body.items || [];
        for (const item of batch) {
          if (refused.indexOf(item.client_uuid) >= 0) { await apply({ status: "rejected", reason: "out_of_scope" }, item); }
        }
        rest = rest.filter((item) => refused.indexOf(item.client_uuid) < 0);
      } else {
        setState("error", { error: answer.body.error || ("HTTP " + answer.status) });
        return false;
      }
    }
    return true;
  }

  async function syncOnce() {
    const waiting = (await Q.all()).filter((item) => item.status === "pending");
    if (!waiting.filter(ownedBy(CONFIG.user)).length) { setState(navigator.onLine ? "idle" : "offline"); return; }
    if (!navigator.onLine) { setState("offline"); return; }
    try {
      const info = await session();
      if (!info || (CONFIG.user && info.username !== CONFIG.user)) { needLogin(true); return; }
      needLogin(false);
      const pending = waiting.filter(ownedBy(info.username));
      setState("syncing", { n: pending.length });
      if (await sendAll(pending, info)) { setState("done", { time: when(new Date().toISOString()) }); }
    } catch (e) {
      setState("offline");
    }
  }

  let running = null;
  function sync() {
    if (!running) {
      const work = () => syncOnce().finally(refresh);
      const locked = navigator.locks ? navigator.locks.request("thuocdo-sync", work) : work();
      running = locked.finally(() => { running = null; });
    }
    return running;
  }
  window.ThuocDoSync = { sync: sync, refresh: refresh };

  /* ---- home: the phone's queue --------------------------------------------------------------------------- */

  function reasonText(item) {
    return (T.reasons && T.reasons[item.reason]) || T.reasons.other;
  }

  function row(item) {
    const li = document.createElement("li");
    li.className = "qitem " + item.status;
    const head = document.createElement("span");
    head.textContent = (item.area_name || item.area) + " · " + when(item.saved_at);
    li.appendChild(head);
    if (item.status === "rejected") {
      const why = document.createElement("span");
      why.className = "why";
      const count = Object.keys(item.errors || {}).length;
      why.textContent = reasonText(item) + (count ? " (" + say(T.questions, { n: count }) + ")" : "");
      li.appendChild(why);
      const actions = document.createElement("span");
      actions.className = "actions";
      if (["invalid_answers", "malformed"].indexOf(item.reason) >= 0) {
        const fix = document.createElement("a");
        fix.className = "button";
        fix.href = CONFIG.urls.interview.replace("__WAVE__", item.wave).replace("__AREA__", item.area) + "?fix=" + item.client_uuid;
        fix.textContent = T.fix;
        actions.appendChild(fix);
      }
      const drop = document.createElement("button");
      drop.type = "button";
      drop.textContent = T.discard;
      drop.addEventListener("click", async () => {
        if (window.confirm(T.confirm_discard)) { await Q.remove(item.client_uuid); await refresh(); }
      });
      actions.appendChild(drop);
      li.appendChild(actions);
    } else if (item.status === "synced" && item.receipt) {
      const receipt = document.createElement("span");
      receipt.className = "receipt-small";
      receipt.textContent = item.receipt;
      li.appendChild(receipt);
    }
    return li;
  }

  function renderQueue(own, others) {
    const box = $("#queue-list");
    const groups = { rejected: [], pending: [], synced: [] };
    own.slice().sort((a, b) => String(b.saved_at).localeCompare(String(a.saved_at)))
      .forEach((item) => { (groups[item.status] || []).push(item); });
    Object.keys(groups).forEach((status) => {
      const list = $("[data-list=" + status + "]", box);
      const section = list && list.closest("[data-section]");
      if (!list) { return; }
      list.replaceChildren(...groups[status].slice(0, status === "synced" ? 10 : 200).map(row));
      if (section) { section.hidden = groups[status].length === 0; }
      const n = $("[data-total=" + status + "]", box);
      if (n) { n.textContent = String(groups[status].length); }
    });
    const empty = $("[data-queue-empty]", box);
    if (empty) { empty.hidden = own.length > 0; }
    const other = $("[data-other-user]", box);
    if (other) { other.hidden = !others; other.textContent = say(T.other_user, { n: others }); }
  }

  function askPersistence() {
    const el = $("[data-storage]");
    if (!el || !navigator.storage || !navigator.storage.persist) { return; }
    navigator.storage.persisted()
      .then((already) => already || navigator.storage.persist())
      .then((kept) => { el.textContent = kept ? T.storage_kept : T.storage_at_risk; el.classList.toggle("warn", !kept); })
      .catch(() => null);
  }

  /* ---- service worker: keep the pages for offline use ------------------------------------------------------ */

  function storePages(registration) {
    const urls = CONFIG.pages || [];
    const worker = navigator.serviceWorker.controller || registration.active;
    if (!urls.length || !worker || !navigator.onLine) { return; }
    worker.postMessage({ type: "store-pages", urls: urls });
  }

  function registerWorker() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "pages-stored") {
        document.documentElement.dataset.pagesStored = String(event.data.stored);
        const el = $("[data-offline-ready]");
        if (el) { el.hidden = false; }
      }
    });
    navigator.serviceWorker.register(CONFIG.urls.sw, { scope: CONFIG.urls.home })
      .then(() => navigator.serviceWorker.ready)
      .then(storePages)
      .catch(() => null);
  }

  /* ---- logout: warn while the queue is not empty ------------------------------------------------------------ */

  function guardLogout() {
    $$("form[data-logout]").forEach((form) => {
      form.addEventListener("submit", async (event) => {
        if (form.dataset.confirmed) { return; }
        event.preventDefault();
        const counts = await refresh();
        if (counts.pending && !window.confirm(say(T.confirm_logout, { n: counts.pending }))) { return; }
        if (window.caches) { await caches.delete("thuocdo-collect-pages").catch(() => null); }
        form.dataset.confirmed = "1";
        form.submit();
      });
    });
  }

  /* ---- start ----------------------------------------------------------------------------------------------------- */

  function start() {
    $$("[data-action=sync]").forEach((button) => button.addEventListener("click", () => sync()));
    window.addEventListener("online", () => sync());
    window.addEventListener("offline", () => setState("offline"));
    document.addEventListener("visibilitychange", () => { if (!document.hidden) { sync(); } });
    window.setInterval(() => { if (!document.hidden) { sync(); } }, 60000);
    guardLogout();
    askPersistence();
    registerWorker();
    refresh().then(() => sync());
  }

  window.ThuocDoCollect = { config: CONFIG, text: T, newUuid: newUuid, say: say, $: $, $$: $$ };
  start();
}());
