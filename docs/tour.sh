#!/usr/bin/env bash
# The tour of docs/tour.md, runnable against a hub started with --demo on a fresh data directory:
#   ADMIN_PASSWORD=… bash docs/tour.sh            (H, R and M name another hub's HTTP, RTSP and MQTT addresses)
# It needs curl, jq, mosquitto_pub and ffprobe, stops at the first HTTP status the tour did not expect (any non-2xx,
# or a line's own EXPECT), and removes what it registered, so that it can run again.
set -euo pipefail
[ -f docs/points.csv ] || cd "$(dirname "$0")/.."   # the files it sends are under docs/; run it from where they are

curl() {
  local written rc=0
  { written=$(command curl --write-out '%{stderr}%{http_code}' "$@" 2>&1 >&3) || rc=$?; } 3>&1
  local status=${written: -3}
  printf '%s' "${written%???}" >&2
  if [ "$rc" -ne 0 ]; then
    echo "tour: curl failed (exit $rc): curl $*" >&2
    return 1
  fi
  # shellcheck disable=SC2053 # EXPECT is a pattern on purpose (2?? by default)
  if [[ $status != ${EXPECT:-2??} ]]; then
    echo "tour: HTTP $status where ${EXPECT:-2xx} was expected: curl $*" >&2
    return 1
  fi
  local arg
  for arg in "$@"; do
    case $arg in *://*) echo "tour: HTTP $status ${arg%%\?token=*}" >&2; break ;; esac
  done
}

# ---- from here on, the code blocks of docs/tour.md, in order (a test keeps them the same) ----
H=${H:-http://127.0.0.1:8080}; R=${R:-rtsp://127.0.0.1:8554}; M=${M:-1884}   # the hub's HTTP, RTSP and MQTT ports
# log in (every route but login, /health and /metrics needs the token); jq picks fields out of the JSON
T=$(curl -s -X POST $H/api/v1/auth/login -H 'Content-Type: application/json' \
      -d '{"username":"township","password":"sharpeyes"}' | jq -r .token)
curl -s -H "Authorization: Bearer $T" $H/api/v1/auth/me                         # your center, tier, role, what you may do
# regions: the tree from your center down, and a region's counts and online rate
curl -s -H "Authorization: Bearer $T" $H/api/v1/regions
curl -s -H "Authorization: Bearer $T" $H/api/v1/regions/510122001/stats
# points: filter by region subtree, type, source, status, text; page from 1
curl -s -H "Authorization: Bearer $T" "$H/api/v1/points?region=510122001001&type=CAMERA&source=SHARP_EYES&page=1&size=20"
curl -s -G -H "Authorization: Bearer $T" "$H/api/v1/points" --data-urlencode "q=红星村"   # non-ASCII text: let curl encode it
curl -s -H "Authorization: Bearer $T" "$H/api/v1/points?status=OFFLINE&sort=lastSeen&size=10"   # silent longest first
curl -s -H "Authorization: Bearer $T" "$H/api/v1/points/map"   # [code, lat, lon, status] of each, and region labels
# outside your region is 404, exactly like a code no point has: another township's camera, a region not yours
EXPECT=404 curl -s -H "Authorization: Bearer $T" $H/api/v1/points/51012202011320000003
EXPECT=404 curl -s -H "Authorization: Bearer $T" "$H/api/v1/points?region=510122002"
# register, edit, remove a point (ADMIN or INSTALLER, inside their region)
I=$(curl -s -X POST $H/api/v1/auth/login -H 'Content-Type: application/json' \
      -d '{"username":"installer","password":"sharpeyes"}' | jq -r .token)
curl -s -X POST -H "Authorization: Bearer $I" -H 'Content-Type: application/json' $H/api/v1/points -d '{
  "code":"51012201011320900001","name":"东升街道新路口","type":"CAMERA","region":"510122001",
  "source":"SHARP_EYES","lat":30.3,"lon":103.7,"streamUrl":"rtsp://admin:secret@10.1.2.3:554/live"}'
curl -s -X PATCH -H "Authorization: Bearer $I" -H 'Content-Type: application/json' \
  $H/api/v1/points/51012201011320900001 -d '{"name":"东升街道新路口(改)"}'   # only what it names; null clears a field
