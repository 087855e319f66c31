package io.agentdeploy.agentcore;

import io.agentdeploy.error.InvalidInputException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A custom JWT authorizer for a runtime: AgentCore accepts only bearer tokens issued by the OpenID
 * provider behind {@code discoveryUrl} whose audience or client is allowed. Without it, callers
 * sign with SigV4 and need {@code bedrock-agentcore:InvokeAgentRuntime}.
 *
 * @param discoveryUrl the provider's {@code .../.well-known/openid-configuration} URL
 * @param allowedAudiences accepted {@code aud} values, possibly empty
 * @param allowedClients accepted {@code client_id} values, possibly empty
 */
public record JwtAuthorizer(String discoveryUrl, List<String> allowedAudiences, List<String> allowedClients) {

    /** The service's pattern for {@code discoveryUrl} (bedrock-agentcore-control 2023-06-05). */
    static final Pattern DISCOVERY_URL = Pattern.compile(".+/\\.well-known/openid-configuration");

    public JwtAuthorizer {
        allowedAudiences = sortedCopy(allowedAudiences);
        allowedClients = sortedCopy(allowedClients);
    }

    /**
     * Checks the authorizer against the service's rules.
     *
     * @throws InvalidInputException naming the parameter, the value and the rule
     */
    void check() {
        if (discoveryUrl == null || discoveryUrl.isBlank()) {
            throw new InvalidInputException("jwtDiscoveryUrl", null,
                    "a JWT authorizer needs the OpenID discovery URL of the token issuer.",
                    "Pass a URL ending in '/.well-known/openid-configuration'.");
        }
        if (!DISCOVERY_URL.matcher(discoveryUrl).matches() || !isAbsoluteUrl(discoveryUrl)) {
            throw new InvalidInputException("jwtDiscoveryUrl", discoveryUrl,
                    "the discovery URL is an absolute URL ending in '/.well-known/openid-configuration'.",
                    "Use the issuer's discovery document, for example"
                            + " 'https://cognito-idp.us-east-1.amazonaws.com/<pool id>/.well-known/openid-configuration'.");
        }
        checkValues("allowedAudiences", allowedAudiences);
        checkValues("allowedClients", allowedClients);
    }

    private static void checkValues(String parameter, List<String> values) {
        for (String value : values) {
            if (value.isBlank()) {
                throw new InvalidInputException(parameter, value, "a value must not be blank.",
                        "Remove the blank value.");
            }
        }
    }

    private static boolean isAbsoluteUrl(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() != null && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Audiences and clients are sets to the service, so they are kept sorted to compare as such. */
    private static List<String> sortedCopy(List<String> values) {
        if (values == null) {
            return List.of();
        }
        List<String> copy = new ArrayList<>(values);
        copy.removeIf(value -> value == null);
        Collections.sort(copy);
        return List.copyOf(copy);
    }
}
