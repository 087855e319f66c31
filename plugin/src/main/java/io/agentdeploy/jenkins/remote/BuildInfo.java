package io.agentdeploy.jenkins.remote;

import hudson.model.Run;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the engine needs to know about the build on the agent: the build number (the first default
 * image tag), an identity that stays the same when a step is retried in the same build (from which
 * AgentCore derives the client tokens of its mutating calls, so a retry does not create twice), and
 * the Docker daemon settings of the build's environment.
 */
public final class BuildInfo implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String buildNumber;
    private final String identity;
    private final LinkedHashMap<String, String> dockerEnvironment;

    private BuildInfo(String buildNumber, String identity, Map<String, String> dockerEnvironment) {
        this.buildNumber = buildNumber;
        this.identity = identity;
        this.dockerEnvironment = new LinkedHashMap<>(dockerEnvironment);
    }

    /** Reads the job's full name and the build number, for example {@code team/agents#42}. */
    public static BuildInfo of(Run<?, ?> build, Map<String, String> dockerEnvironment) {
        return new BuildInfo(String.valueOf(build.getNumber()),
                build.getParent().getFullName() + "#" + build.getNumber(), dockerEnvironment);
    }

    public String buildNumber() {
        return buildNumber;
    }

    public String identity() {
        return identity;
    }

    /** {@code DOCKER_HOST}, {@code DOCKER_TLS_VERIFY} and {@code DOCKER_CERT_PATH} when the build sets them. */
    public Map<String, String> dockerEnvironment() {
        return dockerEnvironment;
    }
}
