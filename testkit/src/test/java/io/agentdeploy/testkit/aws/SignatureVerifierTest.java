package io.agentdeploy.testkit.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentdeploy.testkit.AccessKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Checks {@link SignatureVerifier} against requests as the AWS CLI sends them. Each request was
 * signed by botocore 1.43.11 ({@code SigV4Auth} and {@code SigV4QueryAuth}, as aws-cli 1.45.11 uses
 * them) with the key below at 2026-01-15T10:30:00Z and is written out as it arrives on the wire.
 * botocore signs no {@code x-amz-content-sha256} header, unlike the Java SDK, whose requests
 * {@code SignatureVerificationTest} checks.
 */
public class SignatureVerifierTest {

    private static final AccessKeys.KeyPair CLI_KEY = new AccessKeys.KeyPair("AKIDEXAMPLE00000CLI1",
            "cli-test-secret-key", null);
    private static final String SCOPE = "Credential=AKIDEXAMPLE00000CLI1/20260115/us-east-1/";

    private static final WireRequest STS_GET_CALLER_IDENTITY = new WireRequest("POST", "/", Map.of(
            "content-type", "application/x-www-form-urlencoded; charset=utf-8",
            "x-amz-date", "20260115T103000Z",
            "authorization", "AWS4-HMAC-SHA256 " + SCOPE + "sts/aws4_request, SignedHeaders=content-type;host;x-amz-date,"
                    + " Signature=0f4447369564bb4e011d553c80488aeb38a35cef884f53e03e05c5d58c060fc3",
            "content-length", "43"),
            "Action=GetCallerIdentity&Version=2011-06-15");
    private static final WireRequest ECR_DESCRIBE_REPOSITORIES = new WireRequest("POST", "/", Map.of(
            "x-amz-target", "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories",
            "content-type", "application/x-amz-json-1.1",
            "x-amz-date", "20260115T103000Z",
            "authorization", "AWS4-HMAC-SHA256 " + SCOPE + "ecr/aws4_request,"
                    + " SignedHeaders=content-type;host;x-amz-date;x-amz-target,"
                    + " Signature=2a07fe54bd654b14f4424f0d57e42cf16f4dea35165d1a20db75a6f539446fde",
            "content-length", "2"),
            "{}");
    private static final WireRequest AGENTCORE_LIST_RUNTIMES = new WireRequest("POST", "/runtimes/", Map.of(
            "x-amz-date", "20260115T103000Z",
            "authorization", "AWS4-HMAC-SHA256 " + SCOPE + "bedrock-agentcore/aws4_request,"
                    + " SignedHeaders=host;x-amz-date,"
                    + " Signature=c79ee1d10b0610db21386d694e9f024d3a9e4e29f27c248790d87e0cedb2a8a0",
            "content-length", "0"),
            "");
    /** An invocation: a runtime ARN encoded into the path, a query parameter and a custom signed header. */
    private static final WireRequest AGENTCORE_INVOKE = new WireRequest("POST", "/runtimes/arn%3Aaws%3Abedrock-agentcore"
            + "%3Aus-east-1%3A123456789012%3Aruntime%2Fchat_agent-abcdefghij/invocations?qualifier=DEFAULT", Map.of(
            "content-type", "application/json",
            "x-amzn-bedrock-agentcore-runtime-session-id", "s".repeat(33),
            "x-amz-date", "20260115T103000Z",
            "authorization", "AWS4-HMAC-SHA256 " + SCOPE + "bedrock-agentcore/aws4_request,"
                    + " SignedHeaders=content-type;host;x-amz-date;x-amzn-bedrock-agentcore-runtime-session-id,"
                    + " Signature=d789e02c64c3f2f933977ba706540cbfd2ddf37710995ad823e26f5b0185896e",
            "content-length", "16"),
            "{\"prompt\": \"hi\"}");
    /** A presigned GetCallerIdentity URL shaped like the one in an EKS token: 60 s expiry, x-k8s-aws-id signed. */
    private static final WireRequest STS_PRESIGNED = new WireRequest("GET", "/?Action=GetCallerIdentity"
            + "&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIDEXAMPLE00000CLI1%2F20260115%2Fus-east-1%2Fsts%2Faws4_request"
            + "&X-Amz-Date=20260115T103000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id"
            + "&X-Amz-Signature=3278ed4e2a2e039d8078e82c4509b4e1fd9640e92f54332f561bb6bc5ec5f904", Map.of(
            "x-k8s-aws-id", "agents-local"),
            "");

