package org.sharpeyes.sim.camera;

import java.awt.Graphics2D;

/**
 * Draws digits, ':', '.', and '-' as seven-segment figures with plain rectangles, so the simulator's picture needs
 * no installed font (a fresh server often has none).
 */
final class SegmentDisplay {

    //  Segments a-g as bits 0-6: a top, b top right, c bottom right, d bottom, e bottom left, f top left, g middle.
    private static final int[] DIGITS = {0x3F, 0x06, 0x5B, 0x4F, 0x66, 0x6D, 0x7D, 0x07, 0x7F, 0x6F};

    private SegmentDisplay() {
    }

    /** Draws {@code text} from {@code (x, y)} with digits {@code height} pixels tall; returns the width drawn. */
    static int draw(Graphics2D g, String text, int x, int y, int height) {
        int width = height / 2;
        int stroke = Math.max(2, height / 10);
        int cursor = x;
        for (char c : text.toCharArray()) {
            if (c >= '0' && c <= '9') {
                drawDigit(g, DIGITS[c - '0'], cursor, y, width, height, stroke);
                cursor += width + stroke * 2;
            } else if (c == ':') {
                g.fillRect(cursor, y + height / 3 - stroke / 2, stroke, stroke);
                g.fillRect(cursor, y + 2 * height / 3 - stroke / 2, stroke, stroke);
                cursor += stroke * 3;
            } else if (c == '.') {
                g.fillRect(cursor, y + height - stroke, stroke, stroke);
                cursor += stroke * 3;
            } else if (c == '-') {
                g.fillRect(cursor, y + height / 2 - stroke / 2, width, stroke);
                cursor += width + stroke * 2;
            } else {
                cursor += width;
            }
        }
        return cursor - x;
    }

    private static void drawDigit(Graphics2D g, int segments, int x, int y, int w, int h, int s) {
        int half = h / 2;
        if ((segments & 0x01) != 0) {
            g.fillRect(x, y, w, s);
        }
        if ((segments & 0x02) != 0) {
            g.fillRect(x + w - s, y, s, half);
        }
        if ((segments & 0x04) != 0) {
            g.fillRect(x + w - s, y + half, s, half);
        }
        if ((segments & 0x08) != 0) {
            g.fillRect(x, y + h - s, w, s);
        }
        if ((segments & 0x10) != 0) {
            g.fillRect(x, y + half, s, half);
        }
        if ((segments & 0x20) != 0) {
            g.fillRect(x, y, s, half);
        }
        if ((segments & 0x40) != 0) {
            g.fillRect(x, y + half - s / 2, w, s);
        }
    }
}
