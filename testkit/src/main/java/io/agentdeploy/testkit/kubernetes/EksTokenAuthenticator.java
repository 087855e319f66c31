package io.agentdeploy.testkit.kubernetes;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks EKS bearer tokens as the cluster's authenticator (aws-iam-authenticator) does: the
 * {@code k8s-aws-v1.} prefix, an unpadded base64url presigned STS URL, only the expected query
 * parameters, {@code x-k8s-aws-id} among the signed headers, an {@code X-Amz-Date} less than 15
 * minutes old, and the host of the configured STS endpoint. It then calls that URL (the STS double,
 * on loopback) with the {@code x-k8s-aws-id} header, reads the caller's ARN, and maps it to a
 * Kubernetes user through an access entry. An assumed-role ARN matches the entry of its role.
 *
 * <p>Verified identities are cached per token until the token expires, as the real authenticator
 * caches them, so that a watch does not call STS for every request.
 */
final class EksTokenAuthenticator {

    static final String PREFIX = "k8s-aws-v1.";
    private static final Duration VALIDITY = Duration.ofMinutes(15);
    private static final Set<String> ALLOWED_PARAMETERS = Set.of("action", "version", "x-amz-algorithm", "x-amz-credential",
            "x-amz-date", "x-amz-expires", "x-amz-security-token", "x-amz-signature", "x-amz-signedheaders");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern ARN = Pattern.compile("<Arn>([^<]+)</Arn>");
    private static final Pattern ASSUMED_ROLE = Pattern.compile("arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([^/]+)/.+");

    /** The outcome of a check: the user, or why the token was refused. */
    record Result(String username, String problem) {
        boolean authenticated() {
            return username != null;
        }
    }

    private record Cached(String username, Instant expires) {
    }

    private final URI stsEndpoint;
    private final String clusterName;
    private final Clock clock;
    private final Map<String, String> accessEntries = new ConcurrentHashMap<>();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    EksTokenAuthenticator(URI stsEndpoint, String clusterName, Clock clock) {
        this.stsEndpoint = stsEndpoint;
        this.clusterName = clusterName;
        this.clock = clock;
    }

    void addAccessEntry(String principalArn, String username) {
        accessEntries.put(principalArn, username);
    }

    Result authenticate(String token) {
        Instant now = clock.instant();
        Cached cached = cache.get(token);
        if (cached != null && now.isBefore(cached.expires())) {
            return new Result(cached.username(), null);
        }
        URI url;
        try {
            url = URI.create(new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return new Result(null, "the token is not base64url");
        }
        if (url.getPort() != stsEndpoint.getPort() || !stsEndpoint.getHost().equals(url.getHost())) {
            return new Result(null, "the token's host " + url.getHost() + " is not the STS endpoint");
        }
        Map<String, String> query = query(url.getRawQuery());
        Optional<String> bad = query.keySet().stream().filter(k -> !ALLOWED_PARAMETERS.contains(k.toLowerCase())).findFirst();
        if (bad.isPresent()) {
            return new Result(null, "the token has the unexpected parameter " + bad.get());
        }
        String signedHeaders = query.getOrDefault("X-Amz-SignedHeaders", "");
        if (!Arrays.asList(signedHeaders.split(";")).contains("x-k8s-aws-id")) {
            return new Result(null, "x-k8s-aws-id is not a signed header");
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(query.getOrDefault("X-Amz-Date", "")));
        } catch (DateTimeParseException e) {
            return new Result(null, "the token has no valid X-Amz-Date");
        }
        if (now.isAfter(signedAt.plus(VALIDITY)) || signedAt.isAfter(now.plus(Duration.ofMinutes(5)))) {
            return new Result(null, "the token expired (signed at " + signedAt + ")");
        }
        String arn;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).header("x-k8s-aws-id", clusterName)
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            Matcher matcher = ARN.matcher(response.body());
            if (response.statusCode() != 200 || !matcher.find()) {
                return new Result(null, "STS refused the token with " + response.statusCode());
            }
            arn = matcher.group(1);
        } catch (IOException e) {
            return new Result(null, "STS could not be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "interrupted");
        }
        String username = accessEntries.get(principalArn(arn));
        if (username == null) {
            return new Result(null, "no access entry for " + arn);
        }
        cache.put(token, new Cached(username, signedAt.plus(VALIDITY)));
        return new Result(username, null);
    }

    /** Returns the ARN an access entry names: the role ARN for an assumed-role session, else the ARN itself. */
    private static String principalArn(String arn) {
        Matcher assumed = ASSUMED_ROLE.matcher(arn);
        return assumed.matches() ? "arn:" + assumed.group(1) + ":iam::" + assumed.group(2) + ":role/" + assumed.group(3) : arn;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
