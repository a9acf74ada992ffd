/* Thước Đo leaders' app: the phone's queue of interviews, in IndexedDB.
 * One record per interview, keyed by its client UUID (the server's idempotency key):
 *   {client_uuid, user, wave, area, area_name, answers, started_at, finished_at, saved_at,
 *    status: "pending" | "synced" | "rejected", reason, errors, receipt, synced_at}
 * A synced record keeps no answers (a lost phone gives nothing away); a rejected one keeps them to be fixed.
 *   ThuocDoQueue.put(item) / get(uuid) / all() / remove(uuid) -> Promise
 */
(function (root) {
  "use strict";
  const NAME = "thuocdo-collect";
  const STORE = "interviews";
  let opening = null;

  function open() {
    if (!opening) {
      opening = new Promise((resolve, reject) => {
        const request = root.indexedDB.open(NAME, 1);
        request.onupgradeneeded = () => {
          const store = request.result.createObjectStore(STORE, { keyPath: "client_uuid" });
          store.createIndex("status", "status");
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => { opening = null; reject(request.error); };
      });
    }
    return opening;
  }

  function run(mode, work) {
    return open().then((db) => new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request ? request.result : undefined);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    }));
  }

  root.ThuocDoQueue = {
    put: (item) => run("readwrite", (store) => store.put(item)),
    get: (key) => run("readonly", (store) => store.get(key)),
    all: () => run("readonly", (store) => store.getAll()),
    remove: (key) => run("readwrite", (store) => store.delete(key)),
  };
}(window));
