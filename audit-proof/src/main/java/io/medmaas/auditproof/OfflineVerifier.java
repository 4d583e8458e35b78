package io.medmaas.auditproof;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks an exported chain offline, with nothing of the platform but its public audit signing key:
 * the export's head is signed by that key, every record from the chain's first to the head holds
 * (each hash recomputed, each link followed), and, when an earlier signed head is given (one kept
 * from before), the chain still passes through it: the log was not rewritten since.
 */
public final class OfflineVerifier {

  /** What the check found; {@code problem} says why the export itself could not be trusted. */
  public record Result(
      String chain,
      boolean intact,
      long checked,
      SignedHead head,
      ChainCheck.Break broken,
      String problem,
      Boolean earlierHeadHeld) {

    public String describe() {
      if (problem != null) {
        return "NOT VERIFIED: " + problem;
      }
      String who = chain.isEmpty() ? "the records of no tenant" : "tenant " + chain;
      if (!intact) {
        return "BROKEN: the chain of "
            + who
            + " breaks at record "
            + broken.seq()
            + ": "
            + broken.reason()
            + " ("
            + checked
            + " records held before it)";
      }
      return "VERIFIED: the chain of "
          + who
          + ", "
          + checked
          + " records, ends at its head "
          + head.seq()
          + " ("
          + head.hash().substring(0, Math.min(16, head.hash().length()))
          + "…), signed "
          + head.signedAt()
          + " by key "
          + head.keyId()
          + (earlierHeadHeld == null ? "" : "; it passes through the earlier head given");
    }
  }

  private OfflineVerifier() {}

  /**
   * Verifies an export.
   *
   * @param earlier a head signed earlier, already verified, or null
   */
  public static Result verify(
      BufferedReader export, Map<String, PublicKey> keys, SignedHead earlier) throws IOException {
    String first = export.readLine();
    if (first == null) {
      return problem("the export is empty");
    }
    ChainExport.Header header;
    SignedHead head;
    try {
      header = ChainExport.header(first);
      head = SignedHead.verify(header.head(), keys);
    } catch (IOException e) {
      return problem("the export's first line is not its header");
    } catch (SignedHead.Invalid e) {
      return problem("the export's head: " + e.getMessage());
    }
    if (!head.chain().equals(header.chain())) {
      return problem("the signed head is another chain's");
    }
    if (earlier != null && (!earlier.chain().equals(head.chain()) || earlier.seq() > head.seq())) {
      return problem("the earlier head is another chain's, or later than this export's");
    }
    if (header.from() != 1 || !AuditChain.GENESIS.equals(header.prevHash())) {
      // a later start is proven only by the platform's signed head of the record before it (a
      // purge's anchor); without one, the records before it could have been rewritten
      SignedHead anchor;
      try {
        anchor = header.anchor() == null ? null : SignedHead.verify(header.anchor(), keys);
      } catch (SignedHead.Invalid e) {
        return problem("the export's purge anchor: " + e.getMessage());
      }
      if (anchor == null
          || !SignedHead.ANCHOR.equals(anchor.kind())
          || !anchor.chain().equals(head.chain())
          || anchor.seq() != header.from() - 1
          || !anchor.hash().equals(header.prevHash())) {
        return problem("the export does not start at the chain's first record or a signed anchor");
      }
      if (earlier != null && earlier.seq() < anchor.seq()) {
        return problem(
            "the earlier head is older than the chain's purge anchor: its records were removed");
      }
    }
    ChainCheck check = new ChainCheck(head.chain(), header.from(), header.prevHash());
    // an earlier head holds once the walk meets its record with its hash (an empty chain's: none)
    Boolean earlierHeld =
        earlier == null
            ? null
            : earlier.seq() == header.from() - 1 && earlier.hash().equals(header.prevHash());
    String line;
    while ((line = export.readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      AuditChain.Link record;
      try {
        record = ChainExport.record(line);
      } catch (IOException e) {
        return problem("line " + (check.checked() + 2) + " is not a record");
      }
      if (!check.next(record)) {
        break;
      }
      if (earlier != null && record.seq() == earlier.seq()) {
        earlierHeld = earlier.hash().equals(record.hash());
      }
    }
    check.end(head.seq(), head.hash());
    return new Result(
        head.chain(),
        check.broken() == null && !Boolean.FALSE.equals(earlierHeld),
        check.checked(),
        head,
        check.broken() != null
            ? check.broken()
            : Boolean.FALSE.equals(earlierHeld)
                ? new ChainCheck.Break(earlier.seq(), null, "the earlier head given is not on it")
                : null,
        null,
        earlierHeld);
  }

  private static Result problem(String why) {
    return new Result("", false, 0, null, null, why, null);
  }

  /**
   * {@code verify-audit <export.ndjson> --key <public.pem> [--key …] [--earlier <head.jws>]}:
   * prints what it found; exits 0 when verified, 1 when not, 2 on a usage error.
   */
  public static void main(String[] args) throws IOException {
    System.exit(run(List.of(args)));
  }

  public static int run(List<String> args) throws IOException {
    Path export = null;
    List<Path> keyFiles = new ArrayList<>();
    Path earlierFile = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if ((arg.equals("--key") || arg.equals("--earlier")) && i + 1 < args.size()) {
        Path value = Path.of(args.get(++i));
        if (arg.equals("--key")) {
          keyFiles.add(value);
        } else {
          earlierFile = value;
        }
      } else if (export == null && !arg.startsWith("--")) {
        export = Path.of(arg);
      } else {
        return usage();
      }
    }
    if (export == null || keyFiles.isEmpty()) {
      return usage();
    }
    Map<String, PublicKey> keys = new HashMap<>();
    for (Path file : keyFiles) {
      PublicKey key = SignedHead.publicKey(Files.readString(file));
      keys.put(SignedHead.keyId(key), key);
    }
    SignedHead earlier = null;
    if (earlierFile != null) {
      try {
        earlier = SignedHead.verify(Files.readString(earlierFile).trim(), keys);
      } catch (SignedHead.Invalid e) {
        System.out.println("NOT VERIFIED: the earlier head: " + e.getMessage());
        return 1;
      }
    }
    try (BufferedReader reader = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
      Result result = verify(reader, keys, earlier);
      System.out.println(result.describe());
      return result.intact() ? 0 : 1;
    }
  }

  private static int usage() {
    System.out.println(
        "usage: verify-audit <export.ndjson> --key <audit-signing-public.pem> [--key …]"
            + " [--earlier <head.jws>]");
    return 2;
  }
}
