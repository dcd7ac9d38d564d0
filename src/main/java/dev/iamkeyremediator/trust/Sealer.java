package dev.iamkeyremediator.trust;

import dev.iamkeyremediator.errors.RunError;
import dev.iamkeyremediator.inventory.Seal;
import dev.iamkeyremediator.inventory.SealedValue;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.rules.BackoutMarkers;
import dev.iamkeyremediator.rules.ExposedKeyRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The tool's own tags, sealed when written and checked when read: every live read of a user passes through
 * {@link #check}, every write of a marker or of the quarantined-since tag through {@link #tagValue}.
 */
public final class Sealer {

    /** Plain tags (no {@code MARKER_KEY_ARN}): nothing is sealed or checked, and the digest says so. */
    public static final Sealer PLAIN = new Sealer(Optional.empty());

    private final Optional<MarkerSeal> seal;
    private final Queue<RunError> failures = new ConcurrentLinkedQueue<>();

    public Sealer(MarkerSeal seal) {
        this(Optional.of(seal));
    }

    private Sealer(Optional<MarkerSeal> seal) {
        this.seal = seal;
    }

    /** Whether tags are sealed in this run. */
    public boolean seals() {
        return seal.isPresent();
    }

    /** Whether a tag is one of the tool's own: a backout marker, or the quarantined-since tag. */
    public static boolean ownTag(String tagKey) {
        return BackoutMarkers.isMarker(tagKey) || tagKey.equalsIgnoreCase(ExposedKeyRule.QUARANTINED_SINCE);
    }

    /**
     * The user with the seal of each of the tool's own tags checked (one KMS call per such tag). A seal that cannot
     * be checked is {@link Seal#UNCHECKED}: the user is still decided on (a key is deactivated without any tag's
     * say), and the failure waits in {@link #failures()} for the run to report.
     */
    public User check(User user) {
        if (seal.isEmpty()) {
            return user;
        }
        Map<String, Seal> seals = new LinkedHashMap<>();
        user.tags().forEach((key, value) -> {
            if (ownTag(key)) {
                seals.put(key, verdict(user, key, value));
            }
        });
        return seals.isEmpty() ? user : user.withSeals(seals);
    }

    private Seal verdict(User user, String tagKey, String tagValue) {
        SealedValue found = SealedValue.parse(tagValue);
        if (found.mac().isEmpty()) {
            return Seal.MISSING;
        }
        try {
            return seal.get().verify(SealedValue.message(SealedValue.accountOf(user), user.userName(), tagKey, found.value()),
                    found.mac().get()) ? Seal.SEALED : Seal.WRONG;
        } catch (SealException e) {
            failures.add(RunError.read(user.userName(), e.operation(), "the seal of tag %s could not be checked: %s"
                    .formatted(tagKey, e.getMessage())));
            return Seal.UNCHECKED;
        }
    }

    /** The seals that could not be checked since the last call, taken: one error each, for the run to report. */
    public List<RunError> failures() {
        List<RunError> taken = new ArrayList<>();
        for (RunError e = failures.poll(); e != null; e = failures.poll()) {
            taken.add(e);
        }
        return taken;
    }

    /**
     * The value to write for one of the tool's own tags: sealed when tags are sealed.
     *
     * @throws SealException when the seal cannot be made
     */
    public String tagValue(User user, String tagKey, String value) {
        if (seal.isEmpty()) {
            return value;
        }
        String mac = seal.get().seal(SealedValue.message(SealedValue.accountOf(user), user.userName(), tagKey, value));
        return new SealedValue(value, Optional.of(mac)).tagValue();
    }
}
