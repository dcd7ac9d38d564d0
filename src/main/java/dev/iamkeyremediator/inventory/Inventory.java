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
 */
public record Inventory(List<User> users, int userCount, int keyCount, int usersReadLive, List<RunError> errors,
        String strategy) {

    public Inventory {
        users = List.copyOf(users);
        errors = List.copyOf(errors);
    }

    /** An inventory whose users were all read live: its key count is theirs. */
    public static Inventory live(List<User> users, int userCount, List<RunError> errors, String strategy) {
        return new Inventory(users, userCount, users.stream().mapToInt(u -> u.accessKeys().size()).sum(), userCount,
                errors, strategy);
    }
}
