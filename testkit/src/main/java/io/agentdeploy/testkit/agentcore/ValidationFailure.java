package io.agentdeploy.testkit.agentcore;

/**
 * A ValidationException (HTTP 400) of the AgentCore control plane, with the {@code reason} and
 * {@code fieldList} members the service adds to it. Messages follow the service's
 * "1 validation error detected: Value ... at '...' failed to satisfy constraint: ..." form.
 */
final class ValidationFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A value broke a field rule. */
    static final String FIELD_VALIDATION_FAILED = "FieldValidationFailed";
    /** A client token was reused with different parameters. */
    static final String IDEMPOTENT_PARAMETER_MISMATCH = "IdempotentParameterMismatchException";

    private final String reason;
    private final String field;

    ValidationFailure(String reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    String reason() {
        return reason;
    }

    /** Returns the field named in {@code fieldList}, or {@code null}. */
    String field() {
        return field;
    }

    static ValidationFailure constraint(String field, String value, String constraint) {
        String quoted = value == null ? "null" : "'" + value + "'";
        return new ValidationFailure(FIELD_VALIDATION_FAILED, field, "1 validation error detected: Value " + quoted
                + " at '" + field + "' failed to satisfy constraint: " + constraint);
    }

    /** Creates the failure of a rule on a sensitive field, whose value the service does not echo. */
    static ValidationFailure sensitive(String field, String constraint) {
        return new ValidationFailure(FIELD_VALIDATION_FAILED, field, "1 validation error detected: Value at '" + field
                + "' failed to satisfy constraint: " + constraint);
    }

    static ValidationFailure missing(String field) {
        return constraint(field, null, "Member must not be null");
    }

    static ValidationFailure pattern(String field, String value, String pattern) {
        return constraint(field, value, "Member must satisfy regular expression pattern: " + pattern);
    }

    static ValidationFailure length(String field, String value, int min, int max) {
        return constraint(field, value, "Member must have length between " + min + " and " + max);
    }

    static ValidationFailure other(String field, String message) {
        return new ValidationFailure(FIELD_VALIDATION_FAILED, field, message);
    }
}
