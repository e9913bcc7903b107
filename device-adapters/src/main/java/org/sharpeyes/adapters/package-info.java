/** Protocol codecs and vendor dialect adapters: bytes in, typed messages or device events out, no domain state. */
package org.sharpeyes.adapters;
