package dev.iamkeyremediator.inventory;

import java.util.Locale;
import java.util.Optional;

/**
 * The value of one of the tool's own tags: what it records ({@code 2026-12-01}, or an instant), then its seal when
 * markers are sealed: {@code 2026-12-01 mac:<base64url HMAC>}. IAM tag values allow letters, digits, spaces and
 * {@code _ . : / = + - @}, which base64url and the separator keep to.
 *
 * @param value what the tag records
 * @param mac   the seal, base64url without padding; empty for a plain tag
 */
public record SealedValue(String value, Optional<String> mac) {

    static final String SEPARATOR = " mac:";
    /** What the seal signs, versioned so that a later format cannot be confused with this one. */
    static final String FORMAT = "iam-key-remediator/seal/v1";

    /** A tag value as found (any value: a hand-written one has no seal). */
    public static SealedValue parse(String tagValue) {
        String v = tagValue == null ? "" : tagValue.trim();
        int at = v.lastIndexOf(SEPARATOR);
        if (at < 0) {
            return new SealedValue(v, Optional.empty());
        }
        return new SealedValue(v.substring(0, at).trim(), Optional.of(v.substring(at + SEPARATOR.length()).trim()));
    }

    /** The tag value to write. */
    public String tagValue() {
        return mac.map(m -> value + SEPARATOR + m).orElse(value);
    }

    /**
     * What the seal of a tag covers: the account, the user, the tag's name (IAM compares tag keys in any case) and
     * the value, so that a seal copied to another user, key or date does not hold.
     */
    public static String message(String accountId, String userName, String tagKey, String value) {
        return String.join("\n", FORMAT, accountId, userName, tagKey.toLowerCase(Locale.ROOT), value);
    }

    /** The account in a user's ARN ({@code arn:aws:iam::123456789012:user/name}); empty when it has none. */
    public static String accountOf(User user) {
        String[] fields = user.arn() == null ? new String[0] : user.arn().split(":", 6);
        return fields.length == 6 ? fields[4] : "";
    }
}
