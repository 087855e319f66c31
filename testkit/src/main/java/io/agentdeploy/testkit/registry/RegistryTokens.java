package io.agentdeploy.testkit.registry;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registry passwords issued by the ECR double's GetAuthorizationToken, each with an expiry, and the
 * check the {@link RegistryGateway} applies to a request's Basic credentials. The user name is
 * always {@value #USER}, as with Amazon ECR.
 */
public final class RegistryTokens {

    public static final String USER = "AWS";

    /** Outcome of checking a request's credentials. */
    public enum Check {
        VALID,
        /** No Authorization header, or not Basic. */
        MISSING,
        /** A user or password this store never issued. */
        UNKNOWN,
        EXPIRED
    }

    /**
     * One issued password.
     *
     * @param password the registry password (a secret)
     * @param expiresAt when the gateway stops accepting it
     */
    public record Token(String password, Instant expiresAt) {

        /** {@code base64(AWS:password)}, the form GetAuthorizationToken returns. */
        public String authorizationToken() {
            return Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Token{expiresAt=" + expiresAt + "}";
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    /** Fixed user names and passwords of a plain registry login, as a non-ECR registry has them. */
    private final Map<String, String> fixedLogins = new ConcurrentHashMap<>();
    private final Clock clock;

    public RegistryTokens(Clock clock) {
        this.clock = clock;
    }

    public RegistryTokens() {
        this(Clock.systemUTC());
    }

    /** Issues a new random password valid for {@code validity} from now. */
    public Token issue(Duration validity) {
        byte[] bytes = new byte[48];
        random.nextBytes(bytes);
        // Real ECR passwords are long opaque strings; URL-safe base64 keeps this one free of ':'.
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = clock.instant().plus(validity);
        expiries.put(password, expiresAt);
        return new Token(password, expiresAt);
    }

    /** Every token issued so far, for tests that check a password never leaks. */
    public List<Token> issued() {
        return expiries.entrySet().stream().map(e -> new Token(e.getKey(), e.getValue())).toList();
    }

    /** Makes every issued password expired, as if 12 hours had passed. */
    public void expireAll() {
        Instant past = clock.instant().minusSeconds(1);
        expiries.replaceAll((password, expiry) -> past);
    }

    /**
     * Also accepts a fixed user name and password that never expires, as a registry with an htpasswd
     * file does; the gateway then serves as a plain, non-ECR registry for that user.
     */
    public void allow(String username, String password) {
        fixedLogins.put(username, password);
    }

    /** Checks the value of an {@code Authorization} header. */
    public Check check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Check.MISSING;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Check.UNKNOWN;
        }
        int colon = decoded.indexOf(':');
        if (colon > 0 && decoded.substring(colon + 1).equals(fixedLogins.get(decoded.substring(0, colon)))) {
            return Check.VALID;
        }
        if (colon < 0 || !decoded.substring(0, colon).equals(USER)) {
            return Check.UNKNOWN;
        }
        Instant expiry = expiries.get(decoded.substring(colon + 1));
        if (expiry == null) {
            return Check.UNKNOWN;
        }
        return clock.instant().isBefore(expiry) ? Check.VALID : Check.EXPIRED;
    }
}
