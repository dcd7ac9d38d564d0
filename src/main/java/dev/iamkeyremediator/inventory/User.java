package dev.iamkeyremediator.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One IAM user with what the rules need to know about it.
 *
 * @param userName           the user name
 * @param arn                the user ARN
 * @param createDate         when the user was created
 * @param hasConsolePassword whether the user has a login profile
 * @param tags               the user's tags (empty when they were not read: see {@code source})
 * @param accessKeys         the user's access keys (at most two in IAM)
 * @param source             where this data comes from: a live read, or the credential report
 * @param policies           the names of the user's policies, attached managed and inline, as the account's listing
 *                           gives them (empty when it did not: a report row, an event's narrow read)
 * @param seals              for each of the tool's own tags the user carries (by tag key as found), whether it is
 *                           the tool's; a tag not listed is {@link Seal#PLAIN}
 */
public record User(String userName, String arn, Instant createDate, boolean hasConsolePassword,
        Map<String, String> tags, List<AccessKey> accessKeys, Source source, Set<String> policies,
        Map<String, Seal> seals) {

    /** The credential report's name for the account's root user, which is no IAM user. */
    public static final String ROOT = "<root_account>";

    public User {
        policies = policies == null ? Set.of() : Set.copyOf(policies);
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(createDate, "createDate");
        Objects.requireNonNull(source, "source");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        accessKeys = accessKeys == null ? List.of() : List.copyOf(accessKeys);
        seals = seals == null ? Map.of() : Map.copyOf(seals);
    }

    public User(String userName, String arn, Instant createDate, boolean hasConsolePassword, Map<String, String> tags,
            List<AccessKey> accessKeys, Source source, Set<String> policies) {
        this(userName, arn, createDate, hasConsolePassword, tags, accessKeys, source, policies, Map.of());
    }

    public User(String userName, String arn, Instant createDate, boolean hasConsolePassword, Map<String, String> tags,
            List<AccessKey> accessKeys, Source source) {
        this(userName, arn, createDate, hasConsolePassword, tags, accessKeys, source, Set.of());
    }

    /** A user read live at an unknown instant (it is read again before any write). */
    public User(String userName, String arn, Instant createDate, boolean hasConsolePassword, Map<String, String> tags,
            List<AccessKey> accessKeys) {
        this(userName, arn, createDate, hasConsolePassword, tags, accessKeys, Source.LIVE_UNTIMED);
    }

    /** The same user with its own tags' seals checked. */
    public User withSeals(Map<String, Seal> value) {
        return new User(userName, arn, createDate, hasConsolePassword, tags, accessKeys, source, policies, value);
    }

    /** The seal of the tag {@code tagKey} as found on the user. */
    public Seal seal(String tagKey) {
        return seals.getOrDefault(tagKey, Seal.PLAIN);
    }

    /** Whether this is the account's root user (from the credential report), which only its own rule judges. */
    public boolean root() {
        return ROOT.equals(userName);
    }
}