# PUT /api/v1/points/{code} replaces the whole point: fields it leaves out (streamUrl, lat, lon …) are cleared
curl -s -X DELETE -H "Authorization: Bearer $I" $H/api/v1/points/51012201011320900001
# import a spreadsheet (UTF-8 with or without BOM, or GBK); ?mode=all-or-nothing imports nothing if a row is bad
curl -s -X POST -H "Authorization: Bearer $I" -H 'Content-Type: text/csv' --data-binary @docs/points.csv \
  "$H/api/v1/points/import"                                                     # 2 imported, line 4 refused (and why)
# operators (ADMIN): list, create, set a password (your own needs currentPassword too)
A=$(curl -s -X POST $H/api/v1/auth/login -H 'Content-Type: application/json' \
      -d '{"username":"admin","password":"'"${ADMIN_PASSWORD:?the admin password the hub printed}"'"}' | jq -r .token)
curl -s -H "Authorization: Bearer $A" $H/api/v1/operators
curl -s -X POST -H "Authorization: Bearer $A" -H 'Content-Type: application/json' $H/api/v1/operators \
  -d '{"username":"zhang.san","password":"at-least-8","center":"510122001001","role":"OPERATOR"}'
curl -s -X PUT -H "Authorization: Bearer $A" -H 'Content-Type: application/json' \
  $H/api/v1/operators/zhang.san/password -d '{"password":"a-new-secret"}'
# health and metrics, no login
curl -s $H/health; curl -s $H/metrics | grep -c '^hub_'
CODE=$(curl -s -H "Authorization: Bearer $T" "$H/api/v1/points?type=CAMERA&size=1" | jq -r '.items[0].code')
ffprobe -v error -show_entries stream=codec_name,width,height -rtsp_transport tcp "$R/live/$CODE?token=$T"   # or ffplay, VLC
ffprobe -v error -show_entries stream=codec_name,width,height "$H/live/$CODE.flv?token=$T"   # HTTP-FLV
# ws://127.0.0.1:8080/live/$CODE.flv?token=$T: WebSocket-FLV; …/live/$CODE.mp4: fragmented MP4 (init, then moof+mdat per sample) for MSE
curl -s -o snap.jpg "$H/api/v1/points/$CODE/snapshot?token=$T"                 # a current JPEG
# the simulated devices of 锦绣小区 publish at once (the township login sees them, the village login does not)
curl -s -H "Authorization: Bearer $T" "$H/api/v1/events?region=510122001201&size=5"
# a gate registered with MQTT credentials (username gate-01 is only a label: devices log in as their code or serial)
curl -s -X POST -H "Authorization: Bearer $I" -H 'Content-Type: application/json' $H/api/v1/points -d '{
  "code":"51012201011410900001","name":"红星小区东门道闸","type":"BARRIER_GATE","region":"510122001",
  "source":"COMMUNITY","username":"gate-01","password":"gate-secret","serial":"e3a1-77f0"}'
# the client id (-i) must be the device's own code or serial: another's would take over that device's session
mosquitto_pub -p $M -i e3a1-77f0 -u e3a1-77f0 -P gate-secret -q 1 -t devices/gate/51012201011410900001/event \
  -m '{"eventId":"g-1","event":"PASS","direction":"IN","plate":"川A·88K21","plateColor":"blue"}'
until curl -s -H "Authorization: Bearer $T" "$H/api/v1/events?point=51012201011410900001" | grep -q '"g-1"'; do
  sleep 0.2                                                                     # stored in batches, within about 0.1 s
