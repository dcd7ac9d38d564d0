package dev.iamkeyremediator;

import dev.iamkeyremediator.inventory.Inventory;

/** Takes the account's inventory. */
public interface InventorySource {

    /**
     * @throws InventoryUnavailableException when the account cannot be listed at all
     */
    Inventory read(RunBudget budget);
}
