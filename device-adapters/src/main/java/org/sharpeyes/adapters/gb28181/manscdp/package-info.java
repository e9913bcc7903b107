/** MANSCDP, the XML bodies of GB/T 28181 MESSAGEs (queries, responses, notifications, controls), and PTZ commands. */
package org.sharpeyes.adapters.gb28181.manscdp;
