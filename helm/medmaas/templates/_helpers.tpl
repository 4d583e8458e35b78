{{/* The services, by their values key, with their names as Kubernetes and the images know them. */}}
{{- define "medmaas.services" -}}
gateway: gateway
registry: registry
inference: inference
tenantAdmin: tenant-admin
ui: ui
{{- end -}}

{{/* Labels every object of a service carries; the selector uses the last two. */}}
{{- define "medmaas.labels" -}}
app.kubernetes.io/part-of: medmaas
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ .root.Chart.Name }}-{{ .root.Chart.Version }}
{{ include "medmaas.selector" . }}
{{- end -}}

{{- define "medmaas.selector" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/name: {{ .name }}
{{- end -}}

{{/* A service's in-cluster address: medmaas.url (dict "root" $ "name" "registry" "port" 8081). */}}
{{- define "medmaas.url" -}}
http://{{ .root.Release.Name }}-{{ .name }}:{{ .port }}
{{- end -}}

{{/* The Secrets the services read, by their role: an existing one's name or the chart's. */}}
{{- define "medmaas.secretNames" -}}
database: {{ .Values.secrets.databaseExistingSecret | default (printf "%s-database" .Release.Name) }}
keys: {{ .Values.secrets.keysExistingSecret | default (printf "%s-keys" .Release.Name) }}
internalToken: {{ .Values.secrets.internalTokenSecret | default (printf "%s-internal-token" .Release.Name) }}
internalTokenKeys: {{ .Values.secrets.internalTokenKeySetSecret | default (printf "%s-internal-token-keys" .Release.Name) }}
auditSigning: {{ .Values.secrets.auditSigningSecret | default (printf "%s-audit-signing" .Release.Name) }}
{{- end -}}

{{/* Whether the database connection checks the server's certificate against the CA. */}}
{{- define "medmaas.databaseVerifies" -}}
{{- if hasPrefix "verify" .Values.database.sslMode }}true{{ end -}}
{{- end -}}

{{- define "medmaas.jdbcUrl" -}}
{{- $db := .Values.database -}}
jdbc:postgresql://{{ $db.host }}:{{ $db.port }}/{{ $db.name }}?sslmode={{ $db.sslMode }}
{{- if include "medmaas.databaseVerifies" . }}&sslrootcert=/etc/medmaas/postgres-ca/ca.crt{{ end }}
{{- end -}}

{{/*
How each service is wired: its settings (a ConfigMap, nothing secret), the secrets it gets in its
environment (secret: a key of medmaas.secretNames, key: the key in that Secret), the files it
mounts, and the Flyway migrations an init container runs before it starts (as the schema's owner
role, whose password only that init container holds).
*/}}
{{- define "medmaas.wiring" -}}
{{- $s := .Values.services -}}
{{- $registry := include "medmaas.url" (dict "root" . "name" "registry" "port" $s.registry.port) -}}
{{- $inference := include "medmaas.url" (dict "root" . "name" "inference" "port" $s.inference.port) -}}
{{- $tenantAdmin := include "medmaas.url" (dict "root" . "name" "tenant-admin" "port" $s.tenantAdmin.port) -}}
{{- $gateway := include "medmaas.url" (dict "root" . "name" "gateway" "port" $s.gateway.port) -}}
{{- $jdbc := include "medmaas.jdbcUrl" . -}}
{{- $db := .Values.database -}}
{{- /* a named key set is a JWKS (./maas kubernetes-keys); the chart's own, certificates */ -}}
{{- $keySetFile := ternary "keys.jwks" "keys.pem" (not (empty .Values.secrets.internalTokenKeySetSecret)) -}}
{{- $keySet := printf "/etc/medmaas/internal-token/%s" $keySetFile -}}
gateway:
  properties:
    medmaas.platform.issuer: {{ .Values.platform.issuer | quote }}
    medmaas.upstream.registry-url: {{ $registry | quote }}
    medmaas.upstream.inference-url: {{ $inference | quote }}
    medmaas.upstream.tenant-admin-url: {{ $tenantAdmin | quote }}
    # each gateway's share of a tenant's limits: of the most gateways there may be, never more
    medmaas.quotas.replicas: {{ ternary $s.gateway.autoscaling.maxReplicas $s.gateway.replicas $s.gateway.autoscaling.enabled | quote }}
    # the client's address from the ingress controller (and only from it): throttling and audit
    quarkus.http.proxy.proxy-address-forwarding: "true"
    quarkus.http.proxy.allow-x-forwarded: "true"
    quarkus.http.proxy.trusted-proxies: {{ join "," .Values.ingress.trustedProxyCidrs | quote }}
    quarkus.datasource.reactive.url: "postgresql://{{ $db.host }}:{{ $db.port }}/{{ $db.name }}"
    quarkus.datasource.reactive.postgresql.ssl-mode: {{ $db.sslMode | quote }}
    {{- if include "medmaas.databaseVerifies" . }}
    quarkus.datasource.reactive.trust-certificate-pem: "true"
    quarkus.datasource.reactive.trust-certificate-pem.certs: /etc/medmaas/postgres-ca/ca.crt
    {{- end }}
    {{- if eq $db.sslMode "verify-full" }}
    quarkus.datasource.reactive.hostname-verification-algorithm: HTTPS
    {{- end }}
    {{- if eq $db.sslMode "require" }}
    # encrypted, the server's certificate not checked: what libpq's require means
    quarkus.datasource.reactive.trust-all: "true"
    {{- end }}
    quarkus.datasource.username: medmaas_gateway
    smallrye.jwt.sign.key.location: /etc/medmaas/internal-token/signing-key.pem
  secretEnv:
    - {name: QUARKUS_DATASOURCE_PASSWORD, secret: database, key: gateway}
    - {name: MEDMAAS_AUDIT_DIGEST_KEY, secret: keys, key: audit-digest-key}
    - {name: MEDMAAS_API_KEYS_HASH_KEY, secret: keys, key: api-key-hash-key}
    - {name: SMALLRYE_JWT_SIGN_KEY_ID, secret: internalToken, key: signing-key.id}
  files:
    - {secret: internalToken, path: /etc/medmaas/internal-token, keys: [signing-key.pem]}
  database: true
registry:
  properties:
    quarkus.datasource.jdbc.url: {{ $jdbc | quote }}
    quarkus.datasource.username: medmaas_registry_app
    quarkus.flyway.migrate-at-start: "false"
    mp.jwt.verify.publickey.location: {{ $keySet }}
    medmaas.inference.url: {{ $inference | quote }}
    medmaas.audit.signing-key.location: /etc/medmaas/audit-signing/audit-signing-key.pem
    quarkus.http.body.uploads-directory: /tmp/uploads
  secretEnv:
    - {name: QUARKUS_DATASOURCE_PASSWORD, secret: database, key: registry-app}
    - {name: MEDMAAS_ARTIFACTS_ENCRYPTION_KEY, secret: keys, key: artifact-encryption-key}
  files:
    - {secret: internalTokenKeys, path: /etc/medmaas/internal-token, keys: [{{ $keySetFile }}]}
    - {secret: auditSigning, path: /etc/medmaas/audit-signing, keys: [audit-signing-key.pem]}
  database: true
  migrate: {owner: registry-owner}
inference:
  properties:
    mp.jwt.verify.publickey.location: {{ $keySet }}
    medmaas.registry.url: {{ $registry | quote }}
    # alias moves arrive as PostgreSQL events; the cache's expiry is only a safety net
    medmaas.inference.alias-ttl: 60s
    medmaas.events.jdbc-url: {{ $jdbc | quote }}
    medmaas.events.username: medmaas_events
  secretEnv:
    - {name: MEDMAAS_EVENTS_PASSWORD, secret: database, key: events}
  files:
    - {secret: internalTokenKeys, path: /etc/medmaas/internal-token, keys: [{{ $keySetFile }}]}
  database: true
tenantAdmin:
  properties:
    quarkus.datasource.jdbc.url: {{ $jdbc | quote }}
    quarkus.datasource.username: medmaas_tenancy_app
    quarkus.flyway.migrate-at-start: "false"
    mp.jwt.verify.publickey.location: {{ $keySet }}
    medmaas.registry.url: {{ $registry | quote }}
  secretEnv:
    - {name: QUARKUS_DATASOURCE_PASSWORD, secret: database, key: tenancy-app}
    - {name: MEDMAAS_API_KEYS_HASH_KEY, secret: keys, key: api-key-hash-key}
  files:
    - {secret: internalTokenKeys, path: /etc/medmaas/internal-token, keys: [{{ $keySetFile }}]}
  database: true
  migrate: {owner: tenancy-owner}
ui:
  properties:
    medmaas.ui.gateway-url: {{ $gateway | quote }}
    medmaas.ui.public-url: "https://{{ .Values.ingress.consoleHost }}"
    medmaas.ui.hospitals.platform.issuer: {{ .Values.platform.issuer | quote }}
    # the visitor's address from the ingress controller (and only from it), passed on to the
    # gateway so that its throttles and audit count each visitor, not the console
    quarkus.http.proxy.proxy-address-forwarding: "true"
    quarkus.http.proxy.allow-x-forwarded: "true"
    quarkus.http.proxy.trusted-proxies: {{ join "," .Values.ingress.trustedProxyCidrs | quote }}
  secretEnv:
    - {name: MEDMAAS_UI_STATE_SECRET, secret: keys, key: console-state-secret}
  files: []
  database: false
{{- end -}}

{{/* Every container: no privilege, nothing written outside its volumes. */}}
{{- define "medmaas.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* A service's secrets in its environment, each from its Secret by key. */}}
{{- define "medmaas.secretEnv" -}}
{{- $secrets := .secrets -}}
{{- range .wire.secretEnv }}
- name: {{ .name }}
  valueFrom:
    secretKeyRef: {name: {{ index $secrets .secret }}, key: {{ .key }}}
{{- end }}
{{- end -}}

{{/* A service's mounts: scratch space, its settings, its key files and the database's CA. */}}
{{- define "medmaas.mounts" -}}
- {name: tmp, mountPath: /tmp}
- {name: config, mountPath: /deployments/config, readOnly: true}
{{- range .wire.files }}
{{- $file := . }}
{{- range .keys }}
{{- /* by subPath: a running pod keeps the key it started with when the Secret changes */}}
- {name: {{ $file.secret | kebabcase }}, mountPath: {{ $file.path }}/{{ . }}, subPath: {{ . }}, readOnly: true}
{{- end }}
{{- end }}
{{- if .verifiesDatabase }}
- {name: postgres-ca, mountPath: /etc/medmaas/postgres-ca, readOnly: true}
{{- end }}
{{- end -}}

{{/* Whether a Secret's data holds any numbered key (key-<n>.pem): the chart made it. */}}
{{- define "medmaas.anySlot" -}}
{{- range $name, $_ := . }}{{ if regexMatch "^key-[0-9]+\\.pem$" $name }}true{{ end }}{{ end -}}
{{- end -}}
