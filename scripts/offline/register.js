// Registers the offline worker (sw.js) and bridges its update flow to the app through the DOM, so
// the Rust side needs no service-worker bindings:
//   to the app:   <html data-ansinh-update>, which shows the prompt (style/main.css), when a new
//                 build is installed and waiting;
//   from the app: `ansinh-apply-update` on window when the user accepts; this tab then reloads
//                 once the new worker has taken over. Other tabs are told, never reloaded.
//   to the app:   <html data-ansinh-offline="pending|ready|failed"> and an `ansinh-offline`
//                 event on window when it changes: "ready" once a worker is active, which means
//                 it fetched and checked *every* file of the build, every lazily loaded chunk
//                 included (its install is the prefetch, started after the page has loaded);
//                 the header says "Sẵn sàng dùng ngoại tuyến" only then, and warns before.
// Nothing here throws into the page: a browser that cannot register a worker (private mode,
// blocked by policy, an insecure origin) gets "failed", a warning in the console, and the app
// runs as usual online.
(() => {
  const BASE = /* BASE */ '/';
  const offline = (state) => {
    document.documentElement.setAttribute('data-ansinh-offline', state);
    dispatchEvent(new Event('ansinh-offline'));
  };
  let sw = null;
  try { sw = navigator.serviceWorker; } catch (_) { sw = null; }
  if (!sw || !/^https?:$/.test(location.protocol)) { offline('failed'); return; }
  offline('pending');
  let controlled = !!sw.controller;
  let accepted = false;
  let reg = null;
  const announce = () => document.documentElement.setAttribute('data-ansinh-update', '');
  const watch = (w) => w && w.addEventListener('statechange', () => {
    if (w.state === 'installed' && sw.controller) announce();
  });
  sw.addEventListener('controllerchange', () => {
    if (!controlled) { controlled = true; return; } // first visit: the worker just took over
    if (accepted) location.reload();
    else announce(); // another tab accepted: this one still runs the older app
  });
  addEventListener('ansinh-apply-update', () => {
    accepted = true;
    if (reg && reg.waiting) reg.waiting.postMessage('skip-waiting');
    else location.reload();
  });
  addEventListener('load', () => {
    const failed = (e) => { offline('failed'); console.warn('An Sinh: offline worker not registered:', e); };
    let registering;
    try { registering = sw.register(BASE + 'sw.js', { scope: BASE, updateViaCache: 'none' }); } catch (e) { failed(e); return; }
    // Active = installed = every file fetched and checked (sw.js, precache()).
    sw.ready.then(() => offline('ready'), () => {});
    registering.then((r) => {
      reg = r;
      if (r.waiting && sw.controller) announce();
      watch(r.installing);
      r.addEventListener('updatefound', () => watch(r.installing));
      // Look for a new build when the signal comes back, when the tablet wakes, and hourly.
      const check = () => r.update().catch(() => {}); // offline or server down: next time
      addEventListener('online', check);
      document.addEventListener('visibilitychange', () => { if (!document.hidden) check(); });
      setInterval(check, 60 * 60 * 1000);
    }, failed);
  });
})();
