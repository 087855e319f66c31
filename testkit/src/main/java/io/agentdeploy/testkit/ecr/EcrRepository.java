package io.agentdeploy.testkit.ecr;

import java.time.Instant;
import java.util.Map;

/**
 * A repository as the ECR double stores it, for tests to read back what a client created.
 *
 * @param name the repository name
 * @param arn {@code arn:aws:ecr:<region>:<account>:repository/<name>}
 * @param registryId the account id
 * @param uri {@code <account>.dkr.ecr.<region>.amazonaws.com/<name>}
 * @param createdAt when it was created
 * @param scanOnPush the basic scan-on-push setting
 * @param tagMutability {@code MUTABLE}, {@code IMMUTABLE} or one of the {@code _WITH_EXCLUSION} values
 * @param encryptionType {@code AES256}, {@code KMS} or {@code KMS_DSSE}
 * @param kmsKey the KMS key for KMS encryption, or {@code null}
 * @param lifecyclePolicyText the lifecycle policy JSON, or {@code null} when none is set
 * @param tags the resource tags
 */
public record EcrRepository(
        String name,
        String arn,
        String registryId,
        String uri,
        Instant createdAt,
        boolean scanOnPush,
        String tagMutability,
        String encryptionType,
        String kmsKey,
        String lifecyclePolicyText,
        Map<String, String> tags) {

    public EcrRepository {
        tags = Map.copyOf(tags);
    }

    /** Whether pushing an existing tag again is refused. */
    public boolean immutable() {
        return tagMutability.startsWith("IMMUTABLE");
    }

    EcrRepository withScanOnPush(boolean value) {
        return new EcrRepository(name, arn, registryId, uri, createdAt, value, tagMutability, encryptionType, kmsKey,
                lifecyclePolicyText, tags);
    }

    EcrRepository withTagMutability(String value) {
        return new EcrRepository(name, arn, registryId, uri, createdAt, scanOnPush, value, encryptionType, kmsKey,
                lifecyclePolicyText, tags);
    }

    EcrRepository withLifecyclePolicyText(String value) {
        return new EcrRepository(name, arn, registryId, uri, createdAt, scanOnPush, tagMutability, encryptionType,
                kmsKey, value, tags);
    }

    EcrRepository withTags(Map<String, String> value) {
        return new EcrRepository(name, arn, registryId, uri, createdAt, scanOnPush, tagMutability, encryptionType,
                kmsKey, lifecyclePolicyText, value);
    }
}
