{{- define "tablekeeper.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tablekeeper.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "tablekeeper.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tablekeeper.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "tablekeeper.labels" -}}
{{ include "tablekeeper.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "tablekeeper.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "tablekeeper.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The watched namespaces, comma-separated; empty means all. */}}
{{- define "tablekeeper.watchNamespace" -}}
{{- if .Values.watchNamespace -}}
{{- .Values.watchNamespace | nospace -}}
{{- else if eq .Values.installScope "namespace" -}}
{{- .Release.Namespace -}}
{{- end -}}
{{- end -}}

{{- define "tablekeeper.leaderElectionNamespace" -}}
{{- default .Release.Namespace .Values.leaderElection.namespace -}}
{{- end -}}

{{/*
The rules of deploy/rbac/clusterrole.yaml (copied to rbac-source/ by
deploy/helm/sync.sh), split by the scope of their resources:
"tablekeeper.rules" with argument (list $ "all"|"namespaced"|"cluster").
Namespaces and CRDs are cluster-scoped: a Role cannot grant them.
*/}}
{{- define "tablekeeper.rules" -}}
{{- $root := index . 0 -}}
{{- $which := index . 1 -}}
{{- $source := $root.Files.Get "rbac-source/clusterrole.yaml" | fromYaml -}}
{{- if not $source.rules -}}
{{- fail "rbac-source/clusterrole.yaml has no rules: run deploy/helm/sync.sh" -}}
{{- end -}}
{{- $clusterScoped := list "namespaces" "customresourcedefinitions" -}}
{{- $rules := list -}}
{{- range $rule := $source.rules -}}
{{- $cluster := true -}}
{{- range $resource := $rule.resources -}}
{{- if not (has $resource $clusterScoped) -}}{{- $cluster = false -}}{{- end -}}
{{- end -}}
{{- if or (eq $which "all") (and $cluster (eq $which "cluster")) (and (not $cluster) (eq $which "namespaced")) -}}
{{- $rules = append $rules $rule -}}
{{- end -}}
{{- end -}}
{{- toYaml $rules -}}
{{- end -}}
