package io.agentdeploy.eks;

import io.agentdeploy.aws.AwsClients;
import io.agentdeploy.error.DeploymentCancelledException;
import java.util.List;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ClusterStatus;
import software.amazon.awssdk.services.eks.model.EksException;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

/**
 * Reads an EKS cluster's API endpoint and CA with DescribeCluster, the first half of access
 * without a kubeconfig. SDK errors become {@link KubernetesDeployException}s that name the cluster,
 * the region and, for a denial, the missing IAM permission.
 */
final class EksClusters {

    /**
     * @param url the API server URL (https for a real cluster)
     * @param caData the base64 PEM CA certificate, or {@code null} when the cluster has none (plain HTTP)
     */
    record Endpoint(String url, String caData) {
    }

    private final AwsClients aws;

    EksClusters(AwsClients aws) {
        this.aws = aws;
    }

    Endpoint describe(String name) {
        EksClient eks = aws.eks();
        Cluster cluster;
        try {
            cluster = eks.describeCluster(r -> r.name(name)).cluster();
        } catch (ResourceNotFoundException e) {
            throw failure("EKS cluster '" + name + "' does not exist in " + aws.region() + ". Check the cluster name and"
                    + " the region (aws eks list-clusters --region " + aws.region() + ").", name, "ResourceNotFound", e);
        } catch (EksException e) {
            String code = e.awsErrorDetails() == null ? String.valueOf(e.statusCode()) : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 403 || "AccessDeniedException".equals(code)) {
                throw failure("The AWS identity may not describe EKS cluster '" + name + "' in " + aws.region() + " ("
                        + code + "). It needs the IAM permission eks:DescribeCluster on the cluster.", name, code, e);
            }
            throw failure("DescribeCluster for EKS cluster '" + name + "' in " + aws.region() + " failed: " + code + ": "
                    + e.awsErrorDetails().errorMessage(), name, code, e);
        } catch (AbortedException e) {
            throw DeploymentCancelledException.interrupted("describing EKS cluster '" + name + "'");
        } catch (SdkClientException e) {
            throw failure("Could not reach the EKS API in " + aws.region() + " to describe cluster '" + name + "': "
                    + e.getMessage(), name, "Unreachable", e);
        }
        if (cluster.status() != ClusterStatus.ACTIVE && cluster.status() != ClusterStatus.UPDATING) {
            throw failure("EKS cluster '" + name + "' is " + cluster.statusAsString() + ", not ACTIVE. Wait until it is"
                    + " active, or pick another cluster.", name, cluster.statusAsString(), null);
        }
        if (cluster.endpoint() == null || cluster.endpoint().isBlank()) {
            throw failure("EKS cluster '" + name + "' has no API endpoint yet.", name, "NoEndpoint", null);
        }
        String ca = cluster.certificateAuthority() == null ? null : cluster.certificateAuthority().data();
        return new Endpoint(cluster.endpoint(), ca == null || ca.isBlank() ? null : ca);
    }

    private static KubernetesDeployException failure(String message, String cluster, String reason, Throwable cause) {
        return new KubernetesDeployException(message, null, cluster, reason, List.of(), cause);
    }
}
