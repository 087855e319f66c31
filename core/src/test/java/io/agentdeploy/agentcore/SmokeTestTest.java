package io.agentdeploy.agentcore;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.SoftAssertions;
import org.junit.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

public class SmokeTestTest {

    private static final String REPLY = "{\"status\":\"ok\",\"result\":{\"items\":[{\"id\":\"a/b\"}]},\"count\":2}";

    @Test
    public void replyChecksByCase() {
        SoftAssertions softly = new SoftAssertions();

        softly.assertThat(problem(test(), 200, REPLY)).as("no expectation").isNull();
        softly.assertThat(problem(test(), 500, REPLY)).as("server error").isEqualTo("the reply had HTTP status 500.");
        softly.assertThat(problem(new SmokeTest("{}", "\"ok\"", null, null), 200, REPLY)).as("text found").isNull();
        softly.assertThat(problem(new SmokeTest("{}", "fine", null, null), 200, REPLY)).as("text missing")
                .isEqualTo("the reply does not contain 'fine'.");
        softly.assertThat(problem(test().withField("status=ok"), 200, REPLY)).as("field value").isNull();
        softly.assertThat(problem(test().withField("count=2"), 200, REPLY)).as("number as text").isNull();
        softly.assertThat(problem(test().withField("result.items.0.id=a/b"), 200, REPLY)).as("dotted path").isNull();
        softly.assertThat(problem(test().withField("/result/items/0/id"), 200, REPLY)).as("pointer, any value")
                .isNull();
        softly.assertThat(problem(test().withField("status=failed"), 200, REPLY)).as("wrong value")
                .isEqualTo("the field 'status' is 'ok', not 'failed'.");
        softly.assertThat(problem(test().withField("missing"), 200, REPLY)).as("missing field")
                .isEqualTo("the reply has no field 'missing'.");
        softly.assertThat(problem(test().withField("status"), 200, "plain text")).as("not JSON")
                .isEqualTo("the reply is not JSON, so it has no field 'status'.");
        softly.assertAll();
    }

    @Test
    public void fieldExpectationKeepsEqualsInValue() {
        SmokeTest test = test().withField("token=a=b");

        assertThat(test.expectedField()).isEqualTo("token");
        assertThat(test.expectedValue()).isEqualTo("a=b");
    }

    @Test
    public void serviceErrorLeavesOutWhatServiceDidNotSend() {
        AwsServiceException empty = AwsServiceException.builder().statusCode(400).build();
        AwsServiceException described = AwsServiceException.builder().statusCode(424)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("RuntimeClientError")
                        .errorMessage("Runtime initialization time exceeded").build())
                .build();

        assertThat(SmokeTester.serviceError(empty)).isEqualTo("HTTP 400 and no error message.");
        assertThat(SmokeTester.serviceError(described))
                .isEqualTo("RuntimeClientError (HTTP 424): Runtime initialization time exceeded.");
    }

    private static SmokeTest test() {
        return new SmokeTest("{}", null, null, null);
    }

    private static String problem(SmokeTest test, int status, String body) {
        return SmokeTester.problem(test, status, body);
    }
}
