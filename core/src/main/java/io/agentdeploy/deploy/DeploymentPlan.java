package io.agentdeploy.deploy;

import io.agentdeploy.agentcore.AgentCoreDeployRequest;
import io.agentdeploy.ecr.EcrPushRequest;
import io.agentdeploy.eks.EksDeployRequest;
import io.agentdeploy.error.InvalidInputException;
import java.util.Objects;
import java.util.function.Function;

/**
 * The layers of a full deployment of one agent: push (or take an existing image), then AgentCore, then
 * Kubernetes. The later layers are given as functions of the image reference, because the pushed
 * digest is known only after the push. Every function is called once before anything changes, with
 * a placeholder reference, so that bad input in any layer fails first.
 *
 * @param agent the agent name, for the record
 * @param push the push request, or {@code null} to deploy {@code image} without building
 * @param image the image to deploy when {@code push} is {@code null}
 * @param agentCore the AgentCore request for an image, or {@code null} to skip the layer
 * @param eks the Kubernetes request for an image, or {@code null} to skip the layer
 * @param atomic whether a failed later layer also rolls back the layers already deployed, so AgentCore
 *     and Kubernetes keep serving the same image
 */
public record DeploymentPlan(
        String agent,
        EcrPushRequest push,
        String image,
        Function<String, AgentCoreDeployRequest> agentCore,
        Function<String, EksDeployRequest> eks,
        boolean atomic) {

    public DeploymentPlan {
        Objects.requireNonNull(agent, "agent");
        if (push == null && (image == null || image.isBlank())) {
            throw new InvalidInputException("image", null, "an image is required when the image is not built.",
                    "Pass the image reference, or let the deployment build and push it.");
        }
    }
}
