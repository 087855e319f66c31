package io.agentdeploy.ecr;

import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.Test;

public class ImagePusherTest {

    @Test
    public void onlyTransientDaemonErrorsAreRetried() {
        Map<String, Boolean> cases = Map.ofEntries(
                Map.entry("name unknown: The repository with name 'x' does not exist in the registry", false),
                Map.entry("name unknown", false),
                Map.entry("name invalid: invalid repository name", false),
                Map.entry("manifest invalid: manifest invalid", false),
                Map.entry("tag invalid: The image tag 'v1' already exists", false),
                Map.entry("denied: requested access to the resource is denied", false),
                Map.entry("unauthorized: authentication required", false),
                Map.entry("unknown: Service Unavailable", true),
                Map.entry("toomanyrequests: Rate exceeded", true),
                Map.entry("received unexpected HTTP status: 503 Service Unavailable", true),
                Map.entry("Put \"http://127.0.0.1:5000/v2/x/blobs/uploads/\": EOF", true),
                Map.entry("write tcp 127.0.0.1:40000->127.0.0.1:5000: write: connection reset by peer", true),
                Map.entry("blob unknown: blob unknown to registry", true));

        SoftAssertions softly = new SoftAssertions();
        cases.forEach((message, retried) ->
                softly.assertThat(ImagePusher.isTransient(message)).as(message).isEqualTo(retried));
        softly.assertAll();
    }
}
