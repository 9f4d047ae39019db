// Cross-tab exclusive access to local storage, inlined into index.html (before the app starts)
// and called by src/storage.rs as `ansinhStore.exclusive(fn)`; see docs/storage.md, "Two tabs".
// Contract: `exclusive(fn)` runs `fn` (reads, checks, writes local storage; synchronous, or a
// promise the lock is held until) while
// no other tab of the origin runs one, and only once this tab's copy of local storage holds
// every write made under the lock before; it resolves with `fn`'s result as soon as its writes
// are in local storage (the lock is released a moment later, once the write's count is in
// IndexedDB), or rejects (then `fn` did not run) when this tab's copy does not catch up in time.
// Why more than a lock: Chromium keeps a copy of local storage in each renderer process and
// brings other tabs' writes in asynchronously, so a tab granted the lock may still read the
// value the previous holder replaced. Each holder therefore counts its write in IndexedDB
// (transactional across tabs) and in local storage; the next holder waits until its local
// storage count reaches the IndexedDB one. Without Web Locks (old browsers) a lease with an
// expiry in local storage stands in; without IndexedDB only the lock remains.
(() => {
  const NAME = 'ansinh/v1/store';
  // Under settings/: the record store ignores these keys.
  const SEQ = 'ansinh/v1/settings/write_seq';
  const LEASE = 'ansinh/v1/settings/write_lease';
  const CATCH_UP_MS = 5000;
  const RESET_MS = 100;
  const LEASE_MS = 3000;
  // Kept from load time: tests stub the page's timers to hold an autosave.
  const later = setTimeout.bind(window);
  const sleep = (ms) => new Promise((r) => later(r, ms));
  const ls = () => window.localStorage;
  const asPromise = (req) => new Promise((res, rej) => { req.onsuccess = () => res(req.result); req.onerror = () => rej(req.error); });
  let db = null;
  const open = () => {
    if (!db) {
      db = window.indexedDB
        ? asPromise(Object.assign(indexedDB.open('ansinh-lock', 1), { onupgradeneeded: (e) => e.target.result.createObjectStore('seq') })).catch(() => null)
        : Promise.resolve(null);
    }
    return db;
  };
  const readSeq = async (d) => Number(await asPromise(d.transaction('seq').objectStore('seq').get(SEQ))) || 0;
  const writeSeq = (d, n) => new Promise((res, rej) => {
    const t = d.transaction('seq', 'readwrite');
    t.objectStore('seq').put(n, SEQ);
    t.oncomplete = res;
    t.onerror = t.onabort = () => rej(t.error);
  });
  const localSeq = () => Number(ls().getItem(SEQ)) || 0;

  // `done(result)`: called once `fn`'s writes and this tab's count are in local storage, before
  // the count is written to IndexedDB. The caller learns its write landed then (an autosave
  // shows "Đã lưu" a tablet's IndexedDB commit sooner, ≈ 10 ms at 4× throttling); the lock is
  // held until the count is in IndexedDB too, so the next holder still waits for this write.
  async function critical(fn, done) {
    const d = await open();
    let seq = null;
    if (d) {
      seq = await readSeq(d).catch(() => null);
      const start = Date.now();
      while (seq !== null && localSeq() < seq) {
        // No count at all: local storage was cleared (IndexedDB kept its count), unless this
        // tab has not yet seen the very first counted write, which arrives within milliseconds.
        if (ls().getItem(SEQ) === null && Date.now() - start > RESET_MS) break;
        if (Date.now() - start > CATCH_UP_MS) throw new Error('local storage did not catch up with another tab');
        await sleep(2);
      }
    }
    // The count this write will have, known to `fn` (`ansinhStore.pendingSeq`): the app's
    // store then knows it has seen this write too (src/storage.rs, `memory_current`). `fn` is
    // synchronous, so local storage cannot change under it and the count stays right.
    const next = seq !== null ? Math.max(seq, localSeq()) + 1 : null;
    api.pendingSeq = next;
    let result;
    // `fn` may return a promise (a write spread over several tasks, src/storage.rs
    // `exclusive_async`): the lock is held, and the count kept, until it settles.
    try {
      result = fn();
      if (result && typeof result.then === 'function') result = await result;
    } finally { api.pendingSeq = null; }
    if (next !== null) {
      // A full storage can refuse even this small write: then nobody waits for it.
      try { ls().setItem(SEQ, String(next)); } catch (_) { done(result); return result; }
      done(result);
      await writeSeq(d, next).catch(() => {});
    }
    done(result);
    return result;
  }

  async function leased(fn, done) {
    const me = Math.random().toString(36).slice(2);
    for (;;) {
      const held = JSON.parse(ls().getItem(LEASE) || 'null');
      if (!held || held.until < Date.now()) {
        ls().setItem(LEASE, JSON.stringify({ me, until: Date.now() + LEASE_MS }));
        await sleep(5);
        if (JSON.parse(ls().getItem(LEASE) || 'null')?.me === me) break;
      }
      await sleep(10 + Math.random() * 20);
    }
    try { return await critical(fn, done); } finally { ls().removeItem(LEASE); }
  }

  // The records as stored now, for the import worker (src/file_worker.rs): every entry of the
  // app but its settings and outbox, and the count of locked writes they hold. One synchronous
  // pass, so no write comes between two entries; a locked write after it moves the count.
  const snapshot = () => {
    const s = ls();
    const entries = [];
    for (let i = 0; i < s.length; i++) {
      const k = s.key(i);
      if (k.startsWith('ansinh/') && !k.startsWith('ansinh/v1/settings/') && !k.startsWith('ansinh/v1/outbox/')) {
        entries.push([k, s.getItem(k)]);
      }
    }
    return { seq: localSeq(), entries };
  };

  const api = {
    // Resolves with `fn`'s result as soon as `critical` has it (`done`), while the lock may
    // still be held for the count's IndexedDB write; rejects when `fn` did not run or threw.
    exclusive: (fn) => new Promise((resolve, reject) => {
      let settled = false;
      const done = (v) => { if (!settled) { settled = true; resolve(v); } };
      const held = navigator.locks ? navigator.locks.request(NAME, () => critical(fn, done)) : leased(fn, done);
      held.then(done, (e) => { if (!settled) { settled = true; reject(e); } });
    }),
    pendingSeq: null,
    snapshot,
  };
  window.ansinhStore = api;
})();
