package io.agentdeploy.testkit;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AWS access keys the local stack accepts: one long-term key pair created with the stack and the
 * temporary keys its STS double issues. The AWS doubles reject requests signed with any other key,
 * as AWS does.
 */
public final class AccessKeys {

    /** A key pair, with the session token of temporary credentials ({@code null} for long-term keys). */
    public record KeyPair(String accessKeyId, String secretAccessKey, String sessionToken) {

        @Override
        public String toString() {
            // The secret and the token are left out on purpose.
            return "KeyPair{" + accessKeyId + "}";
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final Map<String, KeyPair> keys = new ConcurrentHashMap<>();
    private final KeyPair longTerm;

    public AccessKeys() {
        this.longTerm = new KeyPair("AKIA" + random(UPPER, 16), random(UPPER + "abcdefghijklmnopqrstuvwxyz", 40), null);
        keys.put(longTerm.accessKeyId(), longTerm);
    }

    /** The stack's long-term key pair, which the printed environment hands to clients. */
    public KeyPair longTerm() {
        return longTerm;
    }

    /** Issues temporary credentials, as AssumeRole does. */
    public KeyPair issueTemporary() {
        KeyPair pair = new KeyPair("ASIA" + random(UPPER, 16), random(UPPER + "abcdefghijklmnopqrstuvwxyz", 40),
                random(UPPER + "abcdefghijklmnopqrstuvwxyz0123456789", 120));
        keys.put(pair.accessKeyId(), pair);
        return pair;
    }

    public boolean isKnown(String accessKeyId) {
        return accessKeyId != null && keys.containsKey(accessKeyId);
    }

    /** The key pair of an access key id, or {@code null}. */
    public KeyPair find(String accessKeyId) {
        return accessKeyId == null ? null : keys.get(accessKeyId);
    }

    private static String random(String alphabet, int length) {
        StringBuilder value = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            value.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return value.toString();
    }
}
