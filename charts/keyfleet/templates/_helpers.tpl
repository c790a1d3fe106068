{{/*
Names. The fullname is <release>-<chart>, or the release name alone when it already contains the
chart's name; the operator's objects are <fullname>-operator, the connectors' <fullname>-connector
(release "keyfleet": keyfleet-operator, the name the operator itself assumes by default).
*/}}
{{- define "keyfleet.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "keyfleet.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 54 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 54 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 54 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "keyfleet.operatorName" -}}
{{- printf "%s-operator" (include "keyfleet.fullname" .) -}}
{{- end -}}

{{- define "keyfleet.connectorName" -}}
{{- printf "%s-connector" (include "keyfleet.fullname" .) -}}
{{- end -}}

{{- define "keyfleet.serviceAccountName" -}}
{{- default (include "keyfleet.operatorName" .) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "keyfleet.leaseName" -}}
{{- default (include "keyfleet.operatorName" .) .Values.leaderElection.leaseName -}}
{{- end -}}

{{- define "keyfleet.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "keyfleet.labels" -}}
helm.sh/chart: {{ include "keyfleet.chart" . }}
app.kubernetes.io/name: {{ include "keyfleet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: keyfleet
{{- end -}}

{{/* The operator's pods: what the Deployment, Service, PDB and NetworkPolicy select. */}}
{{- define "keyfleet.selectorLabels" -}}
app.kubernetes.io/name: {{ include "keyfleet.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "keyfleet.operatorLabels" -}}
{{ include "keyfleet.labels" . }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "keyfleet.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The Service's in-cluster URL: the default CRL distribution point base. */}}
{{- define "keyfleet.crlBaseUrl" -}}
{{- default (printf "http://%s.%s.svc:%d" (include "keyfleet.operatorName" .) .Release.Namespace (int .Values.httpPort)) .Values.crl.baseUrl -}}
{{- end -}}

{{/*
The namespaces the operator reconciles in namespaced mode, checked (the schema checks them too;
this message is the one a user sees if the schema was skipped with --skip-schema-validation).
*/}}
{{- define "keyfleet.watchNamespaces" -}}
{{- if and (eq .Values.watch.mode "namespaced") (empty .Values.watch.namespaces) -}}
{{- fail "watch.namespaces: namespaced mode needs at least one namespace to watch (or set watch.mode: cluster)" -}}
{{- end -}}
{{- join "," (uniq .Values.watch.namespaces) -}}
{{- end -}}