done
curl -s -H "Authorization: Bearer $T" "$H/api/v1/events?type=VEHICLE_PASS"        # newest first, your region only
curl -s -H "Authorization: Bearer $T" "$H/api/v1/events?plate=a88k"              # any part of a plate, either case
curl -s -H "Authorization: Bearer $T" "$H/api/v1/events/hourly?hours=24"          # events per hour in your region
E=$(curl -s -H "Authorization: Bearer $T" "$H/api/v1/events?point=51012201011410900001" | jq -r '.items[0].id')
curl -s -H "Authorization: Bearer $T" "$H/api/v1/events/$E"                      # one event (pictures: …/images/{ref},
# a ref from its attributes.imageRefs)
curl -s -H "Authorization: Bearer $A" "$H/api/v1/events/dead-letters"             # hub-wide admin: what could not be read
# ws://127.0.0.1:8080/api/v1/events/live?token=$T&region=510122001&type=VEHICLE_PASS,ONE_KEY_ALARM : events as they are stored
curl -s -X POST -H "Authorization: Bearer $T" -H 'Content-Type: application/json' \
  $H/api/v1/points/51012201011410900001/gate -d '{"action":"open"}'             # 202; 409 until the gate has reported once
# devices that push over HTTP log in with Basic auth (the device's code or serial and password):
curl -s -u e3a1-77f0:gate-secret -X POST --data-binary @docs/alert.xml "$H/api/v1/ingest/isapi?deviceId=e3a1-77f0"
V=$(curl -s -X POST $H/api/v1/auth/login -H 'Content-Type: application/json' \
      -d '{"username":"village","password":"sharpeyes"}' | jq -r .token)
C=$(curl -s -X POST $H/api/v1/auth/login -H 'Content-Type: application/json' \
      -d '{"username":"county","password":"sharpeyes"}' | jq -r .token)
curl -s -H "Authorization: Bearer $V" $H/api/v1/centers                          # your center and those below it
W=$(curl -s -H "Authorization: Bearer $V" $H/api/v1/walls | jq '.[0].id')        # your center's walls (a 4-tile main wall to start)
curl -s -X PUT -H "Authorization: Bearer $V" $H/api/v1/walls/$W/layout -d '{"layout":9}'   # 1, 4, 6, 9, 16 or 25 tiles
curl -s -X PUT -H "Authorization: Bearer $V" $H/api/v1/walls/$W/tiles/2 -d '{"pointCode":"51012201011320000001"}'
curl -s -X PUT -H "Authorization: Bearer $V" $H/api/v1/walls/$W/tiles/3 \
  -d '{"tour":{"points":["51012201011320000001","51012201011320000002"],"seconds":10}}'   # a tile that cycles
curl -s -X PUT -H "Authorization: Bearer $V" $H/api/v1/walls/$W/layouts/night      # save the wall as it is, as "night"
curl -s -X POST -H "Authorization: Bearer $V" $H/api/v1/walls/$W/layouts/night/recall  # back to it (GET …/layouts lists them)
# ws://127.0.0.1:8080/api/v1/walls/$W/live?token=$V : the wall now, then after every change (layout, tiles, tours, pushes, alarms)
# ws://127.0.0.1:8080/api/v1/dispatch/live?token=$V : notices for your center (alarms, pushes, shares, PTZ take-overs)
curl -s -X POST -H "Authorization: Bearer $C" $H/api/v1/dispatch/push \
  -d '{"pointCode":"51012202011320000003","toCenter":"510122001001","tile":1}'  # the village may watch it while it is on its wall
ffprobe -v error -show_entries stream=codec_name "$H/live/51012202011320000003.flv?token=$V"   # it plays for the village
curl -s -X POST -H "Authorization: Bearer $V" $H/api/v1/dispatch/share-up \
  -d '{"pointCode":"51012201011320000002","note":"路口拥堵"}'                   # the township and the county see it
# PTZ: one lock per camera; a higher tier takes it at once, and the center that held it is told
curl -s -X POST -H "Authorization: Bearer $V" $H/api/v1/points/51012201011320000001/ptz -d '{"action":"left","speed":0.5}'
curl -s -X POST -H "Authorization: Bearer $T" $H/api/v1/points/51012201011320000001/ptz -d '{"action":"zoomIn"}'
EXPECT=409 curl -s -X POST -H "Authorization: Bearer $V" $H/api/v1/points/51012201011320000001/ptz \
  -d '{"action":"right"}'                             # 409 {"error":"ptz_locked","holder":{…}}: the township holds it
