package ionas.experiments.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** Reading rendered charts back in tests: decoding, colour matching, locating a line's pixels. */
final class Pixels {
    private Pixels() {}

    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    static BufferedImage read(Path png) throws IOException {
        byte[] bytes = Files.readAllBytes(png);
        if (!Arrays.equals(Arrays.copyOf(bytes, 8), PNG_SIGNATURE)) throw new AssertionError(png + " is not a PNG");
        BufferedImage image = ImageIO.read(png.toFile());
        if (image == null) throw new AssertionError(png + " does not decode");
        return image;
    }

    /** Whether the pixel at (x, y) is within {@code tol} of {@code c} in every channel. */
    static boolean near(BufferedImage img, int x, int y, Color c, int tol) {
        int rgb = img.getRGB(x, y);
        return Math.abs(((rgb >> 16) & 0xff) - c.getRed()) <= tol
                && Math.abs(((rgb >> 8) & 0xff) - c.getGreen()) <= tol
                && Math.abs((rgb & 0xff) - c.getBlue()) <= tol;
    }

    static int count(BufferedImage img, Color c, int tol) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if (near(img, x, y, c, tol)) n++;
        }
        return n;
    }

    /** {@code c} painted with opacity {@code alpha} (0-255) over white. */
    static Color overWhite(Color c, int alpha) {
        double a = alpha / 255.0;
        return new Color((int) Math.round(c.getRed() * a + 255 * (1 - a)),
                (int) Math.round(c.getGreen() * a + 255 * (1 - a)),
                (int) Math.round(c.getBlue() * a + 255 * (1 - a)));
    }

    /**
     * For each column, the mean row of the pixels of colour {@code c}, or NaN; only the first run of
     * columns that have such pixels counts (later runs are the legend's sample line).
     */
    static double[] lineRows(BufferedImage img, Color c) {
        double[] rows = new double[img.getWidth()];
        Arrays.fill(rows, Double.NaN);
        boolean started = false;
        for (int x = 0; x < img.getWidth(); x++) {
            double sum = 0;
            int n = 0;
            for (int y = 0; y < img.getHeight(); y++) {
                if (near(img, x, y, c, 10)) {
                    sum += y;
                    n++;
                }
            }
            if (n == 0 && started) break;
            if (n > 0) {
                started = true;
                rows[x] = sum / n;
            }
        }
        return rows;
    }
}
