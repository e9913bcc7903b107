// The one place the web UI talks to the hub: every request carries the login token, and every error comes back as
// an ApiError with the hub's own words. No scope or role logic lives here: the UI shows what the API answers.
const TOKEN_KEY = 'sharpeyes.token';

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.detail ? body.detail : 'HTTP ' + status);
    this.status = status;
    this.body = body || {};
  }
}

export function token() {
  return localStorage.getItem(TOKEN_KEY);
}

export function forget() {
  localStorage.removeItem(TOKEN_KEY);
}

async function call(method, path, body) {
  const headers = {'Accept': 'application/json'};
  const t = token();
  if (t) headers['Authorization'] = 'Bearer ' + t;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch('/api/v1' + path, {method, headers, body: body === undefined ? undefined
      : JSON.stringify(body)});
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (notJson) {
    json = null;
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

let uiConfig = null;

export const api = {
  async login(username, password) {
    const session = await call('POST', '/auth/login', {username, password});
    localStorage.setItem(TOKEN_KEY, session.token);
    return session;
  },
  async logout() {
    try {
      await call('POST', '/auth/logout', {});
    } finally {
      forget();
    }
  },
  me: () => call('GET', '/auth/me'),
  regions: () => call('GET', '/regions'),
  regionStats: (code) => call('GET', '/regions/' + encodeURIComponent(code) + '/stats'),
  points: (query) => call('GET', '/points?' + new URLSearchParams(query)),
  point: (code) => call('GET', '/points/' + encodeURIComponent(code)),
  ptz: (code, action, speed) => call('POST', '/points/' + encodeURIComponent(code) + '/ptz', {action, speed}),
  presets: (code) => call('GET', '/points/' + encodeURIComponent(code) + '/presets'),
  savePreset: (code, name) => call('POST', '/points/' + encodeURIComponent(code) + '/presets', {name}),
  gotoPreset: (code, token) => call('POST', '/points/' + encodeURIComponent(code) + '/ptz', {action: 'preset', token}),
  walls: () => call('GET', '/walls'),
  setLayout: (wall, layout) => call('PUT', '/walls/' + wall + '/layout', {layout}),
  setTile: (wall, tile, pointCode) => call('PUT', '/walls/' + wall + '/tiles/' + tile,
      pointCode ? {pointCode} : {}),
  savedLayouts: (wall) => call('GET', '/walls/' + wall + '/layouts'),
  saveLayout: (wall, name) => call('PUT', '/walls/' + wall + '/layouts/' + encodeURIComponent(name), {}),
  recallLayout: (wall, name) => call('POST', '/walls/' + wall + '/layouts/' + encodeURIComponent(name) + '/recall',
      {}),
  setTour: (wall, tile, points, seconds) => call('PUT', '/walls/' + wall + '/tiles/' + tile,
      {tour: {points, seconds}}),
  events: (query) => call('GET', '/events?' + new URLSearchParams(query)),
  hourly: (query) => call('GET', '/events/hourly?' + new URLSearchParams(query || {})),
  pointsMap: () => call('GET', '/points/map'),
  createPoint: (point) => call('POST', '/points', point),
  patchPoint: (code, point) => call('PATCH', '/points/' + encodeURIComponent(code), point),
  deletePoint: (code) => call('DELETE', '/points/' + encodeURIComponent(code)),
  centers: () => call('GET', '/centers'),
  operators: () => call('GET', '/operators'),
  audit: (query) => call('GET', '/audit?' + new URLSearchParams(query)),
  links: (code) => call('GET', '/points/' + encodeURIComponent(code) + '/links'),
  setLinks: (code, cameras) => call('PUT', '/points/' + encodeURIComponent(code) + '/links', {cameras}),
  push: (pointCode, toCenter, tile) => call('POST', '/dispatch/push', tile ? {pointCode, toCenter, tile}
      : {pointCode, toCenter}),
  shareUp: (pointCode) => call('POST', '/dispatch/share-up', {pointCode}),
  /** The site's settings for the page (map tiles, the RTSP port), read once. */
  uiConfig: () => uiConfig || (uiConfig = fetch('/ui.json').then((response) => response.json())),
  /** Uploads a CSV file for import, reporting upload progress (0..1) as it goes; resolves to the hub's answer. */
  importCsv(file, mode, onProgress) {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('POST', '/api/v1/points/import' + (mode ? '?mode=' + encodeURIComponent(mode) : ''));
      request.setRequestHeader('Authorization', 'Bearer ' + token());
      request.setRequestHeader('Content-Type', 'text/csv; charset=utf-8');
      request.upload.onprogress = (event) => { if (event.lengthComputable) onProgress(event.loaded / event.total); };
      request.onload = () => {
        let json = null;
        try {
          json = JSON.parse(request.responseText);
        } catch (notJson) {
          json = null;
        }
        if (request.status >= 200 && request.status < 300) resolve(json);
        else reject(new ApiError(request.status, json));
      };
      request.onerror = () => reject(new ApiError(0, {detail: 'network error'}));
      request.send(file);
    });
  },
  openGate: (code) => call('POST', '/points/' + encodeURIComponent(code) + '/gate', {action: 'open'}),
  alarms: (state, scope) => call('GET', '/alarms?' + new URLSearchParams(Object.assign(state ? {state} : {},
      scope ? {scope} : {}, {size: 200}))),
  alarm: (id) => call('GET', '/alarms/' + encodeURIComponent(id)),
  commentAlarm: (id, text) => call('POST', '/alarms/' + encodeURIComponent(id) + '/comment', {text}),
  ackAlarm: (id, comment) => call('POST', '/alarms/' + encodeURIComponent(id) + '/ack', comment ? {comment} : {}),
  closeAlarm: (id) => call('POST', '/alarms/' + encodeURIComponent(id) + '/close', {}),
};

/** An http URL of the hub that a plain element (img, a) can load: the token goes in the query. */
export function tokenUrl(path) {
  return path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token());
}

/** The ws:// URL of a hub socket or stream path, with the login token. */
export function socketUrl(path) {
  const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
  return scheme + location.host + path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token());
}
