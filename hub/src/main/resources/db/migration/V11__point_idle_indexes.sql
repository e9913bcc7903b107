-- What the idle hub asks of every point every 30 s, answered from an index instead of a walk of the table:
-- the self-reporting devices gone silent (by type and status), and the cameras with an ONVIF address.
CREATE INDEX point_type_status ON point (type, status);
CREATE INDEX point_onvif ON point (onvif_url);
