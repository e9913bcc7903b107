package org.sharpeyes.hub.dispatch;

/** Where an alarm stands: raised and waiting, acknowledged by an operator, or closed (by an operator or a CANCEL). */
public enum AlarmState {
    OPEN, ACKNOWLEDGED, CLOSED
}
