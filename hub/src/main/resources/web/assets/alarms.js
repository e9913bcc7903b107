// Alarms as they happen: a CRITICAL alarm (or a drill) raised or escalated at this center pops over the wall with a
// tone, its linked cameras already opened on the wall by the hub; it can be acknowledged and closed from the pop-up.
import { api, socketUrl, tokenUrl } from './api.js';
import { t, lang } from './i18n.js';

function beep(times) {
  try {
    const audio = new AudioContext();
    for (let i = 0; i < times; i++) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.value = 0.2;
      tone.connect(gain).connect(audio.destination);
      tone.start(audio.currentTime + i * 0.5);
      tone.stop(audio.currentTime + i * 0.5 + 0.25);
    }
  } catch (noAudio) {
    // a browser without sound still shows the pop-up
  }
}

export class AlarmDesk {
  constructor(el, onNotice) {
    this.el = el;
    this.onNotice = onNotice || (() => {});
    this.shown = new Map();
    this.box = el('div', {id: 'alarms', class: 'alarms', role: 'alertdialog'});
  }

  element() {
    return this.box;
  }

  /**
   * Listens first and reads the open alarms second, so that no alarm raised in between is missed; a socket that
   * drops (a hub restart, the network) is opened again and the open alarms read again. The box says whether it is
   * live in its data-live attribute.
   */
  async start() {
    this.stopped = false;
    await new Promise((resolve) => this.connect(resolve));
    await this.readOpen();
  }

  async readOpen() {
    const open = await api.alarms('OPEN');
    for (const item of open.items || open) {
      const alarm = item.alarm || item;
      if ((alarm.severity === 'CRITICAL' || alarm.drill) && !this.shown.has(alarm.id)) this.show(alarm, false);
    }
  }

  connect(opened) {
    const socket = new WebSocket(socketUrl('/api/v1/dispatch/live'));
    this.socket = socket;
    socket.onopen = () => {
      this.box.dataset.live = 'true';
      opened();
    };
    socket.onclose = () => {
      this.box.dataset.live = 'false';
      opened();
      if (!this.stopped) {
        setTimeout(() => {
          if (!this.stopped) this.connect(() => this.readOpen().catch(() => {}));
        }, 3000);
      }
    };
    socket.onmessage = (event) => {
      const notice = JSON.parse(event.data);
      if (notice.type !== 'alarm') return;
      if (notice.event === 'raised' || notice.event === 'escalated') {
        if (notice.alarm.severity === 'CRITICAL' || notice.alarm.drill) this.show(notice.alarm, true);
      } else if (this.shown.has(notice.alarm.id)) {
        this.show(notice.alarm, false);
      }
      this.onNotice(notice);
    };
  }

  stop() {
    this.stopped = true;
    if (this.socket) this.socket.close();
  }
  show(alarm, sound) {
    const el = this.el;
    const old = this.shown.get(alarm.id);
    const card = el('div', {class: 'alarm ' + (alarm.drill ? 'drill' : 'critical'), 'data-alarm': alarm.id,
      'data-state': alarm.state},
    el('h3', {}, alarm.drill ? t('drill') : t('alarm'), ' · ', t('kinds')[alarm.kind] || alarm.kind, ' · ',
      t('states')[alarm.state]),
    el('p', {}, t('point'), ' ', alarm.pointCode),
    el('p', {}, t('raisedAt'), ' ', new Date(alarm.raisedAt).toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN')),
    alarm.detail ? el('p', {}, alarm.detail) : null,
    alarm.snapshot && alarm.eventId ? el('img', {class: 'alarm-image', alt: t('image'),
      src: tokenUrl('/api/v1/events/' + alarm.eventId + '/images/' + alarm.snapshot)}) : null,
    alarm.escalatedAt ? el('p', {class: 'escalated'}, t('escalated')) : null,
    el('p', {class: 'muted'}, t('linked'), ' (', (alarm.linkedPoints || []).length, ')'),
    el('div', {class: 'actions'},
      alarm.state === 'OPEN' ? el('button', {type: 'button', class: 'ack', onclick: () => api.ackAlarm(alarm.id)},
        t('ack')) : null,
      alarm.state !== 'CLOSED' ? el('button', {type: 'button', class: 'close-alarm',
        onclick: () => api.closeAlarm(alarm.id)}, t('closeAlarm')) : null,
      el('button', {type: 'button', class: 'link', onclick: () => this.hide(alarm.id)}, t('dismiss'))));
    if (old) old.replaceWith(card);
    else this.box.prepend(card);
    this.shown.set(alarm.id, card);
    if (sound && alarm.state === 'OPEN') beep(alarm.drill ? 1 : 3);
  }

  hide(id) {
    const card = this.shown.get(id);
    if (card) card.remove();
    this.shown.delete(id);
  }
}
