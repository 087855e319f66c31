package io.agentdeploy.testkit;

/**
 * Answers whether an image reference can be pulled from the local registry. An ECR reference such
 * as {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com/repo@sha256:...} is looked up by its
 * repository path, so the AWS doubles and the simulated kubelet see what a real pull would see.
 */
@FunctionalInterface
public interface ImageLookup {

    /** An image lookup that finds every image, for tests that do not involve a registry. */
    ImageLookup ANY = reference -> true;

    boolean exists(String imageReference);
}
