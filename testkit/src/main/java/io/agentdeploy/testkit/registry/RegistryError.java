package io.agentdeploy.testkit.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentdeploy.testkit.aws.Json;
import java.util.Optional;

/**
 * An error in the registry API's format: an HTTP status and {@code {"errors":[{"code","message"}]}},
 * which the Docker daemon prints as {@code <code lowercase with spaces>: <message>}.
 *
 * @param status the HTTP status
 * @param code the registry error code, for example {@code NAME_UNKNOWN} or {@code TAG_INVALID}
 * @param message the message
 */
public record RegistryError(int status, String code, String message) {

    /** The JSON body. */
    public String body() {
        ObjectNode error = Json.object().put("code", code).put("message", message);
        ObjectNode body = Json.object();
        body.putArray("errors").add(error);
        return Json.write(body);
    }

    /**
     * Decides whether the gateway forwards a call that carries valid credentials. The ECR double
     * uses it to reject pushes to repositories it does not have and tag overwrites in immutable ones.
     */
    @FunctionalInterface
    public interface Policy {

        /** A policy that forwards every call. */
        Policy ALLOW_ALL = call -> Optional.empty();

        /** Returns the error to send instead of forwarding, or empty to forward the call. */
        Optional<RegistryError> check(RegistryCall call);
    }
}
