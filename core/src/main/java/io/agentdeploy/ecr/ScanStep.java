package io.agentdeploy.ecr;

import io.agentdeploy.progress.ProgressListener;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The scan gate of a push: waits for the scan of every platform's image (within one deadline),
 * reports the findings by severity with the most severe named, and fails the push when a finding is
 * at or above the threshold, or when no findings could be had and the request says to fail then.
 */
final class ScanStep {

    static final String NOT_SCANNED = "NOT_SCANNED";
    static final String NOT_AWAITED = "NOT_AWAITED";
    private static final List<String> SEVERITY_ORDER = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL",
            "UNDEFINED");

    /**
     * The scan outcome over all platforms.
     *
     * @param status COMPLETE (or ACTIVE) when every image has findings, else the first other status
     * @param counts finding counts by severity, most severe first
     * @param topFindings the most severe findings, one line each
     */
    record Report(String status, Map<String, Integer> counts, List<String> topFindings) {
    }

    private final EcrClient ecr;
    private final EcrApiErrors errors;
    private final ProgressListener listener;
    private final Clock clock;

    ScanStep(EcrClient ecr, EcrApiErrors errors, ProgressListener listener, Clock clock) {
        this.ecr = ecr;
        this.errors = errors;
        this.listener = listener;
        this.clock = clock;
    }

    /** Scans (or not), reports and judges; returns the report when the gate lets the push through. */
    Report run(EcrPushRequest request, EcrPushedImage pushed) {
        if (!pushed.scanOnPush() && request.failOnSeverity() == Severity.NONE) {
            return new Report(NOT_SCANNED, Map.of(), List.of());
        }
        if (request.scanTimeout().isZero()) {
            listener.lifecycle("Not waiting for the scan of " + pushed.repositoryName() + " (scanTimeout 0).");
            return new Report(NOT_AWAITED, Map.of(), List.of());
        }
        Instant deadline = clock.instant().plus(request.scanTimeout());
        ScanGate gate = new ScanGate(ecr, errors, listener, clock);
        Map<String, ScanGate.ImageScan> scans = new LinkedHashMap<>();
        pushed.platformDigests().forEach((platform, digest) -> scans.put(platform, gate.await(pushed.repositoryName(),
                pushed.registryId(), digest, deadline, request.scanTimeout(), !pushed.scanOnPush())));
        Report report = combine(scans, pushed.platformDigests().size() > 1);
        judge(request, pushed, report, scans);
        return report;
    }

    private static Report combine(Map<String, ScanGate.ImageScan> scans, boolean perPlatform) {
        Map<String, Integer> totals = new LinkedHashMap<>();
        List<String[]> findings = new ArrayList<>();
        String status = null;
        for (Map.Entry<String, ScanGate.ImageScan> entry : scans.entrySet()) {
            ScanGate.ImageScan scan = entry.getValue();
            boolean complete = scan.status().equals("COMPLETE") || scan.status().equals("ACTIVE");
            if (status == null || (!complete && (status.equals("COMPLETE") || status.equals("ACTIVE")))) {
                status = scan.status();
            }
            scan.counts().forEach((severity, count) -> totals.merge(severity, count, Integer::sum));
            String platform = perPlatform ? entry.getKey() : null;
            scan.findings().forEach(f -> findings.add(new String[] {f.severity(), f.line(platform)}));
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (status != null && (status.equals("COMPLETE") || status.equals("ACTIVE"))) {
            for (String severity : SEVERITY_ORDER) {
                int count = totals.getOrDefault(severity, 0);
                if (count > 0 || !severity.equals("UNDEFINED")) {
                    counts.put(severity, count);
                }
            }
        }
        findings.sort(Comparator.comparingInt((String[] f) -> ScanGate.rank(f[0])).reversed());
        List<String> top = findings.stream().limit(ScanGate.TOP_FINDINGS).map(f -> f[1]).toList();
        return new Report(status == null ? NOT_SCANNED : status, counts, top);
    }

    private void judge(EcrPushRequest request, EcrPushedImage pushed, Report report,
            Map<String, ScanGate.ImageScan> scans) {
        Severity threshold = request.failOnSeverity();
        String image = pushed.repositoryName() + "@" + ImageDigests.shortForm(pushed.imageDigest());
        boolean complete = report.status().equals("COMPLETE") || report.status().equals("ACTIVE");
        if (!complete) {
            String why = scans.entrySet().stream().filter(e -> !e.getValue().status().equals("COMPLETE")
                    && !e.getValue().status().equals("ACTIVE"))
                    .map(e -> (scans.size() > 1 ? e.getKey() + ": " : "") + e.getValue().status() + " ("
                            + e.getValue().description() + ")").reduce((a, b) -> a + "; " + b).orElse("");
            String message = "The scan of " + image + " gave no findings: " + why + ".";
            if (threshold != Severity.NONE && request.scanUnavailable() == ScanUnavailablePolicy.FAIL) {
                throw gateFailure(message + " The gate (failOnSeverity " + threshold + ") cannot vouch for the image"
                        + " and scanUnavailable is FAIL, so the push fails" + pendingText(pushed) + ". Scan the image"
                        + " another way, or set scanUnavailable to WARN.", pushed, report);
            }
            listener.warning(message + (threshold == Severity.NONE ? "" : " The gate (failOnSeverity " + threshold
                    + ") lets the image through because scanUnavailable is WARN."));
            return;
        }
        listener.lifecycle("Scan of " + image + " " + report.status() + ": "
                + EcrPushResult.findingsText(report.counts()) + (report.topFindings().isEmpty() ? "."
                : ". Most severe: " + String.join("; ", report.topFindings()) + "."));
        Map<String, Integer> blocking = new LinkedHashMap<>();
        report.counts().forEach((severity, count) -> {
            Severity parsed = Severity.fromEcr(severity);
            if (count > 0 && parsed != null && parsed.failsGate(threshold)) {
                blocking.put(severity, count);
            }
        });
        if (!blocking.isEmpty()) {
            throw gateFailure("The scan of " + image + " found " + EcrPushResult.findingsText(blocking)
                    + (blocking.values().stream().mapToInt(Integer::intValue).sum() == 1 ? " finding" : " findings")
                    + " at or above the gate's " + threshold + ": " + String.join("; ", report.topFindings())
                    + ". The push fails" + pendingText(pushed) + ". Fix the findings (update the base image or the"
                    + " affected packages), or raise failOnSeverity.", pushed, report);
        }
    }

    private static String pendingText(EcrPushedImage pushed) {
        if (pushed.pendingTags().isEmpty()) {
            return "";
        }
        return "; the image is tagged " + String.join(", ", pushed.appliedTags()) + " only, and "
                + String.join(", ", pushed.pendingTags()) + " " + (pushed.pendingTags().size() == 1 ? "was" : "were")
                + " not applied";
    }

    private ScanGateException gateFailure(String message, EcrPushedImage pushed, Report report) {
        return new ScanGateException(message, errors.region(), pushed.repositoryName(), report.status(),
                report.counts(), report.topFindings());
    }
}
