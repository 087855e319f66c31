package io.agentdeploy.ecr;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The registry login from one GetAuthorizationToken response: the registry's base URL and host, and
 * the user and password decoded from the token. {@link #toString()} leaves the password out.
 *
 * @param endpoint the registry's base URL ({@code proxyEndpoint}), for example {@code https://<host>}
 * @param host the host and port to tag and push images with, for example {@code <account>.dkr.ecr.<region>.amazonaws.com}
 * @param username the user name, {@code AWS} for ECR
 * @param password the registry password (a secret)
 * @param expiresAt when ECR stops accepting the password, or {@code null} when unknown
 */
record RegistryCredentials(URI endpoint, String host, String username, String password, Instant expiresAt) {

    /**
     * Decodes an ECR authorization token, which is base64 of {@code user:password}.
     *
     * @throws IllegalArgumentException when the token or endpoint is malformed; the message names
     *     what is wrong and never contains the token
     */
    static RegistryCredentials fromAuthorizationToken(String authorizationToken, String proxyEndpoint,
            Instant expiresAt) {
        if (authorizationToken == null || authorizationToken.isBlank()) {
            throw new IllegalArgumentException("the authorization token is empty");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorizationToken.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the authorization token is not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon == decoded.length() - 1) {
            throw new IllegalArgumentException("the decoded authorization token is not of the form user:password");
        }
        URI endpoint = parseEndpoint(proxyEndpoint);
        String host = endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        return new RegistryCredentials(endpoint, host, decoded.substring(0, colon), decoded.substring(colon + 1),
                expiresAt);
    }

    /**
     * A plain user name and password for a registry that is not ECR.
     *
     * @param registry {@code host[:port]}, or an {@code http://} or {@code https://} URL; a bare host
     *     is HTTPS except on loopback addresses, which the Docker daemon also reaches over plain HTTP
     */
    static RegistryCredentials plain(String registry, String username, String password) {
        String text = registry.trim();
        if (!text.contains("://")) {
            String host = text.replaceFirst(":\\d+$", "");
            boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
            text = (loopback ? "http://" : "https://") + text;
        }
        URI endpoint = parseEndpoint(text);
        String host = endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        return new RegistryCredentials(endpoint, host, username, password, null);
    }

    /** The {@code Authorization} header value for registry API calls. */
    String basicAuthorization() {
        String pair = username + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static URI parseEndpoint(String proxyEndpoint) {
        if (proxyEndpoint == null || proxyEndpoint.isBlank()) {
            throw new IllegalArgumentException("the proxy endpoint is empty");
        }
        // ECR returns https://<host>; a bare host is taken as https too.
        String text = proxyEndpoint.contains("://") ? proxyEndpoint.trim() : "https://" + proxyEndpoint.trim();
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the proxy endpoint '" + proxyEndpoint + "' is not a URL");
        }
        boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
        if (!web || uri.getHost() == null) {
            throw new IllegalArgumentException("the proxy endpoint '" + proxyEndpoint + "' is not an http or https URL");
        }
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
    }

    @Override
    public String toString() {
        return "RegistryCredentials{endpoint=" + endpoint + ", username=" + username + ", expiresAt=" + expiresAt + "}";
    }
}
