// The UI's words: 简体中文 first, English on request (the choice is kept in the browser).
const WORDS = {
  zh: {
    title: '雪亮工程视频联网平台', username: '用户名', password: '密码', login: '登录', logout: '退出',
    loginFailed: '用户名或密码错误', locked: '账户已锁定，请稍后再试或联系管理员：', expired: '登录已过期，请重新登录',
    center: '中心', role: '角色', tier: { COUNTY: '县级', TOWNSHIP: '乡镇级', VILLAGE: '村级' },
    roles: { OPERATOR: '值班员', SUPERVISOR: '主管', INSTALLER: '安装员', ADMIN: '管理员' },
    regions: '行政区划', search: '搜索点位名称或编码', points: '点位', wall: '电视墙', layout: '分屏',
    online: '在线', offline: '离线', unknown: '未知', empty: '空闲', clear: '关闭', fullscreen: '全屏',
    noVideo: '无视频', connecting: '连接中…', unsupported: '此浏览器无法解码该码流，请用 RTSP 播放：',
    language: 'English', of: '/', total: '共', more: '更多',
    alarm: '告警', drill: '演练', ack: '确认', closeAlarm: '结束告警', dismiss: '收起', acknowledged: '已确认',
    escalated: '已上报县级', raisedAt: '时间', point: '点位', linked: '联动摄像机已在电视墙上打开',
    states: { OPEN: '未处理', ACKNOWLEDGED: '已确认', CLOSED: '已结束' },
    kinds: { ONE_KEY_ALARM: '一键报警', FACE_MATCH: '布控比中' },
    ptz: { up: '上', down: '下', left: '左', right: '右', zoomIn: '放大', zoomOut: '缩小' }, speed: '速度',
    ptzHeld: '云台正由 {user}（{center}，{tier}）控制', ptzNotGranted: '该点位为上级推送，未授权云台控制',
    events: '事件', searchEvents: '查询', allTypes: '全部类型', pointCode: '点位编码', time: '时间', type: '类型',
    detail: '内容', openGate: '开闸', gateOpened: '开闸指令已下发',
    eventTypes: { VEHICLE_PASS: '车辆通行', PLATE_READ: '车牌识别', FACE_CAPTURE: '人脸抓拍', FACE_MATCH: '人脸比中',
      ONE_KEY_ALARM: '一键报警', GATE_STATE: '道闸状态', DEVICE_STATUS: '设备状态', DEVICE_FAULT: '设备故障' },
  },
  en: {
    title: 'Sharp Eyes Hub', username: 'Username', password: 'Password', login: 'Log in', logout: 'Log out',
    loginFailed: 'Wrong username or password', locked: 'This account is locked; try later or ask an administrator: ',
    expired: 'Your login has expired; log in again',
    center: 'Center', role: 'Role', tier: { COUNTY: 'County', TOWNSHIP: 'Township', VILLAGE: 'Village' },
    roles: { OPERATOR: 'Operator', SUPERVISOR: 'Supervisor', INSTALLER: 'Installer', ADMIN: 'Administrator' },
    regions: 'Regions', search: 'Search points by name or code', points: 'Points', wall: 'Video wall',
    layout: 'Layout', online: 'online', offline: 'offline', unknown: 'unknown', empty: 'free', clear: 'Close',
    fullscreen: 'Full screen', noVideo: 'No video', connecting: 'Connecting…',
    unsupported: 'This browser cannot decode the stream; play it over RTSP: ', language: '中文', of: '/',
    total: 'total', more: 'More',
    alarm: 'Alarm', drill: 'Drill', ack: 'Acknowledge', closeAlarm: 'Close alarm', dismiss: 'Hide',
    acknowledged: 'Acknowledged', escalated: 'Escalated to the county', raisedAt: 'Time', point: 'Point',
    linked: 'Its linked cameras are open on the wall',
    states: { OPEN: 'open', ACKNOWLEDGED: 'acknowledged', CLOSED: 'closed' },
    kinds: { ONE_KEY_ALARM: 'one-key alarm', FACE_MATCH: 'watch-list match' },
    ptz: { up: 'Up', down: 'Down', left: 'Left', right: 'Right', zoomIn: 'Zoom in', zoomOut: 'Zoom out' },
    speed: 'Speed', ptzHeld: 'PTZ is held by {user} ({center}, {tier})',
    ptzNotGranted: 'This camera was pushed to you to watch; PTZ was not granted',
    events: 'Events', searchEvents: 'Search', allTypes: 'All types', pointCode: 'Point code', time: 'Time',
    type: 'Type', detail: 'Detail', openGate: 'Open gate', gateOpened: 'Open command sent',
    eventTypes: { VEHICLE_PASS: 'vehicle pass', PLATE_READ: 'plate read', FACE_CAPTURE: 'face capture',
      FACE_MATCH: 'face match', ONE_KEY_ALARM: 'one-key alarm', GATE_STATE: 'gate state',
      DEVICE_STATUS: 'device status', DEVICE_FAULT: 'device fault' },
  },
};

const KEY = 'sharpeyes.lang';

export function lang() {
  return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh';
}

export function switchLang() {
  localStorage.setItem(KEY, lang() === 'en' ? 'zh' : 'en');
}

export function t(key) {
  return WORDS[lang()][key];
}
