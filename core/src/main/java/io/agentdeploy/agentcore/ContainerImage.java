package io.agentdeploy.agentcore;

import io.agentdeploy.error.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private Amazon ECR image reference, the only kind of container URI AgentCore Runtime accepts
 * (API shape {@code containerUri} of bedrock-agentcore-control 2023-06-05, as shipped in SDK 2.40.2).
 *
 * @param uri the reference as given
 * @param account the registry's 12-digit account
 * @param region the registry's region
 * @param repository the repository path
 * @param tag the tag, or {@code null}
 * @param digest the {@code sha256:} digest, or {@code null}
 */
record ContainerImage(String uri, String account, String region, String repository, String tag, String digest) {

    static final int MAX_LENGTH = 1024;

    /** The service's containerUri pattern: private ECR host, repository path, optional tag and digest. */
    private static final Pattern ECR_URI = Pattern.compile("([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com/"
            + "((?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)(?::([^:@]{1,300}))?(?:@(.+))?");

    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

    /**
     * Parses and checks an image reference.
     *
     * @throws InvalidInputException when it is missing, too long, not a private ECR reference or has a malformed digest
     */
    static ContainerImage parse(String parameter, String uri) {
        if (uri == null || uri.isBlank()) {
            throw new InvalidInputException(parameter, null, "a container image is required.",
                    "Pass the image pushed by 'agent-deploy push', for example"
                            + " '123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-agent@sha256:...'.");
        }
        if (uri.length() > MAX_LENGTH) {
            throw new InvalidInputException(parameter, null, "the image reference has " + uri.length()
                    + " characters; AgentCore accepts at most " + MAX_LENGTH + ".", "Use a shorter tag or the digest.");
        }
        Matcher matcher = ECR_URI.matcher(uri);
        if (!matcher.matches()) {
            throw new InvalidInputException(parameter, uri,
                    "AgentCore Runtime runs only images from a private Amazon ECR repository, referenced as"
                            + " '<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag][@sha256:digest]'.",
                    "Push the image to a private ECR repository in the runtime's region first.");
        }
        String digest = matcher.group(5);
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw new InvalidInputException(parameter, uri,
                    "the digest after '@' must be 'sha256:' followed by 64 lowercase hex digits.",
                    "Copy the digest that the push reported.");
        }
        return new ContainerImage(uri, matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4), digest);
    }

    /** True when the reference may point at different content over time: no digest, and no tag or {@code latest}. */
    boolean floatingTag() {
        return digest == null && (tag == null || tag.equals("latest"));
    }
}
