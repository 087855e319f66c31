package io.agentdeploy.testkit.aws;

/**
 * An error a test double returns, with the service's error code and HTTP status. The protocol of
 * the double decides how it goes on the wire.
 */
public final class AwsError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public AwsError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
