// Plays a point's live fragmented MP4 (ws://…/live/{code}.mp4) through Media Source Extensions, no plugin. It keeps
// close to the live edge: whenever it falls more than LAG seconds behind (a background tab, a slow machine, a
// stall) it jumps to the newest buffered picture, and trims what lies behind. A lost stream is retried by itself, and
// so is one that stops bringing or showing pictures (the hub keeps the socket open while it reconnects a camera):
// the tile says the signal is lost until pictures come again.
import { api, socketUrl, token } from './api.js';
import { t } from './i18n.js';

const LAG = 0.5;
const KEEP = 4;
const RETRY_MS = 2000;
// A live camera sends several pictures a second: this long without a byte means the signal is gone.
const SILENCE_MS = 3000;

function codecsOf(init) {
  const bytes = new Uint8Array(init);
  const at = (name) => {
    for (let i = 0; i + 4 <= bytes.length; i++) {
      if (String.fromCharCode(bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]) === name) return i;
    }
    return -1;
  };
  const hex = (b) => b.toString(16).padStart(2, '0');
  const list = [];
  const avcC = at('avcC');
  if (avcC >= 0) list.push('avc1.' + hex(bytes[avcC + 5]) + hex(bytes[avcC + 6]) + hex(bytes[avcC + 7]));
  if (at('hvcC') >= 0) list.push('hvc1.1.6.L93.B0');
  if (at('mp4a') >= 0) list.push('mp4a.40.2');
  return list.join(',');
}

export class Player {
  constructor(video, pointCode, onState) {
    this.video = video;
    this.pointCode = pointCode;
    this.onState = onState;
    this.closed = false;
    this.start();
  }

  start() {
    if (this.closed) return;
    this.onState(this.lost ? 'lost' : 'connecting');
    const source = new MediaSource();
    this.source = source;
    this.video.src = URL.createObjectURL(source);
    source.addEventListener('sourceopen', () => this.open(source), {once: true});
    this.video.play().catch(() => {});
  }

  open(source) {
    const queue = [];
    let buffer = null;
    const pump = () => {
      if (!buffer || buffer.updating || !queue.length) return;
      try {
        buffer.appendBuffer(queue.shift());
      } catch (e) {
        this.restart();
      }
    };
    const socket = new WebSocket(socketUrl('/live/' + encodeURIComponent(this.pointCode) + '.mp4'));
    this.socket = socket;
    socket.binaryType = 'arraybuffer';
    // Armed by the first bytes only: a cold camera with a long GOP may take seconds to its first key frame. Bytes
    // that come but do not play (a camera back with new timestamps) count as silence too.
    let heard = null;
    let moved = null;
    let shown = -1;
    this.watch = setInterval(() => {
      const now = performance.now();
      if (heard === null) return;
      // A picture the browser itself holds still (a hidden tab, a muted video off screen) is not a stall.
      if (moved === null || this.video.currentTime !== shown || this.video.paused || document.hidden) {
        shown = this.video.currentTime;
        moved = now;
      }
      if (now - heard > SILENCE_MS || now - moved > SILENCE_MS * 2) this.restart();
    }, 1000);
    socket.onmessage = (event) => {
      heard = performance.now();
      if (!buffer) {
        const type = 'video/mp4; codecs="' + codecsOf(event.data) + '"';
        if (!MediaSource.isTypeSupported(type)) {
          this.close();
          api.uiConfig().then((config) => this.onState('unsupported', 'rtsp://' + location.hostname + ':'
              + config.rtspPort + '/live/' + this.pointCode + '?token=' + encodeURIComponent(token())));
          return;
        }
        buffer = source.addSourceBuffer(type);
        buffer.mode = 'segments';
        buffer.addEventListener('updateend', () => {
          this.keepLive(buffer);
          pump();
        });
      }
      queue.push(event.data);
      pump();
    };
    socket.onclose = () => this.restart();
    this.video.onplaying = () => {
      this.lost = false;
      this.onState('playing');
    };
  }

  keepLive(buffer) {
    const ranges = this.video.buffered;
    if (!ranges.length) return;
    const end = ranges.end(ranges.length - 1);
    if (end - this.video.currentTime > LAG) {
      this.video.currentTime = Math.max(ranges.start(ranges.length - 1), end - 0.05);
    }
    if (!buffer.updating && this.video.currentTime - ranges.start(0) > KEEP * 2) {
      buffer.remove(ranges.start(0), this.video.currentTime - KEEP);
    }
    if (this.video.paused) this.video.play().catch(() => {});
  }

  restart() {
    if (this.closed || this.retrying) return;
    this.retrying = true;
    this.lost = true;
    this.onState('lost');
    this.teardown();
    setTimeout(() => {
      this.retrying = false;
      this.start();
    }, RETRY_MS);
  }

  teardown() {
    clearInterval(this.watch);
    if (this.socket) {
      this.socket.onclose = null;
      this.socket.close();
    }
    this.video.removeAttribute('src');
    this.video.load();
  }

  close() {
    this.closed = true;
    this.teardown();
  }
}

export function stateText(state, detail) {
  if (state === 'connecting') return t('connecting');
  if (state === 'lost') return t('signalLost');
  if (state === 'unsupported') return t('unsupported') + detail;
  return '';
}
