package io.agentdeploy.ecr;

/**
 * The scan gate's choice when it gets no findings: the scan is unsupported for the image, failed,
 * was not started, or did not complete within the scan timeout.
 */
public enum ScanUnavailablePolicy {
    /** Warn, record the scan status, and let the push succeed. */
    WARN,
    /** Fail the push, as a gate that cannot see findings cannot vouch for the image. */
    FAIL
}
