package io.agentdeploy.ecr;

import java.util.List;
import java.util.Map;

/**
 * The scan gate stopped the push: findings at or above the gate's severity, or no findings when the
 * gate requires them. The image was pushed under its first tag; the other tags were not applied.
 */
public class ScanGateException extends EcrException {

    private static final long serialVersionUID = 1L;

    private final String scanStatus;
    private final Map<String, Integer> findings;
    private final List<String> topFindings;

    /**
     * @param scanStatus the scan's status, for example {@code COMPLETE} or {@code TIMED_OUT}
     * @param findings finding counts by severity
     * @param topFindings the most severe findings, one line each
     */
    public ScanGateException(String message, String region, String repository, String scanStatus,
            Map<String, Integer> findings, List<String> topFindings) {
        super(message, region, repository, "SCAN_GATE", null);
        this.scanStatus = scanStatus;
        this.findings = Map.copyOf(findings);
        this.topFindings = List.copyOf(topFindings);
    }

    public String scanStatus() {
        return scanStatus;
    }

    public Map<String, Integer> findings() {
        return findings;
    }

    public List<String> topFindings() {
        return topFindings;
    }
}
