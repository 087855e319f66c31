package io.agentdeploy.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bearer tokens of registries that use the distribution token flow (Harbor, GitLab, Docker Hub and
 * others): after a 401 with {@code WWW-Authenticate: Bearer realm=...,service=...,scope=...}, the
 * token server is asked for a token with the user name and password, and the token is sent for the
 * repository from then on. ECR and htpasswd registries take the password directly and never ask.
 */
final class BearerTokens {

    private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    BearerTokens(HttpClient http) {
        this.http = http;
    }

    /** The Authorization header for a repository, when a token was fetched for it. */
    Optional<String> header(String repository) {
        return Optional.ofNullable(tokens.get(repository)).map(token -> "Bearer " + token);
    }

    /**
     * Fetches a token for the challenge; a failure leaves no token, so the caller's retry gets the
     * registry's 401 again and reports it.
     */
    void fetch(String challenge, RegistryCredentials credentials, String repository) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher matcher = PARAMETER.matcher(challenge);
        while (matcher.find()) {
            parameters.put(matcher.group(1), matcher.group(2));
        }
        String realm = parameters.get("realm");
        if (realm == null) {
            return;
        }
        StringBuilder query = new StringBuilder();
        for (String name : new String[] {"service", "scope"}) {
            if (parameters.containsKey(name)) {
                query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
                        .append(URLEncoder.encode(parameters.get(name), StandardCharsets.UTF_8));
            }
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(realm + query))
                .header("Authorization", credentials.basicAuthorization())
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return;
            }
            JsonNode body = JSON.readTree(response.body());
            String token = body.path("token").asText(body.path("access_token").asText(null));
            if (token != null) {
                tokens.put(repository, token);
            }
        } catch (IOException e) {
            // Left without a token: the repeated call fails with the registry's own 401.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
