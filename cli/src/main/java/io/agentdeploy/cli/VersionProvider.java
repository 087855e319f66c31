package io.agentdeploy.cli;

import picocli.CommandLine.IVersionProvider;

/** Prints the version from the jar manifest, or "development" when run from classes. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = AgentDeployCommand.class.getPackage().getImplementationVersion();
        return new String[] {"agent-deploy " + (version == null ? "development" : version)};
    }
}
