package io.agentdeploy.jenkins.remote;

import io.agentdeploy.jenkins.Defaults;
import java.nio.file.Path;

/**
 * What the request builders need on the agent besides a step's parameters: the workspace, the global
 * defaults as the step started, the resolved secrets and the build's identity.
 *
 * @param workspace the workspace on the agent; relative paths of the parameters resolve against it
 * @param defaults the global configuration's defaults
 * @param secrets the secrets read on the controller
 * @param build the build number, identity and Docker settings
 */
public record PlanContext(Path workspace, Defaults defaults, StepSecrets secrets, BuildInfo build) {

    /** Resolves a parameter's path against the workspace, or returns {@code null} for none. */
    public Path resolve(String relative) {
        return relative == null ? null : workspace.resolve(relative).normalize();
    }
}
