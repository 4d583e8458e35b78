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
