package io.agentdeploy.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --[no-]rollback} option, declared once per command: {@code deploy} applies it to both
 * the AgentCore and the Kubernetes layer, so it cannot live in the per-layer mixins.
 */
final class RollbackOption {

    @Option(names = "--rollback", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Restore the previous good state when the layer fails after changing something: the"
                    + " AgentCore endpoints go back to the previous version, the Kubernetes objects to the last"
                    + " successful deployment (--no-rollback leaves the failed state in place). Default: ${DEFAULT-VALUE}.")
    boolean rollback = true;
}
