package org.sharpeyes.sim.camera;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.SplittableRandom;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** The simulated camera's picture: its point code and a running clock over a moving bar, so a screenshot proves which camera is live and that it moves. */
final class CameraPicture {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final BufferedImage image;
    private final String pointCode;
    private final PtzPosition ptz;
    private final SplittableRandom grain;

    /** A picture that shows {@code ptz}'s position too, unless it is null. */
    CameraPicture(String pointCode, int width, int height, PtzPosition ptz) {
        this(pointCode, width, height, ptz, false);
    }

    /** With {@code grain}, the background is random grain, new in every frame. */
    CameraPicture(String pointCode, int width, int height, PtzPosition ptz, boolean grain) {
        this.pointCode = pointCode;
        this.ptz = ptz;
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        this.grain = grain ? new SplittableRandom(pointCode.hashCode()) : null;
    }

    /**
     * The dark background with faint grain (up to 8 levels either way), new in every pixel of every frame, as a street
     * camera's sensor gives at night: costly for an encoder, yet compressible to a camera's bitrate. Grain over the
     * whole range of a byte is noise no encoder can fit into 2 Mbit/s (openh264 made 40 Mbit/s of it).
     */
    private void sprinkleGrain(byte[] pixels) {
        grain.nextBytes(pixels);
        for (int i = 0; i < pixels.length; i += 3) {
            pixels[i] = (byte) (70 + (pixels[i] & 0x0F) - 8);
            pixels[i + 1] = (byte) (40 + (pixels[i + 1] & 0x0F) - 8);
            pixels[i + 2] = (byte) (20 + (pixels[i + 2] & 0x0F) - 8);
        }
    }

    /** Draws frame {@code n} at {@code time} into the one reused image and returns it. */
    BufferedImage render(long n, LocalTime time) {
        int width = image.getWidth();
        int height = image.getHeight();
        Graphics2D g = image.createGraphics();
        try {
            if (grain == null) {
                g.setColor(new Color(20, 40, 70));
                g.fillRect(0, 0, width, height);
            } else {
                sprinkleGrain(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
            }
            g.setColor(new Color(60, 120, 200));
            int bar = (int) (n * 8 % (width + 80)) - 80;
            g.fillRect(bar, 0, 80, height);
            g.setColor(Color.WHITE);
            int codeHeight = Math.max(10, height / 14);
            int codeWidth = SegmentDisplay.draw(g, pointCode, 0, -1000, codeHeight);
            SegmentDisplay.draw(g, pointCode, Math.max(4, (width - codeWidth) / 2), height / 5, codeHeight);
            int clockHeight = Math.max(12, height / 7);
            g.setColor(Color.YELLOW);
            String clock = time.format(CLOCK);
            int clockWidth = SegmentDisplay.draw(g, clock, 0, -1000, clockHeight);
            SegmentDisplay.draw(g, clock, Math.max(4, (width - clockWidth) / 2), height / 2, clockHeight);
            if (ptz != null) {
                g.setColor(Color.GREEN);
                String position = ptz.display();
                int ptzWidth = SegmentDisplay.draw(g, position, 0, -1000, codeHeight);
                SegmentDisplay.draw(g, position, Math.max(4, (width - ptzWidth) / 2), height * 4 / 5, codeHeight);
            }
        } finally {
            g.dispose();
        }
        return image;
    }
}
