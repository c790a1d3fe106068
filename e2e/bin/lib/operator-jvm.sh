# JVM options for the operator process, shared by e2e/bin/run and e2e/bin/bench (the Helm chart
# sets the same through JAVA_TOOL_OPTIONS). G1 deduplicates equal strings in the informer caches
# (every device Secret carries the same ca.crt, every status the same condition texts).
KEYFLEET_OPERATOR_JAVA_OPTS=${KEYFLEET_OPERATOR_JAVA_OPTS:-"-XX:+UseG1GC -XX:+UseStringDeduplication"}
