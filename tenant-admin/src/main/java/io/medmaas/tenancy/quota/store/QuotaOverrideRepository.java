package io.medmaas.tenancy.quota.store;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class QuotaOverrideRepository implements PanacheRepositoryBase<QuotaOverride, String> {}
