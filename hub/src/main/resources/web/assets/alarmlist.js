// The alarm list by state (this center's, or with the centers below it), each alarm's handling record, and
// acknowledge, comment and close; it follows the dispatch socket, so a raise, an acknowledgement or an escalation
// shows as it happens.
import { api, tokenUrl } from './api.js';
import { t, lang } from './i18n.js';

const when = (time) => time ? new Date(time).toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN') : '';

export function alarmListView(el, may) {
  const rows = el('tbody', {id: 'alarm-rows'});
  const detail = el('div', {class: 'alarm-detail', id: 'alarm-detail'});
  const note = el('p', {class: 'muted', id: 'alarm-note'});
  const state = el('select', {id: 'alarm-state', onchange: () => load()}, el('option', {value: ''}, t('allStates')),
    ['OPEN', 'ACKNOWLEDGED', 'CLOSED'].map((s) => el('option', {value: s}, t('states')[s])));
  state.value = 'OPEN';
  const scope = el('select', {id: 'alarm-scope', onchange: () => load()},
    el('option', {value: 'center'}, t('scopeCenter')), el('option', {value: 'subtree'}, t('scopeSubtree')));
  const act = async (work) => {
    try {
      await work();
    } catch (e) {
      note.textContent = e.message;
    }
  };
  const show = async (id) => {
    const {alarm, notes} = await api.alarm(id);
    const comment = el('input', {class: 'alarm-comment', placeholder: t('comment'), size: 40});
    detail.replaceChildren(el('div', {},
      el('h3', {}, t('kinds')[alarm.kind] || alarm.kind, ' · ', alarm.pointCode, ' · ', t('states')[alarm.state]),
      alarm.escalatedAt ? el('p', {class: 'escalated'}, t('escalated'), ' ', when(alarm.escalatedAt)) : null,
      alarm.detail ? el('p', {}, alarm.detail) : null,
      alarm.snapshot && alarm.eventId ? el('img', {class: 'alarm-image', alt: t('image'),
        src: tokenUrl('/api/v1/events/' + alarm.eventId + '/images/' + alarm.snapshot)}) : null,
      el('h4', {}, t('notes')),
      el('ul', {class: 'notes'}, notes.map((n) => el('li', {}, when(n.at), ' ', n.username, ' ', n.action,
        n.text ? ' · ' + n.text : ''))),
      may.has('alarms') ? el('form', {class: 'filters', onsubmit: (event) => {
        event.preventDefault();
        if (comment.value.trim()) act(() => api.commentAlarm(alarm.id, comment.value.trim()).then(() => show(id)));
      }}, comment, el('button', {type: 'submit'}, t('addComment')),
      alarm.state === 'OPEN' ? el('button', {type: 'button', class: 'ack',
        onclick: () => act(() => api.ackAlarm(alarm.id).then(() => show(id)))}, t('ack')) : null,
      alarm.state !== 'CLOSED' ? el('button', {type: 'button', class: 'close-alarm',
        onclick: () => act(() => api.closeAlarm(alarm.id).then(() => show(id)))}, t('closeAlarm')) : null) : null));
  };
  const row = (alarm) => el('tr', {'data-alarm': alarm.id, 'data-state': alarm.state,
    class: alarm.escalatedAt ? 'escalated' : '', onclick: () => act(() => show(alarm.id))},
  el('td', {}, when(alarm.raisedAt)),
  el('td', {}, (alarm.drill ? t('drill') + ' · ' : '') + (t('kinds')[alarm.kind] || alarm.kind)),
  el('td', {}, alarm.pointCode),
  el('td', {}, t('states')[alarm.state]),
  el('td', {}, alarm.escalatedAt ? t('escalated') : ''),
  el('td', {}, alarm.ackedBy || ''));
  const load = async () => {
    try {
      const page = await api.alarms(state.value, scope.value);
      rows.replaceChildren(...page.items.map(row));
      note.textContent = t('total') + ' ' + page.total;
    } catch (e) {
      note.textContent = e.message;
    }
  };
  return {
    element: el('section', {class: 'main list', id: 'alarm-list', hidden: true}, el('h2', {}, t('alarms')),
      el('div', {class: 'filters'}, state, scope, el('button', {type: 'button', onclick: () => load()}, t('refresh'))),
      note, el('div', {class: 'split'}, el('table', {}, el('thead', {}, el('tr', {},
        [t('time'), t('kind'), t('point'), t('state'), '', t('ackedBy')].map((h) => el('th', {}, h)))), rows),
      detail)),
    load,
    /** A dispatch notice about an alarm: the list is read again, and an open detail follows its alarm. */
    notice(notice) {
      load();
      const open = detail.querySelector('h3');
      if (open && notice.alarm && open.textContent.includes(notice.alarm.pointCode)) show(notice.alarm.id);
    },
  };
}
