"""Calls a simulated ONVIF camera with zeep, a SOAP client no one here wrote: WS-UsernameToken digest, device
information, profiles, the stream address of the first profile, and a ContinuousMove. Prints one line per answer."""
import sys

from zeep import Client, Settings
from zeep.wsse.username import UsernameToken

wsdl, device_url, media_url, ptz_url, username, password = sys.argv[1:7]
client = Client(wsdl, wsse=UsernameToken(username, password, use_digest=True), settings=Settings(strict=True))
device = client.create_service("{http://www.onvif.org/ver10/device/wsdl}DeviceBinding", device_url)
info = device.GetDeviceInformation()
print("device", info.Manufacturer, "|", info.Model, "|", info.SerialNumber)
media = client.create_service("{http://www.onvif.org/ver10/device/wsdl}MediaBinding", media_url)
profiles = media.GetProfiles()
print("profiles", ",".join(p.token for p in profiles))
uri = media.GetStreamUri(StreamSetup={"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}},
                         ProfileToken=profiles[0].token)
print("stream", uri.Uri)
ptz = client.create_service("{http://www.onvif.org/ver10/device/wsdl}PTZBinding", ptz_url)
ptz.ContinuousMove(ProfileToken=profiles[0].token, Velocity={"PanTilt": {"x": 0.5, "y": 0.0}}, Timeout="PT1S")
print("moved")
