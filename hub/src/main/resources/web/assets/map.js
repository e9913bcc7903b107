// The operator's points on a map by latitude and longitude, coloured by state; click a point to play it. Customer
// sites have no internet: with no tile server configured (ui.mapTiles) the points are drawn on a plain background
// with the region labels, and with one on its XYZ tiles (Web Mercator, as every tile server cuts them).
import { api } from './api.js';
import { t } from './i18n.js';
import { Player, stateText } from './player.js';
import { pointOf } from './wall.js';

const TILE = 256;
const COLOURS = {ONLINE: '#3fbf72', OFFLINE: '#e05252', UNKNOWN: '#8aa3bd'};

/** Web Mercator at zoom 0: longitude and latitude to 0..256 world pixels. */
function project(lat, lon) {
  const sin = Math.sin(lat * Math.PI / 180);
  return [(lon + 180) / 360 * TILE, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * TILE];
}

export function mapView(el, onOpen) {
  // Tiles come from the site's tile server, another origin: they get a canvas of their own, so that the points'
  // canvas stays readable (a canvas with another origin's pictures on it may no longer be read back).
  const base = el('canvas', {id: 'map-tiles'});
  const canvas = el('canvas', {id: 'map-canvas'});
  const note = el('p', {class: 'muted', id: 'map-note'});
  const popup = el('div', {class: 'map-popup', id: 'map-popup', hidden: true});
  const frame = el('div', {class: 'map-frame'}, base, canvas, popup);
  const tiles = new Map();
  let data = null;
  let template = '';
  let view = null;
  let popupPlayer = null;

  const draw = () => {
    if (!data || !view) return;
    const width = canvas.width = base.width = frame.clientWidth;
    const height = canvas.height = base.height = frame.clientHeight;
    const b = base.getContext('2d');
    b.fillStyle = '#0e1a29';
    b.fillRect(0, 0, width, height);
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, width, height);
    const toScreen = (x, y) => [(x - view.x) * view.scale + width / 2, (y - view.y) * view.scale + height / 2];
    if (template) {
      const zoom = Math.max(0, Math.min(19, Math.round(Math.log2(view.scale))));
      const n = 2 ** zoom;
      const size = TILE * view.scale / n;
      const [left, top] = [view.x - width / 2 / view.scale, view.y - height / 2 / view.scale];
      for (let tx = Math.floor(left / TILE * n); tx <= Math.floor((left + width / view.scale) / TILE * n); tx++) {
        for (let ty = Math.floor(top / TILE * n); ty <= Math.floor((top + height / view.scale) / TILE * n); ty++) {
          if (tx < 0 || ty < 0 || tx >= n || ty >= n) continue;
          const url = template.replace('{z}', zoom).replace('{x}', tx).replace('{y}', ty).replace('{s}', 'a');
          let image = tiles.get(url);
          if (!image) {
            image = new Image();
            image.onload = () => draw();
            image.src = url;
            tiles.set(url, image);
          }
          if (image.complete && image.naturalWidth) {
            const [sx, sy] = toScreen(tx * TILE / n, ty * TILE / n);
            b.drawImage(image, sx, sy, size + 1, size + 1);
          }
        }
      }
    } else {
      b.strokeStyle = '#17293f';
      for (let x = 0; x < width; x += 64) b.strokeRect(x, 0, 64, height);
      for (let y = 0; y < height; y += 64) b.strokeRect(0, y, width, 64);
    }
    g.font = '14px "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif';
    g.textAlign = 'center';
    for (const region of data.regions) {
      const [x, y] = toScreen(...project(region.lat, region.lon));
      const text = region.name + ' ' + region.online + '/' + region.points;
      g.fillStyle = 'rgba(0, 0, 0, .6)';
      g.fillRect(x - g.measureText(text).width / 2 - 4, y - 16, g.measureText(text).width + 8, 20);
      g.fillStyle = '#e6eef7';
      g.fillText(text, x, y);
    }
    for (const [code, lat, lon, status] of data.points) {
      const [x, y] = toScreen(...project(lat, lon));
      if (x < -4 || y < -4 || x > width + 4 || y > height + 4) continue;
      g.fillStyle = COLOURS[status] || COLOURS.UNKNOWN;
      g.fillRect(x - 2, y - 2, 5, 5);
      if (code === view.selected) {
        g.strokeStyle = '#fff';
        g.strokeRect(x - 5, y - 5, 11, 11);
      }
    }
  };

  const fit = () => {
    if (!data.points.length) {
      view = {x: TILE / 2, y: TILE / 2, scale: 1};
      return;
    }
    let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const [, lat, lon] of data.points) {
      const [x, y] = project(lat, lon);
      [minX, maxX, minY, maxY] = [Math.min(minX, x), Math.max(maxX, x), Math.min(minY, y), Math.max(maxY, y)];
    }
    const span = Math.max(maxX - minX, maxY - minY, 1e-5);
    // The points fit beside the pop-ups (the map's and the alarms', on the right), so that each stays clickable.
    const aside = 400;
    const room = Math.min((frame.clientWidth || 800) - aside, frame.clientHeight || 600) * 0.85;
    const scale = room / span;
    view = {x: (minX + maxX) / 2 + aside / 2 / scale, y: (minY + maxY) / 2, scale};
  };

  /** The points drawn within a few pixels of a click, nearest first (cameras on one pole share a spot). */
  const near = (px, py) => {
    const found = [];
    for (const [code, lat, lon] of data.points) {
      const [x, y] = project(lat, lon);
      const dx = (x - view.x) * view.scale + canvas.width / 2 - px;
      const dy = (y - view.y) * view.scale + canvas.height / 2 - py;
      if (dx * dx + dy * dy < 64) found.push([dx * dx + dy * dy, code]);
    }
    return found.sort((a, b) => a[0] - b[0]).map(([, code]) => code);
  };

  const choose = async (codes) => {
    if (popupPlayer) popupPlayer.close();
    const points = await Promise.all(codes.slice(0, 20).map(pointOf));
    popup.replaceChildren(...codes.slice(0, 20).map((code, i) => el('button', {type: 'button', class: 'link map-pick',
      'data-code': code, onclick: () => play(code)}, (points[i] ? points[i].name : '') + ' ' + code)),
    el('button', {type: 'button', class: 'map-close', onclick: () => { popup.hidden = true; }}, t('clear')));
    popup.hidden = false;
  };

  const play = async (code) => {
    if (popupPlayer) popupPlayer.close();
    const point = await pointOf(code);
    const video = el('video', {muted: true, autoplay: true, playsinline: true});
    video.muted = true;
    const state = el('span', {class: 'muted'});
    popup.replaceChildren(el('b', {}, point ? point.name : code), ' ', el('span', {class: 'code'}, code), ' ',
      el('span', {class: 'status ' + String(point && point.status).toLowerCase()},
        point ? t(String(point.status).toLowerCase()) : ''), video, state,
      el('div', {}, el('button', {type: 'button', class: 'map-open', onclick: () => onOpen(code)}, t('wall')),
        el('button', {type: 'button', class: 'map-close', onclick: () => {
          if (popupPlayer) popupPlayer.close();
          popup.hidden = true;
        }}, t('clear'))));
    popup.hidden = false;
    popupPlayer = new Player(video, code, (s, detail) => { state.textContent = stateText(s, detail); });
  };

  let drag = null;
  canvas.addEventListener('pointerdown', (event) => {
    drag = {x: event.clientX, y: event.clientY, moved: false};
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drag || !view) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    view.x -= dx / view.scale;
    view.y -= dy / view.scale;
    drag.x = event.clientX;
    drag.y = event.clientY;
    draw();
  });
  canvas.addEventListener('pointerup', (event) => {
    if (drag && !drag.moved && data) {
      const box = canvas.getBoundingClientRect();
      const codes = near(event.clientX - box.left, event.clientY - box.top);
      if (codes.length) {
        view.selected = codes[0];
        draw();
        if (codes.length === 1) play(codes[0]);
        else choose(codes);
      }
    }
    drag = null;
  });
  canvas.addEventListener('wheel', (event) => {
    if (!view) return;
    event.preventDefault();
    const factor = event.deltaY < 0 ? 1.25 : 0.8;
    const box = canvas.getBoundingClientRect();
    const mx = (event.clientX - box.left - canvas.width / 2) / view.scale + view.x;
    const my = (event.clientY - box.top - canvas.height / 2) / view.scale + view.y;
    view.scale *= factor;
    view.x = mx - (mx - view.x) / factor;
    view.y = my - (my - view.y) / factor;
    draw();
  }, {passive: false});
  window.addEventListener('resize', () => draw());

  const element = el('section', {class: 'main map', id: 'map', hidden: true}, el('h2', {}, t('map')), note, frame);
  return {
    element,
    async load() {
      try {
        const [config, map] = await Promise.all([api.uiConfig(), api.pointsMap()]);
        template = config.mapTiles || '';
        data = map;
        note.textContent = data.points.length + ' ' + t('mapPoints') + (template ? '' : ' · ' + t('mapNoTiles'));
        if (!view) fit();
        draw();
      } catch (e) {
        note.textContent = e.message;
      }
    },
    hide() {
      if (popupPlayer) popupPlayer.close();
      popup.hidden = true;
    },
  };
}
