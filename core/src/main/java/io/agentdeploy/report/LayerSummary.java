package io.agentdeploy.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One row of a deployment summary, as the Jenkins build page shows it: the layer's status, duration
 * and one-line summary, and the facts a build viewer looks for, by layer. ECR shows the image digest,
 * tags and scan counts. AgentCore shows the runtime version and the endpoint. Kubernetes shows the
 * rollout result. Rollback notes and the error come last. Built from a {@link LayerRecord}, so it
 * holds no secret.
 *
 * @param layer the layer's display name, for example {@code AgentCore}
 * @param agent the agent name
 * @param status the {@link LayerStatus} name
 * @param target where the layer deployed, or {@code null} when unknown
 * @param duration the duration in seconds, for example {@code 12.5s}, or {@code -} when unknown
 * @param summary the record's one-line summary, or {@code null}
 * @param facts labelled values in display order; empty when the layer failed before a result
 * @param notes rollback notes and warnings
 * @param error the failure message, or {@code null}
 */
public record LayerSummary(String layer, String agent, String status, String target, String duration,
        String summary, List<Fact> facts, List<String> notes, String error) {

    /** A labelled value, for example "Image digest" and {@code sha256:…}. */
    public record Fact(String label, String value) {
    }

    public LayerSummary {
        facts = List.copyOf(facts);
        notes = List.copyOf(notes);
    }

    /** Builds the row of one layer record. */
    public static LayerSummary of(LayerRecord record) {
        Map<String, Object> details = record.details();
        List<Fact> facts = new ArrayList<>();
        switch (record.layer()) {
            case ECR -> ecrFacts(details, facts);
            case AGENTCORE -> agentCoreFacts(details, facts);
            case EKS -> eksFacts(details, facts);
            default -> throw new IllegalStateException("Unknown layer " + record.layer());
        }
        return new LayerSummary(record.layer().displayName(), record.agent(), record.status().name(),
                record.target(), TextSummary.seconds(record.duration()), record.summary(), facts, record.notes(),
                record.error());
    }

    /** Builds the rows of every layer of a deployment, in order. */
    public static List<LayerSummary> of(DeploymentRecord record) {
        return record.layers().stream().map(LayerSummary::of).toList();
    }

    private static void ecrFacts(Map<String, Object> details, List<Fact> facts) {
        add(facts, "Image digest", details.get("imageDigest"));
        add(facts, "Tags", joined(details.get("tags")));
        add(facts, "Platforms", joined(details.get("platforms")));
        Object status = details.get("scanStatus");
        if ("COMPLETE".equals(status) || "ACTIVE".equals(status)) {
            add(facts, "Scan findings", findings(details.get("scanFindings")));
        } else if (status != null) {
            add(facts, "Scan", "not available: " + status);
        }
        add(facts, "Image", details.get("imageRef"));
    }

    private static void agentCoreFacts(Map<String, Object> details, List<Fact> facts) {
        add(facts, "Runtime", details.get("runtimeId"));
        Object version = details.get("runtimeVersion");
        Object previous = details.get("previousVersion");
        add(facts, "Runtime version", version == null ? null
                : previous == null || previous.equals(version) ? version : version + " (was " + previous + ")");
        Object endpoint = details.get("endpointName");
        Object live = details.get("endpointLiveVersion");
        add(facts, "Endpoint", endpoint == null ? null : live == null ? endpoint : endpoint + " on version " + live);
        add(facts, "Endpoint ARN", details.get("endpointArn"));
        if (details.get("smokeTest") instanceof Map<?, ?> smoke) {
            add(facts, "Smoke test", "passed (HTTP " + smoke.get("statusCode") + ")");
        }
    }

    private static void eksFacts(Map<String, Object> details, List<Fact> facts) {
        Object revision = details.get("revision");
        if (revision != null) {
            add(facts, "Rollout", "revision " + revision + " of " + details.get("namespace") + "/"
                    + details.get("deployment") + ", " + details.get("readyReplicas") + "/" + details.get("replicas")
                    + " ready");
        }
        add(facts, "Previous revision", details.get("previousRevision"));
        add(facts, "Rendered to", details.get("renderedTo"));
        add(facts, "Resources", joined(details.get("resources")));
    }

    private static void add(List<Fact> facts, String label, Object value) {
        if (value != null && !value.toString().isEmpty()) {
            facts.add(new Fact(label, value.toString()));
        }
    }

    private static String joined(Object value) {
        if (value instanceof Collection<?> values) {
            return String.join(", ", values.stream().map(String::valueOf).toList());
        }
        return value == null ? null : value.toString();
    }

    /** "no findings", or counts such as "1 CRITICAL, 2 HIGH", most severe first as ECR lists them. */
    private static String findings(Object value) {
        if (!(value instanceof Map<?, ?> counts)) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((severity, count) -> {
            if (count instanceof Number number && number.longValue() > 0) {
                parts.add(number + " " + severity);
            }
        });
        return parts.isEmpty() ? "no findings" : String.join(", ", parts);
    }
}
