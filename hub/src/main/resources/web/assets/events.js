// Device events: the live feed of this login's scope (as the hub's socket sends it), a search by type, point,
// plate and time, with their pictures, and a gate opened from its own event where the operator's role allows.
import { api, ApiError, socketUrl, tokenUrl } from './api.js';
import { t, lang } from './i18n.js';

const TYPES = ['VEHICLE_PASS', 'PLATE_READ', 'FACE_CAPTURE', 'FACE_MATCH', 'ONE_KEY_ALARM', 'GATE_STATE',
  'DEVICE_STATUS', 'DEVICE_FAULT', 'MOTION'];
const GATE_TYPES = new Set(['VEHICLE_PASS', 'GATE_STATE']);

function summary(event) {
  const a = event.attributes || {};
  return [a.plate, a.plateColor, a.direction, a.personName, a.similarity !== undefined ? 'similarity ' + a.similarity
    : null, a.alarmType, a.drill ? t('drill') : null, a.gateState, a.description, a.message]
    .filter((x) => x !== null && x !== undefined && x !== '').join(' · ');
}

/** The event's pictures as thumbnails, each a link to the full picture. */
function pictures(el, event) {
  return (event.attributes && event.attributes.imageRefs || []).map((ref) => {
    const url = tokenUrl('/api/v1/events/' + encodeURIComponent(event.id) + '/images/' + ref);
    return el('a', {href: url, target: '_blank', rel: 'noopener'}, el('img', {class: 'thumb', src: url,
      alt: t('image'), loading: 'lazy'}));
  });
}

export function eventsView(el, may) {
  const rows = el('tbody', {id: 'event-rows'});
  const note = el('p', {class: 'muted', id: 'event-note'});
  const row = (event) => {
    const result = el('span', {class: 'gate-result'});
    const gate = GATE_TYPES.has(event.type) && may.has('openGate') ? el('button', {type: 'button', class: 'open-gate', onclick: async () => {
      try {
        await api.openGate(event.pointCode);
        result.textContent = t('gateOpened');
      } catch (e) {
        result.textContent = e instanceof ApiError ? e.message : String(e);
      }
    }}, t('openGate')) : null;
    return el('tr', {'data-event': event.id, 'data-type': event.type},
      el('td', {}, new Date(event.occurredAt).toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN')),
      el('td', {}, t('eventTypes')[event.type] || event.type),
      el('td', {}, event.pointCode),
      el('td', {class: 'summary'}, summary(event)),
      el('td', {class: 'pictures'}, pictures(el, event)),
      el('td', {}, gate, result));
  };
  const type = el('select', {id: 'event-type'}, el('option', {value: ''}, t('allTypes')),
    TYPES.map((name) => el('option', {value: name}, t('eventTypes')[name])));
  const point = el('input', {id: 'event-point', placeholder: t('pointCode'), size: 22});
  const plate = el('input', {id: 'event-plate', placeholder: t('plate'), size: 10});
  const since = el('input', {id: 'event-since', type: 'datetime-local'});
  const until = el('input', {id: 'event-until', type: 'datetime-local'});
  const search = async () => {
    const query = {size: 100};
    if (type.value) query.type = type.value;
    if (point.value.trim()) query.point = point.value.trim();
    if (plate.value.trim()) query.plate = plate.value.trim();
    if (since.value) query.since = new Date(since.value).toISOString();
    if (until.value) query.until = new Date(until.value).toISOString();
    try {
      const page = await api.events(query);
      rows.replaceChildren(...page.items.map(row));
      note.textContent = t('total') + ' ' + page.total;
    } catch (e) {
      note.textContent = e.message;
    }
  };
  const form = el('form', {class: 'filters', onsubmit: (event) => { event.preventDefault(); search(); }},
    type, point, plate, since, until, el('button', {type: 'submit', id: 'event-search'}, t('searchEvents')));
  let socket = null;
  let stopped = false;
  return {
    element: el('section', {class: 'main events', id: 'events'}, el('h2', {}, t('events')), form, note,
      el('table', {}, el('thead', {}, el('tr', {}, [t('time'), t('type'), t('point'), t('detail'), t('image'), ''].map((h) =>
        el('th', {}, h)))), rows)),
    start() {
      stopped = false;
      search();
      socket = new WebSocket(socketUrl('/api/v1/events/live'));
      socket.onmessage = (message) => {
        const event = JSON.parse(message.data);
        if (event && event.id) {
          rows.prepend(row(event));
          while (rows.children.length > 200) rows.lastChild.remove();
        }
      };
      // A feed left open all day outlives hub restarts: it listens again and reads what it missed.
      socket.onclose = () => setTimeout(() => { if (!stopped) this.start(); }, 3000);
    },
    stop() {
      stopped = true;
      if (socket) socket.close();
    },
  };
}
