// Supervisor and administrator pages: the audit log with filters, an alarm point's linked cameras, and the
// operators and centers of the login's region. Each part is shown only when the login's role may use it.
import { api } from './api.js';
import { t, lang } from './i18n.js';

const ACTIONS = ['LOGIN', 'LOGIN_FAILED', 'LOCKED_OUT', 'LOGOUT', 'PASSWORD_CHANGED', 'OPERATOR_CREATED',
  'OPERATOR_UPDATED', 'OPERATOR_DELETED', 'CENTER_RENAMED', 'WALL_CREATED', 'WALL_LAYOUT', 'WALL_TILE', 'PUSH',
  'SHARE_UP', 'PTZ_TAKE', 'PTZ_TAKEN_OVER', 'PTZ_RELEASE', 'PTZ_PRESET_SAVED', 'PTZ_PRESET_REMOVED', 'GATE_OPEN', 'POINTS_IMPORTED', 'ALARM_RAISED',
  'ALARM_ESCALATED', 'ALARM_ACK', 'ALARM_COMMENT', 'ALARM_CLOSED', 'ALARM_CANCELLED', 'ALARM_LINKS'];

function table(el, id, headings, rows) {
  return el('table', {id}, el('thead', {}, el('tr', {}, headings.map((h) => el('th', {}, h)))),
    el('tbody', {}, rows));
}

function auditPart(el) {
  const action = el('select', {id: 'audit-action'}, el('option', {value: ''}, t('allTypes')),
    ACTIONS.map((a) => el('option', {value: a}, a)));
  const since = el('input', {id: 'audit-since', type: 'datetime-local'});
  const out = el('div', {id: 'audit-result'});
  const load = async () => {
    const query = {size: 200};
    if (action.value) query.action = action.value;
    if (since.value) query.since = new Date(since.value).toISOString();
    try {
      const page = await api.audit(query);
      out.replaceChildren(el('p', {class: 'muted'}, t('total') + ' ' + page.total),
        table(el, 'audit-rows', [t('time'), t('operator'), t('center'), t('action'), t('target'), t('detail')],
          page.items.map((e) => el('tr', {'data-action': e.action},
            el('td', {}, new Date(e.at).toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN')),
            el('td', {}, e.username), el('td', {}, e.centerCode || ''), el('td', {}, e.action),
            el('td', {}, e.target || ''), el('td', {}, e.detail || '')))));
    } catch (e) {
      out.replaceChildren(el('p', {class: 'error'}, e.message));
    }
  };
  return {element: el('div', {class: 'card wide'}, el('h3', {}, t('audit')), el('form', {class: 'filters',
    onsubmit: (event) => { event.preventDefault(); load(); }}, action, since,
  el('button', {type: 'submit', id: 'audit-search'}, t('searchEvents'))), out), load};
}

function linksPart(el) {
  const code = el('input', {id: 'links-point', placeholder: t('alarmPoint'), size: 24});
  const cameras = el('textarea', {id: 'links-cameras', rows: '5', cols: '28', placeholder: t('linkedCameras')});
  const message = el('p', {class: 'muted', id: 'links-message'});
  const act = async (work) => {
    try {
      const answer = await work();
      cameras.value = answer.cameras.join('\n');
      message.textContent = t('saved');
    } catch (e) {
      message.textContent = e.message;
    }
  };
  return el('div', {class: 'card'}, el('h3', {}, t('links')), code,
    el('button', {type: 'button', id: 'links-load', onclick: () => act(() => api.links(code.value.trim()))},
      t('load')), el('label', {}, t('linkedCameras'), cameras),
    el('button', {type: 'button', id: 'links-save', onclick: () => act(() => api.setLinks(code.value.trim(),
      cameras.value.split(/\s+/).filter((c) => c)))}, t('save')), message);
}

function peoplePart(el, may) {
  const out = el('div', {id: 'people'});
  const load = async () => {
    try {
      const [centers, operators] = await Promise.all([api.centers(),
        may.has('operators') ? api.operators() : Promise.resolve(null)]);
      out.replaceChildren(el('div', {},
        el('h3', {}, t('centers'), ' (', centers.length, ')'),
        table(el, 'center-rows', [t('code'), t('name'), t('tierName')], centers.slice(0, 500).map((c) =>
          el('tr', {}, el('td', {}, c.code), el('td', {}, c.name), el('td', {}, t('tier')[c.tier] || c.tier)))),
        operators ? el('h3', {}, t('operators'), ' (', operators.length, ')') : null,
        operators ? table(el, 'operator-rows', [t('username'), t('role'), t('center')], operators.map((o) =>
          el('tr', {}, el('td', {}, o.username), el('td', {}, t('roles')[o.role] || o.role),
            el('td', {}, o.center || '')))) : null));
    } catch (e) {
      out.replaceChildren(el('p', {class: 'error'}, e.message));
    }
  };
  return {element: el('div', {class: 'card wide'}, out), load};
}

/** Whether the login has any of the admin pages' parts. */
export function hasAdmin(may) {
  return may.has('audit') || may.has('operators') || may.has('editLinks');
}

export function adminView(el, may) {
  const audit = may.has('audit') ? auditPart(el) : null;
  const people = peoplePart(el, may);
  return {
    element: el('section', {class: 'main list', id: 'admin', hidden: true}, el('h2', {}, t('admin')),
      el('div', {class: 'cards'}, audit ? audit.element : null, may.has('editLinks') ? linksPart(el) : null,
        people.element)),
    load() {
      if (audit) audit.load();
      people.load();
    },
  };
}
