// Registers the offline worker (sw.js) and bridges its update flow to the app through the DOM, so
// the Rust side needs no service-worker bindings:
//   to the app:   <html data-ansinh-update>, which shows the prompt (style/main.css), when a new
//                 build is installed and waiting;
//   from the app: `ansinh-apply-update` on window when the user accepts; this tab then reloads
//                 once the new worker has taken over. Other tabs are told, never reloaded.
(() => {
  const BASE = /* BASE */ '/';
  const sw = navigator.serviceWorker;
  if (!sw || !/^https?:$/.test(location.protocol)) return;
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
    sw.register(BASE + 'sw.js', { scope: BASE, updateViaCache: 'none' }).then((r) => {
      reg = r;
      if (r.waiting && sw.controller) announce();
      watch(r.installing);
      r.addEventListener('updatefound', () => watch(r.installing));
      // Look for a new build when the signal comes back, when the tablet wakes, and hourly.
      const check = () => r.update().catch(() => {}); // offline or server down: next time
      addEventListener('online', check);
      document.addEventListener('visibilitychange', () => { if (!document.hidden) check(); });
      setInterval(check, 60 * 60 * 1000);
    }, (e) => console.warn('An Sinh: offline worker not registered:', e));
  });
})();
