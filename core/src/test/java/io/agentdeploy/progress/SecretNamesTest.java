package io.agentdeploy.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.Test;

public class SecretNamesTest {

    @Test
    public void secretLookingNamesAreFlagged() {
        SoftAssertions softly = new SoftAssertions();

        for (String name : List.of("OPENAI_API_KEY", "API_KEY", "APIKEY", "DB_PASSWORD", "GITHUB_TOKEN",
                "CLIENT_SECRET", "AWS_CREDENTIALS", "apiKey", "slack-token", "KEY")) {
            softly.assertThat(SecretNames.looksSecret(name)).as(name).isTrue();
        }
        for (String name : List.of("MODEL_URL", "LOG_LEVEL", "MONKEY_MODE", "KEYCLOAK_URL", "TOKENIZER_PATH")) {
            softly.assertThat(SecretNames.looksSecret(name)).as(name).isFalse();
        }

        softly.assertAll();
    }
}
