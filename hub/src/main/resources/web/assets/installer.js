// The installer's pages: register a point or edit one (read by its code, saved with PATCH: an emptied field is
// cleared, an empty password keeps the device's), and import the spreadsheet they keep as CSV, with the upload's
// progress, every refused row by line and field, and the refused rows to download, fix and import again.
import { api } from './api.js';
import { t } from './i18n.js';

const TYPES = ['CAMERA', 'PTZ_CAMERA', 'BARRIER_GATE', 'PLATE_RECOGNIZER', 'FACE_RECOGNIZER', 'ACCESS_CONTROL',
  'ONE_KEY_ALARM'];
const SOURCES = ['SKYNET', 'SHARP_EYES', 'WISE_EYE', 'DIGITAL_CITY', 'SMART_TRAFFIC', 'EMERGENCY_BROADCAST',
  'COMMUNITY'];
const FIELDS = [['code', 'code'], ['name', 'name'], ['type', 'type'], ['region', 'region'], ['source', 'source'],
  ['lat', 'lat'], ['lon', 'lon'], ['streamUrl', 'streamUrl'], ['onvifUrl', 'onvifUrl'], ['username', 'deviceUser'],
  ['password', 'devicePassword'], ['vendor', 'vendor'], ['installedAt', 'installedAt'], ['serial', 'serial']];

