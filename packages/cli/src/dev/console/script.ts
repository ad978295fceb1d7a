/**
 * The console's only script, served from /console.js (the CSP allows scripts from this origin
 * only, none inline). It keeps the page live: server-sent events say something changed, the page
 * fetches its regions and swaps those whose version changed; forms go in the background; a modal
 * view becomes a real modal dialog (Escape closes it as the X does); countdowns tick. Without it
 * every form still works by posting and coming back.
 */
export const CONSOLE_JS = String.raw`'use strict';
(() => {
  const body = document.body;
  const status = document.querySelector('[data-live-status]');
  let timer = 0;
  let inflight = false;
  let again = false;

  const say = (text) => { if (status) status.textContent = text; };
  // The messages stay scrolled to the newest one unless the reader scrolled up.
  const scroller = document.querySelector('[data-scroll]');
  const atBottom = () => !scroller || scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 60;
  let stick = true;
  const follow = () => { if (scroller && stick) scroller.scrollTop = scroller.scrollHeight; };
  if (scroller) scroller.addEventListener('scroll', () => { stick = atBottom(); });
  const place = () => new URLSearchParams({ user: body.dataset.user || '', room: body.dataset.room || '' });

  function schedule(delay) {
    if (!timer) timer = setTimeout(refresh, delay === undefined ? 30 : delay);
  }

  async function refresh() {
    timer = 0;
    if (inflight) { again = true; return; }
    inflight = true;
    try {
      const response = await fetch('/regions?' + place(), { headers: { accept: 'application/json' }, cache: 'no-store' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const { room, regions } = await response.json();
      if (room && room !== body.dataset.room) {
        // The direct room with a bot exists now: forms outside the regions follow it.
        body.dataset.room = room;
        for (const field of document.querySelectorAll('form:not([data-region] form) input[name=room]')) field.value = room;
      }
      for (const [name, region] of Object.entries(regions)) swap(name, region.html, region.version);
      follow();
      body.dataset.synced = String(Date.now());
    } catch (error) {
      say('update failed (' + error.message + '); retrying');
      schedule(2000);
    } finally {
      inflight = false;
      if (again) { again = false; schedule(); }
    }
  }

  // Values typed into a view that the new HTML does not know yet (the server has them only on submit).
  function typed(root) {
    const kept = new Map();
    for (const field of root.querySelectorAll('input[name^="state:"], textarea[name^="state:"]')) {
      if (field.value !== field.defaultValue) kept.set((field.form && field.form.dataset.viewId) + '|' + field.name, field.value);
    }
    return kept;
  }

  function retype(root, kept) {
    for (const field of root.querySelectorAll('input[name^="state:"], textarea[name^="state:"]')) {
      const value = kept.get((field.form && field.form.dataset.viewId) + '|' + field.name);
      if (value !== undefined) field.value = value;
    }
  }

  function swap(name, html, version) {
    const region = document.querySelector('[data-region="' + name + '"]');
    if (!region || region.dataset.version === version) return;
    const focused = region.contains(document.activeElement) && document.activeElement.id;
    const kept = typed(region);
    region.innerHTML = html;
    region.dataset.version = version;
    retype(region, kept);
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
    enhance(region);
  }

  function enhance(root) {
    for (const dialog of root.querySelectorAll('dialog.modal[open]')) {
      if (dialog.matches(':modal')) continue;
      dialog.close();
      dialog.showModal();
      const first = dialog.querySelector('.view-body input:not([type=hidden]), .view-body textarea, .view-body select');
      if (first) first.focus();
      dialog.addEventListener('cancel', (event) => {
        // Escape: the X (isCleared), sent as a form like every other close.
        event.preventDefault();
        const x = dialog.querySelector('button[name=cleared]');
        if (x) x.click();
      });
    }
  }

  async function post(action, params, form) {
    if (form) form.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(action, { method: 'POST', body: params, headers: { 'x-plugboard-console': '1' }, keepalive: true });
      if (!response.ok) say(response.status === 403 ? 'the console restarted: reload the page' : 'HTTP ' + response.status + ': ' + (await response.text()).slice(0, 200));
    } catch (error) {
      say('not sent: ' + error.message);
    } finally {
      if (form) form.removeAttribute('aria-busy');
      schedule();
    }
  }

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-live')) return;
    event.preventDefault();
    const submitter = event.submitter;
    const action = (submitter && submitter.getAttribute('formaction')) || form.getAttribute('action');
    const params = new URLSearchParams(new FormData(form));
    if (submitter && submitter.name) params.append(submitter.name, submitter.value);
    const menu = form.closest('details.menu');
    if (menu) menu.open = false;
    post(action, params, form);
    if (form.id === 'composer') {
      form.reset();
      form.elements.text.focus();
    }
  });

  function dispatch(fields, value) {
    const params = new URLSearchParams(fields);
    if (value !== undefined) params.set('value', value);
    post('/action', params);
  }

  document.addEventListener('change', (event) => {
    const target = event.target;
    if (!(target instanceof HTMLSelectElement)) return;
    if (target.form && target.form.hasAttribute('data-autosubmit')) target.form.requestSubmit();
    else if (target.dataset.dispatchChange) dispatch(JSON.parse(target.dataset.dispatchChange), target.value);
  });

  // A link button opens its URL (new tab) and, as in Rocket.Chat, tells the app it was clicked.
  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element && event.target.closest('a[data-dispatch]');
    if (link) dispatch(JSON.parse(link.dataset.dispatch));
    for (const menu of document.querySelectorAll('details.menu[open]')) {
      if (!menu.contains(event.target)) menu.open = false;
    }
  });

  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    for (const menu of document.querySelectorAll('details.menu[open]')) {
      menu.open = false;
      menu.querySelector('summary').focus();
    }
  });

  function countdown(expiresAt, now) {
    const seconds = Math.round((expiresAt - now) / 1000);
    const span = Math.abs(seconds);
    const text = span >= 3600 ? Math.floor(span / 3600) + ' h ' + Math.floor((span % 3600) / 60) + ' min' : span >= 60 ? Math.floor(span / 60) + ' min ' + (span % 60) + ' s' : span + ' s';
    return seconds >= 0 ? 'in ' + text : text + ' ago';
  }

  setInterval(() => {
    const now = Date.now();
    for (const node of document.querySelectorAll('.countdown[data-expires-at]')) {
      const expiresAt = Number(node.dataset.expiresAt);
      node.textContent = countdown(expiresAt, now);
      // Crossing zero changes the row's state: ask for it once.
      if (expiresAt <= now && !node.dataset.expired) { node.dataset.expired = '1'; schedule(); }
    }
  }, 1000);

  const source = new EventSource('/events');
  source.addEventListener('change', () => schedule());
  source.addEventListener('open', () => { say('live'); body.dataset.live = 'true'; schedule(); });
  source.addEventListener('error', () => { say('reconnecting…'); body.dataset.live = 'false'; });

  enhance(document);
  follow();
  window.addEventListener('resize', follow);
})();
`;
