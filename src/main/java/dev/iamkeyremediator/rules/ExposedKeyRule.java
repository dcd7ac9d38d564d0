package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.Seal;
import dev.iamkeyremediator.inventory.SealedValue;
import dev.iamkeyremediator.inventory.User;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * EXPOSED_KEY: AWS has found the key on a public site, or suspects it is compromised. Deactivated at once: no grace,
 * no cap, exemptions overridden (docs/rules.md, "When a key leaks"). Two sources:
 *
 * <ul>
 *   <li>an AWS Health or Trusted Advisor event naming the key ({@link #fromEvent});</li>
 *   <li>the sweep of every scheduled run: a user carrying an AWS managed policy whose name starts with
 *       {@code AWSCompromisedKeyQuarantine} (or the legacy inline {@code AWSExposedCredentialPolicy_DO_NOT_REMOVE}).
 *       The first enforce run that sees the user quarantined writes {@link #QUARANTINED_SINCE}: the user's keys
 *       created before that instant and still Active are exposed; those created after it are the rotation, left
 *       alone with a line saying to detach the policy once the exposed key is gone. Without the tag (dry-run, or the
 *       first sight), every Active key of the user is exposed.</li>
 * </ul>
 */
public final class ExposedKeyRule implements Rule {

    public static final String ID = "EXPOSED_KEY";
    /** When this tool first saw the user quarantined ({@code YYYY-MM-DDTHH:MM:SSZ}). */
    public static final String QUARANTINED_SINCE = "iam-key-remediator:quarantined-since";
    static final String QUARANTINE_PREFIX = "AWSCompromisedKeyQuarantine";
    static final String LEGACY_INLINE = "AWSExposedCredentialPolicy_DO_NOT_REMOVE";
    static final RuleDefinition DEFINITION = new RuleDefinition(List.of(), s -> new ExposedKeyRule());

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String standards() {
        return "AWS Health RISK events, Trusted Advisor Exposed Access Keys, the AWSCompromisedKeyQuarantine policies";
    }

    @Override
    public List<String> requirements() {
        return List.of();
    }

    @Override
    public boolean emergency() {
        return true;
    }

    @Override
    public List<String> findingTypes() {
        return List.of("TTPs/Credential Access", "Effects/Data Exposure");
    }

    /**
     * A quarantined user is read live: which keys predate the quarantine is a matter of key ids; so is a user whose
     * quarantined-since tag is void (the policy detached) and must be removed.
     */
    @Override
    public Optional<String> whyReadLive(User asReported) {
        return quarantinePolicy(asReported).map(p -> "quarantined by AWS (" + p + ")")
                .or(() -> asReported.tags().keySet().stream().filter(k -> k.equalsIgnoreCase(QUARANTINED_SINCE))
                        .findFirst().map(k -> "a void " + QUARANTINED_SINCE + " tag"));
    }

    @Override
    public Optional<String> reportAdvice() {
        return Optional.of("Detach the quarantine policy from the user once the exposed key is deactivated and its"
                + " callers use the new key.");
    }

    /** The quarantine policy the user carries, if any. */
    public static Optional<String> quarantinePolicy(User user) {
        return user.policies().stream()
                .filter(p -> p.startsWith(QUARANTINE_PREFIX) || p.equals(LEGACY_INLINE)).sorted().findFirst();
    }

    /**
     * The instant the tool first saw the user quarantined, when its tag holds one. A tag with a wrong seal (forged or
     * altered) does not count: every active key of the user is then treated as exposed. A tag without a seal (written
     * before sealing, or by hand) or whose seal could not be checked still splits the keys, but only to report
     * those created after it instead of deactivating them, saying that the date is not the tool's own.
     */
    public static Optional<Instant> quarantinedSince(User user) {
        return sinceTag(user).filter(t -> user.seal(t.getKey()) != Seal.WRONG).flatMap(t -> instant(t.getValue()));
    }

    private static Optional<Map.Entry<String, String>> sinceTag(User user) {
        return user.tags().entrySet().stream().filter(t -> t.getKey().equalsIgnoreCase(QUARANTINED_SINCE)).findFirst();
    }

    /** Why a date from a tag the tool cannot vouch for is used, or nothing for its own sealed (or plain) tag. */
    private static String unvouched(User user) {
        return sinceTag(user).map(t -> user.seal(t.getKey())).filter(seal -> !seal.trusted())
                .map(seal -> "; the %s tag %s: check that this key is the rotation".formatted(QUARANTINED_SINCE,
                        seal.why())).orElse("");
    }

    private static Optional<Instant> instant(String value) {
        try {
            return Optional.of(Instant.parse(SealedValue.parse(value).value()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The value of {@link #QUARANTINED_SINCE} for a user first seen quarantined at {@code now}. */
    public static String since(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * The quarantined-since tag: written when the user is first seen quarantined (or its tag does not count: not the
     * tool's, or in the future), removed once it is not.
     */
    public static Optional<QuarantineTag> quarantineTag(User user, Instant now) {
        if (user.root() || !user.source().live()) {
            return Optional.empty();
        }
        Optional<String> present = user.tags().keySet().stream()
                .filter(k -> k.equalsIgnoreCase(QUARANTINED_SINCE)).findFirst();
        boolean quarantined = quarantinePolicy(user).isPresent();
        if (quarantined && quarantinedSince(user).filter(since -> !since.isAfter(now)).isEmpty()) {
            return Optional.of(new QuarantineTag(QUARANTINED_SINCE, Optional.of(since(now)))); // none that counts
        }
        return present.filter(k -> !quarantined).map(k -> new QuarantineTag(k, Optional.empty()));
    }

    @Override
    public List<Finding> evaluate(User user, Map<String, Action> decided, Instant now) {
        Optional<String> policy = quarantinePolicy(user);
        if (policy.isEmpty()) {
            return List.of();
        }
        Optional<Instant> since = quarantinedSince(user).filter(s -> !s.isAfter(now));
        List<Finding> findings = new ArrayList<>();
        for (AccessKey key : user.accessKeys()) {
            if (!key.active()) {
                continue;
            }
            if (since.isPresent() && key.createDate().isAfter(since.get())) {
                findings.add(new Finding(key.accessKeyId(), this, Action.REPORT, since.get(), ("created after the user"
                        + " was quarantined (%s): the rotation, left Active; detach %s once the exposed key is gone%s")
                        .formatted(since.get(), policy.get(), unvouched(user))));
            } else {
                findings.add(new Finding(key.accessKeyId(), this, Action.DEACTIVATE, since.orElse(now),
                        "AWS quarantined the user (%s)%s: the key is exposed".formatted(policy.get(), since
                                .map(s -> " and this key predates it (" + s + ")").orElse(""))));
            }
        }
        return findings;
    }

    /**
     * The finding of an event that names {@code accessKeyId}.
     *
     * @param what the event, for people: its source, its type and the field the key came from
     */
    public Finding fromEvent(String accessKeyId, String what, Instant now) {
        return new Finding(accessKeyId, this, Action.DEACTIVATE, now, "named by " + what + ": the key is exposed");
    }
}
