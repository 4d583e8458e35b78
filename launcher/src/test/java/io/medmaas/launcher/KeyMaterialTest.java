package io.medmaas.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class KeyMaterialTest {

  @Test
  void secretsArePrivateFromTheirFirstByteInAPrivateFolder() throws Exception {
    Path dir = Files.createTempDirectory("keys").resolve("keys");
    KeyMaterial keys = KeyMaterial.ensure(dir);
    keys.databasePassword("medmaas_registry_app");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    for (Path secret :
        new Path[] {
          keys.privateKey(), keys.auditDigestKey(), dir.resolve("db-medmaas_registry_app.password")
        }) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)),
          secret.toString());
    }
  }

  @Test
  void theUploadsFolderIsPrivateWhetherCreatedOrFoundOpen() throws Exception {
    Path parent = Files.createTempDirectory("state");
    Path created = KeyMaterial.privateDirectory(parent.resolve("uploads"));
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
    Path open =
        Files.createDirectory(
            parent.resolve("open"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    KeyMaterial.privateDirectory(open);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(open)));
  }

  @Test
  void aSecretIsNeverWrittenThroughAFileOrLinkAlreadyThere() throws Exception {
    Path dir = Files.createTempDirectory("keys");
    Path planted = dir.resolve("planted");
    Files.writeString(planted, "someone else's");
    Path link = Files.createSymbolicLink(dir.resolve("secret"), planted);
    assertThrows(FileAlreadyExistsException.class, () -> KeyMaterial.writeSecret(link, "x"));
    assertEquals("someone else's", Files.readString(planted));
  }

  @Test
  void aRotationKeepsThePreviousPublicKeyInTheKeySetAndDropsItsPrivateKey() throws Exception {
    KeyMaterial first = KeyMaterial.ensure(Files.createTempDirectory("keys"));
    String oldKid = first.keyId();
    String oldPrivate = Files.readString(first.privateKey());
    KeyMaterial second = first.rotate();
    assertNotEquals(oldKid, second.keyId());
    assertNotEquals(oldPrivate, Files.readString(second.privateKey()));
    String keySet = Files.readString(second.keySet());
    assertTrue(keySet.contains("\"kid\":\"" + oldKid + "\""), keySet);
    assertTrue(keySet.contains("\"kid\":\"" + second.keyId() + "\""), keySet);
    assertEquals(oldKid, KeyMaterial.keyId(second.previousPublicKey()));
    // a second rotation drops the oldest key from the set
    KeyMaterial third = second.rotate();
    assertFalse(Files.readString(third.keySet()).contains(oldKid));
  }
}
