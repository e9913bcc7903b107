/** SIP (RFC 3261) as GB/T 28181 uses it: messages, their parsing and writing over UDP and TCP. */
package org.sharpeyes.adapters.gb28181.sip;
