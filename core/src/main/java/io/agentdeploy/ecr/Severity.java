package io.agentdeploy.ecr;

/**
 * Severities of image scan findings, lowest first, and the scan gate's threshold: {@link #NONE}
 * as a threshold turns the gate off. ECR's UNDEFINED severity is counted but never fails the gate.
 */
public enum Severity {
    NONE,
    INFORMATIONAL,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    /** Whether a finding of this severity fails a gate with the given threshold. */
    public boolean failsGate(Severity threshold) {
        return threshold != NONE && this != NONE && compareTo(threshold) >= 0;
    }

    /** The severity named by ECR, or {@code null} for UNDEFINED and unknown names. */
    static Severity fromEcr(String name) {
        if (name == null) {
            return null;
        }
        try {
            Severity severity = valueOf(name);
            return severity == NONE ? null : severity;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
