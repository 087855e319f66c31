{{- define "agent.fullname" -}}
{{- if .Values.fullnameOverride }}{{ .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}{{ default .Release.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}{{ end }}
{{- end }}

{{- define "agent.selectorLabels" -}}
app.kubernetes.io/name: {{ default .Chart.Name .Values.nameOverride }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The platform's shared settings, read from the cluster as the teams' chart does. */}}
{{- define "agent.platformConfig" -}}
{{- $config := lookup "v1" "ConfigMap" .Release.Namespace "agentic-platform-config" -}}
{{- $config.data | default dict | toJson -}}
{{- end }}

{{- define "agent.image" -}}
{{- $config := include "agent.platformConfig" . | fromJson -}}
{{- printf "%s.dkr.ecr.%s.amazonaws.com/%s:%s" ($config.AWS_ACCOUNT_ID | default "") ($config.AWS_DEFAULT_REGION | default "") .Values.image.repository (.Values.image.tag | toString) -}}
{{- end }}
