package dev.iamkeyremediator.inventory;

import dev.iamkeyremediator.time.RunBudget;

/** Takes the account's inventory. */
public interface InventorySource {

    /**
     * @throws InventoryUnavailableException when the account cannot be listed at all
     */
    Inventory read(RunBudget budget);
}
