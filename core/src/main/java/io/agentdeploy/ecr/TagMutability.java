package io.agentdeploy.ecr;

/** Whether an ECR repository lets a push move an existing tag to another image. */
public enum TagMutability {
    /** A tag can be pushed again and then names the newer image (the ECR default). */
    MUTABLE,
    /** A pushed tag can never be overwritten; pushing it again fails. */
    IMMUTABLE
}
