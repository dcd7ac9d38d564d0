package dev.iamkeyremediator.trust;

import dev.iamkeyremediator.inventory.ReadException;
import dev.iamkeyremediator.inventory.Seal;
import dev.iamkeyremediator.inventory.SealedValue;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.rules.BackoutMarkers;
import dev.iamkeyremediator.rules.ExposedKeyRule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tool's own tags, sealed when written and checked when read: every live read of a user passes through
 * {@link #check}, every write of a marker or of the quarantined-since tag through {@link #tagValue}.
 */
public final class Sealer {

    /** Plain tags: nothing is sealed or checked. */
    public static final Sealer PLAIN = new Sealer(MarkerSeal.PLAIN);

    private final MarkerSeal seal;

    public Sealer(MarkerSeal seal) {
        this.seal = seal;
    }

    /** Whether tags are sealed in this run. */
    public boolean seals() {
        return seal.seals();
    }

    /** Whether a tag is one of the tool's own: a backout marker, or the quarantined-since tag. */
    public static boolean ownTag(String tagKey) {
        return BackoutMarkers.isMarker(tagKey) || tagKey.equalsIgnoreCase(ExposedKeyRule.QUARANTINED_SINCE);
    }

    /**
     * The user with the seal of each of the tool's own tags checked (one KMS call per such tag).
     *
     * @throws ReadException when a seal cannot be checked: the user is then not decided on, as for any failed read
     */
    public User check(User user) {
        if (!seal.seals()) {
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
            return seal.verify(SealedValue.message(SealedValue.accountOf(user), user.userName(), tagKey, found.value()),
                    found.mac().get()) ? Seal.SEALED : Seal.WRONG;
        } catch (SealException e) {
            throw new ReadException(e.operation(), "the seal of tag %s could not be checked: %s".formatted(tagKey,
                    e.getMessage()), e);
        }
    }

    /**
     * The value to write for one of the tool's own tags: sealed when tags are sealed.
     *
     * @throws SealException when the seal cannot be made
     */
    public String tagValue(User user, String tagKey, String value) {
        if (!seal.seals()) {
            return value;
        }
        String mac = seal.seal(SealedValue.message(SealedValue.accountOf(user), user.userName(), tagKey, value));
        return new SealedValue(value, Optional.of(mac)).tagValue();
    }
}
