// The operator's screens. Everything shown comes from the API as it answers for this login; nothing here decides
// what an operator may see.
import { api, ApiError, token, forget, socketUrl } from './api.js';
import { t, lang, switchLang } from './i18n.js';
import { Player, stateText } from './player.js';
import { AlarmDesk } from './alarms.js';
import { ptzPanel } from './ptz.js';
import { eventsView } from './events.js';

const pointCache = new Map();

/** A point as the API shows it to this login, asked once per page (names and types change rarely). */
function pointOf(code) {
  if (!pointCache.has(code)) pointCache.set(code, api.point(code).catch(() => null));
  return pointCache.get(code);
}

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
    el('nav', {class: 'tabs'}, tabs.map((tab) => el('button', {type: 'button', class: 'tab', id: 'tab-' + tab.id,
      onclick: () => tabs.forEach((other) => { other.element.hidden = other !== tab; })}, tab.label))),
    el('span', {id: 'who'},
      el('b', {id: 'center-name'}, center ? center.name : '—'),
      center ? el('span', {class: 'tag', id: 'center-tier'}, t('tier')[center.kind] || center.kind) : null,
      el('span', {class: 'tag', id: 'role'}, t('roles')[me.operator.role] || me.operator.role),
      el('span', {id: 'operator'}, me.operator.username)),
    el('button', {type: 'button', class: 'link', onclick: () => { switchLang(); main(); }}, t('language')),
    el('button', {type: 'button', id: 'logout', onclick: async () => { await api.logout(); loginView(); }},
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

function pointList(onOpen) {
  const list = el('ul', {class: 'points', id: 'point-list'});
  const search = el('input', {id: 'point-search', type: 'search', placeholder: t('search')});
  let region = null;
  const load = async () => {
    const query = {size: 50};
    if (region) query.region = region;
    if (search.value.trim()) query.q = search.value.trim();
    const page = await api.points(query);
    list.replaceChildren(...page.items.map((p) => el('li', {class: 'point ' + String(p.status).toLowerCase(),
      'data-code': p.code, draggable: 'true', title: p.code,
      ondragstart: (event) => event.dataTransfer.setData('text/plain', p.code),
      ondblclick: () => onOpen(p.code)}, p.name)),
    el('li', {class: 'total'}, t('total') + ' ' + page.total));
  };
  search.addEventListener('input', () => load());
  load();
  return {element: el('section', {class: 'side'}, el('h2', {}, t('points')), search, list),
    show(code) { region = code; load(); }};
}

/** One wall, kept in step with the wall's WebSocket: every tile with a point plays it live. */
function wallView(wall) {
  const players = new Map();
  const grid = el('div', {class: 'grid', id: 'wall'});
  const layouts = el('select', {id: 'layout', onchange: () => api.setLayout(wall.id, Number(layouts.value))},
    [1, 4, 6, 9, 16, 25].map((n) => el('option', {value: n}, n)));
  const render = (next) => {
    wall = next;
    layouts.value = String(wall.layout);
    grid.className = 'grid layout-' + wall.layout;
    const keep = new Set();
    const tiles = wall.tiles.map((tile) => {
      const key = tile.tile + ':' + tile.pointCode;
      keep.add(key);
      let player = players.get(key);
      if (!player && tile.pointCode) {
        const video = el('video', {muted: true, autoplay: true, playsinline: true});
        video.muted = true;
        const state = el('span', {class: 'state'});
        player = {video, state, instance: new Player(video, tile.pointCode, (s, detail) => {
          state.textContent = stateText(s, detail);
        })};
        players.set(key, player);
      }
      const name = el('span', {class: 'name'});
      const status = el('span', {class: 'status'});
      const controls = el('div', {class: 'controls'});
      if (tile.pointCode) {
        pointOf(tile.pointCode).then((point) => {
          if (!point) return;
          name.textContent = point.name;
          status.textContent = t(String(point.status).toLowerCase());
          status.className = 'status ' + String(point.status).toLowerCase();
          if (point.type === 'PTZ_CAMERA') controls.replaceChildren(ptzPanel(el, point.code));
        });
      }
      const caption = el('div', {class: 'caption'}, name, el('span', {class: 'code'}, tile.pointCode || t('empty')),
        status,
        tile.pointCode ? el('button', {type: 'button', class: 'close', title: t('clear'),
          onclick: () => api.setTile(wall.id, tile.tile, null)}, '×') : null,
        tile.pointCode ? el('button', {type: 'button', title: t('fullscreen'),
          onclick: (event) => event.target.closest('.tile').requestFullscreen()}, t('fullscreen')) : null);
      return el('div', {class: 'tile', 'data-tile': tile.tile, 'data-point': tile.pointCode || '',
        ondragover: (event) => event.preventDefault(),
        ondrop: (event) => { event.preventDefault(); api.setTile(wall.id, tile.tile,
          event.dataTransfer.getData('text/plain')); }},
      player ? player.video : null, player ? player.state : null, controls, caption);
    });
    for (const [key, player] of players) {
      if (!keep.has(key)) {
        player.instance.close();
        players.delete(key);
      }
    }
    grid.replaceChildren(...tiles);
  };
  render(wall);
  const socket = new WebSocket(socketUrl('/api/v1/walls/' + wall.id + '/live'));
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message && message.id === wall.id && message.tiles) render(message);
    else if (message && message.wall && message.wall.id === wall.id) render(message.wall);
  };
  return {
    element: el('section', {class: 'main'}, el('h2', {}, t('wall'), ' ', wall.name, ' ',
      el('label', {}, t('layout'), ' ', layouts)), grid),
    open(code) {
      const free = wall.tiles.find((tile) => !tile.pointCode) || wall.tiles[wall.tiles.length - 1];
      return api.setTile(wall.id, free.tile, code);
    },
  };
}

async function main() {
  if (!token()) return loginView();
  let me;
  try {
    me = await api.me();
  } catch (e) {
    forget();
    return loginView(e instanceof ApiError && e.status === 401 ? t('expired') : e.message);
  }
  document.title = t('title') + ' · ' + (me.center ? me.center.name : me.operator.username);
  const [roots, walls] = await Promise.all([api.regions(), api.walls()]);
  const wall = wallView(walls[0]);
  const points = pointList((code) => wall.open(code));
  const tree = regionTree(roots, (region) => points.show(region.code));
  const alarms = new AlarmDesk(el);
  const events = eventsView(el);
  events.element.hidden = true;
  const tabs = [{id: 'wall', label: t('wall'), element: wall.element},
    {id: 'events', label: t('events'), element: events.element}];
  app.replaceChildren(header(me, tabs), el('div', {class: 'body'},
    el('section', {class: 'side'}, el('h2', {}, t('regions')), tree), points.element, wall.element,
    events.element), alarms.element());
  events.start();
  await alarms.start();
}

document.documentElement.lang = lang() === 'en' ? 'en' : 'zh-CN';
main();
