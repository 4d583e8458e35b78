package io.medmaas.registry.model.service;

import io.medmaas.registry.model.store.ArtifactCipher;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * At startup, seals the hospitals' validation sets an earlier release kept plain (before they were
 * encrypted at rest, V14), so that no held-out case stays readable in a dump or a backup taken from
 * now on. A few per transaction; nothing to do once every one is sealed.
 */
@ApplicationScoped
public class PlainValidationSets {

  private static final Logger LOG = Logger.getLogger(PlainValidationSets.class);
  private static final int PER_TRANSACTION = 20;

  @Inject ModelCatalog catalog;
  @Inject ArtifactCipher cipher;

  void onStart(@Observes StartupEvent event) {
    if (!cipher.hasKey()) {
      return; // no key: a hospital's uploads are refused, and nothing can be sealed
    }
    int total = 0;
    int sealed;
    do {
      sealed = catalog.sealPlainValidationSets(PER_TRANSACTION);
      total += sealed;
    } while (sealed == PER_TRANSACTION);
    if (total > 0) {
      LOG.infof("Sealed %d validation sets stored plain by an earlier release", total);
    }
  }
}
