package io.agentdeploy.eks;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the {@code helm create} scaffold's pod settings to the built-in Deployment: pod labels and
 * annotations, pull secrets, security contexts merged over the non-root defaults, probes that
 * replace the default ones, scheduling settings and volumes; and builds the autoscaler.
 */
final class ScaffoldManifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private ScaffoldManifests() {
    }

    static void apply(Deployment deployment, AgentValues.Scaffold scaffold) {
        var template = deployment.getSpec().getTemplate();
        scaffold.podLabels().forEach((key, value) -> template.getMetadata().getLabels().putIfAbsent(key, value));
        template.getMetadata().getAnnotations().putAll(scaffold.podAnnotations());
        PodSpec pod = template.getSpec();
        Container container = pod.getContainers().get(0);
        if (!scaffold.imagePullSecrets().isEmpty()) {
            pod.setImagePullSecrets(scaffold.imagePullSecrets().stream().map(LocalObjectReference::new).toList());
        }
        pod.setSecurityContext(merge(pod.getSecurityContext(), scaffold.podSecurityContext(), PodSecurityContext.class));
        container.setSecurityContext(merge(container.getSecurityContext(), scaffold.securityContext(), SecurityContext.class));
        if (!scaffold.livenessProbe().isEmpty()) {
            container.setLivenessProbe(convert(scaffold.livenessProbe(), Probe.class));
        }
        if (!scaffold.readinessProbe().isEmpty()) {
            container.setReadinessProbe(convert(scaffold.readinessProbe(), Probe.class));
        }
        if (!scaffold.startupProbe().isEmpty()) {
            container.setStartupProbe(convert(scaffold.startupProbe(), Probe.class));
        }
        if (!scaffold.nodeSelector().isEmpty()) {
            pod.setNodeSelector(new LinkedHashMap<>(scaffold.nodeSelector()));
        }
        if (!scaffold.tolerations().isEmpty()) {
            pod.setTolerations(scaffold.tolerations().stream().map(t -> convert(t, Toleration.class)).toList());
        }
        if (!scaffold.affinity().isEmpty()) {
            pod.setAffinity(convert(scaffold.affinity(), Affinity.class));
        }
        if (!scaffold.volumes().isEmpty()) {
            pod.setVolumes(scaffold.volumes().stream().map(v -> convert(v, Volume.class)).toList());
        }
        if (!scaffold.volumeMounts().isEmpty()) {
            container.setVolumeMounts(scaffold.volumeMounts().stream().map(v -> convert(v, VolumeMount.class)).toList());
        }
    }

    /** Builds the scaffold's autoscaler ({@code autoscaling/v2}) for the Deployment. */
    static HorizontalPodAutoscaler autoscaler(DeploymentTarget target, AgentValues.Autoscaling autoscaling) {
        List<MetricSpec> metrics = new ArrayList<>();
        if (autoscaling.targetCpu() != null) {
            metrics.add(resourceMetric("cpu", autoscaling.targetCpu()));
        }
        if (autoscaling.targetMemory() != null) {
            metrics.add(resourceMetric("memory", autoscaling.targetMemory()));
        }
        return new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName(target.name()).withNamespace(target.namespace())
                    .withLabels(target.commonLabels()).endMetadata()
                .withNewSpec()
                    .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName(target.name())
                    .endScaleTargetRef()
                    .withMinReplicas(autoscaling.minReplicas())
                    .withMaxReplicas(autoscaling.maxReplicas())
                    .withMetrics(metrics)
                .endSpec()
                .build();
    }

    private static MetricSpec resourceMetric(String name, int utilization) {
        return new MetricSpecBuilder().withType("Resource").withNewResource().withName(name).withNewTarget()
                .withType("Utilization").withAverageUtilization(utilization).endTarget().endResource().build();
    }

    /** Merges the given keys over the default object's, key by key at the top level. */
    private static <T> T merge(T defaults, Map<String, Object> given, Class<T> type) {
        if (given.isEmpty()) {
            return defaults;
        }
        Map<String, Object> merged = new LinkedHashMap<>(SERIALIZATION.convertValue(defaults, Map.class));
        merged.putAll(given);
        return convert(merged, type);
    }

    private static <T> T convert(Object value, Class<T> type) {
        return SERIALIZATION.convertValue(value, type);
    }
}
