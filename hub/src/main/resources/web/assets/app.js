// The operator's screens. Everything shown comes from the API as it answers for this login; nothing here decides
// what an operator may see.
import { api, ApiError, token, forget } from './api.js';
import { t, lang, switchLang } from './i18n.js';
import { AlarmDesk } from './alarms.js';
import { eventsView } from './events.js';
import { wallView } from './wall.js';
import { alarmListView } from './alarmlist.js';
import { mapView } from './map.js';
import { dashboardView } from './dashboard.js';
import { installerView } from './installer.js';
import { adminView, hasAdmin } from './admin.js';

const app = document.getElementById('app');

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value !== null && value !== undefined && value !== false) node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function loginView(message) {
  document.title = t('title');
  const error = el('p', {class: 'error', id: 'login-error'}, message || '');
  const username = el('input', {id: 'username', name: 'username', autocomplete: 'username', required: true});
  const password = el('input', {id: 'password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true});
  const form = el('form', {id: 'login', class: 'login', onsubmit: async (event) => {
    event.preventDefault();
    try {
      await api.login(username.value.trim(), password.value);
      await main();
    } catch (e) {
      error.textContent = e instanceof ApiError && e.status === 423 ? t('locked') + e.message
          : e instanceof ApiError && e.status === 401 ? t('loginFailed') : e.message;
    }
  }},
  el('h1', {}, t('title')),
  el('label', {}, t('username'), username),
  el('label', {}, t('password'), password),
  el('button', {type: 'submit'}, t('login')),
  error,
  el('button', {type: 'button', class: 'link', onclick: () => { switchLang(); loginView(); }}, t('language')));
  app.replaceChildren(form);
  username.focus();
}

function header(me, tabs) {
  const center = me.center;
  return el('header', {class: 'bar'},
    el('span', {class: 'brand'}, t('title')),
    el('nav', {class: 'tabs'}, tabs.map((tab) => el('a', {class: 'tab', id: 'tab-' + tab.id, href: '#/' + tab.id},
      tab.label))),
    el('span', {id: 'who'},
      el('b', {id: 'center-name'}, center ? center.name : '—'),
      center ? el('span', {class: 'tag', id: 'center-tier'}, t('tier')[center.kind] || center.kind) : null,
      el('span', {class: 'tag', id: 'role'}, t('roles')[me.operator.role] || me.operator.role),
      el('span', {id: 'operator'}, me.operator.username)),
    el('button', {type: 'button', class: 'link', onclick: () => { switchLang(); main(); }}, t('language')),
    el('button', {type: 'button', id: 'logout', onclick: async () => { await api.logout(); main(); }},
      t('logout')));
}

/** The region tree of the operator's scope: each node shows online/total once opened, and lists its points. */
function regionTree(roots, onPick) {
  const node = (region) => {
    const stats = el('span', {class: 'stats'});
    const children = el('ul', {hidden: true}, region.children.map(node));
    const label = el('span', {class: 'region', 'data-code': region.code, onclick: async () => {
      children.hidden = !children.hidden;
      onPick(region);
      if (!stats.textContent) {
        const s = await api.regionStats(region.code);
        stats.textContent = ' ' + s.online + t('of') + s.points;
      }
    }}, region.name, stats);
    return el('li', {}, label, region.children.length ? children : null);
  };
  return el('ul', {class: 'tree', id: 'region-tree'}, roots.map(node));
}

const TYPES = ['CAMERA', 'PTZ_CAMERA', 'BARRIER_GATE', 'PLATE_RECOGNIZER', 'FACE_RECOGNIZER', 'ACCESS_CONTROL',
  'ONE_KEY_ALARM'];
const SOURCES = ['SKYNET', 'SHARP_EYES', 'WISE_EYE', 'DIGITAL_CITY', 'SMART_TRAFFIC', 'EMERGENCY_BROADCAST',
  'COMMUNITY'];

/** The points of the scope (or the region picked in the tree), searched and paged on the server, 50 at a time. */
function pointList(onOpen) {
  const list = el('ul', {class: 'points', id: 'point-list'});
  const search = el('input', {id: 'point-search', type: 'search', placeholder: t('search')});
  const choice = (id, all, values, words) => el('select', {id, onchange: () => { page = 1; load(); }},
    el('option', {value: ''}, all), values.map((v) => el('option', {value: v}, words[v] || v)));
  const type = choice('point-type', t('type'), TYPES, t('types'));
  const source = choice('point-source', t('source'), SOURCES, t('sources'));
  const status = choice('point-status', t('state'), ['ONLINE', 'OFFLINE', 'UNKNOWN'],
    {ONLINE: t('online'), OFFLINE: t('offline'), UNKNOWN: t('unknown')});
  const pager = el('div', {class: 'pager'});
  let region = null;
  let shown = [];
  let page = 1;
  const load = async () => {
    const query = {size: 50, page};
    if (region) query.region = region;
    if (search.value.trim()) query.q = search.value.trim();
    for (const [name, select] of [['type', type], ['source', source], ['status', status]]) {
      if (select.value) query[name] = select.value;
    }
    const found = await api.points(query);
    shown = found.items;
    list.replaceChildren(...found.items.map((p) => el('li', {class: 'point ' + String(p.status).toLowerCase(),
      'data-code': p.code, draggable: 'true', title: p.code,
      ondragstart: (event) => event.dataTransfer.setData('text/plain', p.code),
      ondblclick: () => onOpen(p.code)}, p.name)),
    el('li', {class: 'total', id: 'point-total'}, t('total') + ' ' + found.total));
    const pages = Math.max(1, Math.ceil(found.total / 50));
    pager.replaceChildren(
      el('button', {type: 'button', class: 'link', id: 'point-prev', disabled: page <= 1,
        onclick: () => { page--; load(); }}, '‹'),
      el('span', {class: 'muted'}, page + ' / ' + pages),
      el('button', {type: 'button', class: 'link', id: 'point-next', disabled: page >= pages,
        onclick: () => { page++; load(); }}, '›'));
  };
  search.addEventListener('input', () => { page = 1; load(); });
  load();
  return {element: el('section', {class: 'side'}, el('h2', {}, t('points')), search,
    el('div', {class: 'point-filters'}, type, source, status), list, pager),
    show(code) { region = code; page = 1; load(); },
    /** The cameras the list shows now, by code: what a tour on a tile goes round. */
    cameras: () => shown.filter((p) => p.type === 'CAMERA' || p.type === 'PTZ_CAMERA').map((p) => p.code)};
}

/** The route in the address: #/{tab}, or #/wall/{id}?screen=k&of=n for one screen of a wall over several. */
function route() {
  const match = /^#\/([a-z]+)(?:\/([^?]+))?(?:\?(.*))?$/.exec(location.hash);
  if (!match) return {tab: 'wall'};
  const query = new URLSearchParams(match[3] || '');
  const k = Number(query.get('screen'));
  const n = Number(query.get('of'));
  return {tab: match[1], id: match[2], screen: n >= 1 && k >= 1 && k <= n ? {k, n} : null};
}

let current = null;

async function main() {
  if (current) current.close();
  current = null;
  if (!token()) return loginView();
  let me;
  try {
    me = await api.me();
  } catch (e) {
    forget();
    return loginView(e instanceof ApiError && e.status === 401 ? t('expired') : e.message);
  }
  document.title = t('title') + ' · ' + (me.center ? me.center.name : me.operator.username);
  const may = new Set(me.may || []);
  const where = route();
  const [roots, walls] = await Promise.all([api.regions(), api.walls()]);
  const chosen = walls.find((w) => where.tab === 'wall' && w.id === where.id) || walls[0];
  let points = null;
  const wall = wallView(el, chosen, me, where.tab === 'wall' ? where.screen : null,
    where.screen ? null : () => points.cameras());
  let alarmList = null;
  const alarms = new AlarmDesk(el, (notice) => { if (alarmList) alarmList.notice(notice); });
  if (where.tab === 'wall' && where.screen) {
    // One monitor of a wall: the tiles of its rows and the alarm pop-ups, nothing else.
    app.replaceChildren(el('div', {class: 'body screen'}, wall.element), alarms.element());
    current = {close: () => { wall.close(); alarms.stop(); window.onhashchange = null; }};
    window.onhashchange = main;
    await alarms.start();
    return;
  }
  points = pointList((code) => wall.open(code));
  const tree = regionTree(roots, (region) => points.show(region.code));
  alarmList = alarmListView(el, may);
  const events = eventsView(el, may);
  const map = mapView(el, (code) => { wall.open(code); location.hash = '#/wall/' + chosen.id; });
  const dashboard = dashboardView(el);
  const tabs = [{id: 'wall', label: t('wall'), element: wall.element},
    {id: 'alarms', label: t('alarms'), element: alarmList.element, load: alarmList.load},
    {id: 'events', label: t('events'), element: events.element},
    {id: 'map', label: t('map'), element: map.element, load: map.load, leave: map.hide},
    {id: 'dashboard', label: t('dashboard'), element: dashboard.element, load: dashboard.load}];
  if (may.has('editPoints') || may.has('importPoints')) {
    tabs.push({id: 'installer', label: t('installer'), element: installerView(el, may).element});
  }
  if (hasAdmin(may)) {
    const admin = adminView(el, may);
    tabs.push({id: 'admin', label: t('admin'), element: admin.element, load: admin.load});
  }
  const show = () => {
    if (route().screen) return main();
    const name = route().tab;
    const tab = tabs.find((x) => x.id === name) || tabs[0];
    for (const other of tabs) {
      if (other !== tab && !other.element.hidden && other.leave) other.leave();
      other.element.hidden = other !== tab;
      document.getElementById('tab-' + other.id).classList.toggle('active', other === tab);
    }
    if (tab.load) tab.load();
  };
  app.replaceChildren(header(me, tabs), el('div', {class: 'body'},
    el('section', {class: 'side'}, el('h2', {}, t('regions')), tree), points.element,
    tabs.map((tab) => tab.element)), alarms.element());
  window.onhashchange = show;
  show();
  events.start();
  current = {close: () => { wall.close(); alarms.stop(); events.stop(); window.onhashchange = null; }};
  await alarms.start();
}

document.documentElement.lang = lang() === 'en' ? 'en' : 'zh-CN';
main();
