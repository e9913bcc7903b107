/**
 * GB/T 28181 device access: the hub as SIP server (transport, transactions, registration with digest, keepalive)
 * for cameras, NVRs and lower platforms.
 */
package org.sharpeyes.hub.gb28181;
