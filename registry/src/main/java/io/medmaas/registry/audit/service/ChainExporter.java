package io.medmaas.registry.audit.service;

import io.medmaas.auditproof.AuditChain;
import io.medmaas.auditproof.ChainExport;
import io.medmaas.auditproof.SignedHead;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A chain exported for offline verification ({@link ChainExport}): its head is signed first, then
 * the records from the first to that head are streamed a page at a time, each page read in a
 * transaction of its own under the chain's row scope, so memory stays bounded however long the
 * chain is.
 */
@ApplicationScoped
public class ChainExporter {

  @Inject ChainAccess access;
  @Inject ChainHeads heads;
  @Inject ChainVerifier chains;
  @Inject AuditLinker linker;

  public StreamingOutput export(String tenant, boolean tenantless) {
    String chain = access.chainFor(tenant, tenantless);
    linker.linkAll();
    record Start(SignedHead head, ChainVerifier.Anchor anchor) {}
    Start start =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  access.scopeTo(chain);
                  return new Start(heads.signCurrent(chain), chains.anchor(chain));
                });
    SignedHead head = start.head();
    ChainVerifier.Anchor anchor = start.anchor();
    return out -> {
      Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      writer.write(
          anchor == null
              ? ChainExport.headerLine(head, 1, AuditChain.GENESIS, null)
              : ChainExport.headerLine(
                  head, anchor.firstSeq(), anchor.prevHash(), anchor.headJws()));
      writer.write('\n');
      long after = anchor == null ? 0 : anchor.firstSeq() - 1;
      while (after < head.seq()) {
        long from = after;
        List<AuditChain.Link> page =
            QuarkusTransaction.requiringNew()
                .call(
                    () -> {
                      access.scopeTo(chain);
                      return chains.links(chain, from, head.seq());
                    });
        if (page.isEmpty()) {
          break; // the rest is missing: the verifier will say so
        }
        for (AuditChain.Link link : page) {
          writer.write(ChainExport.recordLine(link));
          writer.write('\n');
        }
        after = page.get(page.size() - 1).seq();
        writer.flush();
      }
      writer.flush();
    };
  }
}
