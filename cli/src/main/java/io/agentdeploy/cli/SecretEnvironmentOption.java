package io.agentdeploy.cli;

import io.agentdeploy.agentcore.SecretSource;
import io.agentdeploy.error.InvalidInputException;
import io.agentdeploy.progress.Redactor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns {@code --secret-env NAME=SOURCE} into secret sources. A source is {@code ENV:VARIABLE}, a
 * variable of this process's environment, or a Secrets Manager ARN; a secret value itself is never
 * accepted on the command line, where shells and process lists would keep it.
 */
final class SecretEnvironmentOption {

    static final String ENV_PREFIX = "ENV:";

    private SecretEnvironmentOption() {
    }

    static Map<String, SecretSource> resolve(Map<String, String> options, Map<String, String> environment,
            Redactor redactor) {
        Map<String, SecretSource> sources = new LinkedHashMap<>();
        options.forEach((name, source) -> sources.put(name, source(name, source, environment, redactor)));
        return sources;
    }

    private static SecretSource source(String name, String source, Map<String, String> environment,
            Redactor redactor) {
        if (source.startsWith(ENV_PREFIX)) {
            String variable = source.substring(ENV_PREFIX.length());
            String value = environment.get(variable);
            if (variable.isEmpty() || value == null) {
                throw new InvalidInputException("--secret-env " + name, source, "the environment variable '"
                        + variable + "' is not set.", "Export it before running agent-deploy, or name another one.");
            }
            redactor.register(value);
            return SecretSource.value(value, "environment variable " + variable);
        }
        if (source.startsWith("arn:")) {
            return SecretSource.secretsManager(source);
        }
        // The source may be the secret itself, given by mistake: it is masked and left out of the message.
        redactor.register(source);
        throw new InvalidInputException("--secret-env " + name, null, "the source is neither ENV:<variable> nor a"
                + " Secrets Manager ARN; secret values are not accepted on the command line.",
                "Export the value and pass " + name + "=ENV:<variable>, or store it in Secrets Manager and pass "
                        + name + "=arn:aws:secretsmanager:<region>:<account>:secret:<name>.");
    }
}
