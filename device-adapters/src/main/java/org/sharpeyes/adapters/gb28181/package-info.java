/** GB/T 28181 wire formats: MPEG program stream (PS) as devices carry video over RTP, and its RTP framing. */
package org.sharpeyes.adapters.gb28181;
