package io.medmaas.registry.model.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medmaas.registry.model.store.Model;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Announces alias moves on the PostgreSQL channel {@value #CHANNEL}. NOTIFY is transactional: the
 * event is delivered when, and only if, the change commits.
 */
@ApplicationScoped
public class ModelEvents {

  public static final String CHANNEL = "medmaas_model_alias";

  @Inject EntityManager em;
  @Inject ObjectMapper json;

  /**
   * A version changed stage (archived, staged, promoted): whoever caches what this model's names
   * resolve to asks again, so an archived version stops serving at once.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void stageChanged(Model model, String version) {
    aliasMoved(model, null, version);
  }

  @Transactional(Transactional.TxType.MANDATORY)
  public void aliasMoved(Model model, String alias, String version) {
    Map<String, String> event = new LinkedHashMap<>();
    event.put("owner", model.owner);
    event.put("model", model.name);
    event.put("alias", alias);
    event.put("version", version);
    try {
      em.createNativeQuery("SELECT pg_notify(?1, ?2)")
          .setParameter(1, CHANNEL)
          .setParameter(2, json.writeValueAsString(event))
          .getSingleResult();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
