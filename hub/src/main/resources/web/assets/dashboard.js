// The dashboard of the login's scope, as charts drawn in SVG (no chart library to load on a wall PC): online rate
// by region and by source system, the points offline longest, events per hour and the open alarms.
import { api } from './api.js';
import { t, lang } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/** Horizontal bars of online rate (0..1), one per row, with the counts beside. */
function rateBars(id, rows) {
  const height = 22 * rows.length + 8;
  const chart = svg('svg', {id, class: 'chart', viewBox: '0 0 560 ' + height, width: '100%', role: 'img'});
  rows.forEach((row, i) => {
    const y = 4 + i * 22;
    const rate = row.points ? row.online / row.points : 0;
    chart.append(svg('text', {x: 150, y: y + 14, 'text-anchor': 'end', class: 'label'}, row.name),
      svg('rect', {x: 158, y, width: 300, height: 16, class: 'track'}),
      svg('rect', {x: 158, y, width: Math.round(300 * rate), height: 16,
        class: rate >= 0.9 ? 'bar ok' : rate >= 0.6 ? 'bar warn' : 'bar bad', 'data-rate': rate.toFixed(4)}),
      svg('text', {x: 466, y: y + 14, class: 'value'}, (rate * 100).toFixed(1) + '% ' + row.online + '/'
        + row.points));
  });
  return chart;
}

/** Columns of events per hour, labelled every few hours. */
function hourColumns(hours) {
  const max = Math.max(1, ...hours.map((h) => h.events));
  const chart = svg('svg', {id: 'chart-hours', class: 'chart', viewBox: '0 0 560 180', width: '100%', role: 'img'});
  const width = 520 / hours.length;
  hours.forEach((hour, i) => {
    const h = Math.round(140 * hour.events / max);
    const x = 30 + i * width;
    chart.append(svg('rect', {x: x + 1, y: 150 - h, width: Math.max(1, width - 2), height: h, class: 'bar ok',
      'data-events': hour.events}, svg('title', {}, hour.hour + ': ' + hour.events)));
    if (i % 4 === 0) {
      chart.append(svg('text', {x: x + width / 2, y: 166, 'text-anchor': 'middle', class: 'label'},
        new Date(hour.hour).getHours() + ':00'));
    }
  });
  chart.append(svg('text', {x: 2, y: 14, class: 'label'}, max));
  return chart;
}

export function dashboardView(el) {
  const body = el('div', {class: 'cards', id: 'dashboard-cards'});
  const card = (title, ...content) => el('div', {class: 'card'}, el('h3', {}, title), ...content);
  const when = (time) => time ? new Date(time).toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN') : t('never');
  return {
    element: el('section', {class: 'main dashboard', id: 'dashboard', hidden: true}, el('h2', {}, t('dashboard')),
      body),
    async load() {
      try {
        const roots = await api.regions();
        const top = roots.length === 1 ? roots[0] : null;
        const regionsShown = top ? top.children : roots;
        const [total, parts, offline, hourly, alarms] = await Promise.all([
          top ? api.regionStats(top.code) : null,
          Promise.all(regionsShown.map((region) => api.regionStats(region.code))),
          api.points({status: 'OFFLINE', sort: 'lastSeen', size: 10}),
          api.hourly({hours: 24}),
          api.alarms('OPEN', 'subtree')]);
        const sums = total || parts.reduce((all, s) => ({points: all.points + s.points, online: all.online + s.online,
          bySource: all.bySource}), {points: 0, online: 0, bySource: {}});
        const sources = Object.entries((total && total.bySource) || {}).map(([source, counts]) =>
          ({name: t('sources')[source] || source, points: counts.points, online: counts.online}));
        body.replaceChildren(
          card(t('onlineRate'), el('p', {class: 'big', id: 'online-rate'},
            sums.points ? (100 * sums.online / sums.points).toFixed(1) + '%' : '—'),
          el('p', {class: 'muted'}, sums.online + ' / ' + sums.points)),
          card(t('openAlarms'), el('p', {class: 'big', id: 'open-alarms'}, alarms.total)),
          card(t('byRegion'), rateBars('chart-regions', parts.map((s) => ({name: s.name, points: s.points,
            online: s.online})))),
          card(t('bySource'), rateBars('chart-sources', sources)),
          card(t('eventsPerHour'), hourColumns(hourly.hours)),
          card(t('offlineLongest'), el('table', {id: 'offline-longest'}, el('tbody', {},
            offline.items.length ? offline.items.map((p) => el('tr', {'data-code': p.code}, el('td', {}, p.name),
              el('td', {class: 'code'}, p.code), el('td', {}, t('lastSeen'), ' ', when(p.lastSeen))))
              : el('tr', {class: 'none'}, el('td', {}, t('none')))))));
      } catch (e) {
        body.replaceChildren(el('p', {class: 'error'}, e.message));
      }
    },
  };
}
