/** Device simulators that reach the hub only over the network, so the whole system runs without hardware. */
package org.sharpeyes.sim;
