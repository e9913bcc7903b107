/** MPEG-2 program stream (ISO/IEC 13818-1) as GB/T 28181 devices and platforms send it: demuxer and muxer. */
package org.sharpeyes.adapters.gb28181.ps;
