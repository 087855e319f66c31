package io.agentdeploy.agentcore;

/**
 * Derives the {@code clientToken} of a mutating AgentCore call from the build identity, the
 * operation, its target and the desired settings. The SDK would fill in a random token, which
 * protects only its own retries. A derived token is the same when the same build runs again, so the
 * service returns the first call's result instead of acting twice.
 *
 * <p>The service accepts 33 to 256 characters matching {@code [a-zA-Z0-9](-*[a-zA-Z0-9]){0,256}};
 * a SHA-256 in hex (64 characters) satisfies both.
 */
final class ClientTokens {

    private ClientTokens() {
    }

    /**
     * @param seed the build identity, see {@link AgentCoreDeployRequest#clientTokenSeed()}
     * @param operation the API operation, for example {@code CreateAgentRuntime}
     * @param target what the call acts on: the runtime name, or id and current version
     * @param settingsFingerprint {@link RuntimeSettings#fingerprint()} or another digest of the parameters
     */
    static String derive(String seed, String operation, String target, String settingsFingerprint) {
        String input = seed.length() + ":" + seed + "|" + operation + "|" + target.length() + ":" + target + "|"
                + settingsFingerprint;
        return RuntimeSettings.sha256Hex(input);
    }
}
