package io.agentdeploy.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations as people write them on a command line: {@code 90s}, {@code 15m}, {@code 1h30m},
 * or ISO-8601 such as {@code PT15M}.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    /** Hours, minutes and seconds in that order, each optional, at least one present. */
    private static final Pattern SHORT_FORM = Pattern.compile("(?=\\d)(\\d+h)?(\\d+m)?(\\d+s)?", Pattern.CASE_INSENSITIVE);

    @Override
    public Duration convert(String value) {
        String trimmed = value.trim();
        try {
            if (SHORT_FORM.matcher(trimmed).matches()) {
                // "1h30m" is ISO-8601's "PT1H30M" without the prefix.
                return Duration.parse("PT" + trimmed.toUpperCase(Locale.ROOT));
            }
            return Duration.parse(trimmed);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not a duration; write it as 90s, 15m, 1h30m or PT15M.");
        }
    }

    /**
     * Writes a duration in the short form this converter reads, such as {@code 3h} or {@code 1h30m},
     * or in ISO-8601 when it has a fraction of a second or is negative.
     */
    static String format(Duration duration) {
        if (duration.isNegative() || duration.getNano() != 0) {
            return duration.toString();
        }
        if (duration.isZero()) {
            return "0s";
        }
        long seconds = duration.getSeconds();
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 != 0) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }
}
