// One video wall, kept in step with the wall's WebSocket: every tile with a point plays it live, with its name, code
// and state, full screen, a snapshot, PTZ where the camera has it, and push down / share up. A wall that spans
// several monitors shows, in each browser window, only its own rows: #/wall/{id}?screen=k&of=n.
import { api, ApiError, socketUrl, tokenUrl } from './api.js';
import { t } from './i18n.js';
import { Player, stateText } from './player.js';
import { ptzPanel } from './ptz.js';

const COLUMNS = {1: 1, 4: 2, 6: 3, 9: 3, 16: 4, 25: 5};
const pointCache = new Map();

/** A point as the API shows it to this login, asked once per page (names and types change rarely). */
export function pointOf(code) {
  if (!pointCache.has(code)) pointCache.set(code, api.point(code).catch(() => null));
  return pointCache.get(code);
}

/** The tiles (1-based numbers) that screen k of n shows of a wall with this layout: whole rows, top to bottom. */
export function screenTiles(layout, screen, of) {
  const columns = COLUMNS[layout] || Math.ceil(Math.sqrt(layout));
  const rows = Math.ceil(layout / columns);
  const perScreen = Math.ceil(rows / of);
  const first = (screen - 1) * perScreen;
  const last = Math.min(rows, first + perScreen);
  const tiles = [];
  for (let row = first; row < last; row++) {
    for (let column = 0; column < columns; column++) {
      const n = row * columns + column + 1;
      if (n <= layout) tiles.push(n);
    }
  }
  return {tiles, columns, rows: Math.max(1, last - first)};
}

/** The menu that pushes a tile's point down to a lower center's wall (the centers are those the API lists). */
function pushMenu(el, pointCode, me, say) {
  const select = el('select', {class: 'push-center'});
  const box = el('div', {class: 'push-menu'}, t('pushTo'), ' ', select,
    el('button', {type: 'button', class: 'push-go', onclick: async () => {
      try {
        await api.push(pointCode, select.value);
        say(t('pushed').replace('{center}', select.selectedOptions[0].textContent));
        box.remove();
      } catch (e) {
        say(e.message);
      }
    }}, t('pushDown')),
    el('button', {type: 'button', class: 'link', onclick: () => box.remove()}, t('cancel')));
  api.centers().then((centers) => {
    const own = me.center ? me.center.code : null;
    const lower = centers.filter((c) => c.code !== own);
    if (!lower.length) {
      box.remove();
      say(t('noLower'));
    }
    select.replaceChildren(...lower.map((c) =>
      el('option', {value: c.code}, c.name + ' (' + (t('tier')[c.tier] || c.tier) + ')')));
  }).catch((e) => say(e.message));
  return box;
}

/** The menu that starts a tour on a tile over the cameras the point list shows now. */
function tourMenu(el, wall, tile, listed, say) {
  const codes = listed();
  const seconds = el('input', {type: 'number', class: 'tour-seconds', min: '5', max: '3600', value: '10'});
  const box = el('div', {class: 'push-menu tour-menu'}, t('tourSeconds'), ' ', seconds,
    el('button', {type: 'button', class: 'tour-go', onclick: async () => {
      if (codes.length < 2) {
        say(t('tourTooFew'));
        return;
      }
      try {
        await api.setTour(wall.id, tile, codes.slice(0, 64), Number(seconds.value));
        box.remove();
      } catch (e) {
        say(e.message);
      }
    }}, t('tourStart').replace('{n}', Math.min(64, codes.length))),
    el('button', {type: 'button', class: 'link', onclick: () => box.remove()}, t('cancel')));
  return box;
}

/** Saved layouts of the wall: recall one, or save the wall as it is under a name. */
function savedLayouts(el, wall, note) {
  const select = el('select', {id: 'saved-layouts'});
  const name = el('input', {id: 'layout-name', placeholder: t('layoutName'), size: 10, maxlength: 64});
  const load = () => api.savedLayouts(wall.id).then((list) => select.replaceChildren(...list.map((p) =>
    el('option', {value: p.name}, p.name + ' (' + p.layout + ')')))).catch((e) => note.replaceChildren(e.message));
  load();
  return el('span', {class: 'saved-layouts'}, t('saved_layouts'), ' ', select,
    el('button', {type: 'button', id: 'layout-recall', onclick: async () => {
      if (!select.value) return;
      try {
        const answer = await api.recallLayout(wall.id, select.value);
        note.replaceChildren(answer.leftOut.length ? t('leftOut') + answer.leftOut.join(', ') : '');
      } catch (e) {
        note.replaceChildren(e.message);
      }
    }}, t('recall')), ' ', name,
    el('button', {type: 'button', id: 'layout-save', onclick: async () => {
      if (!name.value.trim()) return;
      try {
        await api.saveLayout(wall.id, name.value.trim());
        name.value = '';
        await load();
      } catch (e) {
        note.replaceChildren(e.message);
      }
    }}, t('saveLayout')));
}

