package dev.iamkeyremediator.report;

import dev.iamkeyremediator.inventory.AccessKey;
import dev.iamkeyremediator.inventory.User;
import dev.iamkeyremediator.remediation.KeyOutcome;
import dev.iamkeyremediator.remediation.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The description tag of a key that no longer exists: the IAM console stores a key's description as a user tag
 * whose key is the access key id, and deleting the key leaves it behind, using up one of the user's 50 tag slots
 * (which backout markers need). The role may not remove it; the digest lists it with the command that does.
 *
 * @param userName the user
 * @param tagKey   the tag key, as IAM stores it: the id of a key the user no longer has
 * @param value    the description it holds
 */
public record LeftoverTag(String userName, String tagKey, String value) {

    /**
     * An IAM user's long-term access key id (IAM: 16 to 128 characters, today 20), as the console uses it for a
     * description tag's key.
     */
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("AKIA[A-Z0-9]{12,124}");

    /**
     * The leftover description tags of the users whose keys are known by id, those of the keys this run deleted
     * included.
     *
     * @param users    the users of the run (those known only by report slots are left out)
     * @param outcomes what the run did
     */
    public static List<LeftoverTag> of(List<User> users, List<KeyOutcome> outcomes) {
        Set<String> deleted = outcomes.stream().filter(o -> o.outcome() == Outcome.DELETED)
                .map(o -> o.decision().key().accessKeyId()).collect(Collectors.toSet());
        List<LeftoverTag> leftovers = new ArrayList<>();
        for (User user : users) {
            if (user.root() || !user.accessKeys().stream().allMatch(AccessKey::identified)) {
                continue; // a key known only by its report slot: which description is whose cannot be told
            }
            Set<String> keys = user.accessKeys().stream().map(AccessKey::accessKeyId).filter(id -> !deleted.contains(id))
                    .collect(Collectors.toSet());
            user.tags().forEach((key, value) -> {
                if (ACCESS_KEY_ID.matcher(key.toUpperCase(Locale.ROOT)).matches()
                        && !keys.contains(key.toUpperCase(Locale.ROOT))) {
                    leftovers.add(new LeftoverTag(user.userName(), key, value == null ? "" : value));
                }
            });
        }
        leftovers.sort(Comparator.comparing(LeftoverTag::userName).thenComparing(LeftoverTag::tagKey));
        return List.copyOf(leftovers);
    }

    /** Whether some tag could be a key's description (its key an access key id), and so be left over. */
    public static boolean mayDescribeKeys(Map<String, String> tags) {
        return tags.keySet().stream().anyMatch(k -> ACCESS_KEY_ID.matcher(k.toUpperCase(Locale.ROOT)).matches());
    }

    /** The command that frees the slot. */
    public String untagCommand() {
        return "aws iam untag-user --user-name %s --tag-keys %s".formatted(KeyOutcome.shellQuote(userName),
                KeyOutcome.shellQuote(tagKey));
    }
}
