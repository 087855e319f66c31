package io.agentdeploy.error;

/**
 * Bad input, found before anything was changed. The command line exits with 2 on it, the plugin
 * aborts the step without a stack trace.
 */
public class InvalidInputException extends DeployException {

    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final String value;

    /**
     * @param parameter the parameter as the user wrote it, for example {@code agent}
     * @param value the rejected value, or {@code null} when it is missing or secret
     * @param problem what is wrong and what is allowed, as a sentence
     * @param fix what to do, as a sentence
     */
    public InvalidInputException(String parameter, String value, String problem, String fix) {
        super(format(parameter, value, problem, fix));
        this.parameter = parameter;
        this.value = value;
    }

    public String parameter() {
        return parameter;
    }

    /** The rejected value, {@code null} when missing or secret. */
    public String value() {
        return value;
    }

    private static String format(String parameter, String value, String problem, String fix) {
        StringBuilder message = new StringBuilder("Invalid ").append(parameter);
        if (value != null) {
            message.append(" '").append(value).append('\'');
        }
        message.append(": ").append(problem);
        if (fix != null && !fix.isBlank()) {
            message.append(' ').append(fix);
        }
        return message.toString();
    }
}
