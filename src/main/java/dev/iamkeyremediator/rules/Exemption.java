package dev.iamkeyremediator.rules;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A user's exemption, read from its exemption tag: {@code true} (any case) exempts for good, a date
 * {@code YYYY-MM-DD} exempts through that day (UTC), {@code false} or no tag does not exempt. Any other value is
 * treated as exempt, since its author meant to exempt the user, and the digest says how to write it.
 *
 * @param exempt whether the user is exempt today
 * @param note   what the digest says about it (empty when there is no tag)
 */
public record Exemption(boolean exempt, String note) {

    public static final Exemption NONE = new Exemption(false, "");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    public static Exemption fromTag(String tagKey, String value, LocalDate today) {
        if (value == null) {
            return NONE;
        }
        String trimmed = value.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.equals("true")) {
            return new Exemption(true, "tag %s=true".formatted(tagKey));
        }
        if (lower.equals("false")) {
            return NONE;
        }
        if (DATE.matcher(trimmed).matches()) {
            try {
                LocalDate until = LocalDate.parse(trimmed);
                return today.isAfter(until)
                        ? new Exemption(false, "exemption ended %s".formatted(until))
                        : new Exemption(true, "tag %s: exempt through %s".formatted(tagKey, until));
            } catch (DateTimeParseException e) {
                // not a calendar date (2026-02-30): treated like any unrecognised value below
            }
        }
        return new Exemption(true, "tag %s has unrecognised value '%s', treated as exempt; use true or YYYY-MM-DD"
                .formatted(tagKey, trimmed.length() > 40 ? trimmed.substring(0, 40) + "..." : trimmed));
    }
}
