package io.agentdeploy.eks;

import io.agentdeploy.error.InvalidInputException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts the deployed image into the containers of rendered or hand-written manifests. A container
 * gets the image when its own image names the same repository path, whatever the registry, tag or
 * digest: {@code agentic-platform-x:dev} in a manifest and
 * {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com/agentic-platform-x@sha256:…} match. Ending
 * with the image in no container is an error, because the deployment would silently run something
 * else (a common complaint about other tools' substitution).
 */
final class ImageSubstitution {

    /** One container whose image was replaced. */
    record Substituted(HasMetadata owner, String container, String before) {
    }

    private ImageSubstitution() {
    }

    /**
     * Replaces the image of every matching container.
     *
     * @throws InvalidInputException when no container matches
     */
    static List<Substituted> apply(List<HasMetadata> objects, String image, String source) {
        String repository = repositoryPath(image);
        List<Substituted> substituted = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (HasMetadata object : objects) {
            PodSpec spec = podSpec(object);
            if (spec == null) {
                continue;
            }
            List<Container> containers = new ArrayList<>(spec.getContainers() == null ? List.of() : spec.getContainers());
            if (spec.getInitContainers() != null) {
                containers.addAll(spec.getInitContainers());
            }
            for (Container container : containers) {
                String current = container.getImage();
                seen.add(current);
                if (current != null && repository.equals(repositoryPath(current))) {
                    substituted.add(new Substituted(object, container.getName(), current));
                    container.setImage(image);
                }
            }
        }
        if (substituted.isEmpty()) {
            throw new InvalidInputException("image", image, "its repository '" + repository + "' matches no container"
                    + " image in " + source + " (they have " + (seen.isEmpty() ? "no containers" : seen) + "), so the"
                    + " image would land in no container.", "Set the container's image to the same repository, with"
                    + " any tag (for example image: " + repository + ":latest), so that it can be substituted.");
        }
        return substituted;
    }

    /** Returns the pod spec of a workload or pod, or {@code null} for other kinds. */
    static PodSpec podSpec(HasMetadata object) {
        if (object instanceof Deployment d && d.getSpec() != null && d.getSpec().getTemplate() != null) {
            return d.getSpec().getTemplate().getSpec();
        }
        if (object instanceof StatefulSet s && s.getSpec() != null && s.getSpec().getTemplate() != null) {
            return s.getSpec().getTemplate().getSpec();
        }
        if (object instanceof DaemonSet d && d.getSpec() != null && d.getSpec().getTemplate() != null) {
            return d.getSpec().getTemplate().getSpec();
        }
        if (object instanceof Job j && j.getSpec() != null && j.getSpec().getTemplate() != null) {
            return j.getSpec().getTemplate().getSpec();
        }
        if (object instanceof CronJob c && c.getSpec() != null && c.getSpec().getJobTemplate() != null
                && c.getSpec().getJobTemplate().getSpec() != null && c.getSpec().getJobTemplate().getSpec().getTemplate() != null) {
            return c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
        }
        if (object instanceof Pod p) {
            return p.getSpec();
        }
        return null;
    }

    /**
     * Returns an image reference's repository path without registry, tag and digest:
     * {@code registry:5000/team/agent:1@sha256:…} gives {@code team/agent}. The first segment is a
     * registry when it has a dot or a port, or is {@code localhost}, as Docker decides. The test is
     * lenient on purpose: a chart rendered without its cluster may produce a malformed registry.
     */
    static String repositoryPath(String image) {
        String reference = image.trim();
        int at = reference.indexOf('@');
        if (at >= 0) {
            reference = reference.substring(0, at);
        }
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        if (colon > slash) {
            reference = reference.substring(0, colon);
        }
        int first = reference.indexOf('/');
        if (first > 0) {
            String head = reference.substring(0, first);
            if (head.contains(".") || head.contains(":") || head.equals("localhost") || head.isEmpty()) {
                reference = reference.substring(first + 1);
            }
        }
        return reference.toLowerCase(Locale.ROOT);
    }

    /** Returns whether the reference names a registry host, as opposed to a bare repository such as {@code agent:1}. */
    static boolean hasRegistry(String image) {
        return !repositoryPath(image).equals(withoutTagAndDigest(image).toLowerCase(Locale.ROOT));
    }

    private static String withoutTagAndDigest(String image) {
        String reference = image.trim();
        int at = reference.indexOf('@');
        if (at >= 0) {
            reference = reference.substring(0, at);
        }
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        return colon > slash ? reference.substring(0, colon) : reference;
    }
}