    private static final List<WireRequest> CLI_REQUESTS = List.of(STS_GET_CALLER_IDENTITY, ECR_DESCRIBE_REPOSITORIES,
            AGENTCORE_LIST_RUNTIMES, AGENTCORE_INVOKE, STS_PRESIGNED);

    @Test
    public void cliRequestsMatchTheirKey() {
        for (WireRequest request : CLI_REQUESTS) {
            boolean matches = request.matches(CLI_KEY);

            assertThat(matches).as(request.target()).isTrue();
        }
    }

    @Test
    public void cliRequestsFailWithWrongSecret() {
        AccessKeys.KeyPair wrongSecret = new AccessKeys.KeyPair(CLI_KEY.accessKeyId(), "not-the-secret", null);

        for (WireRequest request : CLI_REQUESTS) {
            boolean matches = request.matches(wrongSecret);

            assertThat(matches).as(request.target()).isFalse();
        }
    }

    @Test
    public void changedBodyFails() {
        WireRequest changed = new WireRequest("POST", "/", STS_GET_CALLER_IDENTITY.headers(),
                "Action=GetCallerIdentity&Version=2011-06-16");

        boolean matches = changed.matches(CLI_KEY);

        assertThat(matches).isFalse();
    }

    @Test
    public void changedSignedHeaderFails() {
        Map<String, String> headers = new LinkedHashMap<>(ECR_DESCRIBE_REPOSITORIES.headers());
        headers.put("x-amz-target", "AmazonEC2ContainerRegistry_V20150921.DeleteRepository");
        WireRequest changed = new WireRequest("POST", "/", headers, "{}");

        boolean matches = changed.matches(CLI_KEY);

        assertThat(matches).isFalse();
    }

    @Test
    public void wrongPayloadHashFails() {
        Map<String, String> headers = new LinkedHashMap<>(STS_GET_CALLER_IDENTITY.headers());
        headers.put("x-amz-content-sha256", "0".repeat(64));
        WireRequest declared = new WireRequest("POST", "/", headers, STS_GET_CALLER_IDENTITY.body());

        boolean matches = declared.matches(CLI_KEY);

        assertThat(matches).isFalse();
    }

    @Test
    public void missingSessionTokenFails() {
        AccessKeys.KeyPair temporary = new AccessKeys.KeyPair(CLI_KEY.accessKeyId(), CLI_KEY.secretAccessKey(),
                "session-token");

        boolean matches = STS_GET_CALLER_IDENTITY.matches(temporary);

        assertThat(matches).isFalse();
    }

    /** A request as it arrives on the wire at host 127.0.0.1:4566: method, request target, headers, body. */
    private record WireRequest(String method, String target, Map<String, String> headers, String body) {

        boolean matches(AccessKeys.KeyPair keys) {
            URI uri = URI.create(target);
            Map<String, List<String>> received = new LinkedHashMap<>();
            received.put("host", List.of("127.0.0.1:4566"));
            received.put("user-agent", List.of("aws-cli/1.45.11 botocore/1.43.11"));
            headers.forEach((name, value) -> received.put(name, List.of(value)));
            AwsRequest request = new AwsRequest(method, uri.getPath(), uri.getRawPath(),
                    AwsRequest.parseForm(uri.getRawQuery()), received, body.getBytes(StandardCharsets.UTF_8));

            return SignatureVerifier.matches(request, uri.getRawQuery(), request.credentialScope(), keys);
        }
    }
}
