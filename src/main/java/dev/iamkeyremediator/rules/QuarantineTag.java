package dev.iamkeyremediator.rules;

import java.util.Optional;

/**
 * A write of the {@link ExposedKeyRule#QUARANTINED_SINCE} tag: written on the first enforce run that sees the user
 * quarantined, removed once the quarantine policy is detached (the tag is then void).
 *
 * @param tagKey the tag, as IAM stores it when it is removed
 * @param value  the instant to record; empty to remove the tag
 */
public record QuarantineTag(String tagKey, Optional<String> value) {

    public boolean removes() {
        return value.isEmpty();
    }
}
