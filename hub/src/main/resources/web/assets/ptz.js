// The PTZ panel of a tile: hold a direction or zoom button to move (the command is repeated while held, since an
// ONVIF camera ends each move by itself after a moment), release to stop. Where the camera has presets (through
// ONVIF) the panel lists them to go to and saves the present position as a new one. When another center holds the
// camera's lock the hub answers 409 with the holder, and the panel says who in words.
import { api, ApiError } from './api.js';
import { t } from './i18n.js';

const REPEAT_MS = 500;

export function ptzPanel(el, pointCode) {
  const message = el('span', {class: 'ptz-message'});
  const speed = el('input', {type: 'range', min: '0.1', max: '1', step: '0.1', value: '0.5', class: 'ptz-speed',
    title: t('speed')});
  const explain = (e) => {
    if (e instanceof ApiError && e.status === 409 && e.body.holder) {
      const holder = e.body.holder;
      message.textContent = t('ptzHeld').replace('{user}', holder.username).replace('{center}', holder.center)
          .replace('{tier}', t('tier')[holder.tier] || holder.tier);
    } else if (e instanceof ApiError && e.status === 403 && e.body.error === 'ptz_not_granted') {
      message.textContent = t('ptzNotGranted');
    } else {
      message.textContent = e.message;
    }
  };
  const send = async (action) => {
    try {
      await api.ptz(pointCode, action, Number(speed.value));
      message.textContent = '';
    } catch (e) {
      explain(e);
    }
  };
  let held = null;
  const release = () => {
    if (held !== null) {
      clearInterval(held);
      held = null;
      send('stop');
    }
  };
  const button = (action) => el('button', {type: 'button', class: 'ptz-' + action, 'data-action': action,
    onpointerdown: () => {
      release();
      send(action);
      held = setInterval(() => send(action), REPEAT_MS);
    },
    onpointerup: release, onpointerleave: release, onpointercancel: release}, t('ptz')[action]);
  const presets = el('select', {class: 'ptz-presets', title: t('presets'), hidden: ''});
  const name = el('input', {type: 'text', class: 'ptz-preset-name', placeholder: t('presetName'), maxlength: '64',
    hidden: ''});
  const save = el('button', {type: 'button', class: 'ptz-preset-save', hidden: ''}, t('savePreset'));
  const load = async () => {
    let list;
    try {
      list = (await api.presets(pointCode)).presets;
    } catch (e) {
      // A camera without ONVIF has no presets: the panel keeps to directions and zoom.
      return;
    }
    presets.replaceChildren(el('option', {value: ''}, t('presets') + ' (' + list.length + ')'),
        ...list.map((p) => el('option', {value: p.token}, p.name || p.token)));
    presets.hidden = false;
    name.hidden = false;
    save.hidden = false;
  };
  presets.addEventListener('change', async () => {
    const token = presets.value;
    if (!token) return;
    try {
      await api.gotoPreset(pointCode, token);
      message.textContent = '';
    } catch (e) {
      explain(e);
    }
    presets.value = '';
  });
  save.addEventListener('click', async () => {
    const label = name.value.trim();
    if (!label) {
      name.focus();
      return;
    }
    try {
      await api.savePreset(pointCode, label);
      message.textContent = t('presetSaved').replace('{name}', label);
      name.value = '';
      await load();
    } catch (e) {
      explain(e);
    }
  });
  load();
  return el('div', {class: 'ptz'}, ['up', 'down', 'left', 'right', 'zoomIn', 'zoomOut'].map(button), speed,
      presets, name, save, message);
}
