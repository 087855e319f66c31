package io.agentdeploy.testkit.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentdeploy.testkit.CallLog;
import io.agentdeploy.testkit.Faults;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ResourceNotFoundException;

public class EksDoubleTest {

    private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    private EksDouble eks;
    private EksClient client;

    @Before
    public void start() {
        eks = new EksDouble("123456789012", "us-east-1", new CallLog(), new Faults());
        eks.start();
        client = EksClient.builder()
                .endpointOverride(eks.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIATEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @After
    public void stop() {
        client.close();
        eks.close();
    }

    @Test
    public void describeReturnsEndpointAndCa() {
        eks.registerCluster("agents", URI.create("https://127.0.0.1:6443"), CA);

        Cluster cluster = client.describeCluster(r -> r.name("agents")).cluster();

        assertThat(cluster.endpoint()).isEqualTo("https://127.0.0.1:6443");
        assertThat(new String(Base64.getDecoder().decode(cluster.certificateAuthority().data()), StandardCharsets.US_ASCII))
                .isEqualTo(CA);
        assertThat(cluster.statusAsString()).isEqualTo("ACTIVE");
        assertThat(cluster.arn()).isEqualTo("arn:aws:eks:us-east-1:123456789012:cluster/agents");
    }

    @Test
    public void unknownClusterIsNotFound() {
        assertThatThrownBy(() -> client.describeCluster(r -> r.name("missing")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("No cluster found for name: missing.");
    }

    @Test
    public void listClustersIsSorted() {
        eks.registerCluster("b", URI.create("https://127.0.0.1:1"), null);
        eks.registerCluster("a", URI.create("https://127.0.0.1:2"), null);

        assertThat(client.listClusters().clusters()).containsExactly("a", "b");
    }
}
