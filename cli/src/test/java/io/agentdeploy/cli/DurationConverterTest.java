package io.agentdeploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.Test;
import picocli.CommandLine.TypeConversionException;

public class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    public void shortFormsConvert() {
        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(converter.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(converter.convert("2H")).isEqualTo(Duration.ofHours(2));
    }

    @Test
    public void isoFormConverts() {
        assertThat(converter.convert("PT15M")).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    public void otherTextIsRejected() {
        for (String value : new String[] {"15", "m", "", "15 minutes", "1m1h"}) {
            assertThatThrownBy(() -> converter.convert(value)).as(value)
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessage("'" + value + "' is not a duration; write it as 90s, 15m, 1h30m or PT15M.");
        }
    }

    @Test
    public void formatWritesShortForm() {
        assertThat(DurationConverter.format(Duration.ofHours(3))).isEqualTo("3h");
        assertThat(DurationConverter.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(DurationConverter.format(Duration.ofSeconds(3725))).isEqualTo("1h2m5s");
        assertThat(DurationConverter.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(DurationConverter.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(DurationConverter.format(Duration.ofMillis(1500))).as("fraction").isEqualTo("PT1.5S");
    }
}
