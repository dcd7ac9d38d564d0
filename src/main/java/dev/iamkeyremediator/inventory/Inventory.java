package dev.iamkeyremediator.inventory;

import dev.iamkeyremediator.errors.RunError;
import java.util.List;

/**
 * The account as one run saw it.
 *
 * @param users         the users the rules decide on: every user read live that holds a key, and the users whose
 *                      findings were taken from the credential report (their {@link User#source()} says which)
 * @param userCount     every user of the account, those without keys and those settled from the report included
 * @param keyCount      every access key of the account, settled ones included (the blast-radius base)
 * @param usersReadLive how many users were read live (keys, last use, tags)
 * @param errors        users or reads that failed or were not started; those users are not decided on
 * @param strategy      how the inventory was taken (shown in the digest and the run summary)
 * @param exemptions    how many of the users holding keys are exempt
 * @param warnings      what the inventory could not do without it being a failure (keys left named by slot)
 */
public record Inventory(List<User> users, int userCount, int keyCount, int usersReadLive, List<RunError> errors,
        String strategy, Exemptions exemptions, List<String> warnings) {

    /**
     * @param usersWithKeys the users holding at least one access key (the root user aside)
     * @param exempt        those among them whose exemption tag exempts them today
     */
    public record Exemptions(int usersWithKeys, int exempt) {

        public static final Exemptions NONE = new Exemptions(0, 0);

        /** More than a quarter of the users with keys exempt: the tag may be written by the wrong people. */
        public boolean tooMany() {
            return usersWithKeys > 0 && exempt * 4L > usersWithKeys;
        }
    }

    public Inventory {
        users = List.copyOf(users);
        errors = List.copyOf(errors);
        exemptions = exemptions == null ? Exemptions.NONE : exemptions;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public Inventory(List<User> users, int userCount, int keyCount, int usersReadLive, List<RunError> errors,
            String strategy) {
        this(users, userCount, keyCount, usersReadLive, errors, strategy, Exemptions.NONE, List.of());
    }

    public Inventory withExemptions(Exemptions value) {
        return new Inventory(users, userCount, keyCount, usersReadLive, errors, strategy, value, warnings);
    }

    /** An inventory whose users were all read live: its key count is theirs. */
    public static Inventory live(List<User> users, int userCount, List<RunError> errors, String strategy) {
        return new Inventory(users, userCount, users.stream().mapToInt(u -> u.accessKeys().size()).sum(), userCount,
                errors, strategy);
    }
}
