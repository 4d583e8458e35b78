package io.medmaas.ui.pages;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** An uploaded picture as the image model takes it: a grid of 8-bit grey levels, resized. */
final class GreyGrid {

  /** Larger pictures are refused before they are decoded. */
  private static final long MAX_BYTES = 5L * 1024 * 1024;

  private GreyGrid() {}

  static int[][] of(Path file, int width, int height) {
    if (width < 1 || height < 1 || width > 512 || height > 512) {
      throw new IllegalArgumentException(
          "This model's card names an image size the page cannot make.");
    }
    if (file == null) {
      throw new IllegalArgumentException("Choose an image (PNG or JPEG).");
    }
    BufferedImage image = read(file);
    if (image == null) {
      throw new IllegalArgumentException(
          "That file is not an image this page can read (PNG or JPEG, at most 4096 pixels a side).");
    }
    BufferedImage grey = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = grey.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, width, height, null);
    g.dispose();
    int[][] pixels = new int[height][width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        pixels[y][x] = grey.getRaster().getSample(x, y, 0);
      }
    }
    return pixels;
  }

  /**
   * The picture, decoded only once its header has shown a size within bounds (a small file can
   * declare a huge picture); null when it is none.
   */
  private static BufferedImage read(Path file) {
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new IllegalArgumentException("The image is over 5 MB.");
      }
      try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
        var readers = ImageIO.getImageReaders(in);
        if (in == null || !readers.hasNext()) {
          return null;
        }
        ImageReader reader = readers.next();
        try {
          String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
          if (!format.equals("png") && !format.equals("jpeg")) {
            return null; // PNG and JPEG only: no TIFF or BMP of many samples a pixel
          }
          reader.setInput(in, true, true);
          int width = reader.getWidth(0);
          int height = reader.getHeight(0);
          if (width > MAX_SIDE || height > MAX_SIDE) {
            return null;
          }
          // decoded at most about 256 pixels a side: the model sees 64; memory stays small
          javax.imageio.ImageReadParam param = reader.getDefaultReadParam();
          int step = Math.max(1, Math.max(width, height) / 256);
          param.setSourceSubsampling(step, step, 0, 0);
          return reader.read(0, param);
        } finally {
          reader.dispose();
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException refused
          && refused.getMessage() != null
          && refused.getMessage().startsWith("The image")) {
        throw refused;
      }
      return null;
    }
  }

  private static final int MAX_SIDE = 4096;
}
