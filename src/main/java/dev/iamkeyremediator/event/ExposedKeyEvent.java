package dev.iamkeyremediator.event;

import java.util.Optional;

/**
 * An AWS Health or Trusted Advisor event that says an access key is exposed, as read from its EventBridge envelope.
 * Public samples disagree on where the key and the user are: every known place is read, and {@link #keyField} says
 * which gave the key.
 *
 * @param what        the event, for people: "AWS Health AWS_RISK_CREDENTIALS_EXPOSED" or "Trusted Advisor Exposed
 *                    Access Keys"
 * @param account     the account the event is about (the envelope's {@code account})
 * @param accessKeyId the exposed key, when the event names one
 * @param userName    its user, when the event names it
 * @param keyField    where the key was found, e.g. {@code detail.eventMetadata.publicKey}
 * @param ignored     why the event calls for nothing even if it names a key (a Trusted Advisor check that is no
 *                    longer in error)
 */
public record ExposedKeyEvent(String what, Optional<String> account, Optional<String> accessKeyId,
        Optional<String> userName, String keyField, Optional<String> ignored) {

    /** The event with where its key came from, for the run summary and the digest. */
    public String describe() {
        return accessKeyId.map(k -> "%s (key from %s)".formatted(what, keyField)).orElse(what);
    }
}
