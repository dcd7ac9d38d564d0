package dev.iamkeyremediator.inventory;

import java.util.List;

/**
 * The account as one run saw it.
 *
 * @param users     users that hold at least one access key, read completely
 * @param userCount every user of the account, those without keys included
 * @param errors    users or reads that failed; those users are not decided on
 * @param strategy  how the inventory was taken (shown in the digest and the run summary)
 */
public record Inventory(List<User> users, int userCount, List<InventoryError> errors, String strategy) {

    public Inventory {
        users = List.copyOf(users);
        errors = List.copyOf(errors);
    }

    public int keyCount() {
        return users.stream().mapToInt(u -> u.accessKeys().size()).sum();
    }
}