/** The refused rows of an imported file as a CSV of its own: the header, then each refused line with its reason. */
export function refusedCsv(text, rejected) {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const quote = (value) => '"' + String(value).replace(/"/g, '""') + '"';
  const reasons = new Map();
  for (const r of rejected) {
    const said = (r.field ? r.field + ': ' : '') + r.message;
    reasons.set(r.line, reasons.has(r.line) ? reasons.get(r.line) + '; ' + said : said);
  }
  // The hub ignores columns it does not know, so the reason can travel with the row and the file imports as it is.
  const out = [lines[0] + ',error'];
  for (const [line, reason] of [...reasons.entries()].sort((a, b) => a[0] - b[0])) {
    if (line >= 2 && line <= lines.length) out.push(lines[line - 1] + ',' + quote(reason));
  }
  return '\uFEFF' + out.join('\r\n') + '\r\n';
}

function pointForm(el, may) {
  const inputs = {};
  const message = el('p', {class: 'muted', id: 'point-form-message'});
  let editing = null;
  const field = ([name, word]) => {
    let input;
    if (name === 'type') input = el('select', {name}, TYPES.map((v) => el('option', {value: v}, t('types')[v])));
    else if (name === 'source') input = el('select', {name}, SOURCES.map((v) => el('option', {value: v},
      t('sources')[v])));
    else input = el('input', {name, type: name === 'password' ? 'password' : 'text',
      autocomplete: name === 'password' ? 'new-password' : 'off'});
    inputs[name] = input;
    return el('label', {}, t(word) || word, input);
  };
  // A new point names what it has; an edit (PATCH) also clears what was emptied, but an empty password keeps it.
  const body = (edit) => {
    const point = {};
    for (const [name] of FIELDS) {
      const value = inputs[name].value.trim();
      if (value !== '') point[name] = name === 'lat' || name === 'lon' ? Number(value) : value;
      else if (edit && name !== 'username' && name !== 'password') point[name] = null;
    }
    return point;
  };
  const load = async () => {
    const code = inputs.code.value.trim();
    try {
      const point = await api.point(code);
      for (const [name] of FIELDS) inputs[name].value = point[name] === null || point[name] === undefined ? ''
        : point[name];
      editing = point.code;
      heading.textContent = t('edit') + ' ' + point.code;
      message.textContent = '';
    } catch (e) {
      message.textContent = e.message;
    }
  };
  const heading = el('h3', {}, t('register'));
  const form = el('form', {class: 'point-form', id: 'point-form', onsubmit: async (event) => {
    event.preventDefault();
    try {
      const saved = editing ? await api.patchPoint(editing, body(true)) : await api.createPoint(body(false));
      editing = saved.code;
      heading.textContent = t('edit') + ' ' + saved.code;
      message.textContent = t('saved') + ' ' + saved.code;
    } catch (e) {
      message.textContent = (e.body && e.body.field ? e.body.field + ': ' : '') + e.message;
    }
  }}, heading, el('div', {class: 'fields'}, FIELDS.map(field)),
  el('div', {class: 'filters'},
    el('button', {type: 'button', id: 'point-load', onclick: load}, t('load')),
    el('button', {type: 'submit', id: 'point-save'}, t('save')),
    el('button', {type: 'button', id: 'point-new', class: 'link', onclick: () => {
      editing = null;
      form.reset();
      heading.textContent = t('register');
    }}, t('register')),
    el('button', {type: 'button', id: 'point-delete', onclick: async () => {
      if (!editing) return;
      try {
        await api.deletePoint(editing);
        message.textContent = t('removed') + ' ' + editing;
        editing = null;
        form.reset();
      } catch (e) {
        message.textContent = e.message;
      }
    }}, t('remove'))), message);
  return may.has('editPoints') ? form : null;
}

function importForm(el, may) {
  if (!may.has('importPoints')) return null;
  const file = el('input', {type: 'file', id: 'import-file', accept: '.csv,text/csv'});
  const mode = el('select', {id: 'import-mode'}, el('option', {value: 'partial'}, t('partial')),
    el('option', {value: 'all-or-nothing'}, t('allOrNothing')));
  const progress = el('progress', {id: 'import-progress', max: '1', value: '0'});
  const phase = el('span', {class: 'muted', id: 'import-phase'});
  const result = el('div', {id: 'import-result'});
  const run = async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    const text = await chosen.text();
    result.replaceChildren();
    phase.textContent = t('uploading');
    try {
      const answer = await api.importCsv(chosen, mode.value, (share) => {
        progress.value = share;
        phase.textContent = share < 1 ? t('uploading') + ' ' + Math.round(share * 100) + '%' : t('checking');
      }).catch((e) => {
        if (e.body && e.body.rejected) return e.body;
        throw e;
      });
      progress.value = 1;
      phase.textContent = '';
      show(answer, text);
    } catch (e) {
      phase.textContent = (e.body && e.body.field ? e.body.field + ': ' : '') + e.message;
    }
  };
  const show = (answer, text) => {
    const rejected = answer.rejected || [];
    const download = rejected.length ? el('a', {class: 'button', id: 'import-download',
      download: 'refused-rows.csv', href: URL.createObjectURL(new Blob([refusedCsv(text, rejected)],
        {type: 'text/csv;charset=utf-8'}))}, t('downloadRefused')) : null;
    result.replaceChildren(el('div', {},
      el('p', {id: 'import-summary'}, t('imported').replace('{n}', answer.imported), ' · ',
        t('refused').replace('{n}', rejected.length), answer.detail ? ' · ' + answer.detail : ''),
      answer.ignoredColumns && answer.ignoredColumns.length ? el('p', {class: 'muted'}, t('ignoredColumns'), ': ',
        answer.ignoredColumns.join(', ')) : null,
      download,
      rejected.length ? el('table', {id: 'import-rejected'}, el('thead', {}, el('tr', {},
        [t('line'), t('field'), t('message')].map((h) => el('th', {}, h)))), el('tbody', {},
        rejected.map((r) => el('tr', {'data-line': r.line}, el('td', {}, r.line), el('td', {}, r.field || ''),
          el('td', {}, r.message))))) : null));
  };
  return el('div', {class: 'import', id: 'import'}, el('h3', {}, t('importCsv')),
    el('div', {class: 'filters'}, file, el('label', {}, t('importMode'), ' ', mode),
      el('button', {type: 'button', id: 'import-run', onclick: run}, t('importCsv'))),
    el('div', {}, progress, ' ', phase), result);
}

export function installerView(el, may) {
  return {
    element: el('section', {class: 'main list', id: 'installer', hidden: true}, el('h2', {}, t('installer')),
      el('div', {class: 'split'}, pointForm(el, may), importForm(el, may))),
  };
}
