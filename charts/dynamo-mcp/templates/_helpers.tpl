{{/* Chart name, overridable. */}}
{{- define "dynamo-mcp.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Prefix of every resource name. Kept to 40 characters so "-operator-leader-election" and
similar suffixes stay within the 63-character limit.
*/}}
{{- define "dynamo-mcp.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "dynamo-mcp.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every resource. Pass a dict: (dict "ctx" $ "component" "operator"). */}}
{{- define "dynamo-mcp.labels" -}}
helm.sh/chart: {{ include "dynamo-mcp.chart" .ctx }}
{{ include "dynamo-mcp.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: dynamo-mcp
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Immutable selector labels (a Deployment's selector cannot change after creation). */}}
{{- define "dynamo-mcp.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dynamo-mcp.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "dynamo-mcp.operator.fullname" -}}
{{- printf "%s-operator" (include "dynamo-mcp.fullname" .) }}
{{- end }}

{{- define "dynamo-mcp.bridge.fullname" -}}
{{- printf "%s-bridge" (include "dynamo-mcp.fullname" .) }}
{{- end }}

{{- define "dynamo-mcp.operator.serviceAccountName" -}}
{{- if .Values.operator.serviceAccount.create }}
{{- default (include "dynamo-mcp.operator.fullname" .) .Values.operator.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.operator.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "dynamo-mcp.bridge.serviceAccountName" -}}
{{- if .Values.bridge.serviceAccount.create }}
{{- default (include "dynamo-mcp.bridge.fullname" .) .Values.bridge.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.bridge.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "dynamo-mcp.operator.leaderElection" -}}
{{- if or .Values.operator.leaderElection.enabled (gt (int .Values.operator.replicas) 1) }}true{{ else }}false{{ end }}
{{- end }}

{{/* The Secret holding the gateway's session key: the one you name, else the chart's own. */}}
{{- define "dynamo-mcp.bridge.gatewaySecretName" -}}
{{- default (printf "%s-bridge-gateway" (include "dynamo-mcp.fullname" .)) .Values.bridge.gateway.sessionKeySecretName }}
{{- end }}

{{- define "dynamo-mcp.bridge.apiKeySecretName" -}}
{{- default (printf "%s-bridge-api-keys" (include "dynamo-mcp.fullname" .)) .Values.bridge.apiKeys.secretName }}
{{- end }}

{{/* The catalog ConfigMap discover_templates reads: the configured one, else the shipped samples when on, else none. */}}
{{- define "dynamo-mcp.bridge.catalogConfigMapName" -}}
{{- if .Values.bridge.catalog.configMapName }}
{{- .Values.bridge.catalog.configMapName }}
{{- else if .Values.bridge.catalog.samples }}
{{- printf "%s-template-catalog" (include "dynamo-mcp.fullname" .) }}
{{- end }}
{{- end }}

{{/*
Host names the bridge answers to (DNS-rebinding protection), as a JSON list: the Service's
in-cluster names, then bridge.allowedHosts.
*/}}
{{- define "dynamo-mcp.bridge.allowedHosts" -}}
{{- $svc := include "dynamo-mcp.bridge.fullname" . }}
{{- $ns := .Release.Namespace }}
{{- $own := list $svc (printf "%s.%s" $svc $ns) (printf "%s.%s.svc" $svc $ns) (printf "%s.%s.svc.%s" $svc $ns .Values.clusterDomain) }}
{{- concat $own .Values.bridge.allowedHosts | uniq | toJson }}
{{- end }}

{{/* Whole seconds as a .NET TimeSpan ("hh:mm:ss"): a bare number would parse as days. */}}
{{- define "dynamo-mcp.timeSpan" -}}
{{- $s := int . }}
{{- printf "%02d:%02d:%02d" (div $s 3600) (mod (div $s 60) 60) (mod $s 60) }}
{{- end }}

{{/* repository:tag, the tag defaulting to the chart's appVersion. Pass (dict "image" .Values.x.image "ctx" $). */}}
{{- define "dynamo-mcp.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) }}
{{- end }}

{{/*
Pod Security Standard "restricted" plus a read-only root filesystem. The images run as the
non-root UID 65532 (distroless "nonroot").
*/}}
{{- define "dynamo-mcp.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "dynamo-mcp.containerSecurityContext" -}}
runAsNonRoot: true
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* The seven kinds, for RBAC rules. */}}
{{- define "dynamo-mcp.kinds" -}}
["cookiecuttertemplates", "scaffolds", "mcpservers", "workflows", "workflowruns", "agents", "modelconfigs"]
{{- end }}
{{- define "dynamo-mcp.kinds.status" -}}
["cookiecuttertemplates/status", "scaffolds/status", "mcpservers/status", "workflows/status", "workflowruns/status", "agents/status", "modelconfigs/status"]
{{- end }}