export function wallView(el, wall, me, screen, listed) {
  const players = new Map();
  const may = new Set(me.may || []);
  const grid = el('div', {class: 'grid', id: 'wall'});
  const layouts = el('select', {id: 'layout', onchange: () => api.setLayout(wall.id, Number(layouts.value))
      .catch((e) => note.replaceChildren(e.message))},
    [1, 4, 6, 9, 16, 25].map((n) => el('option', {value: n}, n)));
  const note = el('span', {class: 'muted', id: 'wall-note'});
  const tileView = (tile) => {
    const key = tile.tile + ':' + tile.pointCode;
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
    const said = el('div', {class: 'tile-message'});
    const say = (text) => {
      said.textContent = text;
      setTimeout(() => { if (said.textContent === text) said.textContent = ''; }, 6000);
    };
    if (tile.pointCode) {
      pointOf(tile.pointCode).then((point) => {
        if (!point) return;
        name.textContent = point.name;
        status.textContent = t(String(point.status).toLowerCase());
        status.className = 'status ' + String(point.status).toLowerCase();
        if (point.type === 'PTZ_CAMERA' && may.has('ptz')) controls.replaceChildren(ptzPanel(el, point.code));
      });
    }
    const element = el('div', {class: 'tile', 'data-tile': tile.tile, 'data-point': tile.pointCode || '',
      ondragover: (event) => event.preventDefault(),
      ondrop: (event) => {
        event.preventDefault();
        api.setTile(wall.id, tile.tile, event.dataTransfer.getData('text/plain')).catch((e) => say(e.message));
      }});
    const touring = tile.tour && tile.tour.points ? el('span', {class: 'tag tour-tag'}, t('tourOf')
      .replace('{i}', tile.tour.points.indexOf(tile.pointCode) + 1).replace('{n}', tile.tour.points.length)) : null;
    const tour = may.has('dispatch') && listed ? el('button', {type: 'button', class: 'tour',
      onclick: () => element.append(tourMenu(el, wall, tile.tile, listed, say))}, t('tour')) : null;
    const buttons = tile.pointCode ? [touring, tour,
      el('a', {class: 'button snapshot', href: tokenUrl('/api/v1/points/' + tile.pointCode + '/snapshot'),
        download: tile.pointCode + '.jpg', title: t('snapshot')}, t('snapshot')),
      el('button', {type: 'button', class: 'full', title: t('fullscreen'),
        onclick: () => element.requestFullscreen()}, t('fullscreen')),
      may.has('dispatch') ? el('button', {type: 'button', class: 'push', onclick: () =>
        element.append(pushMenu(el, tile.pointCode, me, say))}, t('pushDown')) : null,
      may.has('dispatch') && me.center && me.center.parent ? el('button', {type: 'button', class: 'share',
        onclick: () => api.shareUp(tile.pointCode).then(() => say(t('shared')), (e) => say(e.message))},
      t('shareUp')) : null,
      el('button', {type: 'button', class: 'close', title: t('clear'),
        onclick: () => api.setTile(wall.id, tile.tile, null).catch((e) => say(e.message))}, '×')] : [tour];
    element.append(...[player ? player.video : null, player ? player.state : null, controls, said,
      el('div', {class: 'caption'}, el('span', {class: 'tile-no'}, tile.tile), name,
        el('span', {class: 'code'}, tile.pointCode || t('empty')), status, ...buttons)].filter((x) => x));
    return {key, element};
  };
  const render = (next) => {
    wall = next;
    layouts.value = String(wall.layout);
    let shown = wall.tiles;
    if (screen) {
      const part = screenTiles(wall.layout, screen.k, screen.n);
      const mine = new Set(part.tiles);
      shown = wall.tiles.filter((tile) => mine.has(tile.tile));
      grid.className = 'grid screen';
      grid.style.gridTemplateColumns = 'repeat(' + part.columns + ', 1fr)';
      grid.style.gridTemplateRows = 'repeat(' + part.rows + ', 1fr)';
    } else {
      grid.className = 'grid layout-' + wall.layout;
    }
    const keep = new Set();
    const views = shown.map(tileView);
    views.forEach((view) => keep.add(view.key));
    for (const [key, player] of players) {
      if (!keep.has(key)) {
        player.instance.close();
        players.delete(key);
      }
    }
    grid.replaceChildren(...views.map((view) => view.element));
  };
  render(wall);
  let socket = null;
  const connect = () => {
    socket = new WebSocket(socketUrl('/api/v1/walls/' + wall.id + '/live'));
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message && message.id === wall.id && message.tiles) render(message);
      else if (message && message.wall && message.wall.id === wall.id) render(message.wall);
    };
    // A wall left open all day outlives hub restarts and network blips: it reconnects and reads the wall again.
    socket.onclose = () => setTimeout(() => {
      if (socket.closedForGood) return;
      api.walls().then((walls) => {
        const same = walls.find((w) => w.id === wall.id);
        if (same) render(same);
      }).catch(() => {});
      connect();
    }, 3000);
  };
  connect();
  const heading = el('h2', {}, t('wall'), ' ', wall.name, ' ',
    screen ? el('span', {class: 'tag'}, t('wallScreen').replace('{k}', screen.k).replace('{n}', screen.n)) : null,
    may.has('dispatch') && !screen ? el('label', {}, t('layout'), ' ', layouts) : null, ' ',
    may.has('dispatch') && !screen ? savedLayouts(el, wall, note) : null, ' ', note);
  return {
    element: el('section', {class: 'main', id: 'wall-view'}, heading, grid),
    open(code) {
      const free = wall.tiles.find((tile) => !tile.pointCode) || wall.tiles[wall.tiles.length - 1];
      return api.setTile(wall.id, free.tile, code).catch((e) => note.replaceChildren(e.message));
    },
    close() {
      if (socket) {
        socket.closedForGood = true;
        socket.close();
      }
      for (const player of players.values()) player.instance.close();
    },
  };
}
