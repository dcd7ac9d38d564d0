package dev.iamkeyremediator.rules;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A user's exemption, read from its exemption tag, whose key matches in any case (IAM treats tag keys
 * case-insensitively): {@code true} (any case) exempts for good, a date {@code YYYY-MM-DD} exempts through that day
 * (UTC); {@code false}, {@code no}, an empty value or no tag does not exempt. Any other value is treated as exempt,
 * since its author meant to exempt the user, and the digest says how to write it.
 *
 * @param exempt    whether the user is exempt today
 * @param note      what the digest says about it (empty when there is no tag)
 * @param lastDay   for a dated exemption in force, its last exempt day
 */
public record Exemption(boolean exempt, String note, Optional<LocalDate> lastDay) {

    public static final Exemption NONE = new Exemption(false, "", Optional.empty());
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** The exemption the user's tags hold on {@code today}. */
    public static Exemption fromTags(String tagKey, Map<String, String> tags, LocalDate today) {
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().equalsIgnoreCase(tagKey)) {
                return fromTag(tag.getKey(), tag.getValue(), today);
            }
        }
        return NONE;
    }

    static Exemption fromTag(String tagKey, String value, LocalDate today) {
        if (value == null) {
            return NONE;
        }
        String trimmed = value.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.equals("true")) {
            return new Exemption(true, "tag %s=true".formatted(tagKey), Optional.empty());
        }
        if (lower.equals("false") || lower.equals("no") || lower.isEmpty()) {
            return new Exemption(false, "tag %s='%s' does not exempt".formatted(tagKey, trimmed), Optional.empty());
        }
        if (DATE.matcher(trimmed).matches()) {
            try {
                LocalDate until = LocalDate.parse(trimmed);
                return today.isAfter(until)
                        ? new Exemption(false, "exemption ended %s".formatted(until), Optional.empty())
                        : new Exemption(true, "tag %s: exempt through %s".formatted(tagKey, until), Optional.of(until));
            } catch (DateTimeParseException e) {
                // not a calendar date (2026-02-30): treated like any unrecognised value below
            }
        }
        return new Exemption(true, "tag %s has unrecognised value '%s', treated as exempt; use true or YYYY-MM-DD"
                .formatted(tagKey, trimmed.length() > 40 ? trimmed.substring(0, 40) + "..." : trimmed), Optional.empty());
    }

    /** The first day the user is no longer exempt, for a dated exemption. */
    public Optional<LocalDate> endsOn() {
        return lastDay.map(d -> d.plusDays(1));
    }
}
