package io.medmaas.inference.family;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes a base64 PNG into grey levels in [0, 1]. The header's size is checked before the pixels
 * are decoded, so an oversized image costs nothing.
 */
final class PngImages {

  private static final int MAX_BASE64_CHARS = 2_000_000;

  private PngImages() {}

  static float[] grey(JsonNode node, int width, int height, String at, InputErrors errors) {
    if (!node.isTextual() || node.asText().length() > MAX_BASE64_CHARS) {
      errors.add(at, "must be a base64 PNG of at most " + MAX_BASE64_CHARS + " characters");
      return null;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(node.asText());
    } catch (IllegalArgumentException e) {
      errors.add(at, "is not valid base64");
      return null;
    }
    try (ImageInputStream stream =
        ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
      ImageReader reader = readers.next();
      try {
        reader.setInput(stream, true, true);
        if (reader.getWidth(0) != width || reader.getHeight(0) != height) {
          errors.add(at, "must be " + width + "x" + height + " pixels");
          return null;
        }
        return levels(reader.read(0), width, height);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      errors.add(at, "is not a readable PNG image");
      return null;
    }
  }

  private static float[] levels(BufferedImage image, int width, int height) {
    float[] grey = new float[width * height];
    boolean singleBand = image.getRaster().getNumBands() == 1;
    int shift = Math.max(0, image.getColorModel().getComponentSize(0) - 8);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int level;
        if (singleBand) {
          level = image.getRaster().getSample(x, y, 0) >> shift;
        } else {
          int rgb = image.getRGB(x, y);
          level =
              (299 * ((rgb >> 16) & 0xff) + 587 * ((rgb >> 8) & 0xff) + 114 * (rgb & 0xff)) / 1000;
        }
        grey[y * width + x] = Math.min(255, level) / 255f;
      }
    }
    return grey;
  }
}
