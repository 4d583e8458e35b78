package io.medmaas.ui.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A picture a person uploads becomes the image model's grey grid; a file that is no PNG or JPEG, or
 * whose header declares a picture too large to decode, is refused before it is decoded.
 */
class GreyGridTest {

  @TempDir Path dir;

  private Path picture(String format, int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, x < width / 2 ? 0xFFFFFF : 0x000000);
      }
    }
    Path file = dir.resolve(width + "x" + height + "." + format);
    ImageIO.write(image, format, file.toFile());
    return file;
  }

  @Test
  void aPictureBecomesTheModelsGreyGrid() throws Exception {
    int[][] grid = GreyGrid.of(picture("png", 640, 480), 64, 64);
    assertEquals(64, grid.length);
    assertEquals(64, grid[0].length);
    assertEquals(255, grid[32][2], "white on the left");
    assertEquals(0, grid[32][61], "black on the right");
    assertEquals(64, GreyGrid.of(picture("jpg", 100, 100), 64, 64).length, "JPEG too");
  }

  @Test
  void otherFormatsTooLargePicturesAndNonImagesAreRefused() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> GreyGrid.of(picture("bmp", 64, 64), 64, 64));
    assertThrows(
        IllegalArgumentException.class,
        () -> GreyGrid.of(picture("png", 5000, 2), 64, 64),
        "wider than 4096 pixels: not decoded");
    Path text = dir.resolve("not-an-image.png");
    Files.writeString(text, "just text");
    assertThrows(IllegalArgumentException.class, () -> GreyGrid.of(text, 64, 64));
    assertThrows(IllegalArgumentException.class, () -> GreyGrid.of(null, 64, 64));
    assertThrows(
        IllegalArgumentException.class,
        () -> GreyGrid.of(picture("png", 10, 10), 100_000, 100_000),
        "a card's size is bounded too");
  }
}
