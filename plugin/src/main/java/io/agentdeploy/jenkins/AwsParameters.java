package io.agentdeploy.jenkins;

import edu.umd.cs.findbugs.annotations.CheckForNull;

/** The AWS parameters every step accepts; each falls back to the global configuration when unset. */
public interface AwsParameters {

    @CheckForNull String getRegion();

    @CheckForNull String getCredentialsId();

    @CheckForNull String getRoleArn();

    @CheckForNull String getRoleSessionName();

    @CheckForNull String getExternalId();
}
