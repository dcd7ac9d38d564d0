package dev.iamkeyremediator.rules;

import dev.iamkeyremediator.inventory.Seal;
import dev.iamkeyremediator.inventory.SealedValue;
import dev.iamkeyremediator.inventory.User;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The backout window's record: when this tool deactivates a key, or first sees a key Inactive that it has no record
 * of, it tags the user {@code iam-key-remediator:inactive-since:<AccessKeyId>} = {@code YYYY-MM-DD}. The key is
 * deleted {@code DELETE_AFTER_DAYS} after that date if it is still Inactive and unused since. The role may write only
 * tags under this prefix, so the tool can never exempt a user.
 */
public final class BackoutMarkers {

    public static final String TAG_PREFIX = "iam-key-remediator:inactive-since:";
    /** IAM's limit of tags per user: a user that has them all cannot be marked. */
    public static final int MAX_TAGS_PER_USER = 50;

    private BackoutMarkers() {
    }

    /**
     * One marker as found on a user.
     *
     * @param accessKeyId the key it names
     * @param tagKey      the tag key as IAM stores it (its case may differ from {@link #tagKey(String)})
     * @param since       the date it records; empty when its value is not a date
     * @param value       the tag's value, as found
     * @param seal        whether the tool wrote it (a marker that is not trusted does not count)
     */
    public record Marker(String accessKeyId, String tagKey, Optional<LocalDate> since, String value, Seal seal) {
    }

    public static String tagKey(String accessKeyId) {
        return TAG_PREFIX + accessKeyId;
    }

    /** Whether a tag key is one of this tool's markers (IAM compares tag keys in any case). */
    public static boolean isMarker(String tagKey) {
        return tagKey.regionMatches(true, 0, TAG_PREFIX, 0, TAG_PREFIX.length());
    }

    /** The user's markers by the key id they name, each with the seal its live read found. */
    public static Map<String, Marker> read(User user) {
        return read(user.tags(), user::seal);
    }

    /** Markers in tags whose seals were not checked (plain). */
    public static Map<String, Marker> read(Map<String, String> tags) {
        return read(tags, key -> Seal.PLAIN);
    }

    private static Map<String, Marker> read(Map<String, String> tags, Function<String, Seal> seals) {
        Map<String, Marker> markers = new TreeMap<>();
        tags.forEach((key, value) -> {
            if (isMarker(key) && key.length() > TAG_PREFIX.length()) {
                String keyId = key.substring(TAG_PREFIX.length()).toUpperCase(Locale.ROOT);
                markers.put(keyId, new Marker(keyId, key, date(value), value, seals.apply(key)));
            }
        });
        return markers;
    }

    /** The date a marker records, sealed or not. */
    private static Optional<LocalDate> date(String value) {
        try {
            return Optional.of(LocalDate.parse(SealedValue.parse(value).value()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Which of {@code marks} fit on a user holding {@code tags} once {@code removals} are gone: rewriting a marker
     * that exists takes no room, a new one takes one of IAM's 50 places. Marks that do not fit are left out, by key
     * id order, so the choice is the same on every run.
     *
     * @param marks key ids to mark
     * @return the key ids among {@code marks} that can be written
     */
    public static Set<String> fitting(Map<String, String> tags, Collection<String> removals, Collection<String> marks) {
        Set<String> removedKeys = removals.stream().map(k -> tagKey(k).toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Set<String> present = tags.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT))
                .filter(k -> !removedKeys.contains(k)).collect(Collectors.toSet());
        int free = MAX_TAGS_PER_USER - present.size();
        Set<String> fit = new java.util.TreeSet<>();
        for (String keyId : List.copyOf(new java.util.TreeSet<>(marks))) {
            if (present.contains(tagKey(keyId).toLowerCase(Locale.ROOT))) {
                fit.add(keyId);
            } else if (free > 0) {
                free--;
                fit.add(keyId);
            }
        }
        return fit;
    }

    /** The tags to write for {@code keyIds}, all dated {@code day}. */
    public static Map<String, String> tags(Collection<String> keyIds, LocalDate day) {
        Map<String, String> tags = new LinkedHashMap<>();
        keyIds.forEach(id -> tags.put(tagKey(id), day.toString()));
        return tags;
    }
}