curl -s -X DELETE -H "Authorization: Bearer $T" $H/api/v1/points/51012201011320000001/ptz   # let it go
# Presets (the demo's village PTZ cameras are ONVIF devices): save where it points, go back to it, remove it
P=$(curl -s -X POST -H "Authorization: Bearer $V" $H/api/v1/points/51012201011320000001/presets -d '{"name":"桥头"}' | jq -r .token)
curl -s -H "Authorization: Bearer $V" $H/api/v1/points/51012201011320000001/presets   # {"presets":[{"token":…,"name":"桥头",…}]}
curl -s -X POST -H "Authorization: Bearer $V" $H/api/v1/points/51012201011320000001/ptz -d "{\"action\":\"preset\",\"token\":\"$P\"}"
curl -s -X DELETE -H "Authorization: Bearer $V" $H/api/v1/points/51012201011320000001/presets/$P
S=$(curl -s -X POST $H/api/v1/auth/login -H 'Content-Type: application/json' \
      -d '{"username":"supervisor","password":"sharpeyes"}' | jq -r .token)
# a one-key alarm box at 红星小学's gate, the cameras its alarm opens (a supervisor sets them), and a press
curl -s -X POST -H "Authorization: Bearer $I" -H 'Content-Type: application/json' $H/api/v1/points -d '{
  "code":"51012201011340900001","name":"红星小学东门一键报警","type":"ONE_KEY_ALARM","region":"510122001001",
  "source":"SHARP_EYES","lat":30.3083,"lon":103.7101,"password":"box-secret"}'
curl -s -X PUT -H "Authorization: Bearer $S" $H/api/v1/points/51012201011340900001/links \
  -d '{"cameras":["51012201011320000001","51012201011320000002"]}'
mosquitto_pub -p $M -i 51012201011340900001 -u 51012201011340900001 -P box-secret -q 1 \
  -t devices/alarm/51012201011340900001/sos \
  -m '{"deviceId":"51012201011340900001","alarmId":"sos-'$(date +%s)'","alarmType":"SOS","zone":"红星小学 东门"}'
until ALARM=$(curl -s -H "Authorization: Bearer $V" "$H/api/v1/alarms?state=OPEN" \
      | jq -er '.items[] | select(.pointCode == "51012201011340900001") | .id'); do sleep 0.2; done
curl -s -H "Authorization: Bearer $V" "$H/api/v1/alarms?state=OPEN"              # alarms raised at your center (&scope=subtree: all below)
curl -s -H "Authorization: Bearer $V" $H/api/v1/walls/$W                         # its two cameras, from tile 1
curl -s -X POST -H "Authorization: Bearer $V" $H/api/v1/alarms/$ALARM/ack -d '{"comment":"已派警"}'
curl -s -X POST -H "Authorization: Bearer $V" $H/api/v1/alarms/$ALARM/comment -d '{"text":"民警已到场"}'
curl -s -X POST -H "Authorization: Bearer $V" $H/api/v1/alarms/$ALARM/close -d '{"comment":"学生误按, 已复位"}'
# unacknowledged for dispatch.escalateSeconds, an alarm is raised at the county too; GET /api/v1/alarms/{id}: its notes
# the audit log (SUPERVISOR: its subtree); a + typed into a URL arrives as a space, and is read as a +
curl -s -H "Authorization: Bearer $S" "$H/api/v1/audit?since=$(TZ=Asia/Shanghai date +%F)T00:00:00+08:00&action=PTZ_TAKEN_OVER"
curl -s -H "Authorization: Bearer $S" "$H/api/v1/audit?size=20"                   # newest first: who did what, where
# clean up what the tour registered, so that it can run again; log out
curl -s -X DELETE -H "Authorization: Bearer $I" $H/api/v1/points/51012201011410900001
curl -s -X DELETE -H "Authorization: Bearer $I" $H/api/v1/points/51012201011340900001
curl -s -X DELETE -H "Authorization: Bearer $I" $H/api/v1/points/51012201011320900101
curl -s -X DELETE -H "Authorization: Bearer $I" $H/api/v1/points/51012201011320900102
curl -s -X DELETE -H "Authorization: Bearer $A" $H/api/v1/operators/zhang.san
curl -s -X POST -H "Authorization: Bearer $T" $H/api/v1/auth/logout
