// The PTZ panel of a tile: hold a direction or zoom button to move, release to stop. When another center holds the
// camera's lock the hub answers 409 with the holder, and the panel says who in words.
import { api, ApiError } from './api.js';
import { t } from './i18n.js';

export function ptzPanel(el, pointCode) {
  const message = el('span', {class: 'ptz-message'});
  const speed = el('input', {type: 'range', min: '0.1', max: '1', step: '0.1', value: '0.5', class: 'ptz-speed',
    title: t('speed')});
  const send = async (action) => {
    try {
      await api.ptz(pointCode, action, Number(speed.value));
      message.textContent = '';
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.body.holder) {
        const holder = e.body.holder;
        message.textContent = t('ptzHeld').replace('{user}', holder.username).replace('{center}', holder.center)
            .replace('{tier}', t('tier')[holder.tier] || holder.tier);
      } else if (e instanceof ApiError && e.status === 403 && e.body.error === 'ptz_not_granted') {
        message.textContent = t('ptzNotGranted');
      } else {
        message.textContent = e.message;
      }
    }
  };
  const button = (action) => el('button', {type: 'button', class: 'ptz-' + action, 'data-action': action,
    onpointerdown: () => send(action), onpointerup: () => send('stop'), onpointerleave: (event) => {
      if (event.buttons) send('stop');
    }}, t('ptz')[action]);
  return el('div', {class: 'ptz'}, ['up', 'down', 'left', 'right', 'zoomIn', 'zoomOut'].map(button), speed, message);
}
