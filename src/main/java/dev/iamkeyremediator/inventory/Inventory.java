package dev.iamkeyremediator.inventory;

import java.util.List;

/**
 * The account as one run saw it.
 *
 * @param users     users read completely, live, that hold at least one access key: the ones the rules decide on
 * @param userCount every user of the account, those without keys and those settled from the report included
 * @param keyCount  every access key of the account, settled ones included (the blast-radius base)
 * @param errors    users or reads that failed; those users are not decided on
 * @param strategy  how the inventory was taken (shown in the digest and the run summary)
 */
public record Inventory(List<User> users, int userCount, int keyCount, List<InventoryError> errors, String strategy) {

    public Inventory {
        users = List.copyOf(users);
        errors = List.copyOf(errors);
    }

    /** An inventory whose users were all read live: its key count is theirs. */
    public static Inventory live(List<User> users, int userCount, List<InventoryError> errors, String strategy) {
        return new Inventory(users, userCount, users.stream().mapToInt(u -> u.accessKeys().size()).sum(), errors,
                strategy);
    }
}
