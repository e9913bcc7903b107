package org.sharpeyes.adapters.event;

/** How urgently an event wants a person: one-key alarms and watch-list matches are {@code CRITICAL}. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
